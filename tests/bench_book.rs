//! Benchmarks on generated books of realistic shape. Run them on a quiet machine with
//! `cargo bench -p creditdesk-tests --bench book` (a release build); they print figures and
//! assert none, because timings belong to the machine that measures them.
//!
//! - **Import**: a generic-layout CSV written by `creditdesk_app::write_demo_csv` (customers,
//!   invoices whose terms are frozen on import, payments that name their invoices, credit notes
//!   and write-offs) imported into a new book through `OpenBook::import_file`, end to end: rows
//!   per second, and the peak memory of the process before and after. It runs on a file of
//!   `invoices / 10` invoices, then on one of `invoices / 2` (about 230,000 and 1,150,000 rows
//!   with the default). The import streams: its peak grows with the file only until the page
//!   cache has filled up to its fixed size; the reader's index of the documents already seen
//!   keeps 131,072 of them in memory and the rest on disk behind filters of about two bytes a
//!   document.
//! - **Reports**: the aging and the receivables measures (DSO, countback DSO, CEI, turnover)
//!   as of the last day of a generated book whose invoices are all unpaid
//!   (`creditdesk_app::create_unpaid_demo_book`, `invoices * 4 / 5` invoices: about a million
//!   instalments, every one open), once through the one use case `OpenBook::overview` and
//!   once as `OpenBook::aging` plus `OpenBook::measures`, against a bare SQLite scan of the
//!   same rows (`SELECT count(*), sum(amount_minor) FROM instalment`), three rounds each.
//!
//! `CREDITDESK_BENCH_ROWS` sets `invoices` (default 1,000,000); `CREDITDESK_BENCH_ONLY=import`
//! or `CREDITDESK_BENCH_ONLY=reports` runs one part only; `CREDITDESK_BENCH_REPORTS_BOOK` names
//! the unpaid book of the reports, made there when it does not exist and kept (so that runs can
//! compare books made by different versions).

use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{DemoRequest, ImportRequest, NewBook, OpenBook, ProfileChoice};
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

fn import_bench(dir: &std::path::Path, invoices: usize) {
    let csv = dir.join(format!("ledger-{invoices}.csv"));
    let rows =
        creditdesk_app::write_demo_csv(&csv, &DemoRequest::benchmark(invoices)).expect("csv");
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);

    let path = dir.join(format!("import-{invoices}.creditdesk"));
    let eur = Currency::from_code("EUR").unwrap();
    let new = NewBook {
        name: "Bench".into(),
        currency: eur,
    };
    let mut book = creditdesk_app::create_book(&path, &new).expect("book");
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
    drop(book);
    let _ = std::fs::remove_file(csv);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn report_bench(dir: &std::path::Path, invoices: usize) {
    let kept = std::env::var_os("CREDITDESK_BENCH_REPORTS_BOOK").map(std::path::PathBuf::from);
    let path = kept.unwrap_or_else(|| dir.join("reports.creditdesk"));
    if path.exists() {
        println!(
            "unpaid demo book: {} (kept from an earlier run)",
            path.display()
        );
    } else {
        let started = Instant::now();
        let request = DemoRequest::benchmark(invoices);
        let made = creditdesk_app::create_unpaid_demo_book(&path, &request).expect("book");
        println!(
            "unpaid demo book: {} invoices generated and written in {:.1} s",
            made.invoices,
            started.elapsed().as_secs_f64()
        );
    }
    let book = OpenBook::open(&path).expect("open");
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let buckets = Buckets::default();
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let as_of_day = (as_of - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
    let (rows, open): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE issue_day <= ?1 AND settled_minor < amount_minor)
             FROM instalment",
            [as_of_day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    println!("{rows} instalments, {open} of them open as of {as_of}");

    for round in 1..=3 {
        let started = Instant::now();
        let overview = book.overview(as_of, &buckets, 90).expect("overview");
        let together = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let aging = book.aging(as_of, &buckets).expect("aging");
        let measures = book.measures(as_of, 90).expect("measures");
        let apart = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let (count, sum): (i64, i64) = conn
            .query_row(
                "SELECT count(*), sum(amount_minor) FROM instalment",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("scan");
        let scan = started.elapsed().as_secs_f64();
        assert_eq!(overview.aging, aging);
        assert_eq!(overview.measures, measures);
        std::hint::black_box((count, sum));
        println!(
            "round {round}: overview (aging + measures) {:.0} ms = {:.1} x the bare scan; aging, \
             then measures {:.0} ms; bare scan of {count} instalments {:.0} ms",
            together * 1000.0,
            together / scan,
            apart * 1000.0,
            scan * 1000.0,
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
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let only = std::env::var("CREDITDESK_BENCH_ONLY").unwrap_or_default();
    if only != "reports" {
        import_bench(dir.path(), invoices / 10);
        import_bench(dir.path(), invoices / 2);
    }
    if only != "import" {
        report_bench(dir.path(), invoices * 4 / 5);
    }
}
