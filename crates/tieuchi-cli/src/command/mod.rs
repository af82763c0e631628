//! One module per subcommand of `tieuchi`, each with what only it uses.

pub(crate) mod batch;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod fmt;
pub(crate) mod inputs;
pub(crate) mod lsp;
pub(crate) mod serve;
pub(crate) mod test;
pub(crate) mod verify;
