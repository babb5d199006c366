//! The shared fault cases that cross the crates: written as a small ledger in the generic CSV
//! layout, imported into a real book file, and checked in the reports.

use creditdesk_app::SettlementInput;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::Currency;
use creditdesk_tests::{aging_line, import_text, new_book};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn b07_instalment_invoice_ages_each_instalment_by_its_own_due_date() {
    let (_dir, mut book) = new_book("USD");
    let report = import_text(
        &mut book,
        "generic",
        "record,customer_ref,number,date,due_date,terms,amount\n\
         invoice,SAGUARO,INV-301,2024-01-15,,net 31 in 3 parts every 1 month,1200.00\n\
         invoice,SAGUARO,INV-302,2024-01-21,2024-02-20,,500.00\n",
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // 2024-01-15 + 31 days = 2024-02-15, then 03-15 and 04-15: 400.00 each.
    let detail = book.invoice("INV-301").unwrap();
    let dues: Vec<String> = detail
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(dues, strings(&["2024-02-15", "2024-03-15", "2024-04-15"]));

    let (buckets, total, _, _) = aging_line(&book, "2024-03-01", "USD");
    // Instalment 1 (15 days) and INV-302 (10 days) are 1-30; instalments 2 and 3 are current.
    assert_eq!(
        buckets,
        strings(&["800.00", "900.00", "0.00", "0.00", "0.00"])
    );
    assert_eq!(total, "1700.00");

    let overdue = book
        .invoices(&creditdesk_app::InvoiceQuery {
            as_of: "2024-03-01".parse().unwrap(),
            overdue_only: true,
            customer: None,
            currency: None,
            disputed_only: false,
            limit: 10,
            offset: 0,
        })
        .unwrap();
    let numbers: Vec<&str> = overdue.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["INV-301", "INV-302"],
        "INV-301 is overdue though only one part is"
    );
}

#[test]
fn b08_partial_credit_note_leaves_the_invoice_partially_settled() {
    let (_dir, mut book) = new_book("USD");
    let report = import_text(
        &mut book,
        "generic",
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         invoice,PINE,Pine Hollow Crafts,INV-401,2024-05-01,2024-05-31,50.00,\n\
         credit_note,PINE,,CN-9,2024-06-03,,10.00,INV-401\n",
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let detail = book.invoice("INV-401").unwrap();
    assert_eq!(detail.open.amount(), d("40.00"));
    assert_eq!(detail.status.as_str(), "partially settled");
    let (buckets, total, _, _) = aging_line(&book, "2024-06-15", "USD");
    assert_eq!(
        buckets,
        strings(&["0.00", "40.00", "0.00", "0.00", "0.00"]),
        "15 days: 1-30"
    );
    assert_eq!(total, "40.00");
    // Before the credit note's date the whole 50.00 was open.
    let (_, before, _, _) = aging_line(&book, "2024-06-02", "USD");
    assert_eq!(before, "50.00");
}

#[test]
fn b10_unapplied_receipt_shows_on_its_own_line_and_nets_the_balance() {
    let (_dir, mut book) = new_book("EUR");
    let report = import_text(
        &mut book,
        "generic",
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         invoice,GREENLEAF,Greenleaf Catering,INV-501,2024-01-01,2024-01-31,500.00,\n\
         payment,GREENLEAF,,R-77,2024-02-10,,500.00,\n\
         invoice,GREENLEAF,,INV-502,2024-03-01,2024-03-31,800.00,\n",
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let (buckets, total, unapplied, net) = aging_line(&book, "2024-03-01", "EUR");
    assert_eq!(
        buckets,
        strings(&["800.00", "500.00", "0.00", "0.00", "0.00"])
    );
    assert_eq!(
        (total.as_str(), unapplied.as_str(), net.as_str()),
        ("1300.00", "-500.00", "800.00")
    );

    // Allocating R-77 oldest due first settles INV-501 and empties the unapplied line.
    let made = book
        .allocate_unapplied("GREENLEAF", "2024-03-01".parse().unwrap())
        .unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].invoice_number, "INV-501");
    let (buckets, total, unapplied, net) = aging_line(&book, "2024-03-01", "EUR");
    assert_eq!(
        buckets,
        strings(&["800.00", "0.00", "0.00", "0.00", "0.00"])
    );
    assert_eq!(
        (total.as_str(), unapplied.as_str(), net.as_str()),
        ("800.00", "0.00", "800.00")
    );
}

#[test]
fn b22a_payments_in_another_currency_reduce_the_document_currency_balance() {
    let (_dir, mut book) = new_book("CZK");
    let report = import_text(
        &mut book,
        "generic",
        "record,customer_ref,customer_name,number,date,due_date,amount,currency\n\
         invoice,VLTAVA,Vltava Exports s.r.o.,INV-1301,2024-01-10,2024-02-09,350.00,USD\n",
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let czk = Currency::from_code("CZK").unwrap();
    for (reference, paid) in [("P-1", "2000.00"), ("P-2", "1000.00")] {
        let input = SettlementInput {
            kind: SettlementKind::Payment,
            reference: reference.into(),
            customer: "VLTAVA".into(),
            date: "2024-02-20".parse().unwrap(),
            amount: None,
            currency: None,
            invoice: Some("INV-1301".into()),
            paid: Some((d(paid), czk, d("0.03"))),
        };
        book.record_settlement(&input).unwrap();
    }

    // 2,000.00 CZK x 0.03 = 60.00 USD and 1,000.00 CZK x 0.03 = 30.00 USD.
    let detail = book.invoice("INV-1301").unwrap();
    assert_eq!(detail.open.to_string(), "260.00 USD");
    // The "pay in full" figure for a CZK account: 260 / 0.03 = 8,666.67 CZK.
    let in_czk = detail.open.convert_back(d("0.03"), czk).unwrap();
    assert_eq!(in_czk.to_string(), "8666.67 CZK");
    let (_, total, _, _) = aging_line(&book, "2024-03-01", "USD");
    assert_eq!(
        total, "260.00",
        "the balance stays in the document currency"
    );
}

#[test]
fn b04_discount_taken_on_the_deadline_settles_the_invoice() {
    let (_dir, mut book) = new_book("GBP");
    let report = import_text(
        &mut book,
        "generic",
        "record,customer_ref,customer_name,number,date,terms,amount,invoice\n\
         invoice,BRIGHT,Brightwater Supplies Ltd,INV-0404,2024-03-01,2/10 net 30,1000.00,\n\
         invoice,BRIGHT,,INV-0405,2024-03-01,2/10 net 30,1000.00,\n\
         payment,BRIGHT,,P-0404,2024-03-11,,980.00,INV-0404\n\
         payment,BRIGHT,,P-0405,2024-03-12,,980.00,INV-0405\n",
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let paid_in_time = book.invoice("INV-0404").unwrap();
    assert_eq!(paid_in_time.open.amount(), d("0.00"));
    assert_eq!(paid_in_time.status.as_str(), "settled");
    let late = book.invoice("INV-0405").unwrap();
    assert_eq!(late.open.amount(), d("20.00"));
    assert_eq!(late.instalments[0].due_date.to_string(), "2024-03-31");

    // The 20.00 left on INV-0405 is current until its due date, then overdue.
    let (buckets, _, _, _) = aging_line(&book, "2024-03-31", "GBP");
    assert_eq!(buckets, strings(&["20.00", "0.00", "0.00", "0.00", "0.00"]));
    let (buckets, _, _, _) = aging_line(&book, "2024-04-07", "GBP");
    assert_eq!(buckets, strings(&["0.00", "20.00", "0.00", "0.00", "0.00"]));
}

#[test]
fn b25_german_number_format_imports_four_rows_and_rejects_one_writing_nothing() {
    let (_dir, mut book) = new_book("EUR");
    let csv = "invoice_no;invoice_date;due_date;amount\n\
               R-1001;15.03.2024;14.04.2024;5.323,54\n\
               R-1002;01.04.2024;01.05.2024;-1.000\n\
               R-1003;02.04.2024;02.05.2024;1.000,5\n\
               R-1004;03.04.2024;03.05.2024;89,9\n\
               R-1005;04.04.2024;04.05.2024;1,000.50\n";
    let report = import_text(&mut book, "generic-de", csv, Some("Bäckerei Sonnenschein"));
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].line, 6);
    assert!(!report.committed, "one bad row means nothing is written");
    assert_eq!(book.counts().unwrap().invoices, 0);

    // Without the bad row, the four others import with the exact amounts.
    let good: String = csv.lines().take(5).map(|l| format!("{l}\n")).collect();
    let report = import_text(
        &mut book,
        "generic-de",
        &good,
        Some("Bäckerei Sonnenschein"),
    );
    assert!(
        report.committed && report.problems.is_empty(),
        "{:?}",
        report.problems
    );
    let r1001 = book.invoice("R-1001").unwrap();
    assert_eq!(r1001.total.amount(), d("5323.54"));
    assert_eq!(r1001.issue_date.to_string(), "2024-03-15");
    assert_eq!(r1001.instalments[0].due_date.to_string(), "2024-04-14");
    assert_eq!(book.invoice("R-1003").unwrap().total.amount(), d("1000.50"));
    assert_eq!(book.invoice("R-1004").unwrap().total.amount(), d("89.90"));
    // R-1002 is a credit of 1,000.00: unapplied, reducing the net balance.
    let (_, total, unapplied, net) = aging_line(&book, "2024-04-30", "EUR");
    assert_eq!(
        (total.as_str(), unapplied.as_str(), net.as_str()),
        ("6413.94", "-1000.00", "5413.94")
    );
}
