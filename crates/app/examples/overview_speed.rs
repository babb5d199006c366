//! Measures the overview use case (aging and receivables measures) over an unpaid demo book.
//!
//! `cargo run --release -p creditdesk-app --example overview_speed -- [invoices] [book]`
//! (default 800,000 invoices, about a million open instalments; a book path given is kept and
//! reused). `ROUNDS` sets how many times the overview is timed (default 12).

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{DemoRequest, OpenBook};
use creditdesk_core::aging::Buckets;

fn main() {
    let mut args = std::env::args().skip(1);
    let invoices: usize = args
        .next()
        .map_or(800_000, |a| a.parse().expect("an invoice count"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = args
        .next()
        .map_or_else(|| dir.path().join("unpaid.creditdesk"), PathBuf::from);
    if !path.exists() {
        let request = DemoRequest::benchmark(invoices);
        creditdesk_app::create_unpaid_demo_book(&path, &request).expect("a book");
    }
    let book = OpenBook::open(&path).expect("the book");
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    for _ in 0..rounds {
        let started = Instant::now();
        let overview = book
            .overview(as_of, &Buckets::default(), 90)
            .expect("an overview");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "overview {:.0} ms: {} aging rows, {} measures rows",
            seconds * 1000.0,
            overview.aging.customers.len(),
            overview.measures.len()
        );
    }
}
