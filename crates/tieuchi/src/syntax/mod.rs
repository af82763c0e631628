//! Text to syntax tree. The only module that knows pest: everything it reports is in words.

pub mod ast;
mod build;
mod recover;

use pest::Parser as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{SourceFile, Span};
use ast::RuleSetAst;

/// Rule files larger than this are refused before parsing.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;
/// Brackets, blocks and expressions may nest this deep.
pub const MAX_NESTING: usize = 32;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/grammar.pest"]
struct Grammar;

/// Parses one rule file. Returns the tree when there were no syntax errors, and every syntax
/// error found otherwise (parsing resumes at the next declaration after an error).
pub fn parse(source: &SourceFile) -> Result<RuleSetAst, Vec<Diagnostic>> {
    let text = source.text();
    if text.len() > MAX_SOURCE_BYTES {
        return Err(vec![Diagnostic::error(
            Code::SourceTooLarge,
            source,
            Span::new(0, 0),
            format!("the rule file is {} bytes, more than the limit of {MAX_SOURCE_BYTES}", text.len()),
        )
        .with_help("split the framework into several rule sets")]);
    }
    if let Some(span) = recover::too_deep(text, MAX_NESTING) {
        return Err(vec![Diagnostic::error(
            Code::NestingTooDeep,
            source,
            span,
            format!("brackets nest more than {MAX_NESTING} deep here"),
        )
        .with_help("name part of the expression with a `let`")]);
    }
    pest::set_error_detail(true);
    match Grammar::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file = pairs.next().ok_or_else(Vec::new)?;
            let mut builder = build::Builder::new(source);
            let ast = builder.file(file);
            if builder.diagnostics.is_empty() {
                ast.ok_or_else(Vec::new)
            } else {
                Err(builder.diagnostics)
            }
        }
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
    let found = describe_found(&text[at.min(text.len())..]);
    let expected = expected_words(error);
    let span = Span::new(at, at + found.1);
    Diagnostic::error(Code::SyntaxError, source, span, format!("expected {expected}, found {}", found.0))
        .with_label(format!("expected {expected}"))
        .with_help(help_for(&expected))
}

fn describe_found(rest: &str) -> (String, usize) {
    let Some(c) = rest.chars().next() else {
        return ("the end of the file".to_owned(), 0);
    };
    if c == '\n' || c == '\r' {
        return ("the end of the line".to_owned(), 0);
    }
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if word.is_empty() {
        (format!("`{c}`"), c.len_utf8())
    } else {
        (format!("`{word}`"), word.len())
    }
}

fn expected_words(error: &pest::error::Error<Rule>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut push = |w: String| {
        if !words.contains(&w) {
            words.push(w);
        }
    };
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if let Some(w) = describe_rule(*rule) {
                push(w.to_owned());
            }
        }
    }
    if let Some(attempts) = error.parse_attempts() {
        for stack in &attempts.call_stacks {
            if let Some(w) = stack.parent.and_then(describe_rule) {
                push(w.to_owned());
            }
        }
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            // Ranges (`0..9`) and built-in rules are described by the rules that hold them.
            if token.is_empty() || token == "BUILTIN_RULE" || token.contains("..") && token.len() == 4 {
                continue;
            }
            // Whitespace and comments may go anywhere; a leading `_` is part of "a name".
            if token.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') || token == "#" || token == "_" {
                continue;
            }
            push(format!("`{token}`"));
        }
    }
    if words.is_empty() {
        return "something else".to_owned();
    }
    words.sort_by_key(|w| w.starts_with('`'));
    match words.len() {
        1 => words.remove(0),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::path | Rule::qualified => "a name",
        Rule::label | Rule::string | Rule::label_inner => "a quoted label",
        Rule::number | Rule::signed_number | Rule::int_lit => "a number",
        Rule::percent | Rule::signed_percent => "a percent",
        Rule::date => "a date (YYYY-MM-DD)",
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
        | Rule::none_lit => "an expression",
        Rule::or_op | Rule::and_op => "`and` or `or`",
        Rule::not_op => "`not`",
        Rule::cmp_op => "a comparison",
        Rule::add_op | Rule::mul_op => "an operator",
        Rule::type_expr | Rule::scalar_type | Rule::optional_type | Rule::list_type | Rule::history_type => "a type",
        Rule::record_type | Rule::field_decl => "a field",
        Rule::literal | Rule::object | Rule::array | Rule::member => "a value",
        Rule::label_item
        | Rule::source_item
        | Rule::valid_item
        | Rule::replaces_item
        | Rule::rounding_item
        | Rule::enum_decl
        | Rule::input_decl
        | Rule::key_decl
        | Rule::let_decl
        | Rule::score_decl
        | Rule::outcome_decl
        | Rule::force_decl
        | Rule::cap_decl
        | Rule::exclude_decl
        | Rule::quota_decl
        | Rule::test_decl => "a declaration (`input`, `let`, `score`, `outcome`, `force`, `test`, …)",
        Rule::enum_value => "an enum value",
        Rule::tier => "a tier",
        Rule::otherwise => "`otherwise`",
        Rule::assessed => "`assessed`",
        Rule::ordered => "`ordered`",
        Rule::range => "a range (`in 0..100`)",
        Rule::default => "`default`",
        Rule::window => "`in last N years`",
        Rule::direction => "`desc` or `asc`",
        Rule::count_basis => "`before` or `after`",
        Rule::rounding_mode => "a rounding mode (`half_up`, `half_even`, `floor`, `ceil`, `truncate`)",
        Rule::because => "`because`",
        Rule::source_clause => "`source`",
        Rule::expectation | Rule::expect_value | Rule::expect_not_rated | Rule::expect_undetermined => {
            "an expectation (`name = value`, `not rated`, `not determinable`)"
        }
        Rule::EOI => "the end of the file",
        _ => return None,
    })
}

fn help_for(expected: &str) -> String {
    if expected.contains("quoted label") {
        "labels are written in double quotes: \"Hoàn thành tốt nhiệm vụ\"".to_owned()
    } else if expected.contains("a name") {
        "names are lower-case ASCII with underscores, such as `diem_chung`".to_owned()
    } else if expected.contains("declaration") {
        "a rule set holds declarations such as `input`, `let`, `score`, `outcome`, `force`, `cap`, `exclude`, `quota` and `test`".to_owned()
    } else {
        "see the language reference in the README".to_owned()
    }
}
