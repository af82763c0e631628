//! The service's own messages on standard error: start, reloads and their diagnostics, shutdown.
//! One line each (a diagnostic keeps its excerpt below), with the time and a level. Requests are
//! not logged here (the decision log is the record of decisions), and evidence never is.

use std::io::Write as _;

fn line(level: &str, message: &str) {
    let time = jiff::Timestamp::now().round(jiff::Unit::Millisecond).unwrap_or_else(|_| jiff::Timestamp::now());
    let mut err = std::io::stderr().lock();
    // Standard error gone (a closed terminal) must not stop the service.
    let _ = writeln!(err, "{time} {level} {message}");
}

pub fn info(message: &str) {
    line("info", message);
}

pub fn warn(message: &str) {
    line("warning", message);
}

pub fn error(message: &str) {
    line("error", message);
}
