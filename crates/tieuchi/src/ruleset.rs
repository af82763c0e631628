//! A compiled rule set: the checked model and its plan, ready to evaluate from many threads.

use std::borrow::Cow;

use serde_json::Value as Json;

use crate::check::model::{Model, TestCase};
use crate::diagnostic::{CompileError, Diagnostic};
use crate::eval::evidence::{self, Evidence, EvidenceError};
use crate::eval::{self as engine, EvalError, Options};
use crate::outcome::Evaluation;
use crate::plan::Plan;
use crate::span::SourceFile;

/// A checked, compiled rule set. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) model: Model,
    pub(crate) plan: Plan,
    pub(crate) warnings: Vec<Diagnostic>,
    /// The rule sets that evaluate the members of `list of other` inputs.
    pub(crate) members: Vec<std::sync::Arc<RuleSet>>,
    /// SHA-256 of the rule text and of everything it imports, in lower-case hex.
    pub(crate) fingerprint: String,
    /// For a layer merged onto the rule set it extends: the national rules, then the layer.
    /// Empty for a rule set that is not a layer.
    pub(crate) layers: Vec<crate::kinds::LayerInfo>,
}

/// Why a record could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// The evidence does not fit the rule set's inputs: every problem, by field.
    #[error("{}", evidence_summary(.0))]
    Evidence(Vec<EvidenceError>),
    /// Arithmetic with no exact answer (division by zero, overflow).
    #[error(transparent)]
    Eval(#[from] EvalError),
}

/// The evidence's problems in one sentence, in the default language (the front ends render a
/// [`crate::Failure`] in the language asked for).
fn evidence_summary(errors: &[EvidenceError]) -> String {
    let listed = errors.iter().map(|e| format!("`{}`: {}", e.field, e.message)).collect::<Vec<_>>().join("; ");
    crate::msg!(EvidenceSummary, count = errors.len(), problems = listed).render(crate::Lang::default())
}

impl EvaluateError {
    /// The stable code of the first problem.
    pub fn code(&self) -> &'static str {
        match self {
            EvaluateError::Evidence(errors) => errors.first().map_or("evidence", |e| e.code.as_str()),
            EvaluateError::Eval(e) => e.code.as_str(),
        }
    }
}

impl RuleSet {
    /// Parses, checks and plans one rule file.
    pub fn compile(name: &str, text: &str) -> Result<RuleSet, CompileError> {
        Self::from_source(&SourceFile::new(name, text))
    }

    /// Compiles a rule file already read.
    pub fn from_source(source: &SourceFile) -> Result<RuleSet, CompileError> {
        Self::from_source_with_imports(source, &[])
    }

    /// Compiles a rule file that may use the enums and outcomes of `imports` by qualified name.
    /// A layer (`extends`) is compiled onto the rule set it extends when that is one of `imports`:
    /// onto that version alone (a [`crate::Library`] applies a layer onto every national version
    /// in force during its validity, one rule set each).
    pub fn from_source_with_imports(source: &SourceFile, imports: &[&RuleSet]) -> Result<RuleSet, CompileError> {
        let ast = crate::syntax::parse(source).map_err(|diagnostics| CompileError { diagnostics })?;
        let national = ast.extends.as_ref().and_then(|base| imports.iter().find(|r| r.id() == base.name));
        match national {
            Some(national) => Self::layered(national, source, &ast, imports),
            None => Self::from_ast(source, &ast, imports),
        }
    }

    pub(crate) fn from_ast(
        source: &SourceFile,
        ast: &crate::syntax::ast::RuleSetAst,
        imports: &[&RuleSet],
    ) -> Result<RuleSet, CompileError> {
        if let Some(base) = &ast.extends {
            // A layer alone is not the rules it states: it needs the rule set it extends.
            let diagnostic = Diagnostic::error(
                crate::Code::LayerBase,
                source,
                base.span,
                crate::msg!(LayerBaseUnknown, name = &ast.id.name, base = &base.name),
            )
            .with_help(crate::msg!(LayerBaseUnknownHelp, base = &base.name));
            return Err(CompileError { diagnostics: vec![diagnostic] });
        }
        let models: Vec<&Model> = imports.iter().map(|r| &r.model).collect();
        let (model, warnings) = crate::check::check_with_imports(source, ast, &models)
            .map_err(|diagnostics| CompileError { diagnostics })?;
        let plan = Plan::lower(&model);
        let members = model
            .records
            .iter()
            .filter_map(|r| r.evaluated_by.as_deref())
            .filter_map(|id| imports.iter().find(|i| i.id() == id))
            .map(|r| std::sync::Arc::new((*r).clone()))
            .collect();
        let fingerprint = fingerprint(source.text(), imports);
        Ok(RuleSet { model, plan, warnings, members, fingerprint, layers: Vec::new() })
    }

    /// A layer (`extends`) merged onto `national` and compiled; its text is the two files
    /// joined, so its fingerprint covers both.
    pub(crate) fn layered(
        national: &RuleSet,
        source: &SourceFile,
        ast: &crate::syntax::ast::RuleSetAst,
        imports: &[&RuleSet],
    ) -> Result<RuleSet, CompileError> {
        // Each diagnostic is the file's its rule was written in, so that an editor shows it in
        // that file; what the national rules warn about alone is theirs, already reported.
        let in_layer = |d: &Diagnostic| d.source.part_index(d.span.start) > 0 || d.is_error();
        let unjoin = |diagnostics: Vec<Diagnostic>| -> Vec<Diagnostic> {
            diagnostics
                .into_iter()
                .filter(in_layer)
                .map(|mut d| {
                    (d.source, d.span) = d.source.unjoin(d.span);
                    d
                })
                .collect()
        };
        let merged = crate::layer::merge(national, source, ast)
            .map_err(|diagnostics| CompileError { diagnostics: unjoin(diagnostics) })?;
        let mut rules = Self::from_ast(&merged.source, &merged.ast, imports)
            .map_err(|error| CompileError { diagnostics: unjoin(error.diagnostics) })?;
        rules.layers = merged.layers;
        crate::layer::keep_national(&mut rules.model, &rules.plan, national);
        rules.warnings = unjoin(std::mem::take(&mut rules.warnings));
        Ok(rules)
    }

    /// The layers of a rule set that `extends` another, the national rules first; empty for one
    /// that does not.
    pub fn layers(&self) -> &[crate::kinds::LayerInfo] {
        &self.layers
    }

    /// The layer that wrote the rule at `span`, for a layered rule set.
    pub(crate) fn layer_at(&self, span: crate::span::Span) -> Option<&crate::kinds::LayerInfo> {
        crate::kinds::layer_at(&self.layers, span.start)
    }

    /// A simulation: a new rule set in which each parameter named in `overrides` has the one value
    /// given, at every date. Values are text read by the parameter's type (`85`, `85%` or `0.85`
    /// for a percent, `true`). Results of the new rule set name those parameters as overridden,
    /// so that a simulation never passes for the rules' own result; its fingerprint stays that of
    /// the rule text it was made from. An unknown parameter is `argument::unknown-param`, a value
    /// that does not fit `argument::bad-param`.
    pub fn with_params<K: AsRef<str>, V: AsRef<str>>(
        &self,
        overrides: impl IntoIterator<Item = (K, V)>,
    ) -> Result<RuleSet, Box<crate::Failure>> {
        self.with_params_in(overrides, crate::Lang::default())
    }

    /// [`RuleSet::with_params`], its failure's words in `lang`.
    pub fn with_params_in<K: AsRef<str>, V: AsRef<str>>(
        &self,
        overrides: impl IntoIterator<Item = (K, V)>,
        lang: crate::Lang,
    ) -> Result<RuleSet, Box<crate::Failure>> {
        use crate::check::model::ParamValue;
        let mut model = self.model.clone();
        for (id, text) in overrides {
            let (id, text) = (id.as_ref(), text.as_ref());
            let Some(param) = model.params.iter_mut().find(|p| p.id == id) else {
                let known: Vec<String> = self.model.params.iter().map(|p| format!("`{}`", p.id)).collect();
                let ruleset = self.model.id.as_str();
                let help = if known.is_empty() {
                    crate::msg!(ParamUnknownNoneHelp, ruleset = ruleset)
                } else {
                    crate::msg!(ParamUnknownHelp, ruleset = ruleset, params = known.join(", "))
                };
                return Err(Box::new(crate::Failure::argument(
                    crate::ArgumentCode::UnknownParam,
                    crate::msg!(ParamUnknown, id = id, ruleset = ruleset).render(lang),
                    help.render(lang),
                    Some(id),
                    lang,
                )));
            };
            let value = param_value(&param.ty, text).map_err(|help| {
                Box::new(crate::Failure::argument(
                    crate::ArgumentCode::BadParam,
                    crate::msg!(ParamBadValue, text = text, id = id).render(lang),
                    crate::i18n::Message::new(help).render(lang),
                    Some(id),
                    lang,
                ))
            })?;
            param.values = vec![ParamValue {
                value,
                from: None,
                source: None,
                span: crate::span::Span::default(),
                location: String::new(),
            }];
            param.overridden = true;
        }
        let plan = Plan::lower(&model);
        Ok(RuleSet { model, plan, ..self.clone() })
    }

    /// [`RuleSet::with_params_in`] with the values as a JSON object gives them (the service's
    /// `params`, the browser package's): a string is the value's text, any other JSON value its
    /// JSON text (`85`, `true`), read by the parameter's type as any override is.
    pub fn with_json_params(
        &self,
        params: &serde_json::Map<String, Json>,
        lang: crate::Lang,
    ) -> Result<RuleSet, Box<crate::Failure>> {
        self.with_params_in(param_texts(params), lang)
    }

    /// Whether a parameter of this rule set was overridden for a simulation
    /// ([`RuleSet::with_params`]).
    pub fn is_simulation(&self) -> bool {
        self.model.params.iter().any(|p| p.overridden)
    }

    /// The parameters overridden for a simulation, each with its value as results show it (an
    /// exact decimal as text, or a bool).
    pub fn overrides(&self) -> Vec<(&str, Json)> {
        let overridden = self.model.params.iter().filter(|p| p.overridden);
        overridden.filter_map(|p| Some((p.id.as_str(), crate::outcome::param_json(p.values.first()?.value)))).collect()
    }

    /// The SHA-256 fingerprint of the rules this rule set evaluates by: its own text, with line
    /// ends and a byte order mark normalised away, and the fingerprints of the rule sets it imports.
    /// It names the rules a result was made with, so that the result can be reproduced later.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub(crate) fn members(&self) -> &[std::sync::Arc<RuleSet>] {
        &self.members
    }

    /// The evidence slots of the `key` inputs, in declaration order.
    pub(crate) fn key_slots(&self) -> Vec<u32> {
        let keys = self.model.inputs.iter().enumerate().filter(|(_, i)| i.is_key);
        keys.filter_map(|(i, _)| u32::try_from(i).ok()).collect()
    }

    /// The rule set that evaluates the members of a `list of ID` input.
    pub fn member_rules(&self, id: &str) -> Option<&RuleSet> {
        self.members.iter().find(|m| m.id() == id).map(AsRef::as_ref)
    }

    /// The rule set's id.
    pub fn id(&self) -> &str {
        &self.model.id
    }

    /// Its label.
    pub fn label(&self) -> &str {
        &self.model.label
    }

    /// The rule file it was compiled from.
    pub fn source(&self) -> &SourceFile {
        &self.model.source
    }

    /// Warnings found by the checker (errors prevent compilation).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The checked model (the engine's own; front ends read [`RuleSet::info`]).
    #[cfg(feature = "internals")]
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The evaluation plan (the engine's own).
    #[cfg(feature = "internals")]
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The `test` blocks of the rule file.
    pub fn tests(&self) -> &[TestCase] {
        &self.model.tests
    }

    /// Decodes one evidence record against this rule set's inputs.
    pub fn decode(&self, record: &Json) -> Result<Evidence, Vec<EvidenceError>> {
        evidence::decode_with_members(&self.model, &self.plan, record, &self.members, None)
    }

    /// Evaluates one evidence record (a JSON object of inputs; `id` and `on` are optional).
    pub fn evaluate(&self, record: &Json, options: &Options) -> Result<Evaluation<'_>, EvaluateError> {
        let evidence = evidence::decode_with_members(&self.model, &self.plan, record, &self.members, options.on)
            .map_err(EvaluateError::Evidence)?;
        Ok(crate::outcome::run(self, Cow::Owned(evidence), *options)?)
    }

    /// Evaluates one record given as JSON text. Each field is read as it is written (a number
    /// keeps every digit), and a field given twice is refused.
    pub fn evaluate_json(&self, text: &str, options: &Options) -> Result<Evaluation<'_>, EvaluateError> {
        let record = evidence::RawRecord::from_json(text).map_err(|e| EvaluateError::Evidence(vec![e]))?;
        let mut evidence = Evidence::default();
        evidence::decode_raw(&self.model, &self.plan, &record, &self.members, options.on, &mut evidence)
            .map_err(EvaluateError::Evidence)?;
        Ok(crate::outcome::run(self, Cow::Owned(evidence), *options)?)
    }

    /// Evaluates decoded evidence: the hot path of batch work. The result borrows the evidence.
    pub fn evaluate_evidence<'a>(
        &'a self,
        evidence: &'a Evidence,
        options: &Options,
    ) -> Result<Evaluation<'a>, EvalError> {
        crate::outcome::run(self, Cow::Borrowed(evidence), *options)
    }

    /// The ratings of many records' decoded evidence (status, tier, what decided, scores), a
    /// column each: what [`RuleSet::evaluate_evidence`] gives each record, without the rest of
    /// its result. Made column by column where the rules allow it (see
    /// [`RuleSet::evaluates_in_columns`]); a record whose evaluation fails has no status and
    /// its error in [`Ratings::errors`](crate::Ratings::errors).
    pub fn rate_all(&self, evidences: &[Evidence], options: &Options) -> crate::eval::Ratings {
        engine::columns::rate(self, evidences, *options)
    }

    /// [`RuleSet::rate_all`] over records held column by column: the same ratings, without
    /// reading each record's evidence where it lies.
    pub fn rate_columns(&self, columns: &crate::eval::EvidenceColumns<'_>, options: &Options) -> crate::eval::Ratings {
        engine::columns::rate_columns(self, columns, *options)
    }

    /// Whether [`RuleSet::evaluate_all`] evaluates these rules column by column: they read no
    /// list or history.
    pub fn evaluates_in_columns(&self) -> bool {
        engine::columns::supports(&self.plan)
    }

    /// Evaluates many records' decoded evidence, in order: the same results as
    /// [`RuleSet::evaluate_evidence`] on each, made column by column where the rules allow it
    /// (no lists or histories, no trace asked for), which is several times faster per record.
    pub fn evaluate_all<'a>(
        &'a self,
        evidences: &'a [Evidence],
        options: &Options,
    ) -> Vec<Result<Evaluation<'a>, EvalError>> {
        crate::outcome::run_all(self, evidences.iter().map(Cow::Borrowed).collect(), *options)
    }
}

/// A parameter's value written as text, read by its type; or what to write instead.
/// Parameter overrides given as JSON, as text: a string as it is, any other value as its JSON
/// text, so that `85`, `"85"` and `"85%"` are read alike by the parameter's type.
pub fn param_texts<'a>(params: impl IntoIterator<Item = (&'a String, &'a Json)>) -> Vec<(String, String)> {
    let text = |value: &Json| match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    };
    params.into_iter().map(|(id, value)| (id.clone(), text(value))).collect()
}

/// The value of an override's text by the parameter's type; else the help line that says what
/// to write.
fn param_value(ty: &crate::check::model::Type, text: &str) -> Result<crate::value::Value, crate::i18n::Msg> {
    use crate::check::model::{NumKind, Type};
    use crate::i18n::Msg;
    use crate::value::{parse_exact_decimal, Value};
    let text = text.trim();
    match ty {
        Type::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(Msg::ParamWriteBoolHelp),
        },
        Type::Number(NumKind::Percent) => {
            let (digits, scale) = match text.strip_suffix('%') {
                Some(digits) => (digits, rust_decimal::Decimal::ONE_HUNDRED),
                None => (text, rust_decimal::Decimal::ONE),
            };
            // A bare number above 1 is a percent written without `%` (`85` for 85%): refused,
            // as evidence refuses it, rather than read as 8500%.
            parse_exact_decimal(digits.trim())
                .ok()
                .and_then(|d| d.checked_div(scale))
                .filter(|d| scale != rust_decimal::Decimal::ONE || d.abs() <= rust_decimal::Decimal::ONE)
                .map(Value::Number)
                .ok_or(Msg::ParamWritePercentHelp)
        }
        Type::Number(NumKind::Integer) => parse_exact_decimal(text)
            .ok()
            .filter(|d| d.fract().is_zero())
            .map(Value::Number)
            .ok_or(Msg::ParamWriteIntegerHelp),
        _ => parse_exact_decimal(text).map(Value::Number).map_err(|_| Msg::ParamWriteNumberHelp),
    }
}

/// The fingerprint of a rule text and its imports. The text is hashed as written, except that a
/// byte order mark is dropped and CRLF and CR line ends read as LF: a file checked out on Windows
/// holds the same rules. Imports are hashed by id and fingerprint, in id order, so that the order
/// a caller passes them in does not matter.
fn fingerprint(text: &str, imports: &[&RuleSet]) -> String {
    use sha2::{Digest as _, Sha256};
    let mut hasher = Sha256::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        hasher.update(rest.get(..cr).unwrap_or_default());
        hasher.update(b"\n");
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    hasher.update(rest.as_bytes());
    let mut imported: Vec<(&str, &str)> = imports.iter().map(|r| (r.id(), r.fingerprint())).collect();
    imported.sort_unstable();
    imported.dedup();
    for (id, print) in imported {
        hasher.update(format!("\n\0import {id} {print}").as_bytes());
    }
    hasher.finalize().iter().fold(String::with_capacity(64), |mut hex, byte| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn rule_sets_are_shareable_across_threads() {
        assert_send_sync::<super::RuleSet>();
    }
}
