//! Engine errors to the package's Python exceptions (`tieuchi._errors`): every failure the engine
//! reports reaches Python as an exception object carrying the engine's failure record
//! (`tieuchi::Failure`), the same data the CLI prints; the class follows the failure's kind.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use tieuchi::{CompileError, Diagnostic, ErrorRecord, EvaluateError, Failure, FailureKind, InternalCode, SelectError};

use crate::convert::to_py;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(ERRORS.get_or_try_init(py, || py.import("tieuchi._errors").map(Bound::unbind))?.bind(py))
}

/// Calls `tieuchi._errors.<class>._from_native(payload)` and turns the result into a `PyErr`.
fn raise(py: Python<'_>, class: &str, payload: Bound<'_, PyAny>) -> PyErr {
    let made = module(py).and_then(|m| m.getattr(class)).and_then(|c| c.call_method1("_from_native", (payload,)));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(error) => error,
    }
}

fn json<'py, T: serde::Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    to_py(py, &json)
}

/// Diagnostics as a list of the engine's error records.
pub fn diagnostics<'py>(py: Python<'py>, ds: &[Diagnostic], lang: tieuchi::Lang) -> PyResult<Bound<'py, PyList>> {
    let items = ds.iter().map(|d| json(py, &ErrorRecord::diagnostic(d, lang))).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// The package's exception class for a failure of this kind.
fn class_of(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::Compile => "RuleError",
        FailureKind::Evidence => "EvidenceError",
        FailureKind::Eval => "EvaluationError",
        FailureKind::Select => "SelectError",
        FailureKind::Argument => "ArgumentError",
        FailureKind::Internal => "InternalError",
    }
}

/// The engine's failure record, raised as the package's exception of its kind: the same record,
/// and so the same exception, whatever call met it.
pub fn failure_error(py: Python<'_>, failure: &Failure) -> PyErr {
    match json(py, failure) {
        Ok(payload) => raise(py, class_of(failure.kind), payload),
        Err(error) => error,
    }
}

pub fn compile_error(py: Python<'_>, error: &CompileError, lang: tieuchi::Lang) -> PyErr {
    failure_error(py, &Failure::compile(error, lang))
}

pub fn evaluate_error(py: Python<'_>, error: &EvaluateError, lang: tieuchi::Lang) -> PyErr {
    failure_error(py, &Failure::evaluate(error, lang))
}

pub fn select_error(py: Python<'_>, error: &SelectError, lang: tieuchi::Lang) -> PyErr {
    failure_error(py, &Failure::select(error, lang))
}

/// What no input should cause, as the engine records it.
pub fn internal_error(py: Python<'_>, message: String) -> PyErr {
    failure_error(py, &Failure::internal(InternalCode::Error, message, tieuchi::Lang::default()))
}
