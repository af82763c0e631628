//! `tieuchi inputs`: the evidence a rule set reads, as JSON or JSON Schema.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::load::{choose, load_library, parse_date};
use crate::report::not_json;
use crate::{ErrorFormat, SchemaFormat};

pub(crate) fn inputs(rules: &Path, ruleset: Option<&str>, on: Option<&str>, format: SchemaFormat) -> Result<bool> {
    let Some(library) = load_library(rules, ErrorFormat::Human)? else { return Ok(false) };
    let Some(rules) = choose(&library, ruleset, on.map(parse_date).transpose()?, ErrorFormat::Human) else {
        return Ok(false);
    };
    let json = match format {
        SchemaFormat::Json => serde_json::to_value(rules.schema()).with_context(not_json)?,
        SchemaFormat::JsonSchema => rules.json_schema(),
    };
    out!("{}", serde_json::to_string_pretty(&json).with_context(not_json)?);
    Ok(true)
}
