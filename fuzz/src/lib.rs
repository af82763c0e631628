//! What the fuzz targets share: the bundled rule library, compiled once, and digests of results
//! that a batch row and a record evaluated alone must agree on.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tieuchi::batch::{Row, RowStatus};
use tieuchi::{EvaluateError, Evaluation, Library, RuleSet, SourceFile, Status};

/// Every rule file under `rules/`, compiled together (families linked, imports resolved).
pub fn bundled() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let mut files = Vec::new();
        rule_files(&root, &mut files);
        files.sort();
        assert!(!files.is_empty(), "no rule files under {}", root.display());
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                SourceFile::new(p.display().to_string(), text)
            })
            .collect();
        Library::compile(&sources).unwrap_or_else(|e| panic!("the bundled rules do not compile:\n{}", e.render_plain()))
    })
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tieuchi") {
            out.push(path);
        }
    }
}

/// Whether a rule set has a quota (a batch row of it then depends on the other records).
pub fn has_quota(rules: &RuleSet) -> bool {
    tieuchi::batch::Batch::new(rules).needs_two_passes()
}

/// What a result says, comparable between the paths that produce one: status, tier, what
/// decided it, the subject, every score (in the rule set's order), the findings, or the errors'
/// codes and fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Digest {
    Result {
        status: &'static str,
        tier: Option<String>,
        decided_by: Option<&'static str>,
        subject: Option<String>,
        scores: Vec<Option<String>>,
        findings: Vec<String>,
    },
    Errors(Vec<(String, String)>),
}

fn finding_text(f: &tieuchi::wire::Finding<'_>) -> String {
    serde_json::to_string(f).unwrap_or_default()
}

/// The digest of a record evaluated alone.
pub fn digest_of(rules: &RuleSet, result: &Result<Evaluation<'_>, EvaluateError>) -> Digest {
    match result {
        Ok(e) => Digest::Result {
            status: match e.status() {
                Status::Rated => "rated",
                Status::NotRated => "not rated",
                Status::NotDeterminable => "not determinable",
            },
            tier: e.tier().map(str::to_owned),
            decided_by: e.decided_by(),
            subject: e.subject().map(str::to_owned),
            scores: rules.model().scores.iter().map(|s| e.score(&s.id).map(|d| d.normalize().to_string())).collect(),
            findings: e.findings().iter().map(finding_text).collect(),
        },
        Err(EvaluateError::Evidence(errors)) => {
            Digest::Errors(errors.iter().map(|e| (e.code.as_str().to_owned(), e.field.clone())).collect())
        }
        Err(EvaluateError::Eval(e)) => Digest::Errors(vec![(e.code.as_str().to_owned(), String::new())]),
    }
}

/// The digest of a batch row rated by `rules`, whose scores are the columns `columns`.
pub fn digest_of_row(row: &Row<'_>, columns: &[usize]) -> Digest {
    match row.status {
        RowStatus::Error => Digest::Errors(row.errors.iter().map(|e| (e.code.to_owned(), e.field.clone())).collect()),
        status => Digest::Result {
            status: status.as_str(),
            tier: row.outcome.map(str::to_owned),
            decided_by: row.decided_by,
            subject: row.subject.clone(),
            scores: columns.iter().map(|&c| row.scores[c].map(|d| d.normalize().to_string())).collect(),
            findings: row.findings.iter().map(finding_text).collect(),
        },
    }
}

/// The column of each of `rules`' scores in a batch's row shape.
pub fn score_columns(shape: &tieuchi::batch::RowShape, rules: &RuleSet) -> Vec<usize> {
    use tieuchi::batch::{LEADING_COLUMNS, TRAILING_COLUMNS};
    let fixed = |id: &str| LEADING_COLUMNS.contains(&id) || TRAILING_COLUMNS.contains(&id);
    rules
        .model()
        .scores
        .iter()
        .map(|s| {
            let name = if fixed(&s.id) { format!("{}_score", s.id) } else { s.id.clone() };
            shape.scores.iter().position(|c| *c == name).unwrap_or_else(|| panic!("no column for score {}", s.id))
        })
        .collect()
}
