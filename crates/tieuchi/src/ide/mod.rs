//! What an editor asks of a rule file, independent of any editor protocol: its diagnostics, what
//! a name under the cursor is (hover), where it is declared, every place it is written (rename),
//! what may be typed next (completion), and the file in the canonical layout.
//!
//! Positions are byte offsets into the file's text and results are [`Span`]s; the language
//! server turns them into the lines and columns of its protocol.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::library::Library;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::{self, Item, RuleSetAst, ScoreValue, TypeExpr};
use crate::syntax::{FormatError, NameAt, NameRole};

/// What a declared name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// The rule set.
    RuleSet,
    /// An `enum`.
    Enum,
    /// A member of an `enum`.
    EnumValue,
    /// An `input`.
    Input,
    /// A `key`: a field that groups records for quotas.
    Key,
    /// A field of a list's or history's members.
    Field,
    /// A `param`: a value the rules set, by date.
    Param,
    /// A `let`.
    Let,
    /// A `score`.
    Score,
    /// The `outcome`.
    Outcome,
    /// A tier of the outcome.
    Tier,
}

impl SymbolKind {
    /// The keyword that declares it, as a reader of the file knows it.
    pub fn word(self) -> &'static str {
        match self {
            SymbolKind::RuleSet => "ruleset",
            SymbolKind::Enum => "enum",
            SymbolKind::EnumValue => "enum value",
            SymbolKind::Input => "input",
            SymbolKind::Key => "key",
            SymbolKind::Field => "field",
            SymbolKind::Param => "param",
            SymbolKind::Let => "let",
            SymbolKind::Score => "score",
            SymbolKind::Outcome => "outcome",
            SymbolKind::Tier => "tier",
        }
    }
}

/// One declaration of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The declared name.
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// Where the name is written in its declaration.
    pub name_span: Span,
    /// Its label.
    pub label: Option<String>,
    /// What it holds, as written: a type with its range and default, a score's max and how its
    /// points come, a tier's condition, an expression.
    pub detail: Option<String>,
    /// Its `source` citation.
    pub citation: Option<String>,
    /// The enum, outcome, list or parent score it belongs to.
    pub parent: Option<String>,
}

/// Text to show for the name under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The name's place.
    pub span: Span,
    /// Markdown.
    pub contents: String,
}

/// What completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A keyword of the language.
    Keyword,
    /// A function of the language.
    Function,
    /// A name the file declares.
    Symbol(SymbolKind),
}

/// One completion offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A label or usage shown beside it.
    pub detail: Option<String>,
}

/// Why a rename cannot be done. Its words are the catalogue's ([`RenameError::message`]); its
/// `Display` is the default language's, as a [`Message`](crate::Message)'s is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum RenameError {
    /// The cursor is on no name.
    NothingHere,
    /// The new name is not a valid name.
    BadName(String),
    /// The new name is a reserved word.
    Reserved(String),
    /// The name is declared more than once.
    Ambiguous {
        /// The name.
        old: String,
        /// How many declarations it has.
        count: usize,
    },
    /// The new name is already declared.
    Taken(String),
    /// The file does not parse.
    DoesNotParse,
}

impl RenameError {
    /// What to tell the person who asked, as a message of the catalogue.
    pub fn message(&self) -> crate::Message {
        match self {
            RenameError::NothingHere => crate::msg!(RenameNothingHere),
            RenameError::BadName(name) => crate::msg!(RenameBadName, name = name),
            RenameError::Reserved(name) => crate::msg!(RenameReserved, name = name),
            RenameError::Ambiguous { old, count } => crate::msg!(RenameAmbiguous, name = old, count = *count),
            RenameError::Taken(name) => crate::msg!(RenameTaken, name = name),
            RenameError::DoesNotParse => crate::msg!(RenameDoesNotParse),
        }
    }
}

/// A rule file as an editor sees it: analysed once per change.
#[derive(Debug)]
pub struct Document {
    source: SourceFile,
    ast: Option<RuleSetAst>,
    names: Vec<NameAt>,
    symbols: Vec<Symbol>,
    diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Parses and checks the file. `neighbours` are the other rule files of its folder: a file
    /// that imports from one of them (`list of other_ruleset`) is checked against it.
    pub fn analyse(source: SourceFile, neighbours: &[SourceFile]) -> Document {
        let mut sources = vec![source.clone()];
        sources.extend(neighbours.iter().cloned());
        let (_, diagnostics) = Library::compile_what_compiles(&sources);
        let diagnostics = diagnostics.into_iter().filter(|d| d.source == source).collect();
        let ast = crate::syntax::parse(&source).ok();
        let names = crate::syntax::names(&source).unwrap_or_default();
        let symbols = ast.as_ref().map(|ast| symbols_of(&source, ast)).unwrap_or_default();
        Document { source, ast, names, symbols, diagnostics }
    }

    /// The rule file.
    pub fn source(&self) -> &SourceFile {
        &self.source
    }

    /// Every error and warning of the file, syntax and checks alike.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The file's declarations, in order.
    pub fn symbols(&self) -> &[Symbol] {
        &self.symbols
    }

    /// Whether the file parsed (hover, definition and rename need its tree).
    pub fn parsed(&self) -> bool {
        self.ast.is_some()
    }

    /// The name written at `offset` (the cursor may be just after it).
    pub fn name_at(&self, offset: usize) -> Option<&NameAt> {
        let offset = u32::try_from(offset).ok()?;
        self.names.iter().find(|n| n.span.start <= offset && offset <= n.span.end)
    }

    /// The declaration a name refers to: by name, the declarations of the rule set before the
    /// fields of its lists (a field is read inside `all(list, …)` and its kind).
    fn resolve(&self, name: &NameAt) -> Option<&Symbol> {
        if name.role == NameRole::Function {
            return None;
        }
        let same = || self.symbols.iter().filter(|s| s.name == name.name);
        same()
            .find(|s| s.name_span == name.span)
            .or_else(|| same().find(|s| s.kind != SymbolKind::Field))
            .or_else(|| same().next())
    }

    /// Where the name at `offset` is declared.
    pub fn definition(&self, offset: usize) -> Option<Span> {
        let name = self.name_at(offset)?;
        self.resolve(name).map(|s| s.name_span)
    }

    /// Label, kind, type or range, and citation of the name at `offset`; the usage of a function.
    pub fn hover(&self, offset: usize) -> Option<Hover> {
        let name = self.name_at(offset)?;
        if name.role == NameRole::Function {
            let usage = crate::check::function_usage(&name.name)?;
            return Some(Hover { span: name.span, contents: format!("**function** `{}`\n\n`{usage}`", name.name) });
        }
        let symbol = self.resolve(name)?;
        Some(Hover { span: name.span, contents: describe(symbol) })
    }

    /// Every place the name at `offset` is written, its declaration first.
    pub fn references(&self, offset: usize) -> Vec<Span> {
        let Some(name) = self.name_at(offset) else { return Vec::new() };
        let Some(symbol) = self.resolve(name) else { return Vec::new() };
        let mut spans = vec![symbol.name_span];
        spans.extend(
            self.names
                .iter()
                .filter(|n| n.name == symbol.name && n.role == NameRole::Name && n.span != symbol.name_span)
                .map(|n| n.span),
        );
        spans
    }

    /// The spans to replace with `new_name` to rename the name at `offset`: its declaration and
    /// every use. A name declared more than once in the file (a field of two lists) is refused:
    /// telling its uses apart needs the scopes of the checker, and a wrong rename is worse than
    /// none.
    pub fn rename(&self, offset: usize, new_name: &str) -> Result<Vec<Span>, RenameError> {
        if self.ast.is_none() {
            return Err(RenameError::DoesNotParse);
        }
        let name = self.name_at(offset).ok_or(RenameError::NothingHere)?;
        let symbol = self.resolve(name).ok_or(RenameError::NothingHere)?;
        let valid = new_name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && new_name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(RenameError::BadName(new_name.to_owned()));
        }
        if crate::syntax::RESERVED_WORDS.contains(&new_name) {
            return Err(RenameError::Reserved(new_name.to_owned()));
        }
        let count = self.symbols.iter().filter(|s| s.name == symbol.name).count();
        if count > 1 {
            return Err(RenameError::Ambiguous { old: symbol.name.clone(), count });
        }
        if new_name != symbol.name && self.symbols.iter().any(|s| s.name == new_name) {
            return Err(RenameError::Taken(new_name.to_owned()));
        }
        Ok(self.references(offset))
    }

    /// Names, functions and keywords that may be typed at `offset`. Inside a label or a comment
    /// there is nothing to complete. The names come from the last parse that succeeded, and from
    /// the words of the text when it does not parse (the usual state while typing).
    pub fn completions(&self, offset: usize) -> Vec<Completion> {
        let text = self.source.text();
        // An offset inside a character (an editor counting otherwise) means the character's start.
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if in_label_or_comment(text, offset) {
            return Vec::new();
        }
        let mut items: Vec<Completion> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for symbol in &self.symbols {
            if seen.insert(symbol.name.clone()) {
                items.push(Completion {
                    label: symbol.name.clone(),
                    kind: CompletionKind::Symbol(symbol.kind),
                    detail: symbol.label.clone().or_else(|| symbol.detail.clone()),
                });
            }
        }
        if self.ast.is_none() {
            let typing = word_before(text, offset);
            for word in words(text) {
                if word != typing && !crate::syntax::KEYWORDS.contains(&word) && seen.insert(word.to_owned()) {
                    items.push(Completion {
                        label: word.to_owned(),
                        kind: CompletionKind::Symbol(SymbolKind::Let),
                        detail: None,
                    });
                }
            }
        }
        for function in crate::check::FUNCTION_NAMES {
            if seen.insert((*function).to_owned()) {
                let detail = crate::check::function_usage(function).map(str::to_owned);
                items.push(Completion { label: (*function).to_owned(), kind: CompletionKind::Function, detail });
            }
        }
        for keyword in crate::syntax::KEYWORDS {
            if seen.insert((*keyword).to_owned()) {
                items.push(Completion { label: (*keyword).to_owned(), kind: CompletionKind::Keyword, detail: None });
            }
        }
        items
    }

    /// The file in the canonical layout (`tieuchi fmt`).
    pub fn format(&self) -> Result<String, FormatError> {
        crate::syntax::format(&self.source)
    }
}

fn describe(symbol: &Symbol) -> String {
    let mut out = format!("**{}** `{}`", symbol.kind.word(), symbol.name);
    if let Some(parent) = &symbol.parent {
        let _ = write!(out, " of `{parent}`");
    }
    if let Some(label) = &symbol.label {
        let _ = write!(out, "\n\n{label}");
    }
    if let Some(detail) = &symbol.detail {
        let _ = write!(out, "\n\n```tieuchi\n{detail}\n```");
    }
    if let Some(citation) = &symbol.citation {
        let _ = write!(out, "\n\nNguồn: {citation}");
    }
    out
}

/// The code a span covers, on one line.
fn written(source: &SourceFile, span: Span) -> String {
    source.slice(span).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn symbols_of(source: &SourceFile, ast: &RuleSetAst) -> Vec<Symbol> {
    let mut symbols = Vec::new();
    let citation = ast.items.iter().find_map(|i| match i {
        Item::Source(label) => Some(label.text.clone()),
        _ => None,
    });
    symbols.push(Symbol {
        name: ast.id.name.clone(),
        kind: SymbolKind::RuleSet,
        name_span: ast.id.span,
        label: Some(ast.label.text.clone()),
        // A layer shows the rule set it extends.
        detail: ast.extends.as_ref().map(|base| format!("extends {}", base.name)),
        citation,
        parent: None,
    });
    for item in &ast.items {
        match item {
            Item::Enum(e) => {
                let order = if e.ordered { "ordered, worst to best as written" } else { "not ordered" };
                symbols.push(Symbol {
                    name: e.id.name.clone(),
                    kind: SymbolKind::Enum,
                    name_span: e.id.span,
                    label: Some(e.label.text.clone()),
                    detail: Some(format!(
                        "{}: {}",
                        order,
                        e.values.iter().map(|(v, _)| v.name.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                    citation: None,
                    parent: None,
                });
                for (value, label) in &e.values {
                    symbols.push(Symbol {
                        name: value.name.clone(),
                        kind: SymbolKind::EnumValue,
                        name_span: value.span,
                        label: Some(label.text.clone()),
                        detail: None,
                        citation: None,
                        parent: Some(e.id.name.clone()),
                    });
                }
            }
            Item::Input(input) => input_symbols(source, input, SymbolKind::Input, None, &mut symbols),
            Item::Key(input) => input_symbols(source, input, SymbolKind::Key, None, &mut symbols),
            Item::Param(p) => symbols.push(param_symbol(source, p)),
            Item::Let(l) => symbols.push(Symbol {
                name: l.id.name.clone(),
                kind: SymbolKind::Let,
                name_span: l.id.span,
                label: l.label.as_ref().map(|l| l.text.clone()),
                detail: Some(format!("= {}", written(source, l.value.span))),
                citation: l.source.as_ref().map(|s| s.text.clone()),
                parent: None,
            }),
            Item::Score(score) => score_symbols(source, score, None, &mut symbols),
            Item::Outcome(outcome) => {
                symbols.push(Symbol {
                    name: outcome.id.name.clone(),
                    kind: SymbolKind::Outcome,
                    name_span: outcome.id.span,
                    label: Some(outcome.label.text.clone()),
                    detail: Some(format!(
                        "tiers, best first: {}",
                        outcome.tiers.iter().map(|t| t.id.name.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                    citation: None,
                    parent: None,
                });
                for tier in &outcome.tiers {
                    let detail = match &tier.when {
                        Some(when) => format!("when {}", written(source, when.span)),
                        None => "otherwise".to_owned(),
                    };
                    symbols.push(Symbol {
                        name: tier.id.name.clone(),
                        kind: SymbolKind::Tier,
                        name_span: tier.id.span,
                        label: Some(tier.label.text.clone()),
                        detail: Some(detail),
                        citation: tier.source.as_ref().map(|s| s.text.clone()),
                        parent: Some(outcome.id.name.clone()),
                    });
                }
            }
            _ => {}
        }
    }
    symbols
}

/// A parameter: its type, then each value with its date, one a line; the first value's citation.
fn param_symbol(source: &SourceFile, param: &ast::ParamDecl) -> Symbol {
    let values = param.values.iter().map(|v| {
        let value = written(source, v.value.span);
        match &v.from {
            Some(from) => format!("= {value} from {}", from.date),
            None => format!("= {value}"),
        }
    });
    let mut detail = written(source, param.ty.span());
    for value in values {
        detail.push_str("\n  ");
        detail.push_str(&value);
    }
    Symbol {
        name: param.id.name.clone(),
        kind: SymbolKind::Param,
        name_span: param.id.span,
        label: Some(param.label.text.clone()),
        detail: Some(detail),
        citation: param.values.iter().rev().find_map(|v| v.source.as_ref()).map(|s| s.text.clone()),
        parent: None,
    }
}

fn input_symbols(
    source: &SourceFile,
    input: &ast::InputDecl,
    kind: SymbolKind,
    parent: Option<&str>,
    out: &mut Vec<Symbol>,
) {
    let mut detail = match &input.ty {
        TypeExpr::List { .. } => "list of { … }".to_owned(),
        TypeExpr::History { .. } => "history of { … }".to_owned(),
        ty => written(source, ty.span()),
    };
    if let Some(range) = &input.range {
        let _ = write!(detail, " {}", written(source, range.span));
    }
    if let Some(default) = &input.default {
        let _ = write!(detail, " default {}", written(source, default.span));
    }
    out.push(Symbol {
        name: input.id.name.clone(),
        kind,
        name_span: input.id.span,
        label: input.label.as_ref().map(|l| l.text.clone()),
        detail: Some(detail),
        citation: None,
        parent: parent.map(str::to_owned),
    });
    if let TypeExpr::List { fields, .. } | TypeExpr::History { fields, .. } = &input.ty {
        for field in fields {
            input_symbols(source, field, SymbolKind::Field, Some(&input.id.name), out);
        }
    }
}

fn score_symbols(source: &SourceFile, score: &ast::ScoreDecl, parent: Option<&str>, out: &mut Vec<Symbol>) {
    let points = match &score.value {
        ScoreValue::Sum => "the sum of its items".to_owned(),
        ScoreValue::Assessed(_) => "assessed".to_owned(),
        ScoreValue::Computed(e) => format!("= {}", written(source, e.span)),
    };
    out.push(Symbol {
        name: score.id.name.clone(),
        kind: SymbolKind::Score,
        name_span: score.id.span,
        label: Some(score.label.text.clone()),
        detail: Some(format!("max {}, {points}", score.max)),
        citation: score.source.as_ref().map(|s| s.text.clone()),
        parent: parent.map(str::to_owned),
    });
    for child in &score.children {
        score_symbols(source, child, Some(&score.id.name), out);
    }
}

/// Whether `offset` is inside a quoted label or after a `#` on its line.
fn in_label_or_comment(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut quoted = false;
    let mut escaped = false;
    for c in text[line_start..offset].chars() {
        match c {
            '\\' if quoted && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => quoted = !quoted,
            '#' if !quoted => return true,
            _ => {}
        }
        escaped = false;
    }
    quoted
}

/// The part of a name just before `offset`.
fn word_before(text: &str, offset: usize) -> &str {
    let start = text[..offset]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..offset]
}

/// The names written in code (not labels, not comments) of a file that may not parse.
fn words(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut quoted = false;
        let mut start = None;
        for (i, c) in line.char_indices() {
            let in_name = !quoted && (c.is_ascii_lowercase() || c == '_' || (start.is_some() && c.is_ascii_digit()));
            if in_name {
                start.get_or_insert(i);
                continue;
            }
            if let Some(s) = start.take() {
                found.push(&line[s..i]);
            }
            match c {
                '"' => quoted = !quoted,
                '#' if !quoted => break,
                _ => {}
            }
        }
        if let Some(s) = start {
            if !quoted {
                found.push(&line[s..]);
            }
        }
    }
    found
}
