# Trợ giúp của dòng lệnh (`tieuchi --help`, `tieuchi LỆNH --help`) và lỗi khi gọi lệnh sai.
# Mỗi lệnh có `CliHelp<Lệnh>`; mỗi tham số có `CliHelp<Lệnh><Tham số>`, hoặc `CliHelpArg<Tham số>`
# khi mọi lệnh dùng chung một câu.

CliHelpAbout = Kiểm tra và đánh giá theo các bộ tiêu chí đánh giá của khu vực công Việt Nam
CliHelpUsage = Cách dùng:
CliHelpCommands = Lệnh
CliHelpArguments = Tham số
CliHelpOptions = Tùy chọn
CliHelpDefault = mặc định: { $value }
CliHelpValues = giá trị: { $values }

CliHelpCheck = Kiểm tra các tệp quy tắc (hoặc thư mục chứa chúng) và in mọi chẩn đoán.
CliHelpEval = Đánh giá một bản ghi minh chứng (một đối tượng JSON; `-` đọc từ đầu vào chuẩn).
CliHelpBatch = Đánh giá nhiều bản ghi (JSON Lines, CSV hoặc Parquet), áp dụng các quy tắc trên cả tập như tỷ lệ khống chế. Mỗi bản ghi đầu vào cho đúng một dòng kết quả: một kết quả, hoặc một dòng lỗi nêu rõ trường sai.
CliHelpDiff = Tác động của một thay đổi quy tắc lên cả tập bản ghi: các bản ghi qua quy tắc trước và sau (hai tệp, hai phiên bản hoặc hai thư mục), mỗi bản ghi một dòng với mức xếp loại và quy tắc quyết định ở mỗi bên, tỷ lệ khống chế áp dụng ở cả hai; ma trận chuyển đổi (từ mỗi kết quả sang mỗi kết quả, toàn bộ và theo nhóm) in ra lỗi chuẩn.
CliHelpInputs = In các minh chứng mà một bộ quy tắc đọc.
CliHelpVerify = Đánh giá lại minh chứng của một kết quả đã lưu và cho biết có ra đúng kết quả đó không: dấu vân tay của quy tắc trước, rồi từng phần khác nhau. Với các dòng của một lần chạy hàng loạt (JSON Lines, hoặc `--batch`), chạy lại cả lô trên các bản ghi của nó và so từng dòng. Mã thoát 0 khi tái lập được, 1 khi không, 2 khi không kiểm tra được.
CliHelpServe = Cung cấp quy tắc qua HTTP cho các hệ thống khác: đánh giá, hàng loạt, bộ quy tắc, mã; mô tả API tại /openapi.json. Nạp lại khi nhận SIGHUP hoặc khi tệp thay đổi; dừng êm khi nhận SIGTERM.
CliHelpExplain = Giải thích một mã (chẩn đoán, minh chứng, đánh giá, chọn phiên bản, xác minh, tham số, lỗi nội bộ hoặc phát hiện), hoặc liệt kê tất cả.
CliHelpFmt = Viết lại các tệp quy tắc (hoặc thư mục) theo bố cục chuẩn, giữ mọi chú thích; `-` định dạng đầu vào chuẩn ra đầu ra chuẩn.
CliHelpLsp = Chạy máy chủ ngôn ngữ cho tệp quy tắc qua đầu vào và đầu ra chuẩn (cho trình soạn thảo: chẩn đoán khi gõ, chú giải, đi tới định nghĩa, gợi ý, định dạng, đổi tên).
CliHelpTest = Chạy các khối `test` của tệp quy tắc và các tệp `*.cases.json` bên cạnh.

CliHelpArgLang = Ngôn ngữ của thông báo: `vi` (tiếng Việt, mặc định) hoặc `en`. Các mã giống nhau ở cả hai.
CliHelpArgHelp = In trợ giúp
CliHelpArgVersion = In phiên bản
CliHelpArgPaths = Các tệp quy tắc hoặc thư mục.
CliHelpArgRules = Một tệp quy tắc, hoặc một thư mục (một họ phiên bản: dùng phiên bản có hiệu lực).
CliHelpArgRuleset = Bộ quy tắc (hoặc họ phiên bản) nào trong thư mục.
CliHelpArgEvidence = Bản ghi minh chứng (JSON); `-` đọc từ đầu vào chuẩn.
CliHelpArgInput = Các bản ghi; `-` đọc từ đầu vào chuẩn.
CliHelpArgOutput = Nơi ghi các dòng kết quả (đầu ra chuẩn nếu bỏ trống).
CliHelpArgFrom = Định dạng đầu vào, nếu tên tệp không cho biết.
CliHelpArgTo = Định dạng đầu ra, nếu tên tệp không cho biết (JSON Lines khi ra đầu ra chuẩn).
CliHelpArgOn = Ngày đánh giá (YYYY-MM-DD); ngày `on` của chính bản ghi được ưu tiên.
CliHelpArgSet = Mô phỏng một giá trị khác của một tham số (`param`) của quy tắc: `--set nguong_htxs=85`; lặp lại được. Kết quả ghi rõ các giá trị bị thay.
CliHelpArgSummary = Bản tóm tắt kết quả in ra lỗi chuẩn khi xong.
CliHelpArgFormat = Định dạng kết quả.
CliHelpArgErrorFormat = Định dạng của lỗi và chẩn đoán.

CliHelpEvalNoTrace = Bỏ dấu vết từng điều kiện ra khỏi JSON.
CliHelpEvalWhatItTakes = Thêm, cho mỗi mức tốt hơn mức đạt được, những thay đổi minh chứng để đạt mức đó, hoặc quy tắc chặn không cho đạt.
CliHelpDiffBefore = Quy tắc trước khi thay đổi: một tệp quy tắc hoặc một thư mục.
CliHelpDiffAfter = Quy tắc sau khi thay đổi.
CliHelpDiffRuleset = Bộ quy tắc (hoặc họ phiên bản) nào trong mỗi thư mục.
CliHelpDiffChangedOnly = Chỉ các bản ghi có kết quả thay đổi.
CliHelpDiffSummary = Ma trận chuyển đổi in ra lỗi chuẩn khi xong.
CliHelpDiffBeforeSet = Mô phỏng một tham số (`param`) của quy tắc trước: `--before-set nguong_htxs=85`; lặp lại được.
CliHelpDiffAfterSet = Mô phỏng một tham số của quy tắc sau: với cùng quy tắc ở hai bên, `--after-set nguong_htxs=85` là tác động của riêng giá trị đó; lặp lại được.
CliHelpInputsOn = Chọn phiên bản có hiệu lực vào ngày này (YYYY-MM-DD).
CliHelpVerifyResult = Kết quả đã lưu (JSON của `tieuchi eval`), hoặc các dòng của một lần chạy hàng loạt (JSON Lines của `tieuchi batch`).
CliHelpVerifyEvidence = Minh chứng đã dùng để ra kết quả, hoặc các bản ghi của lần chạy hàng loạt (JSON Lines, CSV hoặc Parquet).
CliHelpVerifyRules = Một tệp quy tắc, hoặc một thư mục, chứa bộ quy tắc mà kết quả nêu tên.
CliHelpVerifyBatch = Kết quả là các dòng của một lần chạy hàng loạt (nhận ra qua tên `.jsonl`, nếu không thì qua dòng đầu).
CliHelpVerifyRuleset = Với các dòng: họ phiên bản đã dùng khi chạy (`tieuchi batch --ruleset`), nếu các dòng không cho biết.
CliHelpVerifyOn = Với các dòng: ngày đánh giá của lần chạy (`tieuchi batch --on`), nếu các dòng không cho biết.
CliHelpVerifyFrom = Với các dòng: định dạng của các bản ghi, nếu tên tệp không cho biết.
CliHelpExplainCode = Mã cần giải thích (bỏ trống để liệt kê tất cả).
CliHelpFmtCheck = Không thay đổi gì: liệt kê các tệp chưa đúng định dạng, hiện phần khác nhau, và thoát với mã 1 nếu có (cho CI).
CliHelpFmtStdout = In các tệp đã định dạng thay vì viết lại chúng.
CliHelpLspStdio = Nhận cho các trình khách có khai báo kênh truyền; đầu vào và đầu ra chuẩn là kênh duy nhất.
CliHelpServeRules = Thư mục (hoặc tệp) quy tắc cần cung cấp; phải kiểm tra không có lỗi, và được theo dõi thay đổi.
CliHelpServeHost = Địa chỉ lắng nghe; không có `--tls-cert` thì đặt một proxy ngược TLS phía trước mọi địa chỉ không phải loopback.
CliHelpServePort = Cổng (0 chọn một cổng trống; dòng khởi động nêu cổng đó).
CliHelpServeTokens = Các mã thông báo Bearer: mỗi dòng một `TOKEN PHẠM_VI,PHẠM_VI… [MÁY_KHÁCH]`; phạm vi là evaluate, batch, rules, reload.
CliHelpServeNoAuth = Cho mọi bên gọi làm mọi việc: chỉ trên địa chỉ loopback.
CliHelpServeTlsCert = Phục vụ HTTPS với chuỗi chứng chỉ PEM này (cùng `--tls-key`).
CliHelpServeTlsKey = Khóa riêng PEM của `--tls-cert`.
CliHelpServeDecisionLog = Ghi thêm mọi quyết định vào tệp JSON Lines này (mã yêu cầu, thời điểm, máy khách, phiên bản và quy tắc, kết quả, SHA-256 của minh chứng).
CliHelpServeLogEvidence = Ghi cả chính minh chứng vào nhật ký quyết định (dữ liệu cá nhân).
CliHelpServeCorsOrigins = Cho các trang web từ nguồn này gọi dịch vụ (lặp lại được); không có thì CORS tắt.
CliHelpServeNoWatch = Không nạp lại khi tệp quy tắc thay đổi (SIGHUP và POST /v1/reload vẫn nạp lại).
CliHelpServeMaxBody = Số byte tối đa của thân một yêu cầu (trừ hàng loạt).
CliHelpServeMaxBatchBody = Số byte tối đa của thân một yêu cầu hàng loạt.
CliHelpServeMaxBatchRecords = Số bản ghi tối đa của một lô.
CliHelpServeTimeout = Số giây cho một yêu cầu (trừ hàng loạt), kể cả thời gian chờ đến lượt.
CliHelpServeBatchTimeout = Số giây cho một lô, đến dòng cuối cùng.
CliHelpServeMaxConcurrency = Số yêu cầu xử lý cùng lúc (trừ hàng loạt); số còn lại chờ đến lượt.
CliHelpServeMaxBatches = Số lô chạy cùng lúc; số còn lại chờ đến lượt.
CliHelpServeShutdownGrace = Số giây để các yêu cầu đang xử lý hoàn tất khi nhận SIGTERM hoặc Ctrl-C.

CliUsageUnknownArgument = không có tùy chọn `{ $argument }`
CliUsageUnknownCommand = không có lệnh `{ $command }`
CliUsageDidYouMean = có phải ý bạn là `{ $suggestion }`?
CliUsageInvalidValue = giá trị `{ $value }` không hợp lệ cho `{ $argument }`
CliUsageValidValues = các giá trị hợp lệ: { $values }
CliUsageBadValue = giá trị `{ $value }` không hợp lệ cho `{ $argument }`: { $reason }
CliUsageMissing = thiếu tham số bắt buộc: { $arguments }
CliUsageConflict = `{ $argument }` không dùng được cùng với `{ $other }`
CliUsageNeedsValue = `{ $argument }` cần một giá trị
CliUsageTooMany = thừa giá trị `{ $value }`
CliUsageSeeHelp = Xem `{ $command } --help`.
