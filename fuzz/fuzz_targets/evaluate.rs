//! Any bytes as evidence, against every bundled rule set: the whole input as one record (by the
//! JSON text path, traced and not, and by the JSON value path), and its lines as a batch (each
//! rule set alone, and each family of versions). Never a panic; one row per record, in order;
//! a row rated by a version with no quota says what that record evaluated alone says.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tieuchi::batch::Batch;
use tieuchi::Options;
use tieuchi_fuzz::{bundled, digest_of, digest_of_row, has_quota, score_columns};

/// Records per batch: enough to mix good and bad lines, few enough to stay fast.
const MAX_RECORDS: usize = 8;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let library = bundled();
    let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
    for rules in library.rulesets() {
        let plain = rules.evaluate_json(text, &Options::default());
        let traced = rules.evaluate_json(text, &Options::traced());
        let digest = digest_of(rules, &plain);
        assert_eq!(digest, digest_of(rules, &traced), "a trace changed the result of {}", rules.id());
        if let Ok(evaluation) = &traced {
            let _ = serde_json::to_string(&evaluation.to_wire());
        }
        if let Some(value) = &value {
            let by_value = rules.evaluate(value, &Options::default());
            if let Ok(evaluation) = &by_value {
                let _ = serde_json::to_string(&evaluation.to_wire());
            }
        }
    }

    // The lines as a batch: a record is a line that is not blank.
    let records: Vec<&str> = text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(MAX_RECORDS).collect();
    if records.is_empty() {
        return;
    }
    let mut batches: Vec<Batch<'_>> = library.rulesets().iter().map(Batch::new).collect();
    batches.extend(library.families().into_iter().filter(|f| f.len() > 1).map(Batch::family));
    for batch in &batches {
        let rows = batch.rows_of_json(&records);
        assert_eq!(rows.len(), records.len(), "one row per record");
        for (i, (row, record)) in rows.iter().zip(&records).enumerate() {
            assert_eq!(row.record, i as u64, "rows in input order");
            assert_eq!(row.scores.len(), batch.shape().scores.len(), "every row has every score column");
            assert_eq!(row.values.len(), batch.shape().values.len(), "every row has every value column");
            // The reader skips a byte order mark at the start of the input.
            if i == 0 && record.starts_with('\u{feff}') {
                continue;
            }
            let Some(id) = row.ruleset else { continue };
            let rules = library.get(id).unwrap_or_else(|| panic!("a row names an unknown rule set {id}"));
            assert!(batch.versions().iter().any(|v| v.id() == id), "a row rated by a rule set not of its batch");
            if has_quota(rules) {
                continue;
            }
            let alone = rules.evaluate_json(record, &Options::default());
            let columns = score_columns(batch.shape(), rules);
            assert_eq!(
                digest_of_row(row, &columns),
                digest_of(rules, &alone),
                "record {i} {record:?}: its batch row differs from it evaluated alone by {id}"
            );
        }
    }
});
