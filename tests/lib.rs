//! Helpers shared by the scenario tests: where the public data lives and a fresh book per test.

use std::path::{Path, PathBuf};

use creditdesk_app::{NewBook, OpenBook};
use creditdesk_core::Currency;

/// `../shared/data` beside the repository, when present (it always is in CI).
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent; this test checks nothing here",
            dir.display()
        );
        None
    }
}

/// A new, empty book in a temporary folder that lives as long as the returned guard.
pub fn new_book(currency: &str) -> (tempfile::TempDir, OpenBook) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("test.creditdesk");
    let currency = Currency::from_code(currency).expect("currency");
    let book = creditdesk_app::create_book(
        &path,
        &NewBook {
            name: "Test Ltd".into(),
            currency,
        },
    )
    .expect("new book");
    (dir, book)
}

/// Parses an amount such as `55.94` into integer cents without going through floating point.
pub fn cents(text: &str) -> i64 {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let frac = format!("{frac:0<2}");
    assert_eq!(frac.len(), 2, "amount {text} has more than two decimals");
    let sign = if int.starts_with('-') { -1 } else { 1 };
    let int: i64 = int.trim_start_matches('-').parse().expect("integer part");
    sign * (int * 100 + frac.parse::<i64>().expect("fraction"))
}

/// Imports `csv` text, written as the test's own small ledger, with a built-in profile.
pub fn import_text(
    book: &mut OpenBook,
    profile: &str,
    csv: &str,
    customer: Option<&str>,
) -> creditdesk_app::ImportReport {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("ledger.csv");
    std::fs::write(&file, csv).expect("ledger written");
    let request = creditdesk_app::ImportRequest {
        file,
        profile: creditdesk_app::ProfileChoice::Builtin(profile.into()),
        currency: None,
        customer: customer.map(str::to_string),
        terms: None,
        export_date: None,
        dry_run: false,
    };
    book.import_file(&request, &mut |_| true)
        .expect("the import runs")
}

/// The amounts of one currency's aging total row as plain decimal strings, bucket by bucket,
/// then total, unapplied and net: easy to compare with a table written in the test.
pub fn aging_line(
    book: &OpenBook,
    as_of: &str,
    currency: &str,
) -> (Vec<String>, String, String, String) {
    let report = book
        .aging(
            as_of.parse().expect("as-of date"),
            &creditdesk_core::aging::Buckets::default(),
        )
        .expect("aging");
    let row = report
        .totals
        .iter()
        .find(|r| r.currency.code() == currency)
        .unwrap_or_else(|| panic!("no {currency} row in the aging at {as_of}"));
    (
        row.buckets.iter().map(|m| m.amount().to_string()).collect(),
        row.open_total.amount().to_string(),
        row.unapplied.amount().to_string(),
        row.net.amount().to_string(),
    )
}
