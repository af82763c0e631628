//! Every code the engine can give, in one registry: what the CLI's `tieuchi explain`, Python's
//! `tieuchi.codes()` and JavaScript's `codes()` list, and what the calculator page heads its
//! findings with.
//!
//! Each kind of code is a typed enum beside the stage that gives it ([`Code`] for syntax and
//! check diagnostics, [`EvidenceCode`], [`EvalErrorKind`], [`SelectCode`], [`FindingCode`]);
//! nothing is emitted as a bare string. The explanations below are exhaustive `match`es over
//! those enums, so a new variant does not compile until it is explained here. A batch row's
//! errors carry evidence, evaluation and selection codes; they have none of their own. The
//! errors of a front end's own calls ([`ArgumentCode`]: a wrong argument; [`InternalCode`]: a
//! panic, a trap) are registered here too, so that no front end has a code of its own.

use serde::Serialize;

use crate::diagnostic::Code;
use crate::error::{ArgumentCode, InternalCode};
use crate::eval::evidence::EvidenceCode;
use crate::eval::EvalErrorKind;
use crate::library::SelectCode;
use crate::outcome::FindingCode;
use crate::verify::VerifyCode;

/// Where a code comes from: the prefix before `::`, or a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Syntax,
    Check,
    Evidence,
    Eval,
    Select,
    Verify,
    Argument,
    Internal,
    Finding,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Syntax,
        Kind::Check,
        Kind::Evidence,
        Kind::Eval,
        Kind::Select,
        Kind::Verify,
        Kind::Argument,
        Kind::Internal,
        Kind::Finding,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax",
            Kind::Check => "check",
            Kind::Evidence => "evidence",
            Kind::Eval => "eval",
            Kind::Select => "select",
            Kind::Verify => "verify",
            Kind::Argument => "argument",
            Kind::Internal => "internal",
            Kind::Finding => "finding",
        }
    }

    /// A heading for the kind's codes in a listing.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax: the text of a rule file",
            Kind::Check => "check: the meaning of a rule file (errors and warnings)",
            Kind::Evidence => "evidence: a record that does not fit the rule set's inputs",
            Kind::Eval => "eval: arithmetic with no exact answer",
            Kind::Select => "select: choosing the rule set or version to evaluate with",
            Kind::Verify => "verify: checking a recorded result against its evidence and rules (`tieuchi verify`)",
            Kind::Argument => "argument: a call to the engine with an argument it cannot use (Python, JavaScript)",
            Kind::Internal => "internal: what no input should cause (a panic, a trap), reported rather than hidden",
            Kind::Finding => "finding: what an evaluation found (in a result's `findings`)",
        }
    }
}

/// One registered code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// The stable string tools match on: `check::unknown-name`, `knockout`.
    pub code: &'static str,
    pub kind: Kind,
    /// One line on what it means.
    pub summary: &'static str,
    /// What causes it and what to do.
    pub explanation: &'static str,
    /// Rule text or evidence that gives it.
    pub example: &'static str,
    /// For findings: the Vietnamese heading a page shows above the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<&'static str>,
}

/// Every code, grouped by kind in the order of [`Kind::ALL`].
pub fn all() -> impl Iterator<Item = CodeInfo> {
    Code::ALL
        .iter()
        .map(|&c| diagnostic(c))
        .chain(EvidenceCode::ALL.iter().map(|&c| evidence(c)))
        .chain(EvalErrorKind::ALL.iter().map(|&c| eval(c)))
        .chain(SelectCode::ALL.iter().map(|&c| select(c)))
        .chain(VerifyCode::ALL.iter().map(|&c| verify(c)))
        .chain(ArgumentCode::ALL.iter().map(|&c| argument(c)))
        .chain(InternalCode::ALL.iter().map(|&c| internal(c)))
        .chain(FindingCode::ALL.iter().map(|&c| finding(c)))
}

/// The entry of `code`, if the engine has such a code.
pub fn lookup(code: &str) -> Option<CodeInfo> {
    all().find(|c| c.code == code)
}

fn entry(
    code: &'static str,
    kind: Kind,
    summary: &'static str,
    (explanation, example): (&'static str, &'static str),
) -> CodeInfo {
    CodeInfo { code, kind, summary, explanation, example, heading: None }
}

fn diagnostic(c: Code) -> CodeInfo {
    let kind = if c.as_str().starts_with("syntax::") { Kind::Syntax } else { Kind::Check };
    entry(c.as_str(), kind, c.summary(), diagnostic_detail(c))
}

fn diagnostic_detail(c: Code) -> (&'static str, &'static str) {
    match c {
        Code::SyntaxError => (
            "the parser met something the grammar does not allow at that place; the message says what \
             it expected. Fix the text at the caret: often a missing `}`, a missing `:` before a type, \
             or a label without quotes.",
            "input diem \"Điểm\" number in 0..100   # `:` missing before the type",
        ),
        Code::SourceTooLarge => (
            "a rule file may be at most 1 MiB, so that no input can exhaust memory. Split a very large \
             framework into rule sets that import from each other.",
            "a generated rule file of several megabytes",
        ),
        Code::NestingTooDeep => (
            "brackets, `if` expressions or score blocks nest deeper than the engine allows. Name the \
             inner parts with `let` and use the names.",
            "let x = ((((((((((((((((((((((((((((((((((diem))))))))))))))))))))))))))))))))))",
        ),
        Code::BadNumber => (
            "every number is an exact decimal of at most 28 significant digits; this literal has more, \
             or is too large. Write it with fewer digits.",
            "let nguong = 0.12345678901234567890123456789",
        ),
        Code::BadDate => (
            "a date is written `YYYY-MM-DD` and must exist in the calendar. Correct the day or month.",
            "valid from 2025-02-30",
        ),
        Code::DuplicateName => (
            "inputs, keys, lets, scores, enums, tiers and rule set ids in a library share one namespace \
             each; two declarations use the same name. Rename one of them.",
            "input diem \"Điểm\": number\nlet diem = 1",
        ),
        Code::DuplicateHeader => (
            "a rule set's header items (`source`, `valid from`, `rounding`, `replaces`, …) may each be \
             given once. Remove the repeated one.",
            "valid from 2025-01-01\nvalid from 2026-01-01",
        ),
        Code::ReservedName => (
            "`id`, `on` and `year` name the metadata of an evidence record (its subject, its date, a \
             history's year), so they cannot be declared as names. Choose another name.",
            "let on = 1",
        ),
        Code::UnknownName => (
            "an expression, force, cap or test refers to a name that is not declared (the help suggests \
             near spellings). Declare it as an input or let, or fix the spelling.",
            "outcome xep_loai \"Xếp loại\" {\n  dat \"Đạt\" when tong_diem >= 50   # no `tong_diem` declared\n  ...\n}",
        ),
        Code::UnknownType => (
            "a type is one of `number`, `integer`, `percent`, `bool`, `text`, `date`, a list or history, \
             or an enum declared in the rule set. Declare the enum or use a built-in type.",
            "input hang \"Hạng\": xep_hang   # no `enum xep_hang`",
        ),
        Code::UnknownFunction => (
            "the language has a fixed set of functions (`round`, `floor`, `ceil`, `min`, `max`, `sum`, \
             `count`, `mean`, `all`, `any`, `share`, `streak`, …). Use one of them.",
            "let x = average(lich_su, diem)",
        ),
        Code::WrongArity => (
            "a function was called with more or fewer arguments than it takes. The message gives its \
             signature.",
            "let x = round(diem)   # round(value, places)",
        ),
        Code::TypeMismatch => (
            "an expression's type does not fit where it is used: a number where a condition is needed, \
             text added to a number, a score that is not a number. Convert or compare explicitly.",
            "dat \"Đạt\" when diem   # a number, not a condition",
        ),
        Code::EnumMismatch => (
            "values of two different enums cannot be compared, even when their value names coincide. \
             Compare each with a value of its own enum.",
            "when ky_luat = xep_loai_nam_truoc",
        ),
        Code::UnorderedEnum => (
            "`<` and `>` need an order, and only enums declared `ordered` have one. Declare the enum \
             `ordered` (worst or best first, as the law lists them) or compare with `=`.",
            "enum muc \"Mức\" { a \"A\"  b \"B\" }\n... when muc > a",
        ),
        Code::BadRange => (
            "an input's range `lo..hi` must have lo ≤ hi and fit the input's type (whole numbers for \
             `integer`, 0%..100% style for `percent`). Correct the bounds.",
            "input diem \"Điểm\": number in 100..0",
        ),
        Code::BadDefault => (
            "a `default` value must have the input's type and lie within its range. Correct the default.",
            "input diem \"Điểm\": number in 0..100 default 120",
        ),
        Code::BadParam => (
            "a `param` is a `bool`, `integer`, `number` or `percent`; each of its values must be a literal \
             of that type (a percent written with `%`), at most one value may be undated (it applies \
             before every dated one, so it is written first), and the dated values follow in ascending \
             order of `from`, each date once. Correct the type or the values. A parameter whose \
             values are all dated has none before the first date: a warning, unless the rule set is \
             `valid from` that date or later.",
            "param nguong \"Ngưỡng\": number\n  = 90 from 2027-01-01\n  = 85 from 2026-01-01   # not in date order",
        ),
        Code::ScoreAboveParent => (
            "a scored item inside a score block has a `max` larger than its parent's `max`, which the \
             parent can never show. Lower the item's max or raise the parent's.",
            "score tong \"Tổng\" max 30 {\n  score chung \"Chung\" max 40 = diem_chung\n}",
        ),
        Code::ScoreUnreachable => (
            "the children's maxima add up to less than the parent's max, so the parent can never \
             reach it (usually an item is missing). Add the missing item or correct the maxima.",
            "score tong \"Tổng\" max 100 {\n  score chung \"Chung\" max 30 = assessed\n  score rieng \"Riêng\" max 60 = assessed\n}",
        ),
        Code::ScoreExceeds => (
            "the children's maxima add up to more than the parent's max, so the parent's sum can pass \
             its own maximum. Correct the maxima as the legal text gives them.",
            "score tong \"Tổng\" max 100 {\n  score chung \"Chung\" max 50 = assessed\n  score rieng \"Riêng\" max 60 = assessed\n}",
        ),
        Code::MissingOutcome => (
            "a rule set rates records into the tiers of one `outcome`; this one declares none. Add the \
             outcome ladder.",
            "ruleset demo \"Ví dụ\" {\n  input diem \"Điểm\": number\n}",
        ),
        Code::MultipleOutcomes => (
            "a rule set has exactly one outcome. Split the second rating into a rule set of its own.",
            "outcome xep_loai \"Xếp loại\" { ... }\noutcome khen_thuong \"Khen thưởng\" { ... }",
        ),
        Code::NoOtherwise => (
            "when every tier has a condition, a record meeting none of them gets no tier. End the ladder \
             with an `otherwise` tier.",
            "outcome ket_qua \"Kết quả\" {\n  dat \"Đạt\" when diem >= 50\n}",
        ),
        Code::OtherwiseNotLast => (
            "`otherwise` catches every record the tiers above it did not take, so tiers after it could \
             never be chosen. Move it to the end.",
            "kht \"Không hoàn thành\" otherwise\nht \"Hoàn thành\" when diem >= 50",
        ),
        Code::UnreachableTier => (
            "a tier's condition can never hold once the tiers above have taken their records (for \
             example a higher threshold below a lower one). Reorder the tiers or correct the threshold.",
            "dat \"Đạt\" when diem >= 50\ntot \"Tốt\" when diem >= 80",
        ),
        Code::OverlappingTiers => (
            "part of this tier's band is already taken by a tier above (tiers are tried from the top, \
             the first that holds wins), so the overlap never reaches this tier, which usually means a \
             threshold is copied wrong. Check the thresholds against the legal text.",
            "tot \"Tốt\" when diem >= 80\ndat \"Đạt\" when diem >= 50 and diem < 85",
        ),
        Code::TierGap => (
            "this tier's band ends below where the band above it starts: a record between the two is \
             in neither and falls to a tier further down, which usually means a threshold is copied \
             wrong. Make the bands meet (`< 85` under `>= 85`), or say in a comment why the gap is \
             the law's.",
            "htxs \"Xuất sắc\" when tong >= 90\nhtt \"Tốt\" when tong >= 70 and tong < 85\nhtnv \"Hoàn thành\" when tong >= 50",
        ),
        Code::UnknownTier => (
            "a `force`, `cap` or `quota` names a tier that the outcome does not declare. Use one of the \
             outcome's tier ids.",
            "force khong_hoan_thanh when diem < 5   # the tier is `kht`",
        ),
        Code::QuotaNotLower => (
            "a quota lowers the records beyond its share to its `demote to` tier; that tier must be worse \
             than the one it limits, or the quota would raise them. Name a lower tier.",
            "quota htt at most 20% of htt within co_quan\n  rank by diem desc\n  demote to htxs",
        ),
        Code::Cycle => (
            "a let or score is computed from itself, directly or through others, so it has no value. \
             Break the loop.",
            "let a = b + 1\nlet b = a + 1",
        ),
        Code::UnusedInput => (
            "an input is declared but no rule reads it (a warning): evidence for it is asked for and \
             ignored. Use it in a rule or remove it.",
            "input ghi_chu \"Ghi chú\": number   # read by nothing",
        ),
        Code::NestedCollection => (
            "a list or history member may not itself hold a list or history, nor may an aggregate over \
             one collection read another. Flatten the data, or rate the members with their own rule set.",
            "input to \"Tổ\": list of {\n  thanh_vien: list of { dat: bool }\n}",
        ),
        Code::LayerBase => (
            "`ruleset id \"…\" extends national` merges a layer onto the national rule set `national`, \
             which must be loaded beside it and must not be a layer itself. Load the folder, or extend \
             the national rule set.",
            "ruleset thai_nguyen_cc \"…\" extends cong_chuc_nd335 { … }   # checked alone",
        ),
        Code::LayerRedefines => (
            "a layer adds inputs, lets, scores, knock-outs, caps and tests of its own; it may not \
             declare again an input, key, let, score or enum of the rule set it extends, nor change its \
             rounding. Rename the layer's declaration, or use a parameter or a tier condition.",
            "input suy_thoai \"…\": bool default false   # in a layer: lifts the national knock-out",
        ),
        Code::LayerLoosens => (
            "a layer may only make a result stricter: a parameter's value only in the stricter \
             direction (told by how the national tiers compare it), a tier's condition only the \
             national one `and` more, a knock-out only to the worst tier (`cap` for any other). \
             Make the rule stricter, or leave it to the national rules.",
            "param nguong_htxs \"…\": number = 85   # the national value is 90",
        ),
        Code::ImportUnsupported => (
            "a qualified name such as `cong_chuc_nd335.xep_loai` refers to another rule set, which must \
             be loaded beside this one. Check the folder (`tieuchi check rules/`) or pass the imported \
             rule set.",
            "input xl \"Xếp loại cá nhân\": cong_chuc_nd335.xep_loai   # checked alone",
        ),
        Code::BadTest => (
            "a `test` block's `given` or `expect` names something the rule set does not declare. Fix the \
             name in the test.",
            "test \"t\" {\n  given { diem: 60 }\n  expect ket_qua = dat   # the outcome is `xep_loai`\n}",
        ),
        Code::OverlappingVersions => (
            "two rule sets of one family (linked by `replaces`) are both in force on some date, so the \
             version for that date is ambiguous. End the older one's `valid until` before the newer \
             one's `valid from`.",
            "valid from 2020-01-01   # the old version, no `valid until`\nvalid from 2026-01-01   # the new one, `replaces` the old",
        ),
        Code::LimitExceeded => (
            "the engine bounds tiers, enum values, rules, quotas and name lengths (see `tieuchi::limits`) \
             so that no rule file can exhaust memory. Split the rule set or shorten the name.",
            "an enum with 5000 values",
        ),
        Code::ConstantCondition => (
            "a comparison's answer follows from the declared range alone (a warning), which usually means \
             a percent is compared with a plain number. Write `50%` for a percent.",
            "input ty_le \"Tỷ lệ\": percent\n... when ty_le < 50   # always true; `50%` was meant",
        ),
        Code::UnitMismatch => (
            "a score counts points (`tong` from 0 to its max) and a percent is a fraction (`90%` is \
             0.9), so comparing one with the other almost never says what was meant: a 20-point \
             record is at least 0.9. Compare points with points (`tong >= 90`), or the score's share \
             of its max with a percent (`tong / tong.max >= 90%`).",
            "htxs \"Xuất sắc\" when tong >= 90%   # 90 points was meant: `tong >= 90`",
        ),
        Code::ImportFailed => (
            "a rule set imports from another that has errors of its own. Fix the errors of the imported \
             rule set first.",
            "input xl \"Xếp loại\": mau.xep_loai   # where mau.tieuchi does not compile",
        ),
        Code::UnroundedDivision => (
            "a score divides, and the quotient may have no exact decimal value (1/3), so the score would \
             depend on 28-digit rounding. State the rounding: `round(…, places)`, `floor`, `ceil`, or a \
             `rounding` header for the rule set.",
            "score ty_le \"Tỷ lệ\" max 10 = so_dat / so_thanh_vien * 10",
        ),
    }
}

fn evidence(c: EvidenceCode) -> CodeInfo {
    entry(c.as_str(), Kind::Evidence, c.summary(), evidence_detail(c))
}

fn evidence_detail(c: EvidenceCode) -> (&'static str, &'static str) {
    match c {
        EvidenceCode::NotJson => (
            "a batch line is not valid JSON, or a CSV row does not match the header. Fix the record; the \
             other records are still rated.",
            "{\"diem\": 72.5,",
        ),
        EvidenceCode::NotAnObject => (
            "an evidence record is a JSON object of field names to values. Wrap the values in an object.",
            "[72.5, true]",
        ),
        EvidenceCode::UnknownField => (
            "a field is not an input or key of the rule set (the help suggests near spellings); a typo \
             would otherwise be ignored silently. Fix or remove the field.",
            "{\"diem_chugn\": 25}",
        ),
        EvidenceCode::WrongType => (
            "a value has the wrong JSON type for its field: text for a bool, a number for a date. Give \
             the type the schema asks for.",
            "{\"suy_thoai\": \"không\"}   # a bool field",
        ),
        EvidenceCode::NotInteger => ("an `integer` field got a fraction. Give a whole number.", "{\"so_nam\": 2.5}"),
        EvidenceCode::OutOfRange => (
            "a number lies outside its field's declared range, which is usually a data-entry error. \
             Correct the value (or the range, if the law allows more).",
            "{\"diem_chung\": 35}   # declared 0..30",
        ),
        EvidenceCode::BadEnumValue => (
            "an enum field got a value that is not one of its enum's ids. Use one of the ids the \
             schema lists.",
            "{\"ky_luat_trong_nam\": \"canh_bao\"}   # the id is `canh_cao`",
        ),
        EvidenceCode::BadDate => {
            ("a date is the text `YYYY-MM-DD` of a real calendar day. Correct it.", "{\"on\": \"2025-13-01\"}")
        }
        EvidenceCode::BadNumber => (
            "a number has more than 28 significant digits or is too large to hold exactly, or text in a \
             number field is not a number. Give the number as a decimal string or a plain JSON number.",
            "{\"diem\": \"7,5\"}",
        ),
        EvidenceCode::DuplicateYear => (
            "a history holds one record per `year`; two have the same year. Merge or correct them.",
            "{\"lich_su\": [{\"year\": 2024, \"dat\": true}, {\"year\": 2024, \"dat\": false}]}",
        ),
        EvidenceCode::TooMany => (
            "a list or history has more members than the engine allows. Split the evaluation.",
            "a list of 200000 members",
        ),
        EvidenceCode::MemberError => (
            "a member of a list rated by its own rule set could not be evaluated; the field names the \
             member and the message its problem. Fix that member's evidence.",
            "{\"thanh_vien\": [{\"diem\": 120}]}   # each member rated by another rule set",
        ),
        EvidenceCode::DuplicateField => (
            "a JSON record gives a field twice, so it is unclear which value counts. Keep one.",
            "{\"diem\": 60, \"diem\": 70}",
        ),
        EvidenceCode::TooLarge => (
            "one batch record is larger than the engine reads, which guards against runaway input. \
             Check that records are separated by new lines.",
            "a JSON Lines file without line breaks",
        ),
    }
}

fn eval(c: EvalErrorKind) -> CodeInfo {
    let detail = match c {
        EvalErrorKind::DivisionByZero => (
            "an expression divided by zero for this record's evidence. Guard the division in the rule \
             with `if`.",
            "let ty_le = so_dat / so_thanh_vien   # with {\"so_thanh_vien\": 0}\n# fix: if so_thanh_vien = 0 then 0 else so_dat / so_thanh_vien",
        ),
        EvalErrorKind::Overflow => (
            "a result is too large for an exact decimal of 28 digits; the evidence is almost surely \
             implausible. Check the values, or declare ranges on the inputs.",
            "let x = a * b * c   # with values near 10^20",
        ),
        EvalErrorKind::EmptyCollection => (
            "a mean, minimum, maximum or share has no value over an empty list. Guard it with \
             `count(list) > 0`.",
            "let tb = mean(thanh_vien, diem)   # with {\"thanh_vien\": []}",
        ),
    };
    entry(c.as_str(), Kind::Eval, c.summary(), detail)
}

fn select(c: SelectCode) -> CodeInfo {
    let detail = match c {
        SelectCode::Unknown => (
            "the rule set id asked for is not among those loaded. Check the id (`tieuchi check` lists \
             them) or load its file.",
            "tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd999 record.json",
        ),
        SelectCode::NoneInForce => (
            "no version of the family is valid on the evaluation date: it falls before the first \
             version's `valid from` or after the last one's `valid until`. Check the date, or add the \
             version in force then.",
            "tieuchi eval rules/cong-chuc --ruleset cong_chuc_nd335 --on 1999-01-01 record.json",
        ),
        SelectCode::NeedDate => (
            "a family has several versions and neither the record (`on`) nor the call gives a date to \
             choose one. Give the evaluation date.",
            "tieuchi eval rules/cong-chuc record.json   # two versions, no `--on`, no `on` in the record",
        ),
        SelectCode::Ambiguous => (
            "several rule families are loaded and the call names none. Name the rule set to use.",
            "tieuchi eval rules/ record.json   # a folder of several families, no `--ruleset`",
        ),
        SelectCode::Empty => (
            "there is no rule set to evaluate with. Load at least one rule file.",
            "tieuchi eval empty-folder/ record.json",
        ),
    };
    entry(c.as_str(), Kind::Select, c.summary(), detail)
}

fn verify(c: VerifyCode) -> CodeInfo {
    let detail = match c {
        VerifyCode::NotAResult => (
            "the document given as the recorded result has no `rules.id`: it is not a result of \
             `tieuchi eval` (or one made before results named their rules). Give the result's JSON as \
             `tieuchi eval` printed it.",
            "tieuchi verify evidence.json evidence.json rules/cong-chuc   # the evidence twice",
        ),
        VerifyCode::BadDate => (
            "the recorded result's `on` is not a YYYY-MM-DD date, so it cannot be evaluated again on \
             it. The result was edited; take it from where it was kept.",
            "{\"on\": \"30/06/2026\", \"rules\": {\"id\": \"cong_chuc_nd335\", …}, …}",
        ),
        VerifyCode::UnknownRuleSet => (
            "the rule files given do not define the rule set the result names (`rules.id`). Give the \
             folder or file that holds it.",
            "tieuchi verify result.json evidence.json rules/van-hoa   # a result of cong_chuc_nd335",
        ),
        VerifyCode::NotRows => (
            "the rows given to `tieuchi verify --batch` are not the JSON Lines `tieuchi batch` writes: \
             the first line is not a JSON object with a `row`. Give the rows as the batch wrote them \
             (`-o rows.jsonl`); CSV and Parquet rows are not verified.",
            "tieuchi verify --batch rows.csv records.jsonl rules/cong-chuc",
        ),
        VerifyCode::Unreadable => (
            "the recorded rows or the records they were made from could not be read to the end (a \
             file cut short, a record larger than the engine reads). Check the files.",
            "tieuchi verify --batch rows.jsonl export.parquet rules/cong-chuc   # a damaged Parquet file",
        ),
    };
    entry(c.as_str(), Kind::Verify, c.summary(), detail)
}

fn argument(c: ArgumentCode) -> CodeInfo {
    let detail = match c {
        ArgumentCode::Invalid => (
            "a function of the Python or JavaScript package was called with an argument it cannot use: \
             records that are not a list, rule files that are not text, an option of the wrong type. \
             The message names the argument and the help says what it takes.",
            "tieuchi.compile(42)   // JavaScript: the rule source must be a string",
        ),
        ArgumentCode::BadDate => (
            "the evaluation date given to a call (`on`, `--on`) is not a calendar date written \
             YYYY-MM-DD. Write it so; a record's own `on` is evidence and is reported as \
             `evidence::bad-date` instead.",
            "rules.evaluate(record, { on: \"30/06/2026\" })",
        ),
        ArgumentCode::NotInitialized => (
            "the WebAssembly package was called before its module was loaded. Await the package's \
             default export (`await init()`) once before any other call.",
            "import { compile } from 'tieuchi-wasm';\ncompile(source)   // without `await init()` first",
        ),
        ArgumentCode::UnknownParam => (
            "a simulation (`--set ID=VALUE`, `RuleSet.with_params(...)`) names a parameter the rule set \
             does not declare with `param`. Only parameters can be overridden; inputs come from the \
             evidence. The help lists the rule set's parameters.",
            "tieuchi eval rules.tieuchi record.json --set nguong_htx=85   # the param is `nguong_htxs`",
        ),
        ArgumentCode::BadParam => (
            "a simulation's value for a parameter does not fit its type: a number such as `85` for \
             `number`, a whole number for `integer`, `85%` or the fraction `0.85` for `percent`, \
             `true` or `false` for `bool`. Write the value so.",
            "tieuchi eval rules.tieuchi record.json --set nguong_htxs=cao",
        ),
    };
    entry(c.as_str(), Kind::Argument, c.summary(), detail)
}

fn internal(c: InternalCode) -> CodeInfo {
    let detail = match c {
        InternalCode::Error => (
            "something failed that no rule file, evidence or argument should make fail: a result that \
             cannot be written as JSON, a failure with no problem in it. It is a bug in tieuchi; \
             report it with the input that caused it.",
            "none known: every input that gave it has been fixed",
        ),
        InternalCode::Panic => (
            "the engine met a state it does not expect and stopped (a Rust panic). In JavaScript the \
             package throws this, starts a fresh WebAssembly instance and goes on: rule sets compile \
             themselves again on their next use. It is a bug in tieuchi; report it with the input.",
            "a call that panics inside the engine (the test hook `_panicForTests()`)",
        ),
        InternalCode::Trap => (
            "the WebAssembly instance stopped without a panic: it ran out of memory or of stack. The \
             package throws this and starts a fresh instance. Give smaller inputs, or evaluate them \
             in parts.",
            "evidence with a list of millions of members, in a page with little memory",
        ),
    };
    entry(c.as_str(), Kind::Internal, c.summary(), detail)
}

fn finding(c: FindingCode) -> CodeInfo {
    let (heading, explanation, example) = match c {
        FindingCode::Knockout => (
            "Điều kiện loại trừ",
            "a `force` rule's condition holds, so the record gets the forced tier if it is worse than the \
             tier its score gives; `applied` says whether it changed the result. Nothing to fix: it cites \
             the rule and its source.",
            "force kht when suy_thoai because \"Bị kết luận suy thoái\"\n# with {\"suy_thoai\": true}",
        ),
        FindingCode::Cap => (
            "Mức trần xếp loại",
            "a `cap` rule's condition holds, so the record is rated at most the cap's tier; `applied` says \
             whether it lowered the result.",
            "cap htnv when ky_luat_trong_nam >= khien_trach\n# with {\"ky_luat_trong_nam\": \"khien_trach\"}",
        ),
        FindingCode::Exclusion => (
            "Không thuộc diện xếp loại",
            "an `exclude` rule's condition holds, so the record is not rated (status `not rated`), as \
             the law exempts it.",
            "exclude when thoi_gian_cong_tac < 6 because \"Công tác dưới 6 tháng\"",
        ),
        FindingCode::MissingEvidence => (
            "Thiếu dữ liệu",
            "some inputs the decision needs are missing, so the status is `not determinable`; `fields` \
             lists them. Give those fields.",
            "{\"diem_chung\": 25}   # `diem_nhiem_vu` not given",
        ),
        FindingCode::ScoreClamped => (
            "Điểm được giới hạn trong khung",
            "a computed score fell below 0 or above its `max` and was held to that range, as the \
             scorecard's maximum requires. Check the evidence if that is unexpected.",
            "score cong \"Điểm cộng\" max 10 = so_sang_kien * 4   # with {\"so_sang_kien\": 3}",
        ),
        FindingCode::InexactDivision => (
            "Phép chia không ra số thập phân chính xác (cần làm tròn)",
            "a division has no exact decimal value (1/3) and reached a shown value or a close comparison \
             unrounded, so the result rests on 28-digit rounding. State where the rule rounds: \
             `round(…, places)`, `floor`, `ceil` or the rule set's `rounding`.",
            "let ty_le = so_dat / so_thanh_vien   # with {\"so_dat\": 1, \"so_thanh_vien\": 3}",
        ),
        FindingCode::QuotaPending => (
            "Tỷ lệ khống chế (áp dụng khi xét cả tập thể)",
            "the record's tier is limited by a quota over its group, which one record alone cannot \
             apply. Evaluate the whole group as a batch (`tieuchi batch`, `evaluate_many`).",
            "quota htxs at most 20% of htt or better within co_quan\n  rank by tong desc\n  demote to htt",
        ),
        FindingCode::QuotaKept => (
            "Trong tỷ lệ khống chế",
            "in a batch, the record ranks within its group's quota and keeps its tier; the label gives \
             the rank, the records counted and the limit to redo the arithmetic.",
            "ranked 1 of 3 for `htxs`; 10 at `htt` or better before the quota, at most 20% counted before demotion allows 2",
        ),
        FindingCode::QuotaDemoted => (
            "Hạ mức do tỷ lệ khống chế",
            "in a batch, the record ranks beyond its group's quota and is lowered to the quota's \
             `demote to` tier; the label gives the rank and the limit.",
            "ranked 3 of 3 for `htxs`; …allows 2; lowered to `htt`",
        ),
        FindingCode::QuotaUnplaced => (
            "Không xác định được nhóm tính tỷ lệ",
            "a quota groups records by its `within` keys and this record lacks one, so the quota could \
             not place it. Give the key.",
            "{\"diem\": 95}   # no `co_quan` for `quota … within co_quan`",
        ),
        FindingCode::NotInForce => (
            "Ngoài thời gian hiệu lực",
            "a rule set evaluated by itself (`RuleSet::evaluate`, a case file's `ruleset`) is not valid \
             on the evaluation date; the result stands but may not be the law of that day. Evaluate \
             with the family's version in force then (a library or folder chooses it by date).",
            "cong_chuc_nd335 (valid from 2026-01-01) evaluated with {\"on\": \"2024-06-30\"}",
        ),
    };
    CodeInfo { heading: Some(heading), ..entry(c.as_str(), Kind::Finding, c.summary(), (explanation, example)) }
}
