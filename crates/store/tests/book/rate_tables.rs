//! Reference rate tables a user loaded: kept whole per source, replaced by a newer file,
//! removed to go back to the shipped table, and every change in the audit trail.

use creditdesk_core::interest::{RateSource, RateTable};
use creditdesk_store::StoredRateTable;

use crate::support::book;

const GERMAN_2026: &str = "# Basiszinssatz, published 2026-06-24\n\
    from,to,percent\n\
    2026-01-01,2026-06-30,1.27\n\
    2026-07-01,2026-12-31,1.52\n";

fn german(text: &str) -> RateTable {
    RateTable::parse(RateSource::GermanBaseRate, text).unwrap()
}

#[test]
fn a_loaded_table_is_kept_whole_with_its_file_name_and_time() {
    let mut book = book();
    assert_eq!(
        book.rate_tables().unwrap(),
        [],
        "a new book uses the shipped tables"
    );

    let stored = book
        .save_rate_table(&german(GERMAN_2026), "basiszins-2026.csv", GERMAN_2026)
        .unwrap();
    assert_eq!(stored.source, RateSource::GermanBaseRate);
    assert_eq!(stored.file_name, "basiszins-2026.csv");
    assert_eq!(
        stored.text, GERMAN_2026,
        "the comment and the layout are kept"
    );
    assert!(
        stored.loaded_at.ends_with('Z') && stored.loaded_at.len() == 24,
        "{}",
        stored.loaded_at
    );
    assert_eq!(book.rate_tables().unwrap(), std::slice::from_ref(&stored));

    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(entry.action, "load_rate_table");
    assert_eq!(entry.entity, "rate_table");
    assert_eq!(entry.reference, "german_base_rate");
    assert_eq!(
        entry.at, stored.loaded_at,
        "the table and its entry were written together"
    );
    assert_eq!(
        entry.detail,
        serde_json::json!({
            "file_name": "basiszins-2026.csv",
            "periods": 2,
            "from": "2026-01-01",
            "known_until": "2026-12-31",
            "replaced": null,
        })
    );
}

#[test]
fn a_newer_file_replaces_the_one_loaded_before_and_the_sources_stay_apart() {
    let mut book = book();
    let ecb = "from,to,percent\n2026-01-01,2026-12-31,2.15\n";
    book.save_rate_table(
        &RateTable::parse(RateSource::EcbReference, ecb).unwrap(),
        "ecb.csv",
        ecb,
    )
    .unwrap();
    let first = "from,to,percent\n2026-01-01,2026-06-30,1.27\n";
    book.save_rate_table(&german(first), "first.csv", first)
        .unwrap();
    book.save_rate_table(&german(GERMAN_2026), "second.csv", GERMAN_2026)
        .unwrap();

    let tables = book.rate_tables().unwrap();
    let names: Vec<(RateSource, &str)> = tables
        .iter()
        .map(|t| (t.source, t.file_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (RateSource::EcbReference, "ecb.csv"),
            (RateSource::GermanBaseRate, "second.csv"),
        ]
    );
    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(entry.detail["replaced"], "first.csv");
}

#[test]
fn removing_a_table_brings_back_the_shipped_one_and_is_audited_once() {
    let mut book = book();
    let StoredRateTable {
        file_name,
        loaded_at,
        ..
    } = book
        .save_rate_table(&german(GERMAN_2026), "basiszins-2026.csv", GERMAN_2026)
        .unwrap();

    let removed = book
        .remove_rate_table(RateSource::GermanBaseRate)
        .unwrap()
        .expect("a table was loaded");
    assert_eq!(removed.file_name, file_name);
    assert_eq!(book.rate_tables().unwrap(), []);
    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(entry.action, "reset_rate_table");
    assert_eq!(entry.reference, "german_base_rate");
    assert_eq!(
        entry.detail,
        serde_json::json!({ "file_name": "basiszins-2026.csv", "loaded_at": loaded_at })
    );

    let trail = book.audit_trail(100).unwrap().len();
    assert_eq!(
        book.remove_rate_table(RateSource::GermanBaseRate).unwrap(),
        None,
        "the shipped table applies already"
    );
    assert_eq!(
        book.audit_trail(100).unwrap().len(),
        trail,
        "nothing written"
    );
}
