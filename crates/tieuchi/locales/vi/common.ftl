# Câu tóm tắt cho cả một lần thất bại.

CompileSummary = { $errors } lỗi trong `{ $file }`
Quoted = `{ $text }`
TheString = chuỗi `{ $text }`
# Văn bản một giao diện (Python, WebAssembly) tự viết, chưa có trong danh mục.
FrontEndText = { $text }
