//! A statement of account for HARBOUR, whose two invoices of 2024-03-31 (INV-1 1,000.00 EUR and
//! INV-2 500.00 EUR, net 30, due 2024-04-30) are partly paid, partly credited, with cash not
//! yet allocated.

mod support;

use creditdesk_app::error::ErrorCode;
use creditdesk_app::{CustomerInput, OpenBook, SettlementInput, StatementLineKind};
use creditdesk_core::ledger::SettlementKind;
use support::{book, date, invoice, payment};

fn harbour(dir: &std::path::Path) -> OpenBook {
    let mut book = book(dir);
    book.save_customer(&CustomerInput {
        reference: "HARBOUR".into(),
        name: "Harbour Supplies".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    book.post_invoice(&invoice("INV-1", "1000.00", Some("net 30")))
        .unwrap();
    book.post_invoice(&invoice("INV-2", "500.00", Some("net 30")))
        .unwrap();
    // 400.00 paid on INV-1 on 2024-05-10; 100.00 received on 2024-05-20 naming no invoice; a
    // credit note of 50.00 on INV-2 on 2024-06-05.
    book.record_settlement(&SettlementInput {
        invoice: Some("INV-1".into()),
        ..payment("PAY-1", Some("400.00"))
    })
    .unwrap();
    book.record_settlement(&SettlementInput {
        date: date("2024-05-20"),
        ..payment("PAY-2", Some("100.00"))
    })
    .unwrap();
    book.record_settlement(&SettlementInput {
        kind: SettlementKind::CreditNote,
        date: date("2024-06-05"),
        invoice: Some("INV-2".into()),
        ..payment("CN-1", Some("50.00"))
    })
    .unwrap();
    book
}

#[test]
fn a_statement_runs_from_the_opening_balance_to_the_aging_of_what_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());

    let statement = book
        .account_statement("HARBOUR", Some(date("2024-05-01")), date("2024-06-30"))
        .unwrap();
    assert_eq!(statement.customer_name, "Harbour Supplies");
    assert_eq!(statement.currencies.len(), 1);
    let eur = &statement.currencies[0];
    // Both invoices were issued before May: 1,500.00 owed at the start.
    assert_eq!(eur.opening.amount().to_string(), "1500.00");
    let lines: Vec<(String, StatementLineKind, &str, String, String, String)> = eur
        .lines
        .iter()
        .map(|l| {
            (
                l.date.to_string(),
                l.kind,
                l.reference.as_str(),
                l.debit.amount().to_string(),
                l.credit.amount().to_string(),
                l.balance.amount().to_string(),
            )
        })
        .collect();
    let line = |d: &str, k, r, debit: &str, credit: &str, balance: &str| {
        (
            d.to_string(),
            k,
            r,
            debit.to_string(),
            credit.to_string(),
            balance.to_string(),
        )
    };
    assert_eq!(
        lines,
        vec![
            line(
                "2024-05-10",
                StatementLineKind::Payment,
                "PAY-1",
                "0.00",
                "400.00",
                "1100.00"
            ),
            line(
                "2024-05-20",
                StatementLineKind::Payment,
                "PAY-2",
                "0.00",
                "100.00",
                "1000.00"
            ),
            line(
                "2024-06-05",
                StatementLineKind::CreditNote,
                "CN-1",
                "0.00",
                "50.00",
                "950.00"
            ),
        ]
    );
    // 1,500.00 - 400.00 - 100.00 - 50.00.
    assert_eq!(eur.closing.amount().to_string(), "950.00");

    // Open on 2024-06-30: INV-1 600.00 and INV-2 450.00, both 61 days overdue. The closing
    // balance is that less the 100.00 not yet allocated: the aging's net.
    let aging: Vec<(&str, String)> = eur
        .aging
        .iter()
        .map(|b| (b.label.as_str(), b.amount.amount().to_string()))
        .collect();
    assert_eq!(
        aging,
        vec![
            ("Current", "0.00".to_string()),
            ("1-30", "0.00".to_string()),
            ("31-60", "0.00".to_string()),
            ("61-90", "1050.00".to_string()),
            ("90+", "0.00".to_string()),
        ]
    );
    assert_eq!(eur.overdue.amount().to_string(), "1050.00");
    // PAY-2's 100.00 is on a line of its own, so the aging adds up to the closing balance.
    assert_eq!(eur.unapplied.amount().to_string(), "100.00");
    let aged: rust_decimal::Decimal = eur.aging.iter().map(|b| b.amount.amount()).sum();
    assert_eq!(aged - eur.unapplied.amount(), eur.closing.amount());
    let report = book
        .aging(
            date("2024-06-30"),
            &creditdesk_core::aging::Buckets::default(),
        )
        .unwrap();
    assert_eq!(report.customers[0].net, eur.closing);
}

#[test]
fn a_statement_over_the_whole_history_opens_at_zero_and_lists_the_invoices() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let statement = book
        .account_statement("HARBOUR", Some(date("2024-01-01")), date("2024-05-15"))
        .unwrap();
    let eur = &statement.currencies[0];
    assert_eq!(eur.opening.amount().to_string(), "0.00");
    let kinds: Vec<(StatementLineKind, &str, Option<String>)> = eur
        .lines
        .iter()
        .map(|l| {
            (
                l.kind,
                l.reference.as_str(),
                l.due_date.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                StatementLineKind::Invoice,
                "INV-1",
                Some("2024-04-30".to_string())
            ),
            (
                StatementLineKind::Invoice,
                "INV-2",
                Some("2024-04-30".to_string())
            ),
            (StatementLineKind::Payment, "PAY-1", None),
        ]
    );
    assert_eq!(eur.closing.amount().to_string(), "1100.00");

    // The default period is the last three calendar months: 2024-03-01 to 2024-05-15.
    let default = book
        .account_statement("HARBOUR", None, date("2024-05-15"))
        .unwrap();
    assert_eq!(default.from, date("2024-03-01"));
    assert_eq!(default.currencies[0].lines.len(), 3);
}

#[test]
fn a_statement_needs_a_customer_and_a_period_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let err = book
        .account_statement("HARBOUR", Some(date("2024-07-01")), date("2024-06-30"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "The statement would start on 2024-07-01, after its last day 2024-06-30; give a first \
         day on or before the last."
    );
    let err = book
        .account_statement("NOBODY", None, date("2024-06-30"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        err.message,
        "No customer with reference NOBODY is in the book; check the reference."
    );
}

#[test]
fn a_statement_prints_as_a_pdf_in_the_currency_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let options = creditdesk_app::PrintOptions::default();
    let pdf = book
        .statement_pdf("HARBOUR", None, date("2024-06-30"), None, options)
        .unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert_eq!(pdf.file_name, "statement-HARBOUR-EUR-2024-06-30.pdf");
    let saved = dir.path().join("statement.pdf");
    pdf.save(&saved).unwrap();
    assert_eq!(std::fs::read(&saved).unwrap(), pdf.bytes);
    // The aging prints PAY-2's 100.00 in a column of its own and totals to the closing balance.
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", saved.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(
            "Current 1-30 31-60 61-90 90+ Received, not yet allocated Total (EUR)\n\
                       0.00 0.00 0.00 1,050.00 0.00 -100.00 950.00"
        ),
        "{text}"
    );

    // Once HARBOUR also owes dollars, the currency must be chosen.
    book.post_invoice(&creditdesk_app::InvoiceInput {
        currency: Some(creditdesk_core::Currency::from_code("USD").unwrap()),
        ..invoice("INV-3", "80.00", Some("net 30"))
    })
    .unwrap();
    let err = book
        .statement_pdf("HARBOUR", None, date("2024-06-30"), None, options)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "HARBOUR deals in several currencies (EUR, USD); choose the currency of the statement."
    );
    let gbp = creditdesk_core::Currency::from_code("GBP").unwrap();
    let err = book
        .statement_pdf("HARBOUR", None, date("2024-06-30"), Some(gbp), options)
        .unwrap_err();
    assert_eq!(
        err.message,
        "HARBOUR has no statement in GBP; it has one in EUR, USD."
    );
    let usd = creditdesk_core::Currency::from_code("USD").unwrap();
    assert!(book
        .statement_pdf("HARBOUR", None, date("2024-06-30"), Some(usd), options)
        .is_ok());
    let err = book
        .statement_pdf("HARBOUR", None, date("2024-01-31"), None, options)
        .unwrap_err();
    assert_eq!(
        err.message,
        "Nothing was invoiced to or received from HARBOUR by 2024-01-31; there is no statement \
         to print."
    );
}
