# Các lỗi riêng của dịch vụ HTTP (`serve::*`): ý nghĩa của từng mã, cách xử lý, và thông báo cho
# từng trường hợp.

ServeMalformedSummary = yêu cầu không đúng dạng mà điểm cuối đọc được (không phải JSON, thiếu trường, ngày sai)
ServeUnauthorizedSummary = không có mã truy cập (bearer token), hoặc mã mà dịch vụ không biết
ServeForbiddenSummary = mã truy cập không có phạm vi (scope) mà điểm cuối yêu cầu
ServeNotFoundSummary = không có điểm cuối nào ở đường dẫn này
ServeMethodNotAllowedSummary = điểm cuối không nhận phương thức này
ServeTooLargeSummary = nội dung yêu cầu vượt quá giới hạn dung lượng của dịch vụ
ServeTooManyRecordsSummary = lô có nhiều bản ghi hơn giới hạn của dịch vụ
ServeMediaTypeSummary = `Content-Type` của nội dung không phải loại mà điểm cuối đọc được
ServeNotAcceptableSummary = tiêu đề `Accept` không nêu định dạng nào mà điểm cuối ghi được
ServeTimeoutSummary = yêu cầu chạy lâu hơn giới hạn thời gian của dịch vụ
ServeUnavailableSummary = dịch vụ đang dừng hoặc chưa nạp quy tắc nào
ServeInternalSummary = dịch vụ gặp lỗi ở phía mình; có thể gửi lại yêu cầu

ServeMalformedHelp = xem nội dung yêu cầu của điểm cuối trong `/openapi.json`
ServeUnauthorizedHelp = gửi `Authorization: Bearer TOKEN` với một mã trong tệp mã truy cập của dịch vụ
ServeForbiddenHelp = xin cấp mã có phạm vi đã nêu, hoặc dùng mã đã có phạm vi đó
ServeNotFoundHelp = `/openapi.json` liệt kê các điểm cuối
ServeMethodNotAllowedHelp = `/openapi.json` nêu phương thức của từng điểm cuối
ServeTooLargeHelp = gửi ít hơn mỗi lần: chia nhỏ lô, hoặc đề nghị người vận hành nâng giới hạn
ServeTooManyRecordsHelp = chia nhỏ lô, hoặc đề nghị người vận hành nâng `--max-batch-records`
ServeMediaTypeHelp = gửi `application/json` để đánh giá; JSON Lines, CSV hoặc Arrow IPC để xử lý theo lô
ServeNotAcceptableHelp = chấp nhận `application/x-ndjson`, `text/csv` hoặc `application/vnd.apache.arrow.stream`
ServeTimeoutHelp = gửi ít hơn mỗi lần, hoặc đề nghị người vận hành nâng giới hạn thời gian
ServeUnavailableHelp = thử lại sau ít phút, hoặc gửi tới một phiên bản khác của dịch vụ
ServeInternalHelp = thử lại; nếu vẫn lỗi, nhật ký của dịch vụ nêu nguyên nhân

ServeBadQuery = tham số truy vấn không đúng dạng mà điểm cuối này đọc được: { $detail }
ServeNotADate = `{ $text }` không phải là ngày; hãy viết theo dạng YYYY-MM-DD
ServeBadEvaluateBody = nội dung không có dạng `{"{"}"ruleset": ID, "evidence": {"{"}…{"}"}{"}"}`: { $detail }
ServeResultNotJson = không ghi được kết quả dưới dạng JSON
ServeShuttingDown = dịch vụ đang dừng
ServeNoEndpoint = không có điểm cuối `{ $path }`
ServeMethodNotAnswered = `{ $path }` không nhận phương thức `{ $method }`
ServeNeedsToken = điểm cuối này cần mã truy cập (`Authorization: Bearer …`)
ServeUnknownToken = mã truy cập không được dịch vụ biết đến
ServeMissingScope = mã truy cập của `{ $client }` không có phạm vi `{ $scope }`
ServeBatchNotReadFrom = không đọc được lô từ `{ $media }`
ServeRowsNotWrittenAs = không ghi được kết quả theo dạng `{ $media }`
ServeBatchTimeout = lô chạy lâu hơn giới hạn { $limit } giây
ServeCannotHoldBatch = dịch vụ không lưu tạm được lô cho hai lượt xử lý
ServeNoFirstRow = lô dừng lại trước khi có dòng kết quả đầu tiên
ServeTooManyRecords = lô có nhiều hơn giới hạn { $limit } bản ghi
ServeRowsNotWritten = không ghi được các dòng kết quả: { $detail }
ServeBodyUnreadable = không đọc được nội dung yêu cầu: { $detail }
ServeHeldBodyUnreadable = không đọc lại được nội dung đã lưu tạm: { $detail }
ServeNotArrow = nội dung không phải là luồng Arrow IPC: { $detail }
ServeBodyTooLarge = nội dung yêu cầu vượt quá giới hạn { $limit } byte
ServeRequestBodyUnreadable = không đọc được nội dung yêu cầu: { $detail }
ServeRequestTimeout = yêu cầu chạy lâu hơn giới hạn { $limit } ms
ServeDecisionLogUnwritable = không ghi được nhật ký quyết định; không đưa ra quyết định nào khi không lưu được hồ sơ của nó

ServeMalformedExample = POST /v1/evaluate với nội dung {"{"}"rules": "cong_chuc_nd335"{"}"}
ServeUnauthorizedExample = POST /v1/evaluate không có tiêu đề Authorization
ServeForbiddenExample = POST /v1/batch với mã truy cập chỉ có phạm vi evaluate,rules
ServeNotFoundExample = GET /v1/rulset
ServeMethodNotAllowedExample = GET /v1/evaluate
ServeTooLargeExample = POST /v1/evaluate với nội dung 2 MiB, khi giới hạn là --max-body 1048576
ServeTooManyRecordsExample = POST /v1/batch với 1.000.001 bản ghi, khi giới hạn là --max-batch-records 1000000
ServeMediaTypeExample = POST /v1/batch với Content-Type: application/xml
ServeNotAcceptableExample = POST /v1/batch với Accept: application/xml
ServeTimeoutExample = POST /v1/batch gồm các bản ghi cần lâu hơn --batch-timeout để xếp loại
ServeUnavailableExample = GET /readyz sau khi dịch vụ đã được yêu cầu dừng
ServeInternalExample = POST /v1/batch khi không ghi được tệp tạm nào

# Các dòng của chính dịch vụ trên standard error, cho người vận hành, bằng ngôn ngữ của
# `tieuchi --lang` (tiếng Việt nếu không yêu cầu khác): khởi động, TLS, giới hạn, nạp lại, nhật ký
# quyết định, dừng.

ServeListening = đang lắng nghe tại { $url } (mô tả API tại /openapi.json, trang tại /docs)
ServeRulesInForce = { $count } bộ quy tắc đang có hiệu lực: { $versions }
ServeStoppingOn = { $signal }: đang dừng; các yêu cầu đang xử lý được hoàn tất trong vòng { $seconds } giây
ServeStoppingNow = dừng ngay
ServeStoppedLog = đã dừng
ServeServerFailed = máy chủ dừng vì lỗi
ServeCannotStartRuntime = không khởi động được môi trường chạy của dịch vụ
ServeCannotMakeMetrics = không thiết lập được số liệu đo của dịch vụ
ServeCannotListen = không lắng nghe được tại { $address }
ServeCannotListenSighup = không nhận được tín hiệu SIGHUP
ServeCannotListenSigterm = không nhận được tín hiệu SIGTERM; hãy dừng dịch vụ bằng Ctrl-C
ServeCannotWatch = không theo dõi được thay đổi của `{ $path }` ({ $detail }); hãy nạp lại bằng SIGHUP hoặc POST /v1/reload
ServeNoAuthWarning = xác thực đang tắt (`--no-auth`): bất kỳ ai truy cập được { $address } đều có thể đánh giá, chạy lô và nạp lại
ServeLogEvidenceWarning = nhật ký quyết định chứa cả dữ liệu đánh giá (`--log-evidence`): đó là dữ liệu cá nhân; hãy bảo vệ nó
ServeCannotOpenDecisionLog = không mở được nhật ký quyết định `{ $file }`
ServeDecisionLogWrittenAgain = nhật ký quyết định `{ $file }` ghi được trở lại
ServeDecisionLogFailing = không ghi được nhật ký quyết định `{ $file }`: { $detail }; mọi quyết định bị từ chối cho đến khi ghi được
ServeTlsUnusable = không dùng được chứng chỉ `{ $certificate }` với khóa `{ $key }` (cần tệp PEM)
ServeNoAuthOffLoopback = `--no-auth` chỉ được dùng trên địa chỉ loopback, không phải trên `{ $host }`: dữ liệu đánh giá là dữ liệu cá nhân; hãy cung cấp `--tokens FILE`
ServeLogEvidenceNeedsLog = `--log-evidence` cần có `--decision-log FILE`
ServeZeroSizeLimit = giới hạn kích thước bằng 0 sẽ từ chối mọi yêu cầu; hãy cho một số dương
ServeZeroConcurrency = giới hạn đồng thời bằng 0 sẽ không phục vụ được gì; hãy cho một số dương
ServeZeroTimeLimit = giới hạn thời gian bằng 0 sẽ từ chối mọi yêu cầu; hãy cho một số giây dương
ServeCorsAnyOrigin = `--cors-origin *` sẽ cho mọi trang web đọc dữ liệu cá nhân; hãy nêu tên từng nguồn gốc
ServeNotAnOrigin = `{ $origin }` không phải là một nguồn gốc (origin); hãy viết dạng `https://host[:port]`
ServeCannotReadTokens = không đọc được tệp token `{ $file }`: { $detail }
ServeTokenLineNoScopes = { $file }:{ $line }: một dòng token có dạng `TOKEN SCOPE,SCOPE… [CLIENT]`; dòng này không có phạm vi nào
ServeTokenLineTooLong = { $file }:{ $line }: một dòng token có dạng `TOKEN SCOPE,SCOPE… [CLIENT]`; dòng này có thừa
ServeTokenTooShort = { $file }:{ $line }: token ngắn hơn { $min } ký tự; hãy tạo một token ngẫu nhiên dài (`openssl rand -hex 32`)
ServeTokenUnknownScope = { $file }:{ $line }: không có phạm vi `{ $scope }`; các phạm vi là evaluate, batch, rules và reload
ServeTokenTwice = { $file }:{ $line }: token này được cho hai lần; mỗi token một dòng
ServeNoTokens = { $file }: không có token nào; hãy viết mỗi dòng một `TOKEN SCOPE,SCOPE… [CLIENT]`
ServeTokensStay = giữ nguyên các token đang dùng: { $problem }
ServeReloadFailed = nạp lại ({ $trigger }): giữ nguyên các quy tắc đang có hiệu lực (thế hệ { $generation }); thư mục có lỗi:
ServeReloadUnchanged = nạp lại ({ $trigger }): không thay đổi (thế hệ { $generation })
ServeReloadDone = nạp lại ({ $trigger }): thế hệ { $generation } có hiệu lực: { $versions }
ServeReloadStopped = việc nạp lại bị dừng: { $detail }
ServeFolderTally = { $errors } lỗi, { $warnings } cảnh báo
ServeTriggerSighup = SIGHUP
ServeTriggerFileChanged = một tệp quy tắc đã thay đổi
ServeTriggerRequest = POST /v1/reload
ServeBatchStopped = lô { $id } bị dừng: { $problem }
ServeCannotCreateSpool = không tạo được tệp tạm cho một lô: { $detail }
ServeCannotWriteSpool = không ghi được một lô vào tệp tạm: { $detail }
ServeBatchTimeUp = lô đã hết thời gian
ServeClientGone = bên gọi đã ngắt kết nối
