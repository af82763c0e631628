# Lỗi của một tệp ca kiểm thử (`TÊN.cases.json`) khi `tieuchi test` đọc nó.

CaseFileBothTargets = tệp ca kiểm thử chỉ nêu một trong hai: `ruleset` (các ca dành cho bộ quy tắc đó) hoặc `family` (mỗi ca chạy với phiên bản có hiệu lực vào ngày `on` của nó), không nêu cả hai
CaseFileNoTarget = tệp ca kiểm thử phải nêu các ca dành cho gì: `"ruleset": ID` (một bộ quy tắc) hoặc `"family": ID` (phiên bản có hiệu lực vào ngày `on` của từng ca)
CaseFileNotRead = dòng { $line }, cột { $column }: { $problem }
CaseFileNotReadAnywhere = { $problem }
CaseExpectNotObject = ca `{ $name }`: `expect` phải là một đối tượng gồm tên và giá trị
CaseUnknownStatus = ca `{ $name }`: không có trạng thái { $value }
CaseDecidedByOneOf = ca `{ $name }`: `{ $key }` là một trong { $values }, không phải { $value }
CaseCitationNotText = ca `{ $name }`: `{ $key }` là văn bản căn cứ (hoặc `null` nếu không có), không phải { $value }
CaseLayerNotId = ca `{ $name }`: `{ $key }` là mã của một bộ quy tắc, không phải { $value }
CaseWhatItTakesNotObject = ca `{ $name }`: `{ $key }` là một đối tượng theo mã mức xếp loại (và `pending`), không phải { $value }
CaseOnNotDate = ca `{ $name }`: `on` không phải là ngày: `{ $text }`
CaseFamilyNeedsOn = ca `{ $name }`: tệp theo nhóm phiên bản chọn phiên bản theo ngày của ca; hãy nêu `on`
CaseRecordOwnOn = ca `{ $name }`: một bản ghi có ngày `on` riêng ({ $on }); trong tệp theo nhóm phiên bản, mọi bản ghi được đánh giá vào ngày `on` của ca
CaseBatchExpectsList = ca `{ $name }`: một lô bản ghi cần danh sách kết quả mong đợi, mỗi bản ghi một đối tượng
CaseBatchCount = ca `{ $name }`: { $records } bản ghi nhưng { $expectations } kết quả mong đợi
CaseGivenOrBatch = ca `{ $name }`: nêu `given` (một bản ghi) hoặc `batch` (nhiều bản ghi)
CaseNoRuleSetBeside = không có bộ quy tắc `{ $id }` trong các tệp quy tắc đã cho (đã tìm trước tiên bên cạnh tệp ca kiểm thử)
CaseNoRuleSetFamily = không có bộ quy tắc `{ $id }` trong các tệp quy tắc đã cho (một nhóm phiên bản được gọi bằng mã của bất kỳ phiên bản nào)
# Một ca kiểm thử không đạt: điều ca đó kỳ vọng và điều thực tế nhận được.
TestVersionInForce = một phiên bản có hiệu lực
TestNoVersionChosen = không chọn được phiên bản: lỗi [{ $code }] { $problem }
TestAResult = một kết quả
TestAResultTier = một kết quả ({ $tier })
TestNotRated = không xếp loại
TestNotDeterminable = không xác định được (thiếu { $missing })
TestNotAName = `{ $name }` không phải là kết quả xếp loại, điểm hay `let` của `{ $ruleset }`
TestRecord = bản ghi { $index }
TestRecordWhat = { $record }: { $what }
TestEvaluation = đánh giá
TestFieldProblem = `{ $field }`: { $problem }
