//! What a change of rules does to a population: the same records through two batches (two rule
//! sets, two versions of a family, a rule set and its amendment), joined record by record.
//!
//! Each side is a whole batch, quotas included: the first pass of each decides its quotas over
//! the whole input, then one more pass evaluates every record on both sides, chunk by chunk on
//! the cores, and hands on one [`Change`] per record in input order. A record one side cannot
//! evaluate (a field only one version reads) is an error on that side, counted and listed, never
//! dropped. Memory is that of the two batches' quota decisions; the rows are not kept.

use std::collections::BTreeMap;
use std::io;

use super::read::Reader;
use super::row::{write_csv_line, RowStatus};
use super::{Batch, BatchError, InMemory, Input, OutputFormat, Records, Source};
use crate::outcome::QuotaNote;

/// Two batches over the same records: `before` the change, `after` it.
#[derive(Debug)]
pub struct Impact<'r> {
    before: Batch<'r>,
    after: Batch<'r>,
}

/// One record's result on one side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Side<'r> {
    /// The rule set that rated it (with a family, the version in force on its date).
    pub ruleset: Option<&'r str>,
    /// Rated, not rated, not determinable, or an error.
    pub status: RowStatus,
    /// The tier's id.
    pub outcome: Option<&'r str>,
    /// What set the tier: `score`, `tiers`, `force`, `cap`, `exclude` or `quota`.
    pub decided_by: Option<&'static str>,
    /// `file:line:column` of the rule that set the result.
    pub rule: Option<&'r str>,
    /// The code of the first problem that kept the record from being evaluated.
    pub error: Option<&'static str>,
}

impl Side<'_> {
    /// The tier's id, or for a row not rated the status (`not rated`, `not determinable`,
    /// `error`): what a transition goes from or to.
    pub fn label(&self) -> &str {
        match (self.status, self.outcome) {
            (RowStatus::Rated, Some(tier)) => tier,
            (status, _) => status.as_str(),
        }
    }
}

/// One record, before and after.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change<'r> {
    /// The record's index in the input, from 0.
    pub row: u64,
    /// The subject the record names, if any.
    pub subject: Option<String>,
    /// The record's values of the rule set's `key`s, joined with ` / ` (`(no key)` when one is
    /// missing); `None` when the rule set has no keys.
    pub group: Option<String>,
    /// Whether the result differs: another tier, or another status.
    pub changed: bool,
    /// Its result under the rules before.
    pub before: Side<'r>,
    /// Its result under the rules after.
    pub after: Side<'r>,
}

/// The columns of a change as CSV gives it.
pub const CHANGE_COLUMNS: [&str; 16] = [
    "row",
    "subject",
    "group",
    "changed",
    "before_ruleset",
    "before_status",
    "before_outcome",
    "before_decided_by",
    "before_rule",
    "before_error",
    "after_ruleset",
    "after_status",
    "after_outcome",
    "after_decided_by",
    "after_rule",
    "after_error",
];

impl Change<'_> {
    /// The change as one line of JSON Lines, or of CSV (under [`CHANGE_COLUMNS`]).
    pub fn write(&self, format: OutputFormat, out: &mut Vec<u8>) {
        match format {
            OutputFormat::JsonLines => {
                // A change holds strings, numbers and booleans only: it always serialises.
                if serde_json::to_writer(&mut *out, self).is_ok() {
                    out.push(b'\n');
                }
            }
            OutputFormat::Csv => {
                let row = self.row.to_string();
                let side = |s: &Side<'_>| {
                    [
                        s.ruleset.unwrap_or_default().to_owned(),
                        s.status.as_str().to_owned(),
                        s.outcome.unwrap_or_default().to_owned(),
                        s.decided_by.unwrap_or_default().to_owned(),
                        s.rule.unwrap_or_default().to_owned(),
                        s.error.unwrap_or_default().to_owned(),
                    ]
                };
                let (before, after) = (side(&self.before), side(&self.after));
                let fixed = [
                    row.as_str(),
                    self.subject.as_deref().unwrap_or_default(),
                    self.group.as_deref().unwrap_or_default(),
                    if self.changed { "true" } else { "false" },
                ];
                let cells =
                    fixed.into_iter().chain(before.iter().map(String::as_str)).chain(after.iter().map(String::as_str));
                write_csv_line(out, cells);
            }
        }
    }
}

/// What a change did to the population: how many records moved, and from where to where.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImpactSummary {
    /// Every result the matrix has, in order: the tiers best first (before's, then after's new
    /// ones), then `not rated`, `not determinable` and `error`.
    pub labels: Vec<String>,
    /// Records compared.
    pub records: u64,
    /// Records whose result differs.
    pub changed: u64,
    /// Records the rules before could not evaluate (error rows).
    pub errors_before: u64,
    /// Records the rules after could not evaluate.
    pub errors_after: u64,
    /// From each label ([`Side::label`]) before to each label after: how many records.
    pub transitions: BTreeMap<String, BTreeMap<String, u64>>,
    /// The same per group of the rule sets' keys ([`Change::group`]).
    pub groups: BTreeMap<String, BTreeMap<String, BTreeMap<String, u64>>>,
}

impl ImpactSummary {
    fn add(&mut self, change: &Change<'_>) {
        self.records += 1;
        self.changed += u64::from(change.changed);
        self.errors_before += u64::from(change.before.status == RowStatus::Error);
        self.errors_after += u64::from(change.after.status == RowStatus::Error);
        let (from, to) = (change.before.label(), change.after.label());
        *self.transitions.entry(from.to_owned()).or_default().entry(to.to_owned()).or_default() += 1;
        if let Some(group) = &change.group {
            let matrix = self.groups.entry(group.clone()).or_default();
            *matrix.entry(from.to_owned()).or_default().entry(to.to_owned()).or_default() += 1;
        }
    }
}

/// A record's side and what the worker knows of it besides.
struct Evaluated<'r> {
    side: Side<'r>,
    subject: Option<String>,
    group: Option<String>,
}

impl<'r> Impact<'r> {
    /// The change from the rules of `before` to those of `after`, over the same records. Both
    /// batches keep their own evaluation dates.
    pub fn new(before: Batch<'r>, after: Batch<'r>) -> Impact<'r> {
        Impact { before: before.count_groups(true), after: after.count_groups(true) }
    }

    /// Evaluates every record of `input` on both sides and hands one [`Change`] per record to
    /// `each`, in input order; returns the summary. `open` of the input is called once per side
    /// with a quota, and once more for the joined pass.
    pub fn run(
        &self,
        input: Input<'_>,
        each: &mut (dyn FnMut(&Change<'r>) -> io::Result<()> + Send),
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImpactSummary, BatchError> {
        match input {
            Input::Text { open, format } => self.run_from(
                &mut || Reader::new(open().map_err(BatchError::Read)?, format).map_err(BatchError::Read),
                each,
                progress,
            ),
            #[cfg(feature = "arrow")]
            Input::Arrow { open } => self.run_from(
                &mut || Ok(super::arrow::ArrowSource::new(open().map_err(BatchError::Read)?)),
                each,
                progress,
            ),
            Input::Records(records) => self.run_from(&mut || Ok(InMemory { records, next: 0 }), each, progress),
        }
    }

    fn run_from<S: Source>(
        &self,
        open: &mut dyn FnMut() -> Result<S, BatchError>,
        each: &mut (dyn FnMut(&Change<'r>) -> io::Result<()> + Send),
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImpactSummary, BatchError> {
        let notes_of = |batch: &Batch<'r>, open: &mut dyn FnMut() -> Result<S, BatchError>| {
            if batch.needs_two_passes() {
                batch.decide_quotas(open()?, &mut |_| {}).map(Some)
            } else {
                Ok(None)
            }
        };
        let notes_before = notes_of(&self.before, open)?;
        let notes_after = notes_of(&self.after, open)?;
        let (notes_before, notes_after) = (notes_before.as_deref(), notes_after.as_deref());
        let mut summary = ImpactSummary::default();
        let mut source = open()?;
        let sides = |chunk: &S::Chunk| {
            let before = Self::sides(&self.before, chunk, notes_before);
            let after = Self::sides(&self.after, chunk, notes_after);
            let first = chunk.first();
            before
                .into_iter()
                .zip(after)
                .enumerate()
                .map(|(i, (before, after))| Change {
                    row: first + i as u64,
                    subject: after.subject.or(before.subject),
                    group: after.group.or(before.group),
                    changed: before.side.status != after.side.status || before.side.outcome != after.side.outcome,
                    before: before.side,
                    after: after.side,
                })
                .collect::<Vec<_>>()
        };
        let decided =
            |notes: Option<&[(usize, QuotaNote)]>| notes.and_then(|n| n.last()).map_or(0, |(r, _)| *r as u64 + 1);
        let decided = decided(notes_before).max(decided(notes_after));
        self.before.map_then_collect(&mut source, progress, sides, |changes| {
            for change in &changes {
                summary.add(change);
                each(change).map_err(BatchError::Write)?;
            }
            Ok(())
        })?;
        if summary.records < decided {
            return Err(BatchError::Changed { first: decided, second: summary.records });
        }
        summary.labels = self.labels(&summary);
        Ok(summary)
    }

    /// The results of the matrix in order: tiers best first, then the statuses.
    fn labels(&self, summary: &ImpactSummary) -> Vec<String> {
        let seen = |label: &str| summary.transitions.iter().any(|(from, row)| from == label || row.contains_key(label));
        let tiers = self.before.versions.iter().chain(&self.after.versions).flat_map(|r| &r.model.outcome.tiers);
        let statuses = [RowStatus::NotRated, RowStatus::NotDeterminable, RowStatus::Error].map(RowStatus::as_str);
        let mut labels: Vec<String> = Vec::new();
        for label in tiers.map(|t| t.id.as_str()).chain(statuses) {
            if seen(label) && !labels.iter().any(|l| l == label) {
                labels.push(label.to_owned());
            }
        }
        labels
    }

    /// Every record of a chunk on one side, its quota notes applied.
    fn sides<C: Records>(batch: &Batch<'r>, chunk: &C, notes: Option<&[(usize, QuotaNote)]>) -> Vec<Evaluated<'r>> {
        let mut sides = Vec::with_capacity(chunk.len());
        let mut group = String::new();
        batch.rows(chunk, (notes, false), |row, rated: Option<super::Rated<'_, 'r>>| {
            let label = batch.group_label(rated, &mut group).map(str::to_owned);
            sides.push(Evaluated {
                side: Side {
                    ruleset: row.ruleset,
                    status: row.status,
                    outcome: row.outcome,
                    decided_by: row.decided_by,
                    rule: rated.and_then(super::Rated::deciding_rule),
                    error: row.errors.first().map(|e| e.code),
                },
                subject: row.subject,
                group: label,
            });
        });
        sides
    }
}
