//! Layers: `ruleset thai_nguyen_cc "…" extends cong_chuc_nd335 { … }`, a provincial rule set
//! merged onto the national one it names.
//!
//! The layer's declarations are merged into the national rule set's syntax tree before checking,
//! so the merged rule set is checked, planned and evaluated like any other; the two files become
//! one joined text ([`SourceFile::joined`]) so that every rule keeps its file, line and column,
//! and the byte a rule starts at tells which layer wrote it. A layer may only make a result
//! stricter; every rule that could give a better tier than the national rules is refused here,
//! at the rule, before anything is checked:
//! - a parameter's new value must lie on the stricter side of every national value, the side
//!   being told by how the national tiers compare the parameter (`tong >= p`: higher is
//!   stricter); a parameter read anywhere else, or compared both ways, cannot be overridden;
//! - a redefined outcome repeats the national tiers in order, each tier's condition being the
//!   national one `and` more (a condition added conjunctively sends records to a lower tier);
//! - a `force` goes to the worst tier (any other is a `cap`);
//! - no other national name (input, key, let, score, enum) nor the rounding may be declared
//!   again: that is how a national knock-out would be lifted.
//!
//! Knock-outs, caps, exclusions and quotas of a layer only lower a tier, and are kept as written.
//!
//! A result names the layer whose rule decided ([`crate::Evaluation::deciding_layer`]): the
//! layer that wrote the knock-out, cap, exclusion or quota that set the tier, else, for a band,
//! the layer only where it made the difference. The merged rule set keeps what the national
//! rules alone ask (`keep_national`): the national values of a parameter the layer made stricter,
//! and for an outcome the layer wrote again, which of each tier's conditions repeat the national
//! ones. A record the national rules alone give a better tier was kept from it by the layer (91
//! points under a layer's 92, the national threshold being 90; a condition a layer's tier adds);
//! one they rate alike is the national band's.
//!
//! Versions work per layer: the national text and the provincial decision change on different
//! dates. `extends` names the national version the layer is written against, and through it
//! that version's family (`replaces` links). The library merges the layer onto every version of
//! the family in force on some date of the layer's own validity, one compiled rule set each
//! ([`crate::library`]'s `compile_layer`), each in force where the layer and its national version
//! both are; they share the layer's id and form one family, so an evaluation date chooses among
//! them exactly as it chooses any version (`Library::select`, a batch row by row), and a result's
//! deciding layer names the national version that decided. Compiling once per national version,
//! rather than merging at evaluation time, keeps every check of this module and of the checker
//! applying to each pair as it would to one: a layer value looser than the value of any national
//! version in force during its validity, or a layer rule that does not apply onto one of them
//! (a name that version lacks), is refused before anything runs — at the layer, naming the
//! version. Within one pair, the layer's dated parameter values and the national ones still take
//! turns as `Merger::param` merges them.

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Message;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::{
    AdjustKind, BinaryOp, DateLit, Expr, ExprKind, Item, LiteralKind, OutcomeDecl, ParamDecl, RuleSetAst, ScoreDecl,
    ScoreValue, UnaryOp,
};

pub use crate::kinds::LayerInfo;

/// A layer merged onto the rule set it extends: one text, one syntax tree, and the layers, the
/// national rules first.
pub(crate) struct Merged {
    pub source: SourceFile,
    pub ast: RuleSetAst,
    pub layers: Vec<LayerInfo>,
}

/// Merges `layer` (parsed from `layer_source`) onto `national`, or says why it may not be.
pub(crate) fn merge(
    national: &crate::RuleSet,
    layer_source: &SourceFile,
    layer: &RuleSetAst,
) -> Result<Merged, Vec<Diagnostic>> {
    let base_name = layer.extends.as_ref().map_or_else(String::new, |b| b.name.clone());
    let base_span = layer.extends.as_ref().map_or(layer.id.span, |b| b.span);
    if !national.layers().is_empty() {
        return Err(vec![Diagnostic::error(
            Code::LayerBase,
            layer_source,
            base_span,
            crate::msg!(LayerBaseIsLayer, name = &layer.id.name, base = &base_name),
        )
        .with_help(crate::msg!(LayerBaseIsLayerHelp, base = &base_name))]);
    }
    let national_ast = crate::syntax::parse(national.source())?;
    let (joined, offsets) = SourceFile::joined(&[national.source(), layer_source]);
    let layer_start = offsets.get(1).copied().unwrap_or_default();
    // The layer parsed again behind blanks as long as the national text: its spans are then those
    // of the joined text (whitespace before the `ruleset` is skipped like any other).
    let padded = SourceFile::new(layer_source.name(), format!("{}{}", " ".repeat(layer_start), layer_source.text()));
    let layer = crate::syntax::parse(&padded)?;
    let mut merger = Merger::new(&joined, &national_ast);
    let ast = merger.merge(&national_ast, &layer);
    if !merger.diagnostics.is_empty() {
        return Err(merger.diagnostics);
    }
    let citation = |ast: &RuleSetAst| {
        ast.items.iter().find_map(|i| match i {
            Item::Source(label) => Some(label.text.clone()),
            _ => None,
        })
    };
    let layers = vec![
        LayerInfo { id: national_ast.id.name.clone(), source: citation(&national_ast), starts_at: 0 },
        LayerInfo {
            id: layer.id.name.clone(),
            source: citation(&layer),
            starts_at: u32::try_from(layer_start).unwrap_or(u32::MAX),
        },
    ];
    Ok(Merged { source: joined, ast, layers })
}

/// Keeps, in the merged rule set's `model`, what a result needs to ask what the national rules
/// alone would have given:
/// - the national values of each parameter a layer gave a value of its own
///   ([`crate::check::model::ParamInfo::national`]): the merged parameter keeps only the stricter
///   value of each date;
/// - for an outcome the layer wrote again, each tier's national tier
///   ([`crate::check::model::TierInfo::national`]): which of its conditions (by `plan`'s split
///   into conjuncts) repeat the national condition, and the national tier's place and citation.
///   Compared as the merge compared them; should one national conjunct not be found among the
///   layer's (a split the merge and the plan do not share), no tier keeps one, and the layer's
///   tiers are the layer's.
///
/// The national text starts the joined text, so its spans are the same in both.
pub(crate) fn keep_national(
    model: &mut crate::check::model::Model,
    plan: &crate::plan::Plan,
    national: &crate::RuleSet,
) {
    for param in &mut model.params {
        let Some(base) = national.model.params.iter().find(|p| p.id == param.id) else { continue };
        let from_layer = param.values.iter().any(|v| !base.values.iter().any(|b| b.span == v.span));
        if from_layer {
            param.national.clone_from(&base.values);
        }
    }
    let (tiers, national_tiers) = (&model.outcome.tiers, &national.model.outcome.tiers);
    let same_ids = tiers.len() == national_tiers.len()
        && tiers.iter().zip(national_tiers).all(|(t, n)| t.id == n.id)
        && plan.tiers.len() == tiers.len()
        && national.plan.tiers.len() == national_tiers.len();
    if !same_ids || tiers.iter().zip(national_tiers).all(|(t, n)| t.span == n.span) {
        return;
    }
    let keys = |tier: &crate::plan::PlanTier| -> Vec<String> {
        tier.guard.as_ref().map(|g| g.conditions.iter().map(|c| conjunct_key(&c.text)).collect()).unwrap_or_default()
    };
    let mut kept = Vec::with_capacity(tiers.len());
    for ((base, tier), national_tier) in national_tiers.iter().zip(&plan.tiers).zip(&national.plan.tiers) {
        let (layer_keys, national_keys) = (keys(tier), keys(national_tier));
        let mut conditions = Vec::with_capacity(national_keys.len());
        for key in &national_keys {
            let Some(at) = layer_keys.iter().position(|k| k == key) else { return };
            conditions.extend(u32::try_from(at).ok());
        }
        conditions.sort_unstable();
        conditions.dedup();
        kept.push(crate::check::model::NationalTier {
            conditions,
            source: base.source.clone(),
            span: base.span,
            location: national_tier.location.clone(),
        });
    }
    for (tier, national) in model.outcome.tiers.iter_mut().zip(kept) {
        tier.national = Some(national);
    }
}

/// A conjunct's text as the merge compares conditions: without its blanks and outer parentheses.
fn conjunct_key(text: &str) -> String {
    let mut text: String = text.split_whitespace().collect();
    while text.starts_with('(') && text.ends_with(')') {
        text = text[1..text.len() - 1].to_owned();
    }
    text
}

/// Which value of a parameter is the stricter, by how the national tiers compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Not compared by any tier.
    Unused,
    Higher,
    Lower,
    /// Compared both ways, with `=`, inside arithmetic, or read outside the tiers.
    Unknown,
}

impl Direction {
    fn and(self, other: Direction) -> Direction {
        match (self, other) {
            (Direction::Unused, d) | (d, Direction::Unused) => d,
            (a, b) if a == b => a,
            _ => Direction::Unknown,
        }
    }

    fn flipped(self) -> Direction {
        match self {
            Direction::Higher => Direction::Lower,
            Direction::Lower => Direction::Higher,
            d => d,
        }
    }
}

struct Merger<'a> {
    source: &'a SourceFile,
    national_names: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Merger<'a> {
    fn new(source: &'a SourceFile, national: &RuleSetAst) -> Self {
        fn scores(s: &ScoreDecl, out: &mut HashSet<String>) {
            out.insert(s.id.name.clone());
            for c in &s.children {
                scores(c, out);
            }
        }
        let mut national_names = HashSet::new();
        for item in &national.items {
            match item {
                Item::Enum(e) => {
                    national_names.insert(e.id.name.clone());
                }
                Item::Input(d) | Item::Key(d) => {
                    national_names.insert(d.id.name.clone());
                }
                Item::Let(l) => {
                    national_names.insert(l.id.name.clone());
                }
                Item::Score(s) => scores(s, &mut national_names),
                _ => {}
            }
        }
        Merger { source, national_names, diagnostics: Vec::new() }
    }

    fn refuse(&mut self, code: Code, span: Span, message: Message, help: Message) {
        self.diagnostics.push(Diagnostic::error(code, self.source, span, message).with_help(help));
    }

    fn merge(&mut self, national: &RuleSetAst, layer: &RuleSetAst) -> RuleSetAst {
        let national_valid = national.items.iter().find_map(|i| match i {
            Item::Valid { from, until, span } => Some((*from, *until, *span)),
            _ => None,
        });
        // The national body without its header and its tests (a layer states its own).
        let mut items: Vec<Item> = national
            .items
            .iter()
            .filter(|i| {
                !matches!(
                    i,
                    Item::Label { .. } | Item::Source(_) | Item::Valid { .. } | Item::Replaces(_) | Item::Test(_)
                )
            })
            .cloned()
            .collect();
        let mut layer_valid = None;
        for item in &layer.items {
            match item {
                Item::Valid { from, until, span } => layer_valid = Some((*from, *until, *span)),
                Item::Rounding { span, .. } => {
                    self.refuse(
                        Code::LayerRedefines,
                        *span,
                        crate::msg!(LayerRounding),
                        crate::msg!(LayerRoundingHelp),
                    );
                }
                Item::Enum(e) => self.add_named(&e.id.name, e.id.span, item, &mut items),
                Item::Input(d) | Item::Key(d) => self.add_named(&d.id.name, d.id.span, item, &mut items),
                Item::Let(l) => self.add_named(&l.id.name, l.id.span, item, &mut items),
                Item::Score(s) => match &s.under {
                    Some(parent) => self.place_score(s, parent, &mut items),
                    None => self.add_named(&s.id.name, s.id.span, item, &mut items),
                },
                Item::Param(p) => self.param(national, p, &mut items),
                Item::Outcome(o) => self.outcome(o, &mut items),
                Item::Adjust(a) => {
                    if a.kind == AdjustKind::Force {
                        self.force(national, a.tier.as_ref());
                    }
                    items.push(item.clone());
                }
                _ => items.push(item.clone()),
            }
        }
        // The merged rules are in force where both the layer and the national version are.
        let (from, until, span) = match (layer_valid, national_valid) {
            (Some((lf, lu, span)), Some((nf, nu, _))) => (later(lf, nf), earlier(lu, nu), span),
            (Some(v), None) | (None, Some(v)) => v,
            (None, None) => (None, None, layer.id.span),
        };
        if from.is_some() || until.is_some() {
            items.push(Item::Valid { from, until, span });
        }
        RuleSetAst { id: layer.id.clone(), label: layer.label.clone(), extends: None, items, span: layer.span }
    }

    fn add_named(&mut self, name: &str, span: Span, item: &Item, items: &mut Vec<Item>) {
        if !self.redefines(name, span, item) {
            items.push(item.clone());
        }
    }

    /// Whether `item` (named `name`, with its items for a score) declares a national name again;
    /// refused if so.
    fn redefines(&mut self, name: &str, span: Span, item: &Item) -> bool {
        let mut names = vec![name.to_owned()];
        if let Item::Score(s) = item {
            fn children(s: &ScoreDecl, out: &mut Vec<String>) {
                for c in &s.children {
                    out.push(c.id.name.clone());
                    children(c, out);
                }
            }
            children(s, &mut names);
        }
        if let Some(clash) = names.iter().find(|n| self.national_names.contains(*n)) {
            let clash = clash.clone();
            self.refuse(
                Code::LayerRedefines,
                span,
                crate::msg!(LayerRedefines, name = &clash),
                crate::msg!(LayerRedefinesHelp),
            );
            return true;
        }
        false
    }

    /// A layer's scored item placed `under` a national score: added to that score's items when
    /// the score's maximum leaves room for it. Only a national score whose value is computed
    /// (`= expr`) can leave room (the items of a sum add up to its maximum, an assessed score's
    /// points are the assessor's), so the national score's value, and every national tier that
    /// reads it, stays as it was: the item is shown in the national tree and read by the layer's
    /// own, stricter, rules.
    fn place_score(&mut self, item: &ScoreDecl, parent: &crate::syntax::ast::Ident, items: &mut [Item]) {
        if self.redefines(&item.id.name, item.id.span, &Item::Score(item.clone())) {
            return;
        }
        let national = if self.national_names.contains(&parent.name) {
            items.iter_mut().find_map(|i| match i {
                Item::Score(s) => find_score(s, &parent.name),
                _ => None,
            })
        } else {
            None
        };
        let Some(national) = national else {
            self.refuse(
                Code::UnknownName,
                parent.span,
                crate::msg!(LayerScoreUnknownParent, name = &item.id.name, parent = &parent.name),
                crate::msg!(LayerScoreUnknownParentHelp),
            );
            return;
        };
        let used = if matches!(national.value, ScoreValue::Assessed(_)) {
            national.max
        } else {
            national.children.iter().map(|c| c.max).sum()
        };
        let room = (national.max - used).max(Decimal::ZERO);
        if item.max > room {
            let message = crate::msg!(
                LayerScoreNoRoom,
                name = &item.id.name,
                max = item.max.to_string(),
                parent = &parent.name,
                used = used.to_string(),
                parent_max = national.max.to_string()
            );
            self.refuse(
                Code::ScoreExceeds,
                item.max_span,
                message,
                crate::msg!(LayerScoreNoRoomHelp, room = room.to_string()),
            );
            return;
        }
        national.children.push(ScoreDecl { under: None, ..item.clone() });
    }

    /// A layer's value for a national parameter: kept beside the national values when it is on
    /// the stricter side of every one of them.
    fn param(&mut self, national: &RuleSetAst, layer: &ParamDecl, items: &mut [Item]) {
        let Some(Item::Param(base)) =
            items.iter_mut().find(|i| matches!(i, Item::Param(p) if p.id.name == layer.id.name))
        else {
            if self.national_names.contains(&layer.id.name) {
                self.refuse(
                    Code::LayerRedefines,
                    layer.id.span,
                    crate::msg!(LayerRedefines, name = &layer.id.name),
                    crate::msg!(LayerRedefinesHelp),
                );
            }
            // A parameter of the layer's own.
            return;
        };
        let direction = direction_of(national, self.source, &layer.id.name);
        if !matches!(direction, Direction::Higher | Direction::Lower) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::LayerLoosens,
                    self.source,
                    layer.id.span,
                    crate::msg!(LayerParamNoDirection, name = &layer.id.name),
                )
                .with_help(crate::msg!(LayerParamNoDirectionHelp, name = &layer.id.name)),
            );
            return;
        }
        // On every date the stricter of the two values applies, so that a national amendment
        // never silently undoes the layer; a layer value looser than the national value in
        // force on a date it would apply is refused.
        let stricter = |l: Decimal, n: Decimal| if direction == Direction::Higher { l >= n } else { l <= n };
        let mut points: Vec<Option<jiff::civil::Date>> = vec![None];
        points.extend(base.values.iter().chain(&layer.values).filter_map(|v| v.from.map(|d| Some(d.date))));
        points.sort();
        points.dedup();
        let mut merged = Vec::new();
        let mut refused: Vec<Span> = Vec::new();
        for point in points {
            let national_value = value_on(&base.values, point);
            let layer_value = value_on(&layer.values, point);
            let chosen = match (national_value, layer_value) {
                (Some(n), Some(l)) => match (number(&n.value.kind), number(&l.value.kind)) {
                    (Some(nv), Some(lv)) if stricter(lv, nv) => l,
                    (Some(nv), Some(lv)) => {
                        if !refused.contains(&l.value.span) {
                            refused.push(l.value.span);
                            let word = if direction == Direction::Higher { "higher" } else { "lower" };
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::LayerLoosens,
                                    self.source,
                                    l.value.span,
                                    crate::msg!(
                                        LayerParamLooser,
                                        name = &layer.id.name,
                                        value = lv.to_string(),
                                        national = nv.to_string()
                                    ),
                                )
                                .with_help(crate::msg!(
                                    LayerParamLooserHelp,
                                    name = &layer.id.name,
                                    direction = word
                                )),
                            );
                        }
                        n
                    }
                    _ => {
                        if !refused.contains(&l.value.span) {
                            refused.push(l.value.span);
                            self.diagnostics.push(Diagnostic::error(
                                Code::LayerLoosens,
                                self.source,
                                l.value.span,
                                crate::msg!(LayerParamType, name = &layer.id.name),
                            ));
                        }
                        n
                    }
                },
                (Some(v), None) | (None, Some(v)) => v,
                (None, None) => continue,
            };
            let mut value = chosen.clone();
            value.from = point.map(|date| DateLit { date, span: chosen.from.map_or(chosen.span, |d| d.span) });
            merged.push(value);
        }
        base.values = merged;
    }

    /// A layer's outcome: the national tiers, each with the national condition `and` more.
    fn outcome(&mut self, layer: &OutcomeDecl, items: &mut [Item]) {
        let Some(Item::Outcome(base)) = items.iter_mut().find(|i| matches!(i, Item::Outcome(_))) else { return };
        let same_tiers = base.id.name == layer.id.name
            && base.tiers.len() == layer.tiers.len()
            && base.tiers.iter().zip(&layer.tiers).all(|(b, l)| b.id.name == l.id.name);
        if !same_tiers {
            let tiers: Vec<&str> = base.tiers.iter().map(|t| t.id.name.as_str()).collect();
            self.diagnostics.push(
                Diagnostic::error(
                    Code::LayerLoosens,
                    self.source,
                    layer.id.span,
                    crate::msg!(LayerOutcomeTiers, name = &base.id.name, tiers = tiers.join(", ")),
                )
                .with_help(crate::msg!(LayerOutcomeTiersHelp)),
            );
            return;
        }
        let mut kept = true;
        for (b, l) in base.tiers.iter().zip(&layer.tiers) {
            let Some(condition) = &b.when else {
                // `otherwise` stays `otherwise`: a condition on it would leave records without a
                // tier rather than lower them.
                if l.when.is_some() {
                    self.refuse_tier(l.id.span, &b.id.name, "otherwise");
                    kept = false;
                }
                continue;
            };
            let national: Vec<String> = conjuncts(condition).iter().map(|e| self.text(e)).collect();
            let layer_conjuncts: Vec<String> =
                l.when.as_ref().map(|w| conjuncts(w).iter().map(|e| self.text(e)).collect()).unwrap_or_default();
            if !national.iter().all(|c| layer_conjuncts.contains(c)) {
                let shown = self.source.slice(condition.span).to_owned();
                self.refuse_tier(l.when.as_ref().map_or(l.id.span, |w| w.span), &b.id.name, &shown);
                kept = false;
            }
        }
        if kept {
            *base = layer.clone();
        }
    }

    fn refuse_tier(&mut self, span: Span, tier: &str, condition: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::LayerLoosens,
                self.source,
                span,
                crate::msg!(LayerTierDropsCondition, tier = tier, condition = condition),
            )
            .with_help(crate::msg!(LayerTierDropsConditionHelp, condition = condition)),
        );
    }

    fn force(&mut self, national: &RuleSetAst, tier: Option<&crate::syntax::ast::Ident>) {
        let worst = national.items.iter().find_map(|i| match i {
            Item::Outcome(o) => o.tiers.last().map(|t| t.id.name.clone()),
            _ => None,
        });
        let (Some(worst), Some(tier)) = (worst, tier) else { return };
        if tier.name != worst {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::LayerLoosens,
                    self.source,
                    tier.span,
                    crate::msg!(LayerForceNotWorst, tier = &tier.name, worst = &worst),
                )
                .with_help(crate::msg!(LayerForceNotWorstHelp, tier = &tier.name, worst = &worst)),
            );
        }
    }

    /// An expression's text without its blanks and outer parentheses, to compare conditions.
    fn text(&self, e: &Expr) -> String {
        conjunct_key(self.source.slice(e.span))
    }
}

/// The score `name` in the tree of `score`.
fn find_score<'s>(score: &'s mut ScoreDecl, name: &str) -> Option<&'s mut ScoreDecl> {
    if score.id.name == name {
        return Some(score);
    }
    score.children.iter_mut().find_map(|c| find_score(c, name))
}

fn later(a: Option<DateLit>, b: Option<DateLit>) -> Option<DateLit> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.date > a.date { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn earlier(a: Option<DateLit>, b: Option<DateLit>) -> Option<DateLit> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.date < a.date { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn number(kind: &LiteralKind) -> Option<Decimal> {
    match kind {
        LiteralKind::Number(n) | LiteralKind::Percent(n) => Some(*n),
        _ => None,
    }
}

/// The value of a parameter on a date, as evaluation chooses it: the latest `from` on or
/// before the date, else the undated value.
fn value_on(
    values: &[crate::syntax::ast::ParamValueDecl],
    on: Option<jiff::civil::Date>,
) -> Option<&crate::syntax::ast::ParamValueDecl> {
    let dated = on.and_then(|on| {
        values.iter().filter(|v| v.from.is_some_and(|d| d.date <= on)).max_by_key(|v| v.from.map(|d| d.date))
    });
    dated.or_else(|| values.iter().find(|v| v.from.is_none()))
}

/// The operands of a chain of `and`.
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Binary { op: BinaryOp::And, left, right } => {
            let mut out = conjuncts(left);
            out.extend(conjuncts(right));
            out
        }
        _ => vec![e],
    }
}

/// How the national rules use the parameter `name`: only the tiers may compare it, each
/// comparison with the parameter alone on one side.
fn direction_of(national: &RuleSetAst, source: &SourceFile, name: &str) -> Direction {
    let mentions =
        |span: Span| source.slice(span).split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w == name);
    let mut direction = Direction::Unused;
    for item in &national.items {
        match item {
            Item::Outcome(o) => {
                for tier in &o.tiers {
                    if let Some(when) = &tier.when {
                        direction = direction.and(compared(when, name));
                    }
                }
            }
            Item::Let(l) if mentions(l.value.span) => return Direction::Unknown,
            Item::Score(s) if mentions(s.span) => return Direction::Unknown,
            Item::Adjust(a) if mentions(a.when.span) => return Direction::Unknown,
            Item::Quota(q) if mentions(q.span) => return Direction::Unknown,
            _ => {}
        }
    }
    direction
}

fn is_param(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Path { segments } if matches!(segments.as_slice(), [only] if only.name == name))
}

/// How a condition compares the parameter: `x >= p` or `x > p` (or `p <= x`, `p < x`) hold for
/// fewer records as `p` grows.
fn compared(e: &Expr, name: &str) -> Direction {
    match &e.kind {
        ExprKind::Binary { op: BinaryOp::And | BinaryOp::Or, left, right } => {
            compared(left, name).and(compared(right, name))
        }
        ExprKind::Unary { op: UnaryOp::Not, operand } => compared(operand, name).flipped(),
        ExprKind::Binary { op, left, right } => {
            let (on_right, on_left) = (is_param(right, name), is_param(left, name));
            let inside = mentions_path(left, name) || mentions_path(right, name);
            match (op, on_left, on_right) {
                (BinaryOp::Ge | BinaryOp::Gt, false, true) | (BinaryOp::Le | BinaryOp::Lt, true, false)
                    if !mentions_path(if on_right { left } else { right }, name) =>
                {
                    Direction::Higher
                }
                (BinaryOp::Le | BinaryOp::Lt, false, true) | (BinaryOp::Ge | BinaryOp::Gt, true, false)
                    if !mentions_path(if on_right { left } else { right }, name) =>
                {
                    Direction::Lower
                }
                _ if inside => Direction::Unknown,
                _ => Direction::Unused,
            }
        }
        _ if mentions_path(e, name) => Direction::Unknown,
        _ => Direction::Unused,
    }
}

fn mentions_path(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Path { segments } => segments.iter().any(|s| s.name == name),
        ExprKind::Unary { operand, .. } => mentions_path(operand, name),
        ExprKind::Binary { left, right, .. } => mentions_path(left, name) || mentions_path(right, name),
        ExprKind::If { cond, then, otherwise } => {
            mentions_path(cond, name) || mentions_path(then, name) || mentions_path(otherwise, name)
        }
        ExprKind::Call { args, .. } => args
            .iter()
            .any(|a| mentions_path(&a.value, name) || a.maps_to.as_ref().is_some_and(|m| mentions_path(m, name))),
        _ => false,
    }
}
