//! Finding rule files and case files under the paths given.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

const RULE_EXTENSION: &str = "tieuchi";
const CASE_SUFFIX: &str = ".cases.json";

/// Rule files: the files named, and every `*.tieuchi` under the folders named, sorted.
pub fn rule_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut |p| p.extension().is_some_and(|e| e == RULE_EXTENSION), &mut found)?;
        } else if path.is_file() {
            if path.to_string_lossy().ends_with(CASE_SUFFIX) {
                continue;
            }
            found.push(path.clone());
        } else {
            bail!("{}", tieuchi::msg!(CliDoesNotExist, path = path.display().to_string()).render(crate::lang()));
        }
    }
    found.sort();
    Ok(once_each(found))
}

/// The paths without those that name a file already listed (through a link, or `a/../a`).
fn once_each(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    paths.into_iter().filter(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))).collect()
}

/// Case files: the `*.cases.json` named, under the folders named, or beside the rule files named.
pub fn case_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let is_case = |p: &Path| p.to_string_lossy().ends_with(CASE_SUFFIX);
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut |p| is_case(p), &mut found)?;
        } else if is_case(path) {
            found.push(path.clone());
        } else if let (Some(stem), Some(folder)) = (path.file_stem(), path.parent()) {
            let beside = folder.join(format!("{}{CASE_SUFFIX}", stem.to_string_lossy()));
            if beside.is_file() {
                found.push(beside);
            }
        }
    }
    found.sort();
    Ok(once_each(found))
}

/// Every file under `dir` that `keep` accepts. Each folder is entered once, known by its
/// canonical path, so links that loop back (`a/b -> ..`) neither repeat files nor walk forever;
/// the walk keeps its own stack, so deep trees cannot exhaust the thread's.
fn walk(dir: &Path, keep: &mut dyn FnMut(&Path) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let canonical = std::fs::canonicalize(&dir).with_context(|| cannot_read_folder(&dir))?;
        if !visited.insert(canonical) {
            continue;
        }
        let entries = std::fs::read_dir(&dir).with_context(|| cannot_read_folder(&dir))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    Ok(())
}

fn cannot_read_folder(dir: &Path) -> String {
    tieuchi::msg!(CliCannotReadFolder, folder = dir.display().to_string()).render(crate::lang())
}
