//! The Python binding of tieuchi: the native module `tieuchi._tieuchi`, wrapped by the Python
//! package `tieuchi` (`python/tieuchi/`).
//!
//! The binding converts values and maps errors; it holds no evaluation logic. Rule sets are
//! compiled, chosen, checked and evaluated by the engine crate; results leave it in the one wire
//! shape every front end shares (decimals as strings), and the Python package turns them into
//! objects, `Decimal`s, pandas data frames or Arrow tables.
//!
//! | module | what |
//! | --- | --- |
//! | `convert` | Python values to evidence JSON, JSON back to Python |
//! | `errors` | engine errors to the package's exceptions |
//! | `many` | many records (Arrow data or dicts) through the core's batch engine, an Arrow table out; two rule sets' impact |

mod convert;
mod errors;
mod many;

use std::sync::Arc;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value as Json;
use tieuchi::value::Date;
use tieuchi::{EvaluateError, EvidenceError, Failure, Options, RuleSet, SelectError, SourceFile};

use crate::convert::{to_py, Converter};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: the sixteenth option in `mimalloc.h` of mimalloc 3, which
/// `libmimalloc-sys` builds and names no constant for.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory a batch frees stays with the allocator for five seconds rather than mimalloc 3's one:
/// pages given back to the system come back zeroed by the kernel, a page fault each, and the
/// next batch (another frame, the next file of a loop) allocates as much again. mimalloc counts
/// the delay from the first page freed, not the last, so with one second a call that began a
/// second after the last one ended found its memory gone. 1M NĐ 335 records from a pyarrow table,
/// two threads: 0.39–0.40 s with the memory kept, 0.46–0.50 s (50,000 page faults against
/// 500–15,000) when given back; the cost is up to the batch's own peak (about 250 MB for those
/// rows) held for those seconds after a call.
#[expect(unsafe_code, reason = "mimalloc's options are set through its C API")]
fn keep_freed_memory_a_while() {
    // SAFETY: `mi_option_set` takes any option number and value at any time, from any thread;
    // the allocator reads the delay when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 5000) };
}

/// Compiled rule files: one rule set, or a folder's families of versions.
#[pyclass(frozen, module = "tieuchi._tieuchi", name = "Library")]
struct Library {
    inner: Arc<tieuchi::Library>,
    /// The rule files as compiled, `(name, text)`: what a rule set pickles as, so that it
    /// travels to other processes and machines (a cluster's executors) as text.
    sources: Vec<(String, String)>,
    /// Parameters simulated (`RuleSet.with_params`), `(id, value)` as text: a simulation pickles
    /// as its rule files and these, applied again where it is unpickled.
    params: Vec<(String, String)>,
}

/// An evaluation date given as text, `YYYY-MM-DD`; anything else is the engine's
/// `argument::bad-date`, raised as `ArgumentError` (a `ValueError`).
/// The language of messages: `vi` or `en` (a region is ignored); anything else is an
/// `argument::invalid` `ArgumentError`.
fn parse_lang(py: Python<'_>, lang: &str) -> PyResult<tieuchi::Lang> {
    Failure::lang_argument(lang).map_err(|failure| errors::failure_error(py, &failure))
}

fn parse_on(py: Python<'_>, on: Option<&str>, lang: tieuchi::Lang) -> PyResult<Option<Date>> {
    on.map(|text| Failure::date_argument(text, lang).map_err(|f| errors::failure_error(py, &f))).transpose()
}

fn json_to_py<'py, T: serde::Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    to_py(py, &json)
}

/// Conversion problems first, then the engine's, leaving out the engine's complaint about a
/// field that the conversion already reported (it saw the field absent or `null`).
fn merge(mut conversion: Vec<EvidenceError>, engine: Vec<EvidenceError>) -> Vec<EvidenceError> {
    for error in engine {
        if !conversion.iter().any(|c| c.field == error.field) {
            conversion.push(error);
        }
    }
    conversion
}

impl Library {
    fn get(&self, py: Python<'_>, id: &str) -> PyResult<&RuleSet> {
        self.inner
            .get(id)
            .ok_or_else(|| errors::select_error(py, &SelectError::Unknown(id.to_owned()), tieuchi::Lang::default()))
    }

    /// The rule set to evaluate with: the pinned one (for a layer over several national
    /// versions, the one in force on `on`), else the family's version in force on `on`.
    fn choose(
        &self,
        py: Python<'_>,
        family: Option<&str>,
        pinned: Option<&str>,
        on: Option<Date>,
        lang: tieuchi::Lang,
    ) -> PyResult<&RuleSet> {
        match pinned {
            Some(id) => self.inner.pinned(id, on),
            None => self.inner.select(family, on),
        }
        .map_err(|e| errors::select_error(py, &e, lang))
    }
}

#[pymethods]
impl Library {
    /// Compiles `(name, text)` rule files together: imports resolved, families linked.
    #[staticmethod]
    #[pyo3(signature = (sources, lang="vi"))]
    fn compile(py: Python<'_>, sources: Vec<(String, String)>, lang: &str) -> PyResult<Library> {
        let lang = parse_lang(py, lang)?;
        let files: Vec<SourceFile> =
            sources.iter().map(|(name, text)| SourceFile::new(name.clone(), text.clone())).collect();
        match py.detach(|| tieuchi::Library::compile(&files)) {
            Ok(library) => Ok(Library { inner: Arc::new(library), sources, params: Vec::new() }),
            Err(error) => Err(errors::compile_error(py, &error, lang)),
        }
    }

    /// Every diagnostic of `(name, text)` rule files checked together, errors and warnings, as
    /// `tieuchi check` prints them; never raises for a broken file.
    #[staticmethod]
    #[pyo3(signature = (sources, lang="vi"))]
    fn check_sources<'py>(py: Python<'py>, sources: Vec<(String, String)>, lang: &str) -> PyResult<Bound<'py, PyList>> {
        let lang = parse_lang(py, lang)?;
        let files: Vec<SourceFile> = sources.into_iter().map(|(name, text)| SourceFile::new(name, text)).collect();
        let diagnostics = py.detach(|| match tieuchi::Library::compile(&files) {
            Ok(library) => library.warnings().to_vec(),
            Err(error) => error.diagnostics,
        });
        errors::diagnostics(py, &diagnostics, lang)
    }

    /// The rule files as compiled, `(name, text)`.
    fn sources(&self) -> Vec<(String, String)> {
        self.sources.clone()
    }

    /// A simulation: the rules with parameters set to the values given, `(id, value)` as text
    /// ([`tieuchi::Library::with_params_in`]); the engine reads each value by the parameter's
    /// type, and words a refusal in `lang`.
    #[pyo3(signature = (params, lang="vi"))]
    fn with_params(&self, py: Python<'_>, params: Vec<(String, String)>, lang: &str) -> PyResult<Library> {
        let lang = parse_lang(py, lang)?;
        match py.detach(|| self.inner.with_params_in(&params, lang)) {
            Ok(library) => {
                let mut all = self.params.clone();
                all.retain(|(id, _)| !params.iter().any(|(new, _)| new == id));
                all.extend(params);
                Ok(Library { inner: Arc::new(library), sources: self.sources.clone(), params: all })
            }
            Err(failure) => Err(errors::failure_error(py, &failure)),
        }
    }

    /// The parameters simulated, `(id, value)` as given.
    fn params(&self) -> Vec<(String, String)> {
        self.params.clone()
    }

    /// The inputs a batch may be split by with every row the same
    /// ([`tieuchi::batch::Batch::partition_keys`]): `None` without a quota.
    #[pyo3(signature = (family=None, pinned=None))]
    fn partition_keys(
        &self,
        py: Python<'_>,
        family: Option<&str>,
        pinned: Option<&str>,
    ) -> PyResult<Option<Vec<String>>> {
        let batch = many::batch(py, &self.inner, family, pinned, None, tieuchi::Lang::default())?;
        Ok(batch.partition_keys().map(|keys| keys.into_iter().map(str::to_owned).collect()))
    }

    /// The Arrow schema of a batch's rows as a stream gives them (every score at the one scale
    /// that holds any of its values), a `pyarrow.Schema`.
    #[pyo3(signature = (family=None, pinned=None))]
    fn row_schema<'py>(
        &self,
        py: Python<'py>,
        family: Option<&str>,
        pinned: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batch = many::batch(py, &self.inner, family, pinned, None, tieuchi::Lang::default())?;
        pyo3_arrow::PySchema::new(batch.arrow_schema()).into_pyarrow(py)
    }

    /// The ids of the rule sets, in the order compiled.
    fn ids(&self) -> Vec<String> {
        self.inner.rulesets().iter().map(|r| r.id().to_owned()).collect()
    }

    /// The versions of the family `id` (any version's id) belongs to, or of the only family
    /// loaded, oldest first; raises the engine's `SelectError` (`select::unknown`,
    /// `select::ambiguous`).
    #[pyo3(signature = (id=None))]
    fn family(&self, py: Python<'_>, id: Option<&str>) -> PyResult<Vec<String>> {
        let family = self.inner.family(id).map_err(|e| errors::select_error(py, &e, tieuchi::Lang::default()))?;
        Ok(family.iter().map(|r| r.id().to_owned()).collect())
    }

    /// The families of versions, each oldest first.
    fn families(&self) -> Vec<Vec<String>> {
        self.inner.families().iter().map(|f| f.iter().map(|r| r.id().to_owned()).collect()).collect()
    }

    /// The warnings of every rule set (errors prevent compilation).
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        errors::diagnostics(py, self.inner.warnings(), tieuchi::Lang::default())
    }

    /// The id of the version of `family` (or of the only family) in force on `on`.
    #[pyo3(signature = (family=None, on=None))]
    fn select(&self, py: Python<'_>, family: Option<&str>, on: Option<&str>) -> PyResult<String> {
        let on = parse_on(py, on, tieuchi::Lang::default())?;
        self.inner
            .select(family, on)
            .map(|r| r.id().to_owned())
            .map_err(|e| errors::select_error(py, &e, tieuchi::Lang::default()))
    }

    /// What a rule set is: id, label, file, citation, validity, predecessor; its scores and
    /// derived values with their types, for the Python side to type results.
    fn info<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyDict>> {
        let rules = self.get(py, id)?;
        let info = rules.info();
        let dict = PyDict::new(py);
        dict.set_item("id", &info.id)?;
        dict.set_item("label", &info.label)?;
        dict.set_item("file", &info.file)?;
        dict.set_item("source", info.source.as_deref())?;
        dict.set_item("valid_from", info.valid_from.map(|d| d.to_string()))?;
        dict.set_item("valid_until", info.valid_until.map(|d| d.to_string()))?;
        dict.set_item("replaces", info.replaces.as_deref())?;
        dict.set_item("translations", &info.translations)?;
        let scores: Vec<(&str, &str)> = info.scores.iter().map(|s| (s.id.as_str(), s.label.as_str())).collect();
        dict.set_item("scores", scores)?;
        let values: Vec<(&str, &str)> = info.values.iter().map(|v| (v.id.as_str(), v.kind.as_str())).collect();
        dict.set_item("values", values)?;
        dict.set_item("quotas", info.quotas)?;
        dict.set_item("warnings", errors::diagnostics(py, rules.warnings(), tieuchi::Lang::default())?)?;
        Ok(dict)
    }

    /// The evidence the rule set reads, as `tieuchi inputs` prints it.
    fn schema<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.get(py, id)?.schema())
    }

    /// The evidence record as a JSON Schema (draft 2020-12).
    fn json_schema<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get(py, id)?.json_schema())
    }

    /// Runs the rule set's `test` blocks.
    fn run_tests<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let rules = self.get(py, id)?;
        let reports = py.detach(|| rules.run_tests());
        let items = reports
            .iter()
            .map(|r| {
                let dict = json_to_py(py, r)?;
                if let Ok(d) = dict.cast::<PyDict>() {
                    d.set_item("passed", r.passed())?;
                }
                Ok(dict)
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    }

    /// Evaluates one record; returns the wire result as a dict (decimals as strings). The
    /// record's own `on` chooses the version, as it anchors the evaluation; else `on`. With
    /// `what_it_takes`, the result says what reaches each better tier.
    #[pyo3(signature = (record, family=None, pinned=None, on=None, trace=true, what_it_takes=false, lang="vi"))]
    #[expect(clippy::too_many_arguments, reason = "the Python keyword arguments, passed through")]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
        family: Option<&str>,
        pinned: Option<&str>,
        on: Option<&str>,
        trace: bool,
        what_it_takes: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = parse_lang(py, lang)?;
        let on = parse_on(py, on, lang)?;
        let mut converter = Converter::new(py)?;
        let json = converter.record(record);
        // The record's own date chooses the version as a batch chooses it; one that is not a date
        // is the evidence's problem, reported by the evaluation.
        let record_on = json.get("on").and_then(Json::as_str).and_then(|d| tieuchi::value::parse_strict_date(d.trim()));
        let rules = self.choose(py, family, pinned, record_on.or(on), lang)?;
        if !converter.errors.is_empty() {
            let engine = rules.decode(&json).err().unwrap_or_default();
            let error = EvaluateError::Evidence(merge(converter.errors, engine));
            return Err(errors::evaluate_error(py, &error, lang));
        }
        let options = Options { on, trace, lang };
        let result = py.detach(|| {
            rules.evaluate(&json, &options).map(|e| {
                let mut wire = e.to_wire();
                if what_it_takes {
                    wire.what_it_takes = Some(e.what_it_takes());
                }
                serde_json::to_value(wire)
            })
        });
        match result {
            Ok(Ok(wire)) => to_py(py, &wire),
            Ok(Err(error)) => Err(errors::internal_error(py, format!("the result cannot be written: {error}"))),
            Err(error) => Err(errors::evaluate_error(py, &error, lang)),
        }
    }

    /// Evaluates many records as one batch (quotas over all of them; each record rated by the
    /// version in force on its date): a list of dicts, or any Arrow data. Returns a pyarrow table
    /// of the core's rows; with `raise_errors`, raises instead the engine's failure of the first
    /// record it refused, as evaluating that record alone raises it (with `record`, its index).
    /// With `plain_strings`, the dictionary columns (status, outcome, …) come as plain strings.
    #[pyo3(signature = (data, family=None, pinned=None, on=None, raise_errors=false, plain_strings=false, lang="vi"))]
    #[expect(clippy::too_many_arguments, reason = "the Python keyword arguments, passed through")]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        family: Option<&str>,
        pinned: Option<&str>,
        on: Option<&str>,
        raise_errors: bool,
        plain_strings: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = parse_lang(py, lang)?;
        let batch = many::batch(py, &self.inner, family, pinned, parse_on(py, on, lang)?, lang)?;
        let strings = if plain_strings { many::Strings::Plain } else { many::Strings::Dictionary };
        many::evaluate_many(py, &batch, data, raise_errors, strings, lang)
    }

    /// The same as a stream: a `pyarrow.RecordBatchReader` of the rows, filled as Arrow data is
    /// read.
    #[pyo3(signature = (data, family=None, pinned=None, on=None, lang="vi"))]
    fn evaluate_stream<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        family: Option<&str>,
        pinned: Option<&str>,
        on: Option<&str>,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = parse_lang(py, lang)?;
        let chosen = many::Chosen {
            library: Arc::clone(&self.inner),
            family: family.map(str::to_owned),
            pinned: pinned.map(str::to_owned),
            on: parse_on(py, on, lang)?,
            lang,
        };
        many::evaluate_stream(py, chosen, data)
    }
}

/// The same records through the rules of two libraries (each a family or a pinned version):
/// the changes as JSON Lines and the summary as JSON, as `tieuchi diff` gives them.
#[pyfunction]
#[pyo3(signature = (before, after, data, before_family=None, before_pinned=None, after_family=None, after_pinned=None, on=None))]
#[expect(
    clippy::too_many_arguments,
    reason = "each side is a library, a family and a version, as evaluate_many takes them"
)]
fn diff<'py>(
    py: Python<'py>,
    before: &Library,
    after: &Library,
    data: &Bound<'py, PyAny>,
    before_family: Option<&str>,
    before_pinned: Option<&str>,
    after_family: Option<&str>,
    after_pinned: Option<&str>,
    on: Option<&str>,
) -> PyResult<(String, String)> {
    let on = parse_on(py, on, tieuchi::Lang::default())?;
    let old = many::batch(py, &before.inner, before_family, before_pinned, on, tieuchi::Lang::default())?;
    let new = many::batch(py, &after.inner, after_family, after_pinned, on, tieuchi::Lang::default())?;
    many::diff(py, old, new, data)
}

/// An argument of a catalogue message, as the package's Python gives it.
#[derive(FromPyObject)]
enum MessageArg {
    Int(i64),
    Text(String),
}

/// A sentence of the engine's catalogue, for the problems the package's own Python finds (a
/// keyword with no such choice): the message `id` with `args`, in `lang`.
#[pyfunction]
fn message(
    py: Python<'_>,
    id: &str,
    lang: &str,
    args: std::collections::BTreeMap<String, MessageArg>,
) -> PyResult<String> {
    let lang = parse_lang(py, lang)?;
    let args = args.into_iter().map(|(name, value)| {
        let value: tieuchi::i18n::Arg = match value {
            MessageArg::Int(n) => n.into(),
            MessageArg::Text(text) => text.into(),
        };
        (name, value)
    });
    tieuchi::Message::named(id, args)
        .map(|message| message.render(lang))
        .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(id.to_owned()))
}

/// The version of the engine this module was built with.
#[pyfunction]
fn engine_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Every code of the core's registry (`tieuchi::codes`), with its one-line meaning in `lang`.
#[pyfunction]
#[pyo3(signature = (lang="vi"))]
fn codes(py: Python<'_>, lang: &str) -> PyResult<Vec<(&'static str, String)>> {
    let lang = parse_lang(py, lang)?;
    Ok(tieuchi::codes::all().map(|c| (c.code, c.summary(lang))).collect())
}

/// A code's registry entry as pairs (`code`, `kind`, `summary`, `explanation`, `example`, and a
/// finding's `heading`), its texts in `lang`; `None` for no such code.
#[pyfunction]
#[pyo3(signature = (code, lang="vi"))]
fn explain(py: Python<'_>, code: &str, lang: &str) -> PyResult<Option<Vec<(&'static str, String)>>> {
    let lang = parse_lang(py, lang)?;
    Ok(tieuchi::codes::lookup(code).map(|c| {
        let mut entry = vec![
            ("code", c.code.to_owned()),
            ("kind", c.kind.as_str().to_owned()),
            ("summary", c.summary(lang)),
            ("explanation", c.explanation(lang)),
            ("example", c.example(lang)),
        ];
        entry.extend(c.heading.map(|h| ("heading", h.to_owned())));
        entry
    }))
}

#[pymodule]
fn _tieuchi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    keep_freed_memory_a_while();
    m.add_class::<Library>()?;
    m.add_function(wrap_pyfunction!(engine_version, m)?)?;
    m.add_function(wrap_pyfunction!(message, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    Ok(())
}
