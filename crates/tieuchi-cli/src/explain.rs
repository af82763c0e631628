//! A readable explanation of one result, in the rule file's Vietnamese labels.

use std::fmt::Write as _;

use tieuchi::check::model::{NumKind, Type};
use tieuchi::wire::ResultRecord;
use tieuchi::{RuleSet, Status};

/// A fraction as a percent: `0.705` as `70.5%` (exact: the decimal point moves two places).
fn percent_text(fraction: &str) -> String {
    let percent = tieuchi::value::parse_exact_decimal(fraction).ok().and_then(|d| d.checked_mul(100.into()));
    percent.map_or_else(|| fraction.to_owned(), |d| format!("{}%", tieuchi::value::decimal_text(d)))
}

pub fn text(rules: &RuleSet, result: &ResultRecord) -> String {
    let model = rules.model();
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", model.label, model.id);
    if let Some(source) = &model.citation {
        let _ = writeln!(out, "Căn cứ: {source}");
    }
    if let Some(subject) = &result.subject {
        let _ = writeln!(out, "Đối tượng: {subject}");
    }
    if let Some(on) = &result.on {
        let _ = writeln!(out, "Ngày đánh giá: {on}");
    }

    if !result.scores.is_empty() {
        let _ = writeln!(out, "\nĐiểm");
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

    if !result.params.is_empty() {
        let _ = writeln!(out, "\nTham số");
        for (id, param) in result.params.iter() {
            let declared = model.params.iter().find(|p| p.id == id);
            let label = declared.map_or(id, |p| p.label.as_str());
            let percent = declared.is_some_and(|p| p.ty == Type::Number(NumKind::Percent));
            let value = match &param.value {
                serde_json::Value::String(text) if percent => percent_text(text),
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Bool(true) => "có".to_owned(),
                serde_json::Value::Bool(false) => "không".to_owned(),
                _ => "?".to_owned(),
            };
            let from = param.from.as_deref().map(|d| format!(" từ {d}")).unwrap_or_default();
            let source = param.source.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let simulated = if param.overridden {
                " — giá trị mô phỏng (--set), không phải của quy định"
            } else {
                ""
            };
            let _ = writeln!(out, "  {label} ({id}): {value}{from}{source}{simulated}");
        }
    }

    let _ = writeln!(out);
    match (&result.status, &result.outcome) {
        (Status::Rated, Some(outcome)) => {
            let how = match outcome.decided_by.as_ref() {
                "force" => "do điều kiện loại trừ (knock-out)",
                "cap" => "do giới hạn mức tối đa",
                "quota" => "do giới hạn tỷ lệ (quota)",
                "score" => "theo điểm",
                _ => "theo tiêu chí",
            };
            let _ = writeln!(out, "{}: {} ({}) — {how}", model.outcome.label, outcome.label, outcome.id);
            if let Some(source) = &outcome.source {
                let _ = writeln!(out, "  Căn cứ: {source}");
            }
            if let Some(reached) = &outcome.by_score {
                let _ = writeln!(out, "  Mức theo điểm (trước khi áp dụng): {} ({})", reached.label, reached.id);
            }
            if let Some(layer) = &outcome.layer {
                let source = layer.source.as_ref().map(|s| format!(" — {s}")).unwrap_or_default();
                let _ = writeln!(out, "  Lớp quyết định: {}{source}", layer.id);
            }
        }
        (Status::NotRated, _) => {
            let _ = writeln!(out, "{}: không xếp loại (not rated)", model.outcome.label);
        }
        _ => {
            let _ = writeln!(out, "{}: chưa xác định được (not determinable)", model.outcome.label);
        }
    }

    if let Some(takes) = &result.what_it_takes {
        if let Some(pending) = &takes.pending {
            let _ = writeln!(out, "\nCòn thiếu bằng chứng");
            for sentence in pending.text.split(". ") {
                let _ = writeln!(out, "  - {}", sentence.trim_end_matches('.'));
            }
        } else {
            let _ = writeln!(out, "\nĐể đạt mức cao hơn");
            if takes.goals.is_empty() {
                let _ = writeln!(out, "  Đã đạt mức cao nhất.");
            }
            for goal in &takes.goals {
                let _ = writeln!(out, "  - {}", goal.text);
            }
        }
    }

    if !result.findings.is_empty() {
        let _ = writeln!(out, "\nGhi nhận");
        for f in &result.findings {
            let mark = if f.applied == Some(true) { "!" } else { "-" };
            let source = f.source.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let _ = writeln!(out, "  {mark} {}: {}{source}", f.code, f.label);
        }
    }

    let _ = writeln!(
        out,
        "\nQuy tắc: {} · sha256 {} · {} · {} {}",
        result.rules.version.id,
        result.rules.version.sha256,
        result.rules.chosen_because,
        result.engine.name,
        result.engine.version
    );

    if !result.trace.is_empty() {
        let _ = writeln!(out, "\nVì sao (các quy tắc đã xét, từ trên xuống)");
        for step in &result.trace {
            let mark = match step.holds {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "?",
            };
            let label = step
                .rule
                .split_once('.')
                .and_then(|(_, tier)| model.outcome.tiers.iter().find(|t| t.id == tier))
                .map(|t| format!(" {}", t.label))
                .unwrap_or_default();
            let source = step.source.as_deref().map(|s| format!("  [{s}]")).unwrap_or_default();
            let _ = writeln!(out, "  {mark} {}{label}{source}", step.rule);
            for c in &step.conditions {
                let cmark = match c.holds {
                    Some(true) => "đạt",
                    Some(false) => "không đạt",
                    // Unknown evidence, or not reached: `and` stopped at an earlier condition.
                    None => "chưa xác định",
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
    out
}
