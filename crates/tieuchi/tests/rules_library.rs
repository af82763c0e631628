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

/// A lean record ([`tieuchi::Evaluation::lean_record`]) joined with its rule set's info and
/// version, as a front end joins them, is the result's record without its trace: for every example
/// and every record of the case files, evaluated by every rule set that takes it, with and without
/// a date, in both languages.
#[test]
fn a_lean_record_joined_with_its_rule_sets_info_is_the_results_record() {
    let library = library();
    let (mut compared, mut with_params, mut with_values, mut cited_apart) = (0, 0, 0, 0);
    for (name, record) in &library_records() {
        for rules in library.rulesets() {
            let info = rules.info();
            let dated = tieuchi::value::parse_strict_date("2026-06-30");
            for (on, lang) in [(None, tieuchi::Lang::Vi), (dated, tieuchi::Lang::En)] {
                let options = tieuchi::Options { on, lang, ..tieuchi::Options::default() };
                let Ok(result) = rules.evaluate(record, &options) else { continue };
                let lean = result.lean_record();
                assert_eq!(joined(&lean, rules, &info), result.to_wire_without_trace(), "{name} by {}", rules.id());
                compared += 1;
                with_params += usize::from(!lean.params.is_empty());
                with_values += usize::from(!lean.values.is_empty());
                let apart =
                    lean.outcome.as_ref().is_some_and(|o| matches!(o.source, tieuchi::wire::LeanSource::Text(_)));
                cited_apart += usize::from(apart);
            }
        }
    }
    assert!(compared >= 300, "{compared} results compared");
    assert!(with_params > 0 && with_values > 0, "{with_params} results with parameters, {with_values} with values");
    assert!(cited_apart > 0, "no outcome cited a rule other than its tier");
}

/// Every example of the library, and every record of its case files (written from the law:
/// knock-outs, caps, exclusions, each citing its own rule), each named by where it is.
#[expect(clippy::expect_used, reason = "the bundled files must read")]
fn library_records() -> Vec<(String, serde_json::Value)> {
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
    };
    let mut records = Vec::new();
    for dir in std::fs::read_dir(rules_dir()).into_iter().flatten().flatten() {
        for example in std::fs::read_dir(dir.path().join("examples")).into_iter().flatten().flatten() {
            records.push((example.path().display().to_string(), read(&example.path())));
        }
        for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            let path = file.path();
            if !path.to_string_lossy().ends_with(".cases.json") {
                continue;
            }
            let spec = read(&path);
            for case in spec.get("cases").and_then(serde_json::Value::as_array).into_iter().flatten() {
                let batch = case.get("batch").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
                let name = case.get("name").and_then(serde_json::Value::as_str).unwrap_or_default();
                for record in
                    case.get("evidence").cloned().into_iter().chain(batch).filter(serde_json::Value::is_object)
                {
                    records.push((format!("{}: {name}", path.display()), record));
                }
            }
        }
    }
    records
}

/// A lean record joined with its rule set's info and version, as a front end joins them.
#[expect(clippy::indexing_slicing, reason = "a test's helper: a tier that is not its rule set's fails the test")]
fn joined<'a>(
    lean: &tieuchi::wire::LeanRecord<'a>,
    rules: &'a tieuchi::RuleSet,
    info: &tieuchi::RuleSetInfo,
) -> tieuchi::wire::ResultRecord<'a> {
    use std::borrow::Cow;
    use tieuchi::wire::{self, LeanSource};
    let b = |s: &str| Cow::Owned(s.to_owned());
    let outcome = lean.outcome.as_ref().map(|o| {
        let tier = &info.outcome.tiers[o.tier];
        wire::OutcomeRecord {
            id: b(&tier.id),
            label: b(&tier.label),
            decided_by: b(o.decided_by),
            source: match o.source {
                LeanSource::None => None,
                LeanSource::Tier => tier.source.as_deref().map(b),
                LeanSource::Text(s) => Some(b(s)),
            },
            by_score: o.by_score.map(|t| {
                let tier = &info.outcome.tiers[t];
                wire::TierRecord { id: b(&tier.id), label: b(&tier.label) }
            }),
            layer: o.layer.clone(),
        }
    });
    let scores = info.scores.iter().zip(&lean.scores).map(|(s, v)| {
        let score = wire::ScoreRecord {
            value: v.map(tieuchi::value::decimal_text),
            max: b(&s.max),
            label: b(&s.label),
            parent: s.parent.as_deref().map(b),
            source: s.source.as_deref().map(b),
        };
        (b(&s.id), score)
    });
    let params = info.params.iter().zip(&lean.params).map(|(p, v)| {
        let param = wire::ParamRecord {
            value: v.value.to_json(),
            from: v.from.map(tieuchi::value::date_text),
            source: v.source.map(b),
            overridden: v.overridden,
        };
        (b(&p.id), param)
    });
    wire::ResultRecord {
        ruleset: b(&info.id),
        subject: lean.subject.map(b),
        on: lean.on.map(tieuchi::value::date_text),
        engine: wire::EngineRecord::current(),
        rules: wire::RulesRecord {
            version: wire::VersionRecord::of(rules),
            chosen_because: lean.chosen_because.clone(),
        },
        status: lean.status,
        outcome,
        scores: scores.collect(),
        values: info.values.iter().zip(&lean.values).map(|(v, shown)| (b(&v.id), shown.to_json())).collect(),
        params: params.collect(),
        findings: lean.findings.clone(),
        trace: Vec::new(),
        what_it_takes: None,
    }
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
