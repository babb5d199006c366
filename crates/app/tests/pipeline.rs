//! A large import read on one thread and written on another, and the overview of a large book
//! read by two connections, behave exactly as one thread reading and writing would: progress in
//! file order, all or nothing on a cancel or a bad file, and reports equal to the separate ones.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    DemoRequest, ImportProgress, ImportRequest, NewBook, OpenBook, ProfileChoice,
};
use creditdesk_core::aging::Buckets;
use creditdesk_core::Currency;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn demo(customers: usize, invoices: usize) -> DemoRequest {
    DemoRequest {
        seed: 7,
        customers,
        invoices,
        end: date("2025-12-31"),
        months: 24,
    }
}

fn empty_book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

fn request(file: &Path) -> ImportRequest {
    ImportRequest {
        file: file.to_path_buf(),
        profile: ProfileChoice::Builtin("generic".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    }
}

#[test]
fn a_long_file_is_imported_whole_with_progress_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ledger.csv");
    let rows = creditdesk_app::write_demo_csv(&csv, &demo(200, 8_000)).unwrap();
    let size = std::fs::metadata(&csv).unwrap().len();
    let mut book = empty_book(dir.path());

    let mut seen: Vec<ImportProgress> = Vec::new();
    let report = book
        .import_file(&request(&csv), &mut |p| {
            seen.push(*p);
            true
        })
        .unwrap();

    assert!(report.committed, "{:?}", report.problems.first());
    assert_eq!(report.rows_read, rows);
    assert!(
        rows > 16_384,
        "long enough for a progress report before the end"
    );
    let (last, before) = seen.split_last().unwrap();
    assert!(!before.is_empty());
    for (earlier, later) in seen.iter().zip(&seen[1..]) {
        assert!(earlier.rows_read <= later.rows_read && earlier.bytes_read <= later.bytes_read);
    }
    assert_eq!(before[0].rows_read, 16_384);
    assert_eq!(
        (last.rows_read, last.bytes_read, last.bytes_total),
        (rows, size, size)
    );

    // The same ledger written straight into a book reads the same.
    let direct = dir.path().join("direct.creditdesk");
    creditdesk_app::create_demo_book(&direct, &demo(200, 8_000)).unwrap();
    let direct = OpenBook::open(&direct).unwrap();
    assert_eq!(book.counts().unwrap(), direct.counts().unwrap());
    let as_of = date("2025-12-31");
    assert_eq!(
        book.overview(as_of, &Buckets::default(), 90).unwrap(),
        direct.overview(as_of, &Buckets::default(), 90).unwrap()
    );
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ledger.csv");
    creditdesk_app::write_demo_csv(&csv, &demo(200, 8_000)).unwrap();
    let mut book = empty_book(dir.path());
    let trail = book.audit_trail(10).unwrap().len();

    let report = book.import_file(&request(&csv), &mut |_| false).unwrap();

    assert!(report.cancelled && !report.committed);
    assert_eq!(
        report.rows_read, 16_384,
        "stopped at the first progress report"
    );
    let counts = book.counts().unwrap();
    assert_eq!(
        (counts.customers, counts.invoices, counts.settlements),
        (0, 0, 0)
    );
    assert_eq!(book.audit_trail(10).unwrap().len(), trail);
}

#[test]
fn a_file_found_unreadable_far_into_it_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ledger.csv");
    let rows = creditdesk_app::write_demo_csv(&csv, &demo(200, 4_000)).unwrap();
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"customer,C-BAD,Bad \xFF Name,,,,,,,,,,,\n");
    std::fs::write(&csv, bytes).unwrap();
    let mut book = empty_book(dir.path());

    let err = book
        .import_file(&request(&csv), &mut |_| true)
        .err()
        .unwrap();

    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        format!(
            "Line {} is not valid UTF-8 text. Choose a profile with the file's encoding, or save \
             the file as UTF-8 and import it again.",
            rows + 2
        )
    );
    let counts = book.counts().unwrap();
    assert_eq!(
        (counts.customers, counts.invoices, counts.settlements),
        (0, 0, 0)
    );
}

#[test]
fn the_overview_is_the_aging_and_the_measures_of_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.creditdesk");
    // More customers than the reports build on one thread.
    creditdesk_app::create_demo_book(&path, &demo(4_000, 16_000)).unwrap();
    let book = OpenBook::open(&path).unwrap();

    for as_of in ["2025-06-30", "2025-12-31"] {
        let as_of = date(as_of);
        let buckets = Buckets::default();
        let overview = book.overview(as_of, &buckets, 90).unwrap();
        assert!(
            overview.measures.len() > 2_000,
            "{}",
            overview.measures.len()
        );
        assert_eq!(overview.aging, book.aging(as_of, &buckets).unwrap());
        assert_eq!(overview.measures, book.measures(as_of, 90).unwrap());
    }

    let err = book
        .overview(date("2025-12-31"), &Buckets::default(), 0)
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "The period of 0 days is not accepted; give between 1 and 3660 days (90 is usual)."
    );
}
