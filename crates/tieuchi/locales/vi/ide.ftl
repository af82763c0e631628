# Điều trình soạn thảo được báo khi nó yêu cầu một việc mà tệp quy tắc không cho phép (`tieuchi lsp`).

RenameNothingHere = ở đây không có tên đã khai báo nào để đổi
RenameBadName = `{ $name }` không phải là một tên: tên gồm chữ ASCII thường, chữ số và `_`, bắt đầu bằng một chữ cái hoặc `_`
RenameReserved = `{ $name }` là một từ khóa của ngôn ngữ nên không thể làm tên
RenameAmbiguous = `{ $name }` là tên của { $count } khai báo trong tệp này; hãy tự đổi tên từng khai báo
RenameTaken = `{ $name }` đã được khai báo trong tệp này
RenameDoesNotParse = tệp chưa phân tích được; hãy sửa các lỗi cú pháp trước
LspBadParams = yêu cầu `{ $method }` của trình soạn thảo không đúng dạng máy chủ ngôn ngữ đọc: { $detail }
LspCannotAnswer = không ghi được câu trả lời: { $detail }
