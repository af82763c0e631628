//! A rule file's `test` blocks, checked and turned into the cases `tieuchi test` runs (not this
//! crate's unit tests).

use super::model::{Expected, Model, TestCase};
use super::Checker;
use crate::diagnostic::Code;
use crate::kinds::Status;
use crate::msg;
use crate::syntax::ast::{self, LiteralKind};
use crate::value::decimal_text;

pub(super) fn collect(checker: &mut Checker<'_>, model: &Model, decls: &[&ast::TestDecl]) -> Vec<TestCase> {
    let mut cases = Vec::new();
    for decl in decls {
        let mut expect = Vec::new();
        for e in &decl.expect {
            match e {
                ast::Expectation::NotRated { .. } => expect.push(Expected::Status { status: Status::NotRated }),
                ast::Expectation::NotDeterminable { .. } => {
                    expect.push(Expected::Status { status: Status::NotDeterminable });
                }
                ast::Expectation::Value { name, value } => {
                    if !model.has_result_name(&name.name) {
                        checker.error(
                            Code::BadTest,
                            name.span,
                            msg!(TestUnknownName, name = &name.name),
                            msg!(TestUnknownNameHelp, outcome = &model.outcome.id),
                        );
                        continue;
                    }
                    if name.name == model.outcome.id {
                        let known = match &value.kind {
                            LiteralKind::Name(tier) => model.outcome.tiers.iter().any(|t| &t.id == tier),
                            _ => false,
                        };
                        if !known {
                            let tiers: Vec<crate::i18n::Arg> =
                                model.outcome.tiers.iter().map(|t| format!("`{}`", t.id).into()).collect();
                            checker.error(
                                Code::BadTest,
                                value.span,
                                msg!(TestUnknownTier, outcome = &model.outcome.id),
                                msg!(TestUnknownTierHelp, tiers = tiers),
                            );
                            continue;
                        }
                    }
                    expect.push(Expected::Value { name: name.name.clone(), value: literal_json(value) });
                }
            }
        }
        let location = model.source.location(decl.span);
        cases.push(TestCase {
            name: decl.name.text.clone(),
            given: literal_json(&decl.given),
            on: decl.on.map(|d| d.date),
            expect,
            origin: location.to_string(),
        });
    }
    cases
}

/// A literal as evidence JSON: decimals, percents and dates travel as strings.
pub(crate) fn literal_json(lit: &ast::Literal) -> serde_json::Value {
    use serde_json::Value as J;
    match &lit.kind {
        LiteralKind::Number(n) => J::String(decimal_text(*n)),
        LiteralKind::Percent(p) => {
            J::String(format!("{}%", decimal_text(p.checked_mul(rust_decimal::Decimal::ONE_HUNDRED).unwrap_or(*p))))
        }
        LiteralKind::Date(d) => J::String(d.to_string()),
        LiteralKind::Text(t) | LiteralKind::Name(t) => J::String(t.clone()),
        LiteralKind::Bool(b) => J::Bool(*b),
        LiteralKind::None => J::Null,
        LiteralKind::List(items) => J::Array(items.iter().map(literal_json).collect()),
        LiteralKind::Object(members) => {
            J::Object(members.iter().map(|(k, v)| (k.name.clone(), literal_json(v))).collect())
        }
    }
}
