//! `tieuchi diff`: the same records through the rules before and after a change, one row per
//! record (the tier and the deciding rule on each side), and the transition matrix on standard
//! error. The core joins the two batches; this file opens the files and renders.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use tieuchi::batch::{ArrowBatches, Batch, Impact, ImpactSummary, Input, OutputFormat, CHANGE_COLUMNS};

use crate::command::batch::{self, Format, Summary};
use crate::load::{load_library, parse_date, simulated};
use crate::report::human;
use crate::{lang, ErrorFormat};

pub struct Diff<'a> {
    pub before: Batch<'a>,
    pub after: Batch<'a>,
    pub input_format: Format,
    pub output_format: OutputFormat,
    /// Only the records whose result changed.
    pub changed_only: bool,
    pub summary: Summary,
}

impl Diff<'_> {
    pub fn run(self, input: &Path, output: Option<&Path>) -> Result<bool> {
        // Each side with a quota reads the records once more: a stream is kept in a file first.
        let (path, _spooled) = readable_again(input)?;
        let mut open_text = || -> io::Result<Box<dyn Read + Send>> { Ok(Box::new(File::open(&path)?)) };
        let mut open_parquet = || -> io::Result<ArrowBatches> { batch::parquet_batches(&path) };
        let input = match self.input_format.text_input() {
            Some(format) => Input::Text { open: &mut open_text, format },
            None => Input::Arrow { open: &mut open_parquet },
        };
        let out: Box<dyn Write + Send> = match output.filter(|p| p.as_os_str() != "-") {
            Some(path) => Box::new(
                File::create(path)
                    .with_context(|| tieuchi::msg!(CliCannotWrite, file = path.display().to_string()).render(lang()))?,
            ),
            None => Box::new(io::stdout()),
        };
        let mut out = io::BufWriter::with_capacity(1 << 20, out);
        let mut line = Vec::new();
        if self.output_format == OutputFormat::Csv {
            tieuchi::batch::write_csv_line(&mut line, CHANGE_COLUMNS.into_iter());
            out.write_all(&line).with_context(|| tieuchi::msg!(CliCannotWriteRows).render(lang()))?;
        }
        let (format, changed_only) = (self.output_format, self.changed_only);
        let impact = Impact::new(self.before, self.after);
        let summary = impact
            .run(
                input,
                &mut |change| {
                    if changed_only && !change.changed {
                        return Ok(());
                    }
                    line.clear();
                    change.write(format, &mut line);
                    out.write_all(&line)
                },
                &mut |_| {},
            )
            .map_err(batch::stopped)?;
        out.flush().with_context(|| tieuchi::msg!(CliCannotWriteRows).render(lang()))?;
        match self.summary {
            Summary::Table => eprint!("{}", table(&summary)),
            Summary::Json => eprintln!("{}", serde_json::to_string_pretty(&summary)?),
            Summary::None => {}
        }
        Ok(true)
    }
}

/// The records as a file that can be opened again: the file itself, or a copy of a stream (kept
/// as long as the second value lives).
fn readable_again(input: &Path) -> Result<(PathBuf, Option<tempfile::NamedTempFile>)> {
    if input.as_os_str() != "-" {
        let metadata = std::fs::metadata(input).with_context(|| batch::cannot_read(input))?;
        if metadata.is_dir() {
            bail!("{}", tieuchi::msg!(CliRecordsFolder, file = input.display().to_string()).render(lang()));
        }
        if metadata.is_file() {
            return Ok((input.to_path_buf(), None));
        }
    }
    let copy = if input.as_os_str() == "-" {
        batch::spooled(&mut io::stdin().lock())?
    } else {
        batch::spooled(&mut File::open(input).with_context(|| batch::cannot_read(input))?)?
    };
    Ok((copy.path().to_path_buf(), Some(copy)))
}

/// The transition matrix: a row per result before, a column per result after; then the groups
/// where something changed.
fn table(summary: &ImpactSummary) -> String {
    let lang = lang();
    let tally = tieuchi::msg!(
        CliDiffTally,
        records = summary.records,
        changed = summary.changed,
        before = summary.errors_before,
        after = summary.errors_after
    );
    let mut out = format!("{}\n", tally.render(lang));
    let corner = tieuchi::msg!(CliDiffCorner).render(lang);
    let labels = &summary.labels;
    let first = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(corner.chars().count());
    let _ = write!(out, "  {corner:first$}");
    for label in labels {
        let width = label.chars().count().max(8);
        let _ = write!(out, "  {label:>width$}");
    }
    out.push('\n');
    for from in labels {
        let Some(row) = summary.transitions.get(from) else { continue };
        let _ = write!(out, "  {from:first$}");
        for to in labels {
            let width = to.chars().count().max(8);
            let _ = write!(out, "  {:>width$}", row.get(to).copied().unwrap_or(0));
        }
        out.push('\n');
    }
    let moved: Vec<(&String, Vec<String>)> = summary
        .groups
        .iter()
        .map(|(group, matrix)| {
            let cells = matrix
                .iter()
                .flat_map(|(from, row)| {
                    row.iter().filter(move |(to, _)| *to != from).map(move |(to, n)| format!("{from} → {to} {n}"))
                })
                .collect::<Vec<_>>();
            (group, cells)
        })
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    if !moved.is_empty() {
        let _ = writeln!(out, "{}", tieuchi::msg!(CliDiffGroups, count = moved.len()).render(lang));
        for (group, cells) in moved.iter().take(50) {
            let _ = writeln!(out, "  {group}: {}", cells.join(", "));
        }
        if moved.len() > 50 {
            let _ = writeln!(out, "  {}", tieuchi::msg!(CliMoreGroups, count = moved.len() - 50).render(lang));
        }
    }
    out
}

/// The arguments of `tieuchi diff`.
#[derive(clap::Args, Debug)]
pub(crate) struct DiffArgs {
    /// The rules before the change: a rule file, or a folder of them.
    pub(crate) before: PathBuf,
    /// The rules after the change.
    pub(crate) after: PathBuf,
    /// The records; `-` reads standard input.
    pub(crate) input: PathBuf,
    /// Which rule set (or family) of each folder to use.
    #[arg(long)]
    pub(crate) ruleset: Option<String>,
    #[command(flatten)]
    pub(crate) rows: batch::RowsArgs,
    /// Only the records whose result changed.
    #[arg(long)]
    pub(crate) changed_only: bool,
    /// The transition matrix printed on standard error at the end.
    #[arg(long, value_enum, default_value_t = Summary::Table)]
    pub(crate) summary: Summary,
    /// A parameter (`param`) of the rules before, simulated: `--before-set nguong_htxs=85`;
    /// repeatable.
    #[arg(long = "before-set", value_name = "ID=VALUE")]
    pub(crate) before_set: Vec<String>,
    /// A parameter of the rules after, simulated: with the same rules on both sides,
    /// `--after-set nguong_htxs=85` is the impact of that value alone; repeatable.
    #[arg(long = "after-set", value_name = "ID=VALUE")]
    pub(crate) after_set: Vec<String>,
}

pub(crate) fn run_diff(options: &DiffArgs) -> Result<bool> {
    let DiffArgs { before, after, input, .. } = options;
    let rows = &options.rows;
    let Some(old) = load_library(before, ErrorFormat::Human)? else { return Ok(false) };
    let Some(new) = load_library(after, ErrorFormat::Human)? else { return Ok(false) };
    let Some(old) = simulated(old, &options.before_set)? else { return Ok(false) };
    let Some(new) = simulated(new, &options.after_set)? else { return Ok(false) };
    let on = rows.on.as_deref().map(parse_date).transpose()?;
    let (old, new) = match (old.batch(options.ruleset.as_deref()), new.batch(options.ruleset.as_deref())) {
        (Ok(old), Ok(new)) => (old.on(on).lang(lang()), new.on(on).lang(lang())),
        (Err(error), _) | (_, Err(error)) => {
            eprint!("{}", human(&tieuchi::ErrorRecord::select(&error, lang())));
            return Ok(false);
        }
    };
    let Some(output_format) =
        batch::resolve_format(rows.to, rows.output.as_deref(), Format::Jsonl, "to")?.text_output()
    else {
        anyhow::bail!("{}", tieuchi::msg!(CliDiffWritesRows).render(lang()));
    };
    let run = Diff {
        before: old,
        after: new,
        input_format: batch::resolve_format(rows.from, Some(input), Format::Jsonl, "from")?,
        output_format,
        changed_only: options.changed_only,
        summary: options.summary,
    };
    run.run(input, rows.output.as_deref())
}
