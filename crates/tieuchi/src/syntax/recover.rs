//! Finding every syntax error, not only the first: after a failed parse, the body of the rule
//! set is cut at each top-level declaration and each piece is parsed on its own.

use pest::Parser as _;

use super::{syntax_error, Grammar, Rule};
use crate::diagnostic::Diagnostic;
use crate::span::{SourceFile, Span};

pub(super) const ITEM_KEYWORDS: &[&str] = &[
    "label", "source", "valid", "replaces", "rounding", "enum", "input", "key", "param", "let", "score", "outcome",
    "force", "cap", "exclude", "quota", "test",
];

/// Byte offsets of the code (not strings or comments) with the bracket depth before each.
fn scan(text: &str, mut visit: impl FnMut(usize, char, usize) -> bool) {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    chars.next();
                }
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '{' | '(' | '[' => {
                if !visit(i, c, depth) {
                    return;
                }
                depth += 1;
            }
            '}' | ')' | ']' => {
                // A closing bracket is visited at the depth of its opening one.
                depth = depth.saturating_sub(1);
                if !visit(i, c, depth) {
                    return;
                }
            }
            _ => {
                if !visit(i, c, depth) {
                    return;
                }
            }
        }
    }
}

/// Where brackets first nest deeper than `limit`, if they do.
pub(super) fn too_deep(text: &str, limit: usize) -> Option<Span> {
    let mut found = None;
    scan(text, |i, c, depth| {
        if matches!(c, '{' | '(' | '[') && depth >= limit {
            found = Some(Span::new(i, i + 1));
            return false;
        }
        true
    });
    found
}

/// Every syntax error: the first one pest found, then one per broken declaration after it.
pub(super) fn all_errors(source: &SourceFile, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let text = source.text();
    let mut diagnostics = vec![syntax_error(source, first, 0)];
    let Ok(mut head) = Grammar::parse(Rule::ruleset_head, text) else {
        return diagnostics;
    };
    let body_start = head.next().map_or(0, |p| p.as_span().end());
    let first_at = diagnostics.first().map_or(0, |d| d.span.start as usize);
    let mut first_in_sound_chunk = false;
    for (start, end) in item_chunks(text, body_start) {
        let chunk = &text[start..end];
        match Grammar::parse(Rule::item_alone, chunk) {
            Err(error) => {
                let diagnostic = syntax_error(source, &error, start);
                if !diagnostics.iter().any(|d| d.span.start == diagnostic.span.start) {
                    diagnostics.push(diagnostic);
                }
            }
            Ok(_) => first_in_sound_chunk |= (start..end).contains(&first_at),
        }
    }
    // The whole-file parse blamed a declaration that reads well on its own: the real error is in
    // another declaration, whose own parse reported it.
    if first_in_sound_chunk && diagnostics.len() > 1 {
        diagnostics.remove(0);
    }
    diagnostics.sort_by_key(|d| d.span.start);
    diagnostics
}

/// The byte ranges of the top-level declarations of a rule set body.
fn item_chunks(text: &str, body_start: usize) -> Vec<(usize, usize)> {
    let body = &text[body_start..];
    let mut starts = Vec::new();
    let mut end = body.len();
    let mut at_line_start = true;
    let mut open = 0usize;
    scan(body, |i, c, depth| {
        match c {
            '{' | '(' | '[' => open += 1,
            '}' | ')' | ']' if open == 0 => {
                // The bracket that closes the rule set itself.
                end = i;
                return false;
            }
            '}' | ')' | ']' => open -= 1,
            _ => {}
        }
        if c == '\n' {
            at_line_start = true;
        } else if !c.is_whitespace() {
            if at_line_start && depth == 0 {
                let word: String = body[i..].chars().take_while(char::is_ascii_alphabetic).collect();
                if ITEM_KEYWORDS.contains(&word.as_str()) {
                    starts.push(i);
                }
            }
            at_line_start = false;
        }
        true
    });
    let mut chunks = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let stop = starts.get(n + 1).copied().unwrap_or(end);
        if stop > start {
            chunks.push((body_start + start, body_start + stop));
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_split_at_top_level_declarations() {
        let text = "ruleset x \"X\" {\n  input a \"A\": number in 0..\n  input b \"B\" bool\n  outcome o \"O\" {\n    t \"T\" otherwise\n  }\n}\n";
        let head = Grammar::parse(Rule::ruleset_head, text).map(|mut p| p.next().map(|p| p.as_span().end()));
        let body_start = head.ok().flatten().unwrap_or(0);
        let chunks: Vec<&str> = item_chunks(text, body_start).into_iter().map(|(s, e)| text[s..e].trim()).collect();
        assert_eq!(
            chunks,
            ["input a \"A\": number in 0..", "input b \"B\" bool", "outcome o \"O\" {\n    t \"T\" otherwise\n  }"]
        );
    }
}

#[cfg(test)]
mod reporting {
    #[test]
    fn every_broken_declaration_is_reported_where_it_breaks() {
        let text = "ruleset x \"X\" {\n  input a \"A\": number in 0..\n  input b \"B\" bool\n  outcome o \"O\" {\n    t \"T\" otherwise\n  }\n}\n";
        let source = crate::span::SourceFile::new("x.tieuchi", text);
        let errors = crate::syntax::parse(&source).unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|d| d.source.line_column(d.span.start)).collect();
        assert_eq!(at, [(3, 3), (3, 15)], "{errors:#?}");
        assert!(errors[1].message(crate::Lang::En).starts_with("expected `:`"), "{}", errors[1].render_plain());
    }
}
