//! A quota's two passes for rows written as text.
//!
//! The first pass evaluates every record and keeps its quota summary ([`Cohort`]). The row of a
//! record no quota decision can touch is written then, as it will stay, to a spill, a chunk at a
//! time, compressed (rows repeat their rule set, hash and labels: a tenth of the text) and in
//! memory up to a few megabytes, then in a temporary file. A record a decision may touch (one a
//! quota may rank, or one with no group for a quota: [`Cohort::push`] says) leaves no row there.
//! Once every group is decided, the second pass reads the input again only for those records:
//! their rows are made from a fresh evaluation with the decision applied, and put between the
//! rows copied from the spill. Memory holds the quota summaries and four bytes a record, whatever
//! the size of the input.

use std::io::{self, Read, Seek, Write};

use super::{
    map_chunks, with_writer, BatchError, Counts, Evaluated, Output, OutputFormat, Records, Scratch, Source, Tally,
};
use crate::cohort::{Cohort, Parts};
use crate::outcome::QuotaNote;

trait SpillFile: Read + Write + Seek + Send {}
impl<T: Read + Write + Seek + Send> SpillFile for T {}

/// Where the first pass's rows wait: a temporary file once they outgrow memory, with the
/// `spill` feature; in memory without it (WebAssembly has no file system).
fn spill() -> Box<dyn SpillFile> {
    #[cfg(feature = "spill")]
    {
        /// Compressed rows kept in memory before the spill moves to a temporary file. 16 MiB,
        /// not 32: the buffer's pages stay with the process once it moves (a million NĐ 335
        /// records through `tests/bench/batch.sh`: peak 119–135 MiB instead of 131–168, in the
        /// same time).
        const SPILL_IN_MEMORY: usize = 16 << 20;
        Box::new(tempfile::spooled_tempfile(SPILL_IN_MEMORY))
    }
    #[cfg(not(feature = "spill"))]
    {
        Box::new(io::Cursor::new(Vec::new()))
    }
}

/// A chunk's rows as they wait in the spill.
fn pack(rows: &[u8]) -> Vec<u8> {
    #[cfg(feature = "spill")]
    {
        lz4_flex::compress_prepend_size(rows)
    }
    #[cfg(not(feature = "spill"))]
    {
        rows.to_vec()
    }
}

/// The rows of a chunk, back from the spill.
#[cfg_attr(not(feature = "spill"), expect(clippy::unnecessary_wraps, reason = "unpacking fails only when compressed"))]
fn unpack(packed: &[u8]) -> io::Result<Vec<u8>> {
    #[cfg(feature = "spill")]
    {
        lz4_flex::decompress_size_prepended(packed).map_err(io::Error::other)
    }
    #[cfg(not(feature = "spill"))]
    {
        Ok(packed.to_vec())
    }
}

/// The length of a record's row in the spill when the second pass makes the row: a record a
/// quota decision may touch.
const REMADE: u32 = u32::MAX;

/// A chunk's first-pass work: the quota summaries per version, the rows packed, the length of
/// each row, and the rows' tally.
type FirstPass = (Vec<(Cohort, Vec<u32>)>, Vec<u8>, Vec<u32>, Counts);

impl super::Batch<'_> {
    /// A chunk's first pass: every record evaluated and summarised for the quotas, the rows of
    /// those no decision touches written (a record a decision may touch gets [`REMADE`] as its
    /// length, and its row in the second pass).
    fn spill_first_pass<C: Records>(&self, chunk: &C, format: OutputFormat, cohorts: &[Parts]) -> FirstPass {
        let mut parts: Vec<(Cohort, Vec<u32>)> = cohorts.iter().map(|c| (c.part(), Vec::new())).collect();
        let mut bytes = Vec::with_capacity(chunk.len() * super::ROW_TEXT_BYTES);
        let mut lengths = Vec::with_capacity(chunk.len());
        let mut tally = Counts::default();
        let mut group = String::new();
        let first = chunk.first();
        let mut evaluations = self.evaluations(chunk, true);
        while let Some((i, evaluated)) = evaluations.next() {
            let record = first + i as u64;
            let start = bytes.len();
            match evaluated {
                Evaluated::Ok(version, mut evaluation) => {
                    // Every evaluation's version is one of the batch's, so it has its part.
                    let may_be_noted = parts.get_mut(version).is_some_and(|(cohort, records)| {
                        records.push(u32::try_from(record).unwrap_or(u32::MAX));
                        cohort.push(Some(&evaluation))
                    });
                    if may_be_noted {
                        // Its row is made by the second pass, with the decision.
                        lengths.push(REMADE);
                        evaluations.recycle(evaluation.into_evidence());
                        continue;
                    }
                    // As a record no decision touches is left.
                    if !evaluation.ruleset().plan.quotas.is_empty() {
                        evaluation.apply_quota_notes(&[]);
                    }
                    let row = self.row(record, version, &evaluation);
                    self.count(&mut tally, &row, Some(super::Rated::Evaluated(&evaluation)), &mut group);
                    row.write(&self.shape, format, &mut bytes);
                    evaluations.recycle(evaluation.into_evidence());
                }
                Evaluated::Plain(plain) => {
                    let numbered = u32::try_from(record).unwrap_or(u32::MAX);
                    if parts.get_mut(plain.version).is_some_and(|part| self.push_plain(part, &plain, numbered)) {
                        // A candidate of a quota: its row is made by the second pass, decided.
                        lengths.push(REMADE);
                        evaluations.recycle(plain.evidence);
                        continue;
                    }
                    // No quota decision touches it: its row is final.
                    let row = self.plain_row(record, &plain, &[]);
                    self.count(&mut tally, &row, Some(super::Rated::Plain(&plain)), &mut group);
                    row.write(&self.shape, format, &mut bytes);
                    evaluations.recycle(plain.evidence);
                }
                Evaluated::Failed(row) => {
                    let row = self.failed_row(*row, record);
                    self.count(&mut tally, &row, None, &mut group);
                    row.write(&self.shape, format, &mut bytes);
                }
            }
            lengths.push(u32::try_from(bytes.len() - start).unwrap_or(u32::MAX));
        }
        (parts, pack(&bytes), lengths, tally)
    }

    /// A chunk's second pass: its spilled rows (`packed`) with the rows of the records the first
    /// pass left to it ([`REMADE`] in `lengths`, the run's) made again with their `notes` (the
    /// run's, by record) and put in their places.
    fn spill_second_pass<C: Records>(
        &self,
        chunk: &C,
        packed: &[u8],
        (lengths, notes): (&[u32], &[(usize, QuotaNote)]),
        format: OutputFormat,
    ) -> io::Result<(Vec<u8>, Counts)> {
        let mut tally = Counts::default();
        let spilled = unpack(packed)?;
        let first = usize::try_from(chunk.first()).unwrap_or(usize::MAX);
        // Records the first pass did not see (the input grew between the passes) have no row
        // here; the run's count of rows tells.
        let lengths = lengths.get(first..).unwrap_or_default();
        let lengths = lengths.get(..chunk.len()).unwrap_or(lengths);
        let remade: Vec<usize> = lengths.iter().enumerate().filter(|(_, &l)| l == REMADE).map(|(i, _)| i).collect();
        if remade.is_empty() {
            return Ok((spilled, tally));
        }
        let start = notes.partition_point(|(r, _)| *r < first);
        let end = notes.partition_point(|(r, _)| *r < first + chunk.len());
        let mut bytes = Vec::with_capacity(spilled.len() + super::ROW_TEXT_BYTES * remade.len());
        let mut scratch = Scratch::new(self.versions.len());
        let mut rows = self
            .remake(chunk, (first, &remade), notes.get(start..end).unwrap_or_default(), &mut tally, &mut scratch)
            .into_iter();
        let mut offset = 0usize;
        for &length in lengths {
            if length == REMADE {
                // A record read again that cannot be evaluated now as it was then leaves a
                // row short: the run's count of rows tells.
                if let Some(row) = rows.next() {
                    row.write(&self.shape, format, &mut bytes);
                }
                continue;
            }
            bytes.extend_from_slice(spilled.get(offset..offset + length as usize).unwrap_or_default());
            offset += length as usize;
        }
        Ok((bytes, tally))
    }

    pub(super) fn execute_spilling<S: Source>(
        &self,
        open: &mut dyn FnMut() -> Result<S, BatchError>,
        mut output: Output<'_>,
        format: OutputFormat,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tally, BatchError> {
        let mut spill = spill();
        let mut cohorts: Vec<(Cohort, Vec<u32>)> = self.versions.iter().map(|r| (Cohort::new(r), Vec::new())).collect();
        let mut lengths: Vec<u32> = Vec::new();
        let mut packed_lengths: Vec<u64> = Vec::new();
        let mut tally = Counts::default();
        let makers: Vec<Parts> = cohorts.iter().map(|(cohort, _)| cohort.parts()).collect();
        let first_pass = |chunk: &S::Chunk| self.spill_first_pass(chunk, format, &makers);
        let mut source = open()?;
        self.map_then_collect(&mut source, progress, first_pass, |(parts, packed, chunk_lengths, chunk_tally)| {
            for ((cohort, records), (part, part_records)) in cohorts.iter_mut().zip(parts) {
                cohort.append(part);
                records.extend(part_records);
            }
            spill.write_all(&packed).map_err(BatchError::Spill)?;
            packed_lengths.push(packed.len() as u64);
            lengths.extend(chunk_lengths);
            tally.merge(chunk_tally);
            Ok(())
        })?;
        let notes = self.notes_of(cohorts);
        spill.rewind().map_err(BatchError::Spill)?;
        output.start(&self.shape).map_err(BatchError::Write)?;
        if !lengths.contains(&REMADE) {
            for &length in &packed_lengths {
                let rows = unpack(&read_packed(&mut spill, length)?).map_err(BatchError::Spill)?;
                output.deliver(super::Rendered::Bytes(rows)).map_err(BatchError::Write)?;
            }
            output.finish().map_err(BatchError::Write)?;
            return Ok(self.tally_of(tally));
        }

        let mut source = open()?;
        let (mut next, mut packed_lengths) = (0usize, packed_lengths.into_iter());
        let notes = notes.as_slice();
        let lengths = lengths.as_slice();
        let second_pass =
            |(chunk, packed): &(S::Chunk, Vec<u8>)| self.spill_second_pass(chunk, packed, (lengths, notes), format);
        with_writer(output, |write| {
            self.for_each_group_of_chunks(&mut source, progress, |chunks| {
                let mut paired = Vec::with_capacity(chunks.len());
                for chunk in chunks {
                    let first = usize::try_from(chunk.first()).unwrap_or(usize::MAX);
                    let packed_length = packed_lengths.next();
                    let (Some(packed_length), true) =
                        (packed_length, first == next && first + chunk.len() <= lengths.len())
                    else {
                        return Err(BatchError::Changed {
                            first: lengths.len() as u64,
                            second: chunk.first() + chunk.len() as u64,
                        });
                    };
                    next += chunk.len();
                    paired.push((chunk, read_packed(&mut spill, packed_length)?));
                }
                let patched = map_chunks(&paired, second_pass);
                let mut group = Vec::with_capacity(paired.len());
                for result in patched {
                    let (rows, remade) = result.map_err(BatchError::Spill)?;
                    tally.merge(remade);
                    group.push(super::Rendered::Bytes(rows));
                }
                write(group)
            })
        })?;
        if next < lengths.len() {
            return Err(BatchError::Changed { first: lengths.len() as u64, second: next as u64 });
        }
        Ok(self.tally_of(tally))
    }

    /// Every version's quota groups decided: the notes by record index, in record order.
    pub(super) fn notes_of(&self, cohorts: Vec<(Cohort, Vec<u32>)>) -> Vec<(usize, QuotaNote)> {
        let mut notes = Vec::new();
        for ((cohort, records), rules) in cohorts.into_iter().zip(&self.versions) {
            // A cohort's records are numbered as they were pushed, each beside its index.
            let decided = cohort.decide(rules).into_iter();
            notes.extend(decided.filter_map(|(local, note)| Some((*records.get(local)? as usize, note))));
        }
        notes.sort_by_key(|(record, note)| (*record, note.quota));
        notes
    }
}

/// The next packed chunk of the spill.
fn read_packed(spill: &mut impl Read, length: u64) -> Result<Vec<u8>, BatchError> {
    let mut packed = vec![0; usize::try_from(length).unwrap_or(usize::MAX)];
    spill.read_exact(&mut packed).map_err(BatchError::Spill)?;
    Ok(packed)
}
