//! Evidence JSON to typed slots. Nothing is coerced: every problem is reported by field.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

use crate::check::model::{InputInfo, Model, NumKind, Type};
use crate::check::{MAX_MEMBERS, RESERVED_NAMES};
use crate::plan::{EvidenceField, Plan};
use crate::value::{Date, TextId, Value};

macro_rules! evidence_codes {
    ($($variant:ident => $code:literal, $summary:literal;)*) => {
        /// Stable codes of evidence problems.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EvidenceCode { $($variant,)* }

        impl EvidenceCode {
            pub const ALL: &'static [EvidenceCode] = &[$(EvidenceCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(EvidenceCode::$variant => $code,)* }
            }

            /// One line on what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(EvidenceCode::$variant => $summary,)* }
            }
        }
    };
}

evidence_codes! {
    NotJson => "evidence::not-json", "a batch record is not valid JSON, or a CSV row cannot be read";
    NotAnObject => "evidence::not-an-object", "an evidence record is not a JSON object";
    UnknownField => "evidence::unknown-field", "a field is not an input of the rule set";
    WrongType => "evidence::wrong-type", "a value has the wrong type for its field";
    NotInteger => "evidence::not-integer", "a whole number was expected";
    OutOfRange => "evidence::out-of-range", "a number lies outside its field's declared range";
    BadEnumValue => "evidence::bad-enum-value", "a value is not one of its enum's values";
    BadDate => "evidence::bad-date", "a date is not a real YYYY-MM-DD date";
    BadNumber => "evidence::bad-number", "a number cannot be read or held exactly";
    DuplicateYear => "evidence::duplicate-year", "a history has two records for one year";
    TooMany => "evidence::too-many", "a list or history has more members than the limit";
    MemberError => "evidence::member-error", "a member could not be evaluated by its own rule set";
}

impl fmt::Display for EvidenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EvidenceCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem with one field of one evidence record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct EvidenceError {
    pub code: EvidenceCode,
    /// The path of the field: `diem_chung`, `thanh_vien[3].xep_loai`; empty for the record.
    pub field: String,
    pub message: String,
    pub help: String,
}

/// A list or history: rows of field values, histories sorted newest year first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListData {
    pub width: usize,
    pub rows: Vec<Value>,
    pub years: Vec<i32>,
}

impl ListData {
    pub fn len(&self) -> usize {
        self.rows.len().checked_div(self.width).unwrap_or(self.years.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, i: usize) -> &[Value] {
        &self.rows[i * self.width..(i + 1) * self.width]
    }
}

/// One subject's evidence, decoded against a rule set's schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    pub subject: Option<String>,
    /// The evaluation date given in the record (`"on"`), if any.
    pub on: Option<Date>,
    pub values: Vec<Value>,
    pub texts: Vec<String>,
    pub lists: Vec<ListData>,
    /// Evidence slots that were absent with no default.
    pub missing: Vec<u32>,
    /// Fields of list or history members that were absent with no default, with the slot of
    /// their collection: `(slot, "thanh_vien[3].xep_loai")`.
    pub missing_members: Vec<(u32, String)>,
}

impl Evidence {
    pub fn text<'a>(&'a self, id: TextId, plan: &'a Plan) -> &'a str {
        let index = (id.0 & !TextId::CONST_BIT) as usize;
        if id.0 & TextId::CONST_BIT == 0 {
            self.texts.get(index).map_or("", String::as_str)
        } else {
            plan.texts.get(index).map_or("", String::as_str)
        }
    }
}

struct Decoder<'a> {
    model: &'a Model,
    /// Rule sets that evaluate the members of `list of other` inputs.
    members: &'a [std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
    /// The evidence slot being decoded, to attribute missing member fields to their collection.
    slot: u32,
    errors: Vec<EvidenceError>,
    evidence: Evidence,
}

/// Decodes one evidence record; every problem in it is reported, not only the first.
pub fn decode(model: &Model, plan: &Plan, record: &Json) -> Result<Evidence, Vec<EvidenceError>> {
    decode_with_members(model, plan, record, &[], None)
}

/// Decodes a record whose lists may hold subjects of other rule sets (`list of other`), which
/// are evaluated by `members` on the evaluation date.
pub(crate) fn decode_with_members(
    model: &Model,
    plan: &Plan,
    record: &Json,
    members: &[std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
) -> Result<Evidence, Vec<EvidenceError>> {
    let Json::Object(map) = record else {
        return Err(vec![EvidenceError {
            code: EvidenceCode::NotAnObject,
            field: String::new(),
            message: format!("an evidence record must be an object, not {}", json_kind(record)),
            help: "write the evidence as `{\"field\": value, …}`".to_owned(),
        }]);
    };
    let on = map.get("on").and_then(Json::as_str).and_then(|d| Date::from_str(d).ok()).or(on);
    let mut decoder = Decoder { model, members, on, slot: 0, errors: Vec::new(), evidence: Evidence::default() };
    decoder.evidence.values = vec![Value::Unknown; plan.evidence.len()];
    for (key, value) in map {
        match key.as_str() {
            "id" => match subject_id(value) {
                Some(id) => decoder.evidence.subject = Some(id),
                None => decoder.wrong_type("id", "the subject's id as a string or a number", value),
            },
            "on" => decoder.evidence.on = decoder.date("on", value),
            _ => {
                let known = plan.evidence.iter().any(|f| field_name(model, f) == key);
                if !known {
                    decoder.unknown_field(plan, key);
                }
            }
        }
    }
    for (slot, field) in plan.evidence.iter().enumerate() {
        let name = field_name(model, field);
        let raw = map.get(name);
        decoder.slot = u32::try_from(slot).unwrap_or(u32::MAX);
        let value = match field {
            EvidenceField::Input(i) => decoder.input(&model.inputs[*i], name, raw),
            EvidenceField::AssessedScore(s) => {
                let score = &model.scores[*s];
                match raw {
                    None | Some(Json::Null) => Value::Unknown,
                    Some(v) => decoder
                        .number(name, v, NumKind::Number, Some((Decimal::ZERO, score.max)))
                        .map_or(Value::Unknown, Value::Number),
                }
            }
        };
        if value.is_unknown() && matches!(raw, None | Some(Json::Null)) {
            decoder.evidence.missing.push(u32::try_from(slot).unwrap_or(u32::MAX));
        }
        decoder.evidence.values[slot] = value;
    }
    if decoder.errors.is_empty() {
        Ok(decoder.evidence)
    } else {
        Err(decoder.errors)
    }
}

/// The evidence key of a slot.
pub fn field_name<'m>(model: &'m Model, field: &EvidenceField) -> &'m str {
    match field {
        EvidenceField::Input(i) => &model.inputs[*i].id,
        EvidenceField::AssessedScore(s) => &model.scores[*s].id,
    }
}

fn subject_id(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn json_kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a true/false value",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

impl Decoder<'_> {
    fn fail(&mut self, code: EvidenceCode, field: &str, message: String, help: impl Into<String>) {
        self.errors.push(EvidenceError { code, field: field.to_owned(), message, help: help.into() });
    }

    fn unknown_field(&mut self, plan: &Plan, key: &str) {
        let names: Vec<&str> = plan.evidence.iter().map(|f| field_name(self.model, f)).collect();
        let help = match names.iter().find(|n| n.eq_ignore_ascii_case(key) || similar(n, key)) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the rule set `{}` reads {}", self.model.id, quoted_list(&names)),
        };
        self.fail(EvidenceCode::UnknownField, key, format!("`{key}` is not an input of `{}`", self.model.id), help);
    }

    fn input(&mut self, info: &InputInfo, path: &str, raw: Option<&Json>) -> Value {
        match raw {
            None | Some(Json::Null) => {
                if let Some(d) = info.default {
                    d
                } else if info.ty.is_optional() {
                    Value::None
                } else {
                    Value::Unknown
                }
            }
            Some(v) => self.typed(&info.ty, info.range, path, v),
        }
    }

    fn typed(&mut self, ty: &Type, range: Option<(Decimal, Decimal)>, path: &str, v: &Json) -> Value {
        match ty {
            Type::Optional(inner) => self.typed(inner, range, path, v),
            Type::Bool => match v {
                Json::Bool(b) => Value::Bool(*b),
                other => {
                    self.wrong_type(path, "true or false", other);
                    Value::Unknown
                }
            },
            Type::Number(kind) => self.number(path, v, *kind, range).map_or(Value::Unknown, Value::Number),
            Type::Date => self.date(path, v).map_or(Value::Unknown, Value::Date),
            Type::Text => match v {
                Json::String(s) => {
                    self.evidence.texts.push(s.nfc().collect());
                    Value::Text(TextId::evidence(self.evidence.texts.len() - 1))
                }
                other => {
                    self.wrong_type(path, "a string", other);
                    Value::Unknown
                }
            },
            Type::Enum(e) => {
                let info = &self.model.enums[e.0 as usize];
                match v {
                    Json::String(s) => {
                        if let Some(i) = info.index_of(s) {
                            Value::Enum(i)
                        } else {
                            let values: Vec<&str> = info.values.iter().map(|(v, _)| v.as_str()).collect();
                            self.fail(
                                EvidenceCode::BadEnumValue,
                                path,
                                format!("`{s}` is not a value of `{}`", info.id),
                                format!("write one of {}", quoted_list(&values)),
                            );
                            Value::Unknown
                        }
                    }
                    other => {
                        self.wrong_type(path, &format!("a value of `{}` as a string", info.id), other);
                        Value::Unknown
                    }
                }
            }
            Type::List(r) | Type::History(r) => {
                let Json::Array(items) = v else {
                    self.wrong_type(path, "a list of records", v);
                    return Value::Unknown;
                };
                if items.len() > MAX_MEMBERS {
                    self.fail(
                        EvidenceCode::TooMany,
                        path,
                        format!("{} members, more than the limit of {MAX_MEMBERS}", items.len()),
                        "split the collective, or evaluate its members as a batch",
                    );
                    return Value::Unknown;
                }
                let record = &self.model.records[r.0 as usize];
                if let Some(id) = &record.evaluated_by {
                    return self.evaluated_members(path, items, id, r.0);
                }
                let history = record.history;
                let width = record.fields.len();
                let mut rows: Vec<(i32, Vec<Value>)> = Vec::with_capacity(items.len());
                for (n, item) in items.iter().enumerate() {
                    let member_path = format!("{path}[{n}]");
                    let Json::Object(map) = item else {
                        self.wrong_type(&member_path, "a record (an object)", item);
                        continue;
                    };
                    let fields = &self.model.records[r.0 as usize].fields;
                    for key in map.keys() {
                        if !(fields.iter().any(|f| &f.id == key) || (history && key == "year")) {
                            let names: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
                            self.fail(
                                EvidenceCode::UnknownField,
                                &format!("{member_path}.{key}"),
                                format!("`{key}` is not a field of `{path}`"),
                                format!("its fields are {}", quoted_list(&names)),
                            );
                        }
                    }
                    let year = if history { self.year(&member_path, map.get("year")) } else { Some(0) };
                    let row: Vec<Value> = fields
                        .clone()
                        .iter()
                        .map(|f| {
                            let path = format!("{member_path}.{}", f.id);
                            let value = self.input(f, &path, map.get(&f.id));
                            if value.is_unknown() && map.get(&f.id).is_none_or(Json::is_null) {
                                self.evidence.missing_members.push((self.slot, path));
                            }
                            value
                        })
                        .collect();
                    if let Some(year) = year {
                        rows.push((year, row));
                    }
                }
                if history {
                    rows.sort_by_key(|(year, _)| std::cmp::Reverse(*year));
                    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
                        self.fail(
                            EvidenceCode::DuplicateYear,
                            path,
                            format!("the year {} appears twice", w[0].0),
                            "give one record per year",
                        );
                    }
                }
                let mut data = ListData { width, rows: Vec::with_capacity(rows.len() * width), years: Vec::new() };
                for (year, row) in rows {
                    data.years.push(year);
                    data.rows.extend(row);
                }
                self.evidence.lists.push(data);
                Value::List(u32::try_from(self.evidence.lists.len() - 1).unwrap_or(u32::MAX))
            }
            Type::NoneLiteral => Value::None,
        }
    }

    /// Members evaluated by their own rule set: each row holds its outcome, scores and lets.
    fn evaluated_members(&mut self, path: &str, items: &[Json], ruleset: &str, record: u16) -> Value {
        let Some(rules) = self.members.iter().find(|r| r.id() == ruleset).cloned() else {
            self.fail(
                EvidenceCode::MemberError,
                path,
                format!("the rule set `{ruleset}` that evaluates these members is not loaded"),
                "compile the rule sets together (a folder, or a library)",
            );
            return Value::Unknown;
        };
        let fields = self.model.records[record as usize].fields.clone();
        let mut data =
            ListData { width: fields.len(), rows: Vec::with_capacity(items.len() * fields.len()), years: Vec::new() };
        let options = crate::Options { on: self.on, trace: false };
        for (n, item) in items.iter().enumerate() {
            let member_path = format!("{path}[{n}]");
            match rules.evaluate(item, &options) {
                Ok(result) => {
                    let model = rules.model();
                    let plan = rules.plan();
                    for field in &fields {
                        let value = if field.id == model.outcome.id {
                            match result.status() {
                                crate::Status::Rated => result.tier_index().map_or(Value::Unknown, Value::Enum),
                                crate::Status::NotRated => Value::None,
                                crate::Status::NotDeterminable => {
                                    self.evidence
                                        .missing_members
                                        .push((self.slot, format!("{member_path}.{}", field.id)));
                                    Value::Unknown
                                }
                            }
                        } else if let Some(i) = model.scores.iter().position(|s| s.id == field.id) {
                            result.derived_value(plan.score_slots[i])
                        } else if let Some(i) = model.lets.iter().position(|l| l.id == field.id) {
                            result.derived_value(plan.let_slots[i])
                        } else {
                            Value::Unknown
                        };
                        data.rows.push(value);
                    }
                }
                Err(crate::EvaluateError::Evidence(errors)) => {
                    for e in errors {
                        let field =
                            if e.field.is_empty() { member_path.clone() } else { format!("{member_path}.{}", e.field) };
                        self.errors.push(EvidenceError { field, ..e });
                    }
                    data.rows.extend(std::iter::repeat_n(Value::Unknown, fields.len()));
                }
                Err(crate::EvaluateError::Eval(e)) => {
                    self.fail(
                        EvidenceCode::MemberError,
                        &member_path,
                        format!("`{}` could not evaluate this member: {}", rules.id(), e),
                        "check the member's evidence against its rule set",
                    );
                    data.rows.extend(std::iter::repeat_n(Value::Unknown, fields.len()));
                }
            }
        }
        self.evidence.lists.push(data);
        Value::List(u32::try_from(self.evidence.lists.len() - 1).unwrap_or(u32::MAX))
    }

    fn year(&mut self, path: &str, v: Option<&Json>) -> Option<i32> {
        let field = format!("{path}.year");
        let Some(v) = v else {
            self.fail(
                EvidenceCode::WrongType,
                &field,
                "a history record needs its `year`".to_owned(),
                "add `\"year\": 2024` to each record",
            );
            return None;
        };
        let range = Some((Decimal::from(1900), Decimal::from(2200)));
        let n = self.number(&field, v, NumKind::Integer, range)?;
        n.to_i32()
    }

    fn wrong_type(&mut self, path: &str, expected: &str, found: &Json) {
        self.fail(
            EvidenceCode::WrongType,
            path,
            format!("expected {expected}, found {}", json_kind(found)),
            format!("write {expected}"),
        );
    }

    fn number(&mut self, path: &str, v: &Json, kind: NumKind, range: Option<(Decimal, Decimal)>) -> Option<Decimal> {
        let (text, from_string) = match v {
            Json::Number(n) => (n.to_string(), false),
            Json::String(s) => (s.trim().to_owned(), true),
            other => {
                let expected = match kind {
                    NumKind::Percent => "a percent such as \"85%\" or 0.85",
                    NumKind::Integer => "a whole number",
                    NumKind::Number => "a number",
                };
                self.wrong_type(path, expected, other);
                return None;
            }
        };
        let percent_sign = text.ends_with('%');
        let digits = text.trim_end_matches('%');
        let parsed = Decimal::from_str(digits).or_else(|_| Decimal::from_scientific(digits));
        let Ok(mut n) = parsed else {
            let what = if from_string { format!("the string `{text}`") } else { format!("`{text}`") };
            self.fail(
                EvidenceCode::BadNumber,
                path,
                format!("{what} is not a number tieuchi can hold exactly"),
                "write the number in decimal, such as 28.5, with at most 28 significant digits",
            );
            return None;
        };
        if percent_sign {
            if kind != NumKind::Percent {
                self.fail(
                    EvidenceCode::WrongType,
                    path,
                    format!(
                        "`{text}` is a percent, but this field is {}",
                        if kind == NumKind::Integer { "a whole number" } else { "a number" }
                    ),
                    "write the number without `%`",
                );
                return None;
            }
            n = n.checked_div(Decimal::ONE_HUNDRED)?;
        }
        if kind == NumKind::Integer && !n.fract().is_zero() {
            self.fail(
                EvidenceCode::NotInteger,
                path,
                format!("`{text}` is not a whole number"),
                "this field counts things; write a whole number",
            );
            return None;
        }
        if let Some((low, high)) = range {
            if n < low || n > high {
                let show = |d: Decimal| {
                    if kind == NumKind::Percent {
                        format!("{}%", crate::value::decimal_text(d.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(d)))
                    } else {
                        crate::value::decimal_text(d)
                    }
                };
                let help = if kind == NumKind::Percent && !percent_sign && n > Decimal::ONE {
                    format!("a bare number is a fraction; write \"{text}%\" for {text} percent")
                } else {
                    format!("the value must be between {} and {}", show(low), show(high))
                };
                self.fail(
                    EvidenceCode::OutOfRange,
                    path,
                    format!("{} is outside the range {}..{}", show(n), show(low), show(high)),
                    help,
                );
                return None;
            }
        }
        Some(n)
    }

    fn date(&mut self, path: &str, v: &Json) -> Option<Date> {
        match v {
            Json::String(s) => {
                if let Ok(d) = Date::from_str(s.trim()) {
                    Some(d)
                } else {
                    self.fail(
                        EvidenceCode::BadDate,
                        path,
                        format!("`{s}` is not a date"),
                        "write dates as \"YYYY-MM-DD\", such as \"2026-06-30\"",
                    );
                    None
                }
            }
            other => {
                self.wrong_type(path, "a date string \"YYYY-MM-DD\"", other);
                None
            }
        }
    }
}

fn similar(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let common = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    common + 2 >= a.len().max(b.len())
}

fn quoted_list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 12 { format!(" and {} more", names.len() - 12) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

#[doc(hidden)]
pub fn reserved() -> &'static [&'static str] {
    RESERVED_NAMES
}
