//! tieuchi — a rule engine for Vietnamese public-sector evaluation.
//!
//! A rule author writes a framework of criteria once (a decree, a circular, a provincial
//! scorecard); tieuchi checks it, then evaluates scored evidence exactly, with the reasons and
//! the legal citation for every result.
//!
//! The pipeline, one module per stage. The stages that turn text into a plan and evaluate it are
//! the engine's own (public only with the `internals` feature, for its tests); what they make is
//! reached through [`RuleSet`], [`Evaluation`] and the modules linked below:
//!
//! | stage | module | from → to |
//! | --- | --- | --- |
//! | parse | `syntax` | text → syntax tree (the only module that knows pest); [`format()`] a rule file |
//! | check | `check` | syntax tree → checked model, with [`diagnostic`]s; [`RuleSet::info`] describes it |
//! | plan | `plan` | checked model → slot-resolved evaluation plan |
//! | evaluate | `eval` | plan + [`Evidence`] → the decision; many records column by column ([`RuleSet::evaluate_all`], [`RuleSet::rate_all`], or from [`EvidenceColumns`] with [`RuleSet::rate_columns`]) |
//! | result | `outcome` | the decision + its evidence → [`Evaluation`], with its findings |
//! | cohort | `cohort` | a batch of evaluations → quotas applied per group |
//! | batch | [`batch`] | many records (JSON Lines, CSV, Arrow) → one row each, on every core, quotas applied |
//! | report | [`wire`] | evaluation → the JSON shape every front end shares, with the engine and the rules' fingerprint |
//! | what it takes | `reach` | evaluation → for each better tier, the changes of evidence that reach it, or what blocks it ([`Evaluation::what_it_takes`]) |
//! | verify | [`verify`] | recorded result + its evidence + rules → reproduced, or where it differs |
//! | carry | `compiled` (feature `compiled`) | rule set or library ⇄ bytes, loaded where there is no compiler (`RuleSet::to_bytes`, `RuleSet::from_bytes`) |
//! | edit | [`ide`] | rule text + a cursor → diagnostics, hover, definition, rename, completion |
//!
//! Every sentence shown to people is a message of the catalogue in [`i18n`], rendered in the
//! [`Lang`] asked for (Vietnamese unless told otherwise); codes are never translated.
//!
//! Texts are compared in Unicode Normalization Form C: by the crate's own tables with the
//! `nfc-tables` feature (a default), or by the embedding program's normalizer, installed with
//! [`use_host_normalizer`] (the WebAssembly binding hands it JavaScript's, so that the browser's
//! download carries no second copy of the tables).
//!
//! Every failure leaves the engine as one [`error::Failure`] of [`error::ErrorRecord`]s, whatever
//! the stage that failed.
//!
//! [`RuleSet`] ties them together; a [`Library`] holds several, with the families of versions
//! that `replaces` links and the version in force on a date; [`schema`] describes the evidence a rule set reads and
//! [`testing`] runs the `test` blocks and case files written beside it; [`codes`] is the registry
//! of every code the engine can give (diagnostics, evidence and evaluation errors, selection
//! errors, findings), each with its meaning and an example.
//!
//! ```
//! let rules = tieuchi::RuleSet::compile("demo.tieuchi", r#"
//! ruleset demo "Ví dụ" {
//!   input diem "Điểm": number in 0..100
//!   outcome ket_qua "Kết quả" {
//!     dat "Đạt" when diem >= 50
//!     khong_dat "Không đạt" otherwise
//!   }
//! }"#).unwrap();
//! let result = rules.evaluate(&serde_json::json!({"diem": "72.5"}), &tieuchi::Options::default()).unwrap();
//! assert_eq!(result.tier(), Some("dat"));
//! ```

#![forbid(unsafe_code)]
// Every item of the public interface says what it is; the stages that `internals` opens are the
// engine's own.
#![cfg_attr(not(feature = "internals"), deny(missing_docs))]

/// Declares the stages that are the engine's own: public with the `internals` feature (for the
/// core's tests and benchmarks), private otherwise.
macro_rules! stages {
    ($($stage:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        pub mod $stage;
        #[cfg(not(feature = "internals"))]
        mod $stage;
    )*};
}

stages!(check, cohort, eval, layer, outcome, plan, reach, syntax);

pub mod batch;
pub mod codes;
#[cfg(feature = "compiled")]
pub mod compiled;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod ide;
pub mod info;
mod kinds;
pub mod library;
pub mod limits;
mod nfc;
mod ruleset;
pub mod schema;
pub mod span;
pub mod testing;
pub mod value;
pub mod verify;
pub mod wire;

#[cfg(feature = "compiled")]
pub use compiled::LoadError;
pub use diagnostic::{Code, CompileError, Diagnostic, Severity};
pub use error::{ArgumentCode, ErrorRecord, Failure, FailureKind, InternalCode};
pub use eval::evidence::{Evidence, EvidenceCode, EvidenceError};
pub use eval::{EvalError, EvalErrorKind, EvidenceColumns, Options, Ratings};
pub use i18n::{Lang, Message, Msg};
pub use info::RuleSetInfo;
pub use library::{Library, SelectCode, SelectError};
pub use nfc::{use_host_normalizer, HostNormalizer};
pub use outcome::{Evaluation, FindingCode, Status};
pub use ruleset::{param_texts, EvaluateError, RuleSet};
pub use span::SourceFile;
pub use syntax::{format, read_source, FormatError};
