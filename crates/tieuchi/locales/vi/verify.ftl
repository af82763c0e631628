# `tieuchi verify`: vì sao không kiểm tra được một kết quả đã lưu, và những gì lệnh in ra.

VerifyNotAResult = kết quả đã lưu không có `{ $field }`; đây có phải là kết quả do `tieuchi eval` ghi ra không?
VerifyNotAResultHelp = cung cấp tệp JSON do `tieuchi eval` ghi ra, giữ nguyên nội dung
VerifyBadDate = ngày đã lưu `{ $text }` không phải là ngày
VerifyBadDateHelp = kết quả ghi ngày đánh giá tại `on` theo dạng YYYY-MM-DD; cung cấp kết quả chưa bị sửa
VerifyUnknownRuleSet = các tệp quy tắc đã cho không có bộ quy tắc `{ $id }`; chỉ có { $available }
VerifyUnknownRuleSetHelp = cung cấp các tệp quy tắc đã dùng để tạo ra kết quả
VerifyNotRows = dòng { $line } của tệp kết quả lô không phải là một hàng kết quả (một đối tượng JSON có `row`); đây có phải là tệp JSON Lines do `tieuchi batch` ghi ra không?
VerifyNotRowsHelp = chỉ kiểm tra được các hàng JSON Lines do `tieuchi batch` ghi ra (`-o rows.jsonl`); không kiểm tra được hàng kết quả dạng CSV hay Parquet
VerifyUnreadable = không đọc được { $what }: { $problem }
VerifyUnreadableHelp = kiểm tra tệp còn nguyên vẹn và đọc được, rồi chạy lại lệnh
VerifyWhatRows = các hàng kết quả
VerifyWhatRecords = các bản ghi
# Những gì `tieuchi verify` in ra.
CliVerifyReproduced = tái lập được: `{ $ruleset }` (quy tắc sha256 { $sha256 }, tieuchi { $engine })
CliVerifyNotReproduced = không tái lập được: `{ $ruleset }`
CliVerifyDifference = { $path }: đã lưu { $recorded }, nay là { $now }
CliVerifyResultRulesChanged = văn bản quy tắc không phải văn bản đã dùng để tạo ra kết quả
CliVerifyRowsRulesChanged = văn bản quy tắc không phải văn bản đã dùng để tạo ra các hàng kết quả
CliVerifyOtherEngine = một phiên bản khác của chương trình tieuchi
CliVerifyRunOn = ngày { $on } cho bản ghi không nêu ngày
CliVerifyMadeWith = quy tắc { $rules }; { $engine }
CliVerifyRowsReproduced = tái lập được: cả { $rows } hàng
CliVerifyRowsNotReproduced = không tái lập được: { $differing } trên { $rows } hàng khác nhau
CliVerifyMoreRows = … và { $count } hàng khác nữa (`--format json` liệt kê đủ)
CliVerifyRowsTally = { $reproduced } trên { $rows } hàng tái lập được; { $made }
CliVerifyRow = hàng { $row }
CliVerifyRowAtLine = hàng { $row } (dòng { $line })
CliVerifyNotARow = không phải là một hàng: { $text }
CliVerifyRowNotRecorded = chưa được lưu; lô nay cho ra hàng này
CliVerifyRowGone = đã được lưu; lô nay không còn cho ra hàng này
CliVerifyAlso = cũng khác ở { $columns }
CliVerifyAlsoMany = cũng khác ở { $columns }, … ({ $count } cột)
CliVerifyOptionsForRows = `--ruleset`, `--on` và `--from` chỉ dùng cho các hàng kết quả của lô; `{ $file }` là một kết quả
CliVerifyReadTwice = { $what } được đọc nhiều lần: hãy cho một tệp, không dùng `-`
CliVerifyFolder = `{ $file }` là một thư mục; hãy cho tệp chứa { $what }
