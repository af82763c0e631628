//! Python values to evidence JSON, and JSON back to Python values.
//!
//! Evidence becomes the JSON the engine decodes, so that a Python record means what the same
//! record means to the command line:
//!
//! | Python | JSON |
//! | --- | --- |
//! | `None`, a NaN (`float`, `Decimal`, numpy), `pandas.NA`, `pandas.NaT` | `null` (absent) |
//! | `bool`, `numpy.bool_` | `true` / `false` |
//! | `int`, numpy integers | the number, every digit kept |
//! | `decimal.Decimal` | the number, from its exact decimal text |
//! | `float` | the number, from its shortest decimal text (`repr`): `0.1` is 0.1, not 0.1000000000000000055… |
//! | `str` | the string |
//! | `datetime.date`, a `datetime` at midnight | `"YYYY-MM-DD"` |
//! | `dict` / `list` / `tuple` | an object / an array |
//!
//! Anything else goes through the package's Python `_coerce` hook (numpy scalars and arrays,
//! pandas timestamps, other mappings); what it cannot turn into one of the above is an evidence
//! error (`evidence::wrong-type`) naming the field, never a crash.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value as Json};
use tieuchi::{EvidenceCode, EvidenceError};

/// Evidence records nest at most record → list → member → field; deeper input is refused
/// before it could exhaust the stack.
pub const MAX_DEPTH: usize = 16;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static HOOKS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

pub fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// The Python side of the conversions (`tieuchi._convert`): `coerce(value)` and `MISSING`.
fn hooks(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    Ok(HOOKS.get_or_try_init(py, || py.import("tieuchi._convert").map(|m| m.into_any().unbind()))?.bind(py))
}

/// What a conversion found: the value, or that it is absent.
pub enum Converted {
    Value(Json),
    Missing,
}

/// Converts Python values, collecting every problem by field path.
pub struct Converter<'py> {
    py: Python<'py>,
    decimal: Bound<'py, PyType>,
    date: Bound<'py, PyType>,
    datetime: Bound<'py, PyType>,
    coerce: Bound<'py, PyAny>,
    missing: Bound<'py, PyAny>,
    pub errors: Vec<EvidenceError>,
}

impl<'py> Converter<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        let hooks = hooks(py)?;
        Ok(Converter {
            py,
            decimal: decimal_type(py)?.clone(),
            date: date_type(py)?.clone(),
            datetime: datetime_type(py)?.clone(),
            coerce: hooks.getattr("coerce")?,
            missing: hooks.getattr("MISSING")?,
            errors: Vec::new(),
        })
    }

    fn fail(&mut self, code: EvidenceCode, path: &str, message: tieuchi::Message, help: tieuchi::Message) {
        self.errors.push(EvidenceError { code, field: path.to_owned(), message, help });
    }

    fn type_name(value: &Bound<'_, PyAny>) -> String {
        value
            .get_type()
            .fully_qualified_name()
            .ok()
            .and_then(|n| n.to_str().ok().map(str::to_owned))
            .unwrap_or_else(|| "object".to_owned())
    }

    fn unsupported(&mut self, path: &str, value: &Bound<'_, PyAny>) {
        let name = Self::type_name(value);
        self.fail(
            EvidenceCode::WrongType,
            path,
            tieuchi::msg!(PyNotEvidence, name = name),
            tieuchi::msg!(PyNotEvidenceHelp),
        );
    }

    /// One evidence record. A record that is not a mapping becomes the JSON value it is, for the
    /// engine to refuse with `evidence::not-an-object`; one that cannot be converted at all is
    /// refused here with the same code.
    pub fn record(&mut self, value: &Bound<'py, PyAny>) -> Json {
        let before = self.errors.len();
        match self.value(value, "", 0) {
            Some(Converted::Value(json)) => json,
            Some(Converted::Missing) => Json::Null,
            None => {
                self.errors.truncate(before);
                let name = Self::type_name(value);
                self.fail(
                    EvidenceCode::NotAnObject,
                    "",
                    tieuchi::msg!(PyNotADict, name = name),
                    tieuchi::msg!(PyNotADictHelp),
                );
                Json::Null
            }
        }
    }

    /// A value at `path`; `None` when it could not be converted (the problem is recorded).
    pub fn value(&mut self, value: &Bound<'py, PyAny>, path: &str, depth: usize) -> Option<Converted> {
        if value.is_none() {
            return Some(Converted::Missing);
        }
        if let Ok(b) = value.cast_exact::<PyBool>() {
            return Some(Converted::Value(Json::Bool(b.is_true())));
        }
        if let Ok(s) = value.cast::<PyString>() {
            if let Ok(text) = s.to_str() {
                return Some(Converted::Value(Json::String(text.to_owned())));
            }
            self.fail(
                EvidenceCode::WrongType,
                path,
                tieuchi::msg!(PyLoneSurrogate),
                tieuchi::msg!(PyLoneSurrogateHelp),
            );
            return None;
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            return self.float(f.value(), path);
        }
        if let Ok(i) = value.cast_exact::<PyInt>() {
            return self.int(i, path);
        }
        if value.is_instance(&self.decimal).unwrap_or(false) {
            return self.decimal(value, path);
        }
        if value.get_type().is(&self.date) || value.get_type().is(&self.datetime) {
            return self.date(value, path);
        }
        if depth >= MAX_DEPTH {
            self.fail(
                EvidenceCode::WrongType,
                path,
                tieuchi::msg!(PyTooDeep, max = MAX_DEPTH),
                tieuchi::msg!(PyTooDeepHelp),
            );
            return None;
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            return Some(Converted::Value(self.object(dict, path, depth)));
        }
        if let Ok(list) = value.cast::<PyList>() {
            return Some(Converted::Value(self.array(list.iter(), path, depth)));
        }
        if let Ok(tuple) = value.cast::<PyTuple>() {
            return Some(Converted::Value(self.array(tuple.iter(), path, depth)));
        }
        self.slow(value, path, depth)
    }

    /// Values of other types: the Python hook turns what it knows into a plain value.
    fn slow(&mut self, value: &Bound<'py, PyAny>, path: &str, depth: usize) -> Option<Converted> {
        match self.coerce.call1((value,)) {
            Ok(plain) => {
                if plain.is(&self.missing) {
                    Some(Converted::Missing)
                } else if plain.is(value) {
                    self.unsupported(path, value);
                    None
                } else {
                    self.value(&plain, path, depth + 1)
                }
            }
            Err(error) => {
                if error.is_instance_of::<PyTypeError>(self.py) {
                    self.unsupported(path, value);
                } else {
                    let name = Self::type_name(value);
                    self.fail(
                        EvidenceCode::WrongType,
                        path,
                        tieuchi::msg!(PyUnreadable, name = name, problem = error.to_string()),
                        tieuchi::msg!(PyUnreadableHelp),
                    );
                }
                None
            }
        }
    }

    /// A mapping; a field that cannot be converted is left out (its problem is recorded).
    fn object(&mut self, dict: &Bound<'py, PyDict>, path: &str, depth: usize) -> Json {
        let mut map = Map::with_capacity(dict.len());
        // A snapshot of the items: converting a value may run Python code (the hook), which could
        // change the dict under a live iterator.
        for pair in dict.items().iter() {
            let Ok((key, item)) = pair.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>() else { continue };
            let Ok(key) = key.cast::<PyString>().map_err(|_| ()).and_then(|k| k.to_str().map_err(|_| ())) else {
                let shown = key.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string());
                let field = if path.is_empty() { shown.clone() } else { format!("{path}.{shown}") };
                self.fail(
                    EvidenceCode::UnknownField,
                    &field,
                    tieuchi::msg!(PyKeyNotAName, key = shown),
                    tieuchi::msg!(PyKeyNotANameHelp),
                );
                continue;
            };
            let key = key.to_owned();
            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            match self.value(&item, &child, depth + 1) {
                Some(Converted::Value(v)) => {
                    map.insert(key, v);
                }
                Some(Converted::Missing) => {
                    map.insert(key, Json::Null);
                }
                None => {}
            }
        }
        Json::Object(map)
    }

    /// A sequence; an item that cannot be converted stays in its place as `null`, so that the
    /// paths of the others do not move.
    fn array(&mut self, items: impl Iterator<Item = Bound<'py, PyAny>>, path: &str, depth: usize) -> Json {
        let mut out = Vec::new();
        for (i, item) in items.enumerate() {
            let child = format!("{path}[{i}]");
            match self.value(&item, &child, depth + 1) {
                Some(Converted::Value(v)) => out.push(v),
                Some(Converted::Missing) | None => out.push(Json::Null),
            }
        }
        Json::Array(out)
    }

    pub fn float(&mut self, x: f64, path: &str) -> Option<Converted> {
        if x.is_nan() {
            return Some(Converted::Missing);
        }
        if x.is_infinite() {
            self.fail(
                EvidenceCode::BadNumber,
                path,
                tieuchi::msg!(PyNotExact, value = x.to_string()),
                tieuchi::msg!(PyFiniteHelp),
            );
            return None;
        }
        Some(Converted::Value(float_json(x)))
    }

    fn int(&mut self, i: &Bound<'py, PyInt>, path: &str) -> Option<Converted> {
        if let Ok(small) = i.extract::<i64>() {
            return Some(Converted::Value(Json::Number(Number::from(small))));
        }
        if let Some(n) = i.str().ok().and_then(|s| s.to_str().ok().and_then(|t| t.parse::<Number>().ok())) {
            return Some(Converted::Value(Json::Number(n)));
        }
        self.fail(EvidenceCode::BadNumber, path, tieuchi::msg!(PyIntegerUnreadable), tieuchi::msg!(PyDigitsHelp));
        None
    }

    fn decimal(&mut self, d: &Bound<'py, PyAny>, path: &str) -> Option<Converted> {
        let is = |name: &str| d.call_method0(name).and_then(|b| b.is_truthy()).unwrap_or(false);
        if is("is_nan") {
            return Some(Converted::Missing);
        }
        if !is("is_finite") {
            self.fail(EvidenceCode::BadNumber, path, tieuchi::msg!(PyInfiniteDecimal), tieuchi::msg!(PyFiniteHelp));
            return None;
        }
        // Plain notation for ordinary exponents; a huge exponent keeps its scientific text, which
        // the engine refuses as too large rather than this building a million-digit string.
        let adjusted = d.call_method0("adjusted").and_then(|a| a.extract::<i64>()).unwrap_or(0);
        let text = if (-64..=64).contains(&adjusted) {
            self.py.import("builtins").and_then(|b| b.getattr("format")).and_then(|f| f.call1((d, "f")))
        } else {
            d.str().map(Bound::into_any)
        };
        let text = text.ok().and_then(|t| t.extract::<String>().ok());
        if let Some(Ok(n)) = text.as_deref().map(str::parse::<Number>) {
            return Some(Converted::Value(Json::Number(n)));
        }
        self.fail(
            EvidenceCode::BadNumber,
            path,
            tieuchi::msg!(PyDecimalNotExact, text = text.unwrap_or_default()),
            tieuchi::msg!(PyDigitsHelp),
        );
        None
    }

    fn date(&mut self, d: &Bound<'py, PyAny>, path: &str) -> Option<Converted> {
        // A datetime at midnight is the date pandas and spreadsheets mean; any other time is kept
        // in full, and a date field refuses it (`evidence::bad-date`).
        let value = if d.get_type().is(&self.datetime) {
            let midnight = d
                .call_method0("time")
                .and_then(|t| t.call_method0("isoformat"))
                .and_then(|s| s.extract::<String>())
                .is_ok_and(|s| s == "00:00:00")
                && d.getattr("tzinfo").is_ok_and(|tz| tz.is_none());
            if midnight {
                d.call_method0("date").and_then(|x| x.call_method0("isoformat"))
            } else {
                d.call_method0("isoformat")
            }
        } else {
            d.call_method0("isoformat")
        };
        if let Ok(text) = value.and_then(|s| s.extract::<String>()) {
            return Some(Converted::Value(Json::String(text)));
        }
        self.unsupported(path, d);
        None
    }
}

/// A finite float as a JSON number written with its shortest decimal text, the digits Python's
/// `repr` shows (`0.1`, `61.99`, `1e-7`).
fn float_json(x: f64) -> Json {
    Number::from_f64(x).map_or(Json::Null, Json::Number)
}

/// JSON (a wire record, a schema) to Python: objects to dicts in order, strings, booleans,
/// `None`; numbers (rare on the wire: decimals travel as strings) to `int` or `Decimal`.
pub fn to_py<'py>(py: Python<'py>, value: &Json) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::String(s) => PyString::new(py, s).into_any(),
        Json::Number(n) => {
            let text = n.to_string();
            match text.parse::<i64>() {
                Ok(i) => i.into_pyobject(py)?.into_any(),
                Err(_) => decimal_type(py)?.call1((text,))?,
            }
        }
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Json::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
