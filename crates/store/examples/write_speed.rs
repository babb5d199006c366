//! Measures the import write path: a generic-layout file of N rows, each row one invoice with
//! one instalment, a new customer every 10 rows, written through one `ImportTx` to a book on
//! disk. The records are built before the clock starts; parsing a file is not measured here.
//!
//! `cargo run --release -p creditdesk-store --example write_speed -- [rows]` (default 1,000,000).

use std::time::Instant;

use chrono::{Days, NaiveDate};
use creditdesk_core::ledger::{
    CustomerRecord, FrozenTerms, Instalment, InvoiceRecord, LedgerRecord,
};
use creditdesk_core::{Currency, Money};
use creditdesk_store::{Book, BookSettings, FileCounts};

fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().expect("a row count"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("speed.creditdesk");
    let eur = Currency::from_code("EUR").unwrap();
    let settings = BookSettings {
        name: "Speed Test Ltd".into(),
        currency: eur,
    };
    let mut book = Book::create(&path, &settings).expect("a new book");
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();

    // The records are built first, so that the timing is the store's write path alone.
    let mut records = Vec::with_capacity(rows as usize * 11 / 10);
    let mut customer_reference = String::new();
    for row in 0..rows {
        if row % 10 == 0 {
            customer_reference = format!("CUST-{:07}", row / 10);
            records.push(LedgerRecord::Customer(CustomerRecord {
                reference: customer_reference.clone(),
                name: format!("Customer {}", row / 10),
                country: Some("DE".into()),
                email: None,
                preferred_channel: None,
            }));
        }
        let issued = base + Days::new(row % 700);
        let total = Money::from_minor(10_000 + (row as i64 * 7919) % 500_000, eur);
        records.push(LedgerRecord::Invoice(InvoiceRecord {
            number: format!("{:010}", row + 1),
            customer_reference: customer_reference.clone(),
            issue_date: issued,
            total,
            terms: FrozenTerms {
                text: "net 30".into(),
                instalments: vec![Instalment {
                    seq: 1,
                    due_date: issued + Days::new(30),
                    amount: total,
                }],
                discount: None,
            },
            disputed: false,
        }));
    }

    let started = Instant::now();
    let mut tx = book.begin_import().expect("an import");
    for record in &records {
        tx.record(record).expect("record written");
    }
    let written = started.elapsed();
    tx.record_batch(
        "generic",
        "speed.csv",
        "-",
        FileCounts {
            rows_read: rows,
            rows_rejected: 0,
        },
    );
    let tally = tx.commit().expect("committed");
    let total = started.elapsed();

    assert_eq!(tally.invoices.inserted, rows);
    let per_second = |d: std::time::Duration| rows as f64 / d.as_secs_f64();
    println!("rows: {rows}");
    println!(
        "records written in {:.2} s ({:.0} rows/s); with commit {:.2} s ({:.0} rows/s)",
        written.as_secs_f64(),
        per_second(written),
        total.as_secs_f64(),
        per_second(total)
    );
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let wal = std::fs::metadata(dir.path().join("speed.creditdesk-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "book {:.0} MiB, WAL {:.0} MiB",
        size as f64 / 1048576.0,
        wal as f64 / 1048576.0
    );
}
