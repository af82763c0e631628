# Lỗi khi tính toán, khi chọn bộ quy tắc hoặc phiên bản, lỗi tham số và lỗi nội bộ.

DivisionByZero = chia cho 0
DivisionByZeroHelp = kiểm tra số chia trước: `if d = 0 then … else x / d`
Overflow = kết quả quá lớn để lưu chính xác
OverflowHelp = kiểm tra dữ liệu minh chứng xem có giá trị bất thường không
EmptyCollection = danh sách rỗng nên biểu thức này không có giá trị
EmptyCollectionHelp = kiểm tra trước bằng `count(list) > 0`
SelectUnknown = chưa nạp bộ quy tắc `{ $ruleset }`
SelectUnknownHelp = nêu tên một bộ quy tắc có trong các tệp quy tắc đã cho
SelectNoneInForce = không có phiên bản nào của `{ $family }` có hiệu lực vào ngày `{ $on }`; các phiên bản: { $versions }
SelectNoneInForceHelp = kiểm tra ngày đánh giá, hoặc nạp phiên bản có hiệu lực vào ngày đó
SelectNeedDate = `{ $family }` có nhiều phiên bản ({ $versions }); cần ngày đánh giá để chọn một phiên bản
SelectNeedDateHelp = cho biết ngày đánh giá (`on`)
SelectAmbiguous = đã nạp nhiều nhóm bộ quy tắc ({ $families }); hãy nêu tên nhóm cần dùng
SelectAmbiguousHelp = nêu tên bộ quy tắc cần dùng
SelectEmpty = chưa nạp bộ quy tắc nào
SelectEmptyHelp = cung cấp ít nhất một tệp quy tắc
ArgBadDate = `{ $text }` không phải là ngày; viết theo dạng YYYY-MM-DD
ArgBadDateHelp = viết ngày đánh giá theo dạng YYYY-MM-DD, ví dụ 2026-12-10
ArgUnknownLang = `{ $text }` không phải là ngôn ngữ tieuchi hỗ trợ
ArgUnknownLangHelp = dùng `vi` (tiếng Việt) hoặc `en` (tiếng Anh)
ParamUnknown = `{ $id }` không phải là tham số của `{ $ruleset }`
ParamUnknownNoneHelp = `{ $ruleset }` không khai báo tham số nào
ParamUnknownHelp = các tham số của `{ $ruleset }` là { $params }
ParamUnknownAny = `{ $id }` không phải là tham số của bộ quy tắc nào đã nạp
ParamNoneLoadedHelp = không bộ quy tắc nào đã nạp khai báo tham số (`param`)
ParamKnownHelp = các tham số là { $params }
ParamBadValue = `{ $text }` không phù hợp với tham số `{ $id }`
ParamWriteBoolHelp = viết `true` hoặc `false`
ParamWritePercentHelp = viết một tỷ lệ phần trăm như `85%`, hoặc phân số `0.85`
ParamWriteIntegerHelp = viết một số nguyên như `3`
ParamWriteNumberHelp = viết một số như `85` hoặc `85.5`
InternalErrorHelp = đây là lỗi của tieuchi: hãy báo lỗi kèm dữ liệu đầu vào gây ra lỗi
InternalPanicHelp = đây là lỗi của tieuchi: hãy báo lỗi kèm dữ liệu đầu vào gây ra lỗi; bộ máy đã được khởi động lại
InternalTrapHelp = dữ liệu đầu vào có thể cần nhiều bộ nhớ hoặc ngăn xếp hơn mức trang web có; bộ máy đã được khởi động lại
