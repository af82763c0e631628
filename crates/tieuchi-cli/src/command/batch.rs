//! `tieuchi batch`: hands files to the core's batch engine and renders its summary. Nothing is
//! lost: the rows go to a temporary file beside the output, renamed over it only at the end (a
//! device or a pipe, such as `/dev/null`, is written straight instead of replaced); an
//! output that is the input is refused; an input that cannot be read twice is spooled when a quota
//! needs two passes; a folder or an unreadable input is one clear error.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, IsTerminal as _, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde_json::json;
use tieuchi::batch::{ArrowBatches, Batch, BatchError, Input, InputFormat, Output, OutputFormat, Tally};
use tieuchi::msg;

use crate::load::{load_library, parse_date, parse_sets};
use crate::report::{human, report_failure};
use crate::{lang, ErrorFormat};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    /// Apache Parquet: typed columns (a file, not a stream).
    Parquet,
}

impl Format {
    /// The text layout, or `None` for Parquet.
    pub(crate) fn text_input(self) -> Option<InputFormat> {
        match self {
            Format::Jsonl => Some(InputFormat::JsonLines),
            Format::Csv => Some(InputFormat::Csv),
            Format::Parquet => None,
        }
    }

    pub(crate) fn text_output(self) -> Option<OutputFormat> {
        match self {
            Format::Jsonl => Some(OutputFormat::JsonLines),
            Format::Csv => Some(OutputFormat::Csv),
            Format::Parquet => None,
        }
    }
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
        "parquet" | "pq" => Some(Format::Parquet),
        _ => None,
    }
}

pub struct Run<'a> {
    pub batch: Batch<'a>,
    pub input_format: Format,
    pub output_format: Format,
    pub summary: Summary,
}

/// Where the records come from: a file that can be opened again, or a spooled copy.
enum Source {
    File(PathBuf),
    Spooled(tempfile::NamedTempFile),
    Stdin,
}

impl Run<'_> {
    /// Runs the batch; `Ok(false)` when some records were error rows.
    pub fn run(&self, input: &Path, output: Option<&Path>) -> Result<bool> {
        let source = self.source(input)?;
        let to_file = output.filter(|p| p.as_os_str() != "-");
        if let (Some(out), Source::File(inp)) = (to_file, &source) {
            if same_file(inp, out) {
                bail!("{}", msg!(CliOutputIsInput, file = out.display().to_string()).render(lang()));
            }
        }
        if self.input_format == Format::Parquet && !matches!(source, Source::File(_)) {
            bail!("{}", msg!(CliParquetNotStream).render(lang()));
        }
        let total = match (&source, self.input_format) {
            (Source::File(path), Format::Parquet) => Some(parquet_rows(path)?),
            (Source::File(path), _) => std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file).map(|m| m.len()),
            (Source::Spooled(file), _) => file.as_file().metadata().ok().map(|m| m.len()),
            (Source::Stdin, _) => None,
        };
        let passes = if self.batch.needs_two_passes() { 2 } else { 1 };
        let bar = progress_bar(total.map(|t| t * passes), self.input_format == Format::Parquet);
        let mut done_before = 0u64;
        let mut last = 0u64;
        let mut progress = |read: u64| {
            if read < last {
                done_before += last;
            }
            last = read;
            bar.set_position(done_before + read);
        };
        let mut open_text = || -> io::Result<Box<dyn Read + Send>> {
            Ok(match &source {
                Source::File(path) => Box::new(File::open(path)?),
                Source::Spooled(file) => Box::new(file.reopen()?),
                Source::Stdin => Box::new(io::stdin()),
            })
        };
        let mut open_parquet = || -> io::Result<ArrowBatches> {
            let Source::File(path) = &source else { return Err(io::Error::other("not a file")) };
            parquet_batches(path)
        };
        let input = match self.input_format.text_input() {
            Some(format) => Input::Text { open: &mut open_text, format },
            None => Input::Arrow { open: &mut open_parquet },
        };
        let tally = if let Some(path) = to_file.filter(|p| is_device_or_pipe(p)) {
            // Renaming a file over `/dev/null` or a FIFO would replace it: it is written straight.
            let out = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| msg!(CliCannotWrite, file = path.display().to_string()).render(lang()))?;
            self.write(input, out, &mut progress)?
        } else if let Some(path) = to_file {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let temporary = tempfile::Builder::new()
                .prefix(".tieuchi-batch-")
                .tempfile_in(folder)
                .with_context(|| msg!(CliCannotWriteIn, folder = folder.display().to_string()).render(lang()))?;
            let tally = self.write(input, temporary.as_file(), &mut progress)?;
            temporary
                .persist(path)
                .with_context(|| msg!(CliCannotWrite, file = path.display().to_string()).render(lang()))?;
            tally
        } else {
            match self.write(input, io::stdout(), &mut progress) {
                Err(e) if is_broken_pipe(&e) => std::process::exit(0),
                other => other?,
            }
        };
        bar.finish_and_clear();
        // A simulation says so: its rows carry the rules' fingerprint, not the values simulated.
        let overrides: serde_json::Map<String, serde_json::Value> = self
            .batch
            .versions()
            .iter()
            .flat_map(|r| r.overrides())
            .map(|(id, value)| (id.to_owned(), json!({"value": value, "overridden": true})))
            .collect();
        match self.summary {
            Summary::Table => {
                if !overrides.is_empty() {
                    let set: Vec<String> = overrides.iter().map(|(id, p)| format!("{id} = {}", p["value"])).collect();
                    eprintln!("{}", msg!(CliSimulation, params = set.join(", ")).render(lang()));
                }
                eprint!("{}", table(&tally, &self.tiers()));
            }
            Summary::Json => {
                let versions: Vec<_> =
                    self.batch.versions().iter().map(|r| tieuchi::wire::VersionRecord::of(r)).collect();
                let mut summary = summary_json(&tally, &versions);
                if let Some(fields) = summary.as_object_mut().filter(|_| !overrides.is_empty()) {
                    fields.insert("params".to_owned(), serde_json::Value::Object(overrides));
                }
                eprintln!("{}", serde_json::to_string_pretty(&summary)?);
            }
            Summary::None => {}
        }
        Ok(tally.errors == 0)
    }

    /// Writes the rows to `out` in the output format, and returns the tally.
    fn write(&self, input: Input<'_>, out: impl Write + Send, progress: &mut dyn FnMut(u64)) -> Result<Tally> {
        if let Some(format) = self.output_format.text_output() {
            let mut writer = io::BufWriter::with_capacity(1 << 20, out);
            let tally =
                self.batch.execute(input, Output::Text { out: &mut writer, format }, progress).map_err(stopped)?;
            writer.flush().map_err(|e| stopped(BatchError::Write(e)))?;
            return Ok(tally);
        }
        let properties = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::ZSTD(parquet::basic::ZstdLevel::default()))
            .build();
        let mut writer = parquet::arrow::ArrowWriter::try_new(
            io::BufWriter::with_capacity(1 << 20, out),
            self.batch.arrow_schema(),
            Some(properties),
        )
        .map_err(|e| stopped(BatchError::Write(io::Error::other(e))))?;
        let mut write = |batch| writer.write(&batch).map_err(io::Error::other);
        let tally = self.batch.execute(input, Output::Arrow(&mut write), progress).map_err(stopped)?;
        // A file the rows cannot be finished in is said in the catalogue's words, as any other.
        writer.close().map_err(|e| stopped(BatchError::Write(io::Error::other(e))))?;
        Ok(tally)
    }

    /// Every version's tiers, best first, each once.
    fn tiers(&self) -> Vec<String> {
        let mut tiers: Vec<String> = Vec::new();
        for rules in self.batch.versions() {
            for tier in rules.info().outcome.tiers {
                if !tiers.contains(&tier.id) {
                    tiers.push(tier.id);
                }
            }
        }
        tiers
    }

    /// The input as something that can be read as often as the batch needs.
    fn source(&self, input: &Path) -> Result<Source> {
        let two_passes = self.batch.needs_two_passes();
        if input.as_os_str() == "-" {
            return if two_passes { spool(&mut io::stdin().lock()) } else { Ok(Source::Stdin) };
        }
        let metadata = std::fs::metadata(input).with_context(|| cannot_read(input))?;
        if metadata.is_dir() {
            bail!("{}", msg!(CliRecordsFolder, file = input.display().to_string()).render(lang()));
        }
        // A pipe, a device or a process substitution can be read once only.
        if two_passes && !metadata.is_file() {
            let mut file = File::open(input).with_context(|| cannot_read(input))?;
            return spool(&mut file);
        }
        File::open(input).with_context(|| cannot_read(input))?;
        Ok(Source::File(input.to_path_buf()))
    }
}

/// Copies a stream that can be read once into a temporary file that can be read twice.
fn spool(input: &mut dyn Read) -> Result<Source> {
    spooled(input).map(Source::Spooled)
}

/// A copy of `input` in a temporary file, removed when the file is dropped.
pub(crate) fn spooled(input: &mut dyn Read) -> Result<tempfile::NamedTempFile> {
    let mut file = tempfile::NamedTempFile::new().with_context(|| msg!(CliNoTempFile).render(lang()))?;
    io::copy(input, &mut file).with_context(|| msg!(CliCannotSpool).render(lang()))?;
    file.flush().with_context(|| msg!(CliCannotSpool).render(lang()))?;
    Ok(file)
}

/// A Parquet file's record batches, a chunk of the engine's size each. What Parquet cannot read is
/// named in the reader's language (the engine's "cannot read the input" then says it), Parquet's
/// own words kept as the detail.
pub(crate) fn parquet_batches(path: &Path) -> io::Result<ArrowBatches> {
    let unreadable = |e: parquet::errors::ParquetError| {
        let message = msg!(CliParquetUnreadable, file = path.display().to_string(), detail = e.to_string());
        tieuchi::i18n::MessageError::io(io::ErrorKind::InvalidData, message)
    };
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)
        .map_err(unreadable)?;
    Ok(Box::new(builder.with_batch_size(tieuchi::batch::CHUNK_RECORDS).build().map_err(unreadable)?))
}

/// The rows of a Parquet file, from its footer.
fn parquet_rows(path: &Path) -> Result<u64> {
    let file = File::open(path).with_context(|| cannot_read(path))?;
    let reader = parquet::file::reader::SerializedFileReader::new(file)
        .with_context(|| msg!(CliNotParquet, file = path.display().to_string()).render(lang()))?;
    let rows = parquet::file::reader::FileReader::metadata(&reader).file_metadata().num_rows();
    Ok(u64::try_from(rows).unwrap_or(0))
}

/// Why a batch stopped, in the language asked for; a closed pipe kept as it is, for
/// [`is_broken_pipe`].
pub(crate) fn stopped(error: BatchError) -> anyhow::Error {
    match &error {
        BatchError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe => anyhow::Error::new(error),
        _ => anyhow::anyhow!("{}", error.message().render(lang())),
    }
}

/// "cannot read `PATH`", in the language asked for.
pub(crate) fn cannot_read(path: &Path) -> String {
    msg!(CliCannotRead, file = path.display().to_string()).render(lang())
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let io = match error.downcast_ref::<BatchError>() {
        Some(BatchError::Write(e)) => Some(e),
        _ => error.downcast_ref::<io::Error>(),
    };
    io.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Whether the output is a device or a pipe, not a file to replace.
fn is_device_or_pipe(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A bar for an input of known size on a terminal (bytes, or records of a Parquet file); a
/// spinner for a stream; nothing when the error stream is not a terminal.
fn progress_bar(total: Option<u64>, records: bool) -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let (bar, template) = match (total, records) {
        (Some(total), false) => {
            (indicatif::ProgressBar::new(total), "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})")
        }
        (Some(total), true) => {
            (indicatif::ProgressBar::new(total), "{bar:40} {human_pos}/{human_len} records ({per_sec}, {eta})")
        }
        (None, _) => (indicatif::ProgressBar::new_spinner(), "{spinner} {bytes} ({bytes_per_sec})"),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Tiers best first with their share of the records RATED (the ones "đủ điều kiện xếp loại": a
/// unit not rated is not in the denominator), then the other statuses, counted.
fn table(tally: &Tally, tiers: &[String]) -> String {
    let lang = lang();
    let mut out = format!("{}\n", msg!(CliBatchTally, rows = tally.rows, rated = tally.rated).render(lang));
    let others: Vec<&String> = tally.outcomes.keys().filter(|k| !tiers.contains(k)).collect();
    let width = tiers.iter().chain(others.iter().copied()).map(String::len).max().unwrap_or(0);
    for tier in tiers {
        let n = tally.outcomes.get(tier).copied().unwrap_or(0);
        let share = percent(n, tally.rated);
        let _ = writeln!(out, "  {tier:width$}  {n:>8}  {share:>7}");
    }
    for label in others {
        let count = tally.outcomes.get(label).copied().unwrap_or_default();
        let _ = writeln!(out, "  {label:width$}  {count:>8}");
    }
    if tally.groups.len() > 1 {
        let _ = writeln!(out, "{}", msg!(CliGroups, count = tally.groups.len()).render(lang));
        for (group, counts) in tally.groups.iter().take(50) {
            let cells: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let _ = writeln!(out, "  {group}: {}", cells.join(", "));
        }
        if tally.groups.len() > 50 {
            let _ = writeln!(out, "  {}", msg!(CliMoreGroups, count = tally.groups.len() - 50).render(lang));
        }
    }
    out
}

/// The run's summary: what made the rows (the engine, each version by fingerprint), then counts.
fn summary_json(tally: &Tally, versions: &[tieuchi::wire::VersionRecord<'_>]) -> serde_json::Value {
    json!({
        "engine": tieuchi::wire::EngineRecord::current(),
        "rules": versions,
        "rows": tally.rows,
        "rated": tally.rated,
        "errors": tally.errors,
        "outcomes": tally.outcomes,
        "groups": tally.groups,
    })
}

fn percent(n: u64, total: u64) -> String {
    if total == 0 {
        return String::new();
    }
    // Integer arithmetic: a tenth of a percent, rounded half up.
    let tenths = (n * 1000 + total / 2) / total;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub fn resolve_format(explicit: Option<Format>, path: Option<&Path>, default: Format, flag: &str) -> Result<Format> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let Some(p) = path.filter(|p| p.as_os_str() != "-") else { return Ok(default) };
    if let Some(format) = format_of(p) {
        return Ok(format);
    }
    let file = p.display().to_string();
    let message = if flag == "from" {
        msg!(CliUnknownInputFormat, file = file, flag = flag)
    } else {
        msg!(CliUnknownOutputFormat, file = file, flag = flag)
    };
    bail!("{}", message.render(lang()))
}

/// Where a run's rows go, the formats of its records and rows, and the date of records that give
/// none: what `tieuchi batch` and `tieuchi diff` share.
#[derive(clap::Args, Debug)]
pub(crate) struct RowsArgs {
    /// Where to write the rows (standard output if left out).
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// The input format, if the file name does not tell it.
    #[arg(long, value_enum)]
    pub(crate) from: Option<Format>,
    /// The output format, if the file name does not tell it (JSON Lines on standard output).
    #[arg(long, value_enum)]
    pub(crate) to: Option<Format>,
    /// The evaluation date (YYYY-MM-DD); a record's own `on` wins.
    #[arg(long)]
    pub(crate) on: Option<String>,
}

/// The arguments of `tieuchi batch`.
#[derive(clap::Args, Debug)]
pub(crate) struct BatchArgs {
    /// A rule file, or a folder of them (a family of versions: the one in force is used).
    pub(crate) rules: PathBuf,
    /// Which rule set (or family) of the folder to use.
    #[arg(long)]
    pub(crate) ruleset: Option<String>,
    /// The records; `-` reads standard input.
    pub(crate) input: PathBuf,
    #[command(flatten)]
    pub(crate) rows: RowsArgs,
    /// The summary of outcomes printed on standard error at the end.
    #[arg(long, value_enum, default_value_t = Summary::Table)]
    pub(crate) summary: Summary,
    /// Simulate another value of a parameter (`param`) of the rules: `--set nguong_htxs=85`;
    /// repeatable. Results name the values as overridden.
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub(crate) set: Vec<String>,
}

/// With a folder of versions, each record is rated by the version in force on its own date.
pub(crate) fn run_batch(args: &BatchArgs) -> Result<bool> {
    let BatchArgs { rules, ruleset, input, rows: RowsArgs { output, from, to, on }, summary, set } = args;
    let (ruleset, output, on, summary) = (ruleset.as_deref(), output.as_deref(), on.as_deref(), *summary);
    let (from, to) = (*from, *to);
    let Some(library) = load_library(rules, ErrorFormat::Human)? else { return Ok(false) };
    let on = on.map(parse_date).transpose()?;
    let overrides = parse_sets(set)?;
    let library = if overrides.is_empty() {
        library
    } else {
        match library.with_params_in(&overrides, lang()) {
            Ok(simulated) => simulated,
            Err(failure) => return report_failure(&failure, ErrorFormat::Human),
        }
    };
    // The family named or the only one loaded; its version is chosen per record.
    let engine = match library.batch(ruleset) {
        Ok(engine) => engine,
        Err(error) => {
            eprint!("{}", human(&tieuchi::ErrorRecord::select(&error, lang())));
            return Ok(false);
        }
    };
    let run = Run {
        batch: engine.on(on).lang(lang()).count_groups(summary != Summary::None),
        input_format: resolve_format(from, Some(input), Format::Jsonl, "from")?,
        output_format: resolve_format(to, output, Format::Jsonl, "to")?,
        summary,
    };
    run.run(input, output)
}
