//! The one row shape of batch output, and its renderings as JSON Lines and CSV.
//!
//! A row holds what a row needs: ids, values and codes. Labels and citations are the rule set's,
//! given once (its schema), not repeated on every row.

use std::io::Write;

use rust_decimal::Decimal;

use crate::value::{decimal_text, Date};
use crate::wire::Finding;
use crate::RuleSet;

/// Whether a record was rated, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// A tier was reached.
    Rated,
    /// An exclusion left the record out of the rating.
    NotRated,
    /// Evidence a deciding rule needs is missing.
    NotDeterminable,
    /// The record could not be read or evaluated: see the row's errors.
    Error,
}

impl RowStatus {
    /// The status as rows write it: `rated`, `not rated`, `not determinable`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Rated => "rated",
            RowStatus::NotRated => "not rated",
            RowStatus::NotDeterminable => "not determinable",
            RowStatus::Error => "error",
        }
    }
}

impl serde::Serialize for RowStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A problem that kept a record from being evaluated: its stable code, the field (empty for the
/// record), and a message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// The stable code (see [`crate::codes`]).
    pub code: &'static str,
    /// The field at fault; empty when the record as a whole is.
    pub field: String,
    /// What is wrong, in the run's language.
    pub message: String,
}

impl RowError {
    /// Every problem of a failed evaluation, as rows (and `tieuchi eval --format json`) give
    /// them: each evidence problem by its field, or the arithmetic error at its rule.
    pub fn all_of(error: &crate::EvaluateError, lang: crate::Lang) -> Vec<RowError> {
        match error {
            crate::EvaluateError::Evidence(errors) => errors
                .iter()
                .map(|e| RowError { code: e.code.as_str(), field: e.field.clone(), message: e.message.render(lang) })
                .collect(),
            crate::EvaluateError::Eval(e) => vec![RowError {
                code: e.code.as_str(),
                field: String::new(),
                message: format!("{}: {} (`{}`)", e.location, e.localized_message().render(lang), e.expression),
            }],
        }
    }
}

/// One record's result as a batch gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'r> {
    /// The record's index in the input, from 0.
    pub record: u64,
    /// The rule set that rated it (with a family, the version in force on its date).
    pub ruleset: Option<&'r str>,
    /// The fingerprint of that rule set's text and imports ([`RuleSet::fingerprint`]): which
    /// rules made the row, whatever becomes of the files.
    pub rules_sha256: Option<&'r str>,
    /// The subject the record names, if any.
    pub subject: Option<String>,
    /// The evaluation date: the record's own `on`, or the run's.
    pub on: Option<Date>,
    /// Rated, not rated, not determinable, or an error.
    pub status: RowStatus,
    /// The tier's id, when rated.
    pub outcome: Option<&'r str>,
    /// What decided the tier: `score`, `tiers`, `force`, `cap`, `exclude` or `quota`.
    pub decided_by: Option<&'static str>,
    /// For a rule set that `extends` another: the id of the layer whose rule decided (a result's
    /// `outcome.layer`); a column only when the rows' rule sets have layers ([`RowShape::layered`]).
    pub layer: Option<&'r str>,
    /// In the order of [`RowShape::scores`]; `None` when unknown or not a score of its version.
    pub scores: smallvec::SmallVec<[Option<Decimal>; 4]>,
    /// In the order of [`RowShape::values`]: each `let` as the wire shows it.
    pub values: Vec<serde_json::Value>,
    /// What the evaluation found (see [`crate::wire::Finding`]).
    pub findings: Vec<Finding<'r>>,
    /// Why the record could not be evaluated, for an error row.
    pub errors: Vec<RowError>,
}

/// The columns of a batch's rows: fixed ones, then every score and every `let` of the rule sets
/// (with a family, of all its versions, by id, in the order first seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowShape {
    /// Column names of the scores; a score whose id is a fixed column's is named `<id>_score`.
    pub scores: Vec<String>,
    /// Column names of the `let` values.
    pub values: Vec<String>,
    /// Whether a rule set of the rows `extends` another: then the rows have a [`LAYER_COLUMN`]
    /// after `decided_by`. Rows of rule sets without layers keep the shape they always had.
    pub layered: bool,
    /// Per version: the column of each of its scores, and of each of its `let`s.
    pub(crate) score_columns: Vec<Vec<usize>>,
    pub(crate) value_columns: Vec<Vec<usize>>,
    /// `,"<name>":` of each score, then of each value, as a JSON line writes them on every row.
    json_keys: Vec<Box<[u8]>>,
}

/// The columns every row has, before the scores and values, and after them.
pub const LEADING_COLUMNS: [&str; 9] =
    ["row", "subject", "ruleset", "rules_sha256", "engine", "on", "status", "outcome", "decided_by"];

/// What every row's `engine` column holds: the engine that made the row, by name and version
/// (`tieuchi 0.1.0`), as a result's `engine` names it. With `rules_sha256`, a row says what made
/// it, whatever becomes of the run's other files.
pub const ENGINE: &str = concat!("tieuchi ", env!("CARGO_PKG_VERSION"));
/// [`ENGINE`] as a JSON string (a version has nothing to escape).
const ENGINE_JSON: &str = concat!("\"tieuchi ", env!("CARGO_PKG_VERSION"), "\"");
/// The columns every row has after the scores and values.
pub const TRAILING_COLUMNS: [&str; 2] = ["findings", "errors"];
/// The column that names the deciding layer, after `decided_by`, in rows of layered rule sets.
pub const LAYER_COLUMN: &str = "layer";

impl RowShape {
    pub(crate) fn new(versions: &[&RuleSet]) -> RowShape {
        fn column(ids: &mut Vec<String>, id: &str) -> usize {
            ids.iter().position(|x| x == id).unwrap_or_else(|| {
                ids.push(id.to_owned());
                ids.len() - 1
            })
        }
        let (mut score_ids, mut value_ids) = (Vec::new(), Vec::new());
        let mut score_columns = Vec::new();
        let mut value_columns = Vec::new();
        for rules in versions {
            let model = &rules.model;
            score_columns.push(model.scores.iter().map(|s| column(&mut score_ids, &s.id)).collect());
            value_columns.push(model.lets.iter().map(|l| column(&mut value_ids, &l.id)).collect());
        }
        let layered = versions.iter().any(|r| !r.layers().is_empty());
        let fixed = |id: &str| {
            LEADING_COLUMNS.contains(&id) || TRAILING_COLUMNS.contains(&id) || (layered && id == LAYER_COLUMN)
        };
        let scores = score_ids.iter().map(|id| if fixed(id) { format!("{id}_score") } else { id.clone() }).collect();
        // A `let` of one version may share its id with a score of another.
        let values = value_ids
            .iter()
            .map(|id| if fixed(id) || score_ids.contains(id) { format!("{id}_value") } else { id.clone() })
            .collect();
        let json_keys = [&scores, &values]
            .into_iter()
            .flatten()
            .map(|name: &String| {
                let mut key = vec![b','];
                json_text(&mut key, name);
                key.push(b':');
                key.into_boxed_slice()
            })
            .collect();
        RowShape { scores, values, layered, score_columns, value_columns, json_keys }
    }

    /// Every column's name, in order.
    pub fn columns(&self) -> Vec<&str> {
        let mut columns: Vec<&str> = LEADING_COLUMNS.to_vec();
        if self.layered {
            columns.push(LAYER_COLUMN);
        }
        columns.extend(self.scores.iter().map(String::as_str));
        columns.extend(self.values.iter().map(String::as_str));
        columns.extend(TRAILING_COLUMNS);
        columns
    }
}

fn json_text(out: &mut Vec<u8>, text: &str) {
    // Rows repeat the same ids, codes and labels, which almost never need an escape: a check
    // over the bytes is a fraction of escaping them one by one.
    // Every byte looked at, without stopping early: the compiler makes it a vector loop.
    let escapes = text.bytes().fold(0u8, |n, b| n | u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\'));
    if escapes == 0 {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

fn json_opt(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(t) => json_text(out, t),
        None => out.extend_from_slice(b"null"),
    }
}

impl Row<'_> {
    /// One JSON line: an object with every column of the shape, in order.
    /// The row as a line of `format`.
    pub fn write(&self, shape: &RowShape, format: super::OutputFormat, out: &mut Vec<u8>) {
        match format {
            super::OutputFormat::JsonLines => self.write_json(shape, out),
            super::OutputFormat::Csv => self.write_csv(shape, out),
        }
    }

    /// Writes the row as one JSON line (without the newline), its columns in `shape`'s order.
    pub fn write_json(&self, shape: &RowShape, out: &mut Vec<u8>) {
        let mut n = itoa::Buffer::new();
        out.extend_from_slice(b"{\"row\":");
        out.extend_from_slice(n.format(self.record).as_bytes());
        out.extend_from_slice(b",\"subject\":");
        json_opt(out, self.subject.as_deref());
        out.extend_from_slice(b",\"ruleset\":");
        json_opt(out, self.ruleset);
        out.extend_from_slice(b",\"rules_sha256\":");
        json_opt(out, self.rules_sha256);
        out.extend_from_slice(b",\"engine\":");
        out.extend_from_slice(ENGINE_JSON.as_bytes());
        out.extend_from_slice(b",\"on\":");
        match self.on {
            Some(d) => {
                let _ = write!(out, "\"{d}\"");
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"status\":\"");
        out.extend_from_slice(self.status.as_str().as_bytes());
        out.extend_from_slice(b"\",\"outcome\":");
        json_opt(out, self.outcome);
        out.extend_from_slice(b",\"decided_by\":");
        json_opt(out, self.decided_by);
        if shape.layered {
            out.extend_from_slice(b",\"layer\":");
            json_opt(out, self.layer);
        }
        let (score_keys, value_keys) = shape.json_keys.split_at(shape.scores.len().min(shape.json_keys.len()));
        for (i, key) in score_keys.iter().enumerate() {
            out.extend_from_slice(key);
            match self.scores.get(i).copied().flatten() {
                Some(d) => {
                    out.push(b'"');
                    crate::value::write_decimal_text(d, |part| out.extend_from_slice(part.as_bytes()));
                    out.push(b'"');
                }
                None => out.extend_from_slice(b"null"),
            }
        }
        for (i, key) in value_keys.iter().enumerate() {
            out.extend_from_slice(key);
            let _ = serde_json::to_writer(&mut *out, self.values.get(i).unwrap_or(&serde_json::Value::Null));
        }
        out.extend_from_slice(b",\"findings\":[");
        for (i, f) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"code\":");
            json_text(out, &f.code);
            out.extend_from_slice(b",\"rule\":");
            json_text(out, &f.rule);
            out.extend_from_slice(b",\"message\":");
            json_text(out, &f.label);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"errors\":");
        if self.errors.is_empty() {
            out.extend_from_slice(b"null");
        } else {
            out.push(b'[');
            for (i, e) in self.errors.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"code\":");
                json_text(out, e.code);
                out.extend_from_slice(b",\"field\":");
                json_text(out, &e.field);
                out.extend_from_slice(b",\"message\":");
                json_text(out, &e.message);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}\n");
    }

    /// One CSV line with the shape's columns: findings as their codes, errors as
    /// `code@field: message`, each list joined by `; `.
    pub fn write_csv(&self, shape: &RowShape, out: &mut Vec<u8>) {
        let mut cells: Vec<String> = Vec::with_capacity(shape.scores.len() + shape.values.len() + 11);
        cells.push(self.record.to_string());
        cells.push(self.subject.clone().unwrap_or_default());
        cells.push(self.ruleset.unwrap_or_default().to_owned());
        cells.push(self.rules_sha256.unwrap_or_default().to_owned());
        cells.push(ENGINE.to_owned());
        cells.push(self.on.map(|d| d.to_string()).unwrap_or_default());
        cells.push(self.status.as_str().to_owned());
        cells.push(self.outcome.unwrap_or_default().to_owned());
        cells.push(self.decided_by.unwrap_or_default().to_owned());
        if shape.layered {
            cells.push(self.layer.unwrap_or_default().to_owned());
        }
        cells.extend(
            (0..shape.scores.len())
                .map(|i| self.scores.get(i).copied().flatten().map(decimal_text).unwrap_or_default()),
        );
        cells.extend((0..shape.values.len()).map(|i| match self.values.get(i).unwrap_or(&serde_json::Value::Null) {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }));
        cells.push(self.findings.iter().map(|f| f.code.as_ref()).collect::<Vec<_>>().join("; "));
        cells.push(
            self.errors
                .iter()
                .map(|e| {
                    if e.field.is_empty() {
                        format!("{}: {}", e.code, e.message)
                    } else {
                        format!("{}@{}: {}", e.code, e.field, e.message)
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
        write_csv_line(out, cells.iter().map(String::as_str));
    }
}

/// Cells as one CSV line, quoted where they hold a comma, a quote or a line end.
pub fn write_csv_line<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_keys_are_json_strings() {
        assert_eq!(ENGINE_JSON, serde_json::to_string(ENGINE).unwrap());
        let mut out = Vec::new();
        json_text(&mut out, "a \"quoted\" \\ name\n");
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string("a \"quoted\" \\ name\n").unwrap());
    }
}
