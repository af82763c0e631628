# Câu tóm tắt cho cả một lần thất bại.

CompileSummary = { $errors } lỗi trong `{ $file }`
Quoted = `{ $text }`
TheString = chuỗi `{ $text }`
Verbatim = { $text }
