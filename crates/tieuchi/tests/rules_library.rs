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

/// Every rule file of `rules/`, compiled together.
#[expect(clippy::expect_used, clippy::panic, reason = "the bundled library must read and compile")]
fn library() -> Library {
    let mut files = Vec::new();
    rule_files(&rules_dir(), &mut files);
    files.sort();
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read_to_string(p).expect("readable")))
        .collect();
    Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

#[test]
fn every_tier_adjustment_quota_and_scored_item_cites_its_source() {
    let library = library();
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

/// A trace written apart from its rules' texts ([`tieuchi::Evaluation::lean_trace`]), joined
/// with them ([`tieuchi::RuleSet::traced_rules`]) as a front end joins them, is the result's
/// trace: for every example of the library, evaluated by every rule set that takes it.
#[test]
fn a_lean_trace_joined_with_its_rules_texts_is_the_results_trace() {
    use serde_json::{json, Value as Json};
    use tieuchi::wire::RuleRef;
    let library = library();
    let mut examples = Vec::new();
    for dir in std::fs::read_dir(rules_dir()).into_iter().flatten().flatten() {
        for example in std::fs::read_dir(dir.path().join("examples")).into_iter().flatten().flatten() {
            examples.push(example.path());
        }
    }
    let mut compared = 0;
    for path in &examples {
        let record: Json = serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        for rules in library.rulesets() {
            let options = tieuchi::Options { trace: true, ..tieuchi::Options::default() };
            let Ok(result) = rules.evaluate(&record, &options) else { continue };
            let texts = rules.traced_rules();
            let joined: Vec<Json> = result
                .lean_trace()
                .steps()
                .map(|step| {
                    let rule = match step.rule {
                        RuleRef::Tier(i) => &texts.tiers[usize::from(i)],
                        RuleRef::Adjustment(i) => &texts.adjustments[usize::from(i)],
                    };
                    let conditions: Vec<Json> = rule
                        .conditions
                        .iter()
                        .zip(step.conditions())
                        .map(|((condition, names), (holds, values))| {
                            let values: serde_json::Map<String, Json> =
                                names.iter().map(|n| (*n).to_owned()).zip(values.iter().map(|v| v.to_json())).collect();
                            json!({"condition": condition, "holds": holds, "values": values})
                        })
                        .collect();
                    let mut joined = json!({"rule": rule.rule, "span": rule.span, "holds": step.holds});
                    if let Some(source) = rule.source {
                        joined["source"] = json!(source);
                    }
                    joined["conditions"] = json!(conditions);
                    joined
                })
                .collect();
            let whole = serde_json::to_value(&result.to_wire().trace).expect("a trace");
            let flat = serde_json::to_value(result.lean_trace()).expect("a lean trace");
            assert_eq!(Json::Array(joined), whole, "{} by {}", path.display(), rules.id());
            assert_eq!(joined_from_flat(&flat, &texts), whole, "{} by {}, flat", path.display(), rules.id());
            compared += 1;
        }
    }
    assert!(compared >= 15, "{compared} results compared");
}

/// A lean trace's JSON (one flat array: a step's kind, index, holds and number of conditions,
/// then each condition's holds and values) joined with its rules' texts, as the JavaScript
/// wrapper joins it.
#[expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test's helper: a flat trace that does not fit its rules' texts fails the test"
)]
fn joined_from_flat(flat: &serde_json::Value, texts: &tieuchi::wire::TracedRules<'_>) -> serde_json::Value {
    use serde_json::{json, Value as Json};
    let mut at = flat.as_array().expect("an array").iter().cloned();
    let number = |v: Option<Json>| usize::try_from(v.and_then(|v| v.as_u64()).expect("a number")).expect("small");
    let mut steps = Vec::new();
    while let Some(kind) = at.next() {
        let index = number(at.next());
        let rule = if kind == json!(0) { &texts.tiers[index] } else { &texts.adjustments[index] };
        let holds = at.next().expect("holds");
        let tried = number(at.next());
        let conditions: Vec<Json> = rule.conditions[..tried]
            .iter()
            .map(|(condition, names)| {
                let holds = at.next().expect("a condition's holds");
                let values: serde_json::Map<String, Json> =
                    names.iter().map(|n| ((*n).to_owned(), at.next().expect("a value"))).collect();
                json!({"condition": condition, "holds": holds, "values": values})
            })
            .collect();
        let mut step = json!({"rule": rule.rule, "span": rule.span, "holds": holds});
        if let Some(source) = rule.source {
            step["source"] = json!(source);
        }
        step["conditions"] = json!(conditions);
        steps.push(step);
    }
    Json::Array(steps)
}
