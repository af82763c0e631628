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

# The service's own lines on standard error, for its operator, in the language of `tieuchi --lang`
# (Vietnamese unless asked otherwise): start, TLS, limits, reloads, the decision log, shutdown.

ServeListening = listening on { $url } (API description at /openapi.json, page at /docs)
ServeRulesInForce = { $count ->
        [one] 1 rule set in force
       *[other] { $count } rule sets in force
    }: { $versions }
ServeStoppingOn = { $signal }: stopping; requests in flight may finish within { $seconds } s
ServeStoppingNow = stopping now
ServeStoppedLog = stopped
ServeServerFailed = the server stopped on an error
ServeCannotStartRuntime = cannot start the service's runtime
ServeCannotMakeMetrics = cannot set up the service's metrics
ServeCannotListen = cannot listen on { $address }
ServeCannotListenSighup = cannot listen for SIGHUP
ServeCannotListenSigterm = cannot listen for SIGTERM; stop the service with Ctrl-C
ServeCannotWatch = cannot watch `{ $path }` for changes ({ $detail }); reload with SIGHUP or POST /v1/reload
ServeNoAuthWarning = authentication is off (`--no-auth`): anyone who can reach { $address } can evaluate, batch and reload
ServeLogEvidenceWarning = the decision log holds the evidence itself (`--log-evidence`): it is personal data; protect it
ServeCannotOpenDecisionLog = cannot open the decision log `{ $file }`
ServeDecisionLogWrittenAgain = the decision log `{ $file }` is written again
ServeDecisionLogFailing = cannot write the decision log `{ $file }`: { $detail }; decisions are refused until it can be written
ServeTlsUnusable = cannot use the certificate `{ $certificate }` with the key `{ $key }` (PEM files expected)
ServeNoAuthOffLoopback = `--no-auth` is allowed on a loopback address only, not on `{ $host }`: evaluation data are personal data; give `--tokens FILE`
ServeLogEvidenceNeedsLog = `--log-evidence` needs `--decision-log FILE`
ServeZeroSizeLimit = a size limit of 0 would refuse every request; give a positive number
ServeZeroConcurrency = a concurrency limit of 0 would serve nothing; give a positive number
ServeZeroTimeLimit = a time limit of 0 would refuse every request; give a positive number of seconds
ServeCorsAnyOrigin = `--cors-origin *` would let any page read personal data; name each origin
ServeNotAnOrigin = `{ $origin }` is not an origin; write it as `https://host[:port]`
ServeCannotReadTokens = cannot read the tokens file `{ $file }`: { $detail }
ServeTokenLineNoScopes = { $file }:{ $line }: a token line is `TOKEN SCOPE,SCOPE… [CLIENT]`; this one has no scopes
ServeTokenLineTooLong = { $file }:{ $line }: a token line is `TOKEN SCOPE,SCOPE… [CLIENT]`; this one has more
ServeTokenTooShort = { $file }:{ $line }: the token is shorter than { $min } characters; make a long random one (`openssl rand -hex 32`)
ServeTokenUnknownScope = { $file }:{ $line }: unknown scope `{ $scope }`; the scopes are evaluate, batch, rules and reload
ServeTokenTwice = { $file }:{ $line }: this token is given twice; give each token one line
ServeNoTokens = { $file }: no token; write one `TOKEN SCOPE,SCOPE… [CLIENT]` a line
ServeTokensStay = the tokens in force stay: { $problem }
ServeReloadFailed = reload ({ $trigger }): the rules in force stay (generation { $generation }); the folder has errors:
ServeReloadUnchanged = reload ({ $trigger }): unchanged (generation { $generation })
ServeReloadDone = reload ({ $trigger }): generation { $generation } in force: { $versions }
ServeReloadStopped = the reload stopped: { $detail }
ServeFolderTally = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
ServeTriggerSighup = SIGHUP
ServeTriggerFileChanged = a rule file changed
ServeTriggerRequest = POST /v1/reload
ServeBatchStopped = batch { $id } stopped: { $problem }
ServeCannotCreateSpool = cannot create a temporary file for a batch: { $detail }
ServeCannotWriteSpool = cannot write a batch to a temporary file: { $detail }
ServeBatchTimeUp = the batch's time is up
ServeClientGone = the client is gone
