//! The evidence a rule set reads, as data (for forms and bindings) and as JSON Schema.

use serde::Serialize;
use serde_json::{json, Value as Json};

use crate::check::model::{InputInfo, Model, NumKind, Type};
use crate::outcome::show_value;
use crate::plan::EvidenceField;
use crate::value::decimal_text;
use crate::RuleSet;

/// The evidence a rule set reads, as `tieuchi inputs` prints it: every field with its type,
/// range and labels, the parameters and the outcome's tiers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSchema {
    /// The rule set's id.
    pub ruleset: String,
    /// Its label.
    pub label: String,
    /// The legal text it cites.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The first day it is in force, if its `valid` clause gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// The last day it is in force, if its `valid` clause gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The fields of an evidence record, in declaration order.
    pub fields: Vec<FieldSchema>,
    /// The parameters: values the rules set, by date, which evidence never gives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamSchema>,
    /// The outcome's tiers, best first.
    pub outcome: OutcomeSchema,
}

/// A `param`: its type and every value with the date it applies from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamSchema {
    /// The parameter's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// `bool`, `integer`, `number` or `percent`.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// In date order, the undated value first.
    pub values: Vec<ParamValueSchema>,
    /// Set for a simulation ([`RuleSet::with_params`]), not by the rules.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
}

/// One value of a parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamValueSchema {
    /// An exact decimal as text, or a bool.
    pub value: Json,
    /// The date it applies from; absent for the value that applies before every dated one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The text the value cites.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The outcome and its tiers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSchema {
    /// The outcome's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its tiers, best first.
    pub tiers: Vec<EnumValueSchema>,
}

/// One field of an evidence record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldSchema {
    /// The field's name in a record.
    pub id: String,
    /// Its label.
    pub label: Option<String>,
    /// `input`, `key` or `assessed` (an item's points entered by the assessor).
    pub role: &'static str,
    /// `bool`, `integer`, `number`, `percent`, `date`, `text`, `enum`, `list` or `history`.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// Required evidence: absent, it can leave the result undetermined.
    pub required: bool,
    /// May be `null`, meaning none.
    pub optional: bool,
    /// The least value allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// The most value allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// The value taken when the field is absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Json>,
    /// For an enumeration: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "enum")]
    pub enum_id: Option<String>,
    /// For an enumeration: its members, by id and label.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValueSchema>,
    /// The fields of each member of a list or history (histories also carry `year`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSchema>,
    /// For a list of subjects of another rule set: its id (each member is its evidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members_of: Option<String>,
}

fn param_schema(param: &crate::check::model::ParamInfo) -> ParamSchema {
    ParamSchema {
        id: param.id.clone(),
        label: param.label.clone(),
        ty: match param.ty {
            Type::Bool => "bool",
            Type::Number(NumKind::Integer) => "integer",
            Type::Number(NumKind::Percent) => "percent",
            _ => "number",
        },
        values: param
            .values
            .iter()
            .map(|v| ParamValueSchema {
                value: crate::outcome::param_json(v.value),
                from: v.from.map(|d| d.to_string()),
                source: v.source.clone(),
            })
            .collect(),
        overridden: param.overridden,
    }
}

/// A tier or an enumeration's member, by id and label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumValueSchema {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
}

impl RuleSet {
    /// The inputs (and assessed score items) this rule set reads, in declaration order.
    pub fn schema(&self) -> InputSchema {
        let model = &self.model;
        let fields = self
            .plan
            .evidence
            .iter()
            .filter_map(|f| match f {
                EvidenceField::Input(i) => model.inputs.get(*i).map(|input| field_schema(self, input)),
                EvidenceField::AssessedScore(s) => {
                    let score = model.scores.get(*s)?;
                    Some(FieldSchema {
                        id: score.id.clone(),
                        label: Some(score.label.clone()),
                        role: "assessed",
                        ty: "number",
                        required: true,
                        optional: false,
                        min: Some("0".to_owned()),
                        max: Some(decimal_text(score.max)),
                        default: None,
                        enum_id: None,
                        values: Vec::new(),
                        fields: Vec::new(),
                        members_of: None,
                    })
                }
            })
            .collect();
        InputSchema {
            ruleset: model.id.clone(),
            label: model.label.clone(),
            source: model.citation.clone(),
            valid_from: model.valid_from.map(|d| d.to_string()),
            valid_until: model.valid_until.map(|d| d.to_string()),
            fields,
            params: model.params.iter().map(param_schema).collect(),
            outcome: OutcomeSchema {
                id: model.outcome.id.clone(),
                label: model.outcome.label.clone(),
                tiers: model.outcome_enum().map(|e| enum_values(&e.values)).unwrap_or_default(),
            },
        }
    }

    /// The evidence record as a JSON Schema (draft 2020-12). Decimals may be numbers or strings.
    pub fn json_schema(&self) -> Json {
        let schema = self.schema();
        let mut object = record_schema(&schema.fields, false);
        if let Json::Object(map) = &mut object {
            map.insert("$schema".to_owned(), json!("https://json-schema.org/draft/2020-12/schema"));
            map.insert("title".to_owned(), json!(schema.label));
            if let Some(Json::Object(props)) = map.get_mut("properties") {
                props
                    .insert("id".to_owned(), json!({"type": ["string", "integer"], "description": "the subject's id"}));
                props.insert(
                    "on".to_owned(),
                    json!({"type": "string", "format": "date", "description": "the evaluation date"}),
                );
            }
        }
        object
    }
}

fn enum_values(values: &[(String, String)]) -> Vec<EnumValueSchema> {
    values.iter().map(|(id, label)| EnumValueSchema { id: id.clone(), label: label.clone() }).collect()
}

fn field_schema(ruleset: &RuleSet, info: &InputInfo) -> FieldSchema {
    let model: &Model = &ruleset.model;
    let base = info.ty.base();
    let ty = match base {
        Type::Bool => "bool",
        Type::Number(NumKind::Integer) => "integer",
        Type::Number(NumKind::Number) => "number",
        Type::Number(NumKind::Percent) => "percent",
        Type::Date => "date",
        Type::Text | Type::NoneLiteral => "text",
        Type::Enum(_) => "enum",
        Type::List(_) => "list",
        Type::History(_) => "history",
        Type::Optional(_) => "optional",
    };
    let (enum_id, values) = match base {
        Type::Enum(e) => {
            model.enum_info(*e).map_or((None, Vec::new()), |info| (Some(info.id.clone()), enum_values(&info.values)))
        }
        _ => (None, Vec::new()),
    };
    // Members evaluated by another rule set are entered as that rule set's evidence.
    let members_of = match base {
        Type::List(r) => model.records.get(usize::from(r.0)).and_then(|record| record.evaluated_by.clone()),
        _ => None,
    };
    let fields = match (base, &members_of) {
        (_, Some(id)) => ruleset.member_rules(id).map(|m| m.schema().fields).unwrap_or_default(),
        (Type::List(r) | Type::History(r), None) => model
            .records
            .get(usize::from(r.0))
            .map(|record| record.fields.iter().map(|f| field_schema(ruleset, f)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let evidence = crate::eval::evidence::Evidence::default();
    FieldSchema {
        id: info.id.clone(),
        label: info.label.clone(),
        role: if info.is_key { "key" } else { "input" },
        ty,
        required: info.default.is_none() && !info.ty.is_optional(),
        optional: info.ty.is_optional(),
        min: info.range.map(|(lo, _)| decimal_text(lo)),
        max: info.range.map(|(_, hi)| decimal_text(hi)),
        default: info.default.map(|d| show_value(ruleset, &evidence, d, Some(&info.ty))),
        enum_id,
        values,
        fields,
        members_of,
    }
}

fn number(text: &str) -> Json {
    text.parse::<serde_json::Number>().map_or_else(|_| json!(text), Json::Number)
}

fn field_json_schema(field: &FieldSchema) -> Json {
    let mut schema = match field.ty {
        "bool" => json!({"type": "boolean"}),
        "integer" | "number" => {
            let mut n = json!({"type": if field.ty == "integer" { "integer" } else { "number" }});
            if let (Some(min), Some(max), Some(bounds)) = (&field.min, &field.max, n.as_object_mut()) {
                bounds.insert("minimum".to_owned(), number(min));
                bounds.insert("maximum".to_owned(), number(max));
            }
            json!({"anyOf": [n, {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}]})
        }
        "percent" => json!({"anyOf": [
            {"type": "number", "minimum": number(field.min.as_deref().unwrap_or("0")), "maximum": number(field.max.as_deref().unwrap_or("1"))},
            {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?%?$"}
        ]}),
        "date" => json!({"type": "string", "format": "date"}),
        "enum" => {
            json!({"type": "string", "enum": field.values.iter().map(|v| v.id.clone()).collect::<Vec<_>>()})
        }
        "list" | "history" => {
            json!({"type": "array", "items": record_schema(&field.fields, field.ty == "history")})
        }
        _ => json!({"type": "string"}),
    };
    if field.optional {
        schema = json!({"anyOf": [schema, {"type": "null"}]});
    }
    if let (Json::Object(map), Some(label)) = (&mut schema, &field.label) {
        map.insert("title".to_owned(), json!(label));
    }
    if let (Json::Object(map), Some(default)) = (&mut schema, &field.default) {
        map.insert("default".to_owned(), default.clone());
    }
    schema
}

fn record_schema(fields: &[FieldSchema], history: bool) -> Json {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    if history {
        properties.insert("year".to_owned(), json!({"type": "integer", "minimum": 1900, "maximum": 2200}));
        required.push(json!("year"));
    }
    for f in fields {
        properties.insert(f.id.clone(), field_json_schema(f));
        if f.required && f.role != "key" {
            required.push(json!(f.id));
        }
    }
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}
