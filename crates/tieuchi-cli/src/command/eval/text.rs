//! `tieuchi eval --format text`: one result as a person reads it, with the rule file's own
//! labels, and the headings and words of the catalogue in the language asked for (`--lang`).

use std::fmt::Write as _;

use tieuchi::info::ValueKind;
use tieuchi::wire::ResultRecord;
use tieuchi::{msg, Message, Msg, RuleSet, RuleSetInfo, Status};

/// A fraction as a percent: `0.705` as `70.5%` (exact: the decimal point moves two places).
fn percent_text(fraction: &str) -> String {
    let percent = tieuchi::value::parse_exact_decimal(fraction).ok().and_then(|d| d.checked_mul(100.into()));
    percent.map_or_else(|| fraction.to_owned(), |d| format!("{}%", tieuchi::value::decimal_text(d)))
}

/// A message without arguments, in the language asked for.
fn say(id: Msg) -> String {
    Message::new(id).render(crate::lang())
}

pub(crate) fn render(rules: &RuleSet, result: &ResultRecord) -> String {
    let info = rules.info();
    let mut out = String::new();
    let lang = crate::lang();
    let _ = writeln!(out, "{} ({})", info.label, info.id);
    if let Some(source) = &info.source {
        let _ = writeln!(out, "{}", msg!(ExplainSource, source = source.as_str()).render(lang));
    }
    if let Some(subject) = &result.subject {
        let _ = writeln!(out, "{}", msg!(ExplainSubject, subject = subject.to_string()).render(lang));
    }
    if let Some(on) = &result.on {
        let _ = writeln!(out, "{}", msg!(ExplainOn, on = on.as_str()).render(lang));
    }
    scores(&mut out, result);
    params(&mut out, &info, result);
    let _ = writeln!(out);
    outcome(&mut out, &info, result);
    what_it_takes(&mut out, result);
    findings(&mut out, result);
    rules_line(&mut out, result);
    trace(&mut out, &info, result);
    out
}

/// Each score, indented under its parent, with its maximum.
fn scores(out: &mut String, result: &ResultRecord) {
    if !result.scores.is_empty() {
        let _ = writeln!(out, "\n{}", say(Msg::ExplainScores));
        let depth = |id: &str| {
            let mut d = 0;
            let mut current = result.scores.get(id).and_then(|s| s.parent.clone());
            while let Some(p) = current {
                d += 1;
                current = result.scores.get(&p).and_then(|s| s.parent.clone());
            }
            d
        };
        let width = result.scores.iter().map(|(id, s)| s.label.chars().count() + 2 * depth(id)).max().unwrap_or(0);
        for (id, score) in result.scores.iter() {
            let indent = "  ".repeat(depth(id));
            let label = format!("{indent}{}", score.label);
            let pad = width.saturating_sub(label.chars().count());
            let value = score.value.as_deref().unwrap_or("?");
            let _ = writeln!(out, "  {label}{} {value:>8} / {}", " ".repeat(pad), score.max);
        }
    }
}

/// Each parameter's value on the date, where it comes from, and whether it is simulated.
fn params(out: &mut String, info: &RuleSetInfo, result: &ResultRecord) {
    let lang = crate::lang();
    if !result.params.is_empty() {
        let _ = writeln!(out, "\n{}", say(Msg::ExplainParams));
        for (id, param) in result.params.iter() {
            let declared = info.params.iter().find(|p| p.id == id);
            let label = declared.map_or(id, |p| p.label.as_str());
            let percent = declared.is_some_and(|p| p.kind == ValueKind::Percent);
            let value = match &param.value {
                serde_json::Value::String(text) if percent => percent_text(text),
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Bool(true) => say(Msg::ExplainYes),
                serde_json::Value::Bool(false) => say(Msg::ExplainNo),
                _ => "?".to_owned(),
            };
            let from = param
                .from
                .as_deref()
                .map(|d| format!(" {}", msg!(ExplainFrom, date = d).render(lang)))
                .unwrap_or_default();
            let source = param.source.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let simulated =
                if param.overridden { format!(" — {}", say(Msg::ExplainSimulated)) } else { String::new() };
            let _ = writeln!(out, "  {label} ({id}): {value}{from}{source}{simulated}");
        }
    }
}

/// The tier and what decided it, or why there is none.
fn outcome(out: &mut String, info: &RuleSetInfo, result: &ResultRecord) {
    let lang = crate::lang();
    match (&result.status, &result.outcome) {
        (Status::Rated, Some(outcome)) => {
            let how = match outcome.decided_by.as_ref() {
                "force" => say(Msg::ExplainByForce),
                "cap" => say(Msg::ExplainByCap),
                "quota" => say(Msg::ExplainByQuota),
                "score" => say(Msg::ExplainByScore),
                _ => say(Msg::ExplainByTiers),
            };
            let _ = writeln!(out, "{}: {} ({}) — {how}", info.outcome.label, outcome.label, outcome.id);
            if let Some(source) = &outcome.source {
                let _ = writeln!(out, "  {}", msg!(ExplainSource, source = source.as_ref()).render(lang));
            }
            if let Some(reached) = &outcome.by_score {
                let reached = msg!(ExplainReached, tier = reached.label.as_ref(), id = reached.id.as_ref());
                let _ = writeln!(out, "  {}", reached.render(lang));
            }
            if let Some(layer) = &outcome.layer {
                let source = layer.source.as_ref().map(|s| format!(" — {s}")).unwrap_or_default();
                let _ = writeln!(out, "  {}{source}", msg!(ExplainLayer, layer = layer.id.as_ref()).render(lang));
            }
        }
        (Status::NotRated, _) => {
            let _ = writeln!(out, "{}", msg!(ExplainNotRated, outcome = info.outcome.label.as_str()).render(lang));
        }
        _ => {
            let _ =
                writeln!(out, "{}", msg!(ExplainNotDeterminable, outcome = info.outcome.label.as_str()).render(lang));
        }
    }
}

/// What the better tiers take, or what is still possible while evidence is missing.
fn what_it_takes(out: &mut String, result: &ResultRecord) {
    if let Some(takes) = &result.what_it_takes {
        if let Some(pending) = &takes.pending {
            let _ = writeln!(out, "\n{}", say(Msg::ExplainPending));
            for sentence in pending.text.split(". ") {
                let _ = writeln!(out, "  - {}", sentence.trim_end_matches('.'));
            }
        } else {
            let _ = writeln!(out, "\n{}", say(Msg::ExplainBetter));
            if takes.goals.is_empty() {
                let _ = writeln!(out, "  {}", say(Msg::ExplainBest));
            }
            for goal in &takes.goals {
                let _ = writeln!(out, "  - {}", goal.text);
            }
        }
    }
}

/// The findings, those applied marked `!`.
fn findings(out: &mut String, result: &ResultRecord) {
    if !result.findings.is_empty() {
        let _ = writeln!(out, "\n{}", say(Msg::ExplainFindings));
        for f in &result.findings {
            let mark = if f.applied == Some(true) { "!" } else { "-" };
            let source = f.source.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let _ = writeln!(out, "  {mark} {}: {}{source}", f.code, f.label);
        }
    }
}

/// Which rules, by version and fingerprint, and which engine.
fn rules_line(out: &mut String, result: &ResultRecord) {
    let _ = writeln!(
        out,
        "\n{}: {} · sha256 {} · {} · {} {}",
        say(Msg::ExplainRules),
        result.rules.version.id,
        result.rules.version.sha256,
        result.rules.chosen_because,
        result.engine.name,
        result.engine.version
    );
}

/// Each rule tried, its conditions and the values they read.
fn trace(out: &mut String, info: &RuleSetInfo, result: &ResultRecord) {
    if !result.trace.is_empty() {
        let _ = writeln!(out, "\n{}", say(Msg::ExplainWhy));
        for step in &result.trace {
            let mark = match step.holds {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "?",
            };
            let label = step
                .rule
                .split_once('.')
                .and_then(|(_, tier)| info.outcome.tiers.iter().find(|t| t.id == tier))
                .map(|t| format!(" {}", t.label))
                .unwrap_or_default();
            let source = step.source.as_deref().map(|s| format!("  [{s}]")).unwrap_or_default();
            let _ = writeln!(out, "  {mark} {}{label}{source}", step.rule);
            for c in &step.conditions {
                let cmark = match c.holds {
                    Some(true) => say(Msg::ExplainHolds),
                    Some(false) => say(Msg::ExplainFails),
                    // Unknown evidence, or not reached: `and` stopped at an earlier condition.
                    None => say(Msg::ExplainUnknown),
                };
                let values: Vec<String> = c
                    .values
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                    .collect();
                let _ = writeln!(out, "      {} — {cmark} ({})", c.condition, values.join(", "));
            }
        }
    }
}
