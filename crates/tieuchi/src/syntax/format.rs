//! The canonical layout of a rule file (`tieuchi fmt`).
//!
//! The formatter works on the file's tokens, read from the parse tree (names, labels, numbers,
//! operators) and from the text between them (keywords, brackets, comments), so nothing the
//! author wrote is lost, comments included. It decides:
//!
//! - every declaration, enum value, tier, record field, child score, `given`, `on` and `expect`
//!   starts its own line, and the `}` closing their block stands on its own line; so does each
//!   value of a `param` after its first;
//! - indentation: two spaces per block; a declaration's continuation lines two more; a line
//!   that carries on an expression (`and`, `or`, `then`, `else`, an operator) two more again
//!   once the declaration has a clause on a line of its own (`when …`, `= …`);
//! - one space between tokens, none inside `( )` and `[ ]`, around `.` and `..`, before `,`
//!   and `:`, after a prefix `-`, between a function and its `(`;
//! - at most one blank line in a row, none at the start or end of a block, no trailing spaces,
//!   one line end at the end of the file.
//!
//! Where a long expression, a `given` record or a list breaks is the author's choice, as in
//! `gofmt`: labels and legal citations are long, and a hand-arranged table of records reads
//! better than any rule could make it. The formatter keeps those line breaks and only indents
//! them.

use pest::iterators::Pair;

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::span::SourceFile;

const INDENT: usize = 2;

/// Why a rule file could not be formatted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file does not follow the grammar; it is left as it is.
    #[error("`{file}` does not parse, so it was not formatted")]
    Syntax {
        /// The file's name.
        file: String,
        /// Its syntax errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The layout would have changed the file's tokens. Never expected: the formatter checks its
    /// own output and refuses it rather than write a file that means something else.
    #[error("formatting `{file}` would change its tokens; this is a bug in tieuchi, please report it with the file")]
    TokensChanged {
        /// The file's name.
        file: String,
    },
}

/// The rule file in the canonical layout. Formatting a formatted file gives it back unchanged.
pub fn format(source: &SourceFile) -> Result<String, FormatError> {
    let syntax = |diagnostics| FormatError::Syntax { file: source.name().to_owned(), diagnostics };
    let tokens = tokens(source).map_err(syntax)?;
    let formatted = layout(&tokens);
    let again = tokens_of_text(source.name(), &formatted)
        .map_err(|_| FormatError::TokensChanged { file: source.name().to_owned() })?;
    if texts(&tokens) != texts(&again) {
        return Err(FormatError::TokensChanged { file: source.name().to_owned() });
    }
    Ok(formatted)
}

fn texts<'t>(tokens: &'t [Token<'_>]) -> Vec<&'t str> {
    tokens.iter().map(|t| t.text.trim_end()).collect()
}

fn tokens_of_text(name: &str, text: &str) -> Result<Vec<Token<'static>>, Vec<Diagnostic>> {
    let source = SourceFile::new(name, text);
    let tokens = tokens(&source)?;
    Ok(tokens.into_iter().map(Token::into_owned).collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Comment,
    /// A name (it takes no space before a call's `(`).
    Name,
    Open {
        block: bool,
    },
    Close {
        block: bool,
    },
    /// `,` `:` `.` `..`: no space before.
    Tight,
    /// The prefix `-`: no space after.
    Prefix,
    /// Carries on an expression at the start of a line: `and`, `or`, `then`, `else`, operators.
    Continues,
    Other,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    text: std::borrow::Cow<'a, str>,
    kind: Kind,
    /// The first token of a declaration, enum value, tier, field or test clause.
    starts_statement: bool,
    /// Line ends between this token and the one before it.
    breaks_before: usize,
}

impl Token<'_> {
    fn into_owned(self) -> Token<'static> {
        Token { text: std::borrow::Cow::Owned(self.text.into_owned()), ..self }
    }
}

/// Rules whose first token starts a line of its own.
fn is_statement(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::ruleset
            | Rule::label_item
            | Rule::source_item
            | Rule::valid_item
            | Rule::replaces_item
            | Rule::rounding_item
            | Rule::enum_decl
            | Rule::input_decl
            | Rule::key_decl
            | Rule::param_decl
            | Rule::let_decl
            | Rule::score_decl
            | Rule::outcome_decl
            | Rule::force_decl
            | Rule::cap_decl
            | Rule::exclude_decl
            | Rule::quota_decl
            | Rule::test_decl
            | Rule::enum_value
            | Rule::tier
            | Rule::field_decl
            | Rule::test_on
    )
}

/// Rules whose `{ … }` holds statements, one per line.
fn is_block(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::ruleset
            | Rule::enum_decl
            | Rule::record_type
            | Rule::score_children
            | Rule::outcome_decl
            | Rule::test_decl
    )
}

/// Rules read as one token, whatever is inside them.
fn is_leaf(rule: Rule) -> bool {
    matches!(rule, Rule::label | Rule::string)
}

/// Every token of the file in order, with what the layout needs to know about it.
fn tokens(source: &SourceFile) -> Result<Vec<Token<'_>>, Vec<Diagnostic>> {
    let file = super::parse_tree(source)?;
    let text = source.text();
    let mut statements = Vec::new();
    let mut blocks = Vec::new();
    let mut leaves: Vec<(usize, &str, Kind)> = Vec::new();
    // A parameter's second and later values (`= 85 from 2027-01-01`) each start a line.
    let mut value_lines = Vec::new();
    // An explicit stack: the tree is as deep as the file nests, and that is bounded by the
    // parser's limits, but a loop never depends on the thread's stack.
    let mut pending: Vec<Pair<'_, Rule>> = vec![file];
    while let Some(pair) = pending.pop() {
        let rule = pair.as_rule();
        let span = pair.as_span();
        if is_statement(rule) {
            statements.push(span.start());
        }
        if is_block(rule) {
            blocks.push((span.start(), span.end()));
        }
        if rule == Rule::param_decl {
            let values = pair.clone().into_inner().filter(|p| p.as_rule() == Rule::param_value);
            value_lines.extend(values.skip(1).map(|p| p.as_span().start()));
        }
        let mut children = pair.clone().into_inner().peekable();
        if is_leaf(rule) || children.peek().is_none() {
            // A rule of several keywords (`not determinable`) is a leaf of the tree, but its
            // words are separate tokens, read like the text between leaves.
            let several_words = !is_leaf(rule) && span.as_str().contains(|c: char| c.is_whitespace() || c == '#');
            if span.start() < span.end() && !several_words {
                leaves.push((span.start(), span.as_str(), leaf_kind(rule)));
            }
            continue;
        }
        let children: Vec<_> = children.collect();
        pending.extend(children.into_iter().rev());
    }
    leaves.sort_unstable_by_key(|&(start, ..)| start);

    let mut tokens: Vec<(usize, Token<'_>)> = Vec::new();
    let mut breaks = 0;
    let mut at = 0;
    // Leaves neither overlap nor split a character: each gap is a part of the text.
    for &(start, leaf, kind) in &leaves {
        lex_gap(text.get(at..start).unwrap_or_default(), at, &mut breaks, &mut tokens);
        tokens.push((start, Token { text: leaf.into(), kind, starts_statement: false, breaks_before: breaks }));
        breaks = 0;
        at = start + leaf.len();
    }
    lex_gap(text.get(at..).unwrap_or_default(), at, &mut breaks, &mut tokens);

    statements.sort_unstable();
    for (start, token) in &mut tokens {
        // `given` and `expect` are words of the grammar only in a test, never names there.
        let test_clause = matches!(token.text.as_ref(), "given" | "expect") && token.kind != Kind::Name;
        token.starts_statement = test_clause || statements.binary_search(start).is_ok();
        if value_lines.contains(start) {
            token.breaks_before = token.breaks_before.max(1);
        }
    }
    for &(start, end) in &blocks {
        let from = tokens.partition_point(|(at, _)| *at < start);
        let to = tokens.partition_point(|(at, _)| *at < end);
        // The block's first `{` and, after it, its last `}`.
        let mut inside = tokens.iter_mut().take(to).skip(from).map(|(_, t)| t);
        let open = inside.by_ref().find(|t| t.text == "{");
        let close = inside.rfind(|t| t.text == "}");
        if let (Some(open), Some(close)) = (open, close) {
            open.kind = Kind::Open { block: true };
            close.kind = Kind::Close { block: true };
        }
    }
    // The header `ruleset id "…" extends base {` is one line, however it was broken (unless a
    // comment sits inside it and needs its own line).
    let head = tokens.iter().position(|(_, t)| t.text == "ruleset" && t.starts_statement);
    let after_head = head.and_then(|head| tokens.get_mut(head + 1..)).unwrap_or_default();
    let open = after_head.iter().position(|(_, t)| t.kind == Kind::Open { block: true });
    if let Some((header, _)) = open.and_then(|open| after_head.split_at_mut_checked(open + 1)) {
        if !header.iter().any(|(_, t)| t.kind == Kind::Comment) {
            for (_, token) in header {
                token.breaks_before = 0;
            }
        }
    }
    Ok(tokens.into_iter().map(|(_, t)| t).collect())
}

fn leaf_kind(rule: Rule) -> Kind {
    match rule {
        Rule::ident => Kind::Name,
        Rule::neg_op => Kind::Prefix,
        Rule::and_op | Rule::or_op | Rule::cmp_op | Rule::add_op | Rule::mul_op => Kind::Continues,
        _ => Kind::Other,
    }
}

/// The keywords, brackets, punctuation and comments between two tokens of the tree: `gap`, the
/// text from offset `from` of the file.
fn lex_gap<'a>(gap: &'a str, from: usize, breaks: &mut usize, out: &mut Vec<(usize, Token<'a>)>) {
    let mut chars = gap.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = from + i;
        // `i` starts a character: `get` always gives the rest of the gap from it.
        let rest = gap.get(i..).unwrap_or_default();
        let (end, kind) = match c {
            '\n' => {
                *breaks += 1;
                continue;
            }
            c if c.is_whitespace() || c == '\u{FEFF}' => continue,
            '#' => {
                let end = start + rest.find('\n').unwrap_or(rest.len());
                while chars.peek().is_some_and(|&(j, _)| from + j < end) {
                    chars.next();
                }
                (end, Kind::Comment)
            }
            '{' | '(' | '[' => (start + 1, Kind::Open { block: false }),
            '}' | ')' | ']' => (start + 1, Kind::Close { block: false }),
            '.' if rest.starts_with("..") => {
                chars.next();
                (start + 2, Kind::Tight)
            }
            '-' if rest.starts_with("->") => {
                chars.next();
                (start + 2, Kind::Other)
            }
            ',' | ':' | '.' => (start + 1, Kind::Tight),
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let word = rest.split(|d: char| !(d.is_ascii_alphanumeric() || d == '_')).next().unwrap_or_default();
                while chars.peek().is_some_and(|&(j, _)| j < i + word.len()) {
                    chars.next();
                }
                let kind = if matches!(word, "then" | "else") { Kind::Continues } else { Kind::Other };
                (start + word.len(), kind)
            }
            c => (start + c.len_utf8(), Kind::Other),
        };
        // Every token ends where a character does.
        let token_text = rest.get(..end - start).unwrap_or_default().trim_end();
        out.push((start, Token { text: token_text.into(), kind, starts_statement: false, breaks_before: *breaks }));
        *breaks = 0;
    }
}

/// One output line: its tokens and whether a blank line comes before it.
struct Line<'t, 'a> {
    first: &'t Token<'a>,
    rest: Vec<&'t Token<'a>>,
    blank_before: bool,
}

impl<'t, 'a> Line<'t, 'a> {
    fn tokens(&self) -> impl Iterator<Item = &'t Token<'a>> + '_ {
        std::iter::once(self.first).chain(self.rest.iter().copied())
    }
}

fn split_lines<'t, 'a>(tokens: &'t [Token<'a>]) -> Vec<Line<'t, 'a>> {
    let mut lines: Vec<Line<'t, 'a>> = Vec::new();
    let mut previous: Option<&Token<'a>> = None;
    for token in tokens {
        let new_line = match previous {
            None => true,
            Some(previous) => {
                token.breaks_before > 0
                    || previous.kind == Kind::Comment
                    || token.starts_statement
                    || token.kind == (Kind::Close { block: true })
            }
        };
        if new_line {
            let after_open = previous.is_some_and(|p| matches!(p.kind, Kind::Open { .. }));
            let closes = matches!(token.kind, Kind::Close { .. });
            let blank_before = token.breaks_before >= 2 && !after_open && !closes && previous.is_some();
            lines.push(Line { first: token, rest: Vec::new(), blank_before });
        } else if let Some(line) = lines.last_mut() {
            line.rest.push(token);
        }
        previous = Some(token);
    }
    lines
}

/// An open bracket: the indent of the line it was opened on, and whether it holds statements.
struct Frame {
    indent: usize,
    block: bool,
    /// The current statement has put a clause (`when`, `=`, `source`, …) on a line of its own.
    clause_line: bool,
}

fn layout(tokens: &[Token<'_>]) -> String {
    let lines = split_lines(tokens);
    let mut indents: Vec<Option<usize>> = Vec::with_capacity(lines.len());
    let mut frames = vec![Frame { indent: 0, block: true, clause_line: false }];
    for line in &lines {
        let first = line.first;
        // A file that parsed has balanced brackets, so the outermost frame is never popped.
        let (opened_at, block, clause_line) =
            frames.last().map_or((0, true, false), |f| (f.indent, f.block, f.clause_line));
        let content = if frames.len() == 1 { 0 } else { opened_at + INDENT };
        let mut set_clause_line = |value: bool| {
            if let Some(frame) = frames.last_mut() {
                frame.clause_line = value;
            }
        };
        let indent = match first.kind {
            Kind::Comment => None,
            Kind::Close { .. } => Some(opened_at),
            _ if !block || first.starts_statement => {
                set_clause_line(false);
                Some(content)
            }
            Kind::Continues if clause_line => Some(content + 2 * INDENT),
            Kind::Continues => Some(content + INDENT),
            _ => {
                set_clause_line(true);
                Some(content + INDENT)
            }
        };
        let line_indent = indent.unwrap_or(0);
        for token in line.tokens() {
            match token.kind {
                Kind::Open { block } => frames.push(Frame { indent: line_indent, block, clause_line: false }),
                Kind::Close { .. } if frames.len() > 1 => {
                    frames.pop();
                }
                _ => {}
            }
        }
        indents.push(indent);
    }
    // A comment on its own line is indented as the line of code after it; before a `}`, as the
    // block's contents.
    let mut next_code = 0;
    for (line, indent) in lines.iter().zip(indents.iter_mut()).rev() {
        match *indent {
            Some(indent) => {
                next_code = if matches!(line.first.kind, Kind::Close { .. }) { indent + INDENT } else { indent };
            }
            None => *indent = Some(next_code),
        }
    }

    let mut out = String::new();
    for (line, indent) in lines.iter().zip(indents) {
        if line.blank_before {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', indent.unwrap_or(0)));
        let mut before: Option<&Token<'_>> = None;
        for token in line.tokens() {
            if before.is_some_and(|before| spaced(before, token)) {
                out.push(' ');
            }
            out.push_str(&token.text);
            before = Some(token);
        }
        out.push('\n');
    }
    out
}

/// Whether one space separates two tokens on a line.
fn spaced(before: &Token<'_>, after: &Token<'_>) -> bool {
    let (a, b) = (before.text.as_ref(), after.text.as_ref());
    if after.kind == Kind::Tight || matches!(b, ")" | "]") || matches!(a, "(" | "[" | "." | "..") {
        return false;
    }
    if before.kind == Kind::Prefix || (a == "{" && b == "}") {
        return false;
    }
    !(b == "(" && before.kind == Kind::Name)
}
