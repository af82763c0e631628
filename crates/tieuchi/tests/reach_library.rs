//! What it takes over every rule set of `rules/`: the records of its case files, their score
//! items moved at random, and the changes reported applied to them; their fields taken away at
//! random, and the record itself as one completion of what is left.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::str::FromStr;

mod common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use tieuchi::check::model::ScoreKind;
use tieuchi::reach::{Change, Reach, Var};
use tieuchi::{Library, Options, RuleSet, Status};

/// A single-record case: its rule set's id, the record, the evaluation date.
type Record = (String, Json, Option<tieuchi::value::Date>);

/// The library, and every single-record case of its case files.
fn corpus() -> &'static (Library, Vec<Record>) {
    static CORPUS: std::sync::OnceLock<(Library, Vec<Record>)> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let cases = common::single_cases();
        assert!(cases.len() > 100, "{} cases", cases.len());
        (common::rules_library(), cases)
    })
}

fn tier_index(rules: &RuleSet, record: &Json, on: Option<tieuchi::value::Date>) -> Option<usize> {
    let result = rules.evaluate(record, &Options { on, trace: false, ..Default::default() }).ok()?;
    let tier = result.tier()?;
    rules.model().outcome.tiers.iter().position(|t| t.id == tier)
}

/// The record with its assessed score items set from `moves` (fractions of each item's max).
fn moved(rules: &RuleSet, record: &Json, moves: &[u16]) -> Json {
    let mut record = record.clone();
    let assessed = rules.model().scores.iter().filter(|s| matches!(s.kind, ScoreKind::Assessed));
    for (i, score) in assessed.enumerate() {
        let Some(&m) = moves.get(i) else { break };
        if m % 3 == 0 {
            continue; // left as the case has it
        }
        // A multiple of 0.25 within 0..max.
        let quarters = (score.max * Decimal::from(4)).floor();
        let x = (Decimal::from(m) * quarters / Decimal::from(u16::MAX)).floor() / Decimal::from(4);
        record[&score.id] = json!(x.normalize().to_string());
    }
    record
}

/// The record with a way's changes applied, when each is one this test can apply: points over
/// entered items, one input set. `None` otherwise.
fn applied(rules: &RuleSet, record: &Json, way: &[Change]) -> Option<Json> {
    let mut record = record.clone();
    let mut order: Vec<&Change> = way.iter().collect();
    order.sort_by_key(|c| match c {
        Change::Points { items, .. } => items.len(),
        _ => 0,
    });
    let mut given: Vec<(Var, Decimal)> = Vec::new();
    for change in order {
        match change {
            Change::Points { rise, by, strict, items, .. } => {
                let already: Decimal =
                    items.iter().filter_map(|i| given.iter().find(|(v, _)| *v == i.var).map(|(_, d)| *d)).sum();
                let mut left = *by - already + if *strict { Decimal::new(1, 2) } else { Decimal::ZERO };
                for item in items {
                    if left <= Decimal::ZERO {
                        break;
                    }
                    if item.via.is_some() {
                        return None;
                    }
                    let id = match item.var {
                        Var::Score(s) if matches!(rules.model().scores[s].kind, ScoreKind::Assessed) => {
                            rules.model().scores[s].id.clone()
                        }
                        Var::Input(i) => rules.model().inputs[i].id.clone(),
                        Var::Score(_) => return None,
                    };
                    let done = given.iter().find(|(v, _)| *v == item.var).map_or(Decimal::ZERO, |(_, d)| *d);
                    let room = item.room.map_or(left, |r| (r - done).max(Decimal::ZERO));
                    let step = left.min(room);
                    let value = if *rise { item.now + done + step } else { item.now - done - step };
                    record[&id] = json!(value.normalize().to_string());
                    match given.iter_mut().find(|(v, _)| *v == item.var) {
                        Some((_, d)) => *d += step,
                        None => given.push((item.var, step)),
                    }
                    left -= step;
                }
                if left > Decimal::ZERO {
                    return None;
                }
            }
            Change::Set { input, to, .. } => {
                let info = &rules.model().inputs[*input];
                record[&info.id] = match to {
                    tieuchi::value::Value::Bool(b) => json!(b),
                    tieuchi::value::Value::None => Json::Null,
                    tieuchi::value::Value::Number(n) => json!(n.to_string()),
                    tieuchi::value::Value::Date(d) => json!(d.to_string()),
                    tieuchi::value::Value::Enum(e) => match info.ty.base() {
                        tieuchi::check::model::Type::Enum(id) => {
                            json!(rules.model().enums[usize::from(id.0)].values[usize::from(*e)].0)
                        }
                        _ => return None,
                    },
                    _ => return None,
                };
            }
            Change::Members { .. } | Change::Years { .. } => return None,
        }
    }
    Some(record)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn over_every_rule_set_a_reported_way_reaches_its_tier_and_a_completion_lands_inside_pending(
        pick in any::<prop::sample::Index>(),
        moves in prop::collection::vec(any::<u16>(), 12),
        drop in prop::collection::vec(any::<bool>(), 24),
    ) {
        let (library, cases) = corpus();
        let (id, given, on) = &cases[pick.index(cases.len())];
        let rules = library.get(id).unwrap();
        let record = moved(rules, given, &moves);
        let options = Options { on: *on, trace: false, ..Default::default() };
        let Ok(result) = rules.evaluate(&record, &options) else { return Ok(()) };
        let takes = tieuchi::reach::solve(&result);
        for goal in &takes.goals {
            let t = usize::from(goal.tier);
            if let Reach::Ways(ways) = &goal.reach {
                for way in ways {
                    let Some(changed) = applied(rules, &record, way) else { continue };
                    prop_assert!(tier_index(rules, &changed, *on).is_some_and(|r| r <= t),
                        "{id}: {changed} does not reach tier {t} by {way:?}");
                }
            }
        }

        // Fields taken away — those whose absence means "not known" (an optional input absent
        // is none, a default is a value): the record itself is one completion of what is left.
        let model = rules.model();
        let unknown_when_absent = |k: &str| {
            model.scores.iter().any(|s| s.id == k && matches!(s.kind, ScoreKind::Assessed))
                || model.inputs.iter().any(|i| i.id == k && i.default.is_none() && !i.ty.is_optional())
        };
        let Json::Object(fields) = &record else { return Ok(()) };
        let mut partial = serde_json::Map::new();
        for (i, (k, v)) in fields.iter().enumerate() {
            if !unknown_when_absent(k) || !drop[i % drop.len()] {
                partial.insert(k.clone(), v.clone());
            }
        }
        let partial = Json::Object(partial);
        let Ok(missing) = rules.evaluate(&partial, &options) else { return Ok(()) };
        let Some(pending) = missing.what_it_takes().pending else { return Ok(()) };
        match result.status() {
            Status::Rated => {
                let tier = result.tier().unwrap();
                prop_assert!(pending.possible.iter().any(|p| p == tier), "{id}: {record} gives {tier}, not among {:?} for {partial}", pending.possible);
            }
            Status::NotRated => prop_assert!(pending.may_be_excluded, "{id}: {record} is excluded, not foreseen for {partial}"),
            Status::NotDeterminable => {}
        }
        for range in &pending.scores {
            if let Some(v) = result.score(&range.id) {
                let low = range.min.as_deref().map(|m| Decimal::from_str(m).unwrap());
                let high = range.max.as_deref().map(|m| Decimal::from_str(m).unwrap());
                prop_assert!(low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h),
                    "{id}: {} = {v} outside {low:?}..{high:?} for {partial}", range.id);
            }
        }
    }
}
