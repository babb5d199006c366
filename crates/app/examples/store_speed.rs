//! Measures the store's write path alone on a generated book: the records of N invoices (with
//! their customers and settlements) are generated first, then written through one import.
//!
//! `cargo run --release -p creditdesk-app --example store_speed -- [invoices]` (default 100,000).

use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::demo::{self, DemoSpec};
use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::Currency;
use creditdesk_store::{Book, BookSettings};

fn main() {
    let invoices: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |a| a.parse().expect("an invoice count"));
    let spec = DemoSpec {
        seed: 42,
        customers: (invoices / 40).max(50),
        invoices,
        end: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        months: 36,
    };
    let records: Vec<LedgerRecord> = demo::records(&spec).collect();

    let dir = tempfile::tempdir().expect("a temporary directory");
    let settings = BookSettings {
        name: "Speed Test Ltd".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    let mut book = Book::create(&dir.path().join("speed.creditdesk"), &settings).expect("a book");
    let started = Instant::now();
    let mut tx = book.begin_import().expect("an import");
    for record in &records {
        tx.record(record).expect("a record written");
    }
    let written = started.elapsed().as_secs_f64();
    tx.commit().expect("a commit");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} records written in {written:.2} s, committed in {seconds:.2} s = {:.0} records/s",
        records.len(),
        records.len() as f64 / seconds
    );
}
