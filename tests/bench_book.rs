//! Benchmarks on generated books of realistic shape (run with `cargo bench -p creditdesk-tests`):
//!
//! - import of a generic-layout CSV of about a million rows, in rows per second, and the peak
//!   memory of the process before and after, against a file a tenth of the size (streaming
//!   means the peak does not grow with the file);
//! - aging plus the receivables measures over a book of a million open instalments, against a
//!   bare SQLite scan of the same instalment rows.
//!
//! Figures are printed, not asserted: timings belong to the machine that measures them.
//! `CREDITDESK_BENCH_ROWS` sets the invoice count of the large book (default 1,000,000).

use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{DemoRequest, ImportRequest, NewBook, ProfileChoice};
use creditdesk_core::aging::Buckets;
use creditdesk_core::Currency;

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn demo(invoices: usize, end: NaiveDate) -> DemoRequest {
    DemoRequest { seed: 42, customers: (invoices / 40).max(50), invoices, end, months: 36 }
}

fn import_bench(dir: &std::path::Path, invoices: usize) {
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let csv = dir.join(format!("ledger-{invoices}.csv"));
    let rows = creditdesk_app::write_demo_csv(&csv, &demo(invoices, end)).expect("csv");
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);

    let path = dir.join(format!("import-{invoices}.creditdesk"));
    let eur = Currency::from_code("EUR").unwrap();
    let mut book =
        creditdesk_app::create_book(&path, &NewBook { name: "Bench".into(), currency: eur })
            .expect("book");
    let request = ImportRequest {
        file: csv.clone(),
        profile: ProfileChoice::Builtin("generic".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    };
    let before = peak_rss_mib();
    let started = Instant::now();
    let report = book.import_file(&request, &mut |_| true).expect("import");
    let seconds = started.elapsed().as_secs_f64();
    assert!(report.committed, "{:?}", report.problems.first());
    println!(
        "import: {rows} rows ({:.0} MiB) in {seconds:.2} s = {:.0} rows/s; peak memory {before:.0} \
         -> {:.0} MiB",
        size as f64 / 1048576.0,
        rows as f64 / seconds,
        peak_rss_mib()
    );
    let _ = std::fs::remove_file(csv);
}

fn report_bench(dir: &std::path::Path, invoices: usize) {
    let path = dir.join("reports.creditdesk");
    // A history ending after the as-of date is cut at the as-of date by the reports; ending the
    // generated book well after it leaves most instalments open at the as-of date.
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let started = Instant::now();
    let made = creditdesk_app::create_demo_book(&path, &demo(invoices, end)).expect("demo book");
    println!(
        "demo book: {} invoices, {} settlements generated and written in {:.1} s",
        made.invoices,
        made.settlements,
        started.elapsed().as_secs_f64()
    );
    let book = creditdesk_app::OpenBook::open(&path).expect("open");
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let open_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM instalment WHERE settled_minor < amount_minor",
            [],
            |r| r.get(0),
        )
        .unwrap_or(-1);

    for round in 0..3 {
        let started = Instant::now();
        let aging = book.aging(as_of, &Buckets::default()).expect("aging");
        let measures = book.measures(as_of, 90).expect("measures");
        let reports = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let (rows, sum): (i64, i64) = conn
            .query_row("SELECT count(*), sum(amount_minor) FROM instalment", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("scan");
        let scan = started.elapsed().as_secs_f64();
        std::hint::black_box((aging, measures, sum));
        println!(
            "round {round}: aging + measures over {rows} instalments ({open_rows} open at the end) \
             {:.0} ms; bare scan {:.0} ms; ratio {:.1}",
            reports * 1000.0,
            scan * 1000.0,
            reports / scan
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore harness arguments.
    let invoices: usize = std::env::var("CREDITDESK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    println!("machine: {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    import_bench(dir.path(), invoices / 10);
    import_bench(dir.path(), invoices / 2);
    report_bench(dir.path(), invoices);
}
