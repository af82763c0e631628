//! Whole-rule-set checks: score maxima, tier ladders, cycles, unused inputs.

use rust_decimal::Decimal;

use super::model::{
    AggOp, ArithOp, CmpOp, Derived, Func, InputInfo, NumKind, OutcomeInfo, Ref, ScoreKind, TExpr, TKind, Type,
};
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::msg;
use crate::value::Value;

impl Checker<'_> {
    pub(super) fn score_lints(&mut self) {
        for index in 0..self.scores.len() {
            let Some(score) = self.scores.get(index).filter(|s| !s.children.is_empty()) else { continue };
            let (id, max, span) = (score.id.clone(), score.max, score.span);
            let is_sum = matches!(score.kind, ScoreKind::Sum);
            let children: Vec<(String, Decimal, crate::span::Span)> = score
                .children
                .iter()
                .filter_map(|&c| self.scores.get(c))
                .map(|child| (child.id.clone(), child.max, child.span))
                .collect();
            for (child, child_max, child_span) in &children {
                if *child_max > max {
                    self.error(
                        Code::ScoreAboveParent,
                        *child_span,
                        msg!(
                            ScoreAboveParent,
                            child = child,
                            child_max = child_max.to_string(),
                            parent = &id,
                            max = max.to_string()
                        ),
                        msg!(ScoreAboveParentHelp),
                    );
                }
            }
            if !is_sum {
                continue;
            }
            let Some(total) = children.iter().try_fold(Decimal::ZERO, |sum, (_, m, _)| sum.checked_add(*m)) else {
                self.error(Code::ScoreExceeds, span, msg!(ScoreSumOverflow, name = &id), msg!(ScoreSumOverflowHelp));
                continue;
            };
            if total < max {
                self.error(
                    Code::ScoreUnreachable,
                    span,
                    msg!(ScoreUnreachable, name = &id, max = max.to_string(), total = total.to_string()),
                    msg!(
                        ScoreUnreachableHelp,
                        name = &id,
                        missing = max.checked_sub(total).unwrap_or_default().to_string(),
                        total = total.to_string()
                    ),
                );
            } else if total > max {
                self.error(
                    Code::ScoreExceeds,
                    span,
                    msg!(ScoreExceeds, name = &id, max = max.to_string(), total = total.to_string()),
                    msg!(ScoreExceedsHelp, max = max.to_string()),
                );
            }
        }
    }

    pub(super) fn tier_lints(&mut self, outcome: &OutcomeInfo) {
        let bands: Vec<Option<Band>> = outcome.tiers.iter().map(|t| t.when.as_ref().and_then(Band::of)).collect();
        for (i, tier) in outcome.tiers.iter().enumerate() {
            let before = self.diagnostics.len();
            self.tier_lint(outcome, &bands, i);
            if self.diagnostics.len() == before {
                self.tier_gap(outcome, &bands, i);
            }
            // A tier already found unreachable needs no second word on its condition.
            if self.diagnostics.len() == before {
                if let Some(when) = &tier.when {
                    self.constant_comparisons(when);
                }
            }
        }
    }

    /// Comparisons that a declared range decides on its own: a number compared with a constant
    /// outside the values it can take, such as a percent (`0..1`) compared with `50` where `50%`
    /// was meant. Such a condition always or never holds, whatever the evidence.
    pub(super) fn constant_comparisons(&mut self, e: &TExpr) {
        let mut found = Vec::new();
        visit(e, &mut |c| {
            let TKind::Cmp { op, left, right, .. } = &c.kind else { return };
            let (subject, n, op) = match (&left.kind, &right.kind) {
                (TKind::Ref(r), TKind::Const(Value::Number(n))) => (*r, *n, *op),
                (TKind::Const(Value::Number(n)), TKind::Ref(r)) => (*r, *n, op.flipped()),
                _ => return,
            };
            found.push((subject, n, op, c.span));
        });
        for (subject, n, op, span) in found {
            let Some((low, high)) = self.range_of(subject) else { continue };
            let holds = if n > high {
                matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne)
            } else if n < low {
                matches!(op, CmpOp::Gt | CmpOp::Ge | CmpOp::Ne)
            } else {
                continue;
            };
            let named = match subject {
                Ref::Input(i) => {
                    let percent = |input: &InputInfo| matches!(input.ty.base(), Type::Number(NumKind::Percent));
                    self.inputs.get(i).map(|input| (input.id.clone(), percent(input)))
                }
                Ref::Score(i) => self.scores.get(i).map(|score| (score.id.clone(), false)),
                _ => None,
            };
            let Some((name, percent)) = named else { continue };
            let text = self.source.slice(span).split_whitespace().collect::<Vec<_>>().join(" ");
            let help = if percent && n.abs() > Decimal::ONE {
                msg!(PercentNotFractionHelp, name = &name, n = n.to_string())
            } else {
                msg!(CheckThresholdHelp)
            };
            self.error(
                Code::ConstantCondition,
                span,
                if holds {
                    msg!(AlwaysTrue, text = &text, name = &name, low = low.to_string(), high = high.to_string())
                } else {
                    msg!(AlwaysFalse, text = &text, name = &name, low = low.to_string(), high = high.to_string())
                },
                help,
            );
        }
    }

    /// Divisions in a computed score that nothing rounds: neither a `round`, `floor` or `ceil`
    /// around them nor the rule set's `rounding`. A score is what the law counts, so the rule
    /// should say how its points are rounded; otherwise a quotient that does not end (`1 / 3`)
    /// reaches the result as 28 digits and evaluation reports it. A division inside a comparison
    /// gives a yes or no, not points, and a division by a constant of twos and fives (`/ 2`,
    /// `/ 100`) ends, so neither is reported.
    pub(super) fn unrounded_divisions(&mut self, score: &str, e: &TExpr) {
        let mut found = Vec::new();
        unrounded_divisions(e, &mut found);
        for span in found {
            let text = self.source.slice(span).split_whitespace().collect::<Vec<_>>().join(" ");
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::UnroundedDivision,
                    self.source,
                    span,
                    msg!(UnroundedDivision, score = score, text = &text),
                )
                .with_label(msg!(UnroundedDivisionLabel))
                .with_help(msg!(UnroundedDivisionHelp)),
            );
        }
    }

    fn tier_lint(&mut self, outcome: &OutcomeInfo, bands: &[Option<Band>], i: usize) {
        let Some(tier) = outcome.tiers.get(i) else { return };
        {
            if let Some(TExpr { kind: TKind::Const(Value::Bool(false)), .. }) = &tier.when {
                self.error(
                    Code::UnreachableTier,
                    tier.span,
                    msg!(TierGuardedByFalse, name = &tier.id),
                    msg!(TierGuardedByFalseHelp),
                );
                return;
            }
            let Some(Some(band)) = bands.get(i) else { return };
            if let Some((low, high)) = self.range_of(band.subject) {
                let whole = Interval { low: Some((low, true)), high: Some((high, true)) };
                if !band.interval.overlaps(&whole) {
                    self.error(
                        Code::UnreachableTier,
                        tier.span,
                        msg!(TierOutsideRange, name = &tier.id, low = low.to_string(), high = high.to_string()),
                        msg!(CheckThresholdHelp),
                    );
                    return;
                }
            }
            for (above, upper) in outcome.tiers.iter().zip(bands).take(i) {
                let Some(upper) = upper else { continue };
                // A tier above with extra conditions lets records fall through, so only a pure
                // band above can shadow this one.
                if !upper.pure || upper.subject != band.subject {
                    continue;
                }
                if band.interval.within(&upper.interval) {
                    self.error(
                        Code::UnreachableTier,
                        tier.span,
                        msg!(TierShadowed, name = &tier.id, above = &above.id),
                        msg!(TierShadowedHelp),
                    );
                    break;
                }
                // Without an upper bound a tier relies on first-match and takes what is left below;
                // with one, its author wrote a band, and a band that overlaps the one above is
                // ambiguous at the overlap.
                if band.interval.high.is_some() && band.interval.overlaps(&upper.interval) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::OverlappingTiers,
                            self.source,
                            tier.span,
                            msg!(TiersOverlap, name = &tier.id, above = &above.id),
                        )
                        .with_help(msg!(TiersOverlapHelp, name = &tier.id, above = &above.id)),
                    );
                }
            }
        }
    }

    /// A band with an upper bound that stops short of the band right above it (`>= 70 and < 85`
    /// under `>= 90`): the values between go to neither tier.
    fn tier_gap(&mut self, outcome: &OutcomeInfo, bands: &[Option<Band>], i: usize) {
        let (Some(Some(band)), Some(Some(upper))) = (bands.get(i), i.checked_sub(1).and_then(|j| bands.get(j))) else {
            return;
        };
        if !upper.pure || upper.subject != band.subject {
            return;
        }
        let (Some((high, high_inc)), Some((low, low_inc))) = (band.interval.high, upper.interval.low) else {
            return;
        };
        if high > low || (high == low && (high_inc || low_inc)) {
            return;
        }
        let name = match band.subject {
            Ref::Score(s) => self.scores.get(s).map_or_else(String::new, |s| s.id.clone()),
            Ref::Input(s) => self.inputs.get(s).map_or_else(String::new, |i| i.id.clone()),
            Ref::Let(s) => self.lets.get(s).map_or_else(String::new, |l| l.0.id.name.clone()),
            Ref::Field(_) | Ref::EvaluationYear | Ref::Param(_) => return,
        };
        let between = if high == low {
            format!("{name} = {high}")
        } else {
            let from = if high_inc { format!("{name} > {high}") } else { format!("{name} >= {high}") };
            let to = if low_inc { format!("{name} < {low}") } else { format!("{name} <= {low}") };
            format!("{from} and {to}")
        };
        let above = i.checked_sub(1).and_then(|j| outcome.tiers.get(j));
        let (Some(tier), Some(above)) = (outcome.tiers.get(i), above) else { return };
        self.diagnostics.push(
            Diagnostic::warning(
                Code::TierGap,
                self.source,
                tier.span,
                msg!(TierGap, between = between, name = &tier.id, above = &above.id),
            )
            .with_help(msg!(TierGapHelp, name = &tier.id, above = &above.id)),
        );
    }

    /// The values a named number can take: a score's `0..max`, an input's declared range.
    fn range_of(&self, subject: Ref) -> Option<(Decimal, Decimal)> {
        match subject {
            Ref::Score(i) => self.scores.get(i).map(|score| (Decimal::ZERO, score.max)),
            Ref::Input(i) => self.inputs.get(i).and_then(|input| input.range),
            Ref::Let(_) | Ref::Field(_) | Ref::EvaluationYear | Ref::Param(_) => None,
        }
    }

    /// Lets and scores in dependency order; a cycle is an error naming its members.
    pub(super) fn evaluation_order(&mut self) -> Option<Vec<Derived>> {
        let node = |d: Derived, lets: usize| match d {
            Derived::Let(i) => i,
            Derived::Score(i) => lets + i,
        };
        let lets = self.lets.len();
        // The lets' dependencies, then the scores'.
        let mut deps: Vec<Vec<Derived>> = Vec::with_capacity(lets + self.scores.len());
        for (_, value) in &self.lets {
            let mut d = Vec::new();
            if let Some(v) = value {
                collect_derived(v, &mut d);
            }
            deps.push(d);
        }
        for score in &self.scores {
            let mut d = Vec::new();
            match &score.kind {
                ScoreKind::Computed(e) => collect_derived(e, &mut d),
                ScoreKind::Sum => d.extend(score.children.iter().map(|&c| Derived::Score(c))),
                ScoreKind::Assessed => {}
            }
            // A computed parent reads its items through its expression; they come first too.
            if matches!(score.kind, ScoreKind::Computed(_)) {
                d.extend(score.children.iter().map(|&c| Derived::Score(c)));
            }
            deps.push(d);
        }
        let derived = |n: usize| if n < lets { Derived::Let(n) } else { Derived::Score(n - lets) };
        let deps: Vec<Vec<usize>> = deps.iter().map(|ds| ds.iter().map(|d| node(*d, lets)).collect()).collect();
        let (order, cycles) = topological_order(&deps);
        for cycle in &cycles {
            let members: Vec<_> = cycle.iter().filter_map(|&n| self.derived_declared(derived(n))).collect();
            self.report_cycle(&members);
        }
        cycles.is_empty().then(|| order.into_iter().map(derived).collect())
    }

    /// A cycle, reported at its first member: `a` depends on itself: `a` → `b` → `a`.
    fn report_cycle(&mut self, members: &[(String, crate::span::Span)]) {
        let Some((first, span)) = members.first().cloned() else { return };
        let path: Vec<String> =
            members.iter().map(|(name, _)| format!("`{name}`")).chain([format!("`{first}`")]).collect();
        self.error(Code::Cycle, span, msg!(Cycle, name = &first, path = path.join(" → ")), msg!(CycleHelp));
    }

    /// Lets in an order where each comes after the lets it names; a cycle among lets is reported
    /// here, and its members are marked failed so that nothing downstream trusts them.
    pub(super) fn let_order(&mut self) -> Vec<usize> {
        let count = self.lets.len();
        let deps: Vec<Vec<usize>> = self
            .lets
            .iter()
            .map(|(decl, _)| {
                let mut names = Vec::new();
                syntactic_names(&decl.value, &mut names);
                let mut deps: Vec<usize> = names
                    .iter()
                    .filter_map(|n| match self.names.get(*n) {
                        Some((super::Name::Let(i), _)) => Some(*i),
                        _ => None,
                    })
                    .collect();
                deps.sort_unstable();
                deps.dedup();
                deps
            })
            .collect();
        let (order, cycles) = topological_order(&deps);
        for cycle in cycles {
            let members: Vec<_> = cycle.iter().filter_map(|&m| self.derived_declared(Derived::Let(m))).collect();
            self.report_cycle(&members);
            for m in cycle {
                self.set_let_state(m, super::LetState::Failed);
            }
        }
        debug_assert!(order.len() == count);
        order
    }

    /// A let's or score's name, and where it is declared.
    fn derived_declared(&self, d: Derived) -> Option<(String, crate::span::Span)> {
        match d {
            Derived::Let(i) => self.lets.get(i).map(|(decl, _)| (decl.id.name.clone(), decl.id.span)),
            Derived::Score(i) => self.scores.get(i).map(|score| (score.id.clone(), score.span)),
        }
    }

    pub(super) fn unused_inputs(&mut self) {
        for (i, input) in self.inputs.iter().enumerate() {
            if input.is_key || self.used_inputs.get(i).copied().unwrap_or(true) {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::warning(Code::UnusedInput, self.source, input.span, msg!(UnusedInput, name = &input.id))
                    .with_label(msg!(DeclaredHere))
                    .with_help(msg!(UnusedInputHelp)),
            );
        }
    }
}

/// Nodes in an order where each comes after those it depends on, and the cycles found (each as
/// its members, in dependency order). Iterative, so a long chain cannot exhaust the stack.
fn topological_order(deps: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; deps.len()];
    let mut order = Vec::with_capacity(deps.len());
    let mut cycles = Vec::new();
    for start in 0..deps.len() {
        match state.get_mut(start) {
            Some(s) if *s == NEW => *s = ON_PATH,
            _ => continue,
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&(current, next)) = stack.last() {
            if let Some(&dep) = deps.get(current).and_then(|ds| ds.get(next)) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match state.get_mut(dep) {
                    Some(s) if *s == NEW => {
                        *s = ON_PATH;
                        stack.push((dep, 0));
                    }
                    Some(s) if *s == ON_PATH => {
                        let from = stack.iter().position(|(d, _)| *d == dep).unwrap_or(0);
                        cycles.push(stack.iter().skip(from).map(|(d, _)| *d).collect());
                    }
                    _ => {}
                }
            } else {
                if let Some(s) = state.get_mut(current) {
                    *s = DONE;
                }
                order.push(current);
                stack.pop();
            }
        }
    }
    (order, cycles)
}

/// Every bare name an expression mentions, before resolution.
fn syntactic_names<'e>(e: &'e crate::syntax::ast::Expr, out: &mut Vec<&'e str>) {
    use crate::syntax::ast::ExprKind;
    match &e.kind {
        ExprKind::Path { segments } => {
            if let [only] = segments.as_slice() {
                out.push(&only.name);
            }
        }
        ExprKind::Unary { operand, .. } => syntactic_names(operand, out),
        ExprKind::Binary { left, right, .. } => {
            syntactic_names(left, out);
            syntactic_names(right, out);
        }
        ExprKind::If { cond, then, otherwise } => {
            syntactic_names(cond, out);
            syntactic_names(then, out);
            syntactic_names(otherwise, out);
        }
        ExprKind::Call { args, .. } => {
            for a in args {
                syntactic_names(&a.value, out);
                if let Some(m) = &a.maps_to {
                    syntactic_names(m, out);
                }
            }
        }
        _ => {}
    }
}

/// Every let and score an expression reads.
pub(crate) fn collect_derived(e: &TExpr, out: &mut Vec<Derived>) {
    visit(e, &mut |e| match e.kind {
        TKind::Ref(Ref::Let(i)) => out.push(Derived::Let(i)),
        TKind::Ref(Ref::Score(i)) => out.push(Derived::Score(i)),
        _ => {}
    });
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn visit(e: &TExpr, f: &mut impl FnMut(&TExpr)) {
    f(e);
    match &e.kind {
        TKind::Const(_) | TKind::Ref(_) => {}
        TKind::Neg(x) | TKind::Not(x) | TKind::Round(x, _) => visit(x, f),
        TKind::And(a, b) | TKind::Or(a, b) | TKind::Arith(_, a, b) | TKind::Cmp { left: a, right: b, .. } => {
            visit(a, f);
            visit(b, f);
        }
        TKind::If(a, b, c) => {
            visit(a, f);
            visit(b, f);
            visit(c, f);
        }
        TKind::Func(_, args) => args.iter().for_each(|a| visit(a, f)),
        TKind::Scale { x, from, to } => {
            visit(x, f);
            for e in [&from.0, &from.1, &to.0, &to.1] {
                visit(e, f);
            }
        }
        TKind::Agg { body, .. } => {
            if let Some(b) = body {
                visit(b, f);
            }
        }
    }
}

/// The divisions in `e` that are neither under a rounding nor inside a comparison. With a stack
/// of its own rather than recursion, so that a deep expression costs no call stack.
fn unrounded_divisions(e: &TExpr, found: &mut Vec<crate::span::Span>) {
    let mut stack = vec![(e, false)];
    while let Some((e, settled)) = stack.pop() {
        let divides = match &e.kind {
            TKind::Arith(ArithOp::Div, _, divisor) => !always_ends(divisor),
            TKind::Agg { op: AggOp::Mean | AggOp::Share, .. } => true,
            TKind::Scale { from, to, .. } => match (&from.0.kind, &to.0.kind) {
                (TKind::Const(Value::Number(a)), TKind::Const(Value::Number(b))) => {
                    !b.checked_sub(*a).is_some_and(ends)
                }
                _ => true,
            },
            _ => false,
        };
        if divides && !settled {
            found.push(e.span);
        }
        let settled = settled
            || matches!(e.kind, TKind::Round(..) | TKind::Func(Func::Floor | Func::Ceil, _) | TKind::Cmp { .. });
        match &e.kind {
            TKind::Const(_) | TKind::Ref(_) => {}
            TKind::Neg(x) | TKind::Not(x) | TKind::Round(x, _) => stack.push((x, settled)),
            TKind::And(a, b) | TKind::Or(a, b) | TKind::Arith(_, a, b) | TKind::Cmp { left: a, right: b, .. } => {
                stack.extend([(&**b, settled), (&**a, settled)]);
            }
            TKind::If(a, b, c) => stack.extend([(&**c, settled), (&**b, settled), (&**a, settled)]),
            TKind::Func(_, args) => stack.extend(args.iter().rev().map(|a| (a, settled))),
            TKind::Scale { x, from, to } => {
                stack.extend([&to.1, &to.0, &from.1, &from.0, x].map(|e| (&**e, settled)));
            }
            TKind::Agg { body, .. } => stack.extend(body.as_deref().map(|b| (b, settled))),
        }
    }
}

/// A constant divisor whose quotients always end: its digits have no prime factor but 2 and 5.
fn always_ends(divisor: &TExpr) -> bool {
    matches!(&divisor.kind, TKind::Const(Value::Number(d)) if ends(*d))
}

fn ends(d: Decimal) -> bool {
    let mut m = d.mantissa().unsigned_abs();
    if m == 0 {
        return false;
    }
    m >>= m.trailing_zeros();
    while m.is_multiple_of(5) {
        m /= 5;
    }
    m == 1
}

/// The values a tier's guard accepts of one numeric name, when its guard bounds that name.
struct Band {
    subject: Ref,
    interval: Interval,
    /// The guard is nothing but the bounds.
    pure: bool,
}

#[derive(Debug, Clone, Copy)]
struct Interval {
    low: Option<(Decimal, bool)>,
    high: Option<(Decimal, bool)>,
}

impl Interval {
    fn within(&self, outer: &Interval) -> bool {
        let low_ok = match (outer.low, self.low) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((o, o_inc)), Some((s, s_inc))) => s > o || (s == o && (o_inc || !s_inc)),
        };
        let high_ok = match (outer.high, self.high) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((o, o_inc)), Some((s, s_inc))) => s < o || (s == o && (o_inc || !s_inc)),
        };
        low_ok && high_ok
    }

    fn overlaps(&self, other: &Interval) -> bool {
        let below = |high: Option<(Decimal, bool)>, low: Option<(Decimal, bool)>| match (high, low) {
            (Some((h, h_inc)), Some((l, l_inc))) => h < l || (h == l && !(h_inc && l_inc)),
            _ => false,
        };
        !below(self.high, other.low) && !below(other.high, self.low)
    }
}

impl Band {
    fn of(guard: &TExpr) -> Option<Band> {
        let mut conjuncts = Vec::new();
        flatten_and(guard, &mut conjuncts);
        let mut subject = None;
        let mut interval = Interval { low: None, high: None };
        let mut bounds = 0;
        for c in &conjuncts {
            let TKind::Cmp { op, left, right, .. } = &c.kind else {
                continue;
            };
            let (r, n, op) = match (&left.kind, &right.kind) {
                (TKind::Ref(r), TKind::Const(Value::Number(n))) => (*r, *n, *op),
                (TKind::Const(Value::Number(n)), TKind::Ref(r)) => (*r, *n, op.flipped()),
                _ => continue,
            };
            if matches!(r, Ref::Field(_)) || subject.is_some_and(|s| s != r) {
                continue;
            }
            subject = Some(r);
            bounds += 1;
            match op {
                CmpOp::Ge => interval.low = Some(tighter_low(interval.low, (n, true))),
                CmpOp::Gt => interval.low = Some(tighter_low(interval.low, (n, false))),
                CmpOp::Le => interval.high = Some(tighter_high(interval.high, (n, true))),
                CmpOp::Lt => interval.high = Some(tighter_high(interval.high, (n, false))),
                CmpOp::Eq => {
                    interval.low = Some(tighter_low(interval.low, (n, true)));
                    interval.high = Some(tighter_high(interval.high, (n, true)));
                }
                CmpOp::Ne => bounds -= 1,
            }
        }
        Some(Band { subject: subject?, interval, pure: bounds == conjuncts.len() })
    }
}

fn tighter_low(a: Option<(Decimal, bool)>, b: (Decimal, bool)) -> (Decimal, bool) {
    match a {
        Some(a) if a.0 > b.0 || (a.0 == b.0 && !a.1) => a,
        _ => b,
    }
}

fn tighter_high(a: Option<(Decimal, bool)>, b: (Decimal, bool)) -> (Decimal, bool) {
    match a {
        Some(a) if a.0 < b.0 || (a.0 == b.0 && !a.1) => a,
        _ => b,
    }
}

pub(crate) fn flatten_and<'e>(e: &'e TExpr, out: &mut Vec<&'e TExpr>) {
    if let TKind::And(a, b) = &e.kind {
        flatten_and(a, out);
        flatten_and(b, out);
    } else {
        out.push(e);
    }
}
