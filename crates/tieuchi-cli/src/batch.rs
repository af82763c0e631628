//! `tieuchi batch`: many records in, one row out per record, population rules applied.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal as _, Read, Write};
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde_json::{json, Map, Value};
use tieuchi::schema::FieldSchema;
use tieuchi::{EvaluateError, Options, RuleSet, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Summary {
    Table,
    Json,
    None,
}

/// The format a path's extension names, for `--from`/`--to` left out.
pub fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()? {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

pub struct Batch<'a> {
    pub rules: &'a RuleSet,
    pub options: Options,
    pub input_format: Format,
    pub output_format: Format,
    pub summary: Summary,
}

/// One input record: its evidence, or why it could not be read.
type Record = std::result::Result<Value, String>;

impl Batch<'_> {
    /// Without population rules the records stream through one at a time. With them, a file is
    /// read twice: once to decide the quotas from small per-record summaries, once to evaluate
    /// and write; standard input, which cannot be read twice, is held in memory instead.
    pub fn run(&self, input: &Path, output: Option<&Path>) -> Result<bool> {
        let writer: Box<dyn Write> = match output {
            Some(path) if path.as_os_str() != "-" => {
                Box::new(std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?)
            }
            _ => Box::new(std::io::stdout().lock()),
        };
        let mut sink = Sink {
            batch: self,
            writer: BufWriter::new(writer),
            csv: (self.output_format == Format::Csv).then(|| CsvOut::new(self.rules)),
            tally: Tally::new(self.rules),
            progress: progress_bar(),
        };
        let from_stdin = input.as_os_str() == "-";
        if self.rules.plan().quotas.is_empty() {
            for (row, record) in self.records(input)?.enumerate() {
                let result = record.as_ref().ok().map(|v| self.rules.evaluate(v, &self.options));
                sink.write(row, &record, result.as_ref())?;
            }
        } else if from_stdin {
            let records: Vec<Record> = self.records(input)?.collect();
            let mut results: Vec<_> = records.iter().map(|r| self.evaluate(r)).collect();
            tieuchi::cohort::apply_quotas(self.rules, &mut results);
            for (row, (record, result)) in records.iter().zip(&results).enumerate() {
                sink.write(row, record, record.is_ok().then_some(result))?;
            }
        } else {
            let mut summaries: Vec<Option<tieuchi::cohort::Summary>> =
                self.records(input)?.map(|record| self.evaluate(&record).ok().map(|e| e.summary())).collect();
            let notes = tieuchi::cohort::decide(self.rules, &mut summaries);
            drop(summaries);
            for (row, record) in self.records(input)?.enumerate() {
                let mut result = self.evaluate(&record);
                if let (Ok(evaluation), Some(notes)) = (&mut result, notes.get(row)) {
                    evaluation.apply_quota_notes(notes);
                }
                sink.write(row, &record, record.is_ok().then_some(&result))?;
            }
        }
        sink.progress.finish_and_clear();
        sink.writer.flush()?;
        match self.summary {
            Summary::Table => eprint!("{}", sink.tally.table()),
            Summary::Json => eprintln!("{}", serde_json::to_string_pretty(&sink.tally.json())?),
            Summary::None => {}
        }
        Ok(sink.tally.errors == 0)
    }

    fn evaluate(&self, record: &Record) -> tieuchi::cohort::BatchResult<'_> {
        match record {
            Ok(value) => self.rules.evaluate(value, &self.options),
            Err(_) => Err(EvaluateError::Evidence(Vec::new())),
        }
    }

    fn records(&self, input: &Path) -> Result<Box<dyn Iterator<Item = Record>>> {
        let reader: Box<dyn Read> = if input.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(input).with_context(|| format!("cannot read `{}`", input.display()))?)
        };
        Ok(match self.input_format {
            Format::Jsonl => Box::new(jsonl_records(reader)),
            Format::Csv => Box::new(csv_records(reader, self.rules.schema().fields)?),
        })
    }
}

/// Where rows go: the writer, the summary, the progress bar.
struct Sink<'b, 'r> {
    batch: &'b Batch<'r>,
    writer: BufWriter<Box<dyn Write>>,
    csv: Option<CsvOut>,
    tally: Tally,
    progress: indicatif::ProgressBar,
}

impl Sink<'_, '_> {
    /// One output row: the result, or an error row naming the record and field.
    fn write(&mut self, row: usize, record: &Record, result: Option<&tieuchi::cohort::BatchResult<'_>>) -> Result<()> {
        self.progress.inc(1);
        let line = match (record, result) {
            (Err(_), _) | (Ok(_), None) => {
                let message = record.as_ref().err().cloned().unwrap_or_default();
                error_row(
                    row,
                    None,
                    &[json!({"code": tieuchi::EvidenceCode::NotJson.as_str(), "field": "", "message": message})],
                )
            }
            (Ok(evidence), Some(Err(error))) => error_row(row, evidence.get("id").cloned(), &errors_json(error)),
            (Ok(_), Some(Ok(evaluation))) => {
                let mut wire = serde_json::to_value(evaluation.to_wire())?;
                if let Some(map) = wire.as_object_mut() {
                    if !self.batch.options.trace {
                        map.remove("trace");
                    }
                    map.insert("row".to_owned(), json!(row));
                }
                wire
            }
        };
        self.tally.add(self.batch.rules, &line, result.and_then(|r| r.as_ref().ok()));
        match &mut self.csv {
            Some(csv) => csv.write(&mut self.writer, &line)?,
            None => writeln!(self.writer, "{}", serde_json::to_string(&line)?)?,
        }
        Ok(())
    }
}

/// A spinner with a count: streamed input has no known length.
fn progress_bar() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos} records ({per_sec})") {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn errors_json(error: &EvaluateError) -> Vec<Value> {
    match error {
        EvaluateError::Evidence(errors) => errors
            .iter()
            .map(|e| json!({"code": e.code.as_str(), "field": e.field, "message": e.message, "help": e.help}))
            .collect(),
        EvaluateError::Eval(e) => {
            vec![json!({"code": e.code.as_str(), "field": "", "message": e.message, "at": e.location.to_string()})]
        }
    }
}

fn error_row(row: usize, subject: Option<Value>, errors: &[Value]) -> Value {
    let mut map = Map::new();
    map.insert("row".to_owned(), json!(row));
    if let Some(subject) = subject {
        map.insert("subject".to_owned(), subject);
    }
    map.insert("status".to_owned(), json!("error"));
    map.insert("errors".to_owned(), json!(errors));
    Value::Object(map)
}

/// JSON Lines, one record per non-empty line; a line that is not JSON is an error record.
fn jsonl_records(reader: Box<dyn Read>) -> impl Iterator<Item = Record> {
    BufReader::new(reader).lines().enumerate().filter_map(|(n, line)| match line {
        Ok(line) if line.trim().is_empty() => None,
        Ok(line) => Some(serde_json::from_str(&line).map_err(|e| format!("line {}: not JSON: {e}", n + 1))),
        Err(e) => Some(Err(format!("line {}: cannot be read: {e}", n + 1))),
    })
}

/// CSV cells are text; each is given the JSON type its field declares. An empty cell is absent.
fn csv_records(reader: Box<dyn Read>, fields: Vec<FieldSchema>) -> Result<impl Iterator<Item = Record>> {
    let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
    let headers = csv.headers().context("cannot read the CSV header")?.clone();
    Ok(csv.into_records().enumerate().map(move |(n, row)| {
        let row = row.map_err(|e| format!("CSV row {}: {e}", n + 1))?;
        let mut map = Map::new();
        for (header, cell) in headers.iter().zip(row.iter()) {
            if cell.is_empty() {
                continue;
            }
            let ty = fields.iter().find(|f| f.id == header).map_or("text", |f| f.ty);
            let value = match ty {
                "bool" => match cell.trim().to_ascii_lowercase().as_str() {
                    "true" => json!(true),
                    "false" => json!(false),
                    _ => json!(cell),
                },
                "list" | "history" => serde_json::from_str(cell)
                    .map_err(|e| format!("CSV row {}: `{header}` is not a JSON list: {e}", n + 1))?,
                _ => json!(cell),
            };
            map.insert(header.to_owned(), value);
        }
        Ok(Value::Object(map))
    }))
}

/// CSV output: one column per score and `let`, the outcome, and the errors as text.
struct CsvOut {
    header_written: bool,
    scores: Vec<String>,
    values: Vec<String>,
}

impl CsvOut {
    fn new(rules: &RuleSet) -> Self {
        let model = rules.model();
        CsvOut {
            header_written: false,
            scores: model.scores.iter().map(|s| s.id.clone()).collect(),
            values: model.lets.iter().map(|l| l.id.clone()).collect(),
        }
    }

    fn write(&mut self, out: &mut impl Write, line: &Value) -> Result<()> {
        let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        if !self.header_written {
            let mut header = vec!["row", "subject", "status", "outcome", "outcome_label", "decided_by"];
            header.extend(self.scores.iter().map(String::as_str));
            header.extend(self.values.iter().map(String::as_str));
            header.extend(["findings", "errors"]);
            csv.write_record(&header)?;
            self.header_written = true;
        }
        let text = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut record = vec![
            text(&line["row"]),
            text(&line["subject"]),
            text(&line["status"]),
            text(&line["outcome"]["id"]),
            text(&line["outcome"]["label"]),
            text(&line["outcome"]["decided_by"]),
        ];
        record.extend(self.scores.iter().map(|s| text(&line["scores"][s]["value"])));
        record.extend(self.values.iter().map(|v| text(&line["values"][v])));
        let codes = |key: &str| {
            line[key].as_array().map_or_else(String::new, |items| {
                items
                    .iter()
                    .map(|f| match (f["code"].as_str(), f["field"].as_str()) {
                        (Some(code), Some(field)) if !field.is_empty() => format!("{code}@{field}"),
                        (Some(code), _) => code.to_owned(),
                        _ => String::new(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        };
        record.push(codes("findings"));
        record.push(codes("errors"));
        csv.write_record(&record)?;
        out.write_all(&csv.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        Ok(())
    }
}

/// Counts of outcomes, overall and per group of the rule set's keys.
struct Tally {
    /// The tiers, best first, so that the table reads as the ladder does.
    tiers: Vec<String>,
    rows: usize,
    rated: usize,
    errors: usize,
    overall: BTreeMap<String, usize>,
    groups: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Tally {
    fn new(rules: &RuleSet) -> Tally {
        Tally {
            tiers: rules.model().outcome.tiers.iter().map(|t| t.id.clone()).collect(),
            rows: 0,
            rated: 0,
            errors: 0,
            overall: BTreeMap::new(),
            groups: BTreeMap::new(),
        }
    }

    fn add(&mut self, rules: &RuleSet, line: &Value, evaluation: Option<&tieuchi::Evaluation<'_>>) {
        self.rows += 1;
        let label = match evaluation.map(tieuchi::Evaluation::status) {
            None => {
                self.errors += 1;
                "error".to_owned()
            }
            Some(Status::Rated) => {
                self.rated += 1;
                line["outcome"]["id"].as_str().unwrap_or("?").to_owned()
            }
            Some(status) => status.as_str().to_owned(),
        };
        *self.overall.entry(label.clone()).or_default() += 1;
        let keys = evaluation.map(tieuchi::Evaluation::keys).unwrap_or_default();
        if !keys.is_empty() || rules.model().inputs.iter().any(|i| i.is_key) {
            let group = if keys.is_empty() { "(no key)".to_owned() } else { keys.join(" / ") };
            *self.groups.entry(group).or_default().entry(label).or_default() += 1;
        }
    }

    /// Tiers best first with their share of the records RATED (the ones "đủ điều kiện xếp
    /// loại": a unit not rated is not in the denominator), then the other statuses, counted.
    fn table(&self) -> String {
        let mut out = format!("{} record(s), {} rated; shares are of the rated\n", self.rows, self.rated);
        let others = self.overall.keys().filter(|k| !self.tiers.contains(k));
        let width = self.tiers.iter().chain(others.clone()).map(String::len).max().unwrap_or(0);
        for tier in &self.tiers {
            let n = self.overall.get(tier).copied().unwrap_or(0);
            let share = percent(n, self.rated);
            let _ = writeln!(out, "  {tier:width$}  {n:>8}  {share:>7}");
        }
        for label in others {
            let _ = writeln!(out, "  {label:width$}  {:>8}", self.overall[label]);
        }
        if self.groups.len() > 1 {
            let _ = writeln!(out, "{} group(s)", self.groups.len());
            for (group, counts) in self.groups.iter().take(50) {
                let cells: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
                let _ = writeln!(out, "  {group}: {}", cells.join(", "));
            }
            if self.groups.len() > 50 {
                let _ = writeln!(out, "  … and {} more (use --summary json)", self.groups.len() - 50);
            }
        }
        out
    }

    fn json(&self) -> Value {
        json!({
            "rows": self.rows,
            "rated": self.rated,
            "errors": self.errors,
            "outcomes": self.overall,
            "groups": self.groups,
        })
    }
}

fn percent(n: usize, total: usize) -> String {
    if total == 0 {
        return String::new();
    }
    // Integer arithmetic: a tenth of a percent, rounded half up.
    let tenths = (n * 1000 + total / 2) / total;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub fn resolve_format(explicit: Option<Format>, path: Option<&Path>, default: Format, flag: &str) -> Result<Format> {
    let what = if flag == "from" { "input" } else { "output" };
    if let Some(format) = explicit {
        return Ok(format);
    }
    match path {
        Some(p) if p.as_os_str() != "-" => match format_of(p) {
            Some(format) => Ok(format),
            None => bail!("cannot tell the {what} format of `{}`; give --{flag} jsonl or --{flag} csv", p.display()),
        },
        _ => Ok(default),
    }
}
