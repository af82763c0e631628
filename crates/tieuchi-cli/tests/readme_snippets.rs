//! Every shell snippet of every README in the repository runs: each `sh` code block is run by bash
//! (`-euo pipefail`) with the `tieuchi` just built first on the `PATH`, in a scratch folder that
//! sees the repository's files, and must succeed. `cargo run -p tieuchi-cli --` in a snippet is
//! the same command as `tieuchi`; what a snippet writes under `/tmp/` goes to the scratch folder.
//!
//! A snippet that cannot run here (it installs, builds, or serves) is listed in `RUN_ELSEWHERE`
//! with where it runs instead; the test fails when a listed snippet is no longer in a README, so
//! the list cannot hide a new one.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Snippets by their first line, with where they are run instead of here.
const RUN_ELSEWHERE: &[(&str, &str)] = &[
    ("# Evaluate a bundled example: a civil servant under NĐ 335/2025, explained in Vietnamese.", "the README's two commands: `.ci/run` runs `bash tests/run-all.sh`; the first is `tieuchi eval` of rules/cong-chuc/README.md's first snippet, run here"),
    ("tieuchi batch rules/cong-chuc records.jsonl -o rows.parquet --summary none", "the reader's own files; tests/parquet.rs runs batch to and from Parquet"),
    ("openssl rand -hex 32 | sed 's/$/ evaluate,batch,rules hr-system/' > tokens.txt   # TOKEN SCOPES CLIENT", "a service; tests/serve.rs starts it and sends these requests"),
    ("bash fuzz/run.sh 600                      # every target for 10 minutes, one after another", "fuzzing for minutes; fuzz/README.md"),
    ("pip install ./bindings/tieuchi-py            # builds the wheel with maturin and installs it", "tests/run-python.sh installs the package so"),
    ("bash bindings/tieuchi-wasm/scripts/build.sh        # writes bindings/tieuchi-wasm/pkg/", "tests/run-wasm.sh"),
    ("node bindings/tieuchi-wasm/scripts/serve.mjs          # http://127.0.0.1:8080/www/", "a server; tests/run-wasm.sh serves the page to Chromium"),
    ("bash tests/run-wasm.sh", "`.ci/run`"),
    ("bash bindings/tieuchi-wasm/scripts/build.sh", "tests/run-wasm.sh builds; the benchmark is run by hand"),
    ("python3 bindings/tieuchi-wasm/scripts/sizes.py $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/tieuchi_wasm.wasm", "reads a wasm build's module; run by hand after scripts/build.sh"),
];

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

/// The `sh` code blocks of a README: (line of the fence, text).
fn shell_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```sh" | "```bash") => current = Some((n + 1, String::new())),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some((_, body)), line) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn first_line(block: &str) -> &str {
    block.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim_end()
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

#[test]
fn every_shell_snippet_of_the_readmes_runs() {
    let tieuchi = PathBuf::from(env!("CARGO_BIN_EXE_tieuchi"));
    let path = format!("{}:{}", tieuchi.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut files = Vec::new();
    readmes(&root(), &mut files);
    files.sort();
    let (mut ran, mut seen_elsewhere, mut failures) = (0, Vec::new(), Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for (line, block) in shell_blocks(&text) {
            if let Some((first, _)) = RUN_ELSEWHERE.iter().find(|(first, _)| *first == first_line(&block)) {
                seen_elsewhere.push(*first);
                continue;
            }
            let dir = scratch();
            let script = block
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
                    "{shown}:{line}: {}\n{block}--- stdout\n{}--- stderr\n{}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} snippets failed:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(ran >= 5, "only {ran} snippets found in {} READMEs", files.len());
    let stale: Vec<&str> =
        RUN_ELSEWHERE.iter().map(|(first, _)| *first).filter(|first| !seen_elsewhere.contains(first)).collect();
    assert!(stale.is_empty(), "RUN_ELSEWHERE lists snippets no README has any more: {stale:#?}");
}
