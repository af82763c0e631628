//! Reading request bodies within a size limit. A body over the limit is 413; what the caller is
//! still sending is read and dropped (up to a bound) before the answer, so that a client that
//! writes its whole body before reading the answer gets the 413 rather than a broken connection.

use std::io::Write;

use axum::body::{Body, Bytes, HttpBody as _};
use axum::http::{header, HeaderMap};
use http_body_util::BodyExt as _;

use crate::failure::{ApiError, ServeCode};

/// How much of a body over the limit is read and dropped before answering 413; past it, the
/// connection is closed instead.
const DRAIN_BYTES: u64 = 16 << 20;

/// The length a request declares, if any.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Whether the client waits for `100 Continue` before it sends the body: it can be refused
/// without reading anything.
fn expects_continue(headers: &HeaderMap) -> bool {
    headers.get(header::EXPECT).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"))
}

pub fn too_large(limit: u64) -> ApiError {
    ApiError::serve(ServeCode::TooLarge, tieuchi::msg!(ServeBodyTooLarge, limit = limit))
}

fn unreadable(error: &axum::Error) -> ApiError {
    ApiError::serve(ServeCode::Malformed, tieuchi::msg!(ServeRequestBodyUnreadable, detail = error.to_string()))
}

/// The whole body, at most `limit` bytes.
pub async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Bytes, ApiError> {
    let limit_bytes = u64::try_from(limit).unwrap_or(u64::MAX);
    if declared_length(headers).is_some_and(|n| n > limit_bytes) {
        if !expects_continue(headers) {
            drain(body).await;
        }
        return Err(too_large(limit_bytes));
    }
    let mut body = body;
    let mut collected: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| unreadable(&e))?;
        let Ok(data) = frame.into_data() else { continue };
        if collected.len() + data.len() > limit {
            drain(body).await;
            return Err(too_large(limit_bytes));
        }
        if collected.is_empty() && body.is_end_stream() {
            // One frame holds it all: no copy.
            return Ok(data);
        }
        collected.extend_from_slice(&data);
    }
    Ok(Bytes::from(collected))
}

/// Reads and drops what is left of a body, up to [`DRAIN_BYTES`].
async fn drain(mut body: Body) {
    let mut read = 0u64;
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            read += data.len() as u64;
            if read > DRAIN_BYTES {
                return;
            }
        }
    }
}

/// What spooling a batch's body found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Spooled {
    pub bytes: u64,
    /// Lines with something other than white space on them: the records of JSON Lines (blank lines
    /// are not records), one more than the records of CSV (its header), or more when a CSV cell
    /// holds a line break.
    pub filled_lines: u64,
}

/// Copies a body into `out`, at most `limit` bytes, counting its filled lines on the way. The
/// writes go to the page cache a frame at a time (tens of KiB), which is quicker than handing
/// each to another thread.
pub async fn spool(
    body: Body,
    headers: &HeaderMap,
    limit: u64,
    out: &mut (dyn Write + Send),
) -> Result<Spooled, ApiError> {
    if declared_length(headers).is_some_and(|n| n > limit) {
        if !expects_continue(headers) {
            drain(body).await;
        }
        return Err(too_large(limit));
    }
    let mut body = body;
    let mut lines = LineCounter::default();
    let mut spooled = Spooled::default();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| unreadable(&e))?;
        let Ok(data) = frame.into_data() else { continue };
        spooled.bytes += data.len() as u64;
        if spooled.bytes > limit {
            drain(body).await;
            return Err(too_large(limit));
        }
        lines.feed(&data);
        out.write_all(&data).map_err(|e| {
            crate::log::error(&tieuchi::msg!(ServeCannotWriteSpool, detail = e.to_string()));
            ApiError::serve(ServeCode::Internal, tieuchi::msg!(ServeCannotHoldBatch))
        })?;
    }
    spooled.filled_lines = lines.finish();
    Ok(spooled)
}

/// Counts lines with something on them, across chunks; `\n`, `\r\n` and `\r` end a line.
#[derive(Debug, Default)]
struct LineCounter {
    filled: u64,
    current_filled: bool,
}

impl LineCounter {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' | b'\r' => {
                    if self.current_filled {
                        self.filled += 1;
                    }
                    self.current_filled = false;
                }
                b' ' | b'\t' => {}
                _ => self.current_filled = true,
            }
        }
    }

    fn finish(self) -> u64 {
        self.filled + u64::from(self.current_filled)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn filled_lines_are_counted_across_chunks_and_line_ends() {
        let mut counter = LineCounter::default();
        for chunk in ["{\"a\":1}\n\n  \r\n{\"a\"", ":2}\r{\"a\":3}", "\r\n \n{}"] {
            counter.feed(chunk.as_bytes());
        }
        assert_eq!(counter.finish(), 4);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413_and_one_within_it_is_read_whole() {
        let headers = HeaderMap::new();
        let body = Body::from(vec![b'x'; 100]);
        assert_eq!(read_body(body, &headers, 100).await.unwrap().len(), 100);
        let error = read_body(Body::from(vec![b'x'; 101]), &headers, 100).await.unwrap_err();
        assert_eq!(error.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
        let mut out = Vec::new();
        let spooled = spool(Body::from("{}\n{}\n"), &headers, 100, &mut out).await.unwrap();
        assert_eq!((spooled.bytes, spooled.filled_lines), (6, 2));
        assert!(spool(Body::from(vec![b'x'; 101]), &headers, 100, &mut out).await.is_err());
    }
}
