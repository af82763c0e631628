//! `POST /v1/batch`: many records in (JSON Lines, CSV or an Arrow IPC stream), one row per record
//! out in input order, the population rules (quotas) applied over the whole body — the core's
//! batch engine, as `tieuchi batch` drives it.
//!
//! A quota needs two passes, so the body is first held in a temporary file (readable by the
//! service's user only, deleted at the end), within the size and record limits. The rows stream
//! out as the engine writes them: a failure before the first row is a failure record with its
//! status; one after it (the time limit, the client gone) ends the response abnormally, so that a
//! client never takes a cut stream for a whole one.
#![expect(unused_qualifications, reason = "utoipa's `#[utoipa::path]` expands `params(...)` with full paths")]

use std::io::{self, BufReader, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use sha2::{Digest as _, Sha256};
use tieuchi::batch::{ArrowBatches, Batch, BatchError, Input, InputFormat, Output, OutputFormat, Tally};
use tieuchi::i18n::MessageError;
use tieuchi::wire::{EngineRecord, VersionRecord};
use utoipa::IntoParams;

use crate::api::{malformed_query, parse_date, RequestId, Shared};
use crate::auth::Scope;
use crate::decision::{ClientRecord, Decision, Outcome};
use crate::failure::{ApiError, ServeCode};
use crate::openapi::schema;
use crate::state::{AppState, Rules};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// The rule set or family (any version's id); may be left out when one family is loaded.
    /// Each record is rated by the version in force on its own `on` (or the batch's `on`); a
    /// version named rates the records that give no date.
    ruleset: Option<String>,
    /// The evaluation date of records that give none (`YYYY-MM-DD`).
    on: Option<String>,
}

/// The formats a batch reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLines,
    Csv,
    Arrow,
}

const JSON_LINES: &str = "application/x-ndjson";
const CSV: &str = "text/csv";
const ARROW: &str = "application/vnd.apache.arrow.stream";

impl Format {
    fn media_type(self) -> &'static str {
        match self {
            Format::JsonLines => JSON_LINES,
            Format::Csv => CSV,
            Format::Arrow => ARROW,
        }
    }

    fn of_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match essence.as_str() {
            JSON_LINES
            | "application/jsonl"
            | "application/json-lines"
            | "application/jsonlines"
            | "application/x-jsonlines" => Some(Format::JsonLines),
            CSV => Some(Format::Csv),
            ARROW => Some(Format::Arrow),
            _ => None,
        }
    }

    /// The body's format, by its `Content-Type` (JSON Lines when it gives none).
    fn of_body(headers: &HeaderMap) -> Result<Format, ApiError> {
        let Some(value) = headers.get(header::CONTENT_TYPE) else { return Ok(Format::JsonLines) };
        let text = value.to_str().unwrap_or("");
        Format::of_media_type(text)
            .ok_or_else(|| ApiError::serve(ServeCode::MediaType, tieuchi::msg!(ServeBatchNotReadFrom, media = text)))
    }

    /// The rows' format: the first of `Accept` the service writes, or the body's.
    fn of_rows(headers: &HeaderMap, body: Format) -> Result<Format, ApiError> {
        let Some(value) = headers.get(header::ACCEPT) else { return Ok(body) };
        let text = value.to_str().unwrap_or("");
        let mut wildcard = false;
        for item in text.split(',') {
            if let Some(format) = Format::of_media_type(item) {
                return Ok(format);
            }
            let essence = item.split(';').next().unwrap_or("").trim();
            wildcard |= essence == "*/*" || essence.is_empty();
        }
        if wildcard {
            return Ok(body);
        }
        Err(ApiError::serve(ServeCode::NotAcceptable, tieuchi::msg!(ServeRowsNotWrittenAs, media = text)))
    }
}

/// What the batch's thread hands to the response.
enum Message {
    Rows(Bytes),
    Failed(ApiError),
    Done,
}

/// Evaluates many records with the population rules applied; one row per record, in input order.
#[utoipa::path(
    post, path = "/v1/batch", tag = "evaluate",
    params(BatchQuery),
    request_body(description = "The records: JSON Lines (one evidence object a line), CSV (a header row of field ids) or an Arrow IPC stream (columns named by field ids)",
        content(
            (String = "application/x-ndjson", example = "{\"id\": \"CC-1\", \"on\": \"2026-12-10\", \"co_quan\": \"Sở Nội vụ\", \"nhom\": \"Chuyên viên\", \"tieu_chi_chung\": 28, \"ket_qua_nhiem_vu\": 65, \"suy_thoai\": false, \"vi_pham_dieu_cam\": false, \"vi_pham_neu_guong\": false}\n"),
            (String = "text/csv"),
            (schema::ArrowStream = "application/vnd.apache.arrow.stream"),
        )),
    responses(
        (status = 200, description = "One row per record, in input order, as `tieuchi batch` writes them (columns `row`, `subject`, `on`, `ruleset`, `rules_sha256`, `engine`, `status`, `outcome`, `decided_by`, a column per score and `let`, `findings`, `errors`), in the format `Accept` names (the body's by default). A stream that ends abnormally did not complete.",
            content(
                (String = "application/x-ndjson"),
                (String = "text/csv"),
                (schema::ArrowStream = "application/vnd.apache.arrow.stream"),
            )),
        (status = 400, description = "A bad query, or a body that is not an Arrow IPC stream or a CSV with a header row", body = schema::Failure),
        (status = 401, description = "No token, or an unknown one", body = schema::Failure),
        (status = 403, description = "The token lacks the scope `batch`", body = schema::Failure),
        (status = 404, description = "No rule set has this id (`select::unknown`)", body = schema::Failure),
        (status = 406, description = "`Accept` names no format the service writes", body = schema::Failure),
        (status = 413, description = "The body is over the size limit, or holds more records than the record limit", body = schema::Failure),
        (status = 415, description = "The body's `Content-Type` is not one a batch is read from", body = schema::Failure),
        (status = 422, description = "Several families are loaded and none is named (`select::ambiguous`)", body = schema::Failure),
        (status = 503, description = "Over the time limit before the first row, shutting down, or the decision log cannot be written", body = schema::Failure),
    ),
    security(("bearer" = ["batch"]))
)]
pub async fn batch(
    State(state): Shared,
    Extension(RequestId(request_id)): Extension<RequestId>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    query: Result<Query<BatchQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let client = state.authorize(&headers, Scope::Batch)?;
    state.ready_to_decide()?;
    let deadline = Instant::now() + state.config.limits.batch_time;
    let query = query.map_err(|r| malformed_query(&r))?.0;
    let on = query.on.as_deref().map(parse_date).transpose()?;
    let input = Format::of_body(&headers)?;
    let output = Format::of_rows(&headers, input)?;
    let timed_out = || {
        let limit = state.config.limits.batch_time.as_secs();
        ApiError::serve(ServeCode::Timeout, tieuchi::msg!(ServeBatchTimeout, limit = limit))
    };
    let permit = tokio::time::timeout_at(deadline.into(), Arc::clone(&state.batches).acquire_owned())
        .await
        .map_err(|_| timed_out())?
        .map_err(|_| ApiError::serve(ServeCode::Unavailable, tieuchi::msg!(ServeShuttingDown)))?;

    let spool = tempfile::NamedTempFile::new().map_err(|e| {
        crate::log::error(&tieuchi::msg!(ServeCannotCreateSpool, detail = e.to_string()));
        ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeCannotHoldBatch))
    })?;
    let mut hasher = state.decisions.is_some().then(Sha256::new);
    let spooled = {
        let mut writer = io::BufWriter::with_capacity(1 << 20, spool.as_file());
        let mut sink = HashingWriter { out: &mut writer, hasher: hasher.as_mut() };
        let limit = state.config.limits.batch_bytes;
        let spooled = tokio::time::timeout_at(deadline.into(), crate::limits::spool(body, &headers, limit, &mut sink))
            .await
            .map_err(|_| timed_out())??;
        writer.flush().map_err(|e| {
            crate::log::error(&tieuchi::msg!(ServeCannotWriteSpool, detail = e.to_string()));
            ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeCannotHoldBatch))
        })?;
        spooled
    };
    let records = match input {
        Format::JsonLines => Some(spooled.filled_lines),
        Format::Csv => Some(spooled.filled_lines.saturating_sub(1)),
        Format::Arrow => None,
    };
    let max_records = state.config.limits.batch_records;
    if records.is_some_and(|n| n > max_records) {
        return Err(too_many_records(max_records));
    }

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Message>(16);
    let job = Job {
        state: Arc::clone(&state),
        rules: state.rules(),
        ruleset: query.ruleset,
        on,
        input,
        output,
        spool,
        deadline,
        request_id,
        client: client.name,
        peer,
        body_sha256: hasher.map(|h| crate::decision::hex(&h.finalize())),
        lang: crate::api::request_lang(&headers),
    };
    tokio::task::spawn_blocking(move || {
        let _one_of_the_batches_at_once = permit;
        job.run(&sender);
    });

    let first = tokio::time::timeout_at(deadline.into(), receiver.recv()).await.map_err(|_| timed_out())?;
    let first = match first {
        Some(Message::Rows(bytes)) => bytes,
        Some(Message::Done) => Bytes::new(),
        Some(Message::Failed(error)) => return Err(error),
        None => return Err(ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeNoFirstRow))),
    };
    let rest = futures_util::stream::unfold(Some(receiver), |receiver| async move {
        let mut receiver = receiver?;
        match receiver.recv().await {
            Some(Message::Rows(bytes)) => Some((Ok(bytes), Some(receiver))),
            Some(Message::Done) => None,
            Some(Message::Failed(error)) => {
                Some((Err(io::Error::other(format!("the batch stopped: {}", error.code()))), None))
            }
            None => Some((Err(io::Error::other("the batch stopped")), None)),
        }
    });
    let stream = futures_util::StreamExt::chain(futures_util::stream::once(async move { Ok(first) }), rest);
    let content_type = HeaderValue::from_static(output.media_type());
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], Body::from_stream(stream)).into_response())
}

fn too_many_records(limit: u64) -> ApiError {
    ApiError::serve(ServeCode::TooManyRecords, tieuchi::msg!(ServeTooManyRecords, limit = limit))
}

/// A batch, on its own thread.
struct Job {
    state: Arc<AppState>,
    rules: Arc<Rules>,
    ruleset: Option<String>,
    on: Option<tieuchi::value::Date>,
    input: Format,
    output: Format,
    spool: tempfile::NamedTempFile,
    deadline: Instant,
    request_id: String,
    client: String,
    peer: SocketAddr,
    body_sha256: Option<String>,
    /// The language of the rows' messages, from `Accept-Language`.
    lang: tieuchi::Lang,
}

impl Job {
    fn run(self, sender: &tokio::sync::mpsc::Sender<Message>) {
        let engine = match self.rules.library.batch(self.ruleset.as_deref()) {
            Ok(engine) => engine.on(self.on).lang(self.lang).count_groups(false),
            Err(error) => {
                let _ = sender.blocking_send(Message::Failed(ApiError::select(&error, self.lang)));
                return;
            }
        };
        if self.input == Format::Arrow {
            match self.count_arrow_records() {
                Ok(n) if n > self.state.config.limits.batch_records => {
                    let _ =
                        sender.blocking_send(Message::Failed(too_many_records(self.state.config.limits.batch_records)));
                    return;
                }
                Ok(_) => {}
                Err(error) => {
                    let _ = sender.blocking_send(Message::Failed(error));
                    return;
                }
            }
        }
        let mut out = ChannelWriter::new(sender.clone(), self.deadline);
        let ran = self.execute(&engine, &mut out);
        let ran = ran.and_then(|tally| match out.finish() {
            Ok(()) => Ok(tally),
            Err(error) => Err(BatchError::Write(error)),
        });
        match ran {
            Ok(tally) => {
                self.count(&tally);
                self.record(&engine, &tally);
                let _ = sender.blocking_send(Message::Done);
            }
            Err(error) => {
                let failure = self.failure(&error);
                let problem = error.message();
                crate::log::warn(&tieuchi::msg!(ServeBatchStopped, id = &self.request_id, problem = problem));
                let _ = sender.blocking_send(Message::Failed(failure));
            }
        }
    }

    fn reopen(&self) -> io::Result<BufReader<DeadlineReader>> {
        Ok(BufReader::with_capacity(1 << 20, DeadlineReader { file: self.spool.reopen()?, deadline: self.deadline }))
    }

    fn count_arrow_records(&self) -> Result<u64, ApiError> {
        let reader = arrow_ipc::reader::StreamReader::try_new(self.reopen().map_err(|e| self.read_failure(&e))?, None)
            .map_err(|e| not_arrow(&e))?;
        let mut records = 0u64;
        for batch in reader {
            records += batch.map_err(|e| not_arrow(&e))?.num_rows() as u64;
        }
        Ok(records)
    }

    fn execute(&self, engine: &Batch<'_>, out: &mut ChannelWriter) -> Result<Tally, BatchError> {
        let mut open_text = || -> io::Result<Box<dyn Read + Send>> { Ok(Box::new(self.reopen()?)) };
        let mut open_arrow = || -> io::Result<ArrowBatches> {
            let reader = arrow_ipc::reader::StreamReader::try_new(self.reopen()?, None).map_err(io::Error::other)?;
            Ok(Box::new(reader))
        };
        let input = match self.input {
            Format::JsonLines => Input::Text { open: &mut open_text, format: InputFormat::JsonLines },
            Format::Csv => Input::Text { open: &mut open_text, format: InputFormat::Csv },
            Format::Arrow => Input::Arrow { open: &mut open_arrow },
        };
        let mut progress = |_read: u64| {};
        match self.output {
            Format::JsonLines => {
                engine.execute(input, Output::Text { out, format: OutputFormat::JsonLines }, &mut progress)
            }
            Format::Csv => engine.execute(input, Output::Text { out, format: OutputFormat::Csv }, &mut progress),
            Format::Arrow => {
                let to_write = |e: arrow_schema::ArrowError| BatchError::Write(io::Error::other(e));
                let mut writer =
                    arrow_ipc::writer::StreamWriter::try_new(out, &engine.arrow_schema()).map_err(to_write)?;
                let mut write = |batch: arrow_array::RecordBatch| writer.write(&batch).map_err(io::Error::other);
                let tally = engine.execute(input, Output::Arrow(&mut write), &mut progress)?;
                writer.finish().map_err(to_write)?;
                Ok(tally)
            }
        }
    }

    /// What to answer for a batch that stopped (before its first row; after it, the response
    /// ends abnormally whatever this says).
    fn failure(&self, error: &BatchError) -> ApiError {
        match error {
            BatchError::Read(e) | BatchError::Write(e) if e.kind() == io::ErrorKind::TimedOut => {
                let limit = self.state.config.limits.batch_time.as_secs();
                ApiError::serve(ServeCode::Timeout, tieuchi::msg!(ServeBatchTimeout, limit = limit))
            }
            BatchError::Read(e) => self.read_failure(e),
            BatchError::Write(e) => ApiError::serve(
                ServeCode::Internal,
                tieuchi::msg!(ServeRowsNotWritten, detail = tieuchi::Message::of_io(e)),
            ),
            BatchError::Changed { .. } | BatchError::Spill(_) => ApiError::serve(ServeCode::Internal, error.message()),
        }
    }

    fn read_failure(&self, error: &io::Error) -> ApiError {
        // A CSV header that cannot be read says so in the language asked for.
        let kind = error.kind();
        let error = tieuchi::Message::of_io(error);
        match (kind, self.input) {
            (io::ErrorKind::InvalidData, _) | (_, Format::Arrow) => {
                ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeBodyUnreadable, detail = error))
            }
            _ => ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeHeldBodyUnreadable, detail = error)),
        }
    }

    fn count(&self, tally: &Tally) {
        let metrics = &self.state.metrics;
        metrics.batch_rows("rated", tally.rated);
        metrics.batch_rows("error", tally.errors);
        for status in ["not rated", "not determinable"] {
            metrics.batch_rows(status, tally.outcomes.get(status).copied().unwrap_or(0));
        }
    }

    fn record(&self, engine: &Batch<'_>, tally: &Tally) {
        let Some(log) = &self.state.decisions else { return };
        let decision = Decision {
            time: crate::decision::now(),
            request_id: &self.request_id,
            client: ClientRecord { name: &self.client, address: self.peer.to_string() },
            endpoint: "batch",
            ruleset: self.ruleset.as_deref(),
            engine: EngineRecord::current(),
            rules: None,
            versions: engine.versions().iter().map(|r| VersionRecord::of(r)).collect(),
            outcome: Outcome {
                http_status: Some(200),
                rows: Some(tally.rows),
                rated: Some(tally.rated),
                errors: Some(tally.errors),
                outcomes: Some(&tally.outcomes),
                ..Outcome::default()
            },
            evidence_sha256: self.body_sha256.clone(),
            // A batch's evidence is the body: its fingerprint is recorded, never the body.
            evidence: None,
        };
        if let Some(line) = crate::decision::line(&decision) {
            log.send_blocking(line);
        }
    }
}

fn not_arrow(error: &arrow_schema::ArrowError) -> ApiError {
    ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeNotArrow, detail = error.to_string()))
}

/// Rows to the response, in pieces of [`PIECE`] bytes; fails once the client is gone or the
/// time is up, which stops the batch.
struct ChannelWriter {
    sender: tokio::sync::mpsc::Sender<Message>,
    buffer: Vec<u8>,
    deadline: Instant,
}

const PIECE: usize = 64 * 1024;

impl ChannelWriter {
    fn new(sender: tokio::sync::mpsc::Sender<Message>, deadline: Instant) -> ChannelWriter {
        ChannelWriter { sender, buffer: Vec::with_capacity(PIECE), deadline }
    }

    fn send(&mut self) -> io::Result<()> {
        if Instant::now() > self.deadline {
            return Err(MessageError::io(io::ErrorKind::TimedOut, tieuchi::msg!(ServeBatchTimeUp)));
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        let piece = std::mem::replace(&mut self.buffer, Vec::with_capacity(PIECE));
        self.sender
            .blocking_send(Message::Rows(Bytes::from(piece)))
            .map_err(|_| MessageError::io(io::ErrorKind::BrokenPipe, tieuchi::msg!(ServeClientGone)))
    }

    fn finish(&mut self) -> io::Result<()> {
        self.send()
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PIECE {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Pieces go when full or at the end: a flush of the engine's between chunks need not
        // send a small piece.
        Ok(())
    }
}

/// The held body, read until the time is up.
struct DeadlineReader {
    file: std::fs::File,
    deadline: Instant,
}

impl Read for DeadlineReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(MessageError::io(io::ErrorKind::TimedOut, tieuchi::msg!(ServeBatchTimeUp)));
        }
        self.file.read(buffer)
    }
}

/// Writes through, hashing what passes when asked to.
struct HashingWriter<'a, W: Write> {
    out: &'a mut W,
    hasher: Option<&'a mut Sha256>,
}

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        if let Some(hasher) = self.hasher.as_deref_mut() {
            hasher.update(bytes.get(..written).unwrap_or_default());
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn formats_follow_content_type_and_accept() {
        assert_eq!(Format::of_body(&HeaderMap::new()).unwrap(), Format::JsonLines);
        let csv = headers(&[(header::CONTENT_TYPE, "text/csv; charset=utf-8")]);
        assert_eq!(Format::of_body(&csv).unwrap(), Format::Csv);
        assert_eq!(Format::of_rows(&csv, Format::Csv).unwrap(), Format::Csv);
        let xml = headers(&[(header::CONTENT_TYPE, "application/xml")]);
        assert_eq!(Format::of_body(&xml).unwrap_err().status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let arrow = headers(&[(header::ACCEPT, "application/json, application/vnd.apache.arrow.stream")]);
        assert_eq!(Format::of_rows(&arrow, Format::JsonLines).unwrap(), Format::Arrow);
        let any = headers(&[(header::ACCEPT, "application/json, */*;q=0.1")]);
        assert_eq!(Format::of_rows(&any, Format::Csv).unwrap(), Format::Csv);
        let none = headers(&[(header::ACCEPT, "application/xml")]);
        assert_eq!(Format::of_rows(&none, Format::Csv).unwrap_err().status, StatusCode::NOT_ACCEPTABLE);
    }
}
