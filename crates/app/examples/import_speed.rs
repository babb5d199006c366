//! Measures an import end to end: a generated generic-layout CSV of N invoices imported into a
//! new book through `OpenBook::import_file`.
//!
//! `cargo run --release -p creditdesk-app --example import_speed -- [invoices] [csv] [book]`
//! (default 100,000 invoices; the CSV is kept and reused when its path is given, and the book
//! is kept, or imported into again, when its path is given).

use std::path::PathBuf;
use std::time::Instant;

use creditdesk_app::{DemoRequest, ImportRequest, NewBook, ProfileChoice};
use creditdesk_core::Currency;

fn main() {
    let mut args = std::env::args().skip(1);
    let invoices: usize = args
        .next()
        .map_or(100_000, |a| a.parse().expect("an invoice count"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = args
        .next()
        .map_or_else(|| dir.path().join("ledger.csv"), PathBuf::from);
    if !csv.exists() {
        let request = DemoRequest::benchmark(invoices);
        creditdesk_app::write_demo_csv(&csv, &request).expect("a CSV");
    }

    let path = args
        .next()
        .map_or_else(|| dir.path().join("import.creditdesk"), PathBuf::from);
    let new = NewBook {
        name: "Speed Test Ltd".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    let mut book = if path.exists() {
        creditdesk_app::OpenBook::open(&path).expect("the book")
    } else {
        creditdesk_app::create_book(&path, &new).expect("a new book")
    };
    let request = ImportRequest {
        file: csv,
        profile: ProfileChoice::Builtin("generic".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    };
    let started = Instant::now();
    let report = book
        .import_file(&request, &mut |_| true)
        .expect("an import");
    let seconds = started.elapsed().as_secs_f64();
    assert!(report.committed, "{:?}", report.problems.first());
    println!(
        "{} rows in {seconds:.2} s = {:.0} rows/s",
        report.rows_read,
        report.rows_read as f64 / seconds
    );
}
