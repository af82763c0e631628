//! pest pairs to the syntax tree.

use pest::iterators::{Pair, Pairs};
use rust_decimal::Decimal;

use super::ast::{
    AdjustDecl, AdjustKind, Arg, BinaryOp, CountBasis, DateLit, Direction, EnumDecl, Expectation, Expr, ExprKind,
    Ident, InputDecl, Item, Label, LetDecl, Literal, LiteralKind, OutcomeDecl, ParamDecl, ParamValueDecl, QuotaDecl,
    RangeLit, RuleSetAst, ScoreDecl, ScoreValue, TestDecl, TierDecl, TypeExpr, UnaryOp, Window,
};
use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Message;
use crate::limits::{MAX_CHAIN, MAX_EXPR_DEPTH, MAX_NESTING};
use crate::msg;
use crate::span::{SourceFile, Span};

pub(super) struct Builder<'s> {
    source: &'s SourceFile,
    pub(super) diagnostics: Vec<Diagnostic>,
    depth: usize,
}

/// A pair's span without the whitespace and comments pest lets a rule swallow at its end.
fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.start() + significant_len(s.as_str()))
}

/// The length of `text` up to the end of its last character that is code: not whitespace and
/// not in a comment (a `#` outside a quoted label starts a comment).
fn significant_len(text: &str) -> usize {
    let last = text.chars().next_back();
    if !text.contains('#') && !last.is_some_and(char::is_whitespace) {
        return text.len();
    }
    let mut end = 0;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                let mut close = i + 1;
                while let Some((j, c)) = chars.next() {
                    close = j + c.len_utf8();
                    match c {
                        '\\' => {
                            if let Some((k, c)) = chars.next() {
                                close = k + c.len_utf8();
                            }
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
                end = close;
            }
            c if c.is_whitespace() => {}
            c => end = i + c.len_utf8(),
        }
    }
    end
}

/// The next inner pair; the grammar guarantees it, so a miss is an internal error.
fn next<'i>(pairs: &mut Pairs<'i, Rule>) -> Option<Pair<'i, Rule>> {
    pairs.next()
}

fn ident_of(pair: &Pair<'_, Rule>) -> Ident {
    Ident { name: pair.as_str().to_owned(), span: span_of(pair) }
}

/// A quoted label: escapes resolved, NFC-normalised.
fn label_of(pair: &Pair<'_, Rule>) -> Label {
    let span = span_of(pair);
    let raw = pair.clone().into_inner().next().map_or("", |p| p.as_str());
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => text.push('\n'),
                Some(other) => text.push(other),
                None => {}
            }
        } else {
            text.push(c);
        }
    }
    Label { text: crate::nfc::nfc(&text), span }
}

impl<'s> Builder<'s> {
    pub(super) fn new(source: &'s SourceFile) -> Self {
        Builder { source, diagnostics: Vec::new(), depth: 0 }
    }

    fn error(&mut self, code: Code, span: Span, message: Message, help: Message) {
        self.diagnostics.push(Diagnostic::error(code, self.source, span, message).with_help(help));
    }

    fn internal(&mut self, span: Span) {
        self.error(Code::SyntaxError, span, msg!(ParserInternal), msg!(ParserInternalHelp));
    }

    pub(super) fn file(&mut self, file: Pair<'_, Rule>) -> Option<RuleSetAst> {
        let ruleset = file.into_inner().find(|p| p.as_rule() == Rule::ruleset)?;
        let span = span_of(&ruleset);
        let mut inner = ruleset.into_inner();
        let id = ident_of(&next(&mut inner)?);
        let label = label_of(&next(&mut inner)?);
        let mut inner = inner.peekable();
        let extends =
            inner.next_if(|p| p.as_rule() == Rule::extends).and_then(|p| p.into_inner().next()).map(|p| ident_of(&p));
        let items = inner.filter_map(|p| self.item(p)).collect();
        Some(RuleSetAst { id, label, extends, items, span })
    }

    fn number(&mut self, pair: &Pair<'_, Rule>) -> Decimal {
        let text = pair.as_str().trim_end_matches('%');
        // Exact or refused: a literal is never rounded to fit.
        if let Ok(d) = crate::value::parse_exact_decimal(text) {
            d
        } else {
            self.error(
                Code::BadNumber,
                span_of(pair),
                msg!(NumberTooPrecise, number = pair.as_str()),
                msg!(NumberTooPreciseHelp),
            );
            Decimal::ZERO
        }
    }

    fn percent(&mut self, pair: &Pair<'_, Rule>) -> Decimal {
        let n = self.number(pair);
        // A hundredth moves the point two places: exact, unless it runs past 28 places.
        if n.scale() + 2 > Decimal::MAX_SCALE {
            self.error(
                Code::BadNumber,
                span_of(pair),
                msg!(PercentTooPrecise, percent = pair.as_str()),
                msg!(PercentTooPreciseHelp),
            );
            return Decimal::ZERO;
        }
        n.checked_div(Decimal::ONE_HUNDRED).unwrap_or(Decimal::ZERO)
    }

    fn int(&mut self, pair: &Pair<'_, Rule>) -> u32 {
        pair.as_str().parse().unwrap_or_else(|_| {
            self.error(
                Code::BadNumber,
                span_of(pair),
                msg!(IntegerTooLarge, number = pair.as_str()),
                msg!(IntegerTooLargeHelp),
            );
            0
        })
    }

    fn date(&mut self, pair: &Pair<'_, Rule>) -> DateLit {
        let span = span_of(pair);
        // The grammar admits only `DDDD-DD-DD`; the strict reader checks the calendar without
        // jiff's parser of timestamps and time zones, which would otherwise be linked in.
        let date = crate::value::parse_strict_date(pair.as_str()).unwrap_or_else(|| {
            self.error(Code::BadDate, span, msg!(NotADate, date = pair.as_str()), msg!(NotADateHelp));
            jiff::civil::Date::constant(1970, 1, 1)
        });
        DateLit { date, span }
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        Some(match rule {
            Rule::label_item => {
                let lang = ident_of(&next(&mut inner)?);
                let label = label_of(&next(&mut inner)?);
                Item::Label { lang, label }
            }
            Rule::source_item => Item::Source(label_of(&next(&mut inner)?)),
            Rule::valid_item => self.valid(span, inner)?,
            Rule::replaces_item => Item::Replaces(ident_of(&next(&mut inner)?)),
            Rule::rounding_item => {
                let mode = ident_of(&next(&mut inner)?);
                let places = self.int(&next(&mut inner)?);
                Item::Rounding { mode, places, span }
            }
            Rule::enum_decl => Item::Enum(Self::enum_decl(span, inner)?),
            Rule::input_decl => Item::Input(self.input(span, inner)?),
            Rule::key_decl => Item::Key(self.input(span, inner)?),
            Rule::param_decl => Item::Param(self.param(span, inner)?),
            Rule::let_decl => Item::Let(self.let_decl(span, inner)?),
            Rule::score_decl => Item::Score(self.score(span, inner)?),
            Rule::outcome_decl => Item::Outcome(self.outcome(span, inner)?),
            Rule::force_decl | Rule::cap_decl | Rule::exclude_decl => Item::Adjust(self.adjust(rule, span, inner)?),
            Rule::quota_decl => Item::Quota(self.quota(span, inner)?),
            Rule::test_decl => Item::Test(self.test(span, inner)?),
            _ => {
                self.internal(span);
                return None;
            }
        })
    }

    fn valid(&mut self, span: Span, inner: Pairs<'_, Rule>) -> Option<Item> {
        let (mut from, mut until) = (None, None);
        for p in inner {
            let which = p.as_rule();
            let date = self.date(&p.into_inner().next()?);
            if which == Rule::valid_from {
                from = Some(date);
            } else {
                until = Some(date);
            }
        }
        Some(Item::Valid { from, until, span })
    }

    fn enum_decl(span: Span, mut inner: Pairs<'_, Rule>) -> Option<EnumDecl> {
        let id = ident_of(&next(&mut inner)?);
        let label = label_of(&next(&mut inner)?);
        let mut ordered = false;
        let mut values = Vec::new();
        for p in inner {
            if p.as_rule() == Rule::ordered {
                ordered = true;
            } else {
                let mut v = p.into_inner();
                let vid = ident_of(&next(&mut v)?);
                let vlabel = label_of(&next(&mut v)?);
                values.push((vid, vlabel));
            }
        }
        Some(EnumDecl { id, label, ordered, values, span })
    }

    fn let_decl(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<LetDecl> {
        let id = ident_of(&next(&mut inner)?);
        let mut label = None;
        let mut value = None;
        let mut source = None;
        for p in inner {
            match p.as_rule() {
                Rule::label => label = Some(label_of(&p)),
                Rule::expr => value = Some(self.expr(p)?),
                Rule::source_clause => source = Some(label_of(&p.into_inner().next()?)),
                _ => self.internal(span_of(&p)),
            }
        }
        Some(LetDecl { id, label, value: value?, source, span })
    }

    fn outcome(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<OutcomeDecl> {
        let id = ident_of(&next(&mut inner)?);
        let label = label_of(&next(&mut inner)?);
        let mut tiers = Vec::new();
        for p in inner {
            let tspan = span_of(&p);
            let mut t = p.into_inner();
            let tid = ident_of(&next(&mut t)?);
            let tlabel = label_of(&next(&mut t)?);
            let mut when = None;
            let mut source = None;
            for q in t {
                match q.as_rule() {
                    Rule::otherwise => {}
                    Rule::expr => when = Some(self.expr(q)?),
                    Rule::source_clause => source = Some(label_of(&q.into_inner().next()?)),
                    _ => self.internal(span_of(&q)),
                }
            }
            tiers.push(TierDecl { id: tid, label: tlabel, when, source, span: tspan });
        }
        Some(OutcomeDecl { id, label, tiers, span })
    }

    /// A `force`, `cap` or `exclude` rule (`rule` says which).
    fn adjust(&mut self, rule: Rule, span: Span, inner: Pairs<'_, Rule>) -> Option<AdjustDecl> {
        let kind = match rule {
            Rule::force_decl => AdjustKind::Force,
            Rule::cap_decl => AdjustKind::Cap,
            _ => AdjustKind::Exclude,
        };
        let mut tier = None;
        let mut when = None;
        let mut because = None;
        let mut source = None;
        for p in inner {
            match p.as_rule() {
                Rule::ident => tier = Some(ident_of(&p)),
                Rule::expr => when = Some(self.expr(p)?),
                Rule::because => because = Some(label_of(&p.into_inner().next()?)),
                Rule::source_clause => source = Some(label_of(&p.into_inner().next()?)),
                _ => self.internal(span_of(&p)),
            }
        }
        Some(AdjustDecl { kind, tier, when: when?, because, source, span })
    }

    fn quota(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<QuotaDecl> {
        let tier = ident_of(&next(&mut inner)?);
        let share_pair = next(&mut inner)?;
        let share = self.percent(&share_pair);
        let of = ident_of(&next(&mut inner)?);
        let mut or_better = None;
        let mut within = Vec::new();
        let mut rank_by = Vec::new();
        let mut demote_to = None;
        let mut count = CountBasis::AfterDemotion;
        let mut source = None;
        for p in inner {
            match p.as_rule() {
                Rule::or_better => or_better = Some(span_of(&p)),
                Rule::ident if demote_to.is_none() && rank_by.is_empty() => within.push(ident_of(&p)),
                Rule::ident => demote_to = Some(ident_of(&p)),
                Rule::rank_key => {
                    let mut k = p.into_inner();
                    let e = self.expr(next(&mut k)?)?;
                    let d = if next(&mut k)?.as_str() == "asc" { Direction::Asc } else { Direction::Desc };
                    rank_by.push((e, d));
                }
                Rule::count_basis => {
                    count = if p.as_str() == "before" { CountBasis::BeforeDemotion } else { CountBasis::AfterDemotion };
                }
                Rule::source_clause => source = Some(label_of(&p.into_inner().next()?)),
                _ => self.internal(span_of(&p)),
            }
        }
        Some(QuotaDecl {
            tier,
            share,
            share_span: span_of(&share_pair),
            of,
            or_better,
            within,
            rank_by,
            demote_to: demote_to?,
            count,
            source,
            span,
        })
    }

    fn test(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<TestDecl> {
        let name = label_of(&next(&mut inner)?);
        let given = self.literal(next(&mut inner)?)?;
        let mut on = None;
        let mut expect = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::test_on => on = Some(self.date(&p.into_inner().next()?)),
                Rule::expectation => {
                    let e = p.into_inner().next()?;
                    let espan = span_of(&e);
                    expect.push(match e.as_rule() {
                        Rule::expect_not_rated => Expectation::NotRated { span: espan },
                        Rule::expect_undetermined => Expectation::NotDeterminable { span: espan },
                        _ => {
                            let mut v = e.into_inner();
                            let name = ident_of(&next(&mut v)?);
                            let value = self.literal(next(&mut v)?)?;
                            Expectation::Value { name, value }
                        }
                    });
                }
                _ => self.internal(span_of(&p)),
            }
        }
        Some(TestDecl { name, given, on, expect, span })
    }

    fn input(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<InputDecl> {
        let id = ident_of(&next(&mut inner)?);
        let mut label = None;
        let mut ty = None;
        let mut range = None;
        let mut default = None;
        for p in inner {
            match p.as_rule() {
                Rule::label => label = Some(label_of(&p)),
                Rule::type_expr => ty = Some(self.type_expr(p)?),
                Rule::range => {
                    let rspan = span_of(&p);
                    let mut r = p.into_inner();
                    let low = self.bound(&next(&mut r)?);
                    let high = self.bound(&next(&mut r)?);
                    range = Some(RangeLit { low, high, span: rspan });
                }
                Rule::default => default = Some(self.literal(p.into_inner().next()?)?),
                _ => self.internal(span_of(&p)),
            }
        }
        Some(InputDecl { id, label, ty: ty?, range, default, span })
    }

    fn param(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<ParamDecl> {
        let id = ident_of(&next(&mut inner)?);
        let label = label_of(&next(&mut inner)?);
        let ty = self.type_expr(next(&mut inner)?)?;
        let mut values = Vec::new();
        for p in inner {
            let vspan = span_of(&p);
            let mut v = p.into_inner();
            let value = self.literal(next(&mut v)?)?;
            let (mut from, mut source) = (None, None);
            for q in v {
                match q.as_rule() {
                    Rule::param_from => from = Some(self.date(&q.into_inner().next()?)),
                    Rule::source_clause => source = Some(label_of(&q.into_inner().next()?)),
                    _ => self.internal(span_of(&q)),
                }
            }
            values.push(ParamValueDecl { value, from, source, span: vspan });
        }
        Some(ParamDecl { id, label, ty, values, span })
    }

    fn bound(&mut self, pair: &Pair<'_, Rule>) -> Decimal {
        if pair.as_rule() == Rule::signed_percent {
            self.percent(pair)
        } else {
            self.number(pair)
        }
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> Option<TypeExpr> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        Some(match inner.as_rule() {
            Rule::optional_type => {
                let t = self.type_expr(inner.into_inner().next()?)?;
                TypeExpr::Optional { inner: Box::new(t), span }
            }
            Rule::list_type | Rule::history_type => {
                let is_list = inner.as_rule() == Rule::list_type;
                let record = inner.into_inner().next()?;
                if record.as_rule() == Rule::ident {
                    return Some(TypeExpr::ListOf { ruleset: ident_of(&record), span });
                }
                let mut fields = Vec::new();
                for f in record.into_inner() {
                    let fspan = span_of(&f);
                    fields.push(self.input(fspan, f.into_inner())?);
                }
                if is_list {
                    TypeExpr::List { fields, span }
                } else {
                    TypeExpr::History { fields, span }
                }
            }
            _ => {
                let named = inner.into_inner().next()?;
                if named.as_rule() == Rule::qualified {
                    let mut q = named.into_inner();
                    let ruleset = ident_of(&next(&mut q)?);
                    let name = ident_of(&next(&mut q)?);
                    TypeExpr::Qualified { ruleset, name }
                } else {
                    TypeExpr::Named { name: ident_of(&named) }
                }
            }
        })
    }

    fn score(&mut self, span: Span, mut inner: Pairs<'_, Rule>) -> Option<ScoreDecl> {
        let id = ident_of(&next(&mut inner)?);
        let label = label_of(&next(&mut inner)?);
        let max_pair = next(&mut inner)?;
        let max = self.number(&max_pair);
        let mut children = Vec::new();
        let mut value = ScoreValue::Sum;
        let mut source = None;
        let mut under = None;
        for p in inner {
            match p.as_rule() {
                Rule::score_under => under = Some(ident_of(&next(&mut p.into_inner())?)),
                Rule::score_body => {
                    for b in p.into_inner() {
                        match b.as_rule() {
                            Rule::score_children => {
                                for c in b.into_inner() {
                                    let cspan = span_of(&c);
                                    self.enter(cspan)?;
                                    let child = self.score(cspan, c.into_inner());
                                    self.depth -= 1;
                                    children.push(child?);
                                }
                            }
                            Rule::score_value => {
                                let v = b.into_inner().next()?;
                                value = if v.as_rule() == Rule::assessed {
                                    ScoreValue::Assessed(span_of(&v))
                                } else {
                                    ScoreValue::Computed(self.expr(v)?)
                                };
                            }
                            _ => self.internal(span_of(&b)),
                        }
                    }
                }
                Rule::source_clause => source = Some(label_of(&p.into_inner().next()?)),
                _ => self.internal(span_of(&p)),
            }
        }
        Some(ScoreDecl { id, label, max, max_span: span_of(&max_pair), under, children, value, source, span })
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Option<Literal> {
        let pair = if pair.as_rule() == Rule::literal { pair.into_inner().next()? } else { pair };
        let span = span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::object => {
                self.enter(span)?;
                let mut members = Vec::new();
                for m in pair.into_inner() {
                    let mut mi = m.into_inner();
                    let key = ident_of(&next(&mut mi)?);
                    let value = self.literal(next(&mut mi)?);
                    members.push((key, value?));
                }
                self.depth -= 1;
                LiteralKind::Object(members)
            }
            Rule::array => {
                self.enter(span)?;
                let items: Option<Vec<_>> = pair.into_inner().map(|p| self.literal(p)).collect();
                self.depth -= 1;
                LiteralKind::List(items?)
            }
            Rule::date => LiteralKind::Date(self.date(&pair).date),
            Rule::signed_percent => LiteralKind::Percent(self.percent(&pair)),
            Rule::signed_number => LiteralKind::Number(self.number(&pair)),
            Rule::string => LiteralKind::Text(label_of(&pair).text),
            Rule::true_lit => LiteralKind::Bool(true),
            Rule::false_lit => LiteralKind::Bool(false),
            Rule::none_lit => LiteralKind::None,
            Rule::ident => LiteralKind::Name(pair.as_str().to_owned()),
            _ => {
                self.internal(span);
                return None;
            }
        };
        Some(Literal { kind, span })
    }

    fn enter(&mut self, span: Span) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            self.error(Code::NestingTooDeep, span, msg!(BlocksTooDeep, limit = MAX_NESTING), msg!(BlocksTooDeepHelp));
            return None;
        }
        Some(())
    }

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        self.node(pair).map(|built| built.expr)
    }

    /// The expression under `pair`, with the depth of its tree.
    ///
    /// pest wraps an expression in one pair per precedence level; the levels with a single child
    /// are stepped through in this loop, so that building recurses once per node of the tree
    /// rather than once per grammar rule (the frames of a debug build are large enough for that
    /// to decide whether a file fits a thread's stack).
    fn node(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let mut pair = pair;
        let mut entered = 0;
        let built = loop {
            let rule = pair.as_rule();
            if matches!(rule, Rule::expr | Rule::if_expr) {
                if self.enter(span_of(&pair)).is_none() {
                    break None;
                }
                entered += 1;
            }
            let wrapper = match rule {
                Rule::expr | Rule::paren => true,
                Rule::or_expr
                | Rule::and_expr
                | Rule::add_expr
                | Rule::mul_expr
                | Rule::cmp_expr
                | Rule::not_expr
                | Rule::unary_expr => pair.clone().into_inner().nth(1).is_none(),
                _ => false,
            };
            if !wrapper {
                break self.node_of(pair);
            }
            match pair.into_inner().next() {
                Some(inner) => pair = inner,
                None => break None,
            }
        };
        self.depth -= entered;
        built
    }

    fn node_of(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = span_of(&pair);
        match pair.as_rule() {
            Rule::or_expr | Rule::and_expr | Rule::add_expr | Rule::mul_expr | Rule::cmp_expr => self.chain(pair),
            Rule::not_expr | Rule::unary_expr => self.prefixed(pair),
            Rule::if_expr => self.if_expr(pair),
            Rule::call => self.call(pair),
            _ => {
                let kind = self.leaf(&pair)?;
                Some(Built { expr: Expr { kind, span }, depth: 1 })
            }
        }
    }

    /// A node `depth` deep, refused when that is deeper than the limit.
    fn deep(&mut self, kind: ExprKind, span: Span, depth: usize) -> Option<Built> {
        if depth > MAX_EXPR_DEPTH {
            self.error(
                Code::NestingTooDeep,
                span,
                msg!(ExpressionTooDeep, limit = MAX_EXPR_DEPTH),
                msg!(ExpressionTooDeepHelp),
            );
            return None;
        }
        Some(Built { expr: Expr { kind, span }, depth })
    }

    fn chain(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let mut left = self.node(next(&mut inner)?)?;
        let mut chain = 0;
        while let Some(op) = inner.next() {
            chain += 1;
            if chain > MAX_CHAIN {
                self.error(Code::NestingTooDeep, span, msg!(ChainTooLong, limit = MAX_CHAIN), msg!(ChainTooLongHelp));
                return None;
            }
            let op = match op.as_str() {
                "or" => BinaryOp::Or,
                "and" => BinaryOp::And,
                ">=" => BinaryOp::Ge,
                "<=" => BinaryOp::Le,
                "!=" => BinaryOp::Ne,
                "=" => BinaryOp::Eq,
                ">" => BinaryOp::Gt,
                "<" => BinaryOp::Lt,
                "+" => BinaryOp::Add,
                "-" => BinaryOp::Sub,
                "*" => BinaryOp::Mul,
                "/" => BinaryOp::Div,
                _ => {
                    self.internal(span_of(&op));
                    return None;
                }
            };
            let right = self.node(next(&mut inner)?)?;
            let span = left.expr.span.to(right.expr.span);
            let depth = 1 + left.depth.max(right.depth);
            let kind = ExprKind::Binary { op, left: Box::new(left.expr), right: Box::new(right.expr) };
            left = self.deep(kind, span, depth)?;
        }
        Some(left)
    }

    fn prefixed(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = span_of(&pair);
        let mut ops = Vec::new();
        let mut operand = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::not_op => ops.push((UnaryOp::Not, span_of(&p))),
                Rule::neg_op => ops.push((UnaryOp::Neg, span_of(&p))),
                _ => operand = Some(self.node(p)?),
            }
        }
        if ops.len() > MAX_CHAIN {
            self.error(Code::NestingTooDeep, span, msg!(PrefixTooLong, limit = MAX_CHAIN), msg!(PrefixTooLongHelp));
            return None;
        }
        let mut e = operand?;
        for (op, op_span) in ops.into_iter().rev() {
            let span = op_span.to(e.expr.span);
            let depth = e.depth + 1;
            e = self.deep(ExprKind::Unary { op, operand: Box::new(e.expr) }, span, depth)?;
        }
        Some(e)
    }

    fn if_expr(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let cond = self.node(next(&mut inner)?)?;
        let then = self.node(next(&mut inner)?)?;
        let otherwise = self.node(next(&mut inner)?)?;
        let depth = 1 + cond.depth.max(then.depth).max(otherwise.depth);
        let kind =
            ExprKind::If { cond: Box::new(cond.expr), then: Box::new(then.expr), otherwise: Box::new(otherwise.expr) };
        self.deep(kind, span, depth)
    }

    fn call(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let func = ident_of(&next(&mut inner)?);
        let mut args = Vec::new();
        let mut window = None;
        let mut depth = 0;
        for p in inner {
            if p.as_rule() == Rule::window {
                let wspan = span_of(&p);
                let years = self.int(&p.into_inner().next()?);
                window = Some(Window { years, span: wspan });
            } else {
                let mut a = p.into_inner();
                let value = self.node(next(&mut a)?)?;
                depth = depth.max(value.depth);
                let maps_to = match a.next() {
                    Some(m) => {
                        let m = self.node(m)?;
                        depth = depth.max(m.depth);
                        Some(m.expr)
                    }
                    None => None,
                };
                args.push(Arg { value: value.expr, maps_to });
            }
        }
        self.deep(ExprKind::Call { func, args, window }, span, depth + 1)
    }

    fn leaf(&mut self, pair: &Pair<'_, Rule>) -> Option<ExprKind> {
        Some(match pair.as_rule() {
            Rule::path => ExprKind::Path { segments: pair.clone().into_inner().map(|p| ident_of(&p)).collect() },
            Rule::number => ExprKind::Number { value: self.number(pair) },
            Rule::percent => ExprKind::Percent { value: self.percent(pair) },
            Rule::date => ExprKind::Date { value: self.date(pair).date },
            Rule::string => ExprKind::Text { value: label_of(pair).text },
            Rule::true_lit => ExprKind::Bool { value: true },
            Rule::false_lit => ExprKind::Bool { value: false },
            Rule::none_lit => ExprKind::None,
            _ => {
                self.internal(span_of(pair));
                return None;
            }
        })
    }
}

/// An expression and the depth of its tree: 1 for a leaf.
struct Built {
    expr: Expr,
    depth: usize,
}
