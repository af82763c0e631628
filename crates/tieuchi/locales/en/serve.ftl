# The HTTP service's own failures (`serve::*`): what each code means, what to do, and the message
# of each way to get it.

ServeMalformedSummary = the request is not what the endpoint reads (not JSON, a field missing, a bad date)
ServeUnauthorizedSummary = no bearer token, or one the service does not know
ServeForbiddenSummary = the token does not carry the scope the endpoint needs
ServeNotFoundSummary = no endpoint at this path
ServeMethodNotAllowedSummary = the endpoint does not answer this method
ServeTooLargeSummary = the request body is over the service's size limit
ServeTooManyRecordsSummary = the batch holds more records than the service's limit
ServeMediaTypeSummary = the body's `Content-Type` is not one the endpoint reads
ServeNotAcceptableSummary = the `Accept` header names no format the endpoint writes
ServeTimeoutSummary = the request took longer than the service's time limit
ServeUnavailableSummary = the service is shutting down or has no rules loaded
ServeInternalSummary = the service failed on its side; the request may be retried

ServeMalformedHelp = see the endpoint's request body in `/openapi.json`
ServeUnauthorizedHelp = send `Authorization: Bearer TOKEN` with a token from the service's tokens file
ServeForbiddenHelp = ask for a token with the scope named, or use one that has it
ServeNotFoundHelp = `/openapi.json` lists the endpoints
ServeMethodNotAllowedHelp = `/openapi.json` lists each endpoint's method
ServeTooLargeHelp = send less at once: split a batch, or ask the operator to raise the limit
ServeTooManyRecordsHelp = split the batch, or ask the operator to raise `--max-batch-records`
ServeMediaTypeHelp = send `application/json` to evaluate; JSON Lines, CSV or Arrow IPC to batch
ServeNotAcceptableHelp = accept `application/x-ndjson`, `text/csv` or `application/vnd.apache.arrow.stream`
ServeTimeoutHelp = send less at once, or ask the operator to raise the time limit
ServeUnavailableHelp = retry shortly, or on another instance
ServeInternalHelp = retry; if it persists, the service's log says why

ServeBadQuery = the query is not what this endpoint reads: { $detail }
ServeNotADate = `{ $text }` is not a date; write YYYY-MM-DD
ServeBadEvaluateBody = the body is not `{"{"}"ruleset": ID, "evidence": {"{"}…{"}"}{"}"}`: { $detail }
ServeResultNotJson = the result could not be written as JSON
ServeShuttingDown = the service is shutting down
ServeNoEndpoint = no endpoint `{ $path }`
ServeMethodNotAnswered = `{ $path }` does not answer `{ $method }`
ServeNeedsToken = this endpoint needs a bearer token (`Authorization: Bearer …`)
ServeUnknownToken = the bearer token is not known
ServeMissingScope = the token of `{ $client }` does not have the scope `{ $scope }`
ServeBatchNotReadFrom = a batch is not read from `{ $media }`
ServeRowsNotWrittenAs = rows are not written as `{ $media }`
ServeBatchTimeout = the batch took longer than the limit of { $limit } s
ServeCannotHoldBatch = the service could not hold the batch for its two passes
ServeNoFirstRow = the batch stopped before its first row
ServeTooManyRecords = the batch holds more than the limit of { $limit } records
ServeRowsNotWritten = the rows could not be written: { $detail }
ServeBodyUnreadable = the body cannot be read: { $detail }
ServeHeldBodyUnreadable = the held body cannot be read again: { $detail }
ServeNotArrow = the body is not an Arrow IPC stream: { $detail }
ServeBodyTooLarge = the request body is over the limit of { $limit } bytes
ServeRequestBodyUnreadable = the request body could not be read: { $detail }
ServeRequestTimeout = the request took longer than the limit of { $limit } ms
ServeDecisionLogUnwritable = the decision log cannot be written; no decision is made without its record

ServeMalformedExample = POST /v1/evaluate with the body {"{"}"rules": "cong_chuc_nd335"{"}"}
ServeUnauthorizedExample = POST /v1/evaluate without an Authorization header
ServeForbiddenExample = POST /v1/batch with a token whose scopes are evaluate,rules
ServeNotFoundExample = GET /v1/rulset
ServeMethodNotAllowedExample = GET /v1/evaluate
ServeTooLargeExample = POST /v1/evaluate with a 2 MiB body, the limit being --max-body 1048576
ServeTooManyRecordsExample = POST /v1/batch with 1,000,001 records, the limit being --max-batch-records 1000000
ServeMediaTypeExample = POST /v1/batch with Content-Type: application/xml
ServeNotAcceptableExample = POST /v1/batch with Accept: application/xml
ServeTimeoutExample = POST /v1/batch of records that take longer than --batch-timeout to rate
ServeUnavailableExample = GET /readyz once the service has been told to stop
ServeInternalExample = POST /v1/batch when no temporary file can be written
