# Lỗi cú pháp: văn bản của tệp quy tắc không đúng ngữ pháp, hoặc vượt một giới hạn.
# Dữ liệu người dùng viết trong dấu backtick. Mã thông điệp là các biến thể của `tieuchi::i18n::Msg`.

SourceTooLarge = tệp quy tắc dài { $size } byte, vượt giới hạn { $limit } byte
SourceTooLargeHelp = tách bộ tiêu chí thành nhiều bộ quy tắc
BracketsTooDeep = dấu ngoặc lồng nhau quá { $limit } cấp tại đây
NestsTooDeepToRead = phần này lồng nhau quá sâu, không đọc được (quá { $limit } cấp)
NameAPartHelp = đặt tên cho một phần của biểu thức bằng `let`
SyntaxExpected = cần { $expected }, nhưng gặp { $found }
SyntaxExpectedLabel = cần { $expected }
ReservedWord = `{ $word }` là từ khóa của ngôn ngữ, không dùng làm tên được
ExpectedAName = cần một tên
ReservedWordHelp = chọn tên khác, ví dụ `{ $word }_`; các từ khóa là { $reserved }
FoundEndOfFile = cuối tệp
FoundEndOfLine = cuối dòng
FoundSpace = một dấu cách
OneOf = { $items } hoặc { $last }

## Điều lỗi cú pháp nói là cần có.

WordDeclaration = một khai báo (`input`, `let`, `score`, `outcome`, `force`, `test`, …)
WordOperator = một phép toán
WordSomethingElse = nội dung khác
WordName = một tên
WordQuotedLabel = một nhãn trong ngoặc kép
WordNumber = một số
WordPercent = một tỷ lệ phần trăm
WordDate = một ngày (YYYY-MM-DD)
WordExpression = một biểu thức
WordAndOr = `and` hoặc `or`
WordNot = `not`
WordComparison = một phép so sánh
WordType = một kiểu dữ liệu
WordField = một trường
WordValue = một giá trị
WordEnumValue = một giá trị liệt kê
WordTier = một mức xếp loại
WordOtherwise = `otherwise`
WordAssessed = `assessed`
WordOrdered = `ordered`
WordRange = một khoảng giá trị (`in 0..100`)
WordDefault = `default`
WordWindow = `in last N years`
WordParamValue = một giá trị (`= 90`)
WordFrom = `from`
WordDirection = `desc` hoặc `asc`
WordCountBasis = `before` hoặc `after`
WordRoundingMode = một cách làm tròn (`half_up`, `half_even`, `floor`, `ceil`, `truncate`)
WordBecause = `because`
WordSource = `source`
WordExpectation = một kết quả mong đợi (`tên = giá trị`, `not rated`, `not determinable`)
WordEndOfFile = cuối tệp

## Gợi ý cho lỗi cú pháp.

HelpShareAsPercentOf = tỷ lệ viết dưới dạng phần trăm: `{ $percent }%` thay cho { $written }
HelpShareAsPercent = tỷ lệ viết dưới dạng phần trăm: `{ $written }%`
HelpFieldsNoCommas = các trường của `list of { "{" } … { "}" }` và `history of { "{" } … { "}" }` cách nhau bằng dấu cách hoặc xuống dòng, không dùng dấu phẩy (dấu phẩy ngăn cách các giá trị của một bản ghi: `given { "{" } a: 1, b: 2 { "}" }`)
HelpQuotedLabel = nhãn viết trong ngoặc kép: "Hoàn thành tốt nhiệm vụ"
HelpNameForm = tên viết bằng chữ thường không dấu và dấu gạch dưới, ví dụ `diem_chung`
HelpDeclarations = bộ quy tắc gồm các khai báo như `input`, `let`, `score`, `outcome`, `force`, `cap`, `exclude`, `quota` và `test`
HelpSeeReference = xem phần mô tả ngôn ngữ trong README

## Số, ngày và giới hạn gặp khi dựng cây cú pháp.

ParserInternal = bộ phân tích không đọc được phần này
ParserInternalHelp = đây là lỗi của tieuchi; xin báo lỗi kèm tệp quy tắc
NumberTooPrecise = số `{ $number }` có nhiều chữ số hơn mức tieuchi giữ được chính xác
NumberTooPreciseHelp = một số có tối đa 28 chữ số có nghĩa
PercentTooPrecise = tỷ lệ `{ $percent }` có nhiều chữ số thập phân hơn mức tieuchi giữ được chính xác
PercentTooPreciseHelp = một tỷ lệ phần trăm có tối đa 26 chữ số thập phân
IntegerTooLarge = `{ $number }` quá lớn ở vị trí này
IntegerTooLargeHelp = dùng một số nguyên nhỏ hơn 4294967296
NotADate = `{ $date }` không phải một ngày có thật
NotADateHelp = viết ngày theo dạng YYYY-MM-DD, ví dụ 2026-01-01
BlocksTooDeep = phần này lồng nhau quá { $limit } cấp
BlocksTooDeepHelp = đặt tên cho một phần bằng `let`, hoặc giảm số cấp lồng nhau
ExpressionTooDeep = biểu thức này lồng quá { $limit } phép tính
ExpressionTooDeepHelp = đặt tên cho từng phần bằng `let` rồi dùng các tên đó tại đây
ChainTooLong = biểu thức này nối quá { $limit } phép toán
ChainTooLongHelp = tách thành nhiều `let`
PrefixTooLong = biểu thức này chồng quá { $limit } phép toán một ngôi
PrefixTooLongHelp = bỏ các `not` hoặc `-` lặp lại
