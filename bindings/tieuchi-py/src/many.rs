//! Many records through the core's batch engine: any producer of the Arrow `PyCapsule` interface
//! (pyarrow tables, batches and readers, Polars, `DuckDB`, …), or a list of dicts, in; the rows as
//! a pyarrow table out. The GIL is released while the engine works; a stream without a quota is
//! read a record batch at a time, never whole.

use arrow_array::RecordBatch;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use tieuchi::batch::{fit_decimals, plain_strings, ArrowBatches, Batch, BatchError, Input, Output, ReadRecord};
use tieuchi::value::Date;

use crate::convert::Converter;
use crate::errors;

/// The batch for a family (its version chosen per record) or a pinned version.
pub fn batch<'l>(
    py: Python<'_>,
    library: &'l tieuchi::Library,
    family: Option<&str>,
    pinned: Option<&str>,
    on: Option<Date>,
    lang: tieuchi::Lang,
) -> PyResult<Batch<'l>> {
    let batch = match pinned {
        Some(id) => library.pinned_batch(id),
        None => library.batch(family),
    }
    .map_err(|e| errors::select_error(py, &e, lang))?;
    Ok(batch.on(on).lang(lang).count_groups(false))
}

/// How the rows' columns of repeated strings (status, outcome, …) come out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strings {
    /// Dictionary-encoded, as the core makes them.
    Dictionary,
    /// Plain strings, for pandas and lists of records.
    Plain,
}

/// Evaluates `data` (a list of dicts, or Arrow data) as one batch; returns a pyarrow table. With
/// `raise_errors`, a batch with a refused record raises the engine's failure of the first one
/// instead ([`Batch::first_failure`]: the failure evaluating that record alone gives, with its
/// index), so the input is held to be read again.
pub fn evaluate_many<'py>(
    py: Python<'py>,
    batch: &Batch<'_>,
    data: &Bound<'py, PyAny>,
    raise_errors: bool,
    strings: Strings,
    lang: tieuchi::Lang,
) -> PyResult<Bound<'py, PyAny>> {
    let mut rows: Vec<RecordBatch> = Vec::new();
    let mut collect = |rows_of_chunk: RecordBatch| {
        rows.push(rows_of_chunk);
        Ok(())
    };
    let ran = if let Ok(list) = data.cast::<PyList>() {
        let records = read_records(py, list)?;
        py.detach(|| {
            let tally = batch.execute(Input::Records(&records), Output::ArrowFitted(&mut collect), &mut |_| {})?;
            let refused = raise_errors && tally.errors > 0;
            if refused {
                batch.first_failure(Input::Records(&records))
            } else {
                Ok(None)
            }
        })
    } else {
        let reader = arrow_reader(data, "evaluate_many")?;
        py.detach(|| {
            if raise_errors {
                // Finding the failure of a refused record reads the records again: the batches
                // are held (their buffers shared). Rows collected whole read them once, quotas
                // or not.
                let batches = reader
                    .collect::<Result<Vec<RecordBatch>, _>>()
                    .map_err(|e| BatchError::Read(std::io::Error::other(e)))?;
                let mut open = || Ok(Box::new(batches.clone().into_iter().map(Ok)) as ArrowBatches);
                let tally =
                    batch.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {})?;
                let refused = raise_errors && tally.errors > 0;
                if refused {
                    batch.first_failure(Input::Arrow { open: &mut open })
                } else {
                    Ok(None)
                }
            } else {
                let mut reader = Some(reader);
                let mut open = || {
                    reader
                        .take()
                        .map(|r| Box::new(r) as ArrowBatches)
                        .ok_or_else(|| std::io::Error::other("the stream was read already"))
                };
                batch.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {})?;
                Ok(None)
            }
        })
    };
    if let Some(failure) = ran.map_err(|e| stopped(&e, lang))? {
        return Err(errors::failure_error(py, &failure));
    }
    let rows = py
        .detach(|| {
            let fitted = fit_decimals(&rows)?;
            match strings {
                Strings::Dictionary => Ok(fitted),
                Strings::Plain => plain_strings(&fitted),
            }
        })
        .map_err(|e: arrow_schema::ArrowError| PyRuntimeError::new_err(e.to_string()))?;
    let schema = rows.first().map_or_else(|| batch.arrow_schema(), RecordBatch::schema);
    PyTable::try_new(rows, schema)?.into_pyarrow(py)
}

/// The records of `data` through `before` and `after` ([`tieuchi::batch::Impact`]): one JSON
/// line per record, and the summary as JSON.
pub fn diff(
    py: Python<'_>,
    before: Batch<'_>,
    after: Batch<'_>,
    data: &Bound<'_, PyAny>,
) -> PyResult<(String, String)> {
    let lang = tieuchi::Lang::default();
    let impact = tieuchi::batch::Impact::new(before, after);
    let mut lines = Vec::new();
    let mut each = |change: &tieuchi::batch::Change<'_>| {
        change.write(tieuchi::batch::OutputFormat::JsonLines, &mut lines);
        Ok(())
    };
    let summary = if let Ok(list) = data.cast::<PyList>() {
        let records = read_records(py, list)?;
        py.detach(|| impact.run(Input::Records(&records), &mut each, &mut |_| {}))
    } else {
        let reader = arrow_reader(data, "diff")?;
        py.detach(|| {
            // Each side reads the records again: the batches are held (their buffers shared).
            let batches = reader
                .collect::<Result<Vec<RecordBatch>, _>>()
                .map_err(|e| BatchError::Read(std::io::Error::other(e)))?;
            let mut open = || Ok(Box::new(batches.clone().into_iter().map(Ok)) as ArrowBatches);
            impact.run(Input::Arrow { open: &mut open }, &mut each, &mut |_| {})
        })
    }
    .map_err(|e| stopped(&e, lang))?;
    let summary = serde_json::to_string(&summary).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok((String::from_utf8_lossy(&lines).into_owned(), summary))
}

/// Arrow data as a stream of record batches; anything else is a `TypeError` naming its type.
fn arrow_reader(data: &Bound<'_, PyAny>, function: &str) -> PyResult<Box<dyn arrow_array::RecordBatchReader + Send>> {
    let input = data.extract::<AnyRecordBatch>().map_err(|_| {
        let name = data.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
        PyTypeError::new_err(format!(
            "{function} takes a list of dicts or Arrow data (an object with `__arrow_c_stream__` or \
             `__arrow_c_array__`: a pyarrow table, record batch or reader, a Polars or pandas data frame, a \
             DuckDB result), not `{name}`"
        ))
    })?;
    input.into_reader()
}

/// Each dict as JSON text, with what could not be converted.
fn read_records(py: Python<'_>, list: &Bound<'_, PyList>) -> PyResult<Vec<ReadRecord>> {
    let mut converter = Converter::new(py)?;
    let mut records = Vec::with_capacity(list.len());
    for item in list.iter() {
        let json = converter.record(&item);
        records.push(ReadRecord { json: json.to_string(), errors: std::mem::take(&mut converter.errors) });
    }
    Ok(records)
}

/// What a streamed batch rates with: the library, and the family or version and date.
pub struct Chosen {
    pub library: std::sync::Arc<tieuchi::Library>,
    pub family: Option<String>,
    pub pinned: Option<String>,
    pub on: Option<Date>,
    /// The language of the rows' messages.
    pub lang: tieuchi::Lang,
}

/// Rows read from a channel that a thread running the engine fills, in order.
struct Streamed {
    schema: arrow_schema::SchemaRef,
    rows: std::sync::mpsc::Receiver<Result<RecordBatch, arrow_schema::ArrowError>>,
}

impl Iterator for Streamed {
    type Item = Result<RecordBatch, arrow_schema::ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.recv().ok()
    }
}

impl arrow_array::RecordBatchReader for Streamed {
    fn schema(&self) -> arrow_schema::SchemaRef {
        std::sync::Arc::clone(&self.schema)
    }
}

/// Evaluates Arrow data as a stream: returns a `pyarrow.RecordBatchReader` of the rows, which a
/// thread fills as the input is read (a few batches ahead), so that neither the input nor the
/// rows are ever whole in memory — unless a quota needs two passes, when the input is held.
pub fn evaluate_stream<'py>(py: Python<'py>, chosen: Chosen, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let schema =
        batch(py, &chosen.library, chosen.family.as_deref(), chosen.pinned.as_deref(), chosen.on, chosen.lang)?
            .arrow_schema();
    let input: AnyRecordBatch = data.extract().map_err(|_| {
        let name = data.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
        PyTypeError::new_err(format!("a stream of rows needs Arrow data (`__arrow_c_stream__`), not `{name}`"))
    })?;
    let reader = input.into_reader()?;
    let (sender, rows) = std::sync::mpsc::sync_channel(4);
    std::thread::spawn(move || {
        let Chosen { library, family, pinned, on, lang } = chosen;
        let engine = match pinned.as_deref() {
            Some(id) => library.get(id).map(Batch::new),
            None => library.batch(family.as_deref()).ok(),
        };
        let Some(engine) = engine else { return };
        let engine = engine.on(on).lang(lang).count_groups(false);
        let failed = sender.clone();
        let mut send = |rows: RecordBatch| {
            sender.send(Ok(rows)).map_err(|_| std::io::Error::other("the reader of the rows was dropped"))
        };
        let ran = if engine.needs_two_passes() {
            match reader.collect::<Result<Vec<RecordBatch>, _>>() {
                Ok(batches) => {
                    let mut open = || Ok(Box::new(batches.clone().into_iter().map(Ok)) as ArrowBatches);
                    engine.execute(Input::Arrow { open: &mut open }, Output::Arrow(&mut send), &mut |_| {})
                }
                Err(e) => Err(BatchError::Read(std::io::Error::other(e))),
            }
        } else {
            let mut reader = Some(reader);
            let mut open = || {
                reader
                    .take()
                    .map(|r| Box::new(r) as ArrowBatches)
                    .ok_or_else(|| std::io::Error::other("the stream was read already"))
            };
            engine.execute(Input::Arrow { open: &mut open }, Output::Arrow(&mut send), &mut |_| {})
        };
        if let Err(e) = ran {
            // The reader sees the failure as its last item; a reader gone is not a failure.
            let said = std::io::Error::other(e.message().render(lang));
            let _ = failed.send(Err(arrow_schema::ArrowError::ExternalError(Box::new(said))));
        }
    });
    pyo3_arrow::PyRecordBatchReader::new(Box::new(Streamed { schema, rows })).into_pyarrow(py)
}

/// Why a batch stopped, in the language asked for (the catalogue's words, not the English of
/// `BatchError`'s `Display`).
fn stopped(error: &BatchError, lang: tieuchi::Lang) -> PyErr {
    PyRuntimeError::new_err(error.message().render(lang))
}
