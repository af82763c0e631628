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
    pub fn run(&self, input: &Path, output: Option<&Path>) -> Result<bool> {
        let reader: Box<dyn Read> = if input.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(input).with_context(|| format!("cannot read `{}`", input.display()))?)
        };
        let records = match self.input_format {
            Format::Jsonl => read_jsonl(reader)?,
            Format::Csv => read_csv(reader, &self.rules.schema().fields)?,
        };
        let writer: Box<dyn Write> = match output {
            Some(path) if path.as_os_str() != "-" => {
                Box::new(std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?)
            }
            _ => Box::new(std::io::stdout().lock()),
        };
        let mut writer = BufWriter::new(writer);

        let progress = progress_bar(records.len());
        let values: Vec<Value> = records.iter().map(|r| r.as_ref().cloned().unwrap_or(Value::Null)).collect();
        let mut results: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                progress.inc(1);
                match &records[i] {
                    Ok(_) => self.rules.evaluate(v, &self.options),
                    Err(_) => Err(EvaluateError::Evidence(Vec::new())),
                }
            })
            .collect();
        tieuchi::cohort::apply_quotas(self.rules, &mut results);
        progress.finish_and_clear();

        let mut tally = Tally::default();
        let mut csv_writer = (self.output_format == Format::Csv).then(|| CsvOut::new(self.rules));
        for (row, (record, result)) in records.iter().zip(&results).enumerate() {
            let line = match (record, result) {
                (Err(message), _) => error_row(
                    row,
                    None,
                    &[json!({"code": tieuchi::EvidenceCode::NotJson.as_str(), "field": "", "message": message})],
                ),
                (Ok(evidence), Err(error)) => {
                    let subject = evidence.get("id").cloned();
                    error_row(row, subject, &errors_json(error))
                }
                (Ok(_), Ok(evaluation)) => {
                    let mut wire = serde_json::to_value(evaluation.to_wire())?;
                    if !self.options.trace {
                        if let Some(map) = wire.as_object_mut() {
                            map.remove("trace");
                        }
                    }
                    if let Some(map) = wire.as_object_mut() {
                        map.insert("row".to_owned(), json!(row));
                    }
                    wire
                }
            };
            tally.add(self.rules, &line, result.as_ref().ok());
            match &mut csv_writer {
                Some(csv) => csv.write(&mut writer, &line)?,
                None => writeln!(writer, "{}", serde_json::to_string(&line)?)?,
            }
        }
        writer.flush()?;
        match self.summary {
            Summary::Table => eprint!("{}", tally.table()),
            Summary::Json => eprintln!("{}", serde_json::to_string_pretty(&tally.json())?),
            Summary::None => {}
        }
        Ok(tally.errors == 0)
    }
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records ({per_sec}, {eta})") {
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

fn read_jsonl(reader: Box<dyn Read>) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        records.push(serde_json::from_str(&line).map_err(|e| format!("line {}: not JSON: {e}", n + 1)));
    }
    Ok(records)
}

/// CSV cells are text; each is given the JSON type its field declares. An empty cell is absent.
fn read_csv(reader: Box<dyn Read>, fields: &[FieldSchema]) -> Result<Vec<Record>> {
    let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
    let headers = csv.headers().context("cannot read the CSV header")?.clone();
    let mut records = Vec::new();
    for (n, row) in csv.records().enumerate() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                records.push(Err(format!("CSV row {}: {e}", n + 1)));
                continue;
            }
        };
        let mut map = Map::new();
        let mut problem = None;
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
                "list" | "history" => match serde_json::from_str(cell) {
                    Ok(v) => v,
                    Err(e) => {
                        problem = Some(format!("CSV row {}: `{header}` is not a JSON list: {e}", n + 1));
                        json!(cell)
                    }
                },
                _ => json!(cell),
            };
            map.insert(header.to_owned(), value);
        }
        records.push(problem.map_or(Ok(Value::Object(map)), Err));
    }
    Ok(records)
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
#[derive(Default)]
struct Tally {
    rows: usize,
    errors: usize,
    overall: BTreeMap<String, usize>,
    groups: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Tally {
    fn add(&mut self, rules: &RuleSet, line: &Value, evaluation: Option<&tieuchi::Evaluation<'_>>) {
        self.rows += 1;
        let label = match evaluation.map(tieuchi::Evaluation::status) {
            None => {
                self.errors += 1;
                "error".to_owned()
            }
            Some(Status::Rated) => line["outcome"]["id"].as_str().unwrap_or("?").to_owned(),
            Some(status) => status.as_str().to_owned(),
        };
        *self.overall.entry(label.clone()).or_default() += 1;
        let keys = evaluation.map(tieuchi::Evaluation::keys).unwrap_or_default();
        if !keys.is_empty() || rules.model().inputs.iter().any(|i| i.is_key) {
            let group = if keys.is_empty() { "(no key)".to_owned() } else { keys.join(" / ") };
            *self.groups.entry(group).or_default().entry(label).or_default() += 1;
        }
    }

    fn table(&self) -> String {
        let mut out = format!("{} record(s)\n", self.rows);
        let width = self.overall.keys().map(String::len).max().unwrap_or(0);
        for (label, n) in &self.overall {
            let share = percent(*n, self.rows);
            let _ = writeln!(out, "  {label:width$}  {n:>8}  {share:>7}");
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
        json!({ "rows": self.rows, "errors": self.errors, "outcomes": self.overall, "groups": self.groups })
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
