//! What the service is told at start: where to listen, who may call it, what it keeps, and its
//! limits. The command line fills it; [`Config::check`] refuses what would be unsafe.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use tieuchi::{msg, Message};

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The rule folder (or one rule file) served; watched for changes.
    pub rules: PathBuf,
    pub host: IpAddr,
    /// 0 asks the system for a free port (the startup line names it).
    pub port: u16,
    /// Who may call: a tokens file, or nobody checked (loopback only).
    pub access: AccessConfig,
    /// HTTPS with these certificate and key files; plain HTTP without.
    pub tls: Option<TlsFiles>,
    /// Append every decision to this JSON Lines file.
    pub decision_log: Option<PathBuf>,
    /// Copy the evidence itself into the decision log (personal data: off unless asked for).
    pub log_evidence: bool,
    /// Origins a browser may call from; none means CORS stays off.
    pub cors_origins: Vec<String>,
    /// Reload when a rule file changes (SIGHUP and `POST /v1/reload` reload in any case).
    pub watch: bool,
    pub limits: Limits,
    /// The language of the operator's lines on standard error and of refusals at start
    /// (`tieuchi --lang`); a request's answers follow the request's own `lang` or
    /// `Accept-Language`.
    pub lang: tieuchi::Lang,
}

/// Who may call the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessConfig {
    /// Bearer tokens from this file: `TOKEN SCOPE,SCOPE… [CLIENT]` a line.
    Tokens(PathBuf),
    /// Every caller may do everything: only on a loopback address.
    Open,
}

/// A PEM certificate chain and its private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub certificate: PathBuf,
    pub key: PathBuf,
}

/// Bounds on what one caller can make the service do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a request body, except a batch's.
    pub body_bytes: usize,
    /// Bytes of a batch's body.
    pub batch_bytes: u64,
    /// Records of one batch.
    pub batch_records: u64,
    /// Time for one request, except a batch, from its arrival to its answer.
    pub request_time: Duration,
    /// Time for one batch, from its arrival to its last row.
    pub batch_time: Duration,
    /// Requests handled at once; more wait their turn (within their time).
    pub concurrency: usize,
    /// Batches run at once; more wait their turn (within their time).
    pub batches: usize,
    /// How long requests in flight may take to finish at shutdown.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 1 << 20,
            batch_bytes: 256 << 20,
            batch_records: 1_000_000,
            request_time: Duration::from_secs(30),
            batch_time: Duration::from_secs(600),
            concurrency: 1024,
            batches: 2,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl Config {
    /// A configuration with the defaults: loopback, port 8080, the tokens file given.
    pub fn new(rules: PathBuf, access: AccessConfig) -> Config {
        Config {
            rules,
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            access,
            tls: None,
            decision_log: None,
            log_evidence: false,
            cors_origins: Vec::new(),
            watch: true,
            limits: Limits::default(),
            lang: tieuchi::Lang::default(),
        }
    }

    pub fn address(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// Refuses a configuration that would expose personal data or cannot work.
    /// The refusal is a message of the catalogue, put into the operator's language by the caller.
    pub fn check(&self) -> Result<(), Message> {
        if self.access == AccessConfig::Open && !self.host.is_loopback() {
            return Err(msg!(ServeNoAuthOffLoopback, host = self.host.to_string()));
        }
        if self.log_evidence && self.decision_log.is_none() {
            return Err(msg!(ServeLogEvidenceNeedsLog));
        }
        let limits = &self.limits;
        if limits.body_bytes == 0 || limits.batch_bytes == 0 || limits.batch_records == 0 {
            return Err(msg!(ServeZeroSizeLimit));
        }
        if limits.concurrency == 0 || limits.batches == 0 {
            return Err(msg!(ServeZeroConcurrency));
        }
        if limits.request_time.is_zero() || limits.batch_time.is_zero() {
            return Err(msg!(ServeZeroTimeLimit));
        }
        for origin in &self.cors_origins {
            if origin == "*" {
                return Err(msg!(ServeCorsAnyOrigin));
            }
            if !(origin.starts_with("https://") || origin.starts_with("http://")) {
                return Err(msg!(ServeNotAnOrigin, origin = origin));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn open_access_is_refused_off_loopback() {
        let mut config = Config::new(PathBuf::from("rules"), AccessConfig::Open);
        assert!(config.check().is_ok());
        config.host = IpAddr::from([0, 0, 0, 0]);
        let message = config.check().unwrap_err();
        assert!(message.render(tieuchi::Lang::En).contains("loopback"), "{message}");
        assert!(message.render(tieuchi::Lang::Vi).contains("chỉ được dùng trên địa chỉ loopback"), "{message}");
        config.host = "::1".parse().unwrap();
        assert!(config.check().is_ok());
    }

    #[test]
    fn evidence_in_the_log_needs_a_log_and_origins_must_be_named() {
        let mut config = Config::new(PathBuf::from("rules"), AccessConfig::Tokens(PathBuf::from("t")));
        config.log_evidence = true;
        assert!(config.check().is_err());
        config.decision_log = Some(PathBuf::from("decisions.jsonl"));
        assert!(config.check().is_ok());
        config.cors_origins = vec!["*".to_owned()];
        assert!(config.check().is_err());
        config.cors_origins = vec!["https://hr.example.gov.vn".to_owned()];
        assert!(config.check().is_ok());
    }
}
