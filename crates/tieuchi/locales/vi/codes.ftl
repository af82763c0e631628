# Giải thích các mã của công cụ (`tieuchi explain`, `codes()` của Python và JavaScript): tóm tắt,
# giải thích và ví dụ của từng mã. Mã không dịch.

CodeKindSyntax = syntax: văn bản của tệp quy tắc
CodeKindCheck = check: ý nghĩa của tệp quy tắc (lỗi và cảnh báo)
CodeKindEvidence = evidence: bản ghi không khớp với các đầu vào của bộ quy tắc
CodeKindEval = eval: phép tính không có kết quả chính xác
CodeKindSelect = select: chọn bộ quy tắc hoặc phiên bản để đánh giá
CodeKindVerify = verify: đối chiếu kết quả đã lưu với dữ liệu minh chứng và quy tắc (`tieuchi verify`)
CodeKindArgument = argument: lời gọi tới công cụ với tham số không dùng được (Python, JavaScript)
CodeKindInternal = internal: điều mà không dữ liệu nào được phép gây ra (panic, trap), được báo thay vì che giấu
CodeKindFinding = finding: điều mà lần đánh giá phát hiện (trong `findings` của kết quả)

CodeSyntaxExpectedSummary = văn bản không theo đúng ngữ pháp
CodeSyntaxExpectedExplanation = trình phân tích gặp một thành phần mà ngữ pháp không cho phép ở vị trí đó; thông báo nêu thành phần được chờ đợi. Sửa văn bản tại vị trí đánh dấu: thường là thiếu `{"}"}`, thiếu `:` trước kiểu, hoặc nhãn không có dấu ngoặc kép.
CodeSyntaxExpectedExample = input diem "Điểm" number in 0..100   # thiếu `:` trước kiểu

CodeSyntaxTooLargeSummary = tệp quy tắc vượt quá giới hạn dung lượng
CodeSyntaxTooLargeExplanation = một tệp quy tắc tối đa 1 MiB, để không dữ liệu nào làm cạn bộ nhớ. Chia một khung tiêu chí rất lớn thành các bộ quy tắc nhập (import) lẫn nhau.
CodeSyntaxTooLargeExample = một tệp quy tắc được sinh tự động nặng vài megabyte

CodeSyntaxTooDeepSummary = biểu thức hoặc khối lồng nhau sâu quá giới hạn
CodeSyntaxTooDeepExplanation = dấu ngoặc, biểu thức `if` hoặc khối điểm lồng nhau sâu hơn mức công cụ cho phép. Đặt tên cho các phần bên trong bằng `let` rồi dùng tên đó.
CodeSyntaxTooDeepExample = let x = ((((((((((((((((((((((((((((((((((diem))))))))))))))))))))))))))))))))))

CodeSyntaxBadNumberSummary = một số viết trong quy tắc không biểu diễn chính xác được
CodeSyntaxBadNumberExplanation = mỗi số là một số thập phân chính xác có tối đa 28 chữ số có nghĩa; số này có nhiều hơn, hoặc quá lớn. Viết số với ít chữ số hơn.
CodeSyntaxBadNumberExample = let nguong = 0.12345678901234567890123456789

CodeSyntaxBadDateSummary = một ngày viết trong quy tắc không phải là ngày có thật
CodeSyntaxBadDateExplanation = ngày được viết theo dạng `YYYY-MM-DD` và phải có thật trên lịch. Sửa lại ngày hoặc tháng.
CodeSyntaxBadDateExample = valid from 2025-02-30

CodeCheckDuplicateNameSummary = một tên được khai báo hai lần
CodeCheckDuplicateNameExplanation = đầu vào, khóa, giá trị `let`, điểm, danh sách liệt kê, mức xếp loại và mã bộ quy tắc trong một thư viện mỗi loại dùng chung một không gian tên; hai khai báo trùng tên. Đổi tên một trong hai.
CodeCheckDuplicateNameExample =
    input diem "Điểm": number
    let diem = 1

CodeCheckDuplicateHeaderSummary = một mục đầu bộ quy tắc được nêu hai lần
CodeCheckDuplicateHeaderExplanation = mỗi mục đầu của bộ quy tắc (`source`, `valid from`, `rounding`, `replaces`, …) chỉ được nêu một lần. Xóa mục lặp lại.
CodeCheckDuplicateHeaderExample =
    valid from 2025-01-01
    valid from 2026-01-01

CodeCheckReservedNameSummary = một tên được dành riêng cho thông tin của bản ghi minh chứng
CodeCheckReservedNameExplanation = `id`, `on` và `year` là thông tin của bản ghi minh chứng (đối tượng, ngày đánh giá, năm của một mục lịch sử), nên không được khai báo làm tên. Chọn tên khác.
CodeCheckReservedNameExample = let on = 1

CodeCheckUnknownNameSummary = một tên không trỏ tới khai báo nào
CodeCheckUnknownNameExplanation = một biểu thức, `force`, `cap` hoặc bài kiểm thử dùng một tên chưa được khai báo (phần gợi ý nêu các tên viết gần giống). Khai báo tên đó là đầu vào hoặc `let`, hoặc sửa chính tả.
CodeCheckUnknownNameExample =
    outcome xep_loai "Xếp loại" {"{"}
      dat "Đạt" when tong_diem >= 50   # chưa khai báo `tong_diem`
    {"  ."}..
    {"}"}

CodeCheckUnknownTypeSummary = tên kiểu không phải kiểu có sẵn cũng không phải danh sách liệt kê đã khai báo
CodeCheckUnknownTypeExplanation = kiểu là một trong `number`, `integer`, `percent`, `bool`, `text`, `date`, một danh sách hoặc lịch sử, hoặc một danh sách liệt kê khai báo trong bộ quy tắc. Khai báo danh sách liệt kê hoặc dùng kiểu có sẵn.
CodeCheckUnknownTypeExample = input hang "Hạng": xep_hang   # không có `enum xep_hang`

CodeCheckUnknownFunctionSummary = tên hàm không có trong ngôn ngữ
CodeCheckUnknownFunctionExplanation = ngôn ngữ có một tập hàm cố định (`round`, `floor`, `ceil`, `min`, `max`, `sum`, `count`, `mean`, `all`, `any`, `share`, `streak`, …). Dùng một trong các hàm đó.
CodeCheckUnknownFunctionExample = let x = average(lich_su, diem)

CodeCheckAritySummary = hàm được gọi với số tham số không đúng
CodeCheckArityExplanation = hàm được gọi với nhiều hơn hoặc ít hơn số tham số mà nó nhận. Thông báo nêu cách gọi đúng.
CodeCheckArityExample = let x = round(diem)   # round(value, places)

CodeCheckTypeMismatchSummary = biểu thức có kiểu không dùng được ở vị trí đó
CodeCheckTypeMismatchExplanation = kiểu của biểu thức không phù hợp với chỗ dùng: một số ở chỗ cần điều kiện, văn bản cộng với số, một điểm không phải là số. Chuyển đổi hoặc so sánh một cách tường minh.
CodeCheckTypeMismatchExample = dat "Đạt" when diem   # một số, không phải điều kiện

CodeCheckEnumMismatchSummary = so sánh giá trị của hai danh sách liệt kê khác nhau
CodeCheckEnumMismatchExplanation = không so sánh được giá trị của hai danh sách liệt kê khác nhau, kể cả khi tên giá trị trùng nhau. So sánh mỗi giá trị với một giá trị cùng danh sách liệt kê.
CodeCheckEnumMismatchExample = when ky_luat = xep_loai_nam_truoc

CodeCheckUnorderedEnumSummary = danh sách liệt kê không có `ordered` được so sánh bằng < hoặc >
CodeCheckUnorderedEnumExplanation = `<` và `>` cần một thứ tự, và chỉ danh sách liệt kê khai báo `ordered` mới có thứ tự. Khai báo danh sách liệt kê là `ordered` (từ kém nhất hoặc tốt nhất, như văn bản pháp luật liệt kê) hoặc so sánh bằng `=`.
CodeCheckUnorderedEnumExample =
    enum muc "Mức" {"{"} a "A"  b "B" {"}"}
    {"."}.. when muc > a

CodeCheckBadRangeSummary = khoảng giá trị của đầu vào rỗng hoặc không phù hợp với kiểu
CodeCheckBadRangeExplanation = khoảng `lo..hi` của đầu vào phải có lo ≤ hi và phù hợp với kiểu (số nguyên cho `integer`, dạng 0%..100% cho `percent`). Sửa lại giới hạn.
CodeCheckBadRangeExample = input diem "Điểm": number in 100..0

CodeCheckBadDefaultSummary = giá trị mặc định không phù hợp với kiểu hoặc khoảng của đầu vào
CodeCheckBadDefaultExplanation = giá trị `default` phải cùng kiểu với đầu vào và nằm trong khoảng của nó. Sửa lại giá trị mặc định.
CodeCheckBadDefaultExample = input diem "Điểm": number in 0..100 default 120

CodeCheckBadParamSummary = kiểu của tham số không phải kiểu mà tham số được phép có, các giá trị không phù hợp với kiểu hoặc không theo thứ tự ngày, hoặc (cảnh báo) tham số không có giá trị trước ngày đầu tiên
CodeCheckBadParamExplanation = một `param` có kiểu `bool`, `integer`, `number` hoặc `percent`; mỗi giá trị phải là một hằng của kiểu đó (tỷ lệ phần trăm viết kèm `%`), tối đa một giá trị không có ngày (áp dụng trước mọi giá trị có ngày, nên được viết đầu tiên), và các giá trị có ngày xếp theo thứ tự tăng dần của `from`, mỗi ngày một lần. Sửa lại kiểu hoặc các giá trị. Tham số mà mọi giá trị đều có ngày thì không có giá trị trước ngày đầu tiên: đây là cảnh báo, trừ khi bộ quy tắc có `valid from` từ ngày đó trở đi.
CodeCheckBadParamExample =
    param nguong "Ngưỡng": number
      = 90 from 2027-01-01
      = 85 from 2026-01-01   # không theo thứ tự ngày

CodeCheckScoreAboveParentSummary = điểm tối đa của một mục vượt quá điểm tối đa của mục cha
CodeCheckScoreAboveParentExplanation = một mục chấm điểm trong khối điểm có `max` lớn hơn `max` của mục cha, điều mà mục cha không bao giờ thể hiện được. Hạ điểm tối đa của mục hoặc nâng điểm tối đa của mục cha.
CodeCheckScoreAboveParentExample =
    score tong "Tổng" max 30 {"{"}
      score chung "Chung" max 40 = diem_chung
    {"}"}

CodeCheckScoreUnreachableSummary = các mục con không thể đạt tới điểm tối đa của mục cha
CodeCheckScoreUnreachableExplanation = tổng điểm tối đa của các mục con nhỏ hơn điểm tối đa của mục cha, nên mục cha không bao giờ đạt tới mức đó (thường do thiếu một mục). Bổ sung mục còn thiếu hoặc sửa lại điểm tối đa.
CodeCheckScoreUnreachableExample =
    score tong "Tổng" max 100 {"{"}
      score chung "Chung" max 30 = assessed
      score rieng "Riêng" max 60 = assessed
    {"}"}

CodeCheckScoreExceedsSummary = tổng điểm tối đa của các mục con lớn hơn điểm tối đa của mục cha
CodeCheckScoreExceedsExplanation = tổng điểm tối đa của các mục con lớn hơn điểm tối đa của mục cha, nên tổng của mục cha có thể vượt quá điểm tối đa của chính nó. Sửa điểm tối đa theo đúng văn bản pháp luật.
CodeCheckScoreExceedsExample =
    score tong "Tổng" max 100 {"{"}
      score chung "Chung" max 50 = assessed
      score rieng "Riêng" max 60 = assessed
    {"}"}

CodeCheckMissingOutcomeSummary = bộ quy tắc không khai báo kết quả xếp loại
CodeCheckMissingOutcomeExplanation = một bộ quy tắc xếp loại bản ghi vào các mức của một `outcome`; bộ này không khai báo `outcome` nào. Bổ sung thang xếp loại.
CodeCheckMissingOutcomeExample =
    ruleset demo "Ví dụ" {"{"}
      input diem "Điểm": number
    {"}"}

CodeCheckMultipleOutcomesSummary = bộ quy tắc khai báo nhiều hơn một kết quả xếp loại
CodeCheckMultipleOutcomesExplanation = mỗi bộ quy tắc có đúng một `outcome`. Tách phần xếp loại thứ hai thành một bộ quy tắc riêng.
CodeCheckMultipleOutcomesExample =
    outcome xep_loai "Xếp loại" {"{"} ... {"}"}
    outcome khen_thuong "Khen thưởng" {"{"} ... {"}"}

CodeCheckNoOtherwiseSummary = thang xếp loại có thể kết thúc mà không có mức nào
CodeCheckNoOtherwiseExplanation = khi mọi mức đều có điều kiện, bản ghi không thỏa điều kiện nào sẽ không được xếp mức nào. Kết thúc thang bằng một mức `otherwise`.
CodeCheckNoOtherwiseExample =
    outcome ket_qua "Kết quả" {"{"}
      dat "Đạt" when diem >= 50
    {"}"}

CodeCheckOtherwiseNotLastSummary = `otherwise` không phải là mức cuối cùng
CodeCheckOtherwiseNotLastExplanation = `otherwise` nhận mọi bản ghi mà các mức phía trên chưa nhận, nên các mức sau nó không bao giờ được chọn. Chuyển nó xuống cuối.
CodeCheckOtherwiseNotLastExample =
    kht "Không hoàn thành" otherwise
    ht "Hoàn thành" when diem >= 50

CodeCheckUnreachableTierSummary = một mức xếp loại không bao giờ được chọn
CodeCheckUnreachableTierExplanation = điều kiện của một mức không bao giờ thỏa mãn sau khi các mức phía trên đã nhận bản ghi của chúng (ví dụ ngưỡng cao hơn đặt dưới ngưỡng thấp hơn). Sắp xếp lại các mức hoặc sửa ngưỡng.
CodeCheckUnreachableTierExample =
    dat "Đạt" when diem >= 50
    tot "Tốt" when diem >= 80

CodeCheckOverlappingTiersSummary = một phần khoảng của mức này đã thuộc về một mức phía trên
CodeCheckOverlappingTiersExplanation = một phần khoảng của mức này đã thuộc về một mức phía trên (các mức được xét từ trên xuống, mức đầu tiên thỏa mãn được chọn), nên phần chồng lấn không bao giờ tới mức này; thường là do chép sai ngưỡng. Đối chiếu các ngưỡng với văn bản pháp luật.
CodeCheckOverlappingTiersExample =
    tot "Tốt" when diem >= 80
    dat "Đạt" when diem >= 50 and diem < 85

CodeCheckTierGapSummary = các giá trị nằm giữa một khoảng và khoảng phía trên không thuộc khoảng nào, và rơi xuống một mức thấp hơn
CodeCheckTierGapExplanation = khoảng của mức này kết thúc thấp hơn điểm bắt đầu của khoảng phía trên: bản ghi nằm giữa hai khoảng không thuộc khoảng nào và rơi xuống một mức thấp hơn nữa; thường là do chép sai ngưỡng. Làm cho các khoảng liền nhau (`< 85` dưới `>= 85`), hoặc ghi chú vì sao khoảng trống là do văn bản pháp luật quy định.
CodeCheckTierGapExample =
    htxs "Xuất sắc" when tong >= 90
    htt "Tốt" when tong >= 70 and tong < 85
    htnv "Hoàn thành" when tong >= 50

CodeCheckUnknownTierSummary = `force`, `cap` hoặc `quota` nêu một mức mà kết quả xếp loại không có
CodeCheckUnknownTierExplanation = một `force`, `cap` hoặc `quota` nêu một mức mà `outcome` không khai báo. Dùng một trong các mã mức của `outcome`.
CodeCheckUnknownTierExample = force khong_hoan_thanh when diem < 5   # mức là `kht`

CodeCheckQuotaNotLowerSummary = mức `demote to` của tỷ lệ khống chế không thấp hơn mức bị khống chế, nên sẽ nâng bản ghi lên
CodeCheckQuotaNotLowerExplanation = tỷ lệ khống chế hạ các bản ghi vượt tỷ lệ xuống mức `demote to`; mức đó phải thấp hơn mức bị khống chế, nếu không tỷ lệ khống chế sẽ nâng bản ghi lên. Nêu một mức thấp hơn.
CodeCheckQuotaNotLowerExample =
    quota htt at most 20% of htt within co_quan
      rank by diem desc
      demote to htxs

CodeCheckCycleSummary = các giá trị dẫn xuất phụ thuộc vào chính chúng
CodeCheckCycleExplanation = một giá trị `let` hoặc điểm được tính từ chính nó, trực tiếp hoặc qua giá trị khác, nên không có giá trị. Phá vòng lặp.
CodeCheckCycleExample =
    let a = b + 1
    let b = a + 1

CodeCheckUnusedInputSummary = một đầu vào được khai báo nhưng không được dùng
CodeCheckUnusedInputExplanation = một đầu vào được khai báo nhưng không quy tắc nào đọc nó (cảnh báo): dữ liệu minh chứng cho nó được yêu cầu rồi bị bỏ qua. Dùng nó trong một quy tắc hoặc xóa nó.
CodeCheckUnusedInputExample = input ghi_chu "Ghi chú": number   # không quy tắc nào đọc

CodeCheckNestedCollectionSummary = một danh sách hoặc lịch sử nằm trong một danh sách hoặc lịch sử khác
CodeCheckNestedCollectionExplanation = phần tử của danh sách hoặc lịch sử không được chứa danh sách hoặc lịch sử khác, và phép tổng hợp trên một tập không được đọc tập khác. Làm phẳng dữ liệu, hoặc xếp loại các phần tử bằng bộ quy tắc riêng của chúng.
CodeCheckNestedCollectionExample =
    input to "Tổ": list of {"{"}
      thanh_vien: list of {"{"} dat: bool {"}"}
    {"}"}

CodeCheckImportSummary = tên đầy đủ cần bộ quy tắc mà nó nêu
CodeCheckImportExplanation = tên đầy đủ như `cong_chuc_nd335.xep_loai` trỏ tới một bộ quy tắc khác, bộ này phải được nạp cùng. Kiểm tra thư mục (`tieuchi check rules/`) hoặc đưa kèm bộ quy tắc được nhập.
CodeCheckImportExample = input xl "Xếp loại cá nhân": cong_chuc_nd335.xep_loai   # kiểm tra riêng lẻ

CodeCheckBadTestSummary = khối kiểm thử nêu một thành phần mà bộ quy tắc không có
CodeCheckBadTestExplanation = `given` hoặc `expect` của khối `test` nêu một thành phần mà bộ quy tắc không khai báo. Sửa tên trong bài kiểm thử.
CodeCheckBadTestExample =
    test "t" {"{"}
      given {"{"} diem: 60 {"}"}
      expect ket_qua = dat   # kết quả xếp loại là `xep_loai`
    {"}"}

CodeCheckOverlappingVersionsSummary = hai phiên bản của một nhóm bộ quy tắc cùng có hiệu lực vào một ngày
CodeCheckOverlappingVersionsExplanation = hai bộ quy tắc cùng nhóm (nối với nhau bằng `replaces`) cùng có hiệu lực vào một ngày nào đó, nên không rõ phiên bản nào áp dụng cho ngày đó. Cho `valid until` của bản cũ kết thúc trước `valid from` của bản mới.
CodeCheckOverlappingVersionsExample =
    valid from 2020-01-01   # phiên bản cũ, không có `valid until`
    valid from 2026-01-01   # phiên bản mới, `replaces` bản cũ

CodeCheckLimitSummary = bộ quy tắc có nhiều mức, giá trị liệt kê, quy tắc hơn hoặc tên dài hơn mức công cụ cho phép
CodeCheckLimitExplanation = công cụ giới hạn số mức, giá trị liệt kê, quy tắc, tỷ lệ khống chế và độ dài tên (xem `tieuchi::limits`) để không tệp quy tắc nào làm cạn bộ nhớ. Chia nhỏ bộ quy tắc hoặc rút ngắn tên.
CodeCheckLimitExample = một danh sách liệt kê có 5000 giá trị

CodeCheckConstantConditionSummary = một phép so sánh được quyết định chỉ bởi khoảng đã khai báo, như so sánh tỷ lệ phần trăm với 50 thay vì 50%
CodeCheckConstantConditionExplanation = kết quả của phép so sánh suy ra được chỉ từ khoảng đã khai báo (cảnh báo), thường do so sánh tỷ lệ phần trăm với một số thường. Viết `50%` cho tỷ lệ phần trăm.
CodeCheckConstantConditionExample =
    input ty_le "Tỷ lệ": percent
    {"."}.. when ty_le < 50   # luôn đúng; ý là `50%`

CodeCheckUnitMismatchSummary = điểm được so sánh với tỷ lệ phần trăm, như `tong >= 90%` trong khi ý là 90 điểm
CodeCheckUnitMismatchExplanation = điểm đếm theo số điểm (`tong` từ 0 đến điểm tối đa) còn tỷ lệ phần trăm là một phân số (`90%` là 0,9), nên so sánh hai thứ này hầu như không đúng ý: bản ghi 20 điểm cũng lớn hơn 0,9. So sánh điểm với điểm (`tong >= 90`), hoặc tỷ lệ của điểm so với điểm tối đa với tỷ lệ phần trăm (`tong / tong.max >= 90%`).
CodeCheckUnitMismatchExample = htxs "Xuất sắc" when tong >= 90%   # ý là 90 điểm: `tong >= 90`

CodeCheckImportFailedSummary = bộ quy tắc nhập từ một bộ không biên dịch được
CodeCheckImportFailedExplanation = bộ quy tắc nhập từ một bộ khác đang có lỗi. Sửa lỗi của bộ quy tắc được nhập trước.
CodeCheckImportFailedExample = input xl "Xếp loại": mau.xep_loai   # khi mau.tieuchi không biên dịch được

CodeCheckUnroundedDivisionSummary = một điểm được tính bằng phép chia mà không nêu cách làm tròn thương
CodeCheckUnroundedDivisionExplanation = một điểm có phép chia, và thương có thể không có giá trị thập phân chính xác (1/3), nên điểm sẽ phụ thuộc vào việc làm tròn ở 28 chữ số. Nêu cách làm tròn: `round(…, places)`, `floor`, `ceil`, hoặc mục đầu `rounding` của bộ quy tắc.
CodeCheckUnroundedDivisionExample = score ty_le "Tỷ lệ" max 10 = so_dat / so_thanh_vien * 10

CodeCheckLayerBaseSummary = lớp quy định mở rộng một bộ quy tắc chưa được nạp, bản thân là một lớp, hoặc không có hiệu lực vào ngày nào của nó, hoặc không áp lên được phiên bản quốc gia có hiệu lực vào các ngày của nó; hoặc một điểm được đặt `under` điểm khác ngoài một lớp
CodeCheckLayerBaseExplanation = `ruleset id "…" extends national` ghép một lớp quy định lên bộ quy tắc quốc gia `national`, bộ này phải được nạp cùng và không được là một lớp. Nạp cả thư mục, hoặc mở rộng bộ quy tắc quốc gia.
CodeCheckLayerBaseExample = ruleset thai_nguyen_cc "…" extends cong_chuc_nd335 {"{"} … {"}"}   # kiểm tra riêng lẻ

CodeCheckLayerRedefinesSummary = lớp quy định khai báo lại một tên hoặc mục đầu của bộ quy tắc mà nó mở rộng
CodeCheckLayerRedefinesExplanation = lớp quy định được thêm đầu vào, giá trị `let`, điểm, điều kiện loại trừ, mức trần và bài kiểm thử của riêng mình; không được khai báo lại đầu vào, khóa, `let`, điểm hoặc danh sách liệt kê của bộ quy tắc mà nó mở rộng, cũng không được đổi cách làm tròn. Đổi tên khai báo của lớp, hoặc dùng tham số hay điều kiện của mức.
CodeCheckLayerRedefinesExample = input suy_thoai "…": bool default false   # trong một lớp quy định: gỡ bỏ điều kiện loại trừ quốc gia

CodeCheckLayerLoosensSummary = một quy tắc của lớp quy định có thể cho mức cao hơn quy tắc quốc gia
CodeCheckLayerLoosensExplanation = lớp quy định chỉ được làm kết quả chặt hơn: giá trị tham số chỉ theo hướng chặt hơn (xác định theo cách các mức quốc gia so sánh nó), điều kiện của mức chỉ là điều kiện quốc gia `and` thêm điều kiện khác, điều kiện loại trừ chỉ đưa về mức thấp nhất (dùng `cap` cho mức khác). Làm quy tắc chặt hơn, hoặc để quy tắc quốc gia quyết định.
CodeCheckLayerLoosensExample = param nguong_htxs "…": number = 85   # giá trị quốc gia là 90

CodeEvidenceNotJsonSummary = bản ghi trong lô không phải JSON hợp lệ, hoặc không đọc được một dòng CSV
CodeEvidenceNotJsonExplanation = một dòng của lô không phải JSON hợp lệ, hoặc một dòng CSV không khớp với dòng tiêu đề. Sửa bản ghi; các bản ghi khác vẫn được xếp loại.
CodeEvidenceNotJsonExample = {"{"}"diem": 72.5,

CodeEvidenceNotAnObjectSummary = bản ghi minh chứng không phải là một đối tượng JSON
CodeEvidenceNotAnObjectExplanation = bản ghi minh chứng là một đối tượng JSON gồm tên trường và giá trị. Đặt các giá trị vào trong một đối tượng.
CodeEvidenceNotAnObjectExample = {"["}72.5, true]

CodeEvidenceUnknownFieldSummary = một trường không phải là đầu vào của bộ quy tắc
CodeEvidenceUnknownFieldExplanation = một trường không phải là đầu vào hay khóa của bộ quy tắc (phần gợi ý nêu các tên viết gần giống); nếu không báo, lỗi chính tả sẽ bị bỏ qua mà không ai biết. Sửa hoặc xóa trường đó.
CodeEvidenceUnknownFieldExample = {"{"}"diem_chugn": 25{"}"}

CodeEvidenceWrongTypeSummary = một giá trị có kiểu không đúng với trường của nó
CodeEvidenceWrongTypeExplanation = một giá trị có kiểu JSON không đúng với trường: văn bản cho trường `bool`, số cho trường ngày. Đưa giá trị đúng kiểu mà lược đồ yêu cầu.
CodeEvidenceWrongTypeExample = {"{"}"suy_thoai": "không"{"}"}   # một trường bool

CodeEvidenceNotIntegerSummary = cần một số nguyên
CodeEvidenceNotIntegerExplanation = một trường `integer` nhận giá trị có phần thập phân. Đưa một số nguyên.
CodeEvidenceNotIntegerExample = {"{"}"so_nam": 2.5{"}"}

CodeEvidenceOutOfRangeSummary = một số nằm ngoài khoảng đã khai báo của trường
CodeEvidenceOutOfRangeExplanation = một số nằm ngoài khoảng đã khai báo của trường, thường là do nhập liệu sai. Sửa giá trị (hoặc sửa khoảng, nếu văn bản pháp luật cho phép rộng hơn).
CodeEvidenceOutOfRangeExample = {"{"}"diem_chung": 35{"}"}   # khai báo 0..30

CodeEvidenceBadEnumValueSummary = một giá trị không thuộc các giá trị của danh sách liệt kê
CodeEvidenceBadEnumValueExplanation = một trường danh sách liệt kê nhận giá trị không phải là mã nào của danh sách liệt kê đó. Dùng một trong các mã mà lược đồ liệt kê.
CodeEvidenceBadEnumValueExample = {"{"}"ky_luat_trong_nam": "canh_bao"{"}"}   # mã đúng là `canh_cao`

CodeEvidenceBadDateSummary = một ngày không phải là ngày YYYY-MM-DD có thật
CodeEvidenceBadDateExplanation = ngày là chuỗi `YYYY-MM-DD` của một ngày có thật trên lịch. Sửa lại ngày.
CodeEvidenceBadDateExample = {"{"}"on": "2025-13-01"{"}"}

CodeEvidenceBadNumberSummary = một số không đọc được hoặc không lưu giữ chính xác được
CodeEvidenceBadNumberExplanation = một số có hơn 28 chữ số có nghĩa hoặc quá lớn để lưu giữ chính xác, hoặc văn bản trong trường số không phải là số. Đưa số dưới dạng chuỗi thập phân hoặc số JSON thông thường.
CodeEvidenceBadNumberExample = {"{"}"diem": "7,5"{"}"}

CodeEvidenceDuplicateYearSummary = lịch sử có hai bản ghi cho cùng một năm
CodeEvidenceDuplicateYearExplanation = lịch sử có một bản ghi cho mỗi `year`; hai bản ghi trùng năm. Gộp hoặc sửa lại.
CodeEvidenceDuplicateYearExample = {"{"}"lich_su": [{"{"}"year": 2024, "dat": true{"}"}, {"{"}"year": 2024, "dat": false{"}"}]{"}"}

CodeEvidenceTooManySummary = danh sách hoặc lịch sử có nhiều phần tử hơn giới hạn
CodeEvidenceTooManyExplanation = danh sách hoặc lịch sử có nhiều phần tử hơn mức công cụ cho phép. Chia nhỏ lần đánh giá.
CodeEvidenceTooManyExample = một danh sách 200000 phần tử

CodeEvidenceMemberErrorSummary = một phần tử không đánh giá được bằng bộ quy tắc riêng của nó
CodeEvidenceMemberErrorExplanation = một phần tử của danh sách được xếp loại bằng bộ quy tắc riêng không đánh giá được; trường nêu phần tử đó và thông báo nêu vấn đề. Sửa dữ liệu minh chứng của phần tử đó.
CodeEvidenceMemberErrorExample = {"{"}"thanh_vien": [{"{"}"diem": 120{"}"}]{"}"}   # mỗi phần tử được xếp loại bằng một bộ quy tắc khác

CodeEvidenceDuplicateFieldSummary = bản ghi nêu cùng một trường hai lần
CodeEvidenceDuplicateFieldExplanation = bản ghi JSON nêu một trường hai lần, nên không rõ giá trị nào được tính. Giữ lại một.
CodeEvidenceDuplicateFieldExample = {"{"}"diem": 60, "diem": 70{"}"}

CodeEvidenceTooLargeSummary = một bản ghi trong lô lớn hơn giới hạn
CodeEvidenceTooLargeExplanation = một bản ghi trong lô lớn hơn mức công cụ đọc, để phòng dữ liệu vượt kiểm soát. Kiểm tra các bản ghi có được ngăn cách bằng dấu xuống dòng không.
CodeEvidenceTooLargeExample = một tệp JSON Lines không có dấu xuống dòng

CodeEvalDivisionByZeroSummary = một biểu thức chia cho 0
CodeEvalDivisionByZeroExplanation = một biểu thức chia cho 0 với dữ liệu minh chứng của bản ghi này. Bảo vệ phép chia trong quy tắc bằng `if`.
CodeEvalDivisionByZeroExample =
    let ty_le = so_dat / so_thanh_vien   # với {"{"}"so_thanh_vien": 0{"}"}
    # cách sửa: if so_thanh_vien = 0 then 0 else so_dat / so_thanh_vien

CodeEvalOverflowSummary = một kết quả quá lớn để lưu giữ chính xác
CodeEvalOverflowExplanation = một kết quả quá lớn so với số thập phân chính xác 28 chữ số; dữ liệu minh chứng gần như chắc chắn là bất hợp lý. Kiểm tra các giá trị, hoặc khai báo khoảng giá trị cho các đầu vào.
CodeEvalOverflowExample = let x = a * b * c   # với values near 10^20

CodeEvalEmptyCollectionSummary = giá trị trung bình, nhỏ nhất, lớn nhất hoặc tỷ lệ của một danh sách rỗng
CodeEvalEmptyCollectionExplanation = giá trị trung bình, nhỏ nhất, lớn nhất hoặc tỷ lệ không có giá trị trên một danh sách rỗng. Bảo vệ bằng `count(list) > 0`.
CodeEvalEmptyCollectionExample = let tb = mean(thanh_vien, diem)   # với {"{"}"thanh_vien": []{"}"}

CodeSelectUnknownSummary = không bộ quy tắc nào đã nạp có mã được yêu cầu
CodeSelectUnknownExplanation = mã bộ quy tắc được yêu cầu không có trong các bộ đã nạp. Kiểm tra mã (`tieuchi check` liệt kê các mã) hoặc nạp tệp của nó.
CodeSelectUnknownExample = tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd999 record.json

CodeSelectNoneInForceSummary = không phiên bản nào của nhóm bộ quy tắc có hiệu lực vào ngày đánh giá
CodeSelectNoneInForceExplanation = không phiên bản nào của nhóm có hiệu lực vào ngày đánh giá: ngày đó trước `valid from` của phiên bản đầu tiên hoặc sau `valid until` của phiên bản cuối cùng. Kiểm tra ngày, hoặc bổ sung phiên bản có hiệu lực khi đó.
CodeSelectNoneInForceExample = tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd335 --on 1999-01-01 record.json

CodeSelectNeedDateSummary = nhóm bộ quy tắc có nhiều phiên bản và không có ngày đánh giá để chọn một phiên bản
CodeSelectNeedDateExplanation = nhóm bộ quy tắc có nhiều phiên bản, và cả bản ghi (`on`) lẫn lời gọi đều không cho ngày để chọn phiên bản. Cho biết ngày đánh giá.
CodeSelectNeedDateExample = tieuchi eval rules/cong-chuc record.json   # hai phiên bản, không có `--on`, bản ghi không có `on`

CodeSelectAmbiguousSummary = nhiều nhóm bộ quy tắc được nạp mà không nhóm nào được nêu
CodeSelectAmbiguousExplanation = nhiều nhóm bộ quy tắc được nạp và lời gọi không nêu nhóm nào. Nêu bộ quy tắc cần dùng.
CodeSelectAmbiguousExample = tieuchi eval rules/ record.json   # thư mục có nhiều nhóm bộ quy tắc, không có `--ruleset`

CodeSelectEmptySummary = chưa nạp bộ quy tắc nào
CodeSelectEmptyExplanation = không có bộ quy tắc nào để đánh giá. Nạp ít nhất một tệp quy tắc.
CodeSelectEmptyExample = tieuchi eval empty-folder/ record.json

CodeVerifyNotAResultSummary = tài liệu đã lưu không phải là một kết quả có nêu quy tắc của nó
CodeVerifyNotAResultExplanation = tài liệu được đưa làm kết quả đã lưu không có `rules.id`: đó không phải là kết quả của `tieuchi eval` (hoặc là kết quả tạo ra trước khi kết quả nêu quy tắc của mình). Đưa JSON của kết quả đúng như `tieuchi eval` đã in ra.
CodeVerifyNotAResultExample = tieuchi verify evidence.json evidence.json rules/cong-chuc   # đưa dữ liệu minh chứng hai lần

CodeVerifyBadDateSummary = ngày của kết quả đã lưu không phải là ngày hợp lệ
CodeVerifyBadDateExplanation = `on` của kết quả đã lưu không phải là ngày YYYY-MM-DD, nên không đánh giá lại được vào ngày đó. Kết quả đã bị sửa; hãy lấy lại từ nơi lưu trữ.
CodeVerifyBadDateExample = {"{"}"on": "30/06/2026", "rules": {"{"}"id": "cong_chuc_nd335", …{"}"}, …{"}"}

CodeVerifyUnknownRulesetSummary = các quy tắc được đưa không chứa bộ quy tắc mà kết quả nêu
CodeVerifyUnknownRulesetExplanation = các tệp quy tắc được đưa không định nghĩa bộ quy tắc mà kết quả nêu (`rules.id`). Đưa thư mục hoặc tệp chứa bộ quy tắc đó.
CodeVerifyUnknownRulesetExample = tieuchi verify result.json evidence.json rules/van-hoa   # kết quả của cong_chuc_nd335

CodeVerifyNotRowsSummary = các dòng đã lưu không phải là các dòng JSON Lines của một lô
CodeVerifyNotRowsExplanation = các dòng đưa cho `tieuchi verify --batch` không phải là JSON Lines do `tieuchi batch` ghi: dòng đầu tiên không phải là đối tượng JSON có `row`. Đưa các dòng đúng như lô đã ghi (`-o rows.jsonl`); dòng CSV và Parquet không được đối chiếu.
CodeVerifyNotRowsExample = tieuchi verify --batch rows.csv records.jsonl rules/cong-chuc

CodeVerifyUnreadableSummary = không đọc được hết các dòng đã lưu hoặc các bản ghi của chúng
CodeVerifyUnreadableExplanation = không đọc được đến hết các dòng đã lưu hoặc các bản ghi dùng để tạo ra chúng (tệp bị cắt cụt, bản ghi lớn hơn mức công cụ đọc). Kiểm tra các tệp.
CodeVerifyUnreadableExample = tieuchi verify --batch rows.jsonl export.parquet rules/cong-chuc   # tệp Parquet bị hỏng

CodeArgumentInvalidSummary = lời gọi nhận một tham số sai kiểu hoặc sai dạng
CodeArgumentInvalidExplanation = một hàm của gói Python hoặc JavaScript được gọi với tham số không dùng được: bản ghi không phải danh sách, tệp quy tắc không phải văn bản, tùy chọn sai kiểu. Thông báo nêu tham số và phần gợi ý nêu giá trị được nhận.
CodeArgumentInvalidExample = tieuchi.compile(42)   // JavaScript: văn bản quy tắc phải là một chuỗi

CodeArgumentBadDateSummary = ngày đánh giá truyền vào lời gọi không phải là ngày YYYY-MM-DD
CodeArgumentBadDateExplanation = ngày đánh giá truyền vào lời gọi (`on`, `--on`) không phải là ngày theo dạng YYYY-MM-DD. Viết lại cho đúng; còn `on` của chính bản ghi là dữ liệu minh chứng và được báo bằng `evidence::bad-date`.
CodeArgumentBadDateExample = rules.evaluate(record, {"{"} on: "30/06/2026" {"}"})

CodeArgumentNotInitializedSummary = công cụ được gọi trước khi được nạp
CodeArgumentNotInitializedExplanation = gói WebAssembly được gọi trước khi mô-đun được nạp. Chờ hàm xuất mặc định của gói (`await init()`) một lần trước mọi lời gọi khác. Mô-đun đánh giá (`tieuchi-wasm/evaluate`) không có trình biên dịch: một lời gọi biên dịch văn bản quy tắc ở đó cũng là lỗi này; hãy nhập `tieuchi-wasm` cho việc đó, hoặc nạp các quy tắc đã biên dịch thành byte.
CodeArgumentNotInitializedExample =
    import {"{"} compile {"}"} from 'tieuchi-wasm';
    compile(source)   // chưa gọi `await init()` trước

CodeArgumentUnknownParamSummary = giá trị thay thế nêu một tham số mà bộ quy tắc không có
CodeArgumentUnknownParamExplanation = một lần mô phỏng (`--set ID=VALUE`, `RuleSet.with_params(...)`) nêu một tham số mà bộ quy tắc không khai báo bằng `param`. Chỉ tham số mới được thay giá trị; đầu vào lấy từ dữ liệu minh chứng. Phần gợi ý liệt kê các tham số của bộ quy tắc.
CodeArgumentUnknownParamExample = tieuchi eval rules.tieuchi record.json --set nguong_htx=85   # tham số là `nguong_htxs`

CodeArgumentBadParamSummary = giá trị thay thế không phù hợp với kiểu của tham số
CodeArgumentBadParamExplanation = giá trị mô phỏng của một tham số không phù hợp với kiểu: một số như `85` cho `number`, một số nguyên cho `integer`, `85%` hoặc phân số `0.85` cho `percent`, `true` hoặc `false` cho `bool`. Viết giá trị theo dạng đó.
CodeArgumentBadParamExample = tieuchi eval rules.tieuchi record.json --set nguong_htxs=cao

CodeArgumentNotCompiledSummary = các byte được đưa làm quy tắc đã biên dịch không phải quy tắc đã biên dịch mà công cụ này đọc được
CodeArgumentNotCompiledExplanation = các byte được đưa vào để nạp một bộ quy tắc hoặc thư viện đã biên dịch (`RuleSet::from_bytes`, `Library::from_bytes`) không phải những gì `to_bytes` của công cụ này ghi ra: hoàn toàn không phải quy tắc đã biên dịch, được biên dịch bởi một phiên bản khác của công cụ, một thư viện ở chỗ cần một bộ quy tắc (hoặc ngược lại), hoặc đã bị thay đổi từ khi được ghi (mã băm không còn khớp). Biên dịch lại các tệp quy tắc bằng công cụ này và nạp nguyên vẹn các byte của nó.
CodeArgumentNotCompiledExample = tieuchi::RuleSet::from_bytes(&std::fs::read("nd335-2025.tieuchi")?)   # văn bản quy tắc, không phải byte đã biên dịch

CodeInternalErrorSummary = đã xảy ra lỗi mà không dữ liệu nào được phép gây ra
CodeInternalErrorExplanation = đã xảy ra lỗi mà không tệp quy tắc, dữ liệu minh chứng hay tham số nào được phép gây ra: một kết quả không ghi được thành JSON, một thất bại không chứa vấn đề nào. Đây là lỗi của tieuchi; hãy báo lỗi kèm dữ liệu đã gây ra nó.
CodeInternalErrorExample = chưa biết trường hợp nào: mọi dữ liệu từng gây ra lỗi này đã được sửa

CodeInternalPanicSummary = công cụ bị dừng đột ngột (panic); giao diện nào khởi động lại được thì khởi động lại
CodeInternalPanicExplanation = công cụ gặp một trạng thái không lường trước và dừng lại (panic của Rust). Trong JavaScript, gói ném lỗi này, khởi tạo một phiên bản WebAssembly mới và tiếp tục: các bộ quy tắc tự biên dịch lại ở lần dùng tiếp theo. Đây là lỗi của tieuchi; hãy báo lỗi kèm dữ liệu.
CodeInternalPanicExample = một lời gọi gây panic bên trong công cụ (hàm kiểm thử `_panicForTests()`)

CodeInternalTrapSummary = phiên bản WebAssembly bị dừng (hết bộ nhớ hoặc hết ngăn xếp) và đã được khởi động lại
CodeInternalTrapExplanation = phiên bản WebAssembly dừng mà không có panic: nó hết bộ nhớ hoặc hết ngăn xếp. Gói ném lỗi này và khởi tạo một phiên bản mới. Đưa dữ liệu nhỏ hơn, hoặc đánh giá từng phần.
CodeInternalTrapExample = dữ liệu minh chứng có danh sách hàng triệu phần tử, trên một trang web ít bộ nhớ

CodeFindingKnockoutSummary = điều kiện của quy tắc `force` thỏa mãn, nên bản ghi nhận mức của quy tắc đó (hoặc mức thấp hơn)
CodeFindingKnockoutExplanation = điều kiện của quy tắc `force` thỏa mãn, nên bản ghi nhận mức bị áp nếu mức này thấp hơn mức theo điểm; `applied` cho biết nó có làm thay đổi kết quả không. Không cần sửa gì: phát hiện này nêu quy tắc và căn cứ của nó.
CodeFindingKnockoutExample =
    force kht when suy_thoai because "Bị kết luận suy thoái"
    # với {"{"}"suy_thoai": true{"}"}

CodeFindingCapSummary = điều kiện của quy tắc `cap` thỏa mãn, nên mức của bản ghi không cao hơn mức trần
CodeFindingCapExplanation = điều kiện của quy tắc `cap` thỏa mãn, nên bản ghi được xếp tối đa ở mức trần; `applied` cho biết nó có hạ kết quả không.
CodeFindingCapExample =
    cap htnv when ky_luat_trong_nam >= khien_trach
    # với {"{"}"ky_luat_trong_nam": "khien_trach"{"}"}

CodeFindingExclusionSummary = điều kiện của quy tắc `exclude` thỏa mãn, nên bản ghi không được xếp loại
CodeFindingExclusionExplanation = điều kiện của quy tắc `exclude` thỏa mãn, nên bản ghi không được xếp loại (trạng thái `not rated`), vì văn bản pháp luật miễn cho trường hợp này.
CodeFindingExclusionExample = exclude when thoi_gian_cong_tac < 6 because "Công tác dưới 6 tháng"

CodeFindingMissingEvidenceSummary = chưa xác định được kết quả cho đến khi có các trường được nêu
CodeFindingMissingEvidenceExplanation = thiếu một số đầu vào cần cho việc quyết định, nên trạng thái là `not determinable`; `fields` liệt kê các đầu vào đó. Bổ sung các trường này.
CodeFindingMissingEvidenceExample = {"{"}"diem_chung": 25{"}"}   # `diem_nhiem_vu` not given

CodeFindingScoreClampedSummary = một điểm tính ra nằm ngoài 0..max và được giới hạn trong khoảng đó
CodeFindingScoreClampedExplanation = một điểm tính ra nhỏ hơn 0 hoặc lớn hơn `max` và được giới hạn trong khoảng đó, theo điểm tối đa của bảng chấm điểm. Kiểm tra dữ liệu minh chứng nếu điều này không như dự kiến.
CodeFindingScoreClampedExample = score cong "Điểm cộng" max 10 = so_sang_kien * 4   # với {"{"}"so_sang_kien": 3{"}"}

CodeFindingInexactDivisionSummary = một phép chia không có giá trị thập phân chính xác và đi vào kết quả mà chưa được làm tròn
CodeFindingInexactDivisionExplanation = một phép chia không có giá trị thập phân chính xác (1/3) và đi vào một giá trị hiển thị hoặc một phép so sánh sát ngưỡng mà chưa được làm tròn, nên kết quả phụ thuộc vào việc làm tròn ở 28 chữ số. Nêu quy tắc làm tròn ở bước nào: `round(…, places)`, `floor`, `ceil` hoặc `rounding` của bộ quy tắc.
CodeFindingInexactDivisionExample = let ty_le = so_dat / so_thanh_vien   # với {"{"}"so_dat": 1, "so_thanh_vien": 3{"}"}

CodeFindingQuotaPendingSummary = mức của bản ghi bị giới hạn bởi tỷ lệ khống chế mà chỉ khi xét cả lô mới áp dụng được
CodeFindingQuotaPendingExplanation = mức của bản ghi bị giới hạn bởi tỷ lệ khống chế trong nhóm của nó, điều mà một bản ghi riêng lẻ không áp dụng được. Đánh giá cả nhóm theo lô (`tieuchi batch`, `evaluate_many`).
CodeFindingQuotaPendingExample =
    quota htxs at most 20% of htt or better within co_quan
      rank by tong desc
      demote to htt

CodeFindingQuotaKeptSummary = bản ghi nằm trong tỷ lệ khống chế của nhóm và giữ nguyên mức
CodeFindingQuotaKeptExplanation = trong một lô, bản ghi được xếp hạng trong tỷ lệ khống chế của nhóm và giữ nguyên mức; nhãn nêu thứ hạng, số bản ghi được tính và giới hạn để có thể tính lại.
CodeFindingQuotaKeptExample = xếp thứ 1/3 cho `htxs`; 10 bản ghi đạt `htt` trở lên trước tỷ lệ khống chế, giới hạn 20% (tính trước khi hạ mức) cho phép 2

CodeFindingQuotaDemotedSummary = bản ghi vượt tỷ lệ khống chế của nhóm và bị hạ xuống mức `demote to` của tỷ lệ khống chế
CodeFindingQuotaDemotedExplanation = trong một lô, bản ghi được xếp hạng vượt tỷ lệ khống chế của nhóm và bị hạ xuống mức `demote to`; nhãn nêu thứ hạng và giới hạn.
CodeFindingQuotaDemotedExample = xếp thứ 3/3 cho `htxs`; …cho phép 2; hạ xuống `htt`

CodeFindingQuotaUnplacedSummary = tỷ lệ khống chế không xếp được bản ghi vào nhóm vì thiếu một khóa
CodeFindingQuotaUnplacedExplanation = tỷ lệ khống chế chia nhóm bản ghi theo các khóa `within` và bản ghi này thiếu một khóa, nên không xếp được vào nhóm nào. Bổ sung khóa đó.
CodeFindingQuotaUnplacedExample = {"{"}"diem": 95{"}"}   # không có `co_quan` cho `quota … within co_quan`

CodeFindingNotInForceSummary = bộ quy tắc không có hiệu lực vào ngày đánh giá
CodeFindingNotInForceExplanation = một bộ quy tắc được đánh giá riêng lẻ (`RuleSet::evaluate`, `ruleset` của tệp kiểm thử) không có hiệu lực vào ngày đánh giá; kết quả vẫn được đưa ra nhưng có thể không đúng quy định của ngày đó. Đánh giá bằng phiên bản của nhóm bộ quy tắc có hiệu lực khi đó (thư viện hoặc thư mục sẽ chọn theo ngày).
CodeFindingNotInForceExample = cong_chuc_nd335 (valid from 2026-01-01) được đánh giá với {"{"}"on": "2024-06-30"{"}"}
