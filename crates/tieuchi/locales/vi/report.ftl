# Các câu tóm tắt của dòng lệnh.

CliChecked = đã kiểm tra { $files } tệp quy tắc: { $errors } lỗi, { $warnings } cảnh báo
CliTally = { $passed } đạt, { $failed } không đạt
CliCannotEvaluate = không đánh giá được `{ $file }`: { $summary }
