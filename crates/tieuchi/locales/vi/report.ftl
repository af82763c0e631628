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
