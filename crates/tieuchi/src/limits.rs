//! Every limit the engine enforces, in one place.
//!
//! Bad input meets a limit as a diagnostic or an evidence error, never as a crash, a wrap-around
//! or a silently different result. Each constant names the code it is reported with; the README
//! section "Limits" lists them for rule authors.
//!
//! | limit | value | reported as |
//! | --- | --- | --- |
//! | [`MAX_SOURCE_BYTES`] | 1 MiB | `syntax::too-large` |
//! | [`MAX_NESTING`] | 32 | `syntax::too-deep` |
//! | [`MAX_CHAIN`] | 64 | `syntax::too-deep` |
//! | [`MAX_EXPR_DEPTH`] | 96 | `syntax::too-deep` |
//! | [`MAX_NAME_BYTES`] | 128 | `check::limit` |
//! | [`MAX_TIERS`] | 1,000 | `check::limit` |
//! | [`MAX_ENUM_VALUES`] | 1,000 | `check::limit` |
//! | [`MAX_ADJUSTMENTS`] | 1,000 | `check::limit` |
//! | [`MAX_QUOTAS`] | 1,000 | `check::limit` |
//! | [`MAX_ENUMS`] | 1,000 | `check::limit` |
//! | [`MAX_RECORDS`] | 1,000 | `check::limit` |
//! | [`MAX_MEMBERS`] | 100,000 | `evidence::too-many` |
//! | [`MAX_RECORD_BYTES`] | 8 MiB | `evidence::too-large` |

/// Rule files larger than this are refused before they are read in full.
/// Code: `syntax::too-large`.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// Brackets, blocks and `if`s may nest this deep (brackets are counted on the text before
/// parsing, `if`s and argument lists as the tree is built).
/// Code: `syntax::too-deep`.
pub const MAX_NESTING: usize = 32;

/// Operators one expression level may chain (`a + b + …`) before it must be split.
/// Code: `syntax::too-deep`.
pub const MAX_CHAIN: usize = 64;

/// How deep an expression tree may be, counting every operator, `if` and call on the way down
/// from its root. Brackets alone do not bound it (`((a + b + …) + …)` chains within each
/// bracket), and every stage after parsing (check, lints, lowering, evaluation) walks the tree
/// recursively: this bound keeps each of them within a small stack. It must exceed
/// [`MAX_CHAIN`], so that a chain the parser accepts fits.
/// Code: `syntax::too-deep`.
pub const MAX_EXPR_DEPTH: usize = 96;

/// A name (input, let, score, enum, tier…) may be this long, in bytes.
/// Code: `check::limit`.
pub const MAX_NAME_BYTES: usize = 128;

/// An outcome may have this many tiers. Tier indices are 16-bit in plans and results, so the
/// limit is what keeps a tier from being taken for another.
/// Code: `check::limit`.
pub const MAX_TIERS: usize = 1_000;

/// An enum may have this many values (16-bit indices, as tiers).
/// Code: `check::limit`.
pub const MAX_ENUM_VALUES: usize = 1_000;

/// A rule set may have this many `force`, `cap` and `exclude` rules in all (16-bit indices).
/// Code: `check::limit`.
pub const MAX_ADJUSTMENTS: usize = 1_000;

/// A rule set may have this many quotas.
/// Code: `check::limit`.
pub const MAX_QUOTAS: usize = 1_000;

/// A rule set may declare this many enums, imported ones and its outcome included (16-bit ids).
/// Code: `check::limit`.
pub const MAX_ENUMS: usize = 1_000;

/// A rule set may declare this many list and history inputs (16-bit ids).
/// Code: `check::limit`.
pub const MAX_RECORDS: usize = 1_000;

/// A list or history in evidence may hold this many members.
/// Code: `evidence::too-many`.
pub const MAX_MEMBERS: usize = 100_000;

/// The largest batch record read (one JSON line, one CSV row), in bytes. A collective with
/// members' fields of some 80 bytes each fits at the members' limit; a longer line, such as the
/// records of a file whose line ends were lost run together, is an error row, skipped without
/// being held in memory. Code: `evidence::too-large`.
pub const MAX_RECORD_BYTES: usize = 8 << 20;

/// Unknown names beyond this many get no "did you mean" suggestion: each suggestion compares the
/// name with every declared one, and a file of thousands of misspellings must still check in
/// linear time. Not an error: later diagnostics simply carry the general help.
pub const MAX_SUGGESTIONS: usize = 100;
