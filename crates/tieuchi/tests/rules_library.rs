//! The bundled rule library: every rule carries its legal source.

use std::path::{Path, PathBuf};

use tieuchi::check::model::ScoreKind;
use tieuchi::{Library, SourceFile};

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

#[test]
fn every_tier_adjustment_quota_and_scored_item_cites_its_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut files = Vec::new();
    rule_files(&root, &mut files);
    files.sort();
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read_to_string(p).expect("readable")))
        .collect();
    let library = Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    assert!(library.rulesets().len() >= 10, "the library holds every family");
    let mut missing = Vec::new();
    for rules in library.rulesets() {
        let m = rules.model();
        let at = |span| m.source.location(span).to_string();
        if m.citation.is_none() {
            missing.push(format!("{} (the rule set)", m.id));
        }
        missing.extend(
            m.outcome.tiers.iter().filter(|t| t.source.is_none()).map(|t| format!("{} tier {}", at(t.span), t.id)),
        );
        missing
            .extend(m.adjustments.iter().filter(|a| a.source.is_none()).map(|a| format!("{} adjustment", at(a.span))));
        missing.extend(m.quotas.iter().filter(|q| q.source.is_none()).map(|q| format!("{} quota", at(q.span))));
        // A parent that only adds up its items is cited by them and by the rule set.
        missing.extend(
            m.scores
                .iter()
                .filter(|s| s.source.is_none() && !matches!(s.kind, ScoreKind::Sum))
                .map(|s| format!("{} score {}", at(s.span), s.id)),
        );
    }
    assert!(missing.is_empty(), "rules without a `source`:\n{}", missing.join("\n"));
}
