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

mod command;
mod files;
mod help;
mod load;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::command::batch;

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

fn parse_lang(text: &str) -> Result<tieuchi::Lang, String> {
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
    Batch(batch::BatchArgs),
    /// What a change of rules does to a population: the records through the rules before and
    /// after (two rule files, two versions, or two folders), one row per record with the tier
    /// and the deciding rule on each side, quotas applied on both; the transition matrix (from
    /// each result to each result, overall and per group) on standard error.
    Diff(command::diff::DiffArgs),
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
    let args = help::help_command_as_flag(std::env::args_os().collect());
    let asked = help::asked_lang(&args);
    let matches = help::localized(Cli::command(), asked)
        .try_get_matches_from(&args)
        .unwrap_or_else(|error| help::exit(&error, asked));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| help::exit(&error, asked));
    let _ = LANG.set(cli.lang);
    let outcome = match cli.command {
        Command::Check { paths, error_format } => command::check::check(&paths, error_format),
        Command::Eval { rules, ruleset, evidence, format, on, no_trace, what_it_takes, set, error_format } => {
            let asked = command::eval::Asked { trace: !no_trace, what_it_takes, set };
            command::eval::eval(&rules, ruleset.as_deref(), &evidence, format, on.as_deref(), &asked, error_format)
        }
        Command::Inputs { rules, ruleset, on, format } => {
            command::inputs::inputs(&rules, ruleset.as_deref(), on.as_deref(), format)
        }
        Command::Batch(args) => batch::run_batch(&args),
        Command::Diff(args) => command::diff::run_diff(&args),
        Command::Test { paths, error_format } => command::test::test(&paths, error_format),
        Command::Lsp { stdio: _ } => command::lsp::run(),
        Command::Fmt { paths, check, stdout, error_format } => {
            let mode = match (check, stdout) {
                (true, _) => command::fmt::Mode::Check,
                (false, true) => command::fmt::Mode::Stdout,
                (false, false) => command::fmt::Mode::Write,
            };
            command::fmt::run(&paths, mode, error_format)
        }
        Command::Verify { result, evidence, rules, batch, ruleset, on, from, format, error_format } => {
            let batch = command::verify::BatchOptions { forced: batch, ruleset, on, from };
            command::verify::run(&result, &evidence, &rules, &batch, format, error_format)
        }
        Command::Explain { code } => Ok(command::explain::explain_code(code.as_deref())),
        Command::Serve(args) => command::serve::serve(*args),
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
