//! Any text as a rule file: parsed, checked and planned, alone and as a library; never a panic.
//! A file that compiles is also run through what a rule author's tools do with it; the same text
//! is read as a case file and run against the bundled rule library.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tieuchi::{Library, RuleSet, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let alone = RuleSet::compile("fuzz.tieuchi", text);
    let source = SourceFile::new("fuzz.tieuchi", text);
    let (library, diagnostics) = Library::compile_what_compiles(std::slice::from_ref(&source));
    // Every diagnostic renders, with its excerpt.
    for d in &diagnostics {
        let _ = d.to_string();
    }
    if let Ok(cases) = tieuchi::testing::CaseFile::parse(text) {
        let _ = tieuchi_fuzz::bundled().run_case_file(&cases, "rules/fuzz.cases.json");
    }
    match &alone {
        Ok(rules) => {
            // One file that compiles alone compiles as a library of one.
            assert_eq!(library.rulesets().len(), 1, "compiled alone but not as a library: {diagnostics:?}");
            let _ = (rules.schema(), rules.json_schema());
            // An empty record: evaluated or refused, never a panic.
            let _ = rules.evaluate_json("{}", &tieuchi::Options::traced()).map(|e| e.to_wire());
            let _ = rules.run_tests();
        }
        Err(error) => {
            assert!(!error.diagnostics.is_empty(), "a failed compile names no diagnostic");
            let _ = error.render_plain();
        }
    }
});
