//! Real exports of other accounting systems (`../shared/data/exports`) imported into a book
//! through the application layer: what a user gets when they bring their ledger in.

use std::path::PathBuf;

use chrono::NaiveDate;
use creditdesk_app::{ImportReport, ImportRequest, OpenBook, ProfileChoice};
use creditdesk_tests::{new_book, shared_data};

fn import(book: &mut OpenBook, file: PathBuf, profile: &str, dry_run: bool) -> ImportReport {
    let request = ImportRequest {
        file,
        profile: ProfileChoice::Builtin(profile.into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: Some(NaiveDate::from_ymd_opt(2021, 2, 1).unwrap()),
        dry_run,
    };
    book.import_file(&request, &mut |_| true)
        .expect("the import runs")
}

#[test]
fn invoice_ninja_payments_naming_an_unknown_invoice_reject_the_whole_file_by_line() {
    let Some(data) = shared_data() else { return };
    let (_dir, mut book) = new_book("USD");
    let invoices = import(
        &mut book,
        data.join("exports/invoiceninja_v4_invoices.csv"),
        "invoiceninja-v4",
        false,
    );
    assert!(invoices.committed, "{:?}", invoices.problems);
    let before = book.counts().unwrap();

    // The export's last two rows refund 400.00 on invoice 801, which the invoice export does not
    // contain (its numbers stop at 780): the import names the line and writes nothing at all.
    let payments = import(
        &mut book,
        data.join("exports/invoiceninja_v4_payments.csv"),
        "invoiceninja-v4-payments",
        false,
    );
    assert!(!payments.committed);
    let lines: Vec<u64> = payments.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [406], "{:?}", payments.problems);
    assert!(
        payments.problems[0].message.contains("801"),
        "{}",
        payments.problems[0]
    );
    assert_eq!(
        before,
        book.counts().unwrap(),
        "nothing of the rejected file was written"
    );
}

#[test]
fn a_dry_run_reports_exactly_what_the_real_run_then_does() {
    let Some(data) = shared_data() else { return };
    let (_dir, mut book) = new_book("USD");
    let file = data.join("exports/invoiceninja_v4_invoices.csv");
    let dry = import(&mut book, file.clone(), "invoiceninja-v4", true);
    assert!(!dry.committed);
    assert_eq!(
        book.counts().unwrap().invoices,
        0,
        "a dry run writes nothing"
    );

    let real = import(&mut book, file.clone(), "invoiceninja-v4", false);
    assert!(real.committed);
    assert_eq!(dry.tally, real.tally);
    assert_eq!(dry.warnings, real.warnings);
    assert_eq!(
        book.counts().unwrap().invoices,
        real.tally.invoices.inserted as i64
    );

    // And importing it again changes nothing.
    let again = import(&mut book, file, "invoiceninja-v4", false);
    assert_eq!(again.tally.invoices.inserted, 0);
    assert_eq!(again.tally.invoices.unchanged, real.tally.invoices.inserted);
}
