# Các câu tóm tắt của dòng lệnh.

CliChecked = đã kiểm tra { $files } tệp quy tắc: { $errors } lỗi, { $warnings } cảnh báo
CliTally = { $passed } đạt, { $failed } không đạt
CliCannotEvaluate = không đánh giá được `{ $file }`: { $summary }
CliTestFailed = KHÔNG ĐẠT { $name } — { $origin }
CliFileDoesNotCompile = KHÔNG ĐẠT { $name }: tệp quy tắc không biên dịch được
CliFileFailed = KHÔNG ĐẠT { $name }: { $problem }
CliMismatch = { $what }: kỳ vọng { $expected }, thực tế { $actual }
CliFmtWouldReformat = sẽ định dạng lại { $file }
CliFmtSummary = { $changed } trên { $files } tệp quy tắc cần định dạng lại; `tieuchi fmt` sẽ viết lại chúng
CliCannotRead = không đọc được `{ $file }`
CliCannotWrite = không ghi được `{ $file }`
CliCannotWriteIn = không ghi được vào thư mục `{ $folder }`
CliOutputIsInput = tệp đầu ra `{ $file }` chính là tệp đầu vào; hãy ghi kết quả ra một tệp khác
CliParquetNotStream = dữ liệu Parquet phải là một tệp: Parquet được đọc từ cuối tệp, không đọc được theo luồng
CliRecordsFolder = `{ $file }` là một thư mục; hãy cho một tệp bản ghi (JSON Lines, CSV hoặc Parquet)
CliNoTempFile = không tạo được tệp tạm cho dữ liệu đầu vào
CliCannotSpool = không sao chép được dữ liệu đầu vào sang tệp tạm
CliNotParquet = `{ $file }` không phải là tệp Parquet
CliUnknownInputFormat = không xác định được định dạng của dữ liệu đầu vào `{ $file }`; hãy nêu --{ $flag } jsonl hoặc --{ $flag } csv
CliUnknownOutputFormat = không xác định được định dạng của tệp đầu ra `{ $file }`; hãy nêu --{ $flag } jsonl hoặc --{ $flag } csv
CliSimulation = mô phỏng: các tham số được đặt bằng --set, không phải giá trị của quy tắc: { $params }
CliCannotReadStdin = không đọc được dữ liệu từ đầu vào chuẩn (stdin)
CliNotJson = `{ $file }` không phải là JSON hợp lệ
