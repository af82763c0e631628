//! What an editor asks of a rule file (`tieuchi::ide`), by byte offset: the protocol-free half
//! of `tieuchi lsp`. The protocol itself is tested through the binary in the CLI's tests.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use tieuchi::ide::{CompletionKind, Document, RenameError, SymbolKind};
use tieuchi::SourceFile;

const RULES: &str = r#"ruleset demo "Ví dụ" {
  input diem "Điểm": number in 0..100
  input ds "Thành viên": list of {
    dat "Đạt": bool
  }
  input dat_chung "Đạt chung": bool
  let ty_le "Tỷ lệ" = share(ds, dat)
  score tong "Tổng" max 10 {
    score a "A" max 10 = assessed source "Điều 2"
  }
  outcome kq "Kết quả" {
    tot "Tốt" when ty_le >= 50% and dat_chung and diem > 1 and tong > 1
    kem "Kém" otherwise
  }
}
"#;

fn document(text: &str) -> Document {
    Document::analyse(SourceFile::new("demo.tieuchi", text), &[])
}

fn offset_of(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the text"))
}

#[test]
fn every_declaration_is_a_symbol_with_its_label_and_parent() {
    let doc = document(RULES);
    assert!(doc.diagnostics().is_empty(), "{:?}", doc.diagnostics());
    let symbols: Vec<(&str, SymbolKind, Option<&str>)> =
        doc.symbols().iter().map(|s| (s.name.as_str(), s.kind, s.parent.as_deref())).collect();
    assert_eq!(
        symbols,
        vec![
            ("demo", SymbolKind::RuleSet, None),
            ("diem", SymbolKind::Input, None),
            ("ds", SymbolKind::Input, None),
            ("dat", SymbolKind::Field, Some("ds")),
            ("dat_chung", SymbolKind::Input, None),
            ("ty_le", SymbolKind::Let, None),
            ("tong", SymbolKind::Score, None),
            ("a", SymbolKind::Score, Some("tong")),
            ("kq", SymbolKind::Outcome, None),
            ("tot", SymbolKind::Tier, Some("kq")),
            ("kem", SymbolKind::Tier, Some("kq")),
        ]
    );
}

#[test]
fn hover_of_a_name_a_score_and_a_function() {
    let doc = document(RULES);
    let hover = doc.hover(offset_of(RULES, "dat)") + 1).unwrap();
    assert!(hover.contents.starts_with("**field** `dat` of `ds`"), "{}", hover.contents);
    let hover = doc.hover(offset_of(RULES, "a \"A\"")).unwrap();
    assert!(
        hover.contents.contains("max 10, assessed") && hover.contents.contains("Nguồn: Điều 2"),
        "{}",
        hover.contents
    );
    let hover = doc.hover(offset_of(RULES, "share")).unwrap();
    assert!(hover.contents.contains("share(list, condition) >= 70%"), "{}", hover.contents);
    assert!(doc.hover(offset_of(RULES, "Tỷ lệ")).is_none(), "a label is not a name");
}

#[test]
fn rename_is_refused_when_it_would_break_the_file() {
    let doc = document(RULES);
    let at = offset_of(RULES, "ty_le >=");
    assert_eq!(doc.rename(at, "ti_le").unwrap().len(), 2);
    assert_eq!(doc.rename(at, "Ti_le"), Err(RenameError::BadName("Ti_le".to_owned())));
    assert_eq!(doc.rename(at, "when"), Err(RenameError::Reserved("when".to_owned())));
    assert_eq!(doc.rename(at, "diem"), Err(RenameError::Taken("diem".to_owned())));
    assert_eq!(doc.rename(offset_of(RULES, "share"), "x"), Err(RenameError::NothingHere));
    let broken = document(&RULES.replace("number in", "number on"));
    assert_eq!(broken.rename(at, "ti_le"), Err(RenameError::DoesNotParse));
}

#[test]
fn completion_lists_declared_names_first_then_functions_and_keywords() {
    let doc = document(RULES);
    let items = doc.completions(offset_of(RULES, "diem > 1"));
    let kind_of = |label: &str| items.iter().find(|c| c.label == label).map(|c| c.kind);
    assert_eq!(kind_of("diem"), Some(CompletionKind::Symbol(SymbolKind::Input)));
    assert_eq!(kind_of("streak"), Some(CompletionKind::Function));
    assert_eq!(kind_of("otherwise"), Some(CompletionKind::Keyword));
    assert!(doc.completions(offset_of(RULES, "Điểm")).is_empty(), "nothing inside a label");
}

/// Every word the grammar spells out is offered by completion.
#[test]
fn completion_knows_every_keyword_of_the_grammar() {
    let grammar = include_str!("../src/syntax/grammar.pest");
    let mut missing = Vec::new();
    for (i, _) in grammar.match_indices('"') {
        let rest = &grammar[i + 1..];
        let word: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
        // A word of two letters or more: `"n"` is an escape, `"_"` part of a name.
        if word.len() >= 2 && rest[word.len()..].starts_with('"') && !tieuchi::syntax::KEYWORDS.contains(&word.as_str())
        {
            missing.push(word);
        }
    }
    assert!(missing.is_empty(), "keywords of the grammar missing from syntax::KEYWORDS: {missing:?}");
}

/// Any offset is answered, even one inside a character or after a name written next to
/// Vietnamese text: an editor counting in other units must not stop the server.
#[test]
fn completion_at_any_offset_of_vietnamese_text_answers() {
    let text = "ruleset demo \"Ví dụ\" {\n  let ưdiem = 1\n  input điểm_x \"x\": number\n}\n";
    let doc = document(text);
    for offset in 0..=text.len() + 2 {
        let _ = doc.completions(offset);
    }
    let after = offset_of(text, "diem = 1") + "diem".len();
    assert!(doc.completions(after).iter().any(|c| c.label == "demo" || c.kind == CompletionKind::Keyword));
}

/// Why a rename is refused is the catalogue's sentence, in the language asked for (the editor's
/// server renders it in the language it was started with); `Display` is the default, Vietnamese.
#[test]
fn a_refused_rename_says_why_in_the_language_asked_for() {
    let doc = document(RULES);
    let at = offset_of(RULES, "ty_le >=");
    let refused = doc.rename(at, "diem").unwrap_err();
    assert_eq!(refused.message().render(tieuchi::Lang::En), "`diem` is already declared in this file");
    assert_eq!(refused.message().render(tieuchi::Lang::Vi), "`diem` đã được khai báo trong tệp này");
    assert_eq!(refused.to_string(), "`diem` đã được khai báo trong tệp này");
    let every = [
        RenameError::NothingHere,
        RenameError::BadName("Ti_le".to_owned()),
        RenameError::Reserved("when".to_owned()),
        RenameError::Ambiguous { old: "x".to_owned(), count: 2 },
        RenameError::Taken("diem".to_owned()),
        RenameError::DoesNotParse,
    ];
    for error in every {
        let (vi, en) = (error.message().render(tieuchi::Lang::Vi), error.message().render(tieuchi::Lang::En));
        assert!(!vi.is_empty() && vi != en, "{error:?}: {vi} / {en}");
    }
    assert!(RenameError::Ambiguous { old: "x".to_owned(), count: 2 }.to_string().contains("2 khai báo"));
}
