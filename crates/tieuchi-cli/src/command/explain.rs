//! `tieuchi explain`: what a code means, or every code by kind.

use crate::{error_label, lang};

/// Without a code, every code of the core's registry by kind, one line each; with one, its
/// summary, explanation and example.
pub(crate) fn explain_code(code: Option<&str>) -> bool {
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
