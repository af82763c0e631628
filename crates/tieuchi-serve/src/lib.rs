//! `tieuchi serve`: the engine as an HTTP service that other government systems call.
//!
//! The service converts and renders; every decision is the engine's. A request is read, the
//! version is chosen by [`tieuchi::Library::select`] (or, for a batch, by the core's batch engine
//! per record), the result is [`tieuchi::wire::result_json`] (the bytes `tieuchi eval --format
//! json` prints) and a failure is [`tieuchi::Failure`].
//!
//! | module | what |
//! | --- | --- |
//! | [`config`] | where to listen, who may call, what is kept, the limits |
//! | [`server`] | the routes and what wraps them; HTTP or HTTPS; graceful shutdown |
//! | [`api`] | `/v1/evaluate`, `/v1/rulesets`, `/v1/rulesets/{id}`, `/v1/codes`, `/v1/reload`, health, metrics |
//! | [`batch`] | `/v1/batch`: JSON Lines, CSV or Arrow IPC in and out, quotas applied |
//! | [`auth`] | bearer tokens and scopes, compared in constant time |
//! | [`failure`] | failures as HTTP statuses and the engine's failure records |
//! | [`decision`] | the append-only decision log |
//! | [`metrics`] | Prometheus metrics |
//! | [`limits`] | bodies read within their size limits |
//! | [`reload`] | new rules in force atomically: SIGHUP, a file change, `POST /v1/reload` |
//! | [`openapi`] | the OpenAPI 3.1 description, generated from the types |
//! | [`state`] | what every request shares |

pub mod api;
pub mod auth;
pub mod batch;
pub mod config;
pub mod decision;
pub mod failure;
pub mod limits;
mod log;
pub mod metrics;
pub mod openapi;
pub mod reload;
pub mod server;
pub mod state;

pub use config::{AccessConfig, Config, Limits, TlsFiles};
pub use reload::{LoadError, Loader};
pub use server::run;
