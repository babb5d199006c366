//! The IBM late-payment ledger (2,466 real B2B invoices of 2012-2013) imported from
//! `../shared/data`, checked against figures computed independently from the raw file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_app::{ImportRequest, ProfileChoice};
use creditdesk_core::aging::Buckets;
use creditdesk_tests::{cents, new_book, shared_data};

/// One row of the raw file, read with nothing but the csv crate and hand-written date parsing.
struct RawInvoice {
    number: String,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
    settled_date: NaiveDate,
    cents: i64,
    disputed: bool,
    days_late: i64,
}

/// `M/D/YYYY` as the file writes it.
fn us_date(text: &str) -> NaiveDate {
    let parts: Vec<u32> = text
        .split('/')
        .map(|p| p.parse().expect("date part"))
        .collect();
    NaiveDate::from_ymd_opt(parts[2] as i32, parts[0], parts[1]).expect("valid date")
}

fn raw_ledger(file: &str) -> Vec<RawInvoice> {
    let mut reader = csv::Reader::from_path(file).expect("ledger readable");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .expect("column present")
    };
    let (number, inv, due, settled, amount, disputed, late) = (
        col("invoiceNumber"),
        col("InvoiceDate"),
        col("DueDate"),
        col("SettledDate"),
        col("InvoiceAmount"),
        col("Disputed"),
        col("DaysLate"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            RawInvoice {
                number: r[number].to_string(),
                invoice_date: us_date(&r[inv]),
                due_date: us_date(&r[due]),
                settled_date: us_date(&r[settled]),
                cents: cents(&r[amount]),
                disputed: &r[disputed] == "Yes",
                days_late: r[late].parse().expect("DaysLate"),
            }
        })
        .collect()
}

fn import_ibm(book: &mut creditdesk_app::OpenBook, file: std::path::PathBuf) {
    let request = ImportRequest {
        file,
        profile: ProfileChoice::Builtin("ibm-late-payment".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    };
    let report = book
        .import_file(&request, &mut |_| true)
        .expect("import runs");
    assert!(
        report.problems.is_empty(),
        "the real ledger imports cleanly: {:?}",
        report.problems
    );
    assert!(report.committed);
}

#[test]
fn days_late_at_settlement_equals_the_ledgers_own_days_late_column() {
    let Some(data) = shared_data() else { return };
    let file = data.join("ledgers/ibm-late-payment.csv");
    let raw = raw_ledger(file.to_str().unwrap());
    assert_eq!(raw.len(), 2466);
    let (_dir, mut book) = new_book("USD");
    import_ibm(&mut book, file);

    for invoice in &raw {
        let detail = book
            .invoice(&invoice.number)
            .expect("every invoice is in the book");
        let due = detail.instalments[0].due_date;
        let settled = detail.instalments[0]
            .allocations
            .iter()
            .find(|a| a.settlement_reference == format!("{}-settled", invoice.number))
            .map(|a| a.settlement_date)
            .expect("every invoice of this ledger is settled");
        // Days late is counted from the due date, never below zero; invoice numbers keep their
        // leading zeros, so the lookup by the file's text must succeed.
        let days_late = (settled - due).num_days().max(0);
        assert_eq!(days_late, invoice.days_late, "invoice {}", invoice.number);
        assert_eq!(
            detail.disputed, invoice.disputed,
            "invoice {}",
            invoice.number
        );
    }
}

#[test]
fn aging_at_past_dates_equals_an_independent_computation_from_the_raw_file() {
    let Some(data) = shared_data() else { return };
    let file = data.join("ledgers/ibm-late-payment.csv");
    let raw = raw_ledger(file.to_str().unwrap());
    let (_dir, mut book) = new_book("USD");
    import_ibm(&mut book, file);

    let buckets = Buckets::default();
    for as_of in [
        "2012-03-31",
        "2012-06-30",
        "2012-12-31",
        "2013-03-15",
        "2013-06-30",
        "2013-12-31",
    ] {
        let as_of: NaiveDate = as_of.parse().unwrap();
        // Independent oracle: an invoice is open at the as-of date when it was issued on or
        // before it and settled after it; its bucket follows from as-of minus due date.
        let mut expected: BTreeMap<usize, i64> = BTreeMap::new();
        for inv in raw
            .iter()
            .filter(|i| i.invoice_date <= as_of && i.settled_date > as_of)
        {
            let days = (as_of - inv.due_date).num_days();
            let bucket = match days {
                d if d <= 0 => 0,
                1..=30 => 1,
                31..=60 => 2,
                61..=90 => 3,
                _ => 4,
            };
            *expected.entry(bucket).or_default() += inv.cents;
        }
        let report = book.aging(as_of, &buckets).expect("aging");
        let usd: Vec<_> = report
            .totals
            .iter()
            .filter(|r| r.currency.code() == "USD")
            .collect();
        let total: i64 = expected.values().sum();
        if total == 0 {
            assert!(
                usd.is_empty() || usd[0].open_total.is_zero(),
                "nothing open at {as_of}"
            );
            continue;
        }
        let row = usd[0];
        for (i, amount) in row.buckets.iter().enumerate() {
            let want = expected.get(&i).copied().unwrap_or(0);
            assert_eq!(amount.to_minor().unwrap(), want, "bucket {i} at {as_of}");
        }
        assert_eq!(
            row.open_total.to_minor().unwrap(),
            total,
            "total at {as_of}"
        );
    }
}

#[test]
fn importing_the_same_ledger_twice_changes_nothing() {
    let Some(data) = shared_data() else { return };
    let file = data.join("ledgers/ibm-late-payment.csv");
    let (_dir, mut book) = new_book("USD");
    import_ibm(&mut book, file.clone());
    let before = book
        .aging("2013-06-30".parse().unwrap(), &Buckets::default())
        .unwrap();
    let counts_before = book.counts().unwrap();

    import_ibm(&mut book, file);
    let after = book
        .aging("2013-06-30".parse().unwrap(), &Buckets::default())
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(counts_before, book.counts().unwrap());
}

#[test]
fn the_spreadsheet_resaved_copy_matches_the_invoices_already_in_the_book() {
    let Some(data) = shared_data() else { return };
    let (_dir, mut book) = new_book("USD");
    import_ibm(&mut book, data.join("ledgers/ibm-late-payment.csv"));
    let counts_before = book.counts().unwrap();

    // A spreadsheet dropped the leading zeros ("0000611365" came back as "611365"): the same
    // invoices must be recognised, not imported a second time.
    import_ibm(
        &mut book,
        data.join("ledgers/ibm-late-payment.excel-resaved.csv"),
    );
    assert_eq!(counts_before, book.counts().unwrap());
    assert!(book.invoice("0000611365").is_ok());
}
