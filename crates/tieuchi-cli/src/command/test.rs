//! `tieuchi test`: the `test` blocks of rule files and the case files beside them.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use tieuchi::testing::CaseFile;
use tieuchi::{Diagnostic, Library, RuleSet};

use crate::command::batch::cannot_read;
use crate::load::read_rule_files;
use crate::report::report;
use crate::{files, lang, ErrorFormat};

pub(crate) fn test(paths: &[PathBuf], format: ErrorFormat) -> Result<bool> {
    let rule_files = files::rule_files(paths)?;
    let case_files = files::case_files(paths)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    // All rule files together, so that imports and families resolve; a broken file fails alone.
    let (sources, mut diagnostics) = read_rule_files(&rule_files)?;
    let (library, compiled) = Library::compile_what_compiles(&sources);
    diagnostics.extend(compiled);
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
    report(&errors, format);
    let mut broken: Vec<&str> = errors.iter().map(|d| d.source.name()).collect();
    broken.sort_unstable();
    broken.dedup();
    for name in broken {
        out!("{}", tieuchi::msg!(CliFileDoesNotCompile, name = name).render(lang()));
        failed += 1;
    }
    let loaded: Vec<(PathBuf, &RuleSet)> =
        library.rulesets().iter().map(|r| (PathBuf::from(r.source().name()), r)).collect();
    for (path, rules) in &loaded {
        for report in rules.run_tests() {
            tally(&report, &path.display().to_string(), &mut passed, &mut failed);
        }
    }
    for path in &case_files {
        let text = std::fs::read_to_string(path).with_context(|| cannot_read(path))?;
        let name = path.display().to_string();
        // A `ruleset` file runs against that rule set (the one beside it first); a `family` file,
        // each case against the version in force on its date.
        match CaseFile::parse(&text).and_then(|file| library.run_case_file(&file, &name)) {
            Ok(reports) => {
                for report in &reports {
                    tally(report, &name, &mut passed, &mut failed);
                }
            }
            Err(message) => {
                out!("{}", tieuchi::msg!(CliFileFailed, name = &name, problem = message).render(lang()));
                failed += 1;
            }
        }
    }
    out!("{}", tieuchi::msg!(CliTally, passed = passed, failed = failed).render(lang()));
    Ok(failed == 0)
}

fn tally(report: &tieuchi::testing::TestReport, file: &str, passed: &mut usize, failed: &mut usize) {
    if report.passed() {
        *passed += 1;
        return;
    }
    *failed += 1;
    let origin = if report.origin.is_empty() { file } else { &report.origin };
    out!("{}", tieuchi::msg!(CliTestFailed, name = &report.name, origin = origin).render(lang()));
    for m in &report.mismatches {
        out!("    {}", m.message().render(lang()));
    }
}
