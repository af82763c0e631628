//! `tieuchi`: check rule files, evaluate evidence, run rule tests.

/// `println!` that ends the program quietly when the reader has gone (`tieuchi … | head`),
/// instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(error) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod batch;
mod diff;
mod explain;
mod files;
mod fmt;
mod help;
mod lsp;
mod verify;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};
use tieuchi::testing::CaseFile;
use tieuchi::{Diagnostic, Library, Options, RuleSet, SourceFile};

#[derive(Parser, Debug)]
#[command(name = "tieuchi", version, about = "Check and evaluate Vietnamese public-sector evaluation rules")]
struct Cli {
    /// The language of messages: `vi` (Vietnamese, the default) or `en`. Codes are the same in
    /// both.
    #[arg(long, global = true, default_value_t = tieuchi::Lang::Vi, value_parser = parse_lang)]
    lang: tieuchi::Lang,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(text: &str) -> std::result::Result<tieuchi::Lang, String> {
    text.parse()
}

/// The language asked for with `--lang`, set once at start.
static LANG: std::sync::OnceLock<tieuchi::Lang> = std::sync::OnceLock::new();

/// The language messages are rendered in.
pub(crate) fn lang() -> tieuchi::Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The word before a problem the command reports in its own words (`lỗi`, `error`), in the
/// language asked for: the one the engine's own records start with.
pub(crate) fn error_label() -> String {
    tieuchi::Severity::Error.label(lang())
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check rule files (or folders of them) and print every diagnostic.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
        error_format: ErrorFormat,
    },
    /// Evaluate one evidence record (a JSON object; `-` reads standard input).
    Eval {
        /// A rule file, or a folder of them (a family of versions: the one in force is used).
        rules: PathBuf,
        /// Which rule set (or family) of the folder to use.
        #[arg(long)]
        ruleset: Option<String>,
        evidence: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// The evaluation date (YYYY-MM-DD); the record's own `on` wins.
        #[arg(long)]
        on: Option<String>,
        /// Leave the condition-by-condition trace out of the JSON.
        #[arg(long)]
        no_trace: bool,
        /// Add, for every tier better than the one reached, the changes of evidence that reach
        /// it, or the rule that keeps it out of reach.
        #[arg(long)]
        what_it_takes: bool,
        /// Simulate another value of a parameter (`param`) of the rules: `--set nguong_htxs=85`;
        /// repeatable. Results name the values as overridden.
        #[arg(long = "set", value_name = "ID=VALUE")]
        set: Vec<String>,
        #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
        error_format: ErrorFormat,
    },
    /// Evaluate many records (JSON Lines or CSV), applying population rules such as quotas.
    /// Every input record gives one output row: a result, or an error row naming the field.
    Batch {
        /// A rule file, or a folder of them (a family of versions: the one in force is used).
        rules: PathBuf,
        /// Which rule set (or family) of the folder to use.
        #[arg(long)]
        ruleset: Option<String>,
        /// The records; `-` reads standard input.
        input: PathBuf,
        /// Where to write the rows (standard output if left out).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The input format, if the file name does not tell it.
        #[arg(long, value_enum)]
        from: Option<batch::Format>,
        /// The output format, if the file name does not tell it (JSON Lines on standard output).
        #[arg(long, value_enum)]
        to: Option<batch::Format>,
        /// The evaluation date (YYYY-MM-DD); a record's own `on` wins.
        #[arg(long)]
        on: Option<String>,
        /// The summary of outcomes printed on standard error at the end.
        #[arg(long, value_enum, default_value_t = batch::Summary::Table)]
        summary: batch::Summary,
        /// Simulate another value of a parameter (`param`) of the rules: `--set nguong_htxs=85`;
        /// repeatable. Results name the values as overridden.
        #[arg(long = "set", value_name = "ID=VALUE")]
        set: Vec<String>,
    },
    /// What a change of rules does to a population: the records through the rules before and
    /// after (two rule files, two versions, or two folders), one row per record with the tier
    /// and the deciding rule on each side, quotas applied on both; the transition matrix (from
    /// each result to each result, overall and per group) on standard error.
    Diff {
        /// The rules before the change: a rule file, or a folder of them.
        before: PathBuf,
        /// The rules after the change.
        after: PathBuf,
        /// The records; `-` reads standard input.
        input: PathBuf,
        /// Which rule set (or family) of each folder to use.
        #[arg(long)]
        ruleset: Option<String>,
        /// Where to write the rows (standard output if left out).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The input format, if the file name does not tell it.
        #[arg(long, value_enum)]
        from: Option<batch::Format>,
        /// The output format, if the file name does not tell it (JSON Lines on standard output).
        #[arg(long, value_enum)]
        to: Option<batch::Format>,
        /// The evaluation date (YYYY-MM-DD); a record's own `on` wins.
        #[arg(long)]
        on: Option<String>,
        /// Only the records whose result changed.
        #[arg(long)]
        changed_only: bool,
        /// The transition matrix printed on standard error at the end.
        #[arg(long, value_enum, default_value_t = batch::Summary::Table)]
        summary: batch::Summary,
        /// A parameter (`param`) of the rules before, simulated: `--before-set nguong_htxs=85`;
        /// repeatable.
        #[arg(long = "before-set", value_name = "ID=VALUE")]
        before_set: Vec<String>,
        /// A parameter of the rules after, simulated: with the same rules on both sides,
        /// `--after-set nguong_htxs=85` is the impact of that value alone; repeatable.
        #[arg(long = "after-set", value_name = "ID=VALUE")]
        after_set: Vec<String>,
    },
    /// Print the evidence a rule set reads.
    Inputs {
        /// A rule file, or a folder of them (a family of versions: the one in force is used).
        rules: PathBuf,
        /// Which rule set (or family) of the folder to use.
        #[arg(long)]
        ruleset: Option<String>,
        /// Choose the version in force on this date (YYYY-MM-DD).
        #[arg(long)]
        on: Option<String>,
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
    /// Evaluate a recorded result's evidence again and say whether the same result comes out:
    /// the rules' fingerprint first, then every part that differs. With a batch's rows (JSON
    /// Lines, or `--batch`), run the batch again over its records and compare every row. Exit 0
    /// when reproduced, 1 when not, 2 when it cannot be checked.
    Verify {
        /// The recorded result (`tieuchi eval`'s JSON), or a batch's rows (`tieuchi batch`'s JSON
        /// Lines).
        result: PathBuf,
        /// The evidence it was made from, or the batch's records (JSON Lines, CSV or Parquet).
        evidence: PathBuf,
        /// A rule file, or a folder of them, holding the rule set the result names.
        rules: PathBuf,
        /// The result is a batch's rows (told by a `.jsonl` name or by its first line otherwise).
        #[arg(long)]
        batch: bool,
        /// Rows: the family the batch was run with (`tieuchi batch --ruleset`), if the rows
        /// cannot tell.
        #[arg(long)]
        ruleset: Option<String>,
        /// Rows: the batch's evaluation date (`tieuchi batch --on`), if the rows cannot tell.
        #[arg(long)]
        on: Option<String>,
        /// Rows: the format of the records, if the file name does not tell it.
        #[arg(long, value_enum)]
        from: Option<batch::Format>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
        error_format: ErrorFormat,
    },
    /// Serve the rules over HTTP for other systems: evaluate, batch, rule sets, codes; the API
    /// description at /openapi.json. Reloads on SIGHUP or a file change; stops gracefully on SIGTERM.
    Serve(Box<ServeArgs>),
    /// Explain a code (diagnostic, evidence, evaluation, selection, verification, argument, internal
    /// or finding), or list them all.
    Explain { code: Option<String> },
    /// Rewrite rule files (or folders of them) in the canonical layout, keeping every comment;
    /// `-` formats standard input to standard output.
    Fmt {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: list the files that are not formatted, show the difference, and exit 1
        /// if there are any (for CI).
        #[arg(long, conflicts_with = "stdout")]
        check: bool,
        /// Print the formatted files instead of rewriting them.
        #[arg(long)]
        stdout: bool,
        #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
        error_format: ErrorFormat,
    },
    /// Run the language server of rule files over standard input and output (for editors:
    /// diagnostics as you type, hover, go to definition, completion, formatting, rename).
    Lsp {
        /// Accepted for clients that announce the transport; standard input and output is the
        /// only one.
        #[arg(long)]
        stdio: bool,
    },
    /// Run the `test` blocks of rule files and the `*.cases.json` files beside them.
    Test {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
        error_format: ErrorFormat,
    },
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// The rule folder (or file) to serve; it must check without errors, and is watched for changes.
    rules: PathBuf,
    /// The address to listen on; without `--tls-cert`, put a TLS reverse proxy in front of anything
    /// but a loopback address.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// The port (0 picks a free one; the startup line names it).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Bearer tokens: one `TOKEN SCOPE,SCOPE… [CLIENT]` a line; scopes are evaluate, batch, rules, reload.
    #[arg(long, required_unless_present = "no_auth", conflicts_with = "no_auth")]
    tokens: Option<PathBuf>,
    /// Let every caller do everything: only on a loopback address.
    #[arg(long)]
    no_auth: bool,
    /// Serve HTTPS with this PEM certificate chain (and `--tls-key`).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key of `--tls-cert`.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Append every decision to this JSON Lines file (request id, time, client, engine and rules,
    /// outcome, the evidence's SHA-256).
    #[arg(long)]
    decision_log: Option<PathBuf>,
    /// Put the evidence itself in the decision log too (personal data).
    #[arg(long)]
    log_evidence: bool,
    /// Let browser pages from this origin call the service (repeatable); CORS is off without it.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Do not reload when a rule file changes (SIGHUP and POST /v1/reload still reload).
    #[arg(long)]
    no_watch: bool,
    /// Bytes of a request body (a batch's aside).
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().body_bytes)]
    max_body: usize,
    /// Bytes of a batch's body.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().batch_bytes)]
    max_batch_body: u64,
    /// Records of one batch.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().batch_records)]
    max_batch_records: u64,
    /// Seconds for one request (a batch's aside), waiting for its turn included.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().request_time.as_secs())]
    timeout: u64,
    /// Seconds for one batch, to its last row.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().batch_time.as_secs())]
    batch_timeout: u64,
    /// Requests handled at once (batches aside); more wait their turn.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().concurrency)]
    max_concurrency: usize,
    /// Batches run at once; more wait their turn.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().batches)]
    max_batches: usize,
    /// Seconds that requests in flight have to finish once SIGTERM or Ctrl-C arrives.
    #[arg(long, default_value_t = tieuchi_serve::Limits::default().shutdown_grace.as_secs())]
    shutdown_grace: u64,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum ErrorFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Text,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum SchemaFormat {
    Json,
    JsonSchema,
}

fn main() -> ExitCode {
    // clap parses the arguments, with its help and errors worded in the language asked for.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let asked = help::asked_lang(&args);
    let matches = help::localized(Cli::command(), asked)
        .try_get_matches_from(&args)
        .unwrap_or_else(|error| help::exit(&error, asked));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| help::exit(&error, asked));
    let _ = LANG.set(cli.lang);
    let outcome = match cli.command {
        Command::Check { paths, error_format } => check(&paths, error_format),
        Command::Eval { rules, ruleset, evidence, format, on, no_trace, what_it_takes, set, error_format } => {
            let asked = Asked { trace: !no_trace, what_it_takes, set };
            eval(&rules, ruleset.as_deref(), &evidence, format, on.as_deref(), &asked, error_format)
        }
        Command::Inputs { rules, ruleset, on, format } => inputs(&rules, ruleset.as_deref(), on.as_deref(), format),
        Command::Batch { rules, ruleset, input, output, from, to, on, summary, set } => {
            let on = on.as_deref();
            run_batch(&rules, ruleset.as_deref(), &input, output.as_deref(), (from, to), (on, &set), summary)
        }
        Command::Diff {
            before,
            after,
            input,
            ruleset,
            output,
            from,
            to,
            on,
            changed_only,
            summary,
            before_set,
            after_set,
        } => {
            let options = DiffOptions { ruleset, output, from, to, on, changed_only, summary, before_set, after_set };
            run_diff(&before, &after, &input, &options)
        }
        Command::Test { paths, error_format } => test(&paths, error_format),
        Command::Lsp { stdio: _ } => lsp::run(),
        Command::Fmt { paths, check, stdout, error_format } => {
            let mode = match (check, stdout) {
                (true, _) => fmt::Mode::Check,
                (false, true) => fmt::Mode::Stdout,
                (false, false) => fmt::Mode::Write,
            };
            fmt::run(&paths, mode, error_format)
        }
        Command::Verify { result, evidence, rules, batch, ruleset, on, from, format, error_format } => {
            let batch = verify::BatchOptions { forced: batch, ruleset, on, from };
            verify::run(&result, &evidence, &rules, &batch, format, error_format)
        }
        Command::Explain { code } => Ok(explain_code(code.as_deref())),
        Command::Serve(args) => serve(*args),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("{}: {error:#}", error_label());
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics to standard error: graphical on a terminal, plain otherwise, or JSON.
fn report(diagnostics: &[Diagnostic], format: ErrorFormat) {
    match format {
        ErrorFormat::Json => {
            for d in diagnostics {
                let record = tieuchi::ErrorRecord::diagnostic(d, lang());
                eprintln!("{}", serde_json::to_string(&record).unwrap_or_default());
            }
        }
        ErrorFormat::Human if std::io::stderr().is_terminal() => {
            for d in diagnostics {
                let record = tieuchi::ErrorRecord::diagnostic(d, lang());
                match graphical(&record, miette::GraphicalReportHandler::new(), lang()) {
                    Some(out) => eprintln!("{out}"),
                    None => eprintln!("{}", d.render(lang())),
                }
            }
        }
        ErrorFormat::Human => {
            for d in diagnostics {
                eprintln!("{}", d.render(lang()));
            }
        }
    }
}

/// An error record for a person: through miette on a terminal, as every diagnostic is; the
/// engine's plain rendering otherwise.
fn human(record: &tieuchi::ErrorRecord) -> String {
    if std::io::stderr().is_terminal() {
        if let Some(out) = graphical(record, miette::GraphicalReportHandler::new(), lang()) {
            return out;
        }
    }
    record.rendered.clone()
}

/// The record through a miette graphical `handler` (colours, the excerpt boxed), its help line
/// after the catalogue's label in `lang`. miette words the line before a help as an English
/// `help:` of its own, so the help goes into the handler's footer instead; `None` when miette
/// cannot render it (the caller falls back on the record's plain rendering).
pub(crate) fn graphical(
    record: &tieuchi::ErrorRecord,
    handler: miette::GraphicalReportHandler,
    lang: tieuchi::Lang,
) -> Option<String> {
    let mut shown = record.clone();
    let help = std::mem::take(&mut shown.help);
    let handler = if help.is_empty() {
        handler
    } else {
        handler.with_footer(format!("{}: {help}", tieuchi::diagnostic::help_label(lang)))
    };
    let mut out = String::new();
    handler.render_report(&mut out, &shown).ok()?;
    Some(out)
}

/// Reads rule files, each at most up to the size limit: the files, and a diagnostic for each file
/// over the limit.
fn read_rule_files(paths: &[PathBuf]) -> Result<(Vec<SourceFile>, Vec<Diagnostic>)> {
    let mut sources = Vec::new();
    let mut too_large = Vec::new();
    for path in paths {
        match tieuchi::syntax::read_source(path).with_context(|| batch::cannot_read(path))? {
            Ok(source) => sources.push(source),
            Err(diagnostic) => too_large.push(diagnostic),
        }
    }
    Ok((sources, too_large))
}

/// Serves the folder once it compiles, printing its diagnostics as `tieuchi check` does; a reload
/// compiles it the same way.
fn serve(args: ServeArgs) -> Result<bool> {
    use std::time::Duration;
    let Some(library) = load_library(&args.rules, ErrorFormat::Human)? else { return Ok(false) };
    report(library.warnings(), ErrorFormat::Human);
    if library.rulesets().is_empty() {
        anyhow::bail!("{}", tieuchi::msg!(CliNoRuleFile, path = args.rules.display().to_string()).render(lang()));
    }
    let access = match args.tokens {
        Some(tokens) => tieuchi_serve::AccessConfig::Tokens(tokens),
        None => tieuchi_serve::AccessConfig::Open,
    };
    let mut config = tieuchi_serve::Config::new(args.rules.clone(), access);
    config.host = args.host;
    config.port = args.port;
    config.tls = args.tls_cert.zip(args.tls_key).map(|(certificate, key)| tieuchi_serve::TlsFiles { certificate, key });
    config.decision_log = args.decision_log;
    config.log_evidence = args.log_evidence;
    config.cors_origins = args.cors_origins;
    config.watch = !args.no_watch;
    config.lang = lang();
    config.limits = tieuchi_serve::Limits {
        body_bytes: args.max_body,
        batch_bytes: args.max_batch_body,
        batch_records: args.max_batch_records,
        request_time: Duration::from_secs(args.timeout),
        batch_time: Duration::from_secs(args.batch_timeout),
        concurrency: args.max_concurrency,
        batches: args.max_batches,
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
    };
    let folder = args.rules;
    let loader: tieuchi_serve::Loader = std::sync::Arc::new(move || compile_for_service(&folder));
    tieuchi_serve::run(config, library, loader)?;
    Ok(true)
}

/// The folder compiled as `load_library` compiles it, its problems returned rather than printed.
fn compile_for_service(path: &Path) -> Result<Library, tieuchi_serve::LoadError> {
    use tieuchi_serve::LoadError;
    let unreadable = |e: anyhow::Error| LoadError::Unreadable(format!("{e:#}"));
    let (sources, too_large) =
        read_rule_files(&files::rule_files(&[path.to_path_buf()]).map_err(unreadable)?).map_err(unreadable)?;
    if !too_large.is_empty() {
        return Err(LoadError::Compile(tieuchi::CompileError { diagnostics: too_large }));
    }
    if sources.is_empty() {
        return Err(LoadError::Unreadable(
            tieuchi::msg!(CliNoRuleFile, path = path.display().to_string()).render(lang()),
        ));
    }
    Library::compile(&sources).map_err(LoadError::Compile)
}

/// Compiles the rule files at `path` (a file or a folder) together, reporting what stops them.
pub(crate) fn load_library(path: &Path, format: ErrorFormat) -> Result<Option<Library>> {
    let (sources, too_large) = read_rule_files(&files::rule_files(&[path.to_path_buf()])?)?;
    if !too_large.is_empty() {
        report(&too_large, format);
        return Ok(None);
    }
    match Library::compile(&sources) {
        Ok(library) => Ok(Some(library)),
        Err(error) => {
            report(&error.diagnostics, format);
            Ok(None)
        }
    }
}

/// The version to evaluate with; a failure to choose is reported and gives `None`.
fn choose<'l>(
    library: &'l Library,
    id: Option<&str>,
    on: Option<jiff::civil::Date>,
    format: ErrorFormat,
) -> Option<&'l RuleSet> {
    match library.select(id, on) {
        Ok(rules) => Some(rules),
        Err(error) => {
            let record = tieuchi::ErrorRecord::select(&error, lang());
            match format {
                ErrorFormat::Json => eprintln!("{}", serde_json::to_string(&record).unwrap_or_default()),
                ErrorFormat::Human => eprint!("{}", human(&record)),
            }
            None
        }
    }
}

/// Checks every rule file named or found, together, so that versions of one family are checked
/// against each other (overlapping validity) as well as each on its own.
fn check(paths: &[PathBuf], format: ErrorFormat) -> Result<bool> {
    let files = files::rule_files(paths)?;
    let (sources, mut diagnostics) = read_rule_files(&files)?;
    diagnostics.extend(match Library::compile(&sources) {
        Ok(library) => library.warnings().to_vec(),
        Err(error) => error.diagnostics,
    });
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    report(&diagnostics, format);
    if format == ErrorFormat::Human {
        eprintln!(
            "{}",
            tieuchi::msg!(CliChecked, files = files.len(), errors = errors, warnings = warnings).render(lang())
        );
    }
    Ok(errors == 0)
}

/// "the result could not be written as JSON", in the language asked for: serde's words follow as
/// the cause.
fn not_json() -> String {
    tieuchi::msg!(CliResultNotJson).render(lang())
}

/// `--on`, read as every front end reads an evaluation date (`argument::bad-date` otherwise).
pub(crate) fn parse_date(text: &str) -> Result<jiff::civil::Date> {
    tieuchi::Failure::date_argument(text, lang()).map_err(|f| anyhow::anyhow!("[{}] {}", f.first.code, f.first.message))
}

/// The evidence file's text (a byte order mark at its start skipped, as `batch` skips one) and
/// its JSON.
pub(crate) fn read_json(path: &Path) -> Result<(String, serde_json::Value)> {
    let mut text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).with_context(|| tieuchi::msg!(CliCannotReadStdin).render(lang()))?
    } else {
        std::fs::read_to_string(path).with_context(|| batch::cannot_read(path))?
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let json = serde_json::from_str(&text)
        .with_context(|| tieuchi::msg!(CliNotJson, file = path.display().to_string()).render(lang()))?;
    Ok((text, json))
}

/// What `eval` adds to a result.
#[derive(Debug, Clone)]
struct Asked {
    trace: bool,
    what_it_takes: bool,
    /// `--set ID=VALUE`: parameters simulated.
    set: Vec<String>,
}

fn eval(
    rules: &Path,
    ruleset: Option<&str>,
    evidence: &Path,
    format: Format,
    on: Option<&str>,
    &Asked { trace, what_it_takes, ref set }: &Asked,
    error_format: ErrorFormat,
) -> Result<bool> {
    let Some(library) = load_library(rules, error_format)? else { return Ok(false) };
    let (text, record) = read_json(evidence)?;
    let on = on.map(parse_date).transpose()?;
    let overrides = parse_sets(set)?;
    // The record's own date chooses the version as it anchors the evaluation.
    let record_on = record.get("on").and_then(serde_json::Value::as_str).and_then(|d| d.parse().ok());
    let Some(rules) = choose(&library, ruleset, record_on.or(on), error_format) else { return Ok(false) };
    let simulated;
    let rules = if overrides.is_empty() {
        rules
    } else {
        match rules.with_params_in(overrides.iter().map(|(id, value)| (id.as_str(), value.as_str())), lang()) {
            Ok(r) => {
                simulated = r;
                &simulated
            }
            Err(failure) => return report_failure(&failure, error_format),
        }
    };
    let options = Options { on, trace: trace || format == Format::Text, lang: lang() };
    // Read from the text, as `batch` reads a record: a field given twice is refused, not
    // silently taken at its last value.
    match rules.evaluate_json(&text, &options) {
        Ok(result) => {
            match format {
                Format::Json => {
                    out!("{}", tieuchi::wire::result_json(&result, trace, what_it_takes).with_context(not_json)?);
                }
                Format::Text => {
                    let wire = tieuchi::wire::result_record(&result, true, what_it_takes);
                    out!("{}", explain::text(rules, &wire).trim_end());
                }
            }
            Ok(true)
        }
        Err(error) => {
            // With JSON asked for, standard output carries the failure too, so that a caller
            // reading it never meets an empty document.
            if format == Format::Json {
                let failure = tieuchi::wire::failure(rules.id(), &error, lang());
                out!("{}", serde_json::to_string_pretty(&failure).with_context(not_json)?);
            }
            report_evaluate_error(&error, evidence, error_format)?;
            Ok(false)
        }
    }
}

/// The `--set ID=VALUE` arguments as pairs.
fn parse_sets(sets: &[String]) -> Result<Vec<(String, String)>> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((id, value)) => Ok((id.trim().to_owned(), value.trim().to_owned())),
            None => anyhow::bail!("{}", tieuchi::msg!(CliSetForm, text = s).render(lang())),
        })
        .collect()
}

/// A failure of the engine on standard error (one JSON record per problem with `--error-format
/// json`); the command fails.
fn report_failure(failure: &tieuchi::Failure, error_format: ErrorFormat) -> Result<bool> {
    for record in &failure.errors {
        match error_format {
            ErrorFormat::Json => eprintln!("{}", serde_json::to_string(record).with_context(not_json)?),
            ErrorFormat::Human => eprint!("{}", human(record)),
        }
    }
    Ok(false)
}

/// A failed evaluation on standard error, as the engine renders it: each evidence problem by its
/// field, or the arithmetic error at its rule; one JSON record per problem with `--error-format
/// json`.
fn report_evaluate_error(error: &tieuchi::EvaluateError, evidence: &Path, error_format: ErrorFormat) -> Result<()> {
    let failure = tieuchi::Failure::evaluate(error, lang());
    match error_format {
        ErrorFormat::Json => {
            for record in &failure.errors {
                eprintln!("{}", serde_json::to_string(record).with_context(not_json)?);
            }
        }
        ErrorFormat::Human => {
            let file = evidence.display().to_string();
            eprintln!(
                "{}: {}",
                error_label(),
                tieuchi::msg!(CliCannotEvaluate, file = file, summary = &failure.summary).render(lang())
            );
            for record in &failure.errors {
                eprint!("{}", human(record));
            }
        }
    }
    Ok(())
}

/// Without a code, every code of the core's registry by kind, one line each; with one, its
/// summary, explanation and example.
fn explain_code(code: Option<&str>) -> bool {
    let lang = lang();
    let Some(code) = code else {
        let width = tieuchi::codes::all().map(|c| c.code.len()).max().unwrap_or(0);
        for kind in tieuchi::codes::Kind::ALL {
            out!("{}", kind.heading(lang));
            for c in tieuchi::codes::all().filter(|c| c.kind == *kind) {
                out!("  {:width$}  {}", c.code, c.summary(lang));
            }
            out!("");
        }
        out!("{}", tieuchi::msg!(CliExplainMore).render(lang));
        return true;
    };
    let Some(c) = tieuchi::codes::lookup(code) else {
        eprintln!("{}: {}", error_label(), tieuchi::msg!(CliExplainNoCode, code = code).render(lang));
        return false;
    };
    out!("{}: {}", c.code, c.summary(lang));
    if let Some(heading) = c.heading {
        out!("{}", tieuchi::msg!(CliExplainShownAs, heading = heading).render(lang));
    }
    out!("");
    out!("{}", c.explanation(lang));
    out!("");
    out!("{}", tieuchi::msg!(CliExplainExample).render(lang));
    for line in c.example(lang).lines() {
        out!("    {line}");
    }
    true
}

/// With a folder of versions, each record is rated by the version in force on its own date.
fn run_batch(
    rules: &Path,
    ruleset: Option<&str>,
    input: &Path,
    output: Option<&Path>,
    (from, to): (Option<batch::Format>, Option<batch::Format>),
    (on, set): (Option<&str>, &[String]),
    summary: batch::Summary,
) -> Result<bool> {
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
    let run = batch::Run {
        batch: engine.on(on).lang(lang()).count_groups(summary != batch::Summary::None),
        input_format: batch::resolve_format(from, Some(input), batch::Format::Jsonl, "from")?,
        output_format: batch::resolve_format(to, output, batch::Format::Jsonl, "to")?,
        summary,
    };
    run.run(input, output)
}

struct DiffOptions {
    ruleset: Option<String>,
    output: Option<PathBuf>,
    from: Option<batch::Format>,
    to: Option<batch::Format>,
    on: Option<String>,
    changed_only: bool,
    summary: batch::Summary,
    before_set: Vec<String>,
    after_set: Vec<String>,
}

/// The library with `--set`-style overrides applied (itself when there are none); a failure is
/// reported and gives `None`.
fn simulated(library: Library, sets: &[String]) -> Result<Option<Library>> {
    let overrides = parse_sets(sets)?;
    if overrides.is_empty() {
        return Ok(Some(library));
    }
    match library.with_params_in(&overrides, lang()) {
        Ok(simulated) => Ok(Some(simulated)),
        Err(failure) => report_failure(&failure, ErrorFormat::Human).map(|_| None),
    }
}

fn run_diff(before: &Path, after: &Path, input: &Path, options: &DiffOptions) -> Result<bool> {
    let Some(old) = load_library(before, ErrorFormat::Human)? else { return Ok(false) };
    let Some(new) = load_library(after, ErrorFormat::Human)? else { return Ok(false) };
    let Some(old) = simulated(old, &options.before_set)? else { return Ok(false) };
    let Some(new) = simulated(new, &options.after_set)? else { return Ok(false) };
    let on = options.on.as_deref().map(parse_date).transpose()?;
    let (old, new) = match (old.batch(options.ruleset.as_deref()), new.batch(options.ruleset.as_deref())) {
        (Ok(old), Ok(new)) => (old.on(on).lang(lang()), new.on(on).lang(lang())),
        (Err(error), _) | (_, Err(error)) => {
            eprint!("{}", human(&tieuchi::ErrorRecord::select(&error, lang())));
            return Ok(false);
        }
    };
    let Some(output_format) =
        batch::resolve_format(options.to, options.output.as_deref(), batch::Format::Jsonl, "to")?.text_output()
    else {
        anyhow::bail!("{}", tieuchi::msg!(CliDiffWritesRows).render(lang()));
    };
    let run = diff::Diff {
        before: old,
        after: new,
        input_format: batch::resolve_format(options.from, Some(input), batch::Format::Jsonl, "from")?,
        output_format,
        changed_only: options.changed_only,
        summary: options.summary,
    };
    run.run(input, options.output.as_deref())
}

fn inputs(rules: &Path, ruleset: Option<&str>, on: Option<&str>, format: SchemaFormat) -> Result<bool> {
    let Some(library) = load_library(rules, ErrorFormat::Human)? else { return Ok(false) };
    let Some(rules) = choose(&library, ruleset, on.map(parse_date).transpose()?, ErrorFormat::Human) else {
        return Ok(false);
    };
    let json = match format {
        SchemaFormat::Json => serde_json::to_value(rules.schema()).with_context(not_json)?,
        SchemaFormat::JsonSchema => rules.json_schema(),
    };
    out!("{}", serde_json::to_string_pretty(&json).with_context(not_json)?);
    Ok(true)
}

fn test(paths: &[PathBuf], format: ErrorFormat) -> Result<bool> {
    let rule_files = files::rule_files(paths)?;
    let case_files = files::case_files(paths)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    // All rule files together, so that imports and families resolve; a broken file fails alone.
    let (sources, mut diagnostics) = read_rule_files(&rule_files)?;
    let (library, compiled) = Library::compile_what_compiles(&sources);
    diagnostics.extend(compiled);
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
    report(&errors, format);
    let mut broken: Vec<&str> = errors.iter().map(|d| d.source.name()).collect();
    broken.sort_unstable();
    broken.dedup();
    for name in broken {
        out!("{}", tieuchi::msg!(CliFileDoesNotCompile, name = name).render(lang()));
        failed += 1;
    }
    let loaded: Vec<(PathBuf, &RuleSet)> =
        library.rulesets().iter().map(|r| (PathBuf::from(r.source().name()), r)).collect();
    for (path, rules) in &loaded {
        for report in rules.run_tests() {
            tally(&report, &path.display().to_string(), &mut passed, &mut failed);
        }
    }
    for path in &case_files {
        let text = std::fs::read_to_string(path).with_context(|| batch::cannot_read(path))?;
        let name = path.display().to_string();
        // A `ruleset` file runs against that rule set (the one beside it first); a `family` file,
        // each case against the version in force on its date.
        match CaseFile::parse(&text).and_then(|file| library.run_case_file(&file, &name)) {
            Ok(reports) => {
                for report in &reports {
                    tally(report, &name, &mut passed, &mut failed);
                }
            }
            Err(message) => {
                out!("{}", tieuchi::msg!(CliFileFailed, name = &name, problem = message).render(lang()));
                failed += 1;
            }
        }
    }
    out!("{}", tieuchi::msg!(CliTally, passed = passed, failed = failed).render(lang()));
    Ok(failed == 0)
}

fn tally(report: &tieuchi::testing::TestReport, file: &str, passed: &mut usize, failed: &mut usize) {
    if report.passed() {
        *passed += 1;
        return;
    }
    *failed += 1;
    let origin = if report.origin.is_empty() { file } else { &report.origin };
    out!("{}", tieuchi::msg!(CliTestFailed, name = &report.name, origin = origin).render(lang()));
    for m in &report.mismatches {
        out!("    {}", m.message().render(lang()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    /// On a terminal a problem goes through miette, which words the line before a help as an
    /// English `help:` of its own: the command puts the catalogue's label there instead.
    #[test]
    fn a_terminals_help_line_has_the_catalogues_label() {
        let source = SourceFile::new(
            "x.tieuchi",
            "ruleset x \"X\" {\n  outcome o \"O\" {\n    t \"T\" when c >= 1\n    u \"U\" otherwise\n  }\n}\n",
        );
        let diagnostics = Library::compile(&[source]).unwrap_err().diagnostics;
        let error = diagnostics.iter().find(|d| d.is_error()).unwrap();
        let plain = || miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let vi = graphical(&tieuchi::ErrorRecord::diagnostic(error, tieuchi::Lang::Vi), plain(), tieuchi::Lang::Vi);
        let vi = vi.unwrap();
        assert!(vi.contains("check::unknown-name") && vi.contains("không có tên `c`"), "{vi}");
        assert!(vi.contains("gợi ý: ") && !vi.contains("help"), "{vi}");
        let en = graphical(&tieuchi::ErrorRecord::diagnostic(error, tieuchi::Lang::En), plain(), tieuchi::Lang::En);
        let en = en.unwrap();
        assert!(en.contains("unknown name `c`") && en.contains("  help: "), "{en}");
    }
}
