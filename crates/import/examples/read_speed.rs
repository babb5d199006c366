//! Measures the reading side of an import alone: a CSV file read with a built-in profile into
//! ledger records, nothing written.
//!
//! `cargo run --release -p creditdesk-import --example read_speed -- <file> [profile]`
//! (the profile defaults to `generic`; the default currency is EUR).

use std::time::Instant;

use creditdesk_core::money::Currency;
use creditdesk_import::{builtin, open, ImportOptions, RowOutcome};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("the path of a CSV file");
    let profile = args.next().unwrap_or_else(|| "generic".to_string());
    let profile = builtin(&profile).expect("a built-in profile");
    let options = ImportOptions::new(Currency::from_code("EUR").unwrap());

    let started = Instant::now();
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).unwrap());
    let (mut records, mut problems, mut warnings) = (0u64, 0u64, 0u64);
    for outcome in open(&profile, file, &options).expect("a header") {
        match outcome.expect("a readable file") {
            RowOutcome::Records { records: r, .. } => records += r.len() as u64,
            RowOutcome::Problem(_) => problems += 1,
            RowOutcome::Warning(_) => warnings += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{records} records, {problems} problems, {warnings} warnings in {seconds:.2} s = {:.0} \
         records/s",
        records as f64 / seconds
    );
}
