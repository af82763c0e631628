//! `tieuchi serve`: the rules over HTTP (the `tieuchi-serve` crate), reloaded as they change.

use std::path::Path;

use anyhow::Result;
use tieuchi::Library;

use crate::load::{load_library, read_rule_files};
use crate::report::report;
use crate::{files, lang, ErrorFormat, ServeArgs};

/// Serves the folder once it compiles, printing its diagnostics as `tieuchi check` does; a reload
/// compiles it the same way.
pub(crate) fn serve(args: ServeArgs) -> Result<bool> {
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
