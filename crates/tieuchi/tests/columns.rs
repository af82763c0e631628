//! Many records evaluated column by column give, record for record, what each evaluated alone
//! gives: the whole result (status, tier, what decided, scores, values, findings, parameters),
//! or the same error; and the ratings' columns say what each result says. Records are the case files' records of every rule set of `rules/`, their
//! scores moved, fields taken away and yes/no inputs flipped at random, in random order.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::collections::BTreeMap;

mod common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use tieuchi::check::model::{ScoreKind, Type};
use tieuchi::{Evaluation, EvidenceColumns, Lang, Library, Options, RuleSet};

/// The library, and per rule set the records of its single-record cases (dated as the case is).
fn corpus() -> &'static (Library, BTreeMap<String, Vec<Json>>) {
    static CORPUS: std::sync::OnceLock<(Library, BTreeMap<String, Vec<Json>>)> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut records: BTreeMap<String, Vec<Json>> = BTreeMap::new();
        for (id, mut record, on) in common::single_cases() {
            if let (Some(on), Json::Object(map)) = (on, &mut record) {
                map.entry("on").or_insert_with(|| json!(on.to_string()));
            }
            records.entry(id).or_default().push(record);
        }
        (common::rules_library(), records)
    })
}

/// The record with its assessed scores moved (multiples of 0.25 up to a little past the max, so
/// that some are refused), some fields taken away and some yes/no inputs flipped.
fn varied(rules: &RuleSet, record: &Json, seed: &[u16]) -> Json {
    let mut record = record.clone();
    let model = rules.model();
    let mut next = seed.iter().copied().cycle();
    for score in model.scores.iter().filter(|s| matches!(s.kind, ScoreKind::Assessed)) {
        let m = next.next().unwrap_or(0);
        if m % 3 == 0 {
            let quarters = ((score.max + Decimal::ONE) * Decimal::from(4)).floor();
            let x = (Decimal::from(m) * quarters / Decimal::from(u16::MAX)).floor() / Decimal::from(4);
            record[&score.id] = json!(x.normalize().to_string());
        }
    }
    for input in &model.inputs {
        let m = next.next().unwrap_or(0);
        if m % 5 == 0 {
            if let Json::Object(map) = &mut record {
                map.remove(&input.id);
            }
        } else if m % 5 == 1 && matches!(input.ty.base(), Type::Bool) {
            record[&input.id] = json!(m % 2 == 0);
        }
    }
    record
}

/// A result as every front end sees it, or the error's codes.
fn seen(result: &Result<Evaluation<'_>, tieuchi::EvalError>) -> Json {
    match result {
        Ok(e) => serde_json::to_value(e.to_wire()).unwrap(),
        Err(e) => json!({ "error": e.code.as_str(), "at": e.location.to_string() }),
    }
}

#[test]
fn the_bundled_ratings_without_lists_are_evaluated_in_columns() {
    let (library, records) = corpus();
    let columnar: Vec<&str> = records
        .keys()
        .filter(|id| library.get(id).is_some_and(RuleSet::evaluates_in_columns))
        .map(String::as_str)
        .collect();
    for id in ["cong_chuc_nd335", "cong_chuc_tinh_mau", "lao_dong_tien_tien_2022"] {
        assert!(columnar.contains(&id), "{id} not among {columnar:?}");
    }
    // A rule set that counts a list's members stays with the row evaluator.
    let with_lists = records.keys().filter_map(|id| library.get(id)).find(|r| !r.evaluates_in_columns());
    assert!(with_lists.is_some(), "every rule set reads only single values: {columnar:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn many_records_in_columns_give_what_each_record_alone_gives(
        pick in any::<prop::sample::Index>(),
        chosen in prop::collection::vec((any::<prop::sample::Index>(), prop::collection::vec(any::<u16>(), 8)), 1..60),
        english in any::<bool>(),
    ) {
        let (library, records) = corpus();
        let ids: Vec<&String> = records.keys().collect();
        let id = ids[pick.index(ids.len())];
        let Some(rules) = library.get(id) else { return Ok(()) };
        let cases = &records[id];
        let evidences: Vec<_> = chosen
            .iter()
            .filter_map(|(which, seed)| rules.decode(&varied(rules, &cases[which.index(cases.len())], seed)).ok())
            .collect();
        let options = Options { lang: if english { Lang::En } else { Lang::Vi }, ..Options::default() };
        let together = rules.evaluate_all(&evidences, &options);
        prop_assert_eq!(together.len(), evidences.len());
        let ratings = rules.rate_all(&evidences, &options);
        prop_assert_eq!(ratings.status.len(), evidences.len());
        // The same records held column by column are rated alike, each score written alike.
        let held = rules.rate_columns(&EvidenceColumns::new(&evidences), &options);
        prop_assert_eq!(&held, &ratings);
        let texts = |r: &tieuchi::Ratings| -> Vec<Vec<Option<String>>> {
            r.scores.iter().map(|c| c.iter().map(|v| v.map(tieuchi::value::decimal_text)).collect()).collect()
        };
        prop_assert_eq!(texts(&held), texts(&ratings));
        for (i, (evidence, result)) in evidences.iter().zip(&together).enumerate() {
            let alone = rules.evaluate_evidence(evidence, &options);
            prop_assert_eq!(seen(result), seen(&alone), "{} {:?}", id, evidence.values);
            // The ratings' columns say what the whole result says.
            let plan = rules.plan();
            match &alone {
                Ok(e) => {
                    prop_assert_eq!(ratings.status[i], Some(e.status()));
                    prop_assert_eq!(ratings.tier[i].map(|t| rules.model().outcome.tiers[usize::from(t)].id.as_str()), e.tier());
                    let rule = match (ratings.decided_by[i], ratings.tier[i]) {
                        (Some(a), _) => Some(plan.adjustments[usize::from(a)].location.as_str()),
                        (None, Some(t)) => {
                            let band = plan.tiers[usize::from(t)].location.as_str();
                            match e.deciding_rule() {
                                // In a layered rule set, a layer's rule that kept the record
                                // from a better tier (a stricter parameter value), or the national
                                // tier a layer's rewritten tier tightens.
                                Some(rule) if rule != band => {
                                    prop_assert!(!rules.layers().is_empty(), "{} {}", id, rule);
                                    Some(rule)
                                }
                                _ => Some(band),
                            }
                        }
                        (None, None) => None,
                    };
                    prop_assert_eq!(rule, e.deciding_rule());
                    let wire = e.to_wire();
                    let scores: Vec<Option<String>> = wire.scores.iter().map(|(_, s)| s.value.clone()).collect();
                    let rated: Vec<Option<String>> =
                        ratings.scores.iter().map(|c| c[i].map(tieuchi::value::decimal_text)).collect();
                    prop_assert_eq!(rated, scores);
                }
                Err(error) => {
                    prop_assert_eq!(ratings.status[i], None);
                    prop_assert!(ratings.errors.iter().any(|(r, e)| *r == i && e.code == error.code));
                }
            }
        }
    }
}
