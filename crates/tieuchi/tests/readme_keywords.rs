//! The README's language section names every construct: each keyword of the grammar, each
//! function and each reserved name appears in its code (inline or in a block), so that a word the
//! parser accepts is never one a reader of the README cannot look up.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::collections::BTreeSet;

/// The grammar's string literals that are words: `"ruleset"`, `"half_up"`, `"in"`, …
fn grammar_keywords() -> BTreeSet<String> {
    let grammar = include_str!("../src/syntax/grammar.pest");
    let mut words = BTreeSet::new();
    for (i, piece) in grammar.split('"').enumerate() {
        // Odd pieces are between quotes; comments hold none.
        let word = i % 2 == 1
            && piece.starts_with(|c: char| c.is_ascii_lowercase())
            && piece.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if word {
            words.insert(piece.to_owned());
        }
    }
    words
}

/// The words written as code in the README's language section: in inline code spans and in
/// fenced blocks.
fn language_section_code_words() -> BTreeSet<String> {
    let readme = include_str!("../../../README.md");
    let start = readme.find("\n## The language\n").expect("the README has a language section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    let mut code = String::new();
    for (i, block) in section.split("```").enumerate() {
        if i % 2 == 1 {
            code.push_str(block);
            code.push('\n');
        } else {
            code.extend(block.split('`').skip(1).step_by(2).flat_map(|span| [span, "\n"]));
        }
    }
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_grammar_has_keywords_to_look_for() {
    let keywords = grammar_keywords();
    for word in ["ruleset", "given", "expect", "because", "half_even", "demotion", "years", "determinable"] {
        assert!(keywords.contains(word), "`{word}` not read from the grammar: {keywords:?}");
    }
}

#[test]
fn every_keyword_function_and_reserved_name_is_in_the_readme_language_section() {
    let documented = language_section_code_words();
    let grammar = grammar_keywords();
    let functions = tieuchi::check::FUNCTION_NAMES.iter().map(|f| (*f).to_owned());
    let reserved = tieuchi::check::RESERVED_NAMES.iter().map(|r| (*r).to_owned());
    let missing: Vec<String> =
        grammar.into_iter().chain(functions).chain(reserved).filter(|w| !documented.contains(w)).collect();
    assert!(
        missing.is_empty(),
        "the README's language section (\"## The language\") does not show these words as code: {}",
        missing.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
    );
}

/// A fenced block of the README that starts with `opening`.
fn block(opening: &str) -> &'static str {
    let readme = include_str!("../../../README.md");
    let start = readme.find(&format!("```\n{opening}")).map(|i| i + 4).expect("the block is in the README");
    let end = readme[start..].find("```").map(|i| start + i).expect("the block ends");
    &readme[start..end]
}

#[test]
fn the_readme_test_blocks_pass_against_the_readme_rule_set() {
    // The opening example with the language section's tests placed in it.
    let sketch = block("ruleset");
    let close = sketch.rfind('}').expect("the rule set closes");
    let text = format!("{}{}}}\n", &sketch[..close], block("test \""));
    let rules = tieuchi::RuleSet::compile("README.md", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let reports = rules.run_tests();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(tieuchi::testing::TestReport::passed), "{reports:#?}");
}
