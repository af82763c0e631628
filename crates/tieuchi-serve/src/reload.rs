//! Putting new rules in force without a restart: on SIGHUP, on `POST /v1/reload`, or when a rule
//! file under the folder changes. The folder is compiled whole; only a library without errors
//! replaces the one in force, in one atomic swap (a request in flight finishes with the rules it
//! started with). A broken edit leaves the rules in force and logs its diagnostics as `tieuchi
//! check` prints them. The tokens file is read again at the same time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::Watcher as _;
use tieuchi::wire::VersionRecord;
use tieuchi::Library;

use crate::decision::{ClientRecord, Decision, Outcome};
use crate::log;
use crate::state::{read_access, AppState, Rules};

/// Compiles the rule folder: the command line's reading of a folder (which files, their size
/// limit), handed to the service so that both read a folder the same way.
pub type Loader = Arc<dyn Fn() -> Result<Library, LoadError> + Send + Sync>;

/// Why the folder gave no library.
#[derive(Debug)]
pub enum LoadError {
    /// The folder or a file in it could not be read.
    Unreadable(String),
    /// Rule files with errors; the diagnostics, warnings included.
    Compile(tieuchi::CompileError),
}

impl LoadError {
    /// The diagnostics as `tieuchi check` prints them without a terminal, in `lang`.
    pub fn render(&self, lang: tieuchi::Lang) -> String {
        match self {
            LoadError::Unreadable(message) => format!("{}: {message}", tieuchi::Severity::Error.label(lang)),
            LoadError::Compile(error) => {
                let errors = error.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = error.diagnostics.len() - errors;
                let tally = tieuchi::msg!(ServeFolderTally, errors = errors, warnings = warnings).render(lang);
                format!("{}\n{tally}", error.render(lang))
            }
        }
    }
}

/// What asked for a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The process got SIGHUP.
    Hangup,
    /// A rule file under the folder changed.
    FileChanged,
    /// `POST /v1/reload`.
    Request,
}

impl Trigger {
    /// The trigger as the decision log records it (its `request_id` of the rules put in force):
    /// the same in every language, as a code is.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Hangup => "SIGHUP",
            Trigger::FileChanged => "a rule file changed",
            Trigger::Request => "POST /v1/reload",
        }
    }

    /// The trigger in the operator's words.
    fn message(self) -> tieuchi::Message {
        match self {
            Trigger::Hangup => tieuchi::msg!(ServeTriggerSighup),
            Trigger::FileChanged => tieuchi::msg!(ServeTriggerFileChanged),
            Trigger::Request => tieuchi::msg!(ServeTriggerRequest),
        }
    }
}

/// What a reload did.
#[derive(Debug)]
pub enum Reloaded {
    /// New rules in force, with this generation.
    Changed { generation: u64, versions: Vec<(String, String)> },
    /// The folder compiles to the rules already in force.
    Unchanged { generation: u64 },
    /// The rules in force stay.
    Failed(LoadError),
}

/// Compiles the folder again and puts it in force if it compiles and differs; reads the tokens
/// file again. The trigger is named in the log.
pub async fn reload(state: &Arc<AppState>, why: Trigger) -> Reloaded {
    let _one_at_a_time = state.reloading.lock().await;
    reload_access(state);
    let compile = Arc::clone(&state.loader);
    let compiled = match tokio::task::spawn_blocking(move || compile()).await {
        Ok(compiled) => compiled,
        Err(error) => Err(LoadError::Unreadable(
            tieuchi::msg!(ServeReloadStopped, detail = error.to_string()).render(log::lang()),
        )),
    };
    let trigger = why.message();
    let library = match compiled {
        Ok(library) => library,
        Err(error) => {
            state.metrics.reloaded("failed");
            let generation = state.rules().generation;
            let head = tieuchi::msg!(ServeReloadFailed, trigger = trigger, generation = generation);
            log::error(&tieuchi::Message::verbatim(format!(
                "{}\n{}",
                head.render(log::lang()),
                error.render(log::lang())
            )));
            return Reloaded::Failed(error);
        }
    };
    let current = state.rules();
    let versions = Rules::fingerprints(&library);
    if versions == Rules::fingerprints(&current.library) {
        state.metrics.reloaded("unchanged");
        log::info(&tieuchi::msg!(ServeReloadUnchanged, trigger = trigger, generation = current.generation));
        return Reloaded::Unchanged { generation: current.generation };
    }
    for warning in library.warnings() {
        log::warn(&tieuchi::Message::verbatim(warning.render(log::lang())));
    }
    let generation = current.generation + 1;
    let rules = Rules { library, generation, loaded_at: crate::decision::now() };
    record_rules(state, &rules, why.as_str()).await;
    state.put_in_force(rules);
    state.metrics.reloaded("loaded");
    let versions_text = describe(&versions);
    log::info(&tieuchi::msg!(ServeReloadDone, trigger = trigger, generation = generation, versions = versions_text));
    Reloaded::Changed { generation, versions }
}

fn reload_access(state: &AppState) {
    match read_access(&state.config.access) {
        Ok(access) => state.set_access(access),
        Err(problem) => log::error(&tieuchi::msg!(ServeTokensStay, problem = problem)),
    }
}

/// `id (sha256 1a2b3c4d…)`, for the log.
pub fn describe(versions: &[(String, String)]) -> String {
    let each: Vec<String> =
        versions.iter().map(|(id, sha)| format!("{id} ({}…)", sha.get(..12).unwrap_or(sha))).collect();
    each.join(", ")
}

/// The rules put in force, as a line of the decision log: what every later decision refers to.
pub async fn record_rules(state: &AppState, rules: &Rules, why: &str) {
    let Some(log) = &state.decisions else { return };
    let decision = Decision {
        time: crate::decision::now(),
        request_id: why,
        client: ClientRecord { name: "tieuchi serve", address: String::new() },
        endpoint: "rules",
        ruleset: None,
        engine: tieuchi::wire::EngineRecord::current(),
        rules: None,
        versions: rules.library.rulesets().iter().map(VersionRecord::of).collect(),
        outcome: Outcome::default(),
        evidence_sha256: None,
        evidence: None,
    };
    if let Some(line) = crate::decision::line(&decision) {
        log.send(line).await;
    }
}

/// Reloads on SIGHUP, until the service stops.
pub fn on_hangup(state: Arc<AppState>) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    Ok(tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            reload(&state, Trigger::Hangup).await;
        }
    }))
}

/// How long the folder must be quiet after a change before it is read: an editor's save is
/// several events, a `git checkout` many.
const SETTLE: Duration = Duration::from_millis(300);

/// Reloads when a rule file under the folder changes. The watcher must be kept alive.
pub fn watch(state: Arc<AppState>) -> notify::Result<(notify::RecommendedWatcher, tokio::task::JoinHandle<()>)> {
    let root = state.config.rules.clone();
    let (sender, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| touches_rules(&e)) {
            let _ = sender.send(());
        }
    })?;
    let (target, mode) = watched(&root);
    watcher.watch(&target, mode)?;
    let task = tokio::spawn(async move {
        while changes.recv().await.is_some() {
            // Wait until the changes stop coming.
            loop {
                match tokio::time::timeout(SETTLE, changes.recv()).await {
                    Ok(Some(())) => {}
                    Ok(None) => return,
                    Err(_quiet) => break,
                }
            }
            reload(&state, Trigger::FileChanged).await;
        }
    });
    Ok((watcher, task))
}

/// A folder is watched with everything under it; a single rule file, through its folder (editors
/// replace a file rather than write into it).
fn watched(root: &Path) -> (PathBuf, notify::RecursiveMode) {
    if root.is_dir() {
        return (root.to_path_buf(), notify::RecursiveMode::Recursive);
    }
    let folder = root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    (folder.to_path_buf(), notify::RecursiveMode::NonRecursive)
}

/// Whether an event can change the rules: a rule file, or a folder (created, removed, renamed).
fn touches_rules(event: &notify::Event) -> bool {
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|p| p.extension().is_none_or(|e| e == "tieuchi"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn only_rule_files_and_folders_trigger_a_reload() {
        let event = |path: &str| notify::Event::new(notify::EventKind::Any).add_path(PathBuf::from(path));
        assert!(touches_rules(&event("rules/cong-chuc/nd335-2025.tieuchi")));
        assert!(touches_rules(&event("rules/new-family")));
        assert!(!touches_rules(&event("rules/cong-chuc/nd335-2025.cases.json")));
        assert!(!touches_rules(&event("rules/cong-chuc/.nd335-2025.tieuchi.swp")));
    }
}
