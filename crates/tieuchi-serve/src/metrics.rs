//! Prometheus metrics at `GET /metrics`: requests by route and status with their latency,
//! evaluations by rule set and status, batch rows, reloads, and the rules in force. Counts only:
//! nothing of the evidence.

use std::time::Duration;

use prometheus::{Encoder as _, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};

/// The service's metrics, in a registry of its own.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    evaluations: IntCounterVec,
    batch_rows: IntCounterVec,
    reloads: IntCounterVec,
    in_flight: IntGauge,
    rulesets: IntGauge,
    generation: IntGauge,
}

/// Seconds: from a tenth of a millisecond (one evaluation) to five minutes (a large batch).
const LATENCY_BUCKETS: &[f64] =
    &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0, 300.0];

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("tieuchi_http_requests_total", "HTTP requests answered, by route and status"),
            &["route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("tieuchi_http_request_duration_seconds", "Time to answer a request, by route")
                .buckets(LATENCY_BUCKETS.to_vec()),
            &["route"],
        )?;
        let evaluations = IntCounterVec::new(
            Opts::new(
                "tieuchi_evaluations_total",
                "Records evaluated by POST /v1/evaluate, by rule set version and status (rated, not rated, not \
                 determinable, error)",
            ),
            &["ruleset", "status"],
        )?;
        let batch_rows = IntCounterVec::new(
            Opts::new("tieuchi_batch_rows_total", "Rows written by POST /v1/batch, by status"),
            &["status"],
        )?;
        let reloads = IntCounterVec::new(
            Opts::new("tieuchi_reloads_total", "Reloads of the rule folder, by result (loaded, unchanged, failed)"),
            &["result"],
        )?;
        let in_flight = IntGauge::new("tieuchi_http_requests_in_flight", "Requests being answered")?;
        let rulesets = IntGauge::new("tieuchi_rulesets_loaded", "Rule sets (versions) in force")?;
        let generation = IntGauge::new("tieuchi_rules_generation", "How many times the rules have been loaded")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(evaluations.clone()))?;
        registry.register(Box::new(batch_rows.clone()))?;
        registry.register(Box::new(reloads.clone()))?;
        registry.register(Box::new(in_flight.clone()))?;
        registry.register(Box::new(rulesets.clone()))?;
        registry.register(Box::new(generation.clone()))?;
        Ok(Metrics { registry, requests, latency, evaluations, batch_rows, reloads, in_flight, rulesets, generation })
    }

    /// A request starts: counted in flight until [`Metrics::request_done`].
    pub fn request_started(&self) {
        self.in_flight.inc();
    }

    pub fn request_done(&self, route: &str, status: axum::http::StatusCode, took: Duration) {
        self.in_flight.dec();
        self.requests.with_label_values(&[route, status.as_str()]).inc();
        self.latency.with_label_values(&[route]).observe(took.as_secs_f64());
    }

    pub fn evaluated(&self, ruleset: &str, status: &str) {
        self.evaluations.with_label_values(&[ruleset, status]).inc();
    }

    pub fn batch_rows(&self, status: &str, rows: u64) {
        self.batch_rows.with_label_values(&[status]).inc_by(rows);
    }

    pub fn reloaded(&self, result: &str) {
        self.reloads.with_label_values(&[result]).inc();
    }

    pub fn rules_in_force(&self, rulesets: usize, generation: u64) {
        self.rulesets.set(i64::try_from(rulesets).unwrap_or(i64::MAX));
        self.generation.set(i64::try_from(generation).unwrap_or(i64::MAX));
    }

    /// The text exposition format Prometheus scrapes.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Encoding into memory fails only on metric families that cannot exist here.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn the_exposition_names_what_was_counted() {
        let metrics = Metrics::new().unwrap();
        metrics.request_started();
        metrics.request_done("/v1/evaluate", axum::http::StatusCode::OK, Duration::from_micros(150));
        metrics.evaluated("cong_chuc_nd335", "rated");
        metrics.rules_in_force(9, 1);
        let text = metrics.render();
        assert!(text.contains(r#"tieuchi_http_requests_total{route="/v1/evaluate",status="200"} 1"#), "{text}");
        assert!(text.contains(r#"tieuchi_evaluations_total{ruleset="cong_chuc_nd335",status="rated"} 1"#), "{text}");
        assert!(text.contains("tieuchi_rulesets_loaded 9"), "{text}");
        assert!(text.contains("tieuchi_http_requests_in_flight 0"), "{text}");
    }
}
