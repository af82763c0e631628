//! The service's own messages on standard error: start, reloads and their diagnostics, shutdown.
//! One line each (a diagnostic keeps its excerpt below), with the time and a level. Requests are
//! not logged here (the decision log is the record of decisions), and evidence never is.
//!
//! The lines are for the operator, in the operator's language ([`crate::Config::lang`], `tieuchi
//! --lang`; Vietnamese unless asked otherwise), set once when the service starts: a process serves
//! one configuration. The level (`info`, `warning`, `error`) stays as it is in every language, as
//! codes do: log collectors and alerts match on it.

use std::io::Write as _;
use std::sync::OnceLock;

use tieuchi::{Lang, Message};

static LANG: OnceLock<Lang> = OnceLock::new();

/// The operator's language, for the rest of the process (the first call wins).
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of the operator's lines.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

fn line(level: &str, message: &Message) {
    let time = jiff::Timestamp::now().round(jiff::Unit::Millisecond).unwrap_or_else(|_| jiff::Timestamp::now());
    let text = message.render(lang());
    let mut err = std::io::stderr().lock();
    // Standard error gone (a closed terminal) must not stop the service.
    let _ = writeln!(err, "{time} {level} {text}");
}

pub fn info(message: &Message) {
    line("info", message);
}

pub fn warn(message: &Message) {
    line("warning", message);
}

pub fn error(message: &Message) {
    line("error", message);
}
