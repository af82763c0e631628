//! The whole failure of a record a batch refused: what a front end raises when it is asked to
//! stop at the first refused record (Python's `evaluate_many(errors="raise")`) instead of giving
//! its error row.
//!
//! A row keeps what a row needs (`{code, field, message}`); the failure is the engine's
//! [`Failure`] of [`crate::ErrorRecord`]s, with their help lines and places, exactly as evaluating
//! the record alone gives it: the version chosen by the record's own `on` (or the batch's date),
//! what the front end could not read first, then what the engine found in the rest.

use std::borrow::Cow;

use super::{Batch, BatchError, InMemory, Input, Reader, Records, Source};
use crate::eval::evidence::{self, Evidence};
use crate::{EvaluateError, Failure, Options};

impl Batch<'_> {
    /// The failure of the first record of `input` that this batch cannot evaluate, named by its
    /// index ([`Failure::for_record`]); `None` when every record evaluates. Records are read in
    /// order and evaluated one at a time, up to the first that fails; quotas play no part (they
    /// never refuse a record).
    pub fn first_failure(&self, input: Input<'_>) -> Result<Option<Failure>, BatchError> {
        match input {
            Input::Text { open, format } => {
                let reader = Reader::new(open().map_err(BatchError::Read)?, format).map_err(BatchError::Read)?;
                self.first_failure_in(reader)
            }
            #[cfg(feature = "arrow")]
            Input::Arrow { open } => {
                self.first_failure_in(super::arrow::ArrowSource::new(open().map_err(BatchError::Read)?))
            }
            Input::Records(records) => self.first_failure_in(InMemory { records, next: 0 }),
        }
    }

    fn first_failure_in<S: Source>(&self, mut source: S) -> Result<Option<Failure>, BatchError> {
        while let Some(chunk) = source.next_chunk(self.chunk_records).map_err(BatchError::Read)? {
            for i in 0..chunk.len() {
                if let Some(failure) = self.failure_of(&chunk, i) {
                    return Ok(Some(failure.for_record(chunk.first() + i as u64)));
                }
            }
        }
        Ok(None)
    }

    /// Record `i` of a chunk, evaluated as [`Batch::execute`] evaluates it, its failure if any.
    fn failure_of<C: Records>(&self, chunk: &C, i: usize) -> Option<Failure> {
        let unread = chunk.read_errors(i);
        let record = match chunk.record(i) {
            Ok(record) => record,
            // What the front end could not read says more than that its stand-in is not a record.
            Err(error) => {
                let errors = if unread.is_empty() { vec![error] } else { unread.to_vec() };
                return Some(Failure::evaluate(&EvaluateError::Evidence(errors), self.lang));
            }
        };
        let version = match self.choose(record.on().or(self.on)) {
            Ok(version) => version,
            Err(error) => return Some(Failure::select(&error, self.lang)),
        };
        let Some(&rules) = self.versions.get(version) else {
            let message = format!("the batch chose version {version} of {}", self.versions.len());
            return Some(Failure::internal(crate::InternalCode::Error, message, self.lang));
        };
        let mut evidence = Evidence::default();
        let decoded = evidence::decode_raw(&rules.model, &rules.plan, &record, rules.members(), self.on, &mut evidence);
        if decoded.is_err() || !unread.is_empty() {
            let mut errors = unread.to_vec();
            for error in decoded.err().unwrap_or_default() {
                if !unread.iter().any(|u| u.field == error.field) {
                    errors.push(error);
                }
            }
            return Some(Failure::evaluate(&EvaluateError::Evidence(errors), self.lang));
        }
        match crate::outcome::run(rules, Cow::Owned(evidence), Options { on: self.on, trace: false, lang: self.lang }) {
            Ok(_) => None,
            Err(error) => Some(Failure::evaluate(&EvaluateError::Eval(error), self.lang)),
        }
    }
}
