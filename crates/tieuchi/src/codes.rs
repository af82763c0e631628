//! Every code the engine can give, in one registry: what the CLI's `tieuchi explain`, Python's
//! `tieuchi.codes()` and JavaScript's `codes()` list, and what the calculator page heads its
//! findings with.
//!
//! Each kind of code is a typed enum beside the stage that gives it ([`Code`] for syntax and
//! check diagnostics, [`EvidenceCode`], [`EvalErrorKind`], [`SelectCode`], [`FindingCode`]);
//! nothing is emitted as a bare string. A batch row's errors carry evidence, evaluation and
//! selection codes; they have none of their own. The errors of a front end's own calls
//! ([`ArgumentCode`]: a wrong argument; [`InternalCode`]: a panic, a trap) are registered here
//! too, so that no front end has a code of its own.
//!
//! What a code means is said in the message catalogue (`locales/*/codes.ftl`), in every language:
//! the messages named after the code — `check::unknown-name` is `CodeCheckUnknownNameSummary`,
//! `…Explanation` and `…Example`; a finding's `knockout` is `CodeFindingKnockout…`. The tests of
//! `tests/codes.rs` fail when a code lacks one of them.
//!
//! The catalogue is the one place that says it: each code enum's `summary(lang)` (below) reads the
//! same message as [`CodeInfo::summary`], in the language asked for like every other message, so
//! that no English text beside the enum can drift from the catalogue.

use serde::Serialize;

use crate::diagnostic::Code;
use crate::error::{ArgumentCode, InternalCode};
use crate::eval::evidence::EvidenceCode;
use crate::eval::EvalErrorKind;
use crate::i18n::{Lang, Message, Msg};
use crate::library::SelectCode;
use crate::outcome::FindingCode;
use crate::verify::VerifyCode;

/// Where a code comes from: the prefix before `::`, or a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A syntax error of a rule file (`syntax::…`).
    Syntax,
    /// A check of a rule file (`check::…`).
    Check,
    /// An evidence record's problem (`evidence::…`).
    Evidence,
    /// An evaluation error (`eval::…`).
    Eval,
    /// No rule set to choose (`select::…`).
    Select,
    /// A recorded result that cannot be verified (`verify::…`).
    Verify,
    /// A wrong argument to a front end's call (`argument::…`).
    Argument,
    /// A failure of the engine itself (`internal::…`).
    Internal,
    /// Something an evaluation found (`knockout`, `quota-kept`, …).
    Finding,
}

impl Kind {
    /// Every kind, in the order `codes()` lists them.
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

    /// The kind as codes are prefixed with it.
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

    /// A heading for the kind's codes in a listing, in `lang`.
    pub fn heading(self, lang: Lang) -> String {
        let id = match self {
            Kind::Syntax => Msg::CodeKindSyntax,
            Kind::Check => Msg::CodeKindCheck,
            Kind::Evidence => Msg::CodeKindEvidence,
            Kind::Eval => Msg::CodeKindEval,
            Kind::Select => Msg::CodeKindSelect,
            Kind::Verify => Msg::CodeKindVerify,
            Kind::Argument => Msg::CodeKindArgument,
            Kind::Internal => Msg::CodeKindInternal,
            Kind::Finding => Msg::CodeKindFinding,
        };
        Message::new(id).render(lang)
    }
}

/// One registered code; what it means is rendered in a language ([`CodeInfo::summary`],
/// [`CodeInfo::in_lang`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable string tools match on: `check::unknown-name`, `knockout`.
    pub code: &'static str,
    /// Where the code comes from.
    pub kind: Kind,
    /// For findings: the Vietnamese heading a page shows above the finding.
    pub heading: Option<&'static str>,
}

/// A code with what it means in one language: the entry `codes()` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeText {
    /// The stable string tools match on.
    pub code: &'static str,
    /// Where the code comes from.
    pub kind: Kind,
    /// One line on what it means.
    pub summary: String,
    /// What causes it and what to do.
    pub explanation: String,
    /// Rule text or evidence that gives it.
    pub example: String,
    /// For findings: the Vietnamese heading a page shows above the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<&'static str>,
}

impl CodeInfo {
    /// One line on what it means.
    pub fn summary(&self, lang: Lang) -> String {
        self.text("Summary", lang)
    }

    /// What causes it and what to do.
    pub fn explanation(&self, lang: Lang) -> String {
        self.text("Explanation", lang)
    }

    /// Rule text or evidence that gives it.
    pub fn example(&self, lang: Lang) -> String {
        self.text("Example", lang)
    }

    /// The entry with its texts in `lang`.
    pub fn in_lang(&self, lang: Lang) -> CodeText {
        CodeText {
            code: self.code,
            kind: self.kind,
            summary: self.summary(lang),
            explanation: self.explanation(lang),
            example: self.example(lang),
            heading: self.heading,
        }
    }

    /// The catalogue's message `part` (`Summary`, `Explanation`, `Example`) of the code, in `lang`;
    /// empty if the catalogue lacks it, which `tests/codes.rs` does not let pass.
    fn text(&self, part: &str, lang: Lang) -> String {
        Msg::parse(&self.message_id(part)).map_or_else(String::new, |id| Message::new(id).render(lang))
    }

    /// `check::unknown-name` → `CodeCheckUnknownName` + `part`; a finding's code gets `Finding`
    /// before it, as it has no prefix of its own.
    pub fn message_id(&self, part: &str) -> String {
        let mut id = String::from(if self.kind == Kind::Finding { "CodeFinding" } else { "Code" });
        for word in self.code.split([':', '-']).filter(|w| !w.is_empty()) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                id.extend(first.to_uppercase());
                id.push_str(chars.as_str());
            }
        }
        id.push_str(part);
        id
    }
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

fn entry(code: &'static str, kind: Kind) -> CodeInfo {
    CodeInfo { code, kind, heading: None }
}

fn diagnostic(c: Code) -> CodeInfo {
    let kind = if c.as_str().starts_with("syntax::") { Kind::Syntax } else { Kind::Check };
    entry(c.as_str(), kind)
}

fn evidence(c: EvidenceCode) -> CodeInfo {
    entry(c.as_str(), Kind::Evidence)
}

fn eval(c: EvalErrorKind) -> CodeInfo {
    entry(c.as_str(), Kind::Eval)
}

fn select(c: SelectCode) -> CodeInfo {
    entry(c.as_str(), Kind::Select)
}

fn verify(c: VerifyCode) -> CodeInfo {
    entry(c.as_str(), Kind::Verify)
}

fn argument(c: ArgumentCode) -> CodeInfo {
    entry(c.as_str(), Kind::Argument)
}

fn internal(c: InternalCode) -> CodeInfo {
    entry(c.as_str(), Kind::Internal)
}

/// A finding with the heading a page shows above it (the page is in Vietnamese).
fn finding(c: FindingCode) -> CodeInfo {
    let heading = match c {
        FindingCode::Knockout => "Điều kiện loại trừ",
        FindingCode::Cap => "Mức trần xếp loại",
        FindingCode::Exclusion => "Không thuộc diện xếp loại",
        FindingCode::MissingEvidence => "Thiếu dữ liệu",
        FindingCode::ScoreClamped => "Điểm được giới hạn trong khung",
        FindingCode::InexactDivision => "Phép chia không ra số thập phân chính xác (cần làm tròn)",
        FindingCode::QuotaPending => "Tỷ lệ khống chế (áp dụng khi xét cả tập thể)",
        FindingCode::QuotaKept => "Trong tỷ lệ khống chế",
        FindingCode::QuotaDemoted => "Hạ mức do tỷ lệ khống chế",
        FindingCode::QuotaUnplaced => "Không xác định được nhóm tính tỷ lệ",
        FindingCode::NotInForce => "Ngoài thời gian hiệu lực",
    };
    CodeInfo { heading: Some(heading), ..entry(c.as_str(), Kind::Finding) }
}

/// `summary(lang)` of each code enum: its entry's summary, from the catalogue.
macro_rules! summaries {
    ($($enum:ty => $entry:ident;)*) => {$(
        impl $enum {
            /// One line on what the code means, in `lang`: the catalogue's summary of the code,
            /// what `tieuchi explain` lists.
            pub fn summary(self, lang: Lang) -> String {
                $entry(self).summary(lang)
            }
        }
    )*};
}

summaries! {
    Code => diagnostic;
    EvidenceCode => evidence;
    EvalErrorKind => eval;
    SelectCode => select;
    VerifyCode => verify;
    ArgumentCode => argument;
    InternalCode => internal;
    FindingCode => finding;
}
