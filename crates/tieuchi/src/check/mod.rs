//! Syntax tree to checked model: names resolved, types checked, static lints.

mod cases;
mod expr;
pub(crate) mod lints;
pub mod model;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Message;
use crate::limits;
use crate::msg;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::{self, Direction, ExprKind, Item, RuleSetAst};
use crate::value::Value;
use model::{
    AdjustInfo, EnumId, EnumInfo, InputInfo, LetInfo, Model, NumKind, OutcomeInfo, ParamInfo, ParamValue, QuotaInfo,
    RecordId, RecordInfo, Rounding, RoundingMode, ScoreInfo, ScoreKind, TExpr, TKind, TierInfo, Type,
};

/// A parameter's literal value as its type reads it: a number (whole for `integer`), a percent
/// with `%` for `percent` (or for `number`), `true` or `false`.
fn param_literal(literal: &ast::LiteralKind, ty: &Type) -> Option<Value> {
    use ast::LiteralKind as L;
    match (literal, ty) {
        (L::Bool(b), Type::Bool) => Some(Value::Bool(*b)),
        (L::Number(n), Type::Number(NumKind::Integer)) if n.fract().is_zero() => Some(Value::Number(*n)),
        (L::Number(n), Type::Number(NumKind::Number))
        | (L::Percent(n), Type::Number(NumKind::Percent | NumKind::Number)) => Some(Value::Number(*n)),
        _ => None,
    }
}

/// Evidence keys that are not inputs: the subject's id and the evaluation date.
/// The functions of the language, for an editor's completion.
pub const FUNCTION_NAMES: &[&str] = expr::FUNCTIONS;

/// How a function of the language is called (`share(list, condition) >= 70%`), or `None` for a
/// name that is not one.
pub fn function_usage(name: &str) -> Option<&'static str> {
    FUNCTION_NAMES.contains(&name).then(|| expr::usage(name))
}

pub const RESERVED_NAMES: &[&str] = &["id", "on", "year", "evaluation_year"];

pub use crate::limits::MAX_MEMBERS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Input(usize),
    Let(usize),
    Score(usize),
    Param(usize),
    Outcome,
    Enum(EnumId),
}

pub(crate) struct Checker<'a> {
    source: &'a SourceFile,
    imports: &'a [&'a Model],
    diagnostics: Vec<Diagnostic>,
    names: HashMap<String, (Name, Span)>,
    enums: Vec<EnumInfo>,
    enum_names: HashMap<String, EnumId>,
    records: Vec<RecordInfo>,
    inputs: Vec<InputInfo>,
    params: Vec<ParamInfo>,
    lets: Vec<(&'a ast::LetDecl, Option<TExpr>)>,
    let_state: Vec<LetState>,
    scores: Vec<ScoreInfo>,
    score_decls: Vec<&'a ast::ScoreDecl>,
    texts: Vec<String>,
    /// Index of each text constant in `texts`.
    text_index: HashMap<String, usize>,
    /// "Did you mean" suggestions given so far (see `limits::MAX_SUGGESTIONS`).
    suggestions: usize,
    outcome_enum: Option<EnumId>,
    used_inputs: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LetState {
    Unchecked,
    Checking,
    Done,
    Failed,
}

/// Checks a parsed rule set. On success returns the model and the warnings; otherwise every
/// diagnostic found (errors and warnings).
#[cfg(feature = "internals")]
pub fn check(source: &SourceFile, ast: &RuleSetAst) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_with_imports(source, ast, &[])
}

/// Checks a rule set that may name enums and outcomes of `imports` (`cong_chuc_nd335.xep_loai`).
pub fn check_with_imports(
    source: &SourceFile,
    ast: &RuleSetAst,
    imports: &[&Model],
) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut checker = Checker {
        source,
        imports,
        diagnostics: Vec::new(),
        names: HashMap::new(),
        enums: Vec::new(),
        enum_names: HashMap::new(),
        records: Vec::new(),
        inputs: Vec::new(),
        params: Vec::new(),
        lets: Vec::new(),
        let_state: Vec::new(),
        scores: Vec::new(),
        score_decls: Vec::new(),
        texts: Vec::new(),
        text_index: HashMap::new(),
        suggestions: 0,
        outcome_enum: None,
        used_inputs: Vec::new(),
    };
    let model = checker.run(ast);
    let Checker { mut diagnostics, .. } = checker;
    diagnostics.sort_by_key(|d| (d.span.start, d.code.as_str()));
    match model {
        Some(model) if !diagnostics.iter().any(Diagnostic::is_error) => Ok((model, diagnostics)),
        _ => Err(diagnostics),
    }
}

impl<'a> Checker<'a> {
    /// An enumeration by the id the checker gave it.
    fn enum_info(&self, id: EnumId) -> Option<&EnumInfo> {
        self.enums.get(usize::from(id.0))
    }

    /// A list's or history's record by the id the checker gave it.
    fn record(&self, id: RecordId) -> Option<&RecordInfo> {
        self.records.get(usize::from(id.0))
    }

    fn set_let_state(&mut self, index: usize, state: LetState) {
        if let Some(slot) = self.let_state.get_mut(index) {
            *slot = state;
        }
    }

    fn error(&mut self, code: Code, span: Span, message: Message, help: Message) {
        self.diagnostics.push(Diagnostic::error(code, self.source, span, message).with_help(help));
    }

    /// Reports `count` items of a kind above its limit; true when within it.
    fn within_limit(&mut self, count: usize, max: usize, span: Span, what: Message, help: Message) -> bool {
        if count <= max {
            return true;
        }
        self.error(
            Code::LimitExceeded,
            span,
            msg!(LimitExceeded, what = what, count = count, max = max),
            msg!(LimitExceededHelp, help = help),
        );
        false
    }

    fn declare(&mut self, id: &ast::Ident, name: Name) -> bool {
        if !self.within_limit(
            id.name.len(),
            limits::MAX_NAME_BYTES,
            id.span,
            msg!(NameTooLong, name = &id.name[..16.min(id.name.len())]),
            msg!(NameTooLongHelp),
        ) {
            return false;
        }
        if RESERVED_NAMES.contains(&id.name.as_str()) {
            self.error(Code::ReservedName, id.span, msg!(ReservedName, name = &id.name), msg!(ReservedNameHelp));
            return false;
        }
        if let Some((_, first)) = self.names.get(&id.name) {
            let (line, _) = self.source.line_column(first.start);
            let message = msg!(DeclaredTwice, name = &id.name);
            self.diagnostics.push(
                Diagnostic::error(Code::DuplicateName, self.source, id.span, message)
                    .with_label(msg!(DeclaredAgainHere))
                    .with_help(msg!(DeclaredTwiceHelp, line = line)),
            );
            return false;
        }
        self.names.insert(id.name.clone(), (name, id.span));
        true
    }

    /// Pass 1: every declaration, so that any expression may name anything; the header items
    /// (labels, validity, rules, quotas, tests) gathered for later.
    fn declarations(&mut self, ast: &'a RuleSetAst) -> Header<'a> {
        let mut header = Header::default();
        for item in &ast.items {
            match item {
                Item::Enum(decl) => self.enum_decl(decl),
                Item::Input(decl) => self.input_decl(decl, false),
                Item::Key(decl) => self.input_decl(decl, true),
                Item::Param(decl) => self.param_decl(decl),
                Item::Let(decl) => {
                    let index = self.lets.len();
                    if self.declare(&decl.id, Name::Let(index)) {
                        self.lets.push((decl, None));
                        self.let_state.push(LetState::Unchecked);
                    }
                }
                Item::Score(decl) => {
                    self.score_decl(decl, None);
                }
                _ => header.item(self, item),
            }
        }
        header
    }

    /// Pass 2: the lets' and computed scores' expressions.
    fn expressions(&mut self) {
        // Pass 2: expressions. Lets go in dependency order, so that typing one never recurses
        // into another (a long chain of lets cannot exhaust the stack) and cycles are found first.
        for index in self.let_order() {
            self.check_let(index);
        }
        for index in 0..self.scores.len() {
            let Some(&decl) = self.score_decls.get(index) else { continue };
            if let ast::ScoreValue::Computed(e) = &decl.value {
                let texpr = self.expr_of(e, &Type::Number(NumKind::Number), None);
                if let (Some(texpr), Some(score)) = (texpr, self.scores.get_mut(index)) {
                    score.kind = ScoreKind::Computed(texpr);
                }
            }
        }
    }

    fn rule_limits(&mut self, header: &Header<'_>) {
        if let Some(first) = header.adjustments.get(limits::MAX_ADJUSTMENTS) {
            self.within_limit(
                header.adjustments.len(),
                limits::MAX_ADJUSTMENTS,
                first.span,
                msg!(TooManyAdjustments),
                msg!(TooManyAdjustmentsHelp),
            );
        }
        if let Some(first) = header.quotas.get(limits::MAX_QUOTAS) {
            let (what, help) = (msg!(TooManyQuotas), msg!(TooManyQuotasHelp));
            self.within_limit(header.quotas.len(), limits::MAX_QUOTAS, first.span, what, help);
        }
    }

    /// Every condition gets the range check a tier's guard gets (tiers get it in `tier_lints`),
    /// and a score's division without `rounding` is noted.
    fn condition_lints(&mut self, rounded: bool, adjustments: &[AdjustInfo], quotas: &[QuotaInfo]) {
        // Every condition gets the range check a tier's guard gets (tiers get it in `tier_lints`).
        for i in 0..self.lets.len() {
            // Taken out and put back, so that the lint may borrow the checker.
            let Some(value) = self.lets.get_mut(i).and_then(|(_, value)| value.take()) else { continue };
            self.constant_comparisons(&value);
            if let Some((_, slot)) = self.lets.get_mut(i) {
                *slot = Some(value);
            }
        }
        for i in 0..self.scores.len() {
            let Some(score) = self.scores.get_mut(i).filter(|s| matches!(s.kind, ScoreKind::Computed(_))) else {
                continue;
            };
            let (kind, id) = (std::mem::replace(&mut score.kind, ScoreKind::Sum), score.id.clone());
            if let ScoreKind::Computed(e) = &kind {
                self.constant_comparisons(e);
                if !rounded {
                    self.unrounded_divisions(&id, e);
                }
            }
            if let Some(score) = self.scores.get_mut(i) {
                score.kind = kind;
            }
        }
        for a in adjustments {
            self.constant_comparisons(&a.when);
        }
        for q in quotas {
            for (e, _) in &q.rank_by {
                self.constant_comparisons(e);
            }
        }
    }

    fn let_infos(&self) -> Vec<LetInfo> {
        self.lets
            .iter()
            .map(|(decl, value)| LetInfo {
                id: decl.id.name.clone(),
                label: decl.label.as_ref().map(|l| l.text.clone()),
                value: value.clone().unwrap_or(TExpr {
                    kind: TKind::Const(Value::Unknown),
                    ty: Type::Bool,
                    span: decl.span,
                }),
                span: decl.span,
            })
            .collect()
    }

    fn run(&mut self, ast: &'a RuleSetAst) -> Option<Model> {
        // Pass 1: declarations, so that any expression may name anything.
        let header = self.declarations(ast);
        let outcome = self.outcome_decl(ast, &header.outcomes);
        self.used_inputs = vec![false; self.inputs.len()];
        self.params_before_their_values(header.valid_from);

        self.expressions();
        let outcome = outcome.map(|(info, decl)| self.tiers(info, decl));
        self.rule_limits(&header);
        let adjustments: Vec<AdjustInfo> =
            header.adjustments.iter().filter_map(|a| self.adjust(a, outcome.as_ref())).collect();
        let quotas: Vec<QuotaInfo> = header.quotas.iter().filter_map(|q| self.quota(q, outcome.as_ref())).collect();

        // Pass 3: whole-rule-set lints.
        self.score_lints();
        self.condition_lints(header.rounding.is_some(), &adjustments, &quotas);
        if let Some(outcome) = &outcome {
            self.tier_lints(outcome);
        }
        let order = self.evaluation_order();
        self.unused_inputs();

        let lets = self.let_infos();
        let outcome = outcome?;
        let mut model = Model {
            source: self.source.clone(),
            id: ast.id.name.clone(),
            id_span: ast.id.span,
            label: ast.label.text.clone(),
            translations: header.translations,
            citation: header.citation,
            valid_from: header.valid_from,
            valid_until: header.valid_until,
            valid_span: header.valid_span,
            replaces: header.replaces,
            rounding: header.rounding,
            enums: std::mem::take(&mut self.enums),
            records: std::mem::take(&mut self.records),
            inputs: std::mem::take(&mut self.inputs),
            params: std::mem::take(&mut self.params),
            lets,
            scores: std::mem::take(&mut self.scores),
            outcome,
            adjustments,
            quotas,
            tests: Vec::new(),
            texts: std::mem::take(&mut self.texts),
            order: order?,
        };
        model.tests = cases::collect(self, &model, &header.tests);
        Some(model)
    }

    fn enum_decl(&mut self, decl: &ast::EnumDecl) {
        let Some(id) = self.next_enum_id(decl.id.span) else { return };
        if !self.declare(&decl.id, Name::Enum(id)) {
            return;
        }
        let (message, help) = (msg!(TooManyEnumValues, name = &decl.id.name), msg!(TooManyEnumValuesHelp));
        if !self.within_limit(decl.values.len(), limits::MAX_ENUM_VALUES, decl.id.span, message, help) {
            return;
        }
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (value, _) in &decl.values {
            if seen.insert(&value.name, value.span).is_some() {
                self.error(
                    Code::DuplicateName,
                    value.span,
                    msg!(EnumValueTwice, name = &decl.id.name, value = &value.name),
                    msg!(EnumValueTwiceHelp),
                );
            }
        }
        self.enum_names.insert(decl.id.name.clone(), id);
        self.enums.push(EnumInfo {
            id: decl.id.name.clone(),
            label: decl.label.text.clone(),
            ordered: decl.ordered,
            descending: false,
            values: decl.values.iter().map(|(v, l)| (v.name.clone(), l.text.clone())).collect(),
        });
    }

    fn input_decl(&mut self, decl: &ast::InputDecl, is_key: bool) {
        let index = self.inputs.len();
        if !self.declare(&decl.id, Name::Input(index)) {
            return;
        }
        if let Some(info) = self.input_info(decl, is_key, false) {
            self.inputs.push(info);
        } else {
            self.names.remove(&decl.id.name);
        }
    }

    fn param_decl(&mut self, decl: &ast::ParamDecl) {
        let index = self.params.len();
        if !self.declare(&decl.id, Name::Param(index)) {
            return;
        }
        let name = &decl.id.name;
        let ty = match self.resolve_type(&decl.ty, false) {
            Some(ty @ (Type::Bool | Type::Number(_))) => ty,
            Some(other) => {
                let view = self.model_view();
                let message = msg!(ParamBadType, name = name.as_str(), ty = model::type_name(&other, &view));
                self.error(Code::BadParam, decl.ty.span(), message, msg!(ParamBadTypeHelp));
                self.names.remove(name);
                return;
            }
            None => {
                self.names.remove(name);
                return;
            }
        };
        let mut values: Vec<ParamValue> = Vec::new();
        for v in &decl.values {
            let Some(value) = param_literal(&v.value.kind, &ty) else {
                let view = self.model_view();
                let message = msg!(ParamValueWrongType, name = name.as_str(), ty = model::type_name(&ty, &view));
                let help =
                    if ty == Type::Number(NumKind::Percent) { msg!(ParamPercentHelp) } else { msg!(ParamValueHelp) };
                self.error(Code::BadParam, v.value.span, message, help);
                continue;
            };
            let from = v.from.map(|d| d.date);
            let problem = match (values.last().map(|p| p.from), from) {
                (Some(None), None) => Some((msg!(ParamTwoUndated, name = name.as_str()), msg!(ParamTwoUndatedHelp))),
                (Some(Some(before)), None) => Some((
                    msg!(ParamUndatedAfterDated, name = name.as_str()),
                    msg!(ParamUndatedAfterDatedHelp, date = before.to_string()),
                )),
                (Some(Some(before)), Some(date)) if date == before => Some((
                    msg!(ParamTwoValuesOneDate, name = name.as_str(), date = date.to_string()),
                    msg!(ParamTwoValuesOneDateHelp),
                )),
                (Some(Some(before)), Some(date)) if date < before => Some((
                    msg!(ParamOutOfOrder, name = name.as_str(), date = date.to_string(), before = before.to_string()),
                    msg!(ParamOutOfOrderHelp),
                )),
                _ => None,
            };
            if let Some((message, help)) = problem {
                let span = v.from.map_or(v.span, |d| d.span);
                self.error(Code::BadParam, span, message, help);
                continue;
            }
            values.push(ParamValue {
                value,
                from,
                source: v.source.as_ref().map(|l| l.text.clone()),
                span: v.value.span,
                location: self.source.location(v.value.span).to_string(),
            });
        }
        self.params.push(ParamInfo {
            id: name.clone(),
            label: decl.label.text.clone(),
            ty,
            values,
            overridden: false,
            national: Vec::new(),
            span: decl.span,
        });
    }

    /// A parameter whose every value is dated has none before its first date: an evaluation
    /// earlier than that (the rule set is valid then) finds it unknown.
    fn params_before_their_values(&mut self, valid_from: Option<crate::value::Date>) {
        for param in &self.params {
            let Some(Some(first)) = param.values.first().map(|v| v.from) else { continue };
            // A parameter whose values are already in error is not warned of as well.
            let in_error = self.diagnostics.iter().any(|d| {
                d.is_error()
                    && d.code == Code::BadParam
                    && d.span.start >= param.span.start
                    && d.span.end <= param.span.end
            });
            if in_error || valid_from.is_some_and(|valid| valid >= first) {
                continue;
            }
            let message = match valid_from {
                Some(valid) => msg!(
                    ParamNoValueBeforeValid,
                    name = param.id.as_str(),
                    first = first.to_string(),
                    valid = valid.to_string()
                ),
                None => msg!(ParamNoValueBefore, name = param.id.as_str(), first = first.to_string()),
            };
            self.diagnostics.push(
                Diagnostic::warning(Code::BadParam, self.source, param.span, message).with_help(msg!(
                    ParamNoValueBeforeHelp,
                    name = param.id.as_str(),
                    first = first.to_string()
                )),
            );
        }
    }

    /// Resolves an input's or a record field's type, range and default.
    fn input_info(&mut self, decl: &ast::InputDecl, is_key: bool, in_record: bool) -> Option<InputInfo> {
        let ty = self.resolve_type(&decl.ty, in_record)?;
        let range = match &decl.range {
            Some(r) => {
                if !ty.base().is_numeric() {
                    self.error(
                        Code::BadRange,
                        r.span,
                        msg!(RangeNotNumber, name = &decl.id.name),
                        msg!(RangeNotNumberHelp),
                    );
                    None
                } else if r.low > r.high {
                    self.error(
                        Code::BadRange,
                        r.span,
                        msg!(RangeEmpty, name = &decl.id.name, low = r.low.to_string(), high = r.high.to_string()),
                        msg!(RangeEmptyHelp),
                    );
                    None
                } else {
                    Some((r.low, r.high))
                }
            }
            None if ty.base() == &Type::Number(NumKind::Percent) => Some((Decimal::ZERO, Decimal::ONE)),
            None => None,
        };
        let default = match &decl.default {
            Some(lit) => self.default_value(decl, lit, &ty, range),
            None => None,
        };
        Some(InputInfo {
            id: decl.id.name.clone(),
            label: decl.label.as_ref().map(|l| l.text.clone()),
            ty,
            range,
            default,
            is_key,
            span: decl.span,
        })
    }

    fn default_value(
        &mut self,
        decl: &ast::InputDecl,
        lit: &ast::Literal,
        ty: &Type,
        range: Option<(Decimal, Decimal)>,
    ) -> Option<Value> {
        use ast::LiteralKind as L;
        let value = match (&lit.kind, ty.base()) {
            (L::None, _) if ty.is_optional() => Some(Value::None),
            (L::Bool(b), Type::Bool) => Some(Value::Bool(*b)),
            (L::Number(n), Type::Number(kind)) if *kind != NumKind::Integer || n.fract().is_zero() => {
                Some(Value::Number(*n))
            }
            (L::Percent(n), Type::Number(NumKind::Percent | NumKind::Number)) => Some(Value::Number(*n)),
            (L::Date(d), Type::Date) => Some(Value::Date(*d)),
            (L::Text(t), Type::Text) => Some(Value::Text(self.text_const(t))),
            (L::Name(n), Type::Enum(e)) => self.enum_info(*e).and_then(|info| info.index_of(n)).map(Value::Enum),
            _ => None,
        };
        match value {
            Some(Value::Number(n)) if range.is_some_and(|(lo, hi)| n < lo || n > hi) => {
                let (lo, hi) = range.unwrap_or_default();
                self.error(
                    Code::BadDefault,
                    lit.span,
                    msg!(DefaultOutsideRange, name = &decl.id.name, low = lo.to_string(), high = hi.to_string()),
                    msg!(DefaultOutsideRangeHelp),
                );
                None
            }
            Some(v) => Some(v),
            None => {
                self.error(
                    Code::BadDefault,
                    lit.span,
                    msg!(DefaultWrongType, name = &decl.id.name),
                    msg!(DefaultWrongTypeHelp),
                );
                None
            }
        }
    }

    /// The id the next enum gets, unless there are too many already.
    fn next_enum_id(&mut self, span: Span) -> Option<EnumId> {
        let count = self.enums.len() + 1;
        if !self.within_limit(count, limits::MAX_ENUMS, span, msg!(TooManyEnums), msg!(TooManyEnumsHelp)) {
            return None;
        }
        u16::try_from(self.enums.len()).ok().map(EnumId)
    }

    /// The id the next list or history gets, unless there are too many already.
    fn next_record_id(&mut self, span: Span) -> Option<RecordId> {
        let count = self.records.len() + 1;
        let (what, help) = (msg!(TooManyCollections), msg!(TooManyCollectionsHelp));
        if !self.within_limit(count, limits::MAX_RECORDS, span, what, help) {
            return None;
        }
        u16::try_from(self.records.len()).ok().map(RecordId)
    }

    pub(crate) fn text_const(&mut self, text: &str) -> crate::value::TextId {
        let index = if let Some(&i) = self.text_index.get(text) {
            i
        } else {
            self.texts.push(text.to_owned());
            self.text_index.insert(text.to_owned(), self.texts.len() - 1);
            self.texts.len() - 1
        };
        crate::value::TextId::constant(index)
    }

    fn resolve_type(&mut self, ty: &ast::TypeExpr, in_record: bool) -> Option<Type> {
        match ty {
            ast::TypeExpr::Named { name } => Some(match name.name.as_str() {
                "bool" => Type::Bool,
                "integer" => Type::Number(NumKind::Integer),
                "number" => Type::Number(NumKind::Number),
                "percent" => Type::Number(NumKind::Percent),
                "date" => Type::Date,
                "text" => Type::Text,
                other => {
                    if let Some(id) = self.enum_names.get(other) {
                        Type::Enum(*id)
                    } else {
                        let help = match self.names.get(other) {
                            Some(_) => msg!(NotAnEnumHelp, name = other),
                            None => msg!(UnknownTypeHelp),
                        };
                        self.error(Code::UnknownType, name.span, msg!(UnknownType, name = other), help);
                        return None;
                    }
                }
            }),
            ast::TypeExpr::Qualified { ruleset, name } => self.import(ruleset, name),
            ast::TypeExpr::ListOf { ruleset, span } => {
                if in_record {
                    return self.nested_collection(*span);
                }
                self.members_of(ruleset)
            }
            ast::TypeExpr::Optional { inner, .. } => {
                let inner = self.resolve_type(inner, in_record)?;
                match inner {
                    Type::List(_) | Type::History(_) => {
                        self.error(
                            Code::TypeMismatch,
                            ty.span(),
                            msg!(OptionalCollection),
                            msg!(OptionalCollectionHelp),
                        );
                        None
                    }
                    Type::Optional(_) => Some(inner),
                    other => Some(Type::Optional(Box::new(other))),
                }
            }
            ast::TypeExpr::List { fields, span } | ast::TypeExpr::History { fields, span } => {
                if in_record {
                    return self.nested_collection(*span);
                }
                let history = matches!(ty, ast::TypeExpr::History { .. });
                let mut infos = Vec::new();
                let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
                for field in fields {
                    if !seen.insert(&field.id.name) {
                        self.error(
                            Code::DuplicateName,
                            field.id.span,
                            msg!(FieldTwice, name = &field.id.name),
                            msg!(FieldTwiceHelp),
                        );
                        continue;
                    }
                    if history && field.id.name == "year" {
                        self.error(Code::ReservedName, field.id.span, msg!(HistoryYear), msg!(HistoryYearHelp));
                        continue;
                    }
                    infos.push(self.input_info(field, false, true)?);
                }
                let id = self.next_record_id(*span)?;
                self.records.push(RecordInfo { fields: infos, history, evaluated_by: None });
                Some(if history { Type::History(id) } else { Type::List(id) })
            }
        }
    }

    fn nested_collection(&mut self, span: Span) -> Option<Type> {
        self.error(Code::NestedCollection, span, msg!(NestedCollection), msg!(NestedCollectionHelp));
        None
    }

    /// `list of other_ruleset`: each member is evidence for that rule set, which evaluates it; the
    /// member's fields are its outcome, its scores and its `let`s.
    fn members_of(&mut self, ruleset: &ast::Ident) -> Option<Type> {
        let Some(model) = self.imports.iter().copied().find(|m| m.id == ruleset.name) else {
            self.error(
                Code::ImportUnsupported,
                ruleset.span,
                msg!(ListOfUnknownRuleSet, ruleset = &ruleset.name),
                msg!(CheckTogetherHelp, ruleset = &ruleset.name),
            );
            return None;
        };
        let outcome_name = ast::Ident { name: model.outcome.id.clone(), span: ruleset.span };
        let outcome_type = self.import(ruleset, &outcome_name)?;
        let mut fields = vec![InputInfo {
            id: model.outcome.id.clone(),
            label: Some(model.outcome.label.clone()),
            ty: Type::Optional(Box::new(outcome_type)),
            range: None,
            default: None,
            is_key: false,
            span: ruleset.span,
        }];
        for score in &model.scores {
            fields.push(InputInfo {
                id: score.id.clone(),
                label: Some(score.label.clone()),
                ty: Type::Number(NumKind::Number),
                range: Some((Decimal::ZERO, score.max)),
                default: None,
                is_key: false,
                span: ruleset.span,
            });
        }
        for l in &model.lets {
            // Lets whose type names the other rule set's own enums are left out: they would need
            // those enums imported too.
            if matches!(l.value.ty.base(), Type::Bool | Type::Number(_) | Type::Date) {
                fields.push(InputInfo {
                    id: l.id.clone(),
                    label: l.label.clone(),
                    ty: l.value.ty.clone(),
                    range: None,
                    default: None,
                    is_key: false,
                    span: ruleset.span,
                });
            }
        }
        let id = self.next_record_id(ruleset.span)?;
        self.records.push(RecordInfo { fields, history: false, evaluated_by: Some(model.id.clone()) });
        Some(Type::List(id))
    }

    /// An enum or outcome of another rule set, copied in under its qualified name.
    fn import(&mut self, ruleset: &ast::Ident, name: &ast::Ident) -> Option<Type> {
        let qualified = format!("{}.{}", ruleset.name, name.name);
        if let Some(id) = self.enum_names.get(&qualified) {
            return Some(Type::Enum(*id));
        }
        let span = ruleset.span.to(name.span);
        let Some(model) = self.imports.iter().find(|m| m.id == ruleset.name) else {
            self.error(
                Code::ImportUnsupported,
                span,
                msg!(QualifiedUnknownRuleSet, name = qualified, ruleset = &ruleset.name),
                msg!(CheckTogetherHelp, ruleset = &ruleset.name),
            );
            return None;
        };
        let found = if name.name == model.outcome.id {
            model.outcome_enum()
        } else {
            model.enums.iter().find(|e| e.id == name.name && !e.descending)
        };
        let Some(info) = found else {
            let mut names: Vec<crate::i18n::Arg> =
                model.enums.iter().filter(|e| !e.descending).map(|e| format!("`{}`", e.id).into()).collect();
            names.push(msg!(ItsOutcome, name = &model.outcome.id).into());
            self.error(
                Code::UnknownType,
                name.span,
                msg!(NoSuchEnumIn, ruleset = &model.id, name = &name.name),
                msg!(ItHas, names = names),
            );
            return None;
        };
        let info = info.clone();
        let id = self.next_enum_id(span)?;
        let mut info = info;
        info.id.clone_from(&qualified);
        self.enums.push(info);
        self.enum_names.insert(qualified, id);
        Some(Type::Enum(id))
    }

    fn score_decl(&mut self, decl: &'a ast::ScoreDecl, parent: Option<usize>) -> Option<usize> {
        let index = self.scores.len();
        if !self.declare(&decl.id, Name::Score(index)) {
            return None;
        }
        if let Some(parent) = &decl.under {
            // The layer merger places a layer's own top-level items and removes their `under`.
            self.error(
                Code::LayerBase,
                parent.span,
                msg!(ScoreUnderOutsideLayer, name = &decl.id.name, parent = &parent.name),
                msg!(ScoreUnderOutsideLayerHelp, parent = &parent.name),
            );
        }
        let kind = match (&decl.value, decl.children.is_empty()) {
            (ast::ScoreValue::Sum, true) => {
                self.error(
                    Code::TypeMismatch,
                    decl.span,
                    msg!(ScoreNoValue, name = &decl.id.name),
                    msg!(ScoreNoValueHelp),
                );
                ScoreKind::Assessed
            }
            (ast::ScoreValue::Assessed(span), false) => {
                self.error(
                    Code::TypeMismatch,
                    *span,
                    msg!(ScoreItemsAssessed, name = &decl.id.name),
                    msg!(ScoreItemsAssessedHelp),
                );
                ScoreKind::Sum
            }
            (ast::ScoreValue::Assessed(_), true) => ScoreKind::Assessed,
            // A computed value is filled in by pass 2.
            (ast::ScoreValue::Sum | ast::ScoreValue::Computed(_), _) => ScoreKind::Sum,
        };
        if decl.max <= Decimal::ZERO {
            self.error(
                Code::BadRange,
                decl.max_span,
                msg!(MaxNotPositive, name = &decl.id.name),
                msg!(MaxNotPositiveHelp),
            );
        }
        self.scores.push(ScoreInfo {
            id: decl.id.name.clone(),
            label: decl.label.text.clone(),
            max: decl.max,
            parent,
            children: Vec::new(),
            kind,
            source: decl.source.as_ref().map(|l| l.text.clone()),
            span: decl.span,
        });
        self.score_decls.push(decl);
        let children: Vec<usize> = decl.children.iter().filter_map(|c| self.score_decl(c, Some(index))).collect();
        if let Some(score) = self.scores.get_mut(index) {
            score.children = children;
        }
        Some(index)
    }

    fn outcome_decl(
        &mut self,
        ast: &'a RuleSetAst,
        outcomes: &[&'a ast::OutcomeDecl],
    ) -> Option<(OutcomeInfo, &'a ast::OutcomeDecl)> {
        let [decl, extras @ ..] = outcomes else {
            self.error(Code::MissingOutcome, ast.id.span, msg!(NoOutcome, ruleset = &ast.id.name), msg!(NoOutcomeHelp));
            return None;
        };
        for extra in extras {
            self.error(
                Code::MultipleOutcomes,
                extra.id.span,
                msg!(SecondOutcome, name = &extra.id.name),
                msg!(SecondOutcomeHelp),
            );
        }
        let enum_id = self.next_enum_id(decl.id.span)?;
        self.declare(&decl.id, Name::Outcome);
        let (message, help) = (msg!(TooManyTiers, name = &decl.id.name), msg!(TooManyTiersHelp));
        if !self.within_limit(decl.tiers.len(), limits::MAX_TIERS, decl.id.span, message, help) {
            return None;
        }
        let mut values: Vec<(String, String)> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for tier in &decl.tiers {
            if !seen.insert(&tier.id.name) {
                self.error(
                    Code::DuplicateName,
                    tier.id.span,
                    msg!(TierTwice, name = &tier.id.name),
                    msg!(TierTwiceHelp),
                );
            }
            values.push((tier.id.name.clone(), tier.label.text.clone()));
        }
        self.enums.push(EnumInfo {
            id: decl.id.name.clone(),
            label: decl.label.text.clone(),
            ordered: true,
            descending: true,
            values,
        });
        self.enum_names.insert(decl.id.name.clone(), enum_id);
        self.outcome_enum = Some(enum_id);
        Some((
            OutcomeInfo { id: decl.id.name.clone(), label: decl.label.text.clone(), tiers: Vec::new(), enum_id },
            decl,
        ))
    }

    fn tiers(&mut self, mut info: OutcomeInfo, decl: &ast::OutcomeDecl) -> OutcomeInfo {
        let count = decl.tiers.len();
        for (i, tier) in decl.tiers.iter().enumerate() {
            let when = if let Some(e) = &tier.when {
                self.expr_of(e, &Type::Bool, None)
            } else {
                if i + 1 != count {
                    self.error(
                        Code::OtherwiseNotLast,
                        tier.span,
                        msg!(OtherwiseNotLast, name = &tier.id.name),
                        msg!(OtherwiseNotLastHelp),
                    );
                }
                None
            };
            info.tiers.push(TierInfo {
                id: tier.id.name.clone(),
                label: tier.label.text.clone(),
                when,
                source: tier.source.as_ref().map(|l| l.text.clone()),
                span: tier.span,
                national: None,
            });
        }
        if decl.tiers.last().is_some_and(|t| t.when.is_some()) {
            self.error(Code::NoOtherwise, decl.id.span, msg!(NoOtherwise, name = &decl.id.name), msg!(NoOtherwiseHelp));
        }
        info
    }

    pub(crate) fn tier_index(&mut self, outcome: Option<&OutcomeInfo>, id: &ast::Ident) -> Option<u16> {
        let outcome = outcome?;
        if let Some(i) = outcome.tiers.iter().position(|t| t.id == id.name) {
            u16::try_from(i).ok()
        } else {
            let tiers: Vec<crate::i18n::Arg> = outcome.tiers.iter().map(|t| format!("`{}`", t.id).into()).collect();
            self.error(
                Code::UnknownTier,
                id.span,
                msg!(UnknownTier, outcome = &outcome.id, name = &id.name),
                msg!(ItsTiersAre, tiers = tiers),
            );
            None
        }
    }

    fn adjust(&mut self, decl: &ast::AdjustDecl, outcome: Option<&OutcomeInfo>) -> Option<AdjustInfo> {
        // The condition is checked even when the tier is unknown, so every error is reported.
        let tier = decl.tier.as_ref().map(|t| self.tier_index(outcome, t));
        let when = self.expr_of(&decl.when, &Type::Bool, None);
        let (tier, when) = match tier {
            Some(t) => (Some(t?), when?),
            None => (None, when?),
        };
        Some(AdjustInfo {
            kind: decl.kind,
            tier,
            when,
            because: decl.because.as_ref().map(|l| l.text.clone()),
            source: decl.source.as_ref().map(|l| l.text.clone()),
            span: decl.span,
        })
    }

    fn quota(&mut self, decl: &ast::QuotaDecl, outcome: Option<&OutcomeInfo>) -> Option<QuotaInfo> {
        let tier = self.tier_index(outcome, &decl.tier);
        let of = self.tier_index(outcome, &decl.of);
        let demote_to = self.tier_index(outcome, &decl.demote_to);
        let mut within = Vec::new();
        for key in &decl.within {
            match self.names.get(&key.name) {
                Some((Name::Input(i), _)) if self.inputs.get(*i).is_some_and(|input| input.is_key) => within.push(*i),
                _ => self.error(Code::UnknownName, key.span, msg!(NotAKey, name = &key.name), msg!(NotAKeyHelp)),
            }
        }
        let mut rank_by = Vec::new();
        let mut ties_by_id = Direction::Asc;
        for (k, (e, direction)) in decl.rank_by.iter().enumerate() {
            // `then id asc|desc`: the record's own id breaks the ties the keys before it leave.
            if matches!(&e.kind, ExprKind::Path { segments } if segments.iter().map(|s| s.name.as_str()).eq(["id"])) {
                if k + 1 == decl.rank_by.len() {
                    ties_by_id = *direction;
                } else {
                    self.error(Code::TypeMismatch, e.span, msg!(IdNotLast), msg!(IdNotLastHelp));
                }
                continue;
            }
            if let Some(t) = self.expr_of(e, &Type::Number(NumKind::Number), None) {
                rank_by.push((t, *direction));
            }
        }
        // Tiers are listed best first: lowering goes to a later one.
        if let (Some(limited), Some(to)) = (tier, demote_to) {
            if to <= limited {
                let tier_id = |t: u16| outcome.and_then(|o| o.tiers.get(usize::from(t))).map(|tier| tier.id.as_str());
                let (limited_id, to_id) = (tier_id(limited).unwrap_or_default(), tier_id(to).unwrap_or_default());
                self.error(
                    Code::QuotaNotLower,
                    decl.demote_to.span,
                    msg!(QuotaNotLower, limited = limited_id, to = to_id),
                    msg!(QuotaNotLowerHelp),
                );
            }
        }
        if decl.share < Decimal::ZERO || decl.share > Decimal::ONE {
            self.error(Code::BadRange, decl.share_span, msg!(QuotaShareRange), msg!(QuotaShareRangeHelp));
        }
        Some(QuotaInfo {
            tier: tier?,
            share: decl.share,
            of: of?,
            or_better: decl.or_better.is_some(),
            within,
            rank_by,
            ties_by_id,
            demote_to: demote_to?,
            count: decl.count,
            source: decl.source.as_ref().map(|l| l.text.clone()),
            span: decl.span,
        })
    }
}

/// Header items and the declarations checked after the names are known.
#[derive(Default)]
struct Header<'a> {
    translations: Vec<(String, String)>,
    citation: Option<String>,
    valid_from: Option<crate::value::Date>,
    valid_until: Option<crate::value::Date>,
    valid_span: Option<Span>,
    replaces: Option<String>,
    rounding: Option<Rounding>,
    outcomes: Vec<&'a ast::OutcomeDecl>,
    adjustments: Vec<&'a ast::AdjustDecl>,
    quotas: Vec<&'a ast::QuotaDecl>,
    tests: Vec<&'a ast::TestDecl>,
    seen: Vec<(&'static str, Span)>,
}

impl<'a> Header<'a> {
    fn once(&mut self, checker: &mut Checker<'_>, what: &'static str, span: Span) -> bool {
        if let Some((_, first)) = self.seen.iter().find(|(w, _)| *w == what) {
            let (line, _) = checker.source.line_column(first.start);
            checker.error(
                Code::DuplicateHeader,
                span,
                msg!(HeaderTwice, what = what),
                msg!(HeaderTwiceHelp, line = line),
            );
            return false;
        }
        self.seen.push((what, span));
        true
    }

    fn item(&mut self, checker: &mut Checker<'_>, item: &'a Item) {
        match item {
            Item::Label { lang, label } => self.translations.push((lang.name.clone(), label.text.clone())),
            Item::Source(label) => {
                if self.once(checker, "source", label.span) {
                    self.citation = Some(label.text.clone());
                }
            }
            Item::Valid { from, until, span } => {
                if self.once(checker, "valid", *span) {
                    self.valid_span = Some(*span);
                    self.valid_from = from.map(|d| d.date);
                    self.valid_until = until.map(|d| d.date);
                    if let (Some(f), Some(u)) = (from, until) {
                        if f.date > u.date {
                            checker.error(
                                Code::BadRange,
                                *span,
                                msg!(ValidityEmpty, from = f.date.to_string(), until = u.date.to_string()),
                                msg!(ValidityEmptyHelp),
                            );
                        }
                    }
                }
            }
            Item::Replaces(id) => {
                if self.once(checker, "replaces", id.span) {
                    self.replaces = Some(id.name.clone());
                }
            }
            Item::Rounding { mode, places, span } => {
                let mode = match mode.name.as_str() {
                    "half_up" => RoundingMode::HalfUp,
                    "half_even" => RoundingMode::HalfEven,
                    "floor" => RoundingMode::Floor,
                    "ceil" => RoundingMode::Ceil,
                    _ => RoundingMode::Truncate,
                };
                if *places > 20 {
                    checker.error(
                        Code::BadRange,
                        *span,
                        msg!(RoundingTooFine, places = *places),
                        msg!(RoundingTooFineHelp),
                    );
                } else if self.once(checker, "rounding", *span) {
                    self.rounding = Some(Rounding { mode, places: *places });
                }
            }
            Item::Outcome(decl) => self.outcomes.push(decl),
            Item::Adjust(decl) => self.adjustments.push(decl),
            Item::Quota(decl) => self.quotas.push(decl),
            Item::Test(decl) => self.tests.push(decl),
            Item::Enum(_) | Item::Input(_) | Item::Key(_) | Item::Param(_) | Item::Let(_) | Item::Score(_) => {}
        }
    }
}
