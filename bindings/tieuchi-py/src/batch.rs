//! Many records in, columns out. Python values are converted while the GIL is held; then the GIL
//! is released while records are built, evaluated (on every core), the batch's quotas applied
//! and the results rendered; the GIL is taken again only to hand the columns to Python.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value as Json};
use tieuchi::check::model::Type;
use tieuchi::cohort::{decide, Summary};
use tieuchi::value::Date;
use tieuchi::{EvaluateError, Evaluation, Evidence, EvidenceCode, EvidenceError, Options, RuleSet};

use crate::convert::{decimal_type, float32_json, float_json, to_py, Converted, Converter};
use crate::errors;

/// How decimals (scores, numeric derived values) leave a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMode {
    /// `decimal.Decimal` objects.
    Decimal,
    /// Their exact text, `"86.25"`.
    Str,
    /// The nearest binary float (for plotting; not exact).
    Float,
    /// Text plus the precision and scale that hold every value of the column exactly, for an
    /// Arrow `decimal128` cast.
    Arrow,
}

impl DecimalMode {
    pub fn parse(text: &str) -> PyResult<DecimalMode> {
        match text {
            "decimal" => Ok(DecimalMode::Decimal),
            "str" => Ok(DecimalMode::Str),
            "float" => Ok(DecimalMode::Float),
            "arrow" => Ok(DecimalMode::Arrow),
            other => {
                Err(PyValueError::new_err(format!("decimals must be \"decimal\", \"str\" or \"float\", not {other:?}")))
            }
        }
    }
}

/// The kind of a derived value, for typing it in Python.
pub fn type_kind(ty: &Type) -> &'static str {
    match ty.base() {
        Type::Bool => "bool",
        Type::Number(_) => "number",
        Type::Date => "date",
        Type::Text | Type::NoneLiteral => "text",
        Type::Enum(_) => "enum",
        Type::List(_) => "list",
        Type::History(_) => "history",
        Type::Optional(_) => "optional",
    }
}

/// One input column, its cells not yet made JSON (numbers are made JSON per row, off the GIL).
enum Cells {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    U64(Vec<u64>),
    Bool(Vec<u8>),
    /// Days since 1970-01-01.
    Days(Vec<i64>),
    /// Converted Python objects; `None` is absent.
    Values(Vec<Option<Json>>),
    /// Arrow UTF-8 text: the values' bytes and where each starts and ends.
    Utf8 {
        data: Vec<u8>,
        offsets: Vec<i64>,
    },
    /// Codes into the converted categories; a negative code is absent.
    Categories {
        codes: Vec<i64>,
        categories: Vec<Option<Json>>,
        failed: Vec<Vec<EvidenceError>>,
    },
}

struct Column {
    name: String,
    cells: Cells,
    /// 1 where the cell is absent.
    mask: Option<Vec<u8>>,
}

/// A batch's records: converted dicts, or columns.
pub struct Input {
    rows: usize,
    records: Vec<Json>,
    columns: Vec<Column>,
    /// Conversion problems, by row.
    problems: HashMap<usize, Vec<EvidenceError>>,
}

fn buffer<T, const N: usize>(
    data: &Bound<'_, PyAny>,
    rows: usize,
    name: &str,
    read: fn([u8; N]) -> T,
) -> PyResult<Vec<T>> {
    let bytes =
        data.cast::<PyBytes>().map_err(|_| PyValueError::new_err(format!("column `{name}`: expected bytes")))?;
    let bytes = bytes.as_bytes();
    if bytes.len() != rows * N {
        return Err(PyValueError::new_err(format!(
            "column `{name}`: {} bytes for {rows} rows of {N} bytes",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(N)
        .map(|chunk| {
            let mut array = [0u8; N];
            array.copy_from_slice(chunk);
            read(array)
        })
        .collect())
}

impl Input {
    pub fn from_records(py: Python<'_>, records: &Bound<'_, PyList>) -> PyResult<Input> {
        let mut converter = Converter::new(py)?;
        let mut problems = HashMap::new();
        let mut out = Vec::with_capacity(records.len());
        for (row, record) in records.iter().enumerate() {
            out.push(converter.record(&record));
            if !converter.errors.is_empty() {
                problems.insert(row, std::mem::take(&mut converter.errors));
            }
        }
        Ok(Input { rows: out.len(), records: out, columns: Vec::new(), problems })
    }

    pub fn from_columns(py: Python<'_>, rows: usize, columns: &Bound<'_, PyList>) -> PyResult<Input> {
        let mut converter = Converter::new(py)?;
        let mut problems: HashMap<usize, Vec<EvidenceError>> = HashMap::new();
        let mut out = Vec::with_capacity(columns.len());
        for column in columns.iter() {
            let column = column.cast::<PyTuple>().map_err(|_| PyValueError::new_err("a column is a tuple"))?;
            let (name, kind, data, extra): (String, String, Bound<'_, PyAny>, Bound<'_, PyAny>) = column.extract()?;
            let mut mask = None;
            let cells = match kind.as_str() {
                "f64" => Cells::F64(buffer(&data, rows, &name, f64::from_ne_bytes)?),
                "f32" => Cells::F32(buffer(&data, rows, &name, f32::from_ne_bytes)?),
                "i64" => Cells::I64(buffer(&data, rows, &name, i64::from_ne_bytes)?),
                "u64" => Cells::U64(buffer(&data, rows, &name, u64::from_ne_bytes)?),
                "bool" => Cells::Bool(buffer(&data, rows, &name, |[b]: [u8; 1]| b)?),
                "days" => Cells::Days(buffer(&data, rows, &name, i64::from_ne_bytes)?),
                "obj" => {
                    let list = data
                        .cast::<PyList>()
                        .map_err(|_| PyValueError::new_err(format!("column `{name}`: expected a list")))?;
                    if list.len() != rows {
                        return Err(PyValueError::new_err(format!(
                            "column `{name}`: {} values for {rows} rows",
                            list.len()
                        )));
                    }
                    let mut cells = Vec::with_capacity(rows);
                    for (row, cell) in list.iter().enumerate() {
                        cells.push(match converter.value(&cell, &name, 1) {
                            Some(Converted::Value(json)) => Some(json),
                            Some(Converted::Missing) | None => None,
                        });
                        if !converter.errors.is_empty() {
                            problems.entry(row).or_default().append(&mut converter.errors);
                        }
                    }
                    Cells::Values(cells)
                }
                "cat" => {
                    let codes = buffer(&data, rows, &name, i64::from_ne_bytes)?;
                    let list = extra
                        .cast::<PyList>()
                        .map_err(|_| PyValueError::new_err(format!("column `{name}`: expected categories")))?;
                    let mut categories = Vec::with_capacity(list.len());
                    let mut failed = Vec::with_capacity(list.len());
                    for category in list.iter() {
                        categories.push(match converter.value(&category, &name, 1) {
                            Some(Converted::Value(json)) => Some(json),
                            Some(Converted::Missing) | None => None,
                        });
                        failed.push(std::mem::take(&mut converter.errors));
                    }
                    if codes.iter().any(|&c| usize::try_from(c).is_ok_and(|c| c >= categories.len())) {
                        return Err(PyValueError::new_err(format!("column `{name}`: a code has no category")));
                    }
                    Cells::Categories { codes, categories, failed }
                }
                "utf8" => {
                    let data = data
                        .cast::<PyBytes>()
                        .map_err(|_| PyValueError::new_err(format!("column `{name}`: expected bytes")))?
                        .as_bytes()
                        .to_vec();
                    let (offsets, text_mask): (Bound<'_, PyAny>, Bound<'_, PyAny>) = extra.extract()?;
                    let offsets = buffer(&offsets, rows + 1, &name, i64::from_ne_bytes)?;
                    let ordered = offsets.windows(2).all(|w| w[0] <= w[1]);
                    let inside = offsets.first().is_some_and(|&f| f >= 0)
                        && offsets.last().is_some_and(|&l| usize::try_from(l).is_ok_and(|l| l <= data.len()));
                    if !(ordered && inside) {
                        return Err(PyValueError::new_err(format!("column `{name}`: offsets out of order")));
                    }
                    if !text_mask.is_none() {
                        mask = Some(buffer(&text_mask, rows, &name, |[b]: [u8; 1]| b)?);
                    }
                    Cells::Utf8 { data, offsets }
                }
                other => return Err(PyValueError::new_err(format!("column `{name}`: unknown kind {other:?}"))),
            };
            if !matches!(kind.as_str(), "obj" | "cat" | "utf8") && !extra.is_none() {
                mask = Some(buffer(&extra, rows, &name, |[b]: [u8; 1]| b)?);
            }
            out.push(Column { name, cells, mask });
        }
        Ok(Input { rows, records: Vec::new(), columns: out, problems })
    }

    fn is_columns(&self) -> bool {
        self.records.is_empty() && self.rows > 0
    }

    /// A cell as JSON; `Ok(None)` when absent.
    fn cell(column: &Column, row: usize) -> Result<Option<Json>, EvidenceError> {
        if column.mask.as_ref().is_some_and(|m| m[row] != 0) {
            return Ok(None);
        }
        Ok(match &column.cells {
            Cells::F64(values) => {
                let x = values[row];
                if x.is_nan() {
                    None
                } else if x.is_infinite() {
                    return Err(infinite(&column.name, x));
                } else {
                    Some(float_json(x))
                }
            }
            Cells::F32(values) => {
                let x = values[row];
                if x.is_nan() {
                    None
                } else if x.is_infinite() {
                    return Err(infinite(&column.name, f64::from(x)));
                } else {
                    Some(float32_json(x))
                }
            }
            Cells::I64(values) => Some(Json::Number(Number::from(values[row]))),
            Cells::U64(values) => Some(Json::Number(Number::from(values[row]))),
            Cells::Bool(values) => Some(Json::Bool(values[row] != 0)),
            Cells::Days(values) => Some(Json::String(day_text(values[row]))),
            Cells::Values(values) => values[row].clone(),
            Cells::Utf8 { data, offsets } => {
                // The offsets were checked in order and inside the data when the column came in.
                let (start, end) = (offsets[row], offsets[row + 1]);
                let bytes = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(s, e)| data.get(s..e))
                    .unwrap_or_default();
                match std::str::from_utf8(bytes) {
                    Ok(text) => Some(Json::String(text.to_owned())),
                    Err(_) => {
                        return Err(EvidenceError {
                            code: EvidenceCode::WrongType,
                            field: column.name.clone(),
                            message: "the text is not valid UTF-8".to_owned(),
                            help: "give text as UTF-8".to_owned(),
                        })
                    }
                }
            }
            Cells::Categories { codes, categories, failed } => match usize::try_from(codes[row]) {
                Ok(code) => {
                    if let Some(error) = failed[code].first() {
                        return Err(error.clone());
                    }
                    categories[code].clone()
                }
                Err(_) => None,
            },
        })
    }

    /// Row `row` as an evidence record, with the problems its cells have.
    fn record(&self, row: usize) -> (Cow<'_, Json>, Vec<EvidenceError>) {
        let mut problems = self.problems.get(&row).cloned().unwrap_or_default();
        if !self.is_columns() {
            return (Cow::Borrowed(&self.records[row]), problems);
        }
        let mut map = Map::with_capacity(self.columns.len());
        for column in &self.columns {
            match Self::cell(column, row) {
                Ok(Some(value)) => {
                    map.insert(column.name.clone(), value);
                }
                Ok(None) => {}
                Err(error) => problems.push(error),
            }
        }
        (Cow::Owned(Json::Object(map)), problems)
    }

    /// The subject's id of a record the engine refused, as far as it can be read.
    fn subject(&self, row: usize) -> Option<String> {
        let id = if self.is_columns() {
            let column = self.columns.iter().find(|c| c.name == "id")?;
            Self::cell(column, row).ok()??
        } else {
            self.records[row].get("id")?.clone()
        };
        match id {
            Json::String(s) => Some(s),
            Json::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

fn infinite(field: &str, x: f64) -> EvidenceError {
    EvidenceError {
        code: EvidenceCode::BadNumber,
        field: field.to_owned(),
        message: format!("{x} is not a number tieuchi can hold exactly"),
        help: "give a finite number".to_owned(),
    }
}

/// A day count since 1970-01-01 as `YYYY-MM-DD` (out of the calendar's range: text the engine
/// refuses as a bad date).
fn day_text(days: i64) -> String {
    let epoch = jiff::civil::date(1970, 1, 1);
    jiff::Span::new()
        .try_days(days)
        .ok()
        .and_then(|span| epoch.checked_add(span).ok())
        .map_or_else(|| format!("day {days} since 1970-01-01"), |d: Date| d.to_string())
}

/// Runs `work` over `0..n` split in contiguous ranges, one per core; the pieces come back in
/// order, not concatenated (a batch of a million evaluations is not moved again).
fn parallel<T: Send>(n: usize, work: impl Fn(Range<usize>) -> Vec<T> + Sync) -> Result<Vec<Piece<T>>, String> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(16);
    if threads <= 1 || n < 4096 {
        return Ok(vec![Piece { start: 0, items: work(0..n) }]);
    }
    let size = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * size).min(n)..((t + 1) * size).min(n);
                let work = &work;
                scope.spawn(move || Piece { start: range.start, items: work(range) })
            })
            .collect();
        handles.into_iter().map(|h| h.join().map_err(|_| "a worker thread panicked".to_owned())).collect()
    })
}

/// The results for the rows `start..start + items.len()`.
struct Piece<T> {
    start: usize,
    items: Vec<T>,
}

/// Runs `work` on each piece on its own thread, keeping the pieces' order.
fn each_piece<'a, T: Sync, U: Send>(
    pieces: &'a [Piece<T>],
    work: impl Fn(usize, &'a T) -> U + Sync,
) -> Result<Vec<Piece<U>>, String> {
    let run = |piece: &'a Piece<T>| Piece {
        start: piece.start,
        items: piece.items.iter().enumerate().map(|(i, item)| work(piece.start + i, item)).collect(),
    };
    if pieces.len() <= 1 {
        return Ok(pieces.iter().map(run).collect());
    }
    std::thread::scope(|scope| {
        let run = &run;
        let handles: Vec<_> = pieces.iter().map(|piece| scope.spawn(move || run(piece))).collect();
        handles.into_iter().map(|h| h.join().map_err(|_| "a worker thread panicked".to_owned())).collect()
    })
}

/// One record after the first pass: its decoded evidence, or why it has no result.
type Decoded = Result<Evidence, EvaluateError>;

/// One result row, rendered from the wire record.
struct Row<'r> {
    status: &'static str,
    outcome: Option<[Cow<'r, str>; 3]>,
    subject: Option<String>,
    scores: Vec<Option<String>>,
    values: Vec<Json>,
    findings: String,
    error: Option<String>,
}

fn render<'r>(input: &Input, row: usize, result: Result<&Evaluation<'r>, &EvaluateError>) -> Row<'r> {
    match result {
        Ok(evaluation) => {
            let wire = evaluation.to_wire();
            let mut findings = String::new();
            for f in &wire.findings {
                if !findings.is_empty() {
                    findings.push_str("; ");
                }
                findings.push_str(&f.code);
                if !f.fields.is_empty() {
                    findings.push('@');
                    findings.push_str(&f.fields.join(","));
                }
            }
            Row {
                status: wire.status.as_str(),
                outcome: wire.outcome.map(|o| [o.id, o.label, o.decided_by]),
                subject: wire.subject.map(Cow::into_owned),
                scores: wire.scores.0.into_iter().map(|(_, s)| s.value).collect(),
                values: wire.values.0.into_iter().map(|(_, v)| v).collect(),
                findings,
                error: None,
            }
        }
        Err(error) => Row {
            status: "error",
            outcome: None,
            subject: input.subject(row),
            scores: Vec::new(),
            values: Vec::new(),
            findings: String::new(),
            error: Some(error_text(error)),
        },
    }
}

/// `code at field: message`, each problem of a refused record.
fn error_text(error: &EvaluateError) -> String {
    match error {
        EvaluateError::Evidence(errors) => {
            let mut out = String::new();
            for e in errors {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                if e.field.is_empty() {
                    let _ = write!(out, "{}: {}", e.code, e.message);
                } else {
                    let _ = write!(out, "{} at `{}`: {}", e.code, e.field, e.message);
                }
            }
            out
        }
        EvaluateError::Eval(e) => format!("{} at {}: {}", e.code.as_str(), e.location, e.message),
    }
}

/// Evaluates the batch and hands back its columns.
///
/// This is `RuleSet::evaluate_batch` done the way the engine's cohort module provides for large
/// batches: every record is decoded and evaluated once (on every core) to a quota summary; the
/// quotas are decided over the summaries (`cohort::decide`); then every record is evaluated
/// again from its decoded evidence, the quotas' notes applied (`apply_quota_notes`), and its row
/// rendered from the wire record. No evaluation is held for the whole batch.
pub fn run<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    input: &Input,
    options: Options,
    mode: DecimalMode,
    raise_errors: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let n = input.rows;
    let first = py.detach(|| {
        parallel(n, |range| {
            range
                .map(|row| {
                    let (record, problems) = input.record(row);
                    let decoded: Decoded = if problems.is_empty() {
                        rules.decode(&record).map_err(EvaluateError::Evidence)
                    } else {
                        let engine = rules.decode(&record).err().unwrap_or_default();
                        Err(EvaluateError::Evidence(crate::merge(problems, engine)))
                    };
                    match decoded {
                        Ok(evidence) => match rules.evaluate_evidence(&evidence, &options) {
                            Ok(evaluation) => {
                                let summary = evaluation.summary();
                                (Ok(evidence), Some(summary))
                            }
                            Err(error) => (Err(EvaluateError::Eval(error)), None),
                        },
                        Err(error) => (Err(error), None),
                    }
                })
                .collect::<Vec<(Decoded, Option<Summary>)>>()
        })
    });
    let mut first = first.map_err(PyRuntimeError::new_err)?;
    if raise_errors {
        let failed = first.iter().flat_map(|p| p.items.iter().enumerate().map(move |(i, item)| (p.start + i, item)));
        if let Some((row, (Err(error), _))) = failed.into_iter().find(|(_, (d, _))| d.is_err()) {
            return Err(errors::evaluate_error(py, error, Some(row)));
        }
    }
    let mut summaries: Vec<Option<Summary>> =
        first.iter_mut().flat_map(|p| p.items.iter_mut().map(|(_, s)| s.take())).collect();
    let decoded: Vec<Piece<Decoded>> = first
        .into_iter()
        .map(|p| Piece { start: p.start, items: p.items.into_iter().map(|(d, _)| d).collect() })
        .collect();
    let rows = py.detach(|| {
        let notes = decide(rules, &mut summaries);
        drop(summaries);
        each_piece(&decoded, |row, item| match item {
            Ok(evidence) => match rules.evaluate_evidence(evidence, &options) {
                Ok(mut evaluation) => {
                    evaluation.apply_quota_notes(&notes[row]);
                    render(input, row, Ok(&evaluation))
                }
                Err(error) => render(input, row, Err(&EvaluateError::Eval(error))),
            },
            Err(error) => render(input, row, Err(error)),
        })
    });
    let rows = rows.map_err(PyRuntimeError::new_err)?;
    columns(py, rules, &rows, mode)
}

/// Python objects for repeated texts and decimals, made once each. A column has few distinct
/// texts (statuses, tiers, labels), so a short list is searched before a map is.
struct Interner<'py> {
    py: Python<'py>,
    recent: Vec<(String, Bound<'py, PyAny>)>,
    texts: HashMap<String, Bound<'py, PyAny>>,
    decimals: HashMap<String, Bound<'py, PyAny>>,
}

impl<'py> Interner<'py> {
    fn new(py: Python<'py>) -> Self {
        Interner { py, recent: Vec::new(), texts: HashMap::new(), decimals: HashMap::new() }
    }

    fn text(&mut self, text: &str) -> Bound<'py, PyAny> {
        if let Some((_, object)) = self.recent.iter().find(|(t, _)| t == text) {
            return object.clone();
        }
        if let Some(object) = self.texts.get(text) {
            return object.clone();
        }
        let object = PyString::new(self.py, text).into_any();
        if self.recent.len() < 16 {
            self.recent.push((text.to_owned(), object.clone()));
        } else {
            self.texts.insert(text.to_owned(), object.clone());
        }
        object
    }

    fn decimal(&mut self, text: &str) -> PyResult<Bound<'py, PyAny>> {
        if let Some(object) = self.decimals.get(text) {
            return Ok(object.clone());
        }
        let object = decimal_type(self.py)?.call1((text,))?;
        self.decimals.insert(text.to_owned(), object.clone());
        Ok(object)
    }
}

/// A decimal column in the chosen representation: `(kind, data, extra)`.
fn decimal_column<'py>(
    interner: &mut Interner<'py>,
    texts: &[Option<&str>],
    mode: DecimalMode,
) -> PyResult<(&'static str, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let py = interner.py;
    match mode {
        DecimalMode::Decimal => {
            let items = texts
                .iter()
                .map(|t| t.map_or_else(|| Ok(py.None().into_bound(py)), |t| interner.decimal(t)))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(("object", PyList::new(py, items)?.into_any(), py.None().into_bound(py)))
        }
        DecimalMode::Str => {
            let items: Vec<Bound<'_, PyAny>> =
                texts.iter().map(|t| t.map_or_else(|| py.None().into_bound(py), |t| interner.text(t))).collect();
            Ok(("object", PyList::new(py, items)?.into_any(), py.None().into_bound(py)))
        }
        DecimalMode::Float => {
            let mut bytes = Vec::with_capacity(texts.len() * 8);
            for t in texts {
                let x = t.and_then(|t| t.parse::<f64>().ok()).unwrap_or(f64::NAN);
                bytes.extend_from_slice(&x.to_ne_bytes());
            }
            Ok(("float", PyBytes::new(py, &bytes).into_any(), py.None().into_bound(py)))
        }
        DecimalMode::Arrow => {
            let (mut whole, mut scale) = (1usize, 0usize);
            for t in texts.iter().flatten() {
                let digits = t.trim_start_matches('-');
                let (w, f) = digits.split_once('.').unwrap_or((digits, ""));
                whole = whole.max(w.len());
                scale = scale.max(f.len());
            }
            let items: Vec<Bound<'_, PyAny>> =
                texts.iter().map(|t| t.map_or_else(|| py.None().into_bound(py), |t| interner.text(t))).collect();
            let extra = (whole + scale, scale).into_pyobject(py)?.into_any();
            Ok(("decimal_text", PyList::new(py, items)?.into_any(), extra))
        }
    }
}

fn columns<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    pieces: &[Piece<Row<'_>>],
    mode: DecimalMode,
) -> PyResult<Bound<'py, PyDict>> {
    let rows: Vec<&Row<'_>> = pieces.iter().flat_map(|p| &p.items).collect();
    let model = rules.model();
    let none = || py.None().into_bound(py);
    let out = PyList::empty(py);
    let push = |name: &str, kind: &str, data: Bound<'py, PyAny>, extra: Bound<'py, PyAny>| {
        out.append((name, kind, data, extra))
    };
    let objects = |items: Vec<Bound<'py, PyAny>>| PyList::new(py, items).map(Bound::into_any);

    let subjects: Vec<Bound<'_, PyAny>> =
        rows.iter().map(|r| r.subject.as_deref().map_or_else(none, |s| PyString::new(py, s).into_any())).collect();
    push("subject", "object", objects(subjects)?, none())?;
    let mut interner = Interner::new(py);
    let statuses: Vec<Bound<'_, PyAny>> = rows.iter().map(|r| interner.text(r.status)).collect();
    push("status", "object", objects(statuses)?, none())?;
    for (index, name) in ["outcome", "outcome_label", "decided_by"].into_iter().enumerate() {
        let mut interner = Interner::new(py);
        let items: Vec<Bound<'_, PyAny>> =
            rows.iter().map(|r| r.outcome.as_ref().map_or_else(none, |o| interner.text(&o[index]))).collect();
        push(name, "object", objects(items)?, none())?;
    }
    // A score or derived value named like a fixed column is prefixed: `score_status`.
    let fixed = ["subject", "status", "outcome", "outcome_label", "decided_by", "findings", "error"];
    let name_of = |prefix: &str, id: &str| if fixed.contains(&id) { format!("{prefix}_{id}") } else { id.to_owned() };
    for (index, score) in model.scores.iter().enumerate() {
        let texts: Vec<Option<&str>> = rows.iter().map(|r| r.scores.get(index).and_then(|s| s.as_deref())).collect();
        let (kind, data, extra) = decimal_column(&mut Interner::new(py), &texts, mode)?;
        push(&name_of("score", &score.id), kind, data, extra)?;
    }
    for (index, value) in model.lets.iter().enumerate() {
        if value.value.ty.base().is_numeric() {
            let texts: Vec<Option<&str>> = rows.iter().map(|r| r.values.get(index).and_then(Json::as_str)).collect();
            let (kind, data, extra) = decimal_column(&mut Interner::new(py), &texts, mode)?;
            push(&name_of("value", &value.id), kind, data, extra)?;
        } else {
            let mut interner = Interner::new(py);
            let items = rows
                .iter()
                .map(|r| match r.values.get(index) {
                    None | Some(Json::Null) => Ok(none()),
                    Some(Json::String(s)) => Ok(interner.text(s)),
                    Some(other) => to_py(py, other),
                })
                .collect::<PyResult<Vec<_>>>()?;
            push(&name_of("value", &value.id), "object", objects(items)?, none())?;
        }
    }
    let mut interner = Interner::new(py);
    let findings: Vec<Bound<'_, PyAny>> = rows.iter().map(|r| interner.text(&r.findings)).collect();
    push("findings", "object", objects(findings)?, none())?;
    let errors: Vec<Bound<'_, PyAny>> =
        rows.iter().map(|r| r.error.as_deref().map_or_else(none, |e| PyString::new(py, e).into_any())).collect();
    push("error", "object", objects(errors)?, none())?;

    let dict = PyDict::new(py);
    dict.set_item("columns", out)?;
    dict.set_item("scores", model.scores.iter().map(|s| s.id.as_str()).collect::<Vec<_>>())?;
    dict.set_item("values", model.lets.iter().map(|l| l.id.as_str()).collect::<Vec<_>>())?;
    Ok(dict)
}
