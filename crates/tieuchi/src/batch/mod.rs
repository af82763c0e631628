//! Many records in, one row out per record, in input order.
//!
//! Records are read in chunks (`read`), decoded straight into the plan's slots (no JSON value
//! tree), evaluated on every core (with the `parallel` feature), and rendered to rows
//! (`row`) in the worker that evaluated them. Quotas take two passes over the input: the first
//! keeps a few bytes per record (the cohort) and decides every group; rows written
//! as text wait in a compressed spill meanwhile (`spill`) and the second pass evaluates again
//! only the records a decision touches. So the caller must be able to open the input twice (a
//! stream that cannot be read twice is spooled by the caller first). With a family of versions,
//! each record is rated by the version in force on its own date.

#[cfg(feature = "arrow")]
mod arrow;
mod failure;
mod impact;
mod read;
mod row;
mod spill;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use crate::cohort::{Cohort, Parts};
use crate::eval::columns::Made;
use crate::eval::evidence::{self, Evidence, EvidenceCode, EvidenceError, Raw, RawRecord};

use crate::i18n::Lang;
use crate::outcome::{Evaluation, QuotaNote, Status};
use crate::value::{Date, Value};
use crate::{EvaluateError, Options, RuleSet};
#[cfg(feature = "arrow")]
pub use arrow::{fit_decimals, plain_strings, ArrowBatches};
pub use impact::{Change, Impact, ImpactSummary, Side, CHANGE_COLUMNS};
use read::{Body, Item};
pub use read::{Chunk, InputFormat, Reader, MAX_RECORD_BYTES};
pub use row::{
    write_csv_line, Row, RowError, RowShape, RowStatus, ENGINE, LAYER_COLUMN, LEADING_COLUMNS, TRAILING_COLUMNS,
};

/// The layout of rows written by [`Batch::run`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line.
    JsonLines,
    /// A header of column names, then one record per line.
    Csv,
}

/// Where a batch's records come from. A quota needs two passes, so `open` is called twice when
/// the rule set has one: an input that cannot be read twice must be held (or spooled) first.
pub enum Input<'i> {
    /// JSON Lines or CSV bytes.
    Text {
        /// Opens the input from its start.
        open: &'i mut dyn FnMut() -> io::Result<Box<dyn Read + Send>>,
        /// JSON Lines or CSV.
        format: InputFormat,
    },
    /// Arrow record batches: columns named by field ids, typed as Arrow types them.
    #[cfg(feature = "arrow")]
    Arrow {
        /// Opens the batches from the first.
        open: &'i mut dyn FnMut() -> io::Result<ArrowBatches>,
    },
    /// Records a front end has read itself (a binding's dicts or objects), held in memory.
    Records(&'i [ReadRecord]),
}

/// One record as a front end read it: its JSON text, and what it could not read (a value of a
/// type with no JSON form), reported with whatever the engine finds in the rest of the record.
#[derive(Debug, Clone, Default)]
pub struct ReadRecord {
    /// The record as JSON text.
    pub json: String,
    /// What the front end could not read in it.
    pub errors: Vec<EvidenceError>,
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Text { format, .. } => f.debug_struct("Text").field("format", format).finish_non_exhaustive(),
            #[cfg(feature = "arrow")]
            Input::Arrow { .. } => f.debug_struct("Arrow").finish_non_exhaustive(),
            Input::Records(records) => f.debug_tuple("Records").field(&records.len()).finish(),
        }
    }
}

/// Where a batch's rows go, in input order.
pub enum Output<'o> {
    /// JSON Lines or CSV (with a header) bytes.
    Text {
        /// Where the bytes go.
        out: &'o mut (dyn Write + Send),
        /// JSON Lines or CSV.
        format: OutputFormat,
    },
    /// Arrow record batches of [`Batch::arrow_schema`], a chunk of rows each: one schema for a
    /// stream (a Parquet file).
    #[cfg(feature = "arrow")]
    Arrow(&'o mut (dyn FnMut(arrow_array::RecordBatch) -> io::Result<()> + Send)),
    /// The same, each batch's decimals at the scale its own values have (`86.25`, not
    /// `86.2500000000000000000000000000`), for a run collected whole: [`fit_decimals`] gives the
    /// batches one schema. The input is read once, quotas or not.
    #[cfg(feature = "arrow")]
    ArrowFitted(&'o mut (dyn FnMut(arrow_array::RecordBatch) -> io::Result<()> + Send)),
}

impl std::fmt::Debug for Output<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::Text { format, .. } => f.debug_struct("Text").field("format", format).finish_non_exhaustive(),
            #[cfg(feature = "arrow")]
            Output::Arrow(_) => f.debug_struct("Arrow").finish_non_exhaustive(),
            #[cfg(feature = "arrow")]
            Output::ArrowFitted(_) => f.debug_struct("ArrowFitted").finish_non_exhaustive(),
        }
    }
}

/// Records read a chunk at a time.
pub(crate) trait Source: Send {
    type Chunk: Records + Send + Sync;

    fn next_chunk(&mut self, max: usize) -> io::Result<Option<Self::Chunk>>;

    /// How far the input has been read, for progress: bytes of text, or records.
    fn progress(&self) -> u64;
}

/// A chunk's records, each read on demand into its raw fields.
pub(crate) trait Records {
    /// The index of the chunk's first record in the input.
    fn first(&self) -> u64;
    fn len(&self) -> usize;
    /// A record's fields; a record that cannot be read is its error.
    fn record(&self, i: usize) -> Result<RawRecord<'_>, EvidenceError>;

    /// The same into `into`, whose buffer is reused from record to record.
    fn record_into<'c>(&'c self, i: usize, into: &mut RawRecord<'c>) -> Result<(), EvidenceError> {
        *into = self.record(i)?;
        Ok(())
    }

    /// What the front end could not read of a record (the record is an error row with them).
    fn read_errors(&self, _i: usize) -> &[EvidenceError] {
        &[]
    }

    /// The names of the fields every record of the chunk has, in the same order, when the chunk
    /// fixes them (the columns of Arrow data): its records are then decoded by position, with
    /// the names looked up once a chunk, not once a record.
    fn fixed_fields(&self) -> Option<&[String]> {
        None
    }

    /// Field `f` of record `i`, when the chunk has [`Records::fixed_fields`].
    fn field(&self, _i: usize, _f: usize) -> Raw<'_> {
        Raw::Absent
    }

    /// Field `f` of every record, as a slice of one type where it is one.
    fn plain_column(&self, _f: usize) -> evidence::PlainColumn<'_> {
        evidence::PlainColumn::Cells
    }

    /// Drops what reading the records made and can make again (Arrow columns' cells, a nested
    /// column's JSON): for a chunk kept until the quotas are decided, which is then read again
    /// for a few of its records. Only collected Arrow output keeps chunks.
    #[cfg(feature = "arrow")]
    fn forget_what_was_read(&mut self) {}
}

/// A worker's buffers, lent from record to record of one chunk.
struct Scratch<'c> {
    /// Evidence given back by the rows of a chunk, for the next chunk's records. Boxed: a
    /// record's evidence moves from decoding to its row and back, a pointer each time.
    #[expect(clippy::vec_box, reason = "evidence moves out of the pool and back, by pointer")]
    pool: Vec<Box<Evidence>>,
    raw: RawRecord<'c>,
    /// For a chunk with fixed fields: the positions of `id` and `on`, resolved on first use…
    own_fields: Option<(Option<usize>, Option<usize>)>,
    /// …and, per version, the target of each field.
    targets: Vec<Option<Targets>>,
    /// Per version, for records that name their own fields: the last record's keys.
    keys: Vec<evidence::KnownKeys>,
}

/// The targets of a chunk's fixed fields for one version.
#[derive(Clone)]
enum Targets {
    ByPosition(evidence::ColumnTargets),
    /// A name given twice: each record is decoded as a record, which names it.
    Repeated,
}

std::thread_local! {
    /// Evidence a worker's last chunk gave back, so that the next chunk's records reuse its
    /// buffers rather than allocate them again.
    #[expect(clippy::vec_box, reason = "the pool of `Scratch`, kept between chunks")]
    static EVIDENCE_POOL: std::cell::RefCell<Vec<Box<Evidence>>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        let mut pool = std::mem::take(&mut self.pool);
        pool.truncate(CHUNK_RECORDS);
        EVIDENCE_POOL.with(|kept| *kept.borrow_mut() = pool);
    }
}

impl Scratch<'_> {
    /// Gives evidence back to the pool, boxed where it is not yet.
    fn recycle(&mut self, evidence: impl Into<Box<Evidence>>) {
        self.pool.push(evidence.into());
    }

    fn new(versions: usize) -> Self {
        Scratch {
            pool: EVIDENCE_POOL.with(|kept| std::mem::take(&mut *kept.borrow_mut())),
            raw: RawRecord::default(),
            own_fields: None,
            targets: vec![None; versions],
            keys: vec![evidence::KnownKeys::default(); versions],
        }
    }
}

/// Records held in memory, a chunk at a time.
struct InMemory<'i> {
    records: &'i [ReadRecord],
    next: usize,
}

struct InMemoryChunk<'i> {
    first: usize,
    records: &'i [ReadRecord],
}

impl<'i> Source for InMemory<'i> {
    type Chunk = InMemoryChunk<'i>;

    fn next_chunk(&mut self, max: usize) -> io::Result<Option<InMemoryChunk<'i>>> {
        if self.next >= self.records.len() {
            return Ok(None);
        }
        let end = (self.next + max).min(self.records.len());
        let chunk = InMemoryChunk { first: self.next, records: self.records.get(self.next..end).unwrap_or_default() };
        self.next = end;
        Ok(Some(chunk))
    }

    fn progress(&self) -> u64 {
        self.next as u64
    }
}

impl InMemoryChunk<'_> {
    /// Record `i`'s text; past the chunk's end, none, which reads as an error, never a record.
    fn json(&self, i: usize) -> &str {
        self.records.get(i).map_or("", |r| r.json.as_str())
    }
}

impl Records for InMemoryChunk<'_> {
    fn first(&self) -> u64 {
        self.first as u64
    }

    fn len(&self) -> usize {
        self.records.len()
    }

    fn record(&self, i: usize) -> Result<RawRecord<'_>, EvidenceError> {
        RawRecord::from_json(self.json(i))
    }

    fn record_into<'c>(&'c self, i: usize, into: &mut RawRecord<'c>) -> Result<(), EvidenceError> {
        into.read_json(self.json(i))
    }

    fn read_errors(&self, i: usize) -> &[EvidenceError] {
        self.records.get(i).map_or(&[], |r| &r.errors)
    }
}

impl<R: Read + Send> Source for Reader<R> {
    type Chunk = Chunk;

    fn next_chunk(&mut self, max: usize) -> io::Result<Option<Chunk>> {
        Reader::next_chunk(self, max)
    }

    fn progress(&self) -> u64 {
        self.bytes_read()
    }
}

impl Records for Chunk {
    fn first(&self) -> u64 {
        self.first
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn record_into<'c>(&'c self, i: usize, into: &mut RawRecord<'c>) -> Result<(), EvidenceError> {
        if let Some(item @ Item { body: Body::Json(a, b), .. }) = self.items.get(i) {
            into.read_json(self.text_of(*a, *b)).map_err(|e| with_line(e, item.line))
        } else {
            *into = self.record(i)?;
            Ok(())
        }
    }

    fn record(&self, i: usize) -> Result<RawRecord<'_>, EvidenceError> {
        // Past the chunk's end there is no text, which reads as an error, never a record.
        let Some(item) = self.items.get(i) else { return RawRecord::from_json("") };
        match &item.body {
            Body::Unreadable(error) => Err(error.clone()),
            Body::Json(a, b) => RawRecord::from_json(self.text_of(*a, *b)).map_err(|e| with_line(e, item.line)),
            Body::Cells(a, b) => {
                let cells = self.cells.get(*a as usize..*b as usize).unwrap_or_default();
                Ok(RawRecord::from_cells(&self.headers, cells.iter().map(|&(x, y)| self.text_of(x, y))))
            }
        }
    }
}

/// The rows of one chunk, rendered in the worker that evaluated them.
enum Rendered {
    Bytes(Vec<u8>),
    #[cfg(feature = "arrow")]
    Arrow(arrow_array::RecordBatch),
}

/// Records evaluated together, column by column: enough that a node's loop dwarfs walking the
/// plan, few enough that their evidence and results stay in the core's cache.
const EVALUATED_TOGETHER: usize = 256;

/// A chunk's records evaluated, in order: [`EVALUATED_TOGETHER`] at a time, their evidence given
/// back ([`Evaluations::recycle`]) for the next ones to reuse.
struct Evaluations<'b, 'r, 'c, C> {
    batch: &'b Batch<'r>,
    chunk: &'c C,
    scratch: Scratch<'c>,
    /// Whether records at a quota's tier may be [`Plain`] ([`Batch::evaluate_rows`]).
    candidates: bool,
    next: usize,
    ready: std::vec::IntoIter<Evaluated<'r>>,
}

impl<'r, C: Records> Iterator for Evaluations<'_, 'r, '_, C> {
    type Item = (usize, Evaluated<'r>);

    /// The next record's index in the chunk, and its evaluation.
    fn next(&mut self) -> Option<(usize, Evaluated<'r>)> {
        if self.ready.len() == 0 {
            let end = (self.next + EVALUATED_TOGETHER).min(self.chunk.len());
            if self.next >= end {
                return None;
            }
            let rows: Vec<usize> = (self.next..end).collect();
            self.ready = self.batch.evaluate_rows(self.chunk, &rows, &mut self.scratch, self.candidates).into_iter();
            self.next = end;
        }
        let evaluated = self.ready.next()?;
        // `next` is the end of the records evaluated so far; `ready` holds the last of them.
        Some((self.next - self.ready.len() - 1, evaluated))
    }
}

impl<C> Evaluations<'_, '_, '_, C> {
    fn recycle(&mut self, evidence: impl Into<Box<Evidence>>) {
        self.scratch.recycle(evidence);
    }
}

/// Records per chunk: large enough that a chunk's work dwarfs handing it to a thread, small
/// enough that a few chunks per core stay in a few megabytes.
pub const CHUNK_RECORDS: usize = 4096;

/// Room for a row written as text: a JSON line of the NĐ 335 rating is about 360 bytes, and a
/// chunk's text grown from less is copied on the way.
pub(crate) const ROW_TEXT_BYTES: usize = 512;

/// A batch evaluation: one rule set, or a family whose version is chosen per record.
#[derive(Debug)]
pub struct Batch<'r> {
    versions: Vec<&'r RuleSet>,
    /// Whether `versions` is a family (chosen per record) rather than one rule set.
    family: bool,
    /// The version that rates a record with no date, when one was named.
    undated: Option<usize>,
    /// Per version: the evidence slots of its `key`s, for the tally's groups.
    key_slots: Vec<Vec<u32>>,
    /// Per version: how its [`Plain`] records are told, if it can have any.
    lean: Vec<Option<Lean>>,
    on: Option<Date>,
    shape: RowShape,
    #[cfg(feature = "arrow")]
    arrow_shape: arrow::ArrowShape,
    chunk_records: usize,
    groups: bool,
    /// The language of the rows' findings and error messages.
    lang: Lang,
    /// What rows are counted under: every version's tiers (each id once), then the statuses of
    /// rows not rated.
    labels: Vec<&'r str>,
}

/// Counts of a batch's rows: overall, and per group of the rule set's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Every row written.
    pub rows: u64,
    /// Rows that reached a tier.
    pub rated: u64,
    /// Rows that are errors (the record could not be read or evaluated).
    pub errors: u64,
    /// By tier id, or by status for rows not rated (`not rated`, `not determinable`, `error`).
    pub outcomes: BTreeMap<String, u64>,
    /// By the record's keys joined with ` / ` (`(no key)` when one is missing), then as above.
    pub groups: BTreeMap<String, BTreeMap<String, u64>>,
}

/// A batch's counts as its workers make them: one counter per label (a tier, or a status; see
/// [`Batch::label_of`]) and, per group, the raw key of the group; made a [`Tally`] once, at the
/// end, so that no row pays for a string or an ordered map.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    rows: u64,
    rated: u64,
    errors: u64,
    outcomes: Vec<u64>,
    groups: rustc_hash::FxHashMap<Box<str>, Vec<u64>>,
}

fn count_in(counts: &mut Vec<u64>, label: usize) {
    if counts.len() <= label {
        counts.resize(label + 1, 0);
    }
    if let Some(n) = counts.get_mut(label) {
        *n += 1;
    }
}

fn add_counts(mine: &mut Vec<u64>, other: &[u64]) {
    if mine.len() < other.len() {
        mine.resize(other.len(), 0);
    }
    for (m, o) in mine.iter_mut().zip(other) {
        *m += o;
    }
}

impl Counts {
    fn add(&mut self, status: RowStatus, label: usize, group: Option<&str>) {
        self.rows += 1;
        match status {
            RowStatus::Rated => self.rated += 1,
            RowStatus::Error => self.errors += 1,
            RowStatus::NotRated | RowStatus::NotDeterminable => {}
        }
        count_in(&mut self.outcomes, label);
        if let Some(group) = group {
            if let Some(counts) = self.groups.get_mut(group) {
                count_in(counts, label);
            } else {
                let mut counts = Vec::new();
                count_in(&mut counts, label);
                self.groups.insert(group.into(), counts);
            }
        }
    }

    fn merge(&mut self, other: Counts) {
        self.rows += other.rows;
        self.rated += other.rated;
        self.errors += other.errors;
        add_counts(&mut self.outcomes, &other.outcomes);
        for (group, counts) in other.groups {
            add_counts(self.groups.entry(group).or_default(), &counts);
        }
    }

    /// The counts by label text, groups by their keys joined with ` / `.
    fn into_tally(self, labels: &[&str]) -> Tally {
        let by_label = |counts: &[u64], into: &mut BTreeMap<String, u64>| {
            for (label, &n) in labels.iter().zip(counts).filter(|(_, n)| **n > 0) {
                *into.entry((*label).to_owned()).or_default() += n;
            }
        };
        let mut outcomes = BTreeMap::new();
        by_label(&self.outcomes, &mut outcomes);
        let mut groups: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for (group, counts) in self.groups {
            let mut mine = BTreeMap::new();
            by_label(&counts, &mut mine);
            if mine.is_empty() {
                continue;
            }
            let into = groups.entry(group.replace('\u{1f}', " / ")).or_default();
            for (label, n) in mine {
                *into.entry(label).or_default() += n;
            }
        }
        Tally { rows: self.rows, rated: self.rated, errors: self.errors, outcomes, groups }
    }
}

/// Why a batch stopped: its input or output failed. Bad records never stop a batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The input could not be read.
    #[error("cannot read the input: {0}")]
    Read(#[source] io::Error),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    /// The temporary file of a quota's first pass failed.
    #[error("cannot keep the first pass's rows for a quota in a temporary file: {0}")]
    Spill(#[source] io::Error),
    /// The second pass read another number of records than the first.
    #[error("the input changed between the two passes a quota needs: {first} records, then {second}")]
    Changed {
        /// Records the first pass read.
        first: u64,
        /// Records the second pass read.
        second: u64,
    },
}

/// What one record became in a worker. The evaluation is boxed: it passes through a few hundred
/// records' buffer and an iterator before its row is made, and moving its 520 bytes each time
/// cost more than allocating it once.
enum Evaluated<'r> {
    Ok(usize, Box<Evaluation<'r>>),
    /// Rated by the ladder alone with nothing to note: its row is written from its parts.
    Plain(Box<Plain<'r>>),
    Failed(Box<Row<'r>>),
}

/// The record behind a row, as counting the row in its group or describing it reads it.
#[derive(Clone, Copy)]
enum Rated<'a, 'r> {
    Evaluated(&'a Evaluation<'r>),
    Plain(&'a Plain<'r>),
}

impl<'a, 'r> Rated<'a, 'r> {
    fn rules(self) -> &'r RuleSet {
        match self {
            Rated::Evaluated(evaluation) => evaluation.ruleset(),
            Rated::Plain(plain) => plain.rules,
        }
    }

    fn evidence(self) -> &'a Evidence {
        match self {
            Rated::Evaluated(evaluation) => evaluation.evidence(),
            Rated::Plain(plain) => &plain.evidence,
        }
    }

    /// `file:line:column` of the rule that set the result ([`Evaluation::deciding_rule`]): for a
    /// plain record, its tier's.
    fn deciding_rule(self) -> Option<&'r str> {
        match self {
            Rated::Evaluated(evaluation) => evaluation.deciding_rule(),
            Rated::Plain(plain) => plain.rules.plan.tiers.get(usize::from(plain.tier)).map(|t| t.location.as_str()),
        }
    }
}

/// A [`Plain`] record's row, its texts borrowed: a [`Row`] without the findings and errors such
/// a row never has.
pub(crate) struct PlainRow<'p, 'r> {
    record: u64,
    ruleset: &'r str,
    rules_sha256: &'r str,
    subject: Option<&'p str>,
    on: Option<Date>,
    outcome: Option<&'r str>,
    decided_by: &'static str,
    scores: smallvec::SmallVec<[Option<rust_decimal::Decimal>; 4]>,
    values: Vec<serde_json::Value>,
}

/// A record rated by the ladder alone, in force on its date, with no knock-out, cap or exclusion
/// fired or undecided, and in a group of every quota ([`Lean`]): its evaluation would have no
/// findings but its quotas' notes, so its row needs only its tier and values, read from the
/// columns that evaluated it. In no quota's tier, unless the batch asked for such candidates too
/// ([`Batch::evaluate_rows`]): no quota decision can touch it then.
struct Plain<'r> {
    version: usize,
    rules: &'r RuleSet,
    tier: u16,
    evidence: Box<Evidence>,
    /// The values of [`Lean::slots`]: its scores, then its `let`s.
    values: smallvec::SmallVec<[Value; 4]>,
}

/// For a version whose records can be [`Plain`] (its plan evaluates column by column, it has no
/// layers): what tells such a record, and the slots its row reads.
#[derive(Debug)]
struct Lean {
    /// The tiers a quota may lower.
    quota_tiers: Vec<u16>,
    /// The evidence slots of every quota's groups.
    quota_keys: Vec<u32>,
    /// The derived slots of the scores, then of the `let`s, then of the ranking values `ranks`
    /// reads.
    slots: Vec<u32>,
    /// Where every quota's ranking values are read (each quota's in turn), when each is a field
    /// or a derived value as it stands: a record at a quota's tier can then be plain too, its
    /// row made from its tier and its notes once the quotas are decided
    /// ([`Batch::with_decision`]). `None` when a ranking value is computed.
    ranks: Option<Vec<RankRead>>,
}

/// Where a [`Plain`] record's ranking value is read: a field of its evidence, or one of its
/// values (by place in [`Lean::slots`]).
#[derive(Debug, Clone, Copy)]
enum RankRead {
    Input(u32),
    Value(usize),
}

impl RankRead {
    /// The value [`Evaluation`]'s ranking value would be: the field's, or the derived slot's.
    fn of(self, plain: &Plain<'_>) -> Value {
        let read = match self {
            RankRead::Input(slot) => plain.evidence.values.get(slot as usize),
            RankRead::Value(at) => plain.values.get(at),
        };
        read.copied().unwrap_or_default()
    }
}

impl Lean {
    fn of(rules: &RuleSet) -> Option<Lean> {
        let plan = &rules.plan;
        if !crate::eval::columns::supports(plan) || !rules.layers().is_empty() {
            return None;
        }
        let mut quota_keys: Vec<u32> = plan.quotas.iter().flat_map(|q| q.within.iter().copied()).collect();
        quota_keys.sort_unstable();
        quota_keys.dedup();
        let mut slots: Vec<u32> = plan.score_slots.iter().chain(&plan.let_slots).copied().collect();
        let ranks = plan
            .quotas
            .iter()
            .flat_map(|q| &q.rank_by)
            .map(|(node, _)| match plan.nodes.get(*node as usize)? {
                crate::plan::Node::Input { slot } => Some(RankRead::Input(*slot)),
                crate::plan::Node::Derived { slot } => {
                    Some(RankRead::Value(slots.iter().position(|s| s == slot).unwrap_or_else(|| {
                        slots.push(*slot);
                        slots.len() - 1
                    })))
                }
                _ => None,
            })
            .collect();
        Some(Lean { quota_tiers: plan.quotas.iter().map(|q| q.tier).collect(), quota_keys, slots, ranks })
    }

    /// Whether a record rated `tier` by the ladder, evaluated on `on`, is [`Plain`]; at a quota's
    /// tier only among `candidates` (and when its ranking values can be read).
    fn is_plain(
        &self,
        rules: &RuleSet,
        evidence: &Evidence,
        (on, tier): (Option<Date>, u16),
        candidates: bool,
    ) -> bool {
        // Out of force, its evaluation says so in a finding.
        on.is_none_or(|on| rules.in_force_on(on))
            && (!self.quota_tiers.contains(&tier) || (candidates && self.ranks.is_some()))
            && self.quota_keys.iter().all(|&k| evidence.values.get(k as usize).is_some_and(|v| !v.is_unknown()))
    }
}

/// A chunk's first-pass rows, and its records a quota decision may touch (by index in the
/// chunk) with the chunk they are read again from once the decisions are made. Their
/// evaluations are not kept: for NĐ 335's HTXS candidates, a tenth of the records, they held a
/// tenth of a run's memory, and evaluating them again costs less than keeping them did.
#[cfg(feature = "arrow")]
struct KeptRows<C> {
    first: u64,
    rows: arrow_array::RecordBatch,
    held: Vec<usize>,
    /// The chunk, where it has held records.
    chunk: Option<C>,
    /// The [`Plain`] candidates of a quota (by index in the chunk), with their version and tier:
    /// their rows are decided from their notes alone ([`Batch::decided_row`]).
    decided: Vec<(usize, (usize, u16))>,
}

// Here rather than in `library`: a library comes before the batches made over it.
impl crate::Library {
    /// A batch over the family of `id` (or the only family loaded), each record rated by the
    /// version in force on its date, as [`crate::Library::select`] chooses for one record: a
    /// record dated when no version is in force (a family of one version included) is an error
    /// row; a version named rates the records that give no date.
    pub fn batch(&self, id: Option<&str>) -> Result<Batch<'_>, crate::SelectError> {
        let family = Batch::family(self.family(id)?);
        Ok(match id {
            Some(id) => family.undated(id),
            None => family,
        })
    }

    /// A batch over the rule set `id` itself, as [`crate::Library::pinned`] chooses it: a layer
    /// over several national versions rates each record by the one in force on its date.
    pub fn pinned_batch(&self, id: &str) -> Result<Batch<'_>, crate::SelectError> {
        let named = self.named(id);
        match named.as_slice() {
            [] => Err(crate::SelectError::Unknown(id.to_owned())),
            [only] => Ok(Batch::new(only)),
            _ => Ok(Batch::family(named)),
        }
    }
}

impl<'r> Batch<'r> {
    /// A batch over one rule set.
    pub fn new(rules: &'r RuleSet) -> Batch<'r> {
        Self::build(vec![rules], false)
    }

    /// A batch over a family of versions (from [`crate::Library::family_of`]): each record is
    /// rated by the version in force on its `on` (or the run's date); a record with no version in
    /// force, or no date when the family has several versions, is an error row.
    pub fn family(versions: Vec<&'r RuleSet>) -> Batch<'r> {
        Self::build(versions, true)
    }

    fn build(versions: Vec<&'r RuleSet>, family: bool) -> Batch<'r> {
        let shape = RowShape::new(&versions);
        let key_slots = versions.iter().map(|r| r.key_slots()).collect();
        let versions_lean = versions.iter().map(|r| Lean::of(r)).collect();
        let mut labels: Vec<&'r str> = Vec::new();
        let tiers = versions.iter().flat_map(|r: &&'r RuleSet| r.model.outcome.tiers.iter().map(|t| t.id.as_str()));
        let statuses = [RowStatus::NotRated, RowStatus::NotDeterminable, RowStatus::Error].map(RowStatus::as_str);
        for label in tiers.chain(statuses) {
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        Batch {
            #[cfg(feature = "arrow")]
            arrow_shape: arrow::ArrowShape::new(&shape, &versions),
            versions,
            family,
            undated: None,
            key_slots,
            lean: versions_lean,
            on: None,
            shape,
            chunk_records: CHUNK_RECORDS,
            groups: true,
            lang: Lang::default(),
            labels,
        }
    }

    /// The evaluation date of records that give none.
    #[must_use]
    pub fn on(mut self, on: Option<Date>) -> Self {
        self.on = on;
        self
    }

    /// The language of the rows' findings and error messages (Vietnamese unless asked).
    #[must_use]
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The version (by id) that rates the records that give no date, when the run has none
    /// either: a version named is used as it is, as [`crate::Library::select`] does. An id that
    /// several versions share (a layer over several national versions) chooses none: such a
    /// record needs a date.
    #[must_use]
    pub fn undated(mut self, id: &str) -> Self {
        let mut named = self.versions.iter().enumerate().filter(|(_, r)| r.id() == id).map(|(i, _)| i);
        self.undated = match (named.next(), named.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
        self
    }

    /// Records per chunk (at least 1).
    #[must_use]
    pub fn chunk_records(mut self, n: usize) -> Self {
        self.chunk_records = n.max(1);
        self
    }

    /// Whether the tally counts per group of keys (memory grows with the number of groups).
    #[must_use]
    pub fn count_groups(mut self, yes: bool) -> Self {
        self.groups = yes;
        self
    }

    /// The columns of the rows: fixed columns, then each score and value of the rule sets.
    pub fn shape(&self) -> &RowShape {
        &self.shape
    }

    /// The Arrow schema of the rows: every column of [`Batch::shape`], typed.
    #[cfg(feature = "arrow")]
    pub fn arrow_schema(&self) -> arrow_schema::SchemaRef {
        self.arrow_shape.schema()
    }

    /// The versions that may rate a record: one rule set, or a family's versions.
    pub fn versions(&self) -> &[&'r RuleSet] {
        &self.versions
    }

    /// Whether any version has a quota, so that [`Batch::run`] opens the input twice (but for
    /// `Output::ArrowFitted`, with the `arrow` feature, which reads it once).
    pub fn needs_two_passes(&self) -> bool {
        self.versions.iter().any(|r| !r.plan.quotas.is_empty())
    }

    /// How the records may be split into parts evaluated apart (on the machines of a cluster)
    /// with every row the same as one batch over all of them gives: `None` when no version has a
    /// quota (any split will do); else the ids of the inputs that every quota of every version
    /// groups by, so that each quota group lies within the records that agree on them: each part
    /// must then hold all the records of one value of these keys (an empty list: the records
    /// cannot be split).
    ///
    /// Records agree on a key when their values as written are equal, text compared in Unicode
    /// NFC as the engine reads it (a text key written decomposed in one record and composed in
    /// another is one group). A key that the engine may read the same from values written
    /// differently — a number (`"1"`, `"1.0"`), a date, a boolean — is left out: a coarser split
    /// is still exact.
    pub fn partition_keys(&self) -> Option<Vec<&'r str>> {
        use crate::check::model::Type;
        let mut keys: Option<Vec<&'r str>> = None;
        for &rules in &self.versions {
            let model = &rules.model;
            for quota in &rules.plan.quotas {
                let within: Vec<&'r str> = quota
                    .within
                    .iter()
                    .filter_map(|&slot| model.inputs.get(slot as usize))
                    .filter(|input| matches!(input.ty.base(), Type::Text | Type::Enum(_)))
                    .map(|input| input.id.as_str())
                    .collect();
                keys = Some(match keys {
                    None => within,
                    Some(kept) => kept.into_iter().filter(|k| within.contains(k)).collect(),
                });
            }
        }
        keys
    }

    /// Reads every record from `open()` (called twice when a quota needs two passes), writes one
    /// row per record to `out` in input order (with a CSV header first), and returns the tally.
    /// `progress` is told the bytes read so far after each group of chunks.
    pub fn run(
        &self,
        open: &mut dyn FnMut() -> io::Result<Box<dyn Read + Send>>,
        input: InputFormat,
        out: &mut (dyn Write + Send),
        output: OutputFormat,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tally, BatchError> {
        self.execute(Input::Text { open, format: input }, Output::Text { out, format: output }, progress)
    }

    /// Evaluates every record of `input` and hands one row per record to `output`, in input
    /// order; returns the tally. `progress` is told how far the input has been read (bytes of
    /// text, or records of Arrow batches) after each group of chunks.
    pub fn execute(
        &self,
        input: Input<'_>,
        output: Output<'_>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tally, BatchError> {
        match input {
            Input::Text { open, format } => self.execute_from(
                &mut || Reader::new(open().map_err(BatchError::Read)?, format).map_err(BatchError::Read),
                output,
                progress,
            ),
            #[cfg(feature = "arrow")]
            Input::Arrow { open } => self.execute_from(
                &mut || Ok(arrow::ArrowSource::new(open().map_err(BatchError::Read)?)),
                output,
                progress,
            ),
            Input::Records(records) => self.execute_from(&mut || Ok(InMemory { records, next: 0 }), output, progress),
        }
    }

    fn execute_from<S: Source>(
        &self,
        open: &mut dyn FnMut() -> Result<S, BatchError>,
        output: Output<'_>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tally, BatchError> {
        #[cfg(feature = "arrow")]
        let output = match output {
            Output::ArrowFitted(each) if self.needs_two_passes() => {
                return self.execute_keeping_rows(open, each, progress);
            }
            other => other,
        };
        let output = match output {
            Output::Text { out, format } if self.needs_two_passes() => {
                return self.execute_spilling(open, Output::Text { out, format }, format, progress);
            }
            Output::Text { out, format } => Output::Text { out, format },
            #[cfg(feature = "arrow")]
            other => other,
        };
        let notes = if self.needs_two_passes() { Some(self.decide_quotas(open()?, progress)?) } else { None };
        let mut source = open()?;
        let mut tally = Counts::default();
        let notes = notes.as_deref();
        #[cfg_attr(not(feature = "arrow"), expect(unused_variables, reason = "only Arrow rows are fitted"))]
        let (format, fitted) = match &output {
            Output::Text { format, .. } => (Some(*format), false),
            #[cfg(feature = "arrow")]
            Output::Arrow(_) => (None, false),
            #[cfg(feature = "arrow")]
            Output::ArrowFitted(_) => (None, true),
        };
        let render = |chunk: &S::Chunk| -> Result<(Rendered, Counts), BatchError> {
            let mut tally = Counts::default();
            let mut group = String::new();
            match format {
                Some(format) => {
                    let mut bytes = Vec::with_capacity(chunk.len() * ROW_TEXT_BYTES);
                    self.rows(chunk, (notes, true), |row, evaluation| {
                        self.count(&mut tally, &row, evaluation, &mut group);
                        row.write(&self.shape, format, &mut bytes);
                    });
                    Ok((Rendered::Bytes(bytes), tally))
                }
                #[cfg(feature = "arrow")]
                None => {
                    let mut columns = arrow::ArrowRows::new(&self.arrow_shape, chunk.len(), fitted);
                    self.rows(chunk, (notes, true), |row, evaluation| {
                        self.count(&mut tally, &row, evaluation, &mut group);
                        columns.push(&row);
                    });
                    let batch = columns.finish().map_err(|e| BatchError::Write(io::Error::other(e)))?;
                    Ok((Rendered::Arrow(batch), tally))
                }
                #[cfg(not(feature = "arrow"))]
                None => Ok((Rendered::Bytes(Vec::new()), tally)),
            }
        };
        let mut output = output;
        output.start(&self.shape).map_err(BatchError::Write)?;
        with_writer(output, |write| {
            self.for_each_group_of_chunks(&mut source, progress, |chunks| {
                let results = map_chunks(&chunks, render);
                let mut group = Vec::with_capacity(results.len());
                for result in results {
                    let (rendered, chunk_tally) = result?;
                    group.push(rendered);
                    tally.merge(chunk_tally);
                }
                write(group)
            })
        })?;
        if let Some(notes) = notes {
            let decided = notes.last().map_or(0, |(r, _)| *r as u64 + 1);
            if tally.rows < decided {
                return Err(BatchError::Changed { first: decided, second: tally.rows });
            }
        }
        Ok(self.tally_of(tally))
    }

    /// Evaluates records held in memory (JSON text of each, as JSON Lines would give it) with
    /// the quotas applied, and returns their rows in order.
    pub fn rows_of_json(&self, records: &[&str]) -> Vec<Row<'r>> {
        let mut text = Vec::new();
        for r in records {
            text.extend_from_slice(r.replace(['\n', '\r'], " ").as_bytes());
            text.push(b'\n');
        }
        let open = || Reader::new(text.as_slice(), InputFormat::JsonLines);
        let mut rows = Vec::with_capacity(records.len());
        let notes = if self.needs_two_passes() {
            open().ok().and_then(|reader| self.decide_quotas(reader, &mut |_| {}).ok())
        } else {
            None
        };
        if let Ok(mut reader) = open() {
            while let Ok(Some(chunk)) = reader.next_chunk(self.chunk_records) {
                self.rows(&chunk, (notes.as_deref(), true), |row, _| rows.push(row));
            }
        }
        rows
    }

    /// Reads the input in groups of chunks (two per core) and hands each group to `each`. With
    /// the `parallel` feature the next group is read on a thread of its own while this one is
    /// evaluated, so that the cores do not wait for the input.
    fn for_each_group_of_chunks<S: Source>(
        &self,
        reader: &mut S,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Vec<S::Chunk>) -> Result<(), BatchError>,
    ) -> Result<(), BatchError> {
        // Two chunks a core: enough for the cores to share a group's work evenly. The groups in
        // flight (read ahead, evaluated, collected) are most of a batch's memory: with four a
        // core, 1M records with a quota peaked at 124–137 MB, with two at 99–107 MB, in the same
        // time (`tests/bench/batch.sh`).
        let per_group = 2 * threads();
        let chunk_records = self.chunk_records;
        let read_group = move |reader: &mut S| -> io::Result<(Vec<S::Chunk>, u64)> {
            let mut chunks = Vec::with_capacity(per_group);
            while chunks.len() < per_group {
                match reader.next_chunk(chunk_records)? {
                    Some(chunk) => chunks.push(chunk),
                    None => break,
                }
            }
            Ok((chunks, reader.progress()))
        };
        #[cfg(feature = "parallel")]
        {
            std::thread::scope(|scope| {
                let (sender, receiver) = std::sync::mpsc::sync_channel(2);
                scope.spawn(move || loop {
                    let group = read_group(reader);
                    let last = !matches!(&group, Ok((chunks, _)) if !chunks.is_empty());
                    // The receiver has gone when a write failed: stop reading.
                    if sender.send(group).is_err() || last {
                        return;
                    }
                });
                for group in receiver {
                    let (chunks, bytes) = group.map_err(BatchError::Read)?;
                    if chunks.is_empty() {
                        break;
                    }
                    each(chunks)?;
                    progress(bytes);
                }
                Ok(())
            })
        }
        #[cfg(not(feature = "parallel"))]
        loop {
            let (chunks, bytes) = read_group(reader).map_err(BatchError::Read)?;
            if chunks.is_empty() {
                return Ok(());
            }
            each(chunks)?;
            progress(bytes);
        }
    }

    /// Maps every chunk of `reader` with `map` on the cores, and hands the results to `collect`
    /// in input order. With the `parallel` feature `collect` runs on a thread of its own, so that
    /// the cores go on with the next chunks while it works.
    fn map_then_collect<S: Source, T: Send>(
        &self,
        reader: &mut S,
        progress: &mut dyn FnMut(u64),
        map: impl Fn(&S::Chunk) -> T + Sync + Send,
        mut collect: impl FnMut(T) -> Result<(), BatchError> + Send,
    ) -> Result<(), BatchError> {
        #[cfg(feature = "parallel")]
        {
            std::thread::scope(|scope| {
                // One group waits while one is collected: the rows in flight are most of a
                // batch's memory, and a deeper queue only grows it when the collector is slower.
                let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
                let collector = scope.spawn(move || -> Result<(), BatchError> {
                    for results in receiver {
                        for result in results {
                            collect(result)?;
                        }
                    }
                    Ok(())
                });
                let mapped = self.for_each_group_of_chunks(reader, progress, |chunks| {
                    // The collector has gone only when it failed: its error is reported below.
                    sender.send(map_chunks(&chunks, &map)).map_err(|_| BatchError::Write(io::Error::other("stopped")))
                });
                drop(sender);
                let collected = collector
                    .join()
                    .unwrap_or_else(|_| Err(BatchError::Write(io::Error::other("a batch thread failed"))));
                collected.and(mapped)
            })
        }
        #[cfg(not(feature = "parallel"))]
        self.for_each_group_of_chunks(reader, progress, |chunks| {
            map_chunks(&chunks, &map).into_iter().try_for_each(&mut collect)
        })
    }

    /// A quota with the rows collected as Arrow (the caller holds them all anyway), in one pass
    /// over the input: each record is evaluated once and its row kept as it would be without a
    /// quota decision. The records a decision may touch ([`Cohort::push`]: a quota may rank
    /// them, or they have no group for one) are noted beside the rows; once every group is
    /// decided, their rows are made again with their notes and put in their places: a candidate
    /// rated by the ladder alone ([`Plain`]) from its tier and notes (read again, with its
    /// chunk, only when the tally counts groups), any other record read and evaluated again.
    #[cfg(feature = "arrow")]
    fn execute_keeping_rows<S: Source>(
        &self,
        open: &mut dyn FnMut() -> Result<S, BatchError>,
        each: &mut (dyn FnMut(arrow_array::RecordBatch) -> io::Result<()> + Send),
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tally, BatchError> {
        let to_arrow = |e: arrow_schema::ArrowError| BatchError::Write(io::Error::other(e));
        let mut cohorts: Vec<(Cohort, Vec<u32>)> = self.versions.iter().map(|r| (Cohort::new(r), Vec::new())).collect();
        let makers: Vec<Parts> = cohorts.iter().map(|(cohort, _)| cohort.parts()).collect();
        let mut kept: Vec<KeptRows<S::Chunk>> = Vec::new();
        let mut tally = Counts::default();
        let mut source = open()?;
        self.for_each_group_of_chunks(&mut source, progress, |chunks| {
            let parts = map_chunks(&chunks, |chunk| {
                let mut parts: Vec<(Cohort, Vec<u32>)> = makers.iter().map(|c| (c.part(), Vec::new())).collect();
                let mut columns = arrow::ArrowRows::new(&self.arrow_shape, chunk.len(), true);
                let (mut held, mut decided) = (Vec::new(), Vec::new());
                let mut tally = Counts::default();
                let mut group = String::new();
                let first = chunk.first();
                let mut evaluations = self.evaluations(chunk, true);
                while let Some((i, evaluated)) = evaluations.next() {
                    let record = first + i as u64;
                    match evaluated {
                        Evaluated::Ok(version, mut evaluation) => {
                            // Every evaluation's version is one of the batch's (`evaluated` makes
                            // no other), so it has its part.
                            let may_be_noted = parts.get_mut(version).is_some_and(|(cohort, records)| {
                                records.push(u32::try_from(record).unwrap_or(u32::MAX));
                                cohort.push(Some(&evaluation))
                            });
                            if may_be_noted {
                                // Its row is made again once the quotas are decided, counted
                                // then: what a decision may change is left out here.
                                let row = self.row_before_quotas(record, version, &evaluation);
                                columns.push(&row);
                                held.push(i);
                                evaluations.recycle(evaluation.into_evidence());
                            } else {
                                // As a record no decision touches is left.
                                if !evaluation.ruleset().plan.quotas.is_empty() {
                                    evaluation.apply_quota_notes(&[]);
                                }
                                let row = self.row(record, version, &evaluation);
                                self.count(&mut tally, &row, Some(Rated::Evaluated(&evaluation)), &mut group);
                                columns.push(&row);
                                evaluations.recycle(evaluation.into_evidence());
                            }
                        }
                        Evaluated::Plain(plain) => {
                            let numbered = u32::try_from(record).unwrap_or(u32::MAX);
                            let candidate = parts
                                .get_mut(plain.version)
                                .is_some_and(|part| self.push_plain(part, &plain, numbered));
                            let row = self.plain_parts(record, &plain);
                            if candidate && self.groups {
                                // Made again with its notes, and counted in its group then.
                                held.push(i);
                            } else if candidate {
                                // What its notes decide is put in its row, and counted, then.
                                decided.push((i, (plain.version, plain.tier)));
                            } else {
                                let keys = self.groups.then(|| self.group_key(Some(Rated::Plain(&plain)), &mut group));
                                tally.add(
                                    RowStatus::Rated,
                                    self.label_of_text(row.outcome.unwrap_or_default()),
                                    keys.flatten(),
                                );
                            }
                            columns.push_plain(&row);
                            evaluations.recycle(plain.evidence);
                        }
                        Evaluated::Failed(row) => {
                            let row = self.failed_row(*row, record);
                            self.count(&mut tally, &row, None, &mut group);
                            columns.push(&row);
                        }
                    }
                }
                let rows = columns.finish()?;
                Ok((parts, (first, rows, held, decided), tally))
            });
            for (part, chunk) in parts.into_iter().zip(chunks) {
                let (chunk_parts, (first, rows, held, decided), chunk_tally) = part.map_err(to_arrow)?;
                for ((cohort, records), (part, part_records)) in cohorts.iter_mut().zip(chunk_parts) {
                    cohort.append(part);
                    records.extend(part_records);
                }
                let chunk = (!held.is_empty()).then_some(chunk).map(|mut chunk| {
                    chunk.forget_what_was_read();
                    chunk
                });
                kept.push(KeptRows { first, rows, held, chunk, decided });
                tally.merge(chunk_tally);
            }
            Ok(())
        })?;
        let notes = self.notes_of(cohorts);
        for chunks in kept.chunks(4 * threads()) {
            for patched in map_chunks(chunks, |kept| self.patch_kept_rows(kept, &notes)) {
                let (rows, counted) = patched?;
                tally.merge(counted);
                each(rows).map_err(BatchError::Write)?;
            }
        }
        Ok(self.tally_of(tally))
    }

    /// A chunk's kept rows with its quota notes applied (`notes`: every record's, in record
    /// order): the rows of its held records made again, read from the chunk and evaluated anew,
    /// with their notes (none for a record no decision touched), and counted.
    #[cfg(feature = "arrow")]
    fn patch_kept_rows<C: Records>(
        &self,
        kept: &KeptRows<C>,
        notes: &[(usize, QuotaNote)],
    ) -> Result<(arrow_array::RecordBatch, Counts), BatchError> {
        let to_arrow = |e: arrow_schema::ArrowError| BatchError::Write(io::Error::other(e));
        let mut counted = Counts::default();
        let rows = &kept.rows;
        if kept.held.is_empty() && kept.decided.is_empty() {
            return Ok((rows.clone(), counted));
        }
        let first = usize::try_from(kept.first).unwrap_or(usize::MAX);
        let start = notes.partition_point(|(r, _)| *r < first);
        let end = notes.partition_point(|(r, _)| *r < first + rows.num_rows());
        let notes = notes.get(start..end).unwrap_or_default();
        // Only a record `Cohort::push` or `push_laddered` said a decision may touch gets a note,
        // and those are held or decided here.
        let mut touched: Vec<usize> = kept.held.iter().chain(kept.decided.iter().map(|(i, _)| i)).copied().collect();
        touched.sort_unstable();
        let mut touched = touched.into_iter().map(|i| first + i).peekable();
        for (noted, _) in notes {
            while touched.next_if(|record| record < noted).is_some() {}
            if touched.peek() != Some(noted) {
                return Err(BatchError::Write(io::Error::other(format!(
                    "a quota decided record {noted}, which was not held"
                ))));
            }
        }
        let remade = match kept.chunk.as_ref().filter(|_| !kept.held.is_empty()) {
            Some(chunk) => {
                let mut scratch = Scratch::new(self.versions.len());
                self.remake(chunk, (first, &kept.held), notes, &mut counted, &mut scratch)
            }
            None => Vec::new(),
        };
        let mut group = String::new();
        let decided = kept.decided.iter().map(|&(i, rated)| {
            let record = first + i;
            let from = notes.partition_point(|(r, _)| *r < record);
            let mine: Vec<QuotaNote> =
                notes.iter().skip(from).take_while(|(r, _)| *r == record).map(|(_, note)| *note).collect();
            let row = self.decided_row(record as u64, rated, &mine);
            self.count(&mut counted, &row, None, &mut group);
            (i, row)
        });
        let mut patched: Vec<(usize, Row<'r>)> = kept.held.iter().copied().zip(remade).chain(decided).collect();
        patched.sort_by_key(|(i, _)| *i);
        let mut patch = arrow::ArrowRows::new(&self.arrow_shape, patched.len(), true);
        let mut order: Vec<(usize, usize)> = (0..rows.num_rows()).map(|i| (0, i)).collect();
        for (i, row) in &patched {
            if let Some(place) = order.get_mut(*i) {
                *place = (1, patch.len());
            }
            patch.push(row);
        }
        let changed = arrow::decision_columns(&self.shape, rows.num_columns());
        let both = arrow::same_scales(&[rows.clone(), patch.finish().map_err(to_arrow)?]).map_err(to_arrow)?;
        let merged = arrow::interleave_changed(&both, &order, &changed).map_err(to_arrow)?;
        Ok((merged, counted))
    }

    /// The rows the second pass of a text run makes: records `remade` of a chunk (indices from
    /// the chunk's `first` record, in order) evaluated again together, each with its notes
    /// (`notes`: the chunk's, by record index, in order) and counted in `tally`. One row per
    /// record, in order: an error row for a record that no longer evaluates.
    fn remake<'c, C: Records>(
        &self,
        chunk: &'c C,
        (first, remade): (usize, &[usize]),
        mut notes: &[(usize, QuotaNote)],
        tally: &mut Counts,
        scratch: &mut Scratch<'c>,
    ) -> Vec<Row<'r>> {
        let mut group = String::new();
        let mut rows = Vec::with_capacity(remade.len());
        let mut mine: Vec<QuotaNote> = Vec::new();
        for (&i, evaluated) in remade.iter().zip(self.evaluate_rows(chunk, remade, scratch, true)) {
            let record = first + i;
            while notes.first().is_some_and(|(r, _)| *r < record) {
                notes = notes.get(1..).unwrap_or_default();
            }
            mine.clear();
            while let Some(((_, note), rest)) = notes.split_first().filter(|((r, _), _)| *r == record) {
                mine.push(*note);
                notes = rest;
            }
            let row = match evaluated {
                Evaluated::Ok(version, mut evaluation) => {
                    evaluation.apply_quota_notes(&mine);
                    let row = self.row(record as u64, version, &evaluation);
                    self.count(tally, &row, Some(Rated::Evaluated(&evaluation)), &mut group);
                    scratch.recycle(evaluation.into_evidence());
                    row
                }
                Evaluated::Plain(plain) => {
                    let row = self.plain_row(record as u64, &plain, &mine);
                    self.count(tally, &row, Some(Rated::Plain(&plain)), &mut group);
                    scratch.recycle(plain.evidence);
                    row
                }
                Evaluated::Failed(row) => {
                    let row = self.failed_row(*row, record as u64);
                    self.count(tally, &row, None, &mut group);
                    row
                }
            };
            rows.push(row);
        }
        rows
    }

    /// The first pass: every record evaluated, a few bytes of each kept, every quota decided.
    /// Returns the notes by record index, in record order.
    fn decide_quotas<S: Source>(
        &self,
        mut reader: S,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<(usize, QuotaNote)>, BatchError> {
        let mut cohorts: Vec<(Cohort, Vec<u32>)> = self.versions.iter().map(|r| (Cohort::new(r), Vec::new())).collect();
        let makers: Vec<Parts> = cohorts.iter().map(|(cohort, _)| cohort.parts()).collect();
        let summarise = |chunk: &S::Chunk| {
            let mut parts: Vec<(Cohort, Vec<u32>)> = makers.iter().map(|c| (c.part(), Vec::new())).collect();
            let mut evaluations = self.evaluations(chunk, true);
            while let Some((i, evaluated)) = evaluations.next() {
                let record = u32::try_from(chunk.first() + i as u64).unwrap_or(u32::MAX);
                match evaluated {
                    Evaluated::Ok(version, evaluation) => {
                        if let Some((cohort, records)) = parts.get_mut(version) {
                            cohort.push(Some(&evaluation));
                            records.push(record);
                        }
                        evaluations.recycle(evaluation.into_evidence());
                    }
                    Evaluated::Plain(plain) => {
                        if let Some(part) = parts.get_mut(plain.version) {
                            self.push_plain(part, &plain, record);
                        }
                        evaluations.recycle(plain.evidence);
                    }
                    Evaluated::Failed(_) => {}
                }
            }
            parts
        };
        self.map_then_collect(&mut reader, progress, summarise, |chunk_parts| {
            for ((cohort, records), (part, part_records)) in cohorts.iter_mut().zip(chunk_parts) {
                cohort.append(part);
                records.extend(part_records);
            }
            Ok(())
        })?;
        Ok(self.notes_of(cohorts))
    }

    /// Every record of a chunk, evaluated, its quota notes applied, as a row. With `candidates`
    /// (and notes), a candidate of a quota rated by the ladder alone is [`Plain`], its row made
    /// from its tier and notes: the record given beside it then says its tier before the
    /// quotas ([`Rated::deciding_rule`] too).
    fn rows(
        &self,
        chunk: &impl Records,
        (notes, candidates): (Option<&[(usize, QuotaNote)]>, bool),
        mut each: impl FnMut(Row<'r>, Option<Rated<'_, 'r>>),
    ) {
        let first = usize::try_from(chunk.first()).unwrap_or(usize::MAX);
        let mut notes = notes.map(|all| {
            let start = all.partition_point(|(r, _)| *r < first);
            all.get(start..).unwrap_or_default().iter().peekable()
        });
        let mut mine: Vec<QuotaNote> = Vec::new();
        let mut evaluations = self.evaluations(chunk, candidates && notes.is_some());
        while let Some((i, evaluated)) = evaluations.next() {
            let record = first + i;
            mine.clear();
            if let Some(notes) = &mut notes {
                while let Some((_, note)) = notes.next_if(|(r, _)| *r == record) {
                    mine.push(*note);
                }
            }
            match evaluated {
                Evaluated::Ok(version, mut evaluation) => {
                    if notes.is_some() && !evaluation.ruleset().plan.quotas.is_empty() {
                        evaluation.apply_quota_notes(&mine);
                    }
                    let row = self.row(record as u64, version, &evaluation);
                    each(row, Some(Rated::Evaluated(&evaluation)));
                    evaluations.recycle(evaluation.into_evidence());
                }
                // Its notes are none unless it is a candidate.
                Evaluated::Plain(plain) => {
                    let row = self.plain_row(record as u64, &plain, &mine);
                    each(row, Some(Rated::Plain(&plain)));
                    evaluations.recycle(plain.evidence);
                }
                Evaluated::Failed(row) => each(self.failed_row(*row, record as u64), None),
            }
        }
    }

    /// A record's error row, numbered, with every column.
    fn failed_row(&self, mut row: Row<'r>, record: u64) -> Row<'r> {
        row.record = record;
        row.scores.resize(self.shape.scores.len(), None);
        row.values.resize(self.shape.values.len(), serde_json::Value::Null);
        row
    }

    fn row(&self, record: u64, version: usize, evaluation: &Evaluation<'r>) -> Row<'r> {
        let mut row = self.row_without_findings(record, version, evaluation);
        row.findings = evaluation.findings();
        row
    }

    fn row_without_findings(&self, record: u64, version: usize, evaluation: &Evaluation<'r>) -> Row<'r> {
        let rules: &'r RuleSet = evaluation.ruleset();
        let plan = &rules.plan;
        let status = match evaluation.status() {
            Status::Rated => RowStatus::Rated,
            Status::NotRated => RowStatus::NotRated,
            Status::NotDeterminable => RowStatus::NotDeterminable,
        };
        let mut scores = smallvec::smallvec![None; self.shape.scores.len()];
        let columns = self.shape.score_columns.get(version).map_or(&[][..], Vec::as_slice);
        for (&column, &slot) in columns.iter().zip(&plan.score_slots) {
            if let Some(cell) = scores.get_mut(column) {
                *cell = evaluation.derived_value(slot).as_number();
            }
        }
        let mut values = vec![serde_json::Value::Null; self.shape.values.len()];
        let columns = self.shape.value_columns.get(version).map_or(&[][..], Vec::as_slice);
        for (i, &column) in columns.iter().enumerate() {
            if let Some(cell) = values.get_mut(column) {
                *cell = evaluation.let_value(i);
            }
        }
        let tier = evaluation.tier();
        Row {
            record,
            ruleset: Some(rules.id()),
            rules_sha256: Some(rules.fingerprint()),
            subject: evaluation.subject().map(str::to_owned),
            on: evaluation.on(),
            status,
            outcome: tier,
            decided_by: evaluation.decided_by(),
            layer: evaluation.deciding_layer().map(|l| l.id.as_str()),
            scores,
            values,
            findings: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The row of a record a quota decision may touch, as far as no decision changes it: the
    /// columns [`arrow::decision_columns`] names are made again once the quotas are decided.
    #[cfg(feature = "arrow")]
    fn row_before_quotas(&self, record: u64, version: usize, evaluation: &Evaluation<'r>) -> Row<'r> {
        let mut row = self.row_without_findings(record, version, evaluation);
        row.outcome = None;
        row.decided_by = None;
        row
    }

    /// A [`Plain`] record's row, its texts borrowed.
    fn plain_parts<'p>(&self, record: u64, plain: &'p Plain<'r>) -> PlainRow<'p, 'r> {
        let rules = plain.rules;
        let model = &rules.model;
        let mut scores = smallvec::smallvec![None; self.shape.scores.len()];
        let mut values = vec![serde_json::Value::Null; self.shape.values.len()];
        let (score_values, let_values) = plain.values.split_at(model.scores.len().min(plain.values.len()));
        let columns = self.shape.score_columns.get(plain.version).map_or(&[][..], Vec::as_slice);
        for (&column, value) in columns.iter().zip(score_values) {
            if let Some(cell) = scores.get_mut(column) {
                *cell = value.as_number();
            }
        }
        let columns = self.shape.value_columns.get(plain.version).map_or(&[][..], Vec::as_slice);
        for ((&column, value), declared) in columns.iter().zip(let_values).zip(&model.lets) {
            if let Some(cell) = values.get_mut(column) {
                *cell = crate::outcome::show_value(rules, &plain.evidence, *value, Some(&declared.value.ty));
            }
        }
        PlainRow {
            record,
            ruleset: rules.id(),
            rules_sha256: rules.fingerprint(),
            subject: plain.evidence.subject.as_deref(),
            on: plain.evidence.on.or(self.on),
            outcome: model.outcome.tiers.get(usize::from(plain.tier)).map(|t| t.id.as_str()),
            decided_by: crate::outcome::decided_by(rules, None, false),
            scores,
            values,
        }
    }

    /// A [`Plain`] record's row, whole, with what its quotas' `notes` decide (a candidate's).
    fn plain_row(&self, record: u64, plain: &Plain<'r>, notes: &[QuotaNote]) -> Row<'r> {
        let parts = self.plain_parts(record, plain);
        let row = Row {
            record: parts.record,
            ruleset: Some(parts.ruleset),
            rules_sha256: Some(parts.rules_sha256),
            subject: parts.subject.map(str::to_owned),
            on: parts.on,
            status: RowStatus::Rated,
            outcome: parts.outcome,
            decided_by: Some(parts.decided_by),
            layer: None,
            scores: parts.scores,
            values: parts.values,
            findings: Vec::new(),
            errors: Vec::new(),
        };
        if notes.is_empty() {
            row
        } else {
            Self::with_decision(row, (plain.rules, plain.tier), notes, self.lang)
        }
    }

    /// Adds a [`Plain`] record (numbered `record`) to its version's quota summaries. Returns
    /// whether a quota decision may give it a note: when it is at a quota's tier.
    fn push_plain(&self, (cohort, records): &mut (Cohort, Vec<u32>), plain: &Plain<'_>, record: u32) -> bool {
        records.push(record);
        let lean = self.lean.get(plain.version).and_then(Option::as_ref);
        let reads = lean.and_then(|lean| lean.ranks.as_deref()).unwrap_or_default();
        cohort.push_laddered(plain.rules, (plain.tier, &plain.evidence), reads.iter().map(|read| read.of(plain)))
    }

    /// The row of a record rated `tier` by the ladder alone (a [`Plain`] candidate of a quota)
    /// as far as its quotas decide it, from its `notes`: the columns
    /// [`arrow::decision_columns`] names, as its evaluation with those notes gives them; its
    /// values and scores are left empty.
    #[cfg(feature = "arrow")]
    fn decided_row(&self, record: u64, (version, tier): (usize, u16), notes: &[QuotaNote]) -> Row<'r> {
        let Some(&rules) = self.versions.get(version) else { return *self.lost_version(version) };
        let row = Row {
            record,
            ruleset: Some(rules.id()),
            rules_sha256: Some(rules.fingerprint()),
            subject: None,
            on: None,
            status: RowStatus::Rated,
            outcome: None,
            decided_by: None,
            layer: None,
            scores: smallvec::smallvec![None; self.shape.scores.len()],
            values: vec![serde_json::Value::Null; self.shape.values.len()],
            findings: Vec::new(),
            errors: Vec::new(),
        };
        Self::with_decision(row, (rules, tier), notes, self.lang)
    }

    /// The row of a record rated `tier` by the ladder alone with what its quotas' `notes`
    /// decide, as its evaluation with those notes gives them: its outcome, `decided_by` and
    /// findings.
    fn with_decision(mut row: Row<'r>, (rules, tier): (&'r RuleSet, u16), notes: &[QuotaNote], lang: Lang) -> Row<'r> {
        // The last demotion stands, as `Evaluation::apply_quota_notes` leaves it.
        let demoted = notes.iter().filter_map(|note| crate::outcome::demoted_to(rules, note)).next_back();
        row.outcome = rules.model.outcome.tiers.get(usize::from(demoted.unwrap_or(tier))).map(|t| t.id.as_str());
        row.decided_by = Some(crate::outcome::decided_by(rules, None, demoted.is_some()));
        row.findings = notes.iter().filter_map(|note| crate::wire::quota_finding(rules, note, lang)).collect();
        row
    }

    /// The index in `labels` a row is counted under: its tier, or its status.
    fn label_of(&self, row: &Row<'_>) -> usize {
        let text = match (row.status, row.outcome) {
            (RowStatus::Rated, Some(tier)) => tier,
            (status, _) => status.as_str(),
        };
        self.label_of_text(text)
    }

    /// The index in `labels` of a tier's id or a status.
    fn label_of_text(&self, text: &str) -> usize {
        // The tier ids are the rule sets' own strings: known by address, else by text.
        self.labels
            .iter()
            .position(|l| std::ptr::eq(*l, text))
            .or_else(|| self.labels.iter().position(|l| *l == text))
            .unwrap_or(self.labels.len())
    }

    /// Counts a row, in its group of keys when the batch counts groups.
    fn count(&self, counts: &mut Counts, row: &Row<'_>, record: Option<Rated<'_, '_>>, buffer: &mut String) {
        let group = self.groups.then(|| self.group_key(record, buffer)).flatten();
        counts.add(row.status, self.label_of(row), group);
    }

    /// The counts as the run's tally.
    fn tally_of(&self, counts: Counts) -> Tally {
        counts.into_tally(&self.labels)
    }

    /// The record's keys as written, separated by U+001F (`(no key)` when one is missing);
    /// `None` for a rule set without keys or a record not evaluated.
    fn group_key<'g>(&self, record: Option<Rated<'_, '_>>, buffer: &'g mut String) -> Option<&'g str> {
        let record = record?;
        let (rules, evidence) = (record.rules(), record.evidence());
        let slots = self.key_slots.get(self.versions.iter().position(|r| std::ptr::eq(*r, rules))?)?;
        if slots.is_empty() {
            return None;
        }
        buffer.clear();
        if !crate::outcome::write_group_key(rules, evidence, slots, buffer) {
            buffer.clear();
            buffer.push_str("(no key)");
        }
        Some(buffer.as_str())
    }

    /// The record's keys joined with ` / ` (`(no key)` when one is missing), as tallies show
    /// them; `None` when the batch does not count groups.
    fn group_label<'g>(&self, record: Option<Rated<'_, '_>>, buffer: &'g mut String) -> Option<&'g str> {
        if !self.groups {
            return None;
        }
        if self.group_key(record, buffer)?.contains('\u{1f}') {
            *buffer = buffer.replace('\u{1f}', " / ");
        }
        Some(buffer.as_str())
    }

    /// A chunk's records evaluated, in order, a few hundred at a time (see [`Evaluations`]).
    /// With `candidates`, records at a quota's tier are plain where they can be (see
    /// [`Batch::evaluate_rows`]).
    fn evaluations<'b, 'c, C: Records>(&'b self, chunk: &'c C, candidates: bool) -> Evaluations<'b, 'r, 'c, C> {
        Evaluations {
            batch: self,
            chunk,
            scratch: Scratch::new(self.versions.len()),
            candidates,
            next: 0,
            ready: Vec::new().into_iter(),
        }
    }

    /// Records `rows` of a chunk (in increasing order), evaluated: those of each version
    /// together, column by column where its rules allow it ([`crate::RuleSet::evaluate_all`]),
    /// with the results of one record at a time. With `candidates`, a record at a quota's tier is
    /// [`Plain`] too where it can be: its caller then makes its row from its tier and its notes
    /// once the quotas are decided ([`Batch::decided_row`]).
    fn evaluate_rows<'c, C: Records>(
        &self,
        chunk: &'c C,
        rows: &[usize],
        scratch: &mut Scratch<'c>,
        candidates: bool,
    ) -> Vec<Evaluated<'r>> {
        let decoded = self.decode_rows(chunk, rows, scratch);
        let mut made: Vec<Option<Made>> = Vec::new();
        for (version, rules) in self.versions.iter().enumerate() {
            if !crate::eval::columns::supports(&rules.plan) {
                continue;
            }
            let records: Vec<(usize, &Evidence)> = decoded
                .iter()
                .enumerate()
                .filter_map(|(i, d)| match d {
                    Ok((v, evidence)) if *v == version => Some((i, &**evidence)),
                    _ => None,
                })
                .collect();
            if records.len() < 2 {
                continue;
            }
            made.resize_with(decoded.len(), || None);
            let evidences: Vec<&Evidence> = records.iter().map(|(_, e)| *e).collect();
            let lean = self.lean.get(version).and_then(Option::as_ref);
            let (slots, plain) = match lean {
                Some(lean) => (lean.slots.as_slice(), true),
                None => (&[][..], false),
            };
            let is_plain = |record: usize, tier: u16| {
                plain
                    && lean.zip(evidences.get(record)).is_some_and(|(lean, evidence)| {
                        lean.is_plain(rules, evidence, (evidence.on.or(self.on), tier), candidates)
                    })
            };
            let columns = crate::eval::columns::evaluate_lean(rules, &evidences, self.on, slots, is_plain);
            for ((i, _), one) in records.iter().zip(columns) {
                if let Some(slot) = made.get_mut(*i) {
                    *slot = one;
                }
            }
        }
        let mut made = made.into_iter();
        decoded
            .into_iter()
            .map(|d| {
                let one = made.next().flatten();
                match (d, one) {
                    (Ok((version, evidence)), Some(Made::Laddered { tier, values })) => {
                        match self.versions.get(version) {
                            Some(&rules) => {
                                Evaluated::Plain(Box::new(Plain { version, rules, tier, evidence, values }))
                            }
                            None => self.evaluated(version, *evidence, None),
                        }
                    }
                    (Ok((version, evidence)), Some(Made::Prepared(prepared))) => {
                        self.evaluated(version, *evidence, Some(prepared))
                    }
                    (Ok((version, evidence)), None) => self.evaluated(version, *evidence, None),
                    (Err(row), _) => Evaluated::Failed(row),
                }
            })
            .collect()
    }

    /// Records `rows` of a chunk, decoded; or their error rows. A chunk of fixed fields is
    /// decoded column by column ([`evidence::decode_plain_columns`]); the records that need a
    /// message, and those of other chunks, one at a time ([`Batch::decode`]).
    fn decode_rows<'c, C: Records>(&self, chunk: &'c C, rows: &[usize], scratch: &mut Scratch<'c>) -> Vec<Decoded<'r>> {
        let mut decoded: Vec<Option<Decoded<'r>>> = Vec::new();
        decoded.resize_with(rows.len(), || None);
        if let Some(names) = chunk.fixed_fields() {
            let (_, on) = *scratch.own_fields.get_or_insert_with(|| own_fields(names));
            let versions: Vec<Option<usize>> = rows
                .iter()
                .map(|&i| self.choose(on.and_then(|f| chunk.field(i, f).as_date()).or(self.on)).ok())
                .collect();
            for ((version, rules), targets) in self.versions.iter().enumerate().zip(&mut scratch.targets) {
                let records: Vec<usize> =
                    (0..rows.len()).filter(|&r| versions.get(r) == Some(&Some(version))).collect();
                if records.is_empty() {
                    continue;
                }
                let Targets::ByPosition(targets) = targets.get_or_insert_with(|| column_targets(&rules.plan, names))
                else {
                    continue;
                };
                let mut evidences: Vec<Box<Evidence>> =
                    records.iter().map(|_| scratch.pool.pop().unwrap_or_default()).collect();
                let mut plain = vec![false; records.len()];
                let of_version: Vec<usize> = records.iter().filter_map(|&r| rows.get(r).copied()).collect();
                evidence::decode_plain_columns(
                    &rules.model,
                    &rules.plan,
                    targets,
                    (&of_version, |row, f| chunk.field(row, f), |f| chunk.plain_column(f)),
                    &mut evidences,
                    &mut plain,
                );
                for (((r, row), evidence), plain) in records.iter().zip(&of_version).zip(evidences).zip(plain) {
                    // What the front end could not read is reported by the record's own decoding.
                    match decoded.get_mut(*r) {
                        Some(slot) if plain && chunk.read_errors(*row).is_empty() => {
                            *slot = Some(Ok((version, evidence)));
                        }
                        _ => scratch.pool.push(evidence),
                    }
                }
            }
        }
        rows.iter().zip(decoded).map(|(&i, d)| d.unwrap_or_else(|| self.decode(chunk, i, scratch))).collect()
    }

    /// A decoded record evaluated: from what the columns made of it, or alone.
    fn evaluated(
        &self,
        version: usize,
        evidence: Evidence,
        prepared: Option<crate::eval::columns::Prepared>,
    ) -> Evaluated<'r> {
        let Some(&rules) = self.versions.get(version) else { return Evaluated::Failed(self.lost_version(version)) };
        let options = Options { on: self.on, trace: false, lang: self.lang };
        let evaluated = match prepared {
            Some(prepared) => {
                Ok(crate::outcome::from_prepared(prepared, rules, std::borrow::Cow::Owned(evidence), options))
            }
            None => crate::outcome::run_owned(rules, evidence, options),
        };
        match evaluated {
            Ok(evaluation) => Evaluated::Ok(version, Box::new(evaluation)),
            // Only a record evaluated alone can fail; its error row names its subject.
            Err(failed) => {
                let (e, mut evidence) = *failed;
                let mut row = error_row(Some(rules), evidence.subject.take(), &[], self.lang);
                row.errors = RowError::all_of(&EvaluateError::Eval(e), self.lang);
                Evaluated::Failed(Box::new(row))
            }
        }
    }

    /// One record: read, its version chosen, decoded; or its error row. With the evidence, the
    /// record's subject as its error row would name it.
    fn decode<'c, C: Records>(&self, chunk: &'c C, i: usize, scratch: &mut Scratch<'c>) -> Decoded<'r> {
        let fixed = chunk.fixed_fields();
        let record_on = match fixed {
            Some(names) => {
                let (_, on) = *scratch.own_fields.get_or_insert_with(|| own_fields(names));
                on.and_then(|f| chunk.field(i, f).as_date())
            }
            None => match chunk.record_into(i, &mut scratch.raw) {
                Ok(()) => scratch.raw.on(),
                // What the front end could not read says more than that its stand-in is not a record.
                Err(error) => {
                    let unread = chunk.read_errors(i);
                    let errors = if unread.is_empty() { std::slice::from_ref(&error) } else { unread };
                    return Err(Box::new(error_row(None, None, errors, self.lang)));
                }
            },
        };
        let subject = |scratch: &Scratch<'c>| match (fixed, scratch.own_fields) {
            (Some(_), Some((id, _))) => id.and_then(|f| chunk.field(i, f).as_subject()),
            _ => scratch.raw.subject(),
        };
        let version = match self.choose(record_on.or(self.on)) {
            Ok(v) => v,
            Err(error) => {
                let mut row = error_row(None, subject(scratch), &[], self.lang);
                row.errors = vec![RowError {
                    code: error.code(),
                    field: "on".to_owned(),
                    message: error.message().render(self.lang),
                }];
                return Err(Box::new(row));
            }
        };
        let Some(&rules) = self.versions.get(version) else { return Err(self.lost_version(version)) };
        let mut evidence = scratch.pool.pop().unwrap_or_default();
        // The scratch keeps keys for each of the batch's versions.
        let mut no_keys = evidence::KnownKeys::default();
        let keys = scratch.keys.get_mut(version).unwrap_or(&mut no_keys);
        let on = record_on.or(self.on);
        let decoded = match fixed {
            Some(names) => {
                let targets = scratch
                    .targets
                    .get_mut(version)
                    .map(|t| t.get_or_insert_with(|| column_targets(&rules.plan, names)));
                match targets {
                    Some(Targets::ByPosition(targets)) => evidence::decode_columns(
                        &rules.model,
                        &rules.plan,
                        targets,
                        |f| chunk.field(i, f),
                        on,
                        rules.members(),
                        &mut evidence,
                    ),
                    Some(Targets::Repeated) | None => match chunk.record_into(i, &mut scratch.raw) {
                        Ok(()) => evidence::decode_raw_with(
                            &rules.model,
                            &rules.plan,
                            &scratch.raw,
                            rules.members(),
                            self.on,
                            &mut evidence,
                            &mut *keys,
                        ),
                        Err(error) => Err(vec![error]),
                    },
                }
            }
            None => evidence::decode_raw_with(
                &rules.model,
                &rules.plan,
                &scratch.raw,
                rules.members(),
                self.on,
                &mut evidence,
                &mut *keys,
            ),
        };
        let unread = chunk.read_errors(i);
        if decoded.is_err() || !unread.is_empty() {
            scratch.recycle(evidence);
            // What the front end could not read first; then what the engine found in the rest.
            let mut errors = unread.to_vec();
            for error in decoded.err().unwrap_or_default() {
                if !unread.iter().any(|u| u.field == error.field) {
                    errors.push(error);
                }
            }
            return Err(Box::new(error_row(Some(rules), subject(scratch), &errors, self.lang)));
        }
        Ok((version, evidence))
    }

    /// The error row of a record whose version the batch cannot find among its own: the batch's
    /// fault, reported as such, never a panic.
    fn lost_version(&self, version: usize) -> Box<Row<'r>> {
        let mut row = error_row(None, None, &[], self.lang);
        row.errors = vec![RowError {
            code: crate::InternalCode::Error.as_str(),
            field: String::new(),
            message: format!("the batch chose version {version} of {}", self.versions.len()),
        }];
        Box::new(row)
    }

    /// The version that rates a record dated `on`: with a family, the one in force then.
    fn choose(&self, on: Option<Date>) -> Result<usize, crate::SelectError> {
        if !self.family {
            return Ok(0);
        }
        let newest = || self.versions.last().map_or_else(String::new, |r| r.id().to_owned());
        match on {
            None if self.versions.len() == 1 => Ok(0),
            None if self.undated.is_some() => Ok(self.undated.unwrap_or_default()),
            None => Err(crate::SelectError::NeedDate {
                family: newest(),
                versions: crate::library::versions_text(&self.versions),
            }),
            Some(on) => {
                self.versions.iter().position(|r| r.in_force_on(on)).ok_or_else(|| crate::SelectError::NoneInForce {
                    family: newest(),
                    on,
                    versions: crate::library::versions_text(&self.versions),
                })
            }
        }
    }
}

/// A record decoded, with the version that rates it; or its error row.
type Decoded<'r> = Result<(usize, Box<Evidence>), Box<Row<'r>>>;

/// The positions of a chunk's `id` and `on` fields.
fn own_fields(names: &[String]) -> (Option<usize>, Option<usize>) {
    (names.iter().position(|n| n == "id"), names.iter().position(|n| n == "on"))
}

/// The target of each of a chunk's fixed fields for one version's plan.
fn column_targets(plan: &crate::plan::Plan, names: &[String]) -> Targets {
    evidence::ColumnTargets::new(plan, names.iter().map(String::as_str)).map_or(Targets::Repeated, Targets::ByPosition)
}

impl Output<'_> {
    /// What starts the output: a CSV header.
    fn start(&mut self, shape: &RowShape) -> io::Result<()> {
        match self {
            Output::Text { out, format: OutputFormat::Csv } => {
                let mut header = Vec::new();
                write_csv_line(&mut header, shape.columns().into_iter());
                out.write_all(&header)
            }
            Output::Text { format: OutputFormat::JsonLines, .. } => Ok(()),
            #[cfg(feature = "arrow")]
            Output::Arrow(_) | Output::ArrowFitted(_) => Ok(()),
        }
    }

    fn deliver(&mut self, rendered: Rendered) -> io::Result<()> {
        match (self, rendered) {
            (Output::Text { out, .. }, Rendered::Bytes(bytes)) => out.write_all(&bytes),
            #[cfg(feature = "arrow")]
            (Output::Arrow(each) | Output::ArrowFitted(each), Rendered::Arrow(batch)) => each(batch),
            #[cfg(feature = "arrow")]
            _ => Err(io::Error::other("rows rendered for another output")),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Output::Text { out, .. } => out.flush(),
            #[cfg(feature = "arrow")]
            Output::Arrow(_) | Output::ArrowFitted(_) => Ok(()),
        }
    }
}

/// Runs `work` with a function that hands a group of chunks' rows to `output`, in order: with
/// the `parallel` feature on a thread of its own, so that the cores go on to the next group; the
/// output is finished (flushed) at the end, and the first error stops the work.
fn with_writer(
    mut output: Output<'_>,
    work: impl FnOnce(&mut dyn FnMut(Vec<Rendered>) -> Result<(), BatchError>) -> Result<(), BatchError>,
) -> Result<(), BatchError> {
    #[cfg(feature = "parallel")]
    {
        std::thread::scope(|scope| {
            // One group waits while one is written (see `map_then_collect`).
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Rendered>>(1);
            let writer = scope.spawn(move || -> io::Result<()> {
                for group in receiver {
                    for rendered in group {
                        output.deliver(rendered)?;
                    }
                }
                output.finish()
            });
            let mut send = move |group: Vec<Rendered>| {
                // The writer stops at its first error; the join below reports it.
                sender.send(group).map_err(|_| BatchError::Write(io::Error::other("the writer stopped")))
            };
            let worked = work(&mut send);
            // The sender goes with `send`, so the writer sees the end of the rows.
            drop(send);
            let written = writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer failed")));
            written.map_err(BatchError::Write)?;
            worked
        })
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut write = |group: Vec<Rendered>| {
            for rendered in group {
                output.deliver(rendered).map_err(BatchError::Write)?;
            }
            Ok(())
        };
        work(&mut write)?;
        output.finish().map_err(BatchError::Write)
    }
}

fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

fn map_chunks<C: Sync, T: Send>(chunks: &[C], work: impl Fn(&C) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        chunks.par_iter().map(work).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        chunks.iter().map(work).collect()
    }
}

fn with_line(mut error: EvidenceError, line: u64) -> EvidenceError {
    if error.field.is_empty() && error.code == EvidenceCode::NotJson {
        error.message = crate::msg!(BatchAtLine, line = line, problem = error.message);
    }
    error
}

fn error_row<'r>(rules: Option<&'r RuleSet>, subject: Option<String>, errors: &[EvidenceError], lang: Lang) -> Row<'r> {
    Row {
        record: 0,
        ruleset: rules.map(RuleSet::id),
        rules_sha256: rules.map(RuleSet::fingerprint),
        subject,
        on: None,
        status: RowStatus::Error,
        outcome: None,
        decided_by: None,
        layer: None,
        scores: smallvec::SmallVec::new(),
        values: Vec::new(),
        findings: Vec::new(),
        errors: errors
            .iter()
            .map(|e| RowError { code: e.code.as_str(), field: e.field.clone(), message: e.message.render(lang) })
            .collect(),
    }
}
