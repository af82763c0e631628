//! The endpoints: each reads its request, asks the engine, and renders the engine's answer. No
//! decision is made here: the version is chosen by `Library::select`, the result is
//! `tieuchi::wire::result_json` (the bytes `tieuchi eval --format json` prints), a failure is the
//! engine's record.
#![expect(unused_qualifications, reason = "utoipa's `#[utoipa::path]` expands `params(...)` with full paths")]

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use tieuchi::wire::{EngineRecord, VersionRecord};
use tieuchi::{Options, RuleSet};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Scope;
use crate::decision::{sha256_hex, ClientRecord, Decision, Outcome};
use crate::failure::{ApiError, ServeCode};
use crate::openapi::schema;
use crate::reload::{reload as reload_rules, Reloaded};
use crate::state::AppState;

/// The id a request is known by in the decision log and the `X-Request-Id` header.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub type Shared = State<Arc<AppState>>;

/// The body of `POST /v1/evaluate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest<'a> {
    /// A rule set's id, or any version's id of a family: the evidence's `on` chooses the version
    /// in force on that date; without `on`, the version named is used.
    #[serde(borrow)]
    pub ruleset: Cow<'a, str>,
    /// The evidence: input ids (assessed score items by their score id), with the optional `id`
    /// (the subject) and `on` (the evaluation date, `YYYY-MM-DD`). Decimals may be numbers or
    /// strings; `GET /v1/rulesets/{id}` gives its JSON Schema.
    #[serde(borrow)]
    #[schema(value_type = Object)]
    pub evidence: &'a RawValue,
    /// A simulation: parameters (`param`) of the rules given another value, as `tieuchi eval
    /// --set` does: `{"nguong_htxs": 85}` (a number, or its text: `"85%"` for a percent). The
    /// result names them `overridden`, so that it never passes for the rules' own.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub params: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluateQuery {
    /// Include the condition-by-condition trace of every rule tried (default false).
    trace: Option<bool>,
    /// Include what it takes: for every better tier, the changes of evidence that reach it or
    /// the rule that blocks it; with evidence missing, what is still possible (default false).
    what_it_takes: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// With a family id: the version in force on this date (`YYYY-MM-DD`).
    on: Option<String>,
}

pub fn malformed_query(rejection: &QueryRejection) -> ApiError {
    ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeBadQuery, detail = rejection.body_text()))
}

pub fn parse_date(text: &str) -> Result<tieuchi::value::Date, ApiError> {
    text.parse().map_err(|_| ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeNotADate, text = text)))
}

fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body.into()).into_response()
}

/// Evaluates one record with the version of the rule set (or family) in force on its date.
#[utoipa::path(
    post, path = "/v1/evaluate", tag = "evaluate",
    params(EvaluateQuery),
    request_body(content = EvaluateRequest, content_type = "application/json",
        example = json!({"ruleset": "cong_chuc_nd335", "evidence": {"id": "CC-0001", "on": "2026-12-10",
            "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên", "tieu_chi_chung": "27.5", "ket_qua_nhiem_vu": "58.75",
            "suy_thoai": false, "vi_pham_dieu_cam": false, "vi_pham_neu_guong": false, "ky_luat_trong_nam": null}})),
    responses(
        (status = 200, description = "The result, byte for byte what `tieuchi eval --format json` prints", body = schema::EvaluationResult),
        (status = 400, description = "The body is not `{\"ruleset\", \"evidence\"}` JSON (`serve::malformed`)", body = schema::Failure),
        (status = 401, description = "No token, or an unknown one (`serve::unauthorized`)", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `evaluate` (`serve::forbidden`)", body = schema::Failure),
        (status = 404, description = "No rule set has this id (`select::unknown`)", body = schema::Failure),
        (status = 413, description = "The body is over the size limit (`serve::too-large`)", body = schema::Failure),
        (status = 422, description = "The evidence does not fit the rule set (`evidence::*`), arithmetic has no exact answer (`eval::*`), or no version is in force on the date (`select::*`)", body = schema::Failure),
        (status = 503, description = "Over the time limit, shutting down, or the decision log cannot be written", body = schema::Failure),
    ),
    security(("bearer" = ["evaluate"]))
)]
pub async fn evaluate(
    State(state): Shared,
    Extension(RequestId(request_id)): Extension<RequestId>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    query: Result<Query<EvaluateQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let client = state.authorize(&headers, Scope::Evaluate)?;
    state.ready_to_decide()?;
    let query = query.map_err(|r| malformed_query(&r))?.0;
    let asked = Asked {
        trace: query.trace.unwrap_or(false),
        what_it_takes: query.what_it_takes.unwrap_or(false),
        lang: request_lang(&headers),
    };
    let body = crate::limits::read_body(body, &headers, state.config.limits.body_bytes).await?;
    let request: EvaluateRequest<'_> = serde_json::from_slice(&body).map_err(|e| {
        ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeBadEvaluateBody, detail = e.to_string()))
    })?;
    let rules = state.rules();
    let on = evidence_date(request.evidence);
    let (answer, line) = match rules.library.select(Some(&request.ruleset), on) {
        Ok(version) => match simulation(version, &request.params, asked.lang) {
            Ok(simulated) => {
                decide(&state, simulated.as_ref().unwrap_or(version), &request, asked, &request_id, &client.name, peer)
            }
            Err(answer) => {
                let line = state.decisions.as_ref().and_then(|log| {
                    let outcome = failure_outcome(&answer);
                    log_line(log, &request_id, &client.name, peer, &request, Chosen::None, outcome)
                });
                state.metrics.evaluated(version.id(), "error");
                (Err(answer), line)
            }
        },
        Err(error) => {
            let answer = ApiError::select(&error, asked.lang);
            let line = state.decisions.as_ref().and_then(|log| {
                let outcome = failure_outcome(&answer);
                log_line(log, &request_id, &client.name, peer, &request, Chosen::None, outcome)
            });
            state.metrics.evaluated("(none)", "error");
            (Err(answer), line)
        }
    };
    if let (Some(log), Some(line)) = (&state.decisions, line) {
        log.send(line).await;
    }
    answer
}

/// The version with the request's parameters simulated (`None` when it sets none); an unknown
/// parameter or a value that does not fit is the core's `argument::` failure.
fn simulation(
    version: &RuleSet,
    params: &std::collections::BTreeMap<String, serde_json::Value>,
    lang: tieuchi::Lang,
) -> Result<Option<RuleSet>, ApiError> {
    if params.is_empty() {
        return Ok(None);
    }
    version.with_params_in(tieuchi::param_texts(params), lang).map(Some).map_err(|failure| ApiError::argument(*failure))
}

/// The language a request asks for in its `Accept-Language` header; Vietnamese when it names
/// none the catalogue has. A `lang` query parameter outranks the header: the outermost middleware
/// writes it into the header (see `server::observe`), so that this is the one place to read.
pub(crate) fn request_lang(headers: &HeaderMap) -> tieuchi::Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(tieuchi::Lang::from_accept_language)
        .unwrap_or_default()
}

/// What an evaluation adds to its result, as the query asks.
#[derive(Debug, Clone, Copy)]
struct Asked {
    trace: bool,
    what_it_takes: bool,
    /// The language of the findings and errors, from `Accept-Language`.
    lang: tieuchi::Lang,
}

/// Evaluates with the version chosen; the answer, and the decision's line for the log (made here,
/// while the result is at hand).
fn decide(
    state: &AppState,
    version: &RuleSet,
    request: &EvaluateRequest<'_>,
    Asked { trace, what_it_takes, lang }: Asked,
    request_id: &str,
    client: &str,
    peer: SocketAddr,
) -> (Result<Response, ApiError>, Option<Vec<u8>>) {
    // The record's own `on` anchors the evaluation; the core reads it from the evidence.
    let options = Options { on: None, trace, lang };
    match version.evaluate_json(request.evidence.get(), &options) {
        Ok(result) => {
            state.metrics.evaluated(version.id(), result.status().as_str());
            let Ok(mut json) = tieuchi::wire::result_json(&result, trace, what_it_takes) else {
                return (Err(ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeResultNotJson))), None);
            };
            // A newline ends it, as `tieuchi eval` ends what it prints.
            json.push('\n');
            let line = state.decisions.as_ref().and_then(|log| {
                let wire = result.to_wire();
                let outcome = Outcome {
                    http_status: Some(200),
                    status: Some(wire.status.as_str()),
                    outcome: wire.outcome.as_ref().map(|o| o.id.as_ref()),
                    decided_by: wire.outcome.as_ref().map(|o| o.decided_by.as_ref()),
                    ..Outcome::default()
                };
                log_line(log, request_id, client, peer, request, Chosen::Rules(wire.rules), outcome)
            });
            (Ok(json_response(StatusCode::OK, json)), line)
        }
        Err(error) => {
            state.metrics.evaluated(version.id(), "error");
            let answer = ApiError::evaluate(&error, lang);
            let line = state.decisions.as_ref().and_then(|log| {
                let chosen = Chosen::Version(VersionRecord::of(version));
                log_line(log, request_id, client, peer, request, chosen, failure_outcome(&answer))
            });
            (Err(answer), line)
        }
    }
}

fn failure_outcome(answer: &ApiError) -> Outcome<'_> {
    Outcome {
        http_status: Some(answer.status.as_u16()),
        status: Some("error"),
        error_kind: Some(answer.kind()),
        error_code: Some(answer.code()),
        ..Outcome::default()
    }
}

/// The rules a decision names: the result's (the version and why it applies), the version chosen
/// when the evidence did not fit it, or none when no version could be chosen.
enum Chosen<'a> {
    Rules(tieuchi::wire::RulesRecord<'a>),
    Version(VersionRecord<'a>),
    None,
}

fn log_line(
    log: &crate::decision::DecisionLog,
    request_id: &str,
    client: &str,
    peer: SocketAddr,
    request: &EvaluateRequest<'_>,
    chosen: Chosen<'_>,
    outcome: Outcome<'_>,
) -> Option<Vec<u8>> {
    let evidence = request.evidence;
    let (rules, versions) = match chosen {
        Chosen::Rules(rules) => (Some(rules), Vec::new()),
        Chosen::Version(version) => (None, vec![version]),
        Chosen::None => (None, Vec::new()),
    };
    crate::decision::line(&Decision {
        time: crate::decision::now(),
        request_id,
        client: ClientRecord { name: client, address: peer.to_string() },
        endpoint: "evaluate",
        ruleset: Some(&request.ruleset),
        engine: EngineRecord::current(),
        rules,
        versions,
        outcome,
        evidence_sha256: Some(sha256_hex(evidence.get().as_bytes())),
        evidence: log.with_evidence().then_some(evidence),
    })
}

/// The date that chooses the version: the evidence's `on` when it is a date, as `tieuchi eval`
/// reads it (the last `on` given; anything else chooses by no date, and the engine then reports
/// what is wrong with it).
fn evidence_date(evidence: &RawValue) -> Option<tieuchi::value::Date> {
    struct LastOn;
    impl<'de> Visitor<'de> for LastOn {
        type Value = Option<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut on = None;
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                if key == "on" {
                    on = match map.next_value::<serde_json::Value>()? {
                        serde_json::Value::String(text) => Some(text),
                        _ => None,
                    };
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(on)
        }
    }
    let mut reader = serde_json::Deserializer::from_str(evidence.get());
    let on = serde::Deserializer::deserialize_map(&mut reader, LastOn).ok()??;
    on.parse().ok()
}

/// The rule families in force, each version with its validity window and fingerprint.
#[utoipa::path(
    get, path = "/v1/rulesets", tag = "rules",
    responses(
        (status = 200, description = "Every family, oldest version first", body = schema::RuleSets),
        (status = 401, description = "No token, or an unknown one", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `rules`", body = schema::Failure),
    ),
    security(("bearer" = ["rules"]))
)]
pub async fn rulesets(State(state): Shared, headers: HeaderMap) -> Result<Json<schema::RuleSets>, ApiError> {
    state.authorize(&headers, Scope::Rules)?;
    let rules = state.rules();
    let families = rules
        .library
        .families()
        .into_iter()
        .filter_map(|versions| {
            let newest = versions.last()?;
            Some(schema::Family {
                id: newest.id().to_owned(),
                label: newest.label().to_owned(),
                versions: versions.iter().map(|r| version_info(r)).collect(),
            })
        })
        .collect();
    Ok(Json(schema::RuleSets {
        engine: engine(),
        generation: rules.generation,
        loaded_at: rules.loaded_at.clone(),
        families,
    }))
}

fn engine() -> schema::Engine {
    let current = EngineRecord::current();
    schema::Engine { name: current.name.into_owned(), version: current.version.into_owned() }
}

fn version_info(rules: &RuleSet) -> schema::VersionInfo {
    let info = rules.info();
    schema::VersionInfo {
        id: info.id,
        label: info.label,
        sha256: rules.fingerprint().to_owned(),
        valid_from: info.valid_from.map(|d| d.to_string()),
        valid_until: info.valid_until.map(|d| d.to_string()),
        source: info.source,
        replaces: info.replaces,
    }
}

/// One rule set: its inputs with their labels (as data and as the JSON Schema of a record), its
/// family's versions, and every rule's citation.
#[utoipa::path(
    get, path = "/v1/rulesets/{id}", tag = "rules",
    params(
        ("id" = String, Path, description = "A rule set's id, or any version's id of a family"),
        DateQuery,
    ),
    responses(
        (status = 200, description = "The rule set", body = schema::RuleSetDetail),
        (status = 400, description = "`on` is not a date", body = schema::Failure),
        (status = 401, description = "No token, or an unknown one", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `rules`", body = schema::Failure),
        (status = 404, description = "No rule set has this id (`select::unknown`)", body = schema::Failure),
        (status = 422, description = "No version of the family is in force on `on`", body = schema::Failure),
    ),
    security(("bearer" = ["rules"]))
)]
pub async fn ruleset(
    State(state): Shared,
    Path(id): Path<String>,
    query: Result<Query<DateQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state.authorize(&headers, Scope::Rules)?;
    let on = query.map_err(|r| malformed_query(&r))?.0.on.as_deref().map(parse_date).transpose()?;
    let rules = state.rules();
    let version = rules.library.select(Some(&id), on).map_err(|e| ApiError::select(&e, request_lang(&headers)))?;
    let family: Vec<VersionRecord<'_>> =
        rules.library.family_of(version.id()).into_iter().map(VersionRecord::of).collect();
    let info = version.info();
    let body = serde_json::json!({
        "engine": EngineRecord::current(),
        "version": VersionRecord::of(version),
        "label": version.label(),
        "source": info.source,
        "family": family,
        "inputs": version.schema(),
        "json_schema": version.json_schema(),
        "citations": citations(info),
    });
    Ok(Json(body).into_response())
}

/// Every rule of the rule set that cites a text, in the order of the file.
fn citations(info: tieuchi::RuleSetInfo) -> Vec<schema::Citation> {
    info.citations
        .into_iter()
        .map(|c| schema::Citation {
            kind: c.kind.as_str().to_owned(),
            id: c.id,
            label: c.label,
            source: c.source,
            at: c.at,
        })
        .collect()
}

/// Every code the engine and the service can give, with its meaning and an example.
#[utoipa::path(
    get, path = "/v1/codes", tag = "rules",
    responses(
        (status = 200, description = "The engine's registry (`tieuchi explain`), then the service's own `serve::*` codes", body = [schema::Code]),
        (status = 401, description = "No token, or an unknown one", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `rules`", body = schema::Failure),
    ),
    security(("bearer" = ["rules"]))
)]
pub async fn codes(State(state): Shared, headers: HeaderMap) -> Result<Response, ApiError> {
    state.authorize(&headers, Scope::Rules)?;
    let lang = request_lang(&headers);
    let mut codes: Vec<serde_json::Value> =
        tieuchi::codes::all().map(|c| serde_json::to_value(c.in_lang(lang)).unwrap_or_default()).collect();
    codes.extend(ServeCode::ALL.iter().map(|c| {
        serde_json::json!({
            "code": c.as_str(),
            "kind": "serve",
            "summary": c.summary(lang),
            "explanation": format!("HTTP {}. {}", c.status().as_u16(), c.help(lang)),
            "example": c.example(lang),
        })
    }));
    Ok(Json(codes).into_response())
}

/// Compiles the rule folder again and puts it in force if it compiles; the rules in force stay
/// otherwise. Reads the tokens file again too.
#[utoipa::path(
    post, path = "/v1/reload", tag = "operations",
    responses(
        (status = 200, description = "The rules in force after the reload", body = schema::Reload),
        (status = 401, description = "No token, or an unknown one", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `reload`", body = schema::Failure),
        (status = 422, description = "The folder has errors (`compile`): the rules in force stay", body = schema::Failure),
    ),
    security(("bearer" = ["reload"]))
)]
pub async fn reload(State(state): Shared, headers: HeaderMap) -> Result<Json<schema::Reload>, ApiError> {
    state.authorize(&headers, Scope::Reload)?;
    let changed = match reload_rules(&state, crate::reload::Trigger::Request).await {
        Reloaded::Changed { .. } => true,
        Reloaded::Unchanged { .. } => false,
        Reloaded::Failed(crate::reload::LoadError::Compile(error)) => return Err(ApiError::compile(&error)),
        Reloaded::Failed(crate::reload::LoadError::Unreadable(message)) => {
            return Err(ApiError::serve(ServeCode::Internal, tieuchi::msg!(Verbatim, text = message)))
        }
    };
    let rules = state.rules();
    let rulesets = rules
        .library
        .rulesets()
        .iter()
        .map(|r| {
            let version = VersionRecord::of(r);
            schema::Version {
                id: version.id.into_owned(),
                sha256: version.sha256.into_owned(),
                valid_from: version.valid_from,
                valid_until: version.valid_until,
            }
        })
        .collect();
    Ok(Json(schema::Reload { changed, generation: rules.generation, rulesets }))
}

/// The process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = schema::Health)))]
pub async fn healthz() -> Json<schema::Health> {
    Json(schema::Health { status: "ok".to_owned() })
}

/// Ready for traffic: rules in force, not shutting down, the decision log writable.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = schema::Ready),
        (status = 503, description = "Shutting down, or the decision log cannot be written", body = schema::Failure),
    ))]
pub async fn readyz(State(state): Shared) -> Result<Json<schema::Ready>, ApiError> {
    if state.shutting_down() {
        return Err(ApiError::serve(ServeCode::Unavailable, tieuchi::msg!(ServeShuttingDown)));
    }
    state.ready_to_decide()?;
    let rules = state.rules();
    Ok(Json(schema::Ready {
        ready: true,
        generation: rules.generation,
        rulesets: rules.library.rulesets().len() as u64,
    }))
}

/// Prometheus metrics (text exposition format): requests, latency, evaluations, batch rows,
/// reloads, rules in force. Counts only, nothing of the evidence.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "The metrics", body = String, content_type = "text/plain; version=0.0.4")))]
pub async fn metrics(State(state): Shared) -> Response {
    let text = state.metrics.render();
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"))], text)
        .into_response()
}

pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::serve(ServeCode::NotFound, tieuchi::msg!(ServeNoEndpoint, path = uri.path()))
}

pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::serve(
        ServeCode::MethodNotAllowed,
        tieuchi::msg!(ServeMethodNotAnswered, path = uri.path(), method = method.as_str()),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap()
    }

    #[test]
    fn a_request_simulates_the_parameters_it_sets_and_refuses_others() {
        let rules = RuleSet::compile("nd335-2025.tieuchi", include_str!("../../../rules/cong-chuc/nd335-2025.tieuchi"))
            .unwrap();
        let params = |json: &str| -> std::collections::BTreeMap<String, serde_json::Value> {
            serde_json::from_str(json).unwrap()
        };
        assert!(simulation(&rules, &params("{}"), tieuchi::Lang::Vi).unwrap().is_none());
        let evidence = r#"{"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 58, "suy_thoai": false}"#;
        let rate = |rules: &RuleSet| {
            let result =
                rules.evaluate_json(evidence, &Options { on: None, trace: false, ..Options::default() }).unwrap();
            serde_json::to_value(result.to_wire()).unwrap()
        };
        assert_eq!(rate(&rules)["outcome"]["id"], "htt");
        for set in [r#"{"nguong_htxs": 85}"#, r#"{"nguong_htxs": "85"}"#] {
            let simulated = simulation(&rules, &params(set), tieuchi::Lang::Vi).unwrap().unwrap();
            let result = rate(&simulated);
            assert_eq!(result["outcome"]["id"], "htxs", "{set}");
            assert_eq!(result["params"]["nguong_htxs"]["overridden"], true, "{set}");
            assert_eq!(result["params"]["nguong_htxs"]["value"], "85", "{set}");
        }
        let unknown = simulation(&rules, &params(r#"{"nguong": 85}"#), tieuchi::Lang::Vi).unwrap_err();
        assert_eq!((unknown.code(), unknown.kind()), ("argument::unknown-param", "argument"));
        let unfit = simulation(&rules, &params(r#"{"nguong_htxs": true}"#), tieuchi::Lang::Vi).unwrap_err();
        assert_eq!(unfit.code(), "argument::bad-param");
    }

    #[test]
    fn the_evidence_date_is_read_as_the_command_line_reads_it() {
        let date = |text: &str| evidence_date(&raw(text)).map(|d| d.to_string());
        assert_eq!(date(r#"{"a": {"on": "2020-01-01"}, "on": "2026-06-30"}"#).as_deref(), Some("2026-06-30"));
        assert_eq!(date(r#"{"on": "2025-01-01", "on": "2026-06-30"}"#).as_deref(), Some("2026-06-30"));
        assert_eq!(date(r#"{"on": 20260630}"#), None);
        assert_eq!(date(r#"{"on": "30/06/2026"}"#), None);
        assert_eq!(date("[1, 2]"), None);
        assert_eq!(date("{}"), None);
    }
}
