//! Any bytes as a batch input, JSON Lines and CSV, through `Batch::run` against a rule set with
//! a quota (two passes) and one without: never a panic, never an error for bad records, exactly
//! one row per record in input order (a record is a line that is not blank; a CSV header is
//! not one), in either output format.

#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use tieuchi::batch::{Batch, InputFormat, OutputFormat};
use tieuchi::RuleSet;
use tieuchi_fuzz::bundled;

/// The records of `data` as the reader defines them: lines (ended by `\n`, `\r\n` or `\r`; a
/// byte order mark at the start skipped) that are not blank. For CSV, the first such line is
/// the header; `None` when there is none, or it cannot be read (the run is then refused).
fn expected_records(data: &[u8], format: InputFormat) -> Option<usize> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    // A `\r\n` line end splits into a line and an empty one; empty lines are no records.
    let mut lines = data.split(|&b| b == b'\n' || b == b'\r');
    match format {
        InputFormat::JsonLines => Some(lines.filter(|l| !blank(l)).count()),
        InputFormat::Csv => {
            // The header is the first line that is not only ASCII whitespace.
            let header = lines.by_ref().find(|l| !l.iter().all(u8::is_ascii_whitespace))?;
            let header = std::str::from_utf8(header).ok()?;
            csv_header_ok(header).then(|| lines.filter(|l| !blank(l)).count())
        }
    }
}

/// The records of CSV output (a cell in quotes may hold line ends).
fn csv_records(out: &[u8]) -> Vec<&[u8]> {
    let mut records = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, &b) in out.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                records.push(&out[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    assert!(!quoted && start == out.len(), "CSV output ends inside a quote or without a line end");
    records
}

/// Not blank: a line of only whitespace (as `str::trim` has it, for UTF-8 lines) is no record;
/// a line that is not UTF-8 is one (an error row).
fn blank(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|t| t.trim().is_empty())
}

/// Whether the reader accepts a header line: its quotes balance (RFC 4180 within the line).
fn csv_header_ok(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        if bytes.get(i) == Some(&b'"') {
            let mut j = i + 1;
            loop {
                match bytes[j..].iter().position(|&b| b == b'"') {
                    None => return false,
                    Some(q) => {
                        j += q + 1;
                        if bytes.get(j) == Some(&b'"') {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            match bytes.get(j) {
                None => return true,
                Some(b',') => i = j + 1,
                Some(_) => return false,
            }
        } else {
            let end = bytes[i..].iter().position(|&b| b == b',').map_or(bytes.len(), |e| i + e);
            if bytes[i..end].contains(&b'"') {
                return false;
            }
            if end == bytes.len() {
                return true;
            }
            i = end + 1;
        }
    }
}

fn rule_sets() -> &'static [&'static RuleSet; 2] {
    static SETS: std::sync::OnceLock<[&'static RuleSet; 2]> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        let library = bundled();
        let quota = library.rulesets().iter().find(|r| tieuchi_fuzz::has_quota(r)).expect("a rule set with a quota");
        let plain = library
            .get("cong_chuc_nd90")
            .or_else(|| library.rulesets().iter().find(|r| !tieuchi_fuzz::has_quota(r)))
            .expect("a rule set without a quota");
        [quota, plain]
    })
}

fn run(batch: &Batch<'_>, data: &[u8], input: InputFormat, output: OutputFormat) -> Result<(Vec<u8>, u64), String> {
    let mut open = || -> std::io::Result<Box<dyn Read + Send>> { Ok(Box::new(std::io::Cursor::new(data.to_vec()))) };
    let mut out = Vec::new();
    let tally = batch.run(&mut open, input, &mut out, output, &mut |_| {}).map_err(|e| e.to_string())?;
    Ok((out, tally.rows))
}

fuzz_target!(|data: &[u8]| {
    for rules in rule_sets() {
        let batch = Batch::new(rules).chunk_records(3);
        for input in [InputFormat::JsonLines, InputFormat::Csv] {
            let expected = expected_records(data, input);
            for output in [OutputFormat::JsonLines, OutputFormat::Csv] {
                let result = run(&batch, data, input, output);
                let Some(expected) = expected else {
                    assert!(result.is_err(), "{input:?}: a CSV input with no readable header was accepted");
                    continue;
                };
                let (out, rows) = result.unwrap_or_else(|e| panic!("{input:?} to {output:?}: the run failed: {e}"));
                assert_eq!(rows, expected as u64, "{input:?} to {output:?}: one row per record in the tally");
                match output {
                    OutputFormat::JsonLines => {
                        let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
                        assert_eq!(lines.len(), expected, "{input:?}: one JSON line per record");
                        for (i, line) in lines.iter().enumerate() {
                            let row: serde_json::Value =
                                serde_json::from_slice(line).unwrap_or_else(|e| panic!("row {i} is not JSON: {e}"));
                            assert_eq!(row["row"].as_u64(), Some(i as u64), "rows in input order");
                        }
                    }
                    OutputFormat::Csv => {
                        let records = csv_records(&out);
                        assert_eq!(records.len(), expected + 1, "{input:?}: a CSV header and one line per record");
                        for (i, record) in records.iter().skip(1).enumerate() {
                            assert!(record.starts_with(format!("{i},").as_bytes()), "rows in input order");
                        }
                    }
                }
            }
        }
    }
});
