# Nhãn của các phát hiện trong kết quả đánh giá (mã phát hiện không dịch).

FindingMissingEvidence = thiếu dữ liệu: { $fields }
FindingScoreClamped = `{ $name }` tính ra { $value } và được giới hạn trong 0..{ $max }
FindingQuotaPending = `{ $tier }` chỉ được tối đa { $share }% của { $counted } trong từng nhóm { $within }; một bản ghi riêng lẻ không thể áp dụng tỷ lệ khống chế
TierOrBetter = `{ $tier }` trở lên
InForceFromUntil = từ { $from } đến { $until }
InForceFrom = từ { $from }
InForceUntil = đến { $until }
InForceAlways = không giới hạn thời gian
FindingNotInForce = `{ $ruleset }` có hiệu lực { $window }, không có hiệu lực vào ngày { $on }
FindingInexactValue = `{ $division }` không có giá trị thập phân chính xác (đã làm tròn ở 28 chữ số), nên `{ $name }` = { $value } có thể không chính xác; hãy ghi rõ quy tắc làm tròn ở bước nào: `round(…, places)`, `floor`, `ceil` hoặc `rounding` của bộ quy tắc
FindingInexactCondition = `{ $division }` không có giá trị thập phân chính xác, và `{ $condition }` so sánh nó với một số quá sát, 28 chữ số không đủ để phân biệt số nào lớn hơn
CountedBeforeDemotion = trước khi hạ mức
CountedAfterDemotion = sau khi hạ mức
FindingQuotaRanked = xếp thứ { $rank }/{ $candidates } cho `{ $tier }`; { $counted } bản ghi đạt { $tiers } trước khi áp dụng tỷ lệ khống chế, giới hạn { $share }% (tính { $basis }) cho phép { $limit }
FindingQuotaUnplaced = tỷ lệ khống chế của `{ $tier }` không xếp được bản ghi này vào nhóm nào: thiếu một khóa
FindingQuotaDemoted = { $ranked }; hạ xuống `{ $to }`
ChosenInForce = có hiệu lực vào ngày { $on }
ChosenNamedNotInForce = được chỉ định; không có hiệu lực vào ngày { $on }
ChosenNamedNoDate = được chỉ định; không có ngày đánh giá
