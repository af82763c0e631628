//! The HTTP server: the routes and what wraps them (request ids, metrics, time and concurrency
//! limits, CORS when configured), plain HTTP or HTTPS (rustls), the reload triggers, and a
//! graceful shutdown on SIGTERM or Ctrl-C that lets requests in flight finish.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tieuchi::{msg, Library};
use utoipa::OpenApi as _;
use utoipa_scalar::{Scalar, Servable as _};

use crate::api::{self, RequestId};
use crate::config::{AccessConfig, Config};
use crate::decision::DecisionLog;
use crate::failure::{ApiError, ServeCode};
use crate::log;
use crate::openapi::ApiDoc;
use crate::reload::{self, Loader};
use crate::state::{read_access, AppState, Rules};

/// Serves `library` (compiled from `config.rules` by `loader`, which reloads call again) until
/// SIGTERM or Ctrl-C. Prints `listening on http://HOST:PORT` (in the operator's language,
/// [`Config::lang`]: `đang lắng nghe tại http://HOST:PORT` by default; the address is the first
/// `http://` or `https://` of the line) on standard error once it accepts connections.
pub fn run(config: Config, library: Library, loader: Loader) -> anyhow::Result<()> {
    log::set_lang(config.lang);
    config.check().map_err(|m| anyhow::Error::msg(said(&m)))?;
    let access = read_access(&config.access).map_err(|m| anyhow::Error::msg(said(&m)))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("tieuchi-serve")
        .build()
        .with_context(|| said(&msg!(ServeCannotStartRuntime)))?;
    runtime.block_on(serve(config, library, access, loader))
}

async fn serve(config: Config, library: Library, access: crate::auth::Access, loader: Loader) -> anyhow::Result<()> {
    if config.access == AccessConfig::Open {
        log::warn(&msg!(ServeNoAuthWarning, address = config.address().to_string()));
    }
    let decisions = match &config.decision_log {
        Some(path) => Some(
            DecisionLog::open(path, config.log_evidence)
                .with_context(|| said(&msg!(ServeCannotOpenDecisionLog, file = path.display().to_string())))?,
        ),
        None => None,
    };
    if config.log_evidence {
        log::warn(&msg!(ServeLogEvidenceWarning));
    }
    let tls = match &config.tls {
        Some(files) => Some(tls_config(files).await?),
        None => None,
    };
    let cannot_listen = || said(&msg!(ServeCannotListen, address = config.address().to_string()));
    let listener = std::net::TcpListener::bind(config.address()).with_context(cannot_listen)?;
    let address = listener.local_addr().with_context(cannot_listen)?;
    let state = Arc::new(
        AppState::new(config, library, access, decisions, loader)
            .with_context(|| said(&msg!(ServeCannotMakeMetrics)))?,
    );
    reload::record_rules(&state, &state.rules(), "start").await;

    let hangups = reload::on_hangup(Arc::clone(&state)).with_context(|| said(&msg!(ServeCannotListenSighup)))?;
    let watcher = if state.config.watch {
        match reload::watch(Arc::clone(&state)) {
            Ok(watching) => Some(watching),
            Err(error) => {
                let path = state.config.rules.display().to_string();
                log::warn(&msg!(ServeCannotWatch, path = path, detail = error.to_string()));
                None
            }
        }
    } else {
        None
    };
    let handle = axum_server::Handle::new();
    let stopper = tokio::spawn(stop_on_signal(handle.clone(), Arc::clone(&state)));

    let app = router(Arc::clone(&state)).into_make_service_with_connect_info::<SocketAddr>();
    // The socket is bound: connections wait in its backlog from here on.
    let scheme = if tls.is_some() { "https" } else { "http" };
    listening(scheme, address, &state.rules());
    let cannot_listen = || said(&msg!(ServeCannotListen, address = address.to_string()));
    let served = match tls {
        Some(tls) => {
            axum_server::from_tcp_rustls(listener, tls).with_context(cannot_listen)?.handle(handle).serve(app).await
        }
        None => axum_server::from_tcp(listener).with_context(cannot_listen)?.handle(handle).serve(app).await,
    };
    hangups.abort();
    stopper.abort();
    if let Some((watcher, task)) = watcher {
        task.abort();
        drop(watcher);
    }
    if let Some(log) = &state.decisions {
        log.close().await;
    }
    served.with_context(|| said(&msg!(ServeServerFailed)))?;
    log::info(&msg!(ServeStoppedLog));
    Ok(())
}

/// A message in the operator's language.
fn said(message: &tieuchi::Message) -> String {
    message.render(log::lang())
}

/// The startup lines: the address first (a script waiting for the service reads it: the line's
/// first `http://` or `https://`, whatever the language), then the rules in force.
fn listening(scheme: &str, address: SocketAddr, rules: &Rules) {
    let versions = Rules::fingerprints(&rules.library);
    log::info(&msg!(ServeListening, url = format!("{scheme}://{address}")));
    log::info(&msg!(ServeRulesInForce, count = versions.len(), versions = reload::describe(&versions)));
}

async fn tls_config(files: &crate::config::TlsFiles) -> anyhow::Result<axum_server::tls_rustls::RustlsConfig> {
    // One provider is compiled in; installing it makes the choice explicit (another dependency
    // enabling a second one must not leave rustls undecided).
    let _ = rustls::crypto::ring::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.certificate, &files.key).await.with_context(|| {
        let (certificate, key) = (files.certificate.display().to_string(), files.key.display().to_string());
        said(&msg!(ServeTlsUnusable, certificate = certificate, key = key))
    })
}

/// On SIGTERM or Ctrl-C: not ready any more, no new connections, requests in flight finish
/// (within the grace period). A second signal stops at once.
async fn stop_on_signal(handle: axum_server::Handle<SocketAddr>, state: Arc<AppState>) {
    let Ok(mut terminate) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
        log::error(&msg!(ServeCannotListenSigterm));
        let _ = tokio::signal::ctrl_c().await;
        handle.graceful_shutdown(Some(state.config.limits.shutdown_grace));
        return;
    };
    let signal = tokio::select! {
        _ = terminate.recv() => "SIGTERM",
        _ = tokio::signal::ctrl_c() => "SIGINT",
    };
    state.begin_shutdown();
    let grace = state.config.limits.shutdown_grace;
    log::info(&msg!(ServeStoppingOn, signal = signal, seconds = grace.as_secs()));
    handle.graceful_shutdown(Some(grace));
    tokio::select! {
        _ = terminate.recv() => {},
        _ = tokio::signal::ctrl_c() => {},
    }
    log::info(&msg!(ServeStoppingNow));
    handle.shutdown();
}

/// Every route with what wraps it.
pub fn router(state: Arc<AppState>) -> Router {
    let limits = state.config.limits;
    // One evaluation is quick and bounded by the body limit: the time and concurrency limits of
    // requests apply. A batch has its own (`--batch-timeout`, `--max-batches`).
    let requests = Router::new()
        .route("/v1/evaluate", post(api::evaluate))
        .route("/v1/rulesets", get(api::rulesets))
        .route("/v1/rulesets/{id}", get(api::ruleset))
        .route("/v1/codes", get(api::codes))
        .route("/v1/reload", post(api::reload))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(limits.concurrency))
        .layer(from_fn_with_state(Arc::clone(&state), time_limit));
    let openapi = crate::openapi::json();
    let app =
        Router::new()
            .merge(requests)
            .route("/v1/batch", post(crate::batch::batch))
            .route(
                "/openapi.json",
                get(move || async move {
                    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], openapi)
                }),
            )
            .merge(Scalar::with_url("/docs", ApiDoc::openapi()))
            .route("/healthz", get(api::healthz))
            .route("/readyz", get(api::readyz))
            .route("/metrics", get(api::metrics))
            .fallback(api::not_found)
            .method_not_allowed_fallback(api::method_not_allowed)
            .layer(from_fn_with_state(Arc::clone(&state), observe));
    let app = match cors(&state.config) {
        Some(cors) => app.layer(cors),
        None => app,
    };
    app.with_state(state)
}

/// CORS only for the origins configured; without any, browsers get no CORS headers at all.
fn cors(config: &Config) -> Option<tower_http::cors::CorsLayer> {
    if config.cors_origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = config.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    Some(
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
            .expose_headers([header::HeaderName::from_static("x-request-id")]),
    )
}

/// A request id (the caller's `X-Request-Id` when it is a plain token, else a new one) on the
/// request and the response, metrics by route, and no caching of answers that hold personal data.
async fn observe(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let lang = choose_lang(&mut request);
    state.metrics.request_started();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| state.next_request_id(), str::to_owned);
    let route = request.extensions().get::<MatchedPath>().cloned();
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = crate::failure::render_in(next.run(request).await, lang);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert("x-request-id", value);
    }
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let route = route.as_ref().map_or("(no route)", MatchedPath::as_str);
    state.metrics.request_done(route, response.status(), started.elapsed());
    response
}

/// The language of the answer: the `lang` query parameter (`?lang=en`) if it names one the
/// catalogue has, else `Accept-Language`, else Vietnamese. A query's choice is written into the
/// request's `Accept-Language`, which is what the handlers read.
fn choose_lang(request: &mut Request) -> tieuchi::Lang {
    let asked = request
        .uri()
        .query()
        .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(tieuchi::Lang::parse));
    if let Some(lang) = asked {
        request.headers_mut().insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(lang.as_str()));
        return lang;
    }
    api::request_lang(request.headers())
}

/// A request over its time (waiting for its turn included) is answered 503.
async fn time_limit(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let limit = state.config.limits.request_time;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::serve(
            ServeCode::Timeout,
            tieuchi::msg!(ServeRequestTimeout, limit = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX)),
        )
        .into_response(),
    }
}
