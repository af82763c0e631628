# Câu tóm tắt cho cả một lần thất bại.

CompileSummary = { $errors } lỗi trong `{ $file }`
Quoted = `{ $text }`
TheString = chuỗi `{ $text }`
Verbatim = { $text }

# Nhãn của một vấn đề khi hiển thị: `lỗi[mã]: …`, `cảnh báo[mã]: …`, `= gợi ý: …`. Mã trong ngoặc
# vuông giữ nguyên ở mọi ngôn ngữ.
LabelError = lỗi
LabelWarning = cảnh báo
LabelHelp = gợi ý
