//! What every request shares: the rules in force (swapped whole on a reload, so a request sees
//! one library from start to end), who may call, the decision log, the metrics, the limits.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::http::{header, HeaderMap};
use tieuchi::Library;

use crate::auth::{Access, Client, Scope};
use crate::config::{AccessConfig, Config};
use crate::decision::DecisionLog;
use crate::failure::{ApiError, ServeCode};
use crate::metrics::Metrics;
use crate::reload::Loader;

/// The rules in force: a compiled library and when it was put in force.
#[derive(Debug)]
pub struct Rules {
    pub library: Library,
    /// 1 for the rules loaded at start, one more for each reload that changed them.
    pub generation: u64,
    /// RFC 3339, UTC.
    pub loaded_at: String,
}

impl Rules {
    /// Each version by id and fingerprint: what tells whether a reload changed anything.
    pub fn fingerprints(library: &Library) -> Vec<(String, String)> {
        let mut prints: Vec<(String, String)> =
            library.rulesets().iter().map(|r| (r.id().to_owned(), r.fingerprint().to_owned())).collect();
        prints.sort_unstable();
        prints
    }
}

/// The state shared by every request.
pub struct AppState {
    pub config: Config,
    rules: ArcSwap<Rules>,
    access: ArcSwap<Access>,
    pub metrics: Metrics,
    pub decisions: Option<DecisionLog>,
    pub loader: Loader,
    /// One reload at a time.
    pub reloading: tokio::sync::Mutex<()>,
    /// Batches run at once.
    pub batches: Arc<tokio::sync::Semaphore>,
    shutting_down: AtomicBool,
    request_ids: RequestIds,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("config", &self.config).finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(
        config: Config,
        library: Library,
        access: Access,
        decisions: Option<DecisionLog>,
        loader: Loader,
    ) -> Result<AppState, prometheus::Error> {
        let metrics = Metrics::new()?;
        metrics.rules_in_force(library.rulesets().len(), 1);
        let batches = Arc::new(tokio::sync::Semaphore::new(config.limits.batches));
        Ok(AppState {
            rules: ArcSwap::from_pointee(Rules { library, generation: 1, loaded_at: crate::decision::now() }),
            access: ArcSwap::from_pointee(access),
            metrics,
            decisions,
            loader,
            reloading: tokio::sync::Mutex::new(()),
            batches,
            shutting_down: AtomicBool::new(false),
            request_ids: RequestIds::new(),
            config,
        })
    }

    /// The rules in force now; a request keeps the same ones to its end.
    pub fn rules(&self) -> Arc<Rules> {
        self.rules.load_full()
    }

    pub fn put_in_force(&self, rules: Rules) {
        self.metrics.rules_in_force(rules.library.rulesets().len(), rules.generation);
        self.rules.store(Arc::new(rules));
    }

    pub fn set_access(&self, access: Access) {
        self.access.store(Arc::new(access));
    }

    /// The caller, if its token allows `scope` (401 or 403 otherwise).
    pub fn authorize(&self, headers: &HeaderMap, scope: Scope) -> Result<Client, ApiError> {
        let authorization = headers.get(header::AUTHORIZATION).map(axum::http::HeaderValue::as_bytes);
        self.access.load().authorize(authorization, scope)
    }

    /// Decisions are refused while the decision log cannot be written, and once shutdown began.
    pub fn ready_to_decide(&self) -> Result<(), ApiError> {
        if self.decisions.as_ref().is_some_and(|log| !log.writable()) {
            return Err(ApiError::serve(ServeCode::Unavailable, tieuchi::msg!(ServeDecisionLogUnwritable)));
        }
        Ok(())
    }

    pub fn begin_shutdown(&self) {
        self.shutting_down.store(true, Ordering::Relaxed);
    }

    pub fn shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::Relaxed)
    }

    pub fn next_request_id(&self) -> String {
        self.request_ids.next()
    }
}

/// Reads who may call from the configuration: the tokens file, or open access. A problem is a
/// message for the operator; the system's own words on an unreadable file stay as its detail.
pub fn read_access(config: &AccessConfig) -> Result<Access, tieuchi::Message> {
    match config {
        AccessConfig::Open => Ok(Access::Open),
        AccessConfig::Tokens(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                tieuchi::msg!(ServeCannotReadTokens, file = path.display().to_string(), detail = e.to_string())
            })?;
            Access::parse_tokens(&text, &path.display().to_string())
        }
    }
}

/// Request ids: a random prefix per process and a counter, so that ids never repeat within a
/// run and hardly ever across runs.
#[derive(Debug)]
struct RequestIds {
    prefix: u64,
    next: AtomicU64,
}

impl RequestIds {
    fn new() -> RequestIds {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(std::time::SystemTime::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
        hasher.write_u32(std::process::id());
        RequestIds { prefix: hasher.finish(), next: AtomicU64::new(1) }
    }

    fn next(&self) -> String {
        format!("{:016x}-{:x}", self.prefix, self.next.fetch_add(1, Ordering::Relaxed))
    }
}
