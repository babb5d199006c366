//! Exports that say what was paid on an invoice without the payments (Xero's
//! `InvoiceAmountPaid`, FreshBooks' paid status, Zoho's amount paid and written off) imported
//! month after month: a later export of the same invoices, dated later and with more paid, adds
//! what was paid since (payments and refunds entered by hand count), and an export imported
//! again changes nothing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use creditdesk_app::{ImportReport, ImportRequest, NewBook, OpenBook, ProfileChoice};
use creditdesk_core::Currency;

const XERO_HEADER: &str = "ContactName,EmailAddress,POAddressLine1,POAddressLine2,\
    POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,SAAddressLine1,\
    SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,SARegion,SAPostalCode,SACountry,\
    InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,InvoiceAmountPaid,\
    InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,\
    AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,\
    Currency,Type,Sent,Status";

/// A Xero export of two invoices of Wexford Mills Ltd with what had been paid on each.
fn xero(dir: &Path, name: &str, paid_1: &str, paid_2: &str) -> PathBuf {
    let row = |number: &str, date: &str, due: &str, total: &str, paid: &str| {
        format!(
            "Wexford Mills Ltd,,,,,,,,,GB,,,,,,,,,{number},,{date},{due},,{total},,{paid},,,,,,,\
             {total},,,,,,,,GBP,Sales invoice,,Awaiting Payment\n"
        )
    };
    let text = format!(
        "{XERO_HEADER}\n{}{}",
        row("INV-0001", "01/03/2024", "31/03/2024", "1200.00", paid_1),
        row("INV-0002", "13/03/2024", "12/04/2024", "300.00", paid_2),
    );
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A new book of Harbour & Finch LLP keeping its accounts in `currency`.
fn book_in(dir: &Path, currency: &str) -> OpenBook {
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: Currency::from_code(currency).unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn import(book: &mut OpenBook, file: &Path, export_date: &str) -> ImportReport {
    let request = ImportRequest {
        file: file.to_path_buf(),
        profile: ProfileChoice::Builtin("xero".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: Some(date(export_date)),
        dry_run: false,
    };
    let report = book.import_file(&request, &mut |_| true).unwrap();
    assert!(report.committed, "{:?}", report.problems);
    report
}

/// The payments of an invoice: reference, date, amount.
fn payments(book: &OpenBook, number: &str) -> Vec<(String, NaiveDate, String)> {
    let invoice = book.invoice(number).unwrap();
    let mut payments: Vec<_> = invoice
        .instalments
        .iter()
        .flat_map(|i| &i.allocations)
        .map(|a| {
            let amount = a.amount.to_string();
            (a.settlement_reference.clone(), a.settlement_date, amount)
        })
        .collect();
    payments.sort();
    payments
}

#[test]
fn each_later_export_adds_what_was_paid_since_it_and_an_export_imported_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book_in(dir.path(), "GBP");

    let march = xero(dir.path(), "march.csv", "500.00", "0.00");
    let april = xero(dir.path(), "april.csv", "800.00", "300.00");
    let may = xero(dir.path(), "may.csv", "800.00", "300.00");

    let first = import(&mut book, &march, "2024-03-31");
    assert_eq!(first.tally.settlements.inserted, 1);
    assert_eq!(
        payments(&book, "INV-0001"),
        [(
            "INV-0001-paid".into(),
            date("2024-03-31"),
            "500.00 GBP".into()
        )]
    );

    // April: 300.00 more on the first invoice, the second paid in full.
    let second = import(&mut book, &april, "2024-04-30");
    assert!(second.problems.is_empty(), "{:?}", second.problems);
    assert_eq!(second.tally.settlements.inserted, 2);
    assert_eq!(
        payments(&book, "INV-0001"),
        [
            (
                "INV-0001-paid".into(),
                date("2024-03-31"),
                "500.00 GBP".into()
            ),
            (
                "INV-0001-paid-2024-04-30".into(),
                date("2024-04-30"),
                "300.00 GBP".into()
            ),
        ]
    );
    assert_eq!(
        payments(&book, "INV-0002"),
        [(
            "INV-0002-paid".into(),
            date("2024-04-30"),
            "300.00 GBP".into()
        )]
    );

    // May: nothing more paid, though the export is dated later; then the older exports again.
    for (file, export_date) in [
        (&may, "2024-05-31"),
        (&march, "2024-03-31"),
        (&april, "2024-04-30"),
    ] {
        let again = import(&mut book, file, export_date);
        assert_eq!(again.tally.settlements.inserted, 0, "{export_date}");
        assert_eq!(again.tally.settlements.conflicts, 0, "{export_date}");
    }
    assert_eq!(payments(&book, "INV-0001").len(), 2);
    assert_eq!(
        book.invoice("INV-0001").unwrap().open.to_string(),
        "400.00 GBP"
    );

    // The aging at the end of March counts only what the March export said was paid.
    let march_aging = book.aging(date("2024-03-31"), &Default::default()).unwrap();
    assert_eq!(march_aging.totals[0].open_total.to_string(), "1000.00 GBP");
    let april_aging = book.aging(date("2024-04-30"), &Default::default()).unwrap();
    assert_eq!(april_aging.totals[0].open_total.to_string(), "400.00 GBP");
}

#[test]
fn a_later_export_that_shows_less_paid_takes_nothing_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book_in(dir.path(), "GBP");
    let april = xero(dir.path(), "april.csv", "800.00", "300.00");
    let may = xero(dir.path(), "may.csv", "500.00", "300.00");
    import(&mut book, &april, "2024-04-30");
    let report = import(&mut book, &may, "2024-05-31");
    assert_eq!(report.tally.settlements.inserted, 0);
    assert_eq!(report.tally.settlements.unchanged, 2);
    assert_eq!(
        book.invoice("INV-0001").unwrap().open.to_string(),
        "400.00 GBP"
    );
}

/// A payment of `amount` (below zero: a refund) recorded by hand on `invoice`.
fn settle_by_hand(book: &mut OpenBook, reference: &str, on: &str, amount: &str, invoice: &str) {
    let input = creditdesk_app::SettlementInput {
        kind: creditdesk_core::ledger::SettlementKind::Payment,
        reference: reference.into(),
        customer: "Wexford Mills Ltd".into(),
        date: date(on),
        amount: Some(amount.parse().unwrap()),
        currency: None,
        invoice: Some(invoice.into()),
        paid: None,
    };
    book.record_settlement(&input).unwrap();
}

#[test]
fn payments_and_refunds_recorded_by_hand_count_towards_what_an_export_says_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book_in(dir.path(), "GBP");
    // 200.00 of the first invoice was paid and recorded by hand before any export.
    import(
        &mut book,
        &xero(dir.path(), "january.csv", "0.00", "0.00"),
        "2024-03-01",
    );
    settle_by_hand(&mut book, "BACS-1", "2024-03-10", "200.00", "INV-0001");

    // March says 500.00 paid: 300.00 more than the book holds.
    import(
        &mut book,
        &xero(dir.path(), "march.csv", "500.00", "0.00"),
        "2024-03-31",
    );
    assert_eq!(
        book.invoice("INV-0001").unwrap().open.to_string(),
        "700.00 GBP"
    );

    // The transfer of 500.00 bounced (a refund by hand), and was paid again by the end of May.
    settle_by_hand(&mut book, "BOUNCE-1", "2024-04-10", "-500.00", "INV-0001");
    let april = xero(dir.path(), "april.csv", "0.00", "0.00");
    assert_eq!(
        import(&mut book, &april, "2024-04-30")
            .tally
            .settlements
            .inserted,
        0
    );
    assert_eq!(
        book.invoice("INV-0001").unwrap().open.to_string(),
        "1200.00 GBP"
    );
    let may = xero(dir.path(), "may.csv", "500.00", "0.00");
    assert_eq!(
        import(&mut book, &may, "2024-05-31")
            .tally
            .settlements
            .inserted,
        1
    );
    assert_eq!(
        book.invoice("INV-0001").unwrap().open.to_string(),
        "700.00 GBP"
    );
    assert_eq!(
        payments(&book, "INV-0001")
            .into_iter()
            .map(|(reference, _, amount)| format!("{reference} {amount}"))
            .collect::<Vec<_>>(),
        [
            "BACS-1 200.00 GBP",
            "BOUNCE-1 -500.00 GBP",
            "INV-0001-paid 300.00 GBP",
            "INV-0001-paid-2024-05-31 500.00 GBP",
        ]
    );
}

#[test]
fn a_write_off_that_grows_between_two_zoho_exports_adds_what_was_written_off_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book_in(dir.path(), "USD");
    let zoho = |name: &str, balance: &str, written_off_on: &str, written_off: &str| {
        let text = format!(
            "Invoice Date,Invoice Number,Invoice Status,Customer Name,Currency Code,Total,\
             Balance,Last Payment Date,WriteOff Date,WriteOff Amount\n\
             2021-01-28,INV-30,Overdue,Highlander,USD,200.00,{balance},2021-02-10,\
             {written_off_on},{written_off}\n"
        );
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        ImportRequest {
            file: path,
            profile: ProfileChoice::Builtin("zoho-invoice".into()),
            currency: None,
            customer: None,
            terms: None,
            export_date: None,
            dry_run: false,
        }
    };
    for (file, inserted) in [
        (zoho("march.csv", "100.00", "2021-03-01", "50.00"), 2),
        (zoho("april.csv", "50.00", "2021-04-01", "100.00"), 1),
        (zoho("march.csv", "100.00", "2021-03-01", "50.00"), 0),
    ] {
        let report = book.import_file(&file, &mut |_| true).unwrap();
        assert!(report.committed, "{:?}", report.problems);
        assert_eq!(report.tally.settlements.inserted, inserted);
    }
    let invoice = book.invoice("INV-30").unwrap();
    assert_eq!(invoice.open.to_string(), "50.00 USD");
    let written_off: Vec<(String, NaiveDate)> = invoice
        .instalments
        .iter()
        .flat_map(|i| &i.allocations)
        .filter(|a| a.settlement_kind == creditdesk_core::ledger::SettlementKind::WriteOff)
        .map(|a| (a.settlement_reference.clone(), a.applied_on))
        .collect();
    assert_eq!(
        written_off,
        [
            ("INV-30-written-off".to_string(), date("2021-03-01")),
            (
                "INV-30-written-off-2021-04-01".to_string(),
                date("2021-04-01")
            ),
        ]
    );
}
