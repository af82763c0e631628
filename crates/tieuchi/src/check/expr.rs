//! Typing expressions and resolving the names in them.

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;

use super::model::{
    type_name, AggOp, ArithOp, CmpOp, EnumId, Func, Model, NumKind, OutcomeInfo, RecordId, Ref, TExpr, TKind, Type,
};
use super::{Checker, LetState, Name};
use crate::diagnostic::Code;
use crate::i18n::{Arg, Message};
use crate::msg;
use crate::span::Span;
use crate::syntax::ast::{self, BinaryOp, ExprKind, UnaryOp};
use crate::value::Value;

/// The member record an aggregate's body looks at, if any.
type Scope = Option<RecordId>;

pub(crate) const FUNCTIONS: &[&str] = &[
    "min", "max", "clamp", "round", "floor", "ceil", "abs", "scale", "count", "sum", "mean", "all", "any", "share",
    "streak",
];

impl Checker<'_> {
    /// Checks `e` where a value of type `expected` is needed.
    pub(crate) fn expr_of(&mut self, e: &ast::Expr, expected: &Type, scope: Scope) -> Option<TExpr> {
        let t = self.expr(e, Some(expected), scope)?;
        if compatible(&t.ty, expected) {
            Some(t)
        } else {
            self.mismatch(e.span, expected, &t.ty, None);
            None
        }
    }

    fn mismatch(&mut self, span: Span, expected: &Type, found: &Type, help: Option<Message>) {
        let view = self.model_view();
        let message = msg!(ExpectedType, expected = type_name(expected, &view), found = type_name(found, &view));
        let help = help.unwrap_or_else(|| match (expected, found.base()) {
            (Type::Bool, Type::Number(_)) => msg!(CompareTheNumberHelp),
            (Type::Number(_), Type::Bool) => msg!(TurnIntoPointsHelp),
            (_, Type::Optional(_)) | (Type::Number(_), _) if found.is_optional() => msg!(OptionalInArithmeticHelp),
            _ => msg!(MakeTypesAgreeHelp),
        });
        self.error(Code::TypeMismatch, span, message, help);
    }

    /// A throwaway model for naming types in messages.
    pub(super) fn model_view(&self) -> Model {
        Model {
            source: self.source.clone(),
            id: String::new(),
            id_span: Span::default(),
            label: String::new(),
            translations: Vec::new(),
            citation: None,
            valid_from: None,
            valid_until: None,
            valid_span: None,
            replaces: None,
            rounding: None,
            enums: self.enums.clone(),
            records: Vec::new(),
            inputs: Vec::new(),
            params: Vec::new(),
            lets: Vec::new(),
            scores: Vec::new(),
            outcome: OutcomeInfo { id: String::new(), label: String::new(), tiers: Vec::new(), enum_id: EnumId(0) },
            adjustments: Vec::new(),
            quotas: Vec::new(),
            tests: Vec::new(),
            texts: Vec::new(),
            order: Vec::new(),
        }
    }

    pub(crate) fn check_let(&mut self, index: usize) -> Option<Type> {
        let (decl, value) = self.lets.get(index)?;
        match self.let_state.get(index)? {
            LetState::Done => return value.as_ref().map(|t| t.ty.clone()),
            LetState::Failed | LetState::Checking => return None,
            LetState::Unchecked => {}
        }
        let decl = *decl;
        self.set_let_state(index, LetState::Checking);
        let checked = self.expr(&decl.value, None, None);
        let ty = checked.as_ref().map(|t| t.ty.clone());
        self.set_let_state(index, if checked.is_some() { LetState::Done } else { LetState::Failed });
        if let Some((_, value)) = self.lets.get_mut(index) {
            *value = checked;
        }
        ty
    }

    /// Types `e`. Every kind of node has its own function: checking recurses through these, and a
    /// debug build gives a function a frame as large as all its branches together, so keeping the
    /// dispatch apart keeps the stack a deep expression needs small (see `limits::MAX_EXPR_DEPTH`).
    pub(crate) fn expr(&mut self, e: &ast::Expr, hint: Option<&Type>, scope: Scope) -> Option<TExpr> {
        let span = e.span;
        match &e.kind {
            ExprKind::Path { segments } => self.path(segments, hint, scope, span),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, scope, span),
            ExprKind::Binary { op: op @ (BinaryOp::And | BinaryOp::Or), left, right } => {
                self.logic(*op, left, right, scope, span)
            }
            ExprKind::Binary {
                op: op @ (BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div),
                left,
                right,
            } => self.arith(*op, left, right, scope, span),
            ExprKind::Binary { op, left, right } => self.compare(*op, left, right, scope, span),
            ExprKind::If { cond, then, otherwise } => self.if_expr(cond, then, otherwise, hint, scope, span),
            ExprKind::Call { func, args, window } => self.call(func, args, *window, hint, scope, span),
            _ => Some(self.constant(e)),
        }
    }

    fn constant(&mut self, e: &ast::Expr) -> TExpr {
        let (value, ty) = match &e.kind {
            ExprKind::Number { value } => (
                Value::Number(*value),
                Type::Number(if value.fract().is_zero() { NumKind::Integer } else { NumKind::Number }),
            ),
            ExprKind::Percent { value } => (Value::Number(*value), Type::Number(NumKind::Percent)),
            ExprKind::Date { value } => (Value::Date(*value), Type::Date),
            ExprKind::Text { value } => (Value::Text(self.text_const(value)), Type::Text),
            ExprKind::Bool { value } => (Value::Bool(*value), Type::Bool),
            _ => (Value::None, Type::NoneLiteral),
        };
        TExpr { kind: TKind::Const(value), ty, span: e.span }
    }

    fn unary(&mut self, op: UnaryOp, operand: &ast::Expr, scope: Scope, span: Span) -> Option<TExpr> {
        let expected = if op == UnaryOp::Not { Type::Bool } else { Type::Number(NumKind::Number) };
        let inner = Box::new(self.expr_of(operand, &expected, scope)?);
        let (kind, ty) = if op == UnaryOp::Not {
            (TKind::Not(inner), Type::Bool)
        } else {
            let ty = inner.ty.clone();
            (TKind::Neg(inner), ty)
        };
        Some(TExpr { kind, ty, span })
    }

    fn if_expr(
        &mut self,
        cond: &ast::Expr,
        then: &ast::Expr,
        otherwise: &ast::Expr,
        hint: Option<&Type>,
        scope: Scope,
        span: Span,
    ) -> Option<TExpr> {
        let cond = self.expr_of(cond, &Type::Bool, scope).map(Box::new);
        let then = self.expr(then, hint, scope).map(Box::new);
        let otherwise = self.expr(otherwise, hint.or(then.as_ref().map(|t| &t.ty)), scope).map(Box::new);
        let (cond, then, otherwise) = (cond?, then?, otherwise?);
        let Some(ty) = unify(&then.ty, &otherwise.ty) else {
            self.mismatch(otherwise.span, &then.ty, &otherwise.ty, Some(msg!(IfBranchesHelp)));
            return None;
        };
        Some(TExpr { kind: TKind::If(cond, then, otherwise), ty, span })
    }

    fn path(&mut self, segments: &[ast::Ident], hint: Option<&Type>, scope: Scope, span: Span) -> Option<TExpr> {
        let typed = |kind: TKind, ty: Type| Some(TExpr { kind, ty, span });
        if let [enum_name, value] = segments {
            // `ky_luat.canh_cao`: an enum value written in full.
            if let Some(&id) = self.enum_names.get(&enum_name.name) {
                let info = self.enum_info(id)?;
                if let Some(i) = info.index_of(&value.name) {
                    return typed(TKind::Const(Value::Enum(i)), Type::Enum(id));
                }
                let values: Vec<Arg> = info.values.iter().map(|(v, _)| format!("`{v}`").into()).collect();
                let message = msg!(NoSuchEnumValue, name = &info.id, value = &value.name);
                self.error(Code::UnknownName, value.span, message, msg!(ItsValuesAre, values = values));
                return None;
            }
        }
        if let [score, max] = segments {
            // `item.max`: a score's maximum, so that conditions such as "no standard below half
            // its points" need not repeat the number.
            if let (Some((Name::Score(i), _)), "max") = (self.names.get(&score.name), max.name.as_str()) {
                let value = self.scores.get(*i)?.max;
                return typed(TKind::Const(Value::Number(value)), Type::Number(NumKind::Number));
            }
        }
        let [ident] = segments else {
            let text: Vec<&str> = segments.iter().map(|s| s.name.as_str()).collect();
            self.error(Code::UnknownName, span, msg!(UnknownName, name = text.join(".")), msg!(DottedNameHelp));
            return None;
        };
        let name = ident.name.as_str();
        if let Some(record) = scope.and_then(|r| self.record(r)) {
            if let Some((i, field)) = record.fields.iter().enumerate().find(|(_, f)| f.id == name) {
                return typed(TKind::Ref(Ref::Field(i)), field.ty.clone());
            }
            if record.history && name == "year" {
                return typed(TKind::Ref(Ref::Field(usize::MAX)), Type::Number(NumKind::Integer));
            }
        }
        if name == "evaluation_year" {
            return typed(TKind::Ref(Ref::EvaluationYear), Type::Number(NumKind::Integer));
        }
        match self.names.get(name).map(|(n, _)| *n) {
            Some(Name::Input(i)) => {
                if let Some(used) = self.used_inputs.get_mut(i) {
                    *used = true;
                }
                let ty = self.inputs.get(i)?.ty.clone();
                typed(TKind::Ref(Ref::Input(i)), ty)
            }
            Some(Name::Let(i)) => {
                let ty = self.check_let(i)?;
                typed(TKind::Ref(Ref::Let(i)), ty)
            }
            Some(Name::Score(i)) => typed(TKind::Ref(Ref::Score(i)), Type::Number(NumKind::Number)),
            Some(Name::Param(i)) => {
                let ty = self.params.get(i)?.ty.clone();
                typed(TKind::Ref(Ref::Param(i)), ty)
            }
            Some(Name::Outcome) => {
                self.error(Code::Cycle, span, msg!(OutcomeReadsItself, name = name), msg!(OutcomeReadsItselfHelp));
                None
            }
            Some(Name::Enum(_)) => {
                self.error(
                    Code::TypeMismatch,
                    span,
                    msg!(EnumNotValue, name = name),
                    msg!(EnumNotValueHelp, name = name),
                );
                None
            }
            None => self.enum_value(ident, hint),
        }
    }

    /// A bare name that is no declaration: an enum value, chosen by the type the context needs.
    fn enum_value(&mut self, ident: &ast::Ident, hint: Option<&Type>) -> Option<TExpr> {
        let name = ident.name.as_str();
        let span = ident.span;
        if let Some(Type::Enum(id)) = hint.map(Type::base) {
            if let Some(i) = self.enum_info(*id).and_then(|info| info.index_of(name)) {
                return Some(TExpr { kind: TKind::Const(Value::Enum(i)), ty: Type::Enum(*id), span });
            }
        }
        let owners: Vec<(EnumId, u16)> = self
            .enums
            .iter()
            .enumerate()
            .filter_map(|(e, info)| Some((EnumId(u16::try_from(e).ok()?), info.index_of(name)?)))
            .collect();
        match owners.as_slice() {
            [(id, i)] => Some(TExpr { kind: TKind::Const(Value::Enum(*i)), ty: Type::Enum(*id), span }),
            [] => {
                let help = match self.closest_name(name) {
                    Some(best) => msg!(DidYouMean, name = best),
                    None => msg!(UnknownNameHelp),
                };
                self.diagnostics.push(
                    crate::diagnostic::Diagnostic::error(
                        Code::UnknownName,
                        self.source,
                        span,
                        msg!(UnknownName, name = name),
                    )
                    .with_label(msg!(NotDeclared))
                    .with_help(help),
                );
                None
            }
            many => {
                let mut enums: Vec<Arg> = many
                    .iter()
                    .filter_map(|(id, _)| self.enum_info(*id))
                    .map(|info| format!("`{}.{name}`", info.id).into())
                    .collect();
                let last = enums.pop().unwrap_or_else(|| Arg::from(""));
                self.error(
                    Code::UnknownName,
                    span,
                    msg!(ValueOfSeveralEnums, name = name),
                    msg!(WriteInFullHelp, choices = msg!(OneOf, items = enums, last = last)),
                );
                None
            }
        }
    }

    /// The declared name or enum value nearest to `name`, for the first few unknown names only:
    /// each search reads every name, and thousands of unknown names must not make checking
    /// quadratic.
    fn closest_name(&mut self, name: &str) -> Option<String> {
        if self.suggestions >= crate::limits::MAX_SUGGESTIONS {
            return None;
        }
        self.suggestions += 1;
        let names = self.names.keys().map(String::as_str);
        let candidates = names.chain(self.enums.iter().flat_map(|e| e.values.iter().map(|(v, _)| v.as_str())));
        candidates
            // Farther apart in length than a suggestion may be: no need to compute the distance.
            .filter(|c| c.len().abs_diff(name.len()) <= 2.max(c.len() / 3))
            .map(|c| (edit_distance(name, c), c))
            .filter(|(d, c)| *d <= 2.max(c.len() / 3))
            .min()
            .map(|(_, c)| c.to_owned())
    }

    fn logic(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr, scope: Scope, span: Span) -> Option<TExpr> {
        let l = self.expr_of(left, &Type::Bool, scope).map(Box::new);
        let r = self.expr_of(right, &Type::Bool, scope).map(Box::new);
        let (l, r) = (l?, r?);
        let kind = if op == BinaryOp::And { TKind::And(l, r) } else { TKind::Or(l, r) };
        Some(TExpr { kind, ty: Type::Bool, span })
    }

    fn arith(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr, scope: Scope, span: Span) -> Option<TExpr> {
        let number = Type::Number(NumKind::Number);
        let l = self.expr_of(left, &number, scope).map(Box::new);
        let r = self.expr_of(right, &number, scope).map(Box::new);
        let (l, r) = (l?, r?);
        let kind = match (&l.ty, &r.ty, op) {
            (
                Type::Number(NumKind::Integer),
                Type::Number(NumKind::Integer),
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul,
            ) => NumKind::Integer,
            (Type::Number(NumKind::Percent), Type::Number(NumKind::Percent), BinaryOp::Add | BinaryOp::Sub) => {
                NumKind::Percent
            }
            _ => NumKind::Number,
        };
        let arith = match op {
            BinaryOp::Add => ArithOp::Add,
            BinaryOp::Sub => ArithOp::Sub,
            BinaryOp::Mul => ArithOp::Mul,
            _ => ArithOp::Div,
        };
        Some(TExpr { kind: TKind::Arith(arith, l, r), ty: Type::Number(kind), span })
    }

    fn compare(
        &mut self,
        op: BinaryOp,
        left: &ast::Expr,
        right: &ast::Expr,
        scope: Scope,
        span: Span,
    ) -> Option<TExpr> {
        // A bare enum value takes its enum from the other side, so type that side first.
        let (l, r) = if is_bare_unknown(self, left, scope) {
            let r = self.expr(right, None, scope).map(Box::new)?;
            let l = self.expr(left, Some(&r.ty), scope).map(Box::new)?;
            (l, r)
        } else {
            let l = self.expr(left, None, scope).map(Box::new)?;
            let r = self.expr(right, Some(&l.ty), scope).map(Box::new)?;
            (l, r)
        };
        self.comparison(op, l, r, span)
    }

    fn comparison(&mut self, op: BinaryOp, l: Box<TExpr>, r: Box<TExpr>, span: Span) -> Option<TExpr> {
        let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        let cmp = match op {
            BinaryOp::Eq => CmpOp::Eq,
            BinaryOp::Ne => CmpOp::Ne,
            BinaryOp::Lt => CmpOp::Lt,
            BinaryOp::Le => CmpOp::Le,
            BinaryOp::Gt => CmpOp::Gt,
            _ => CmpOp::Ge,
        };
        let mut descending = false;
        let ok = match (l.ty.base(), r.ty.base()) {
            (Type::NoneLiteral, other) | (other, Type::NoneLiteral) => {
                let optional = if matches!(l.ty, Type::NoneLiteral) { &r.ty } else { &l.ty };
                if !optional.is_optional() {
                    self.error(
                        Code::TypeMismatch,
                        span,
                        msg!(OnlyOptionalNone, found = type_name(other, &self.model_view())),
                        msg!(OnlyOptionalNoneHelp),
                    );
                    return None;
                }
                !ordering
            }
            (Type::Number(_), Type::Number(_)) | (Type::Date, Type::Date) => true,
            (Type::Bool, Type::Bool) | (Type::Text, Type::Text) => !ordering,
            (Type::Enum(a), Type::Enum(b)) if a != b => {
                let name = |id: &EnumId| self.enum_info(*id).map_or_else(String::new, |info| info.id.clone());
                let (a, b) = (name(a), name(b));
                self.error(Code::EnumMismatch, span, msg!(EnumMismatch, a = a, b = b), msg!(EnumMismatchHelp));
                return None;
            }
            (Type::Enum(a), Type::Enum(_)) => {
                let info = self.enum_info(*a)?;
                descending = info.descending;
                if ordering && !info.ordered {
                    let id = info.id.clone();
                    self.error(
                        Code::UnorderedEnum,
                        span,
                        msg!(UnorderedEnum, name = &id, op = op.symbol()),
                        msg!(UnorderedEnumHelp, name = &id),
                    );
                    return None;
                }
                true
            }
            _ => false,
        };
        if ok {
            if let Some((points, percent, points_first)) = points_and_percent(&l, &r) {
                let name = self.text_of(points.span);
                let literal = self.text_of(percent.span);
                // The comparison read with the points first, and `90%` as the points it was
                // probably meant to be: 90.
                let symbol = if points_first { cmp } else { cmp.flipped() }.symbol();
                let meant = match percent.kind {
                    TKind::Const(Value::Number(v)) => crate::value::decimal_text(v * Decimal::ONE_HUNDRED),
                    _ => "90".to_owned(),
                };
                let help = match points.kind {
                    TKind::Ref(Ref::Score(_)) => {
                        msg!(UnitMismatchScoreHelp, name = &name, op = symbol, meant = meant, percent = &literal)
                    }
                    _ => msg!(UnitMismatchHelp, name = &name, op = symbol, meant = meant),
                };
                self.error(Code::UnitMismatch, span, msg!(UnitMismatch, name = &name, percent = &literal), help);
                return None;
            }
        }
        if !ok {
            let view = self.model_view();
            let message = if ordering && l.ty.base() == r.ty.base() {
                msg!(CannotBeOrdered, ty = type_name(&l.ty, &view), op = op.symbol())
            } else {
                msg!(ComparedWith, left = type_name(&l.ty, &view), right = type_name(&r.ty, &view))
            };
            self.error(Code::TypeMismatch, span, message, msg!(CompareOneTypeHelp));
            return None;
        }
        Some(TExpr { kind: TKind::Cmp { op: cmp, left: l, right: r, descending }, ty: Type::Bool, span })
    }

    /// How an expression is written in the rule file.
    fn text_of(&self, span: Span) -> String {
        self.source.text().get(span.start as usize..span.end as usize).unwrap_or_default().to_owned()
    }

    fn call(
        &mut self,
        func: &ast::Ident,
        args: &[ast::Arg],
        window: Option<ast::Window>,
        hint: Option<&Type>,
        scope: Scope,
        span: Span,
    ) -> Option<TExpr> {
        let name = func.name.as_str();
        if !FUNCTIONS.contains(&name) {
            let help = match FUNCTIONS.iter().map(|f| (edit_distance(name, f), *f)).min() {
                Some((d, f)) if d <= 2 => msg!(DidYouMean, name = f),
                _ => msg!(TheFunctionsAre, functions = FUNCTIONS.join(", ")),
            };
            self.error(Code::UnknownFunction, func.span, msg!(UnknownFunction, name = name), help);
            return None;
        }
        if let Some(arg) = args.iter().find(|a| a.maps_to.is_some()) {
            if name != "scale" {
                self.error(
                    Code::TypeMismatch,
                    arg.value.span,
                    msg!(ArrowNotScale, name = name),
                    msg!(WriteUsage, usage = "scale(x, 80% -> 0, 100% -> 10)"),
                );
                return None;
            }
        }
        let collection = args.first().and_then(|a| self.collection_of(&a.value, scope));
        let is_aggregate = matches!(name, "count" | "sum" | "mean" | "all" | "any" | "share" | "streak")
            || (matches!(name, "min" | "max") && collection.is_some());
        if window.is_some() && name != "count" {
            self.error(
                Code::TypeMismatch,
                span,
                msg!(WindowNotCount, name = name),
                msg!(WriteUsage, usage = "count(history, condition) in last 5 years"),
            );
            return None;
        }
        if is_aggregate {
            return self.aggregate(name, args, window, collection, scope, span);
        }
        let _ = hint;
        self.numeric_call(name, args, scope, span)
    }

    /// Whether a function got the number of arguments it takes (`ok`); an error saying what it
    /// takes (`expected`) and its usage otherwise.
    fn arity(&mut self, name: &str, args: &[ast::Arg], expected: Message, ok: bool, span: Span) -> bool {
        if !ok {
            self.error(
                Code::WrongArity,
                span,
                msg!(WrongArity, name = name, expected = expected, got = args.len()),
                msg!(WriteUsage, usage = usage(name)),
            );
        }
        ok
    }

    /// `min`, `max`, `clamp`, `round`, `floor`, `ceil`, `abs` and `scale` of numbers.
    fn numeric_call(&mut self, name: &str, args: &[ast::Arg], scope: Scope, span: Span) -> Option<TExpr> {
        let number = Type::Number(NumKind::Number);
        match name {
            "min" | "max" => {
                if !self.arity(name, args, msg!(TakesMinMax), args.len() >= 2, span) {
                    return None;
                }
                let values: Option<Vec<TExpr>> = args
                    .iter()
                    .map(|a| self.expr_of(&a.value, &number, scope))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect();
                let values = values?;
                let ty = values.iter().map(|v| v.ty.clone()).reduce(|a, b| unify(&a, &b).unwrap_or(number.clone()));
                let f = if name == "min" { Func::Min } else { Func::Max };
                Some(TExpr { kind: TKind::Func(f, values), ty: ty.unwrap_or(number), span })
            }
            "clamp" => {
                if !self.arity(name, args, msg!(TakesThreeNumbers), args.len() == 3, span) {
                    return None;
                }
                let values: Vec<Option<TExpr>> = args.iter().map(|a| self.expr_of(&a.value, &number, scope)).collect();
                let values: Vec<TExpr> = values.into_iter().collect::<Option<_>>()?;
                let ty = values.first()?.ty.clone();
                Some(TExpr { kind: TKind::Func(Func::Clamp, values), ty, span })
            }
            "round" => self.round_call(args, scope, span),
            "floor" | "ceil" | "abs" => {
                if !self.arity(name, args, msg!(TakesOneNumber), args.len() == 1, span) {
                    return None;
                }
                let x = self.expr_of(&args.first()?.value, &number, scope)?;
                let (f, ty) = match name {
                    "floor" => (Func::Floor, Type::Number(NumKind::Integer)),
                    "ceil" => (Func::Ceil, Type::Number(NumKind::Integer)),
                    _ => (Func::Abs, x.ty.clone()),
                };
                Some(TExpr { kind: TKind::Func(f, vec![x]), ty, span })
            }
            _ => self.scale_call(name, args, scope, span),
        }
    }

    /// `round(x)` or `round(x, places)`, the places a whole number up to 20.
    fn round_call(&mut self, args: &[ast::Arg], scope: Scope, span: Span) -> Option<TExpr> {
        if !self.arity("round", args, msg!(TakesRound), (1..=2).contains(&args.len()), span) {
            return None;
        }
        let x = self.expr_of(&args.first()?.value, &Type::Number(NumKind::Number), scope)?;
        let places = match args.get(1).map(|a| &a.value) {
            None => 0,
            Some(ast::Expr { kind: ExprKind::Number { value }, .. })
                if value.fract().is_zero() && *value <= Decimal::from(20) =>
            {
                value.to_u32().unwrap_or(0)
            }
            Some(places) => {
                self.error(
                    Code::TypeMismatch,
                    places.span,
                    msg!(RoundPlaces),
                    msg!(WriteUsage, usage = "round(x, 2)"),
                );
                return None;
            }
        };
        let ty = if places == 0 { Type::Number(NumKind::Integer) } else { x.ty.clone() };
        Some(TExpr { kind: TKind::Round(Box::new(x), places), ty, span })
    }

    /// `scale(x, a -> p, b -> q)`: `x` mapped linearly from `a..b` onto `p..q`.
    fn scale_call(&mut self, name: &str, args: &[ast::Arg], scope: Scope, span: Span) -> Option<TExpr> {
        let number = Type::Number(NumKind::Number);
        let ok = matches!(args, [x, from, to] if x.maps_to.is_none() && from.maps_to.is_some() && to.maps_to.is_some());
        if !self.arity(name, args, msg!(TakesScale), ok, span) {
            return None;
        }
        let [x, from, to] = args else { return None };
        let x = self.expr_of(&x.value, &number, scope);
        let point = |checker: &mut Self, arg: &ast::Arg| -> Option<(Box<TExpr>, Box<TExpr>)> {
            let a = checker.expr_of(&arg.value, &number, scope);
            let p = checker.expr_of(arg.maps_to.as_ref()?, &number, scope);
            Some((Box::new(a?), Box::new(p?)))
        };
        let from = point(self, from);
        let to = point(self, to);
        let (x, from, to) = (x?, from?, to?);
        if let (TKind::Const(Value::Number(a)), TKind::Const(Value::Number(b))) = (&from.0.kind, &to.0.kind) {
            if a == b {
                self.error(Code::BadRange, span, msg!(ScaleSamePoints), msg!(ScaleSamePointsHelp));
                return None;
            }
        }
        Some(TExpr { kind: TKind::Scale { x: Box::new(x), from, to }, ty: number, span })
    }

    /// The input index and record of a list or history argument, without reporting anything.
    fn collection_of(&mut self, e: &ast::Expr, scope: Scope) -> Option<(usize, RecordId, bool)> {
        let ExprKind::Path { segments } = &e.kind else {
            return None;
        };
        let [ident] = segments.as_slice() else {
            return None;
        };
        if scope.and_then(|r| self.record(r)).is_some_and(|record| record.fields.iter().any(|f| f.id == ident.name)) {
            return None;
        }
        match self.names.get(&ident.name) {
            Some((Name::Input(i), _)) => match self.inputs.get(*i).map(|input| &input.ty) {
                Some(Type::List(r)) => Some((*i, *r, false)),
                Some(Type::History(r)) => Some((*i, *r, true)),
                _ => None,
            },
            _ => None,
        }
    }

    fn aggregate(
        &mut self,
        name: &str,
        args: &[ast::Arg],
        window: Option<ast::Window>,
        collection: Option<(usize, RecordId, bool)>,
        scope: Scope,
        span: Span,
    ) -> Option<TExpr> {
        let at = args.first().map_or(span, |a| a.value.span);
        let Some((input, record, history)) = collection else {
            self.error(
                Code::TypeMismatch,
                at,
                msg!(NeedsCollection, name = name),
                msg!(WriteUsage, usage = usage(name)),
            );
            return None;
        };
        if scope.is_some() {
            self.error(Code::NestedCollection, span, msg!(NestedAggregate, name = name), msg!(NestedAggregateHelp));
            return None;
        }
        if let Some(used) = self.used_inputs.get_mut(input) {
            *used = true;
        }
        let op = match name {
            "count" => AggOp::Count,
            "sum" => AggOp::Sum,
            "mean" => AggOp::Mean,
            "min" => AggOp::Min,
            "max" => AggOp::Max,
            "all" => AggOp::All,
            "any" => AggOp::Any,
            "share" => AggOp::Share,
            _ => AggOp::Streak,
        };
        if op == AggOp::Streak && !history {
            self.error(Code::TypeMismatch, at, msg!(StreakNeedsHistory), msg!(DeclareHistoryHelp));
            return None;
        }
        if window.is_some() && !history {
            self.error(Code::TypeMismatch, at, msg!(WindowNeedsHistory), msg!(DeclareHistoryHelp));
            return None;
        }
        if let Some(w) = window.filter(|w| w.years == 0) {
            self.error(Code::BadRange, w.span, msg!(EmptyWindow), msg!(EmptyWindowHelp));
            return None;
        }
        let (body_type, optional_body, result) = match op {
            AggOp::Count => (Type::Bool, true, Type::Number(NumKind::Integer)),
            AggOp::Streak => (Type::Bool, false, Type::Number(NumKind::Integer)),
            AggOp::All | AggOp::Any => (Type::Bool, false, Type::Bool),
            AggOp::Share => (Type::Bool, false, Type::Number(NumKind::Percent)),
            AggOp::Sum | AggOp::Mean | AggOp::Min | AggOp::Max => {
                (Type::Number(NumKind::Number), false, Type::Number(NumKind::Number))
            }
        };
        let body = match (args, optional_body) {
            ([_], true) => None,
            ([_, body], _) => Some(Box::new(self.expr_of(&body.value, &body_type, Some(record))?)),
            _ => {
                self.error(
                    Code::WrongArity,
                    span,
                    if optional_body {
                        msg!(TakesCollectionAndCondition, name = name)
                    } else {
                        msg!(TakesCollectionAndExpression, name = name)
                    },
                    msg!(WriteUsage, usage = usage(name)),
                );
                return None;
            }
        };
        Some(TExpr { kind: TKind::Agg { op, list: input, body, window: window.map(|w| w.years) }, ty: result, span })
    }
}

pub(crate) fn usage(name: &str) -> &'static str {
    match name {
        "min" => "min(a, b)` or `min(list, expression)",
        "max" => "max(a, b)` or `max(list, expression)",
        "clamp" => "clamp(x, low, high)",
        "round" => "round(x, 2)",
        "floor" => "floor(x)",
        "ceil" => "ceil(x)",
        "abs" => "abs(x)",
        "scale" => "scale(x, 80% -> 0, 100% -> 10)",
        "count" => "count(list)`, `count(list, condition)` or `count(history, condition) in last 5 years",
        "sum" => "sum(list, expression)",
        "mean" => "mean(list, expression)",
        "all" => "all(list, condition)",
        "any" => "any(list, condition)",
        "share" => "share(list, condition) >= 70%",
        _ => "streak(history, condition) >= 3",
    }
}

fn is_bare_unknown(checker: &Checker<'_>, e: &ast::Expr, scope: Scope) -> bool {
    let ExprKind::Path { segments } = &e.kind else {
        return false;
    };
    let [ident] = segments.as_slice() else {
        return false;
    };
    if scope.and_then(|r| checker.record(r)).is_some_and(|record| record.fields.iter().any(|f| f.id == ident.name)) {
        return false;
    }
    !checker.names.contains_key(&ident.name)
}

/// Whether a value of type `found` may stand where `expected` is needed.
pub(crate) fn compatible(found: &Type, expected: &Type) -> bool {
    match (found, expected) {
        (Type::Number(_), Type::Number(_)) | (Type::NoneLiteral, Type::Optional(_)) => true,
        (Type::Optional(f), Type::Optional(e)) => compatible(f, e),
        (f, Type::Optional(e)) => compatible(f, e),
        (f, e) => f == e,
    }
}

fn unify(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Number(x), Type::Number(y)) => Some(Type::Number(if x == y { *x } else { NumKind::Number })),
        (Type::NoneLiteral, Type::Optional(_)) => Some(b.clone()),
        (Type::Optional(_), Type::NoneLiteral) => Some(a.clone()),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut left = i + 1;
        let mut cur = vec![left];
        // `diagonal` and `up` are the previous row's entries before and above this one.
        for ((cb, diagonal), up) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            left = (diagonal + usize::from(ca != *cb)).min(up + 1).min(left + 1);
            cur.push(left);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or_default()
}

/// Points (a score, or a sum or difference of scores) compared with a percent, in either order:
/// the two, and whether the points are written first.
fn points_and_percent<'e>(l: &'e TExpr, r: &'e TExpr) -> Option<(&'e TExpr, &'e TExpr, bool)> {
    fn points(e: &TExpr) -> bool {
        match &e.kind {
            TKind::Ref(Ref::Score(_)) => true,
            TKind::Arith(ArithOp::Add | ArithOp::Sub, a, b) => points(a) && points(b),
            TKind::Neg(x) => points(x),
            _ => false,
        }
    }
    let percent = |e: &TExpr| e.ty.base() == &Type::Number(NumKind::Percent);
    if points(l) && percent(r) {
        Some((l, r, true))
    } else if points(r) && percent(l) {
        Some((r, l, false))
    } else {
        None
    }
}
