//! Every snippet of the READMEs is run by a test, or says why not.
//!
//! - Every `sh` code block of every README in the repository runs here: bash (`-euo pipefail`)
//!   with the `tieuchi` just built first on the `PATH`, in a scratch folder that sees the
//!   repository's files, and must succeed. `cargo run -p tieuchi-cli --` in a snippet is the same
//!   command as `tieuchi`; what a snippet writes under `/tmp/` goes to the scratch folder.
//! - Every fenced block of `README.md`, `bindings/tieuchi-py/README.md` and
//!   `bindings/tieuchi-wasm/README.md` is accounted for: a shell block runs here, the Python
//!   README's Python blocks (and the text block printed by one) run in
//!   `bindings/tieuchi-py/tests/test_readme.py`, the wasm README's JavaScript blocks in
//!   `bindings/tieuchi-wasm/test/readme.test.mjs`; any other block is preceded by a marker naming
//!   the test or script that runs it, `<!-- run by: PATH … -->`, or by `<!-- not run: WHY -->`
//!   for the few that cannot run (a file tree, a configuration for another program, a benchmark).
//!   A marked shell block is not run here.
//! - The rule-file fragments and the abridged results of `README.md` that no other test reads are
//!   checked below (marked `run by: crates/tieuchi-cli/tests/readme_snippets.rs`).
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// The READMEs whose every block must be run or say why not.
const INVENTORIED: [&str; 3] = ["README.md", "bindings/tieuchi-py/README.md", "bindings/tieuchi-wasm/README.md"];

/// How many blocks of those READMEs may say `not run`: raising it is a decision, not a slip.
const MAX_NOT_RUN: usize = 10;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn readmes(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !(name.starts_with('.') || ["target", "node_modules", "pkg"].contains(&name.as_str())) {
                readmes(&path, out);
            }
        } else if name == "README.md" {
            out.push(path);
        }
    }
}

/// A fenced block of a README.
struct Block {
    /// The line of its opening fence (from 1).
    line: usize,
    /// The info string's first word (`sh`, `python`, `json`; empty for none).
    lang: String,
    body: String,
    /// `<!-- run by: … -->` or `<!-- not run: … -->` on the last non-blank line before it.
    marker: Option<String>,
    /// The language of the block just before, when only blank lines are between them.
    after: Option<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Block> = Vec::new();
    let mut last_close: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i;
        let previous = lines[..start].iter().rev().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or_default();
        let marker = (previous.starts_with("<!-- run by:") || previous.starts_with("<!-- not run:"))
            .then(|| previous.to_owned());
        let after = match (last_close, out.last()) {
            (Some(close), Some(block)) if lines[close + 1..start].iter().all(|l| l.trim().is_empty()) => {
                Some(block.lang.clone())
            }
            _ => None,
        };
        let mut body = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_end() != "```" {
            body.push_str(lines[i]);
            body.push('\n');
            i += 1;
        }
        let lang = info.split_whitespace().next().unwrap_or_default().to_owned();
        out.push(Block { line: start + 1, lang, body, marker, after });
        last_close = Some(i);
        i += 1;
    }
    out
}

/// A folder whose entries are the repository's, linked, so that a snippet's paths resolve and
/// what it writes stays out of the repository.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), dir.path().join(&name)).unwrap();
    }
    dir
}

fn is_shell(lang: &str) -> bool {
    lang == "sh" || lang == "bash"
}

#[test]
fn every_shell_snippet_of_the_readmes_runs() {
    let tieuchi = PathBuf::from(env!("CARGO_BIN_EXE_tieuchi"));
    let path = format!("{}:{}", tieuchi.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut files = Vec::new();
    readmes(&root(), &mut files);
    files.sort();
    let (mut ran, mut failures) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for block in blocks(&text) {
            if !is_shell(&block.lang) || block.marker.is_some() {
                continue;
            }
            let dir = scratch();
            let script = block
                .body
                .replace("cargo run -p tieuchi-cli -- ", "tieuchi ")
                .replace("/tmp/", &format!("{}/", dir.path().display()));
            let out = Command::new("bash")
                .args(["-euo", "pipefail", "-c", &script])
                .current_dir(dir.path())
                .env("PATH", &path)
                .output()
                .unwrap();
            ran += 1;
            if !out.status.success() {
                failures.push(format!(
                    "{shown}:{}: {}\n{}--- stdout\n{}--- stderr\n{}",
                    block.line,
                    out.status,
                    block.body,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} snippets failed:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(ran >= 5, "only {ran} snippets found in {} READMEs", files.len());
}

#[test]
fn every_block_of_the_main_readmes_is_run_or_says_why_not() {
    let (mut unaccounted, mut not_run, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    let mut counted = 0;
    for readme in INVENTORIED {
        let text = std::fs::read_to_string(root().join(readme)).unwrap();
        for block in blocks(&text) {
            counted += 1;
            let place = format!("{readme}:{}", block.line);
            if let Some(marker) = &block.marker {
                if let Some(why) = marker.strip_prefix("<!-- not run:") {
                    not_run.push(format!("{place}: {}", why.trim_end_matches("-->").trim()));
                } else {
                    // Every path the marker names is in the repository.
                    let named = marker.trim_start_matches("<!-- run by:").trim_end_matches("-->");
                    let paths: Vec<&str> =
                        named.split_whitespace().filter(|w| w.contains('/') && !w.starts_with('(')).collect();
                    if paths.is_empty() {
                        missing.push(format!("{place}: `{marker}` names no file"));
                    }
                    for path in paths {
                        let path = path.trim_end_matches([',', ';', ')']);
                        if !root().join(path).exists() {
                            missing.push(format!("{place}: `{path}` does not exist"));
                        }
                    }
                }
                continue;
            }
            let runner = match (readme, block.lang.as_str(), block.after.as_deref()) {
                (_, lang, _) if is_shell(lang) => "this file",
                // A Python block, or the text printed by the Python block just before.
                ("bindings/tieuchi-py/README.md", "python", _)
                | ("bindings/tieuchi-py/README.md", "text", Some("python")) => {
                    "bindings/tieuchi-py/tests/test_readme.py"
                }
                ("bindings/tieuchi-wasm/README.md", "js", _) => "bindings/tieuchi-wasm/test/readme.test.mjs",
                _ => {
                    unaccounted.push(format!(
                        "{place}: a `{}` block that no test runs: run it and mark it `<!-- run by: PATH -->`, \
                         or mark it `<!-- not run: WHY -->`\n{}",
                        block.lang,
                        block.body.lines().next().unwrap_or_default()
                    ));
                    continue;
                }
            };
            assert!(runner == "this file" || root().join(runner).exists(), "{runner}");
        }
    }
    assert!(unaccounted.is_empty(), "{}", unaccounted.join("\n"));
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(counted > 40, "only {counted} blocks found");
    assert!(
        not_run.len() <= MAX_NOT_RUN,
        "{} blocks say `not run` (at most {MAX_NOT_RUN}):\n{}",
        not_run.len(),
        not_run.join("\n")
    );
}

/// The block of `README.md` that follows `after` (a heading or a sentence), with its language.
fn readme_block(after: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme.find(after).unwrap_or_else(|| panic!("README.md has no `{after}`"));
    let rest = &readme[at..];
    let open = format!("```{lang}\n");
    let start = rest.find(&open).unwrap() + open.len();
    rest[start..start + rest[start..].find("```").unwrap()].to_owned()
}

/// Whether `actual` says what an abridged `shown` says: every key shown, with a matching value;
/// a shown text with `…` in it matches a text holding its other parts in that order (the first
/// at the start, the last at the end).
fn abridged(shown: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    match (shown, actual) {
        (Value::Object(s), Value::Object(a)) => {
            for (key, value) in s {
                match a.get(key) {
                    Some(x) => abridged(value, x, &format!("{at}.{key}"), out),
                    None => out.push(format!("{at}.{key}: missing")),
                }
            }
        }
        (Value::String(s), Value::String(a)) if s.contains('…') => {
            let parts: Vec<&str> = s.split('…').collect();
            let mut rest = a.as_str();
            let mut ok = rest.starts_with(parts[0]) && rest.ends_with(parts[parts.len() - 1]);
            for part in &parts {
                match rest.find(part) {
                    Some(i) => rest = &rest[i + part.len()..],
                    None => ok = false,
                }
            }
            if !ok {
                out.push(format!("{at}: shown {s}, actual {a}"));
            }
        }
        _ if shown == actual => {}
        _ => out.push(format!("{at}: shown {shown}, actual {actual}")),
    }
}

fn tieuchi() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(root());
    cmd
}

/// "Results an auditor can check": the envelope shown is a knock-out's result on 2026-06-30.
#[test]
fn the_envelope_shown_is_what_a_result_carries() {
    let shown: Value =
        serde_json::from_str(&format!("{{{}}}", readme_block("## Results an auditor can check", "json")))
            .expect("the envelope shown is JSON once braced");
    let evidence = r#"{"tieu_chi_chung": 30, "ket_qua_nhiem_vu": 65, "suy_thoai": true}"#;
    let out = tieuchi()
        .args(["eval", "rules/cong-chuc/nd335-2025.tieuchi", "-", "--on", "2026-06-30"])
        .write_stdin(evidence)
        .assert()
        .success();
    let actual: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut differences = Vec::new();
    abridged(&shown, &actual, "", &mut differences);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// "Layers": the sketch of the model provincial layer compiles over the national rules, and is
/// the bundled layer's text, abridged.
#[test]
fn the_layer_sketch_compiles_over_the_national_rules() {
    let sketch = readme_block("`rules/cong-chuc/tinh-mau-nd335.tieuchi` is such a layer", "");
    let dir = tempfile::tempdir().unwrap();
    for file in ["nd335-2025.tieuchi", "nd90-2020.tieuchi"] {
        std::fs::copy(root().join("rules/cong-chuc").join(file), dir.path().join(file)).unwrap();
    }
    std::fs::write(dir.path().join("layer.tieuchi"), &sketch).unwrap();
    tieuchi().arg("check").arg(dir.path()).assert().success();
    let bundled = std::fs::read_to_string(root().join("rules/cong-chuc/tinh-mau-nd335.tieuchi")).unwrap();
    let words = |text: &str| text.split_whitespace().map(str::to_owned).collect::<Vec<_>>().join(" ");
    for line in sketch.lines().filter(|l| !l.contains('…')) {
        let line = line.trim();
        assert!(words(&bundled).contains(&words(line)), "not in the bundled layer: {line}");
    }
}

/// "Tests in a rule file": the `test` blocks shown pass in the introduction's sketch.
#[test]
fn the_test_blocks_shown_pass() {
    let tests = readme_block("### Tests in a rule file", "");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let sketch = readme[readme.find("```\nruleset").unwrap() + 4..].split("```").next().unwrap().trim_end().to_owned();
    let with_tests = format!("{}\n{tests}}}\n", sketch.strip_suffix('}').unwrap());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sketch.tieuchi"), with_tests).unwrap();
    let out = tieuchi().args(["--lang", "en", "test"]).arg(dir.path()).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout);
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

/// "Histories": the example counts what its comment says.
#[test]
fn the_history_example_counts_what_it_says() {
    let fragment = readme_block("### Histories", "");
    let text = format!(
        "ruleset x \"X\" {{\n{fragment}  let chuoi \"Chuỗi\" = streak(lich_su, dat)\n  outcome o \"O\" {{\n    a \"A\" when gan_day >= 2\n    b \"B\" otherwise\n  }}\n}}\n"
    );
    let rules = tieuchi::RuleSet::compile("x.tieuchi", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let mut history = json!([{"year": 2025, "dat": true}, {"year": 2022, "dat": true}, {"year": 2020, "dat": true}]);
    assert!(fragment.contains("{year: 2025, dat: true}, {year: 2022, dat: true},"), "{fragment}");
    for _ in 0..2 {
        let options = tieuchi::Options { on: Some("2026-05-01".parse().unwrap()), ..Default::default() };
        let result = rules.evaluate(&json!({ "lich_su": history }), &options).unwrap();
        let wire = result.to_wire();
        assert_eq!(wire.values.get("gan_day"), Some(&json!("2")), "{history}");
        assert_eq!(wire.values.get("chuoi"), Some(&json!("1")), "{history}");
        // "Adding {year: 2026, dat: false} leaves it 2; streak(lich_su, dat) is 1 either way."
        history.as_array_mut().unwrap().push(json!({"year": 2026, "dat": false}));
    }
}

/// "Amendment impact": the lowered HTT threshold gives the rows and the summary shown after the
/// command (the first row abridged; the summary whole).
#[test]
fn the_lowered_threshold_gives_the_impact_shown() {
    let command = readme_block("## Amendment impact", "sh");
    let shown = readme_block("## Amendment impact", "text");
    let sed = command.lines().next().unwrap();
    assert!(sed.starts_with(
        "sed 's/when tong >= 70/when tong >= 65/' rules/cong-chuc/nd335-2025.tieuchi > /tmp/htt65.tieuchi"
    ));
    let dir = tempfile::tempdir().unwrap();
    let lowered = dir.path().join("htt65.tieuchi");
    let text = std::fs::read_to_string(root().join("rules/cong-chuc/nd335-2025.tieuchi")).unwrap();
    std::fs::write(&lowered, text.replace("when tong >= 70", "when tong >= 65")).unwrap();
    let diff = command.lines().skip(1).collect::<Vec<_>>().join(" ").replace('\\', " ");
    let args: Vec<String> = diff
        .split_whitespace()
        .skip(1)
        .map(|a| if a == "/tmp/htt65.tieuchi" { lowered.to_string_lossy().into_owned() } else { a.to_owned() })
        .collect();
    let out = tieuchi().args(&args).assert().success();
    let output = out.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = shown.lines().filter(|l| !l.starts_with('{') && *l != "…").collect();
    assert_eq!(stderr.trim_end(), summary.join("\n").trim_end());
    // The first row shown, its `…` standing for the `after` side's first columns and the path.
    let first: Value = serde_json::from_str(
        &shown.lines().next().unwrap().replace("{…,", "{").replace("/tmp/htt65.tieuchi", "…htt65.tieuchi"),
    )
    .unwrap();
    let rows: Vec<Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut differences = Vec::new();
    abridged(&first, &rows[0], "", &mut differences);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
