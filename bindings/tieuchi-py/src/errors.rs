//! Engine errors to the package's Python exceptions (`tieuchi._errors`): every failure the engine
//! reports reaches Python as an exception object carrying the same data the CLI prints.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use tieuchi::diagnostic::DiagnosticRecord;
use tieuchi::eval::EvalError;
use tieuchi::{CompileError, Diagnostic, EvaluateError, EvidenceError, SelectError};

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

/// One diagnostic as a dict: the fields of `DiagnosticRecord` and its plain rendering.
pub fn diagnostic<'py>(py: Python<'py>, d: &Diagnostic) -> PyResult<Bound<'py, PyAny>> {
    let record = json(py, &DiagnosticRecord::from(d))?;
    if let Ok(dict) = record.cast::<PyDict>() {
        dict.set_item("rendered", d.render_plain())?;
    }
    Ok(record)
}

pub fn diagnostics<'py>(py: Python<'py>, ds: &[Diagnostic]) -> PyResult<Bound<'py, PyList>> {
    let items = ds.iter().map(|d| diagnostic(py, d)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

pub fn compile_error(py: Python<'_>, error: &CompileError) -> PyErr {
    let payload = diagnostics(py, &error.diagnostics).and_then(|list| {
        let dict = PyDict::new(py);
        dict.set_item("summary", error.to_string())?;
        dict.set_item("diagnostics", list)?;
        Ok(dict.into_any())
    });
    match payload {
        Ok(payload) => raise(py, "RuleError", payload),
        Err(error) => error,
    }
}

pub fn evidence_payload<'py>(
    py: Python<'py>,
    errors: &[EvidenceError],
    record: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(py);
    dict.set_item("errors", json(py, errors)?)?;
    dict.set_item("record", record)?;
    Ok(dict.into_any())
}

pub fn eval_payload<'py>(py: Python<'py>, error: &EvalError, record: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(py);
    dict.set_item("code", error.code.as_str())?;
    dict.set_item("message", &error.message)?;
    dict.set_item("location", error.location.to_string())?;
    dict.set_item("expression", &error.expression)?;
    dict.set_item("help", &error.help)?;
    dict.set_item("record", record)?;
    Ok(dict.into_any())
}

pub fn evaluate_error(py: Python<'_>, error: &EvaluateError, record: Option<usize>) -> PyErr {
    let (class, payload) = match error {
        EvaluateError::Evidence(errors) => ("EvidenceError", evidence_payload(py, errors, record)),
        EvaluateError::Eval(e) => ("EvaluationError", eval_payload(py, e, record)),
    };
    match payload {
        Ok(payload) => raise(py, class, payload),
        Err(error) => error,
    }
}

pub fn select_error(py: Python<'_>, error: &SelectError) -> PyErr {
    let dict = PyDict::new(py);
    let payload = dict
        .set_item("code", error.code())
        .and_then(|()| dict.set_item("message", error.to_string()))
        .map(|()| dict.into_any());
    match payload {
        Ok(payload) => raise(py, "SelectError", payload),
        Err(error) => error,
    }
}
