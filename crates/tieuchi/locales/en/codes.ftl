# What each code of the engine means (`tieuchi explain`, Python's and JavaScript's `codes()`): its
# summary, explanation and example. The codes are not translated.

CodeKindSyntax = syntax: the text of a rule file
CodeKindCheck = check: the meaning of a rule file (errors and warnings)
CodeKindEvidence = evidence: a record that does not fit the rule set's inputs
CodeKindEval = eval: arithmetic with no exact answer
CodeKindSelect = select: choosing the rule set or version to evaluate with
CodeKindVerify = verify: checking a recorded result against its evidence and rules (`tieuchi verify`)
CodeKindArgument = argument: a call to the engine with an argument it cannot use (Python, JavaScript)
CodeKindInternal = internal: what no input should cause (a panic, a trap), reported rather than hidden
CodeKindFinding = finding: what an evaluation found (in a result's `findings`)

CodeSyntaxExpectedSummary = the text does not follow the grammar
CodeSyntaxExpectedExplanation = the parser met something the grammar does not allow at that place; the message says what it expected. Fix the text at the caret: often a missing `{"}"}`, a missing `:` before a type, or a label without quotes.
CodeSyntaxExpectedExample = input diem "Điểm" number in 0..100   # `:` missing before the type

CodeSyntaxTooLargeSummary = the rule file exceeds the size limit
CodeSyntaxTooLargeExplanation = a rule file may be at most 1 MiB, so that no input can exhaust memory. Split a very large framework into rule sets that import from each other.
CodeSyntaxTooLargeExample = a generated rule file of several megabytes

CodeSyntaxTooDeepSummary = expressions or blocks nest deeper than the limit
CodeSyntaxTooDeepExplanation = brackets, `if` expressions or score blocks nest deeper than the engine allows. Name the inner parts with `let` and use the names.
CodeSyntaxTooDeepExample = let x = ((((((((((((((((((((((((((((((((((diem))))))))))))))))))))))))))))))))))

CodeSyntaxBadNumberSummary = a number literal cannot be represented exactly
CodeSyntaxBadNumberExplanation = every number is an exact decimal of at most 28 significant digits; this literal has more, or is too large. Write it with fewer digits.
CodeSyntaxBadNumberExample = let nguong = 0.12345678901234567890123456789

CodeSyntaxBadDateSummary = a date literal is not a real calendar date
CodeSyntaxBadDateExplanation = a date is written `YYYY-MM-DD` and must exist in the calendar. Correct the day or month.
CodeSyntaxBadDateExample = valid from 2025-02-30

CodeCheckDuplicateNameSummary = a name is declared twice
CodeCheckDuplicateNameExplanation = inputs, keys, lets, scores, enums, tiers and rule set ids in a library share one namespace each; two declarations use the same name. Rename one of them.
CodeCheckDuplicateNameExample =
    input diem "Điểm": number
    let diem = 1

CodeCheckDuplicateHeaderSummary = a header item is given twice
CodeCheckDuplicateHeaderExplanation = a rule set's header items (`source`, `valid from`, `rounding`, `replaces`, …) may each be given once. Remove the repeated one.
CodeCheckDuplicateHeaderExample =
    valid from 2025-01-01
    valid from 2026-01-01

CodeCheckReservedNameSummary = a name is reserved for evidence metadata
CodeCheckReservedNameExplanation = `id`, `on` and `year` name the metadata of an evidence record (its subject, its date, a history's year), so they cannot be declared as names. Choose another name.
CodeCheckReservedNameExample = let on = 1

CodeCheckUnknownNameSummary = a name refers to nothing declared
CodeCheckUnknownNameExplanation = an expression, force, cap or test refers to a name that is not declared (the help suggests near spellings). Declare it as an input or let, or fix the spelling.
CodeCheckUnknownNameExample =
    outcome xep_loai "Xếp loại" {"{"}
      dat "Đạt" when tong_diem >= 50   # no `tong_diem` declared
    {"  ."}..
    {"}"}

CodeCheckUnknownTypeSummary = a type name is neither built in nor a declared enum
CodeCheckUnknownTypeExplanation = a type is one of `number`, `integer`, `percent`, `bool`, `text`, `date`, a list or history, or an enum declared in the rule set. Declare the enum or use a built-in type.
CodeCheckUnknownTypeExample = input hang "Hạng": xep_hang   # no `enum xep_hang`

CodeCheckUnknownFunctionSummary = a function name is not one the language has
CodeCheckUnknownFunctionExplanation = the language has a fixed set of functions (`round`, `floor`, `ceil`, `min`, `max`, `sum`, `count`, `mean`, `all`, `any`, `share`, `streak`, …). Use one of them.
CodeCheckUnknownFunctionExample = let x = average(lich_su, diem)

CodeCheckAritySummary = a function got the wrong number of arguments
CodeCheckArityExplanation = a function was called with more or fewer arguments than it takes. The message gives its signature.
CodeCheckArityExample = let x = round(diem)   # round(value, places)

CodeCheckTypeMismatchSummary = an expression has a type its context cannot use
CodeCheckTypeMismatchExplanation = an expression's type does not fit where it is used: a number where a condition is needed, text added to a number, a score that is not a number. Convert or compare explicitly.
CodeCheckTypeMismatchExample = dat "Đạt" when diem   # a number, not a condition

CodeCheckEnumMismatchSummary = values of two different enums are compared
CodeCheckEnumMismatchExplanation = values of two different enums cannot be compared, even when their value names coincide. Compare each with a value of its own enum.
CodeCheckEnumMismatchExample = when ky_luat = xep_loai_nam_truoc

CodeCheckUnorderedEnumSummary = an enum without `ordered` is compared with < or >
CodeCheckUnorderedEnumExplanation = `<` and `>` need an order, and only enums declared `ordered` have one. Declare the enum `ordered` (worst or best first, as the law lists them) or compare with `=`.
CodeCheckUnorderedEnumExample =
    enum muc "Mức" {"{"} a "A"  b "B" {"}"}
    {"."}.. when muc > a

CodeCheckBadRangeSummary = an input range is empty or does not fit its type
CodeCheckBadRangeExplanation = an input's range `lo..hi` must have lo ≤ hi and fit the input's type (whole numbers for `integer`, 0%..100% style for `percent`). Correct the bounds.
CodeCheckBadRangeExample = input diem "Điểm": number in 100..0

CodeCheckBadDefaultSummary = a default value does not fit its input's type or range
CodeCheckBadDefaultExplanation = a `default` value must have the input's type and lie within its range. Correct the default.
CodeCheckBadDefaultExample = input diem "Điểm": number in 0..100 default 120

CodeCheckBadParamSummary = a parameter's type is not one a parameter may have, its values do not fit it or are not in date order, or (a warning) it has no value before its first date
CodeCheckBadParamExplanation = a `param` is a `bool`, `integer`, `number` or `percent`; each of its values must be a literal of that type (a percent written with `%`), at most one value may be undated (it applies before every dated one, so it is written first), and the dated values follow in ascending order of `from`, each date once. Correct the type or the values. A parameter whose values are all dated has none before the first date: a warning, unless the rule set is `valid from` that date or later.
CodeCheckBadParamExample =
    param nguong "Ngưỡng": number
      = 90 from 2027-01-01
      = 85 from 2026-01-01   # not in date order

CodeCheckScoreAboveParentSummary = an item's max exceeds its parent's max
CodeCheckScoreAboveParentExplanation = a scored item inside a score block has a `max` larger than its parent's `max`, which the parent can never show. Lower the item's max or raise the parent's.
CodeCheckScoreAboveParentExample =
    score tong "Tổng" max 30 {"{"}
      score chung "Chung" max 40 = diem_chung
    {"}"}

CodeCheckScoreUnreachableSummary = a parent's max cannot be reached by its children
CodeCheckScoreUnreachableExplanation = the children's maxima add up to less than the parent's max, so the parent can never reach it (usually an item is missing). Add the missing item or correct the maxima.
CodeCheckScoreUnreachableExample =
    score tong "Tổng" max 100 {"{"}
      score chung "Chung" max 30 = assessed
      score rieng "Riêng" max 60 = assessed
    {"}"}

CodeCheckScoreExceedsSummary = the children's maxima add up to more than the parent's max
CodeCheckScoreExceedsExplanation = the children's maxima add up to more than the parent's max, so the parent's sum can pass its own maximum. Correct the maxima as the legal text gives them.
CodeCheckScoreExceedsExample =
    score tong "Tổng" max 100 {"{"}
      score chung "Chung" max 50 = assessed
      score rieng "Riêng" max 60 = assessed
    {"}"}

CodeCheckMissingOutcomeSummary = a rule set declares no outcome
CodeCheckMissingOutcomeExplanation = a rule set rates records into the tiers of one `outcome`; this one declares none. Add the outcome ladder.
CodeCheckMissingOutcomeExample =
    ruleset demo "Ví dụ" {"{"}
      input diem "Điểm": number
    {"}"}

CodeCheckMultipleOutcomesSummary = a rule set declares more than one outcome
CodeCheckMultipleOutcomesExplanation = a rule set has exactly one outcome. Split the second rating into a rule set of its own.
CodeCheckMultipleOutcomesExample =
    outcome xep_loai "Xếp loại" {"{"} ... {"}"}
    outcome khen_thuong "Khen thưởng" {"{"} ... {"}"}

CodeCheckNoOtherwiseSummary = an outcome ladder can end without a tier
CodeCheckNoOtherwiseExplanation = when every tier has a condition, a record meeting none of them gets no tier. End the ladder with an `otherwise` tier.
CodeCheckNoOtherwiseExample =
    outcome ket_qua "Kết quả" {"{"}
      dat "Đạt" when diem >= 50
    {"}"}

CodeCheckOtherwiseNotLastSummary = `otherwise` is not the last tier
CodeCheckOtherwiseNotLastExplanation = `otherwise` catches every record the tiers above it did not take, so tiers after it could never be chosen. Move it to the end.
CodeCheckOtherwiseNotLastExample =
    kht "Không hoàn thành" otherwise
    ht "Hoàn thành" when diem >= 50

CodeCheckUnreachableTierSummary = a tier can never be chosen
CodeCheckUnreachableTierExplanation = a tier's condition can never hold once the tiers above have taken their records (for example a higher threshold below a lower one). Reorder the tiers or correct the threshold.
CodeCheckUnreachableTierExample =
    dat "Đạt" when diem >= 50
    tot "Tốt" when diem >= 80

CodeCheckOverlappingTiersSummary = part of a tier's band is already taken by a tier above
CodeCheckOverlappingTiersExplanation = part of this tier's band is already taken by a tier above (tiers are tried from the top, the first that holds wins), so the overlap never reaches this tier, which usually means a threshold is copied wrong. Check the thresholds against the legal text.
CodeCheckOverlappingTiersExample =
    tot "Tốt" when diem >= 80
    dat "Đạt" when diem >= 50 and diem < 85

CodeCheckTierGapSummary = values between a band and the band above it belong to neither, and fall to a tier below
CodeCheckTierGapExplanation = this tier's band ends below where the band above it starts: a record between the two is in neither and falls to a tier further down, which usually means a threshold is copied wrong. Make the bands meet (`< 85` under `>= 85`), or say in a comment why the gap is the law's.
CodeCheckTierGapExample =
    htxs "Xuất sắc" when tong >= 90
    htt "Tốt" when tong >= 70 and tong < 85
    htnv "Hoàn thành" when tong >= 50

CodeCheckUnknownTierSummary = a force, cap or quota names a tier the outcome lacks
CodeCheckUnknownTierExplanation = a `force`, `cap` or `quota` names a tier that the outcome does not declare. Use one of the outcome's tier ids.
CodeCheckUnknownTierExample = force khong_hoan_thanh when diem < 5   # the tier is `kht`

CodeCheckQuotaNotLowerSummary = a quota's `demote to` tier is no worse than the tier it limits, so it would raise records
CodeCheckQuotaNotLowerExplanation = a quota lowers the records beyond its share to its `demote to` tier; that tier must be worse than the one it limits, or the quota would raise them. Name a lower tier.
CodeCheckQuotaNotLowerExample =
    quota htt at most 20% of htt within co_quan
      rank by diem desc
      demote to htxs

CodeCheckCycleSummary = derived values depend on themselves
CodeCheckCycleExplanation = a let or score is computed from itself, directly or through others, so it has no value. Break the loop.
CodeCheckCycleExample =
    let a = b + 1
    let b = a + 1

CodeCheckUnusedInputSummary = an input is declared but never used
CodeCheckUnusedInputExplanation = an input is declared but no rule reads it (a warning): evidence for it is asked for and ignored. Use it in a rule or remove it.
CodeCheckUnusedInputExample = input ghi_chu "Ghi chú": number   # read by nothing

CodeCheckNestedCollectionSummary = a list or history sits inside another
CodeCheckNestedCollectionExplanation = a list or history member may not itself hold a list or history, nor may an aggregate over one collection read another. Flatten the data, or rate the members with their own rule set.
CodeCheckNestedCollectionExample =
    input to "Tổ": list of {"{"}
      thanh_vien: list of {"{"} dat: bool {"}"}
    {"}"}

CodeCheckImportSummary = a qualified name needs the rule set it names
CodeCheckImportExplanation = a qualified name such as `cong_chuc_nd335.xep_loai` refers to another rule set, which must be loaded beside this one. Check the folder (`tieuchi check rules/`) or pass the imported rule set.
CodeCheckImportExample = input xl "Xếp loại cá nhân": cong_chuc_nd335.xep_loai   # checked alone

CodeCheckBadTestSummary = a test block names something the rule set lacks
CodeCheckBadTestExplanation = a `test` block's `given` or `expect` names something the rule set does not declare. Fix the name in the test.
CodeCheckBadTestExample =
    test "t" {"{"}
      given {"{"} diem: 60 {"}"}
      expect ket_qua = dat   # the outcome is `xep_loai`
    {"}"}

CodeCheckOverlappingVersionsSummary = two versions of a rule family are in force on the same date
CodeCheckOverlappingVersionsExplanation = two rule sets of one family (linked by `replaces`) are both in force on some date, so the version for that date is ambiguous. End the older one's `valid until` before the newer one's `valid from`.
CodeCheckOverlappingVersionsExample =
    valid from 2020-01-01   # the old version, no `valid until`
    valid from 2026-01-01   # the new one, `replaces` the old

CodeCheckLimitSummary = a rule set has more tiers, enum values, rules or longer names than the engine allows
CodeCheckLimitExplanation = the engine bounds tiers, enum values, rules, quotas and name lengths (see `tieuchi::limits`) so that no rule file can exhaust memory. Split the rule set or shorten the name.
CodeCheckLimitExample = an enum with 5000 values

CodeCheckConstantConditionSummary = a comparison is decided by a declared range alone, such as a percent compared with 50 instead of 50%
CodeCheckConstantConditionExplanation = a comparison's answer follows from the declared range alone (a warning), which usually means a percent is compared with a plain number. Write `50%` for a percent.
CodeCheckConstantConditionExample =
    input ty_le "Tỷ lệ": percent
    {"."}.. when ty_le < 50   # always true; `50%` was meant

CodeCheckUnitMismatchSummary = points are compared with a percent, such as `tong >= 90%` where 90 points were meant
CodeCheckUnitMismatchExplanation = a score counts points (`tong` from 0 to its max) and a percent is a fraction (`90%` is 0.9), so comparing one with the other almost never says what was meant: a 20-point record is at least 0.9. Compare points with points (`tong >= 90`), or the score's share of its max with a percent (`tong / tong.max >= 90%`).
CodeCheckUnitMismatchExample = htxs "Xuất sắc" when tong >= 90%   # 90 points was meant: `tong >= 90`

CodeCheckImportFailedSummary = a rule set imports from one that does not compile
CodeCheckImportFailedExplanation = a rule set imports from another that has errors of its own. Fix the errors of the imported rule set first.
CodeCheckImportFailedExample = input xl "Xếp loại": mau.xep_loai   # where mau.tieuchi does not compile

CodeCheckUnroundedDivisionSummary = a computed score divides and nothing says how its quotient is rounded
CodeCheckUnroundedDivisionExplanation = a score divides, and the quotient may have no exact decimal value (1/3), so the score would depend on 28-digit rounding. State the rounding: `round(…, places)`, `floor`, `ceil`, or a `rounding` header for the rule set.
CodeCheckUnroundedDivisionExample = score ty_le "Tỷ lệ" max 10 = so_dat / so_thanh_vien * 10

CodeCheckLayerBaseSummary = a layer extends a rule set that is not loaded, is itself a layer or is in force on none of its dates, or does not apply onto a national version in force on its dates; or a score is placed `under` another outside a layer
CodeCheckLayerBaseExplanation = `ruleset id "…" extends national` merges a layer onto the national rule set `national`, which must be loaded beside it and must not be a layer itself. Load the folder, or extend the national rule set.
CodeCheckLayerBaseExample = ruleset thai_nguyen_cc "…" extends cong_chuc_nd335 {"{"} … {"}"}   # checked alone

CodeCheckLayerRedefinesSummary = a layer redeclares a name or header of the rule set it extends
CodeCheckLayerRedefinesExplanation = a layer adds inputs, lets, scores, knock-outs, caps and tests of its own; it may not declare again an input, key, let, score or enum of the rule set it extends, nor change its rounding. Rename the layer's declaration, or use a parameter or a tier condition.
CodeCheckLayerRedefinesExample = input suy_thoai "…": bool default false   # in a layer: lifts the national knock-out

CodeCheckLayerLoosensSummary = a layer rule could give a better tier than the national rules
CodeCheckLayerLoosensExplanation = a layer may only make a result stricter: a parameter's value only in the stricter direction (told by how the national tiers compare it), a tier's condition only the national one `and` more, a knock-out only to the worst tier (`cap` for any other). Make the rule stricter, or leave it to the national rules.
CodeCheckLayerLoosensExample = param nguong_htxs "…": number = 85   # the national value is 90

CodeEvidenceNotJsonSummary = a batch record is not valid JSON, or a CSV row cannot be read
CodeEvidenceNotJsonExplanation = a batch line is not valid JSON, or a CSV row does not match the header. Fix the record; the other records are still rated.
CodeEvidenceNotJsonExample = {"{"}"diem": 72.5,

CodeEvidenceNotAnObjectSummary = an evidence record is not a JSON object
CodeEvidenceNotAnObjectExplanation = an evidence record is a JSON object of field names to values. Wrap the values in an object.
CodeEvidenceNotAnObjectExample = {"["}72.5, true]

CodeEvidenceUnknownFieldSummary = a field is not an input of the rule set
CodeEvidenceUnknownFieldExplanation = a field is not an input or key of the rule set (the help suggests near spellings); a typo would otherwise be ignored silently. Fix or remove the field.
CodeEvidenceUnknownFieldExample = {"{"}"diem_chugn": 25{"}"}

CodeEvidenceWrongTypeSummary = a value has the wrong type for its field
CodeEvidenceWrongTypeExplanation = a value has the wrong JSON type for its field: text for a bool, a number for a date. Give the type the schema asks for.
CodeEvidenceWrongTypeExample = {"{"}"suy_thoai": "không"{"}"}   # a bool field

CodeEvidenceNotIntegerSummary = a whole number was expected
CodeEvidenceNotIntegerExplanation = an `integer` field got a fraction. Give a whole number.
CodeEvidenceNotIntegerExample = {"{"}"so_nam": 2.5{"}"}

CodeEvidenceOutOfRangeSummary = a number lies outside its field's declared range
CodeEvidenceOutOfRangeExplanation = a number lies outside its field's declared range, which is usually a data-entry error. Correct the value (or the range, if the law allows more).
CodeEvidenceOutOfRangeExample = {"{"}"diem_chung": 35{"}"}   # declared 0..30

CodeEvidenceBadEnumValueSummary = a value is not one of its enum's values
CodeEvidenceBadEnumValueExplanation = an enum field got a value that is not one of its enum's ids. Use one of the ids the schema lists.
CodeEvidenceBadEnumValueExample = {"{"}"ky_luat_trong_nam": "canh_bao"{"}"}   # the id is `canh_cao`

CodeEvidenceBadDateSummary = a date is not a real YYYY-MM-DD date
CodeEvidenceBadDateExplanation = a date is the text `YYYY-MM-DD` of a real calendar day. Correct it.
CodeEvidenceBadDateExample = {"{"}"on": "2025-13-01"{"}"}

CodeEvidenceBadNumberSummary = a number cannot be read or held exactly
CodeEvidenceBadNumberExplanation = a number has more than 28 significant digits or is too large to hold exactly, or text in a number field is not a number. Give the number as a decimal string or a plain JSON number.
CodeEvidenceBadNumberExample = {"{"}"diem": "7,5"{"}"}

CodeEvidenceDuplicateYearSummary = a history has two records for one year
CodeEvidenceDuplicateYearExplanation = a history holds one record per `year`; two have the same year. Merge or correct them.
CodeEvidenceDuplicateYearExample = {"{"}"lich_su": [{"{"}"year": 2024, "dat": true{"}"}, {"{"}"year": 2024, "dat": false{"}"}]{"}"}

CodeEvidenceTooManySummary = a list or history has more members than the limit
CodeEvidenceTooManyExplanation = a list or history has more members than the engine allows. Split the evaluation.
CodeEvidenceTooManyExample = a list of 200000 members

CodeEvidenceMemberErrorSummary = a member could not be evaluated by its own rule set
CodeEvidenceMemberErrorExplanation = a member of a list rated by its own rule set could not be evaluated; the field names the member and the message its problem. Fix that member's evidence.
CodeEvidenceMemberErrorExample = {"{"}"thanh_vien": [{"{"}"diem": 120{"}"}]{"}"}   # each member rated by another rule set

CodeEvidenceDuplicateFieldSummary = a record gives the same field twice
CodeEvidenceDuplicateFieldExplanation = a JSON record gives a field twice, so it is unclear which value counts. Keep one.
CodeEvidenceDuplicateFieldExample = {"{"}"diem": 60, "diem": 70{"}"}

CodeEvidenceTooLargeSummary = a batch record is larger than the limit
CodeEvidenceTooLargeExplanation = one batch record is larger than the engine reads, which guards against runaway input. Check that records are separated by new lines.
CodeEvidenceTooLargeExample = a JSON Lines file without line breaks

CodeEvalDivisionByZeroSummary = an expression divided by zero
CodeEvalDivisionByZeroExplanation = an expression divided by zero for this record's evidence. Guard the division in the rule with `if`.
CodeEvalDivisionByZeroExample =
    let ty_le = so_dat / so_thanh_vien   # with {"{"}"so_thanh_vien": 0{"}"}
    # fix: if so_thanh_vien = 0 then 0 else so_dat / so_thanh_vien

CodeEvalOverflowSummary = a result is too large to hold exactly
CodeEvalOverflowExplanation = a result is too large for an exact decimal of 28 digits; the evidence is almost surely implausible. Check the values, or declare ranges on the inputs.
CodeEvalOverflowExample = let x = a * b * c   # with values near 10^20

CodeEvalEmptyCollectionSummary = a mean, minimum, maximum or share of an empty list
CodeEvalEmptyCollectionExplanation = a mean, minimum, maximum or share has no value over an empty list. Guard it with `count(list) > 0`.
CodeEvalEmptyCollectionExample = let tb = mean(thanh_vien, diem)   # with {"{"}"thanh_vien": []{"}"}

CodeSelectUnknownSummary = no loaded rule set has the id asked for
CodeSelectUnknownExplanation = the rule set id asked for is not among those loaded. Check the id (`tieuchi check` lists them) or load its file.
CodeSelectUnknownExample = tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd999 record.json

CodeSelectNoneInForceSummary = no version of the rule family is in force on the evaluation date
CodeSelectNoneInForceExplanation = no version of the family is valid on the evaluation date: it falls before the first version's `valid from` or after the last one's `valid until`. Check the date, or add the version in force then.
CodeSelectNoneInForceExample = tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd335 --on 1999-01-01 record.json

CodeSelectNeedDateSummary = a rule family has several versions and no evaluation date chooses one
CodeSelectNeedDateExplanation = a family has several versions and neither the record (`on`) nor the call gives a date to choose one. Give the evaluation date.
CodeSelectNeedDateExample = tieuchi eval rules/cong-chuc record.json   # two versions, no `--on`, no `on` in the record

CodeSelectAmbiguousSummary = several rule families are loaded and none is named
CodeSelectAmbiguousExplanation = several rule families are loaded and the call names none. Name the rule set to use.
CodeSelectAmbiguousExample = tieuchi eval rules/ record.json   # a folder of several families, no `--ruleset`

CodeSelectEmptySummary = no rule set is loaded
CodeSelectEmptyExplanation = there is no rule set to evaluate with. Load at least one rule file.
CodeSelectEmptyExample = tieuchi eval empty-folder/ record.json

CodeVerifyNotAResultSummary = the recorded document is not a result that names its rules
CodeVerifyNotAResultExplanation = the document given as the recorded result has no `rules.id`: it is not a result of `tieuchi eval` (or one made before results named their rules). Give the result's JSON as `tieuchi eval` printed it.
CodeVerifyNotAResultExample = tieuchi verify evidence.json evidence.json rules/cong-chuc   # the evidence twice

CodeVerifyBadDateSummary = the recorded result's date is not a date
CodeVerifyBadDateExplanation = the recorded result's `on` is not a YYYY-MM-DD date, so it cannot be evaluated again on it. The result was edited; take it from where it was kept.
CodeVerifyBadDateExample = {"{"}"on": "30/06/2026", "rules": {"{"}"id": "cong_chuc_nd335", …{"}"}, …{"}"}

CodeVerifyUnknownRulesetSummary = the rules given do not hold the rule set the result names
CodeVerifyUnknownRulesetExplanation = the rule files given do not define the rule set the result names (`rules.id`). Give the folder or file that holds it.
CodeVerifyUnknownRulesetExample = tieuchi verify result.json evidence.json rules/van-hoa   # a result of cong_chuc_nd335

CodeVerifyNotRowsSummary = the recorded rows are not the JSON Lines rows of a batch
CodeVerifyNotRowsExplanation = the rows given to `tieuchi verify --batch` are not the JSON Lines `tieuchi batch` writes: the first line is not a JSON object with a `row`. Give the rows as the batch wrote them (`-o rows.jsonl`); CSV and Parquet rows are not verified.
CodeVerifyNotRowsExample = tieuchi verify --batch rows.csv records.jsonl rules/cong-chuc

CodeVerifyUnreadableSummary = the recorded rows or their records could not be read to the end
CodeVerifyUnreadableExplanation = the recorded rows or the records they were made from could not be read to the end (a file cut short, a record larger than the engine reads). Check the files.
CodeVerifyUnreadableExample = tieuchi verify --batch rows.jsonl export.parquet rules/cong-chuc   # a damaged Parquet file

CodeArgumentInvalidSummary = a call was given an argument of the wrong type or shape
CodeArgumentInvalidExplanation = a function of the Python or JavaScript package was called with an argument it cannot use: records that are not a list, rule files that are not text, an option of the wrong type. The message names the argument and the help says what it takes.
CodeArgumentInvalidExample = tieuchi.compile(42)   // JavaScript: the rule source must be a string

CodeArgumentBadDateSummary = the evaluation date given to a call is not a YYYY-MM-DD date
CodeArgumentBadDateExplanation = the evaluation date given to a call (`on`, `--on`) is not a calendar date written YYYY-MM-DD. Write it so; a record's own `on` is evidence and is reported as `evidence::bad-date` instead.
CodeArgumentBadDateExample = rules.evaluate(record, {"{"} on: "30/06/2026" {"}"})

CodeArgumentNotInitializedSummary = the engine was called before it was loaded
CodeArgumentNotInitializedExplanation = the WebAssembly package was called before its module was loaded. Await the package's default export (`await init()`) once before any other call. The evaluation module (`tieuchi-wasm/evaluate`) has no compiler: a call that compiles rule text there is this error too; import `tieuchi-wasm` for it, or load rules compiled to bytes.
CodeArgumentNotInitializedExample =
    import {"{"} compile {"}"} from 'tieuchi-wasm';
    compile(source)   // without `await init()` first

CodeArgumentUnknownParamSummary = a parameter override names no parameter of the rule set
CodeArgumentUnknownParamExplanation = a simulation (`--set ID=VALUE`, `RuleSet.with_params(...)`) names a parameter the rule set does not declare with `param`. Only parameters can be overridden; inputs come from the evidence. The help lists the rule set's parameters.
CodeArgumentUnknownParamExample = tieuchi eval rules.tieuchi record.json --set nguong_htx=85   # the param is `nguong_htxs`

CodeArgumentBadParamSummary = a parameter override's value does not fit the parameter's type
CodeArgumentBadParamExplanation = a simulation's value for a parameter does not fit its type: a number such as `85` for `number`, a whole number for `integer`, `85%` or the fraction `0.85` for `percent`, `true` or `false` for `bool`. Write the value so.
CodeArgumentBadParamExample = tieuchi eval rules.tieuchi record.json --set nguong_htxs=cao

CodeArgumentNotCompiledSummary = bytes given as compiled rules are not compiled rules this engine reads
CodeArgumentNotCompiledExplanation = bytes given to load a compiled rule set or library (`RuleSet::from_bytes`, `Library::from_bytes`) are not what this engine's `to_bytes` writes: not compiled rules at all, compiled by another version of the engine, a library where a rule set was asked for (or the other way round), or changed since they were written (their digest no longer matches). Compile the rule files again with this engine and load its bytes unchanged.
CodeArgumentNotCompiledExample = tieuchi::RuleSet::from_bytes(&std::fs::read("nd335-2025.tieuchi")?)   # the rule text, not compiled bytes

CodeInternalErrorSummary = something failed that no input should make fail
CodeInternalErrorExplanation = something failed that no rule file, evidence or argument should make fail: a result that cannot be written as JSON, a failure with no problem in it. It is a bug in tieuchi; report it with the input that caused it.
CodeInternalErrorExample = none known: every input that gave it has been fixed

CodeInternalPanicSummary = the engine panicked; a front end that can restarts it
CodeInternalPanicExplanation = the engine met a state it does not expect and stopped (a Rust panic). In JavaScript the package throws this, starts a fresh WebAssembly instance and goes on: rule sets compile themselves again on their next use. It is a bug in tieuchi; report it with the input.
CodeInternalPanicExample = a call that panics inside the engine (the test hook `_panicForTests()`)

CodeInternalTrapSummary = the WebAssembly instance stopped (out of memory or stack) and was restarted
CodeInternalTrapExplanation = the WebAssembly instance stopped without a panic: it ran out of memory or of stack. The package throws this and starts a fresh instance. Give smaller inputs, or evaluate them in parts.
CodeInternalTrapExample = evidence with a list of millions of members, in a page with little memory

CodeFindingKnockoutSummary = a `force` rule's condition holds, so the record gets its tier (or a worse one)
CodeFindingKnockoutExplanation = a `force` rule's condition holds, so the record gets the forced tier if it is worse than the tier its score gives; `applied` says whether it changed the result. Nothing to fix: it cites the rule and its source.
CodeFindingKnockoutExample =
    force kht when suy_thoai because "Bị kết luận suy thoái"
    # with {"{"}"suy_thoai": true{"}"}

CodeFindingCapSummary = a `cap` rule's condition holds, so the record's tier is at most the cap
CodeFindingCapExplanation = a `cap` rule's condition holds, so the record is rated at most the cap's tier; `applied` says whether it lowered the result.
CodeFindingCapExample =
    cap htnv when ky_luat_trong_nam >= khien_trach
    # with {"{"}"ky_luat_trong_nam": "khien_trach"{"}"}

CodeFindingExclusionSummary = an `exclude` rule's condition holds, so the record is not rated
CodeFindingExclusionExplanation = an `exclude` rule's condition holds, so the record is not rated (status `not rated`), as the law exempts it.
CodeFindingExclusionExample = exclude when thoi_gian_cong_tac < 6 because "Công tác dưới 6 tháng"

CodeFindingMissingEvidenceSummary = the result cannot be determined until the named fields are given
CodeFindingMissingEvidenceExplanation = some inputs the decision needs are missing, so the status is `not determinable`; `fields` lists them. Give those fields.
CodeFindingMissingEvidenceExample = {"{"}"diem_chung": 25{"}"}   # `diem_nhiem_vu` not given

CodeFindingScoreClampedSummary = a computed score fell outside 0..max and was held to that range
CodeFindingScoreClampedExplanation = a computed score fell below 0 or above its `max` and was held to that range, as the scorecard's maximum requires. Check the evidence if that is unexpected.
CodeFindingScoreClampedExample = score cong "Điểm cộng" max 10 = so_sang_kien * 4   # with {"{"}"so_sang_kien": 3{"}"}

CodeFindingInexactDivisionSummary = a division has no exact decimal value and reached the result unrounded
CodeFindingInexactDivisionExplanation = a division has no exact decimal value (1/3) and reached a shown value or a close comparison unrounded, so the result rests on 28-digit rounding. State where the rule rounds: `round(…, places)`, `floor`, `ceil` or the rule set's `rounding`.
CodeFindingInexactDivisionExample = let ty_le = so_dat / so_thanh_vien   # with {"{"}"so_dat": 1, "so_thanh_vien": 3{"}"}

CodeFindingQuotaPendingSummary = the record's tier is limited by a quota that only a batch can apply
CodeFindingQuotaPendingExplanation = the record's tier is limited by a quota over its group, which one record alone cannot apply. Evaluate the whole group as a batch (`tieuchi batch`, `evaluate_many`).
CodeFindingQuotaPendingExample =
    quota htxs at most 20% of htt or better within co_quan
      rank by tong desc
      demote to htt

CodeFindingQuotaKeptSummary = the record is within its group's quota and keeps its tier
CodeFindingQuotaKeptExplanation = in a batch, the record ranks within its group's quota and keeps its tier; the label gives the rank, the records counted and the limit to redo the arithmetic.
CodeFindingQuotaKeptExample = ranked 1 of 3 for `htxs`; 10 at `htt` or better before the quota, at most 20% counted before demotion allows 2

CodeFindingQuotaDemotedSummary = the record is beyond its group's quota and is lowered to the quota's `demote to` tier
CodeFindingQuotaDemotedExplanation = in a batch, the record ranks beyond its group's quota and is lowered to the quota's `demote to` tier; the label gives the rank and the limit.
CodeFindingQuotaDemotedExample = ranked 3 of 3 for `htxs`; …allows 2; lowered to `htt`

CodeFindingQuotaUnplacedSummary = a quota could not group the record because a key is missing
CodeFindingQuotaUnplacedExplanation = a quota groups records by its `within` keys and this record lacks one, so the quota could not place it. Give the key.
CodeFindingQuotaUnplacedExample = {"{"}"diem": 95{"}"}   # no `co_quan` for `quota … within co_quan`

CodeFindingNotInForceSummary = the rule set is not in force on the evaluation date
CodeFindingNotInForceExplanation = a rule set evaluated by itself (`RuleSet::evaluate`, a case file's `ruleset`) is not valid on the evaluation date; the result stands but may not be the law of that day. Evaluate with the family's version in force then (a library or folder chooses it by date).
CodeFindingNotInForceExample = cong_chuc_nd335 (valid from 2026-01-01) evaluated with {"{"}"on": "2024-06-30"{"}"}
