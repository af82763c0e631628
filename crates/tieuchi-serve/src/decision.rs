//! The decision log: an append-only JSON Lines file, one line per decision (an evaluation, a
//! batch, the rules put in force), for audit. A line names the request, the time, the client, the
//! engine and rules that decided, the outcome, and the SHA-256 of the evidence as sent; the
//! evidence itself only when the operator asks for it (`--log-evidence`), since it is personal
//! data.
//!
//! Lines are written by one thread, in the order they are handed over, and flushed to the file as
//! soon as no other line waits. A write that fails marks the log unwritable: the service then
//! refuses decisions (503) until a write succeeds again, rather than decide without a record.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest as _, Sha256};
use tieuchi::wire::{EngineRecord, RulesRecord, VersionRecord};

/// Lines waiting for the writer; a full queue makes requests wait (no line is dropped).
const QUEUE: usize = 16 * 1024;

#[derive(Debug)]
enum Message {
    Line(Vec<u8>),
    Close,
}

/// The open decision log.
#[derive(Debug)]
pub struct DecisionLog {
    sender: tokio::sync::mpsc::Sender<Message>,
    writer: Mutex<Option<JoinHandle<()>>>,
    writable: Arc<AtomicBool>,
    with_evidence: bool,
}

/// One decision, as a line of the log.
#[derive(Debug, Serialize)]
pub struct Decision<'a> {
    /// RFC 3339, UTC.
    pub time: String,
    pub request_id: &'a str,
    pub client: ClientRecord<'a>,
    /// `evaluate`, `batch` or `rules` (the rules put in force, at start or by a reload).
    pub endpoint: &'static str,
    /// The rule set or family the request named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<&'a str>,
    pub engine: EngineRecord<'static>,
    /// The version that decided, and why it applies (an evaluation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<RulesRecord<'a>>,
    /// The versions in force (a batch, the rules put in force), or the version chosen for evidence
    /// that did not fit it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionRecord<'a>>,
    pub outcome: Outcome<'a>,
    /// SHA-256 of the evidence's JSON text as sent (an evaluation), or of the body (a batch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_sha256: Option<String>,
    /// The evidence itself, only with `--log-evidence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a RawValue>,
}

#[derive(Debug, Serialize)]
pub struct ClientRecord<'a> {
    /// The client the token names (or `token:` and the start of its SHA-256); `anonymous` without
    /// authentication.
    pub name: &'a str,
    /// The peer's address (a reverse proxy's, behind one).
    pub address: String,
}

/// What came of the request.
#[derive(Debug, Default, Serialize)]
pub struct Outcome<'a> {
    /// The HTTP status answered (none for the rules put in force).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// `rated`, `not rated`, `not determinable`, or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// The tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<&'a str>,
    /// Why there is no result: the failure's kind and code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'a str>,
    /// A batch's counts: rows, rated, errors, and rows by tier or status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rated: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<&'a std::collections::BTreeMap<String, u64>>,
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    })
}

pub fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl DecisionLog {
    /// Opens (or creates, readable by its owner only) the log for appending, and starts its writer.
    pub fn open(path: &Path, with_evidence: bool) -> io::Result<DecisionLog> {
        let file = OpenOptions::new().create(true).append(true).mode(0o600).open(path)?;
        let (sender, receiver) = tokio::sync::mpsc::channel(QUEUE);
        let writable = Arc::new(AtomicBool::new(true));
        let flag = Arc::clone(&writable);
        let name = path.display().to_string();
        let writer = std::thread::Builder::new()
            .name("decision-log".to_owned())
            .spawn(move || write_lines(file, receiver, &flag, &name))?;
        Ok(DecisionLog { sender, writer: Mutex::new(Some(writer)), writable, with_evidence })
    }

    /// Whether the evidence itself goes into the log.
    pub fn with_evidence(&self) -> bool {
        self.with_evidence
    }

    /// Whether the last write succeeded; decisions are refused while it did not.
    pub fn writable(&self) -> bool {
        self.writable.load(Ordering::Relaxed)
    }

    /// Hands a line (from [`line()`]) to the writer, waiting while the queue is full.
    pub async fn send(&self, line: Vec<u8>) {
        // Fails only once the log is closed, at the very end of a shutdown.
        let _ = self.sender.send(Message::Line(line)).await;
    }

    /// The same from a thread outside the runtime (a batch's).
    pub fn send_blocking(&self, line: Vec<u8>) {
        let _ = self.sender.blocking_send(Message::Line(line));
    }

    /// Writes what waits, then stops the writer. Called once the server has stopped.
    pub async fn close(&self) {
        let _ = self.sender.send(Message::Close).await;
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(writer) = writer {
            let _ = tokio::task::spawn_blocking(move || writer.join()).await;
        }
    }
}

/// A decision as one line of JSON, made while what it borrows is at hand.
pub fn line(decision: &Decision<'_>) -> Option<Vec<u8>> {
    let mut line = serde_json::to_vec(decision).ok()?;
    line.push(b'\n');
    Some(line)
}

fn write_lines(file: File, mut receiver: tokio::sync::mpsc::Receiver<Message>, writable: &AtomicBool, name: &str) {
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    let report = |result: io::Result<()>| match result {
        Ok(()) => {
            if !writable.swap(true, Ordering::Relaxed) {
                crate::log::info(&tieuchi::msg!(ServeDecisionLogWrittenAgain, file = name));
            }
        }
        Err(error) => {
            if writable.swap(false, Ordering::Relaxed) {
                crate::log::error(&tieuchi::msg!(ServeDecisionLogFailing, file = name, detail = error.to_string()));
            }
        }
    };
    while let Some(message) = receiver.blocking_recv() {
        let mut closing = false;
        let mut result = Ok(());
        let mut next = Some(message);
        // Everything already waiting goes out in one flush.
        while let Some(message) = next.take() {
            match message {
                Message::Line(line) => {
                    if result.is_ok() {
                        result = out.write_all(&line);
                    }
                }
                Message::Close => closing = true,
            }
            if !closing {
                next = receiver.try_recv().ok();
            }
        }
        if result.is_ok() {
            result = out.flush();
        }
        if result.is_err() {
            // Nothing half-written stays buffered to be retried out of order.
            out = io::BufWriter::with_capacity(1 << 16, out.into_parts().0);
        }
        report(result);
        if closing {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[tokio::test]
    async fn decisions_are_appended_one_line_each_in_order() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("decisions.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        let log = DecisionLog::open(&path, false).unwrap();
        for i in 0..100u64 {
            let id = i.to_string();
            let decision = Decision {
                time: now(),
                request_id: &id,
                client: ClientRecord { name: "hr", address: "127.0.0.1:1".to_owned() },
                endpoint: "evaluate",
                ruleset: Some("x"),
                engine: EngineRecord::current(),
                rules: None,
                versions: Vec::new(),
                outcome: Outcome { http_status: Some(200), status: Some("rated"), ..Outcome::default() },
                evidence_sha256: Some(sha256_hex(b"{}")),
                evidence: None,
            };
            log.send(line(&decision).unwrap()).await;
        }
        log.close().await;
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 101);
        assert_eq!(lines[0]["earlier"], true);
        assert_eq!(lines[100]["request_id"], "99");
        assert_eq!(lines[1]["evidence_sha256"], "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assert!(lines[1].get("evidence").is_none());
        let fresh = folder.path().join("fresh.jsonl");
        DecisionLog::open(&fresh, false).unwrap().close().await;
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
