# Dữ liệu minh chứng từ Python mà gói tieuchi không đọc được (mã lỗi vẫn là `evidence::*`).

PyNotEvidence = giá trị Python kiểu `{ $name }` không dùng làm dữ liệu minh chứng được
PyNotEvidenceHelp = dùng bool, int, Decimal, float, str, date, None, hoặc một danh sách các dict
PyNotADict = bản ghi minh chứng phải là một dict, không phải giá trị Python kiểu `{ $name }`
PyNotADictHelp = đưa dữ liệu minh chứng dưới dạng dict, khóa là mã của từng trường
PyLoneSurrogate = chuỗi không phải văn bản Unicode hợp lệ (có một ký tự thay thế đứng lẻ)
PyLoneSurrogateHelp = đưa văn bản có thể ghi dưới dạng UTF-8
PyTooDeep = giá trị lồng sâu quá { $max } cấp
PyTooDeepHelp = dữ liệu minh chứng gồm các trường, các danh sách bản ghi và trường của chúng
PyUnreadable = không đọc được giá trị Python kiểu `{ $name }`: { $problem }
PyUnreadableHelp = dùng bool, int, Decimal, float, str, date hoặc None
PyKeyNotAName = khóa { $key } không phải tên trường (tên trường là chuỗi)
PyKeyNotANameHelp = đặt tên mỗi trường bằng mã của nó, dạng chuỗi
PyNotExact = { $value } không phải là số mà tieuchi lưu chính xác được
PyFiniteHelp = đưa một số hữu hạn
PyIntegerUnreadable = không đọc được số nguyên này
PyDigitsHelp = đưa số có tối đa 28 chữ số có nghĩa
PyInfiniteDecimal = Decimal vô hạn không phải là số mà tieuchi lưu chính xác được
PyDecimalNotExact = Decimal `{ $text }` không phải là số mà tieuchi lưu chính xác được

# The package's own checks of its keywords.
PyCompileNotText = compile() nhận văn bản của tệp quy tắc (str), không phải { $type }
PyBadErrors = errors= phải là "column" hoặc "raise", không phải { $given }
PyBadDecimals = decimals= phải là "decimal", "str" hoặc "float", không phải { $given }
PyBadOutput = output= phải là "pandas", "arrow", "polars", "records" hoặc "stream", không phải { $given }
PyStreamNeedsArrow = output="stream" đọc dữ liệu Arrow (một bảng, một reader, một DataFrame), không đọc danh sách
PyStreamAsItComes = output="stream" trả từng hàng ngay khi có: cần errors="column", decimals="decimal"
PyBadDiffOutput = output= phải là "pandas" hoặc "records", không phải { $given }
PyLazyFrame = evaluate_many nhận polars.DataFrame, không nhận LazyFrame; hãy gọi .collect() trước
PyNotTable = evaluate_many nhận một danh sách dict hoặc dữ liệu Arrow (bảng, record batch hoặc reader của pyarrow, DataFrame của pandas hoặc Polars, kết quả DuckDB), không nhận { $type }; với một bản ghi, dùng evaluate()
PyColumnTwice = cột `{ $name }` xuất hiện hai lần
PyOnTimeOfDay = on= là một ngày; { $given } có giờ trong ngày
PyOnNotDate = on= nhận một ngày hoặc 'YYYY-MM-DD', không nhận { $type }

# Lời của chính gói quanh một lỗi của bộ máy: lỗi thuộc bản ghi nào của `evaluate_many`.
PyRecordHead = bản ghi { $record }

# Lời trong `repr`, `str` và phần hiển thị trên notebook của một kết quả.
PyDecidedBy = quyết định bởi { $how }
PyMissingFields = chưa xác định được (thiếu { $fields })
PyFindingCount = { $count } phát hiện
PyNoCode = không có mã `{ $code }`; tieuchi.codes() liệt kê tất cả các mã
