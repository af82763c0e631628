//! Text to syntax tree. The only module that knows pest: everything it reports is in words.

pub mod ast;
mod build;
mod format;
mod recover;

use pest::Parser as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{Arg, Lang, Message, Msg};
use crate::msg;
use crate::span::{SourceFile, Span};
use ast::RuleSetAst;

pub use crate::limits::{MAX_NESTING, MAX_SOURCE_BYTES};
pub use format::{format, FormatError};

#[derive(pest_derive::Parser)]
#[grammar = "syntax/grammar.pest"]
struct Grammar;

/// Reads a rule file without ever holding more than [`crate::limits::MAX_SOURCE_BYTES`] + 1 bytes of it: a file
/// over the limit gives the `syntax::too-large` diagnostic, however large it is.
pub fn read_source(path: &std::path::Path) -> std::io::Result<Result<SourceFile, Diagnostic>> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let file = std::fs::File::open(path)?;
    let declared = file.metadata().map_or(0, |m| m.len());
    let limit = u64::try_from(MAX_SOURCE_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    // The length in the metadata can be wrong (a pipe, a file still growing): the read is bounded
    // whatever it says.
    if declared <= limit {
        file.take(limit + 1).read_to_end(&mut bytes)?;
    }
    let size = declared.max(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
    if size > limit {
        return Ok(Err(too_large(&SourceFile::new(name, String::new()), size)));
    }
    let text = String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    Ok(Ok(SourceFile::new(name, text)))
}

fn too_large(source: &SourceFile, size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::SourceTooLarge,
        source,
        Span::new(0, 0),
        msg!(SourceTooLarge, size = size, limit = MAX_SOURCE_BYTES),
    )
    .with_help(msg!(SourceTooLargeHelp))
}

/// Parses one rule file. Returns the tree when there were no syntax errors, and every syntax
/// error found otherwise (parsing resumes at the next declaration after an error).
pub fn parse(source: &SourceFile) -> Result<RuleSetAst, Vec<Diagnostic>> {
    let file = parse_tree(source)?;
    let mut builder = build::Builder::new(source);
    let ast = builder.file(file);
    if builder.diagnostics.is_empty() {
        ast.ok_or_else(Vec::new)
    } else {
        Err(builder.diagnostics)
    }
}

/// The parse tree of a file within the limits, or every syntax error in it.
fn parse_tree(source: &SourceFile) -> Result<pest::iterators::Pair<'_, Rule>, Vec<Diagnostic>> {
    let text = source.text();
    if text.len() > MAX_SOURCE_BYTES {
        return Err(vec![too_large(source, u64::try_from(text.len()).unwrap_or(u64::MAX))]);
    }
    if let Some(span) = recover::too_deep(text, MAX_NESTING) {
        return Err(vec![Diagnostic::error(
            Code::NestingTooDeep,
            source,
            span,
            msg!(BracketsTooDeep, limit = MAX_NESTING),
        )
        .with_help(msg!(NameAPartHelp))]);
    }
    pest::set_error_detail(true);
    match Grammar::parse(Rule::file, text) {
        Ok(mut pairs) => pairs.next().ok_or_else(Vec::new),
        Err(first) => Err(recover::all_errors(source, &first)),
    }
}

fn syntax_error(source: &SourceFile, error: &pest::error::Error<Rule>, offset: usize) -> Diagnostic {
    // With error detail on, pest knows the furthest position any token was tried at, which is
    // where the text went wrong; its own location is where the failing rule began.
    let at = match (error.parse_attempts(), &error.location) {
        (Some(attempts), _) if attempts.max_position > 0 => attempts.max_position,
        (_, pest::error::InputLocation::Pos(p)) => *p,
        (_, pest::error::InputLocation::Span((s, _))) => *s,
    } + offset;
    let text = source.text();
    let at = at.min(text.len());
    if let pest::error::ErrorVariant::CustomError { message } = &error.variant {
        if message.contains("limit") {
            return Diagnostic::error(
                Code::NestingTooDeep,
                source,
                Span::new(at, at),
                msg!(NestsTooDeepToRead, limit = MAX_NESTING),
            )
            .with_help(msg!(NameAPartHelp));
        }
    }
    let expected = expected_words(error);
    if expected.contains(&Expected::Word(Msg::WordName)) {
        if let Some(diagnostic) = reserved_word_before(source, at) {
            return diagnostic;
        }
    }
    let found = describe_found(&text[at..]);
    let span = Span::new(at, at + found.1);
    let help = help_for(&expected, &text[..at], &found.0);
    let expected = one_of(expected);
    Diagnostic::error(
        Code::SyntaxError,
        source,
        span,
        msg!(SyntaxExpected, expected = expected.clone(), found = found.0),
    )
    .with_label(msg!(SyntaxExpectedLabel, expected = expected))
    .with_help(help)
}

/// Words of the language that cannot be names.
pub const RESERVED_WORDS: &[&str] = RESERVED;
const RESERVED: &[&str] =
    &["and", "or", "not", "if", "then", "else", "true", "false", "none", "when", "otherwise", "in"];

/// When a name was expected and the word just before `at` is reserved, that word is the error.
fn reserved_word_before(source: &SourceFile, at: usize) -> Option<Diagnostic> {
    let text = source.text();
    let before = text[..at].trim_end();
    // The word is ASCII, but the character before it need not be: step over it by its length.
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[start..];
    let word = if word.is_empty() {
        // pest may stop at the word itself.
        let rest = &text[at..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let word = &rest[..end];
        return RESERVED.contains(&word).then(|| reserved_name(source, at, word));
    } else {
        word
    };
    RESERVED.contains(&word).then(|| reserved_name(source, start, word))
}

fn reserved_name(source: &SourceFile, start: usize, word: &str) -> Diagnostic {
    Diagnostic::error(Code::SyntaxError, source, Span::new(start, start + word.len()), msg!(ReservedWord, word = word))
        .with_label(msg!(ExpectedAName))
        .with_help(msg!(ReservedWordHelp, word = word, reserved = RESERVED.join(", ")))
}

fn describe_found(rest: &str) -> (Arg, usize) {
    let Some(c) = rest.chars().next() else {
        return (Msg::FoundEndOfFile.into(), 0);
    };
    if c == '\n' || c == '\r' {
        return (Msg::FoundEndOfLine.into(), 0);
    }
    if c == ' ' || c == '\t' {
        return (Msg::FoundSpace.into(), 1);
    }
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if word.is_empty() {
        (format!("`{c}`").into(), c.len_utf8())
    } else {
        let len = word.len();
        (format!("`{word}`").into(), len)
    }
}

/// One thing a syntax error says was expected: a kind of thing, in words of the catalogue, or a
/// token as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expected {
    Word(Msg),
    Token(String),
}

impl Expected {
    fn arg(&self) -> Arg {
        match self {
            Expected::Word(m) => (*m).into(),
            Expected::Token(t) => t.clone().into(),
        }
    }

    /// A described kind is written with the tokens it names (`a declaration (`input`, …)`).
    fn names(&self, quoted: &str) -> bool {
        match self {
            Expected::Word(m) => Message::new(*m).render(Lang::En).contains(quoted),
            Expected::Token(t) => t == quoted,
        }
    }
}

/// `a`, `a or b`, `a, b or c`, in the words of the language rendered.
fn one_of(mut items: Vec<Expected>) -> Arg {
    match items.len() {
        0 => Msg::WordSomethingElse.into(),
        1 => items.remove(0).arg(),
        n => {
            let last = items.remove(n - 1).arg();
            msg!(OneOf, items = items.iter().map(Expected::arg).collect::<Vec<_>>(), last = last).into()
        }
    }
}

const DECLARATION: Msg = Msg::WordDeclaration;
const OPERATORS: &[&str] = &["!=", "*", "+", "-", ".", "/", "<", "<=", "=", ">", ">=", "and", "or"];

fn expected_words(error: &pest::error::Error<Rule>) -> Vec<Expected> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    match error.parse_attempts() {
        Some(attempts) => {
            // The rule each attempt was inside when it failed at the furthest position.
            for stack in &attempts.call_stacks {
                let deepest = format!("{:?}", stack.deepest);
                let rule = deepest
                    .strip_prefix("Rule(")
                    .and_then(|r| r.strip_suffix(')'))
                    .and_then(|name| Rule::all_rules().iter().find(|r| format!("{r:?}") == name));
                if let Some(rule) = rule {
                    rules.push(*rule);
                }
            }
            for token in attempts.expected_tokens() {
                let token = token.to_string();
                // Ranges (`0..9`) and built-in rules are described by the rules that hold them;
                // whitespace and comments may go anywhere; a leading `_` is part of "a name".
                let noise = token.is_empty()
                    || token == "BUILTIN_RULE"
                    || (token.contains("..") && token.chars().count() == 4)
                    || token.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
                    || token == "#"
                    || token == "_";
                if !noise {
                    tokens.push(token);
                }
            }
        }
        None => {
            if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
                rules.extend(positives.iter().copied());
            }
        }
    }
    // pest charges a failed literal to the rule around it; that rule is worth naming only when
    // it is itself a kind of word (a name, a number, an expression), or nothing else is known.
    let mut words: Vec<Expected> = Vec::new();
    for r in &rules {
        let Some(described) = describe_rule(*r) else { continue };
        let described = Expected::Word(described);
        if (is_word(*r) || tokens.is_empty()) && !words.contains(&described) {
            words.push(described);
        }
    }
    // Long runs of keywords or operators read better as what they are.
    if tokens.iter().filter(|t| recover::ITEM_KEYWORDS.contains(&t.as_str())).count() >= 3 {
        tokens.retain(|t| !recover::ITEM_KEYWORDS.contains(&t.as_str()));
        if !words.contains(&Expected::Word(DECLARATION)) {
            words.push(Expected::Word(DECLARATION));
        }
    }
    if tokens.iter().filter(|t| OPERATORS.contains(&t.as_str())).count() >= 3 {
        tokens.retain(|t| !OPERATORS.contains(&t.as_str()));
        words.push(Expected::Word(Msg::WordOperator));
    }
    // Tokens that only begin a thing already named.
    let starts: &[(Msg, &[&str])] = &[
        (Msg::WordQuotedLabel, &["\""]),
        (Msg::WordExpression, &["\"", "(", "-", "false", "if", "none", "true", "not"]),
        (Msg::WordValue, &["\"", "-", "[", "{", "false", "none", "true"]),
    ];
    for (word, begins) in starts {
        if words.contains(&Expected::Word(*word)) {
            tokens.retain(|t| !begins.contains(&t.as_str()));
        }
    }
    let declaration = words.contains(&Expected::Word(DECLARATION));
    for token in tokens {
        let quoted = format!("`{token}`");
        // A keyword a described rule already names, or that starts a declaration, is not
        // listed again.
        let named = words.iter().any(|w| w.names(&quoted));
        let keyword = token.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if named || (declaration && keyword && recover::ITEM_KEYWORDS.contains(&token.as_str())) {
            continue;
        }
        let quoted = Expected::Token(quoted);
        if !words.contains(&quoted) {
            words.push(quoted);
        }
    }
    // Kinds first, then tokens, each in the order of their English words: the same order in
    // every language.
    let key = |e: &Expected| match e {
        Expected::Word(m) => (false, Message::new(*m).render(Lang::En)),
        Expected::Token(t) => (true, t.clone()),
    };
    words.sort_by_cached_key(key);
    words
}

/// The rules of the declarations a rule set holds.
fn is_declaration(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::label_item
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
    )
}

/// Rules that are a single kind of thing to write, rather than a construct of several parts.
fn is_word(rule: Rule) -> bool {
    !is_declaration(rule)
        && !matches!(
            rule,
            Rule::enum_value
                | Rule::tier
                | Rule::record_type
                | Rule::field_decl
                | Rule::range
                | Rule::default
                | Rule::window
                | Rule::because
                | Rule::source_clause
                | Rule::expectation
                | Rule::expect_value
                | Rule::expect_not_rated
                | Rule::expect_undetermined
                | Rule::object
                | Rule::array
                | Rule::member
                | Rule::EOI
        )
}

fn describe_rule(rule: Rule) -> Option<Msg> {
    Some(match rule {
        Rule::ident | Rule::path | Rule::qualified => Msg::WordName,
        Rule::label | Rule::string | Rule::label_inner => Msg::WordQuotedLabel,
        Rule::number | Rule::signed_number | Rule::int_lit => Msg::WordNumber,
        Rule::percent | Rule::signed_percent => Msg::WordPercent,
        Rule::date => Msg::WordDate,
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary_expr
        | Rule::paren
        | Rule::if_expr
        | Rule::call
        | Rule::true_lit
        | Rule::false_lit
        | Rule::none_lit => Msg::WordExpression,
        Rule::or_op | Rule::and_op => Msg::WordAndOr,
        Rule::not_op => Msg::WordNot,
        Rule::cmp_op => Msg::WordComparison,
        Rule::add_op | Rule::mul_op => Msg::WordOperator,
        Rule::type_expr | Rule::scalar_type | Rule::optional_type | Rule::list_type | Rule::history_type => {
            Msg::WordType
        }
        Rule::record_type | Rule::field_decl => Msg::WordField,
        Rule::literal | Rule::object | Rule::array | Rule::member => Msg::WordValue,
        r if is_declaration(r) => DECLARATION,
        Rule::enum_value => Msg::WordEnumValue,
        Rule::tier => Msg::WordTier,
        Rule::otherwise => Msg::WordOtherwise,
        Rule::assessed => Msg::WordAssessed,
        Rule::ordered => Msg::WordOrdered,
        Rule::range => Msg::WordRange,
        Rule::default => Msg::WordDefault,
        Rule::window => Msg::WordWindow,
        Rule::param_value => Msg::WordParamValue,
        Rule::param_from => Msg::WordFrom,
        Rule::direction => Msg::WordDirection,
        Rule::count_basis => Msg::WordCountBasis,
        Rule::rounding_mode => Msg::WordRoundingMode,
        Rule::because => Msg::WordBecause,
        Rule::source_clause => Msg::WordSource,
        Rule::expectation | Rule::expect_value | Rule::expect_not_rated | Rule::expect_undetermined => {
            Msg::WordExpectation
        }
        Rule::EOI => Msg::WordEndOfFile,
        _ => return None,
    })
}

/// The help line of a syntax error: what was expected, the text before the place, and what was
/// found there.
fn help_for(expected: &[Expected], before: &str, found: &Arg) -> Message {
    let last_word = before.trim_end().rsplit(|c: char| c.is_whitespace()).next().unwrap_or_default();
    let number_before = crate::value::parse_exact_decimal(last_word).ok().filter(|_| !last_word.is_empty());
    let has = |m: Msg| expected.contains(&Expected::Word(m));
    let token = |t: &str| expected.contains(&Expected::Token(format!("`{t}`")));
    if let (true, Some(share)) = (has(Msg::WordPercent) && token("%"), number_before) {
        // `quota … at most 0.2`: a share written as a fraction.
        if share < rust_decimal::Decimal::ONE {
            let percent = crate::value::decimal_text(share * rust_decimal::Decimal::ONE_HUNDRED);
            msg!(HelpShareAsPercentOf, percent = percent, written = last_word)
        } else {
            msg!(HelpShareAsPercent, written = last_word)
        }
    } else if *found == Arg::from("`,`") && token("}") {
        msg!(HelpFieldsNoCommas)
    } else if has(Msg::WordQuotedLabel) {
        msg!(HelpQuotedLabel)
    } else if has(Msg::WordName) {
        msg!(HelpNameForm)
    } else if has(DECLARATION) {
        msg!(HelpDeclarations)
    } else {
        msg!(HelpSeeReference)
    }
}

/// What a name written in a rule file is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRole {
    /// A function called: `share(…)`.
    Function,
    /// A declared name, a field, a tier or enum value, a language code, a rule set.
    Name,
}

/// One name as written in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAt {
    pub name: String,
    pub span: Span,
    pub role: NameRole,
}

/// Every name written in a rule file, in order: declarations and uses alike (for an editor: what
/// is under the cursor, every place to rename). Labels, strings and comments hold none.
pub fn names(source: &SourceFile) -> Result<Vec<NameAt>, Vec<Diagnostic>> {
    let file = parse_tree(source)?;
    let mut found = Vec::new();
    let mut pending = vec![(file, false)];
    while let Some((pair, called)) = pending.pop() {
        if pair.as_rule() == Rule::ident {
            let span = pair.as_span();
            let role = if called { NameRole::Function } else { NameRole::Name };
            found.push(NameAt { name: pair.as_str().to_owned(), span: Span::new(span.start(), span.end()), role });
            continue;
        }
        let is_call = pair.as_rule() == Rule::call;
        let children: Vec<_> = pair.into_inner().enumerate().map(|(i, p)| (p, is_call && i == 0)).collect();
        pending.extend(children.into_iter().rev());
    }
    Ok(found)
}

/// Words of the language, for an editor's completion.
pub const KEYWORDS: &[&str] = &[
    "ruleset",
    "label",
    "source",
    "valid",
    "from",
    "until",
    "replaces",
    "extends",
    "under",
    "rounding",
    "enum",
    "ordered",
    "input",
    "key",
    "param",
    "default",
    "in",
    "optional",
    "list",
    "of",
    "history",
    "let",
    "score",
    "max",
    "assessed",
    "outcome",
    "when",
    "otherwise",
    "force",
    "cap",
    "exclude",
    "because",
    "quota",
    "at",
    "most",
    "or",
    "better",
    "within",
    "rank",
    "by",
    "then",
    "desc",
    "asc",
    "demote",
    "to",
    "count",
    "before",
    "after",
    "demotion",
    "test",
    "given",
    "on",
    "expect",
    "not",
    "rated",
    "determinable",
    "and",
    "if",
    "else",
    "true",
    "false",
    "none",
    "last",
    "years",
    "bool",
    "integer",
    "number",
    "percent",
    "date",
    "text",
    "half_up",
    "half_even",
    "floor",
    "ceil",
    "truncate",
];
