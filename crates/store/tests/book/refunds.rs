//! Refunds: a settlement below zero that names an invoice takes back what the invoice settled,
//! so that the aging shows the invoice open again, in its own bucket, from the refund on; one
//! that names no invoice stays unapplied and keeps later allocations to what the customer
//! still has with us.

use creditdesk_core::aging::{AgingRow, Buckets};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_store::{Book, BookSettings, WriteOutcome};
use rusqlite::Connection;

use crate::allocation_columns::{disagreements, settled};
use crate::support::*;

fn book_at(dir: &tempfile::TempDir) -> (Book, Connection) {
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let book = Book::create(&path, &settings).unwrap();
    (book, Connection::open(&path).unwrap())
}

/// The customer's aging row as of `as_of`: buckets, unapplied and net, as text.
fn row(book: &Book, customer: &str, as_of: &str) -> (Vec<String>, String, String) {
    let aging = book.aging(date(as_of), &Buckets::default()).unwrap();
    let found: Vec<&AgingRow> = aging
        .customers
        .iter()
        .filter(|r| r.customer_reference.as_deref() == Some(customer))
        .collect();
    match found.as_slice() {
        [] => (vec!["0.00".into(); 5], "0.00".into(), "0.00".into()),
        [r] => (
            amounts(&r.buckets),
            r.unapplied.amount().to_string(),
            r.net.amount().to_string(),
        ),
        more => panic!("{} rows for {customer}", more.len()),
    }
}

fn buckets(values: [&str; 5]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn a_bounced_payment_reopens_its_invoice_in_the_invoices_bucket_from_the_refund_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // INV-1 is due 2024-02-09 and paid on 2024-02-05; the transfer bounces and the bank takes
    // the money back on 2024-03-01, which the ledger records as a refund naming the invoice.
    post(
        &mut book,
        &[customer("C-1", "Brightwater Supplies Ltd")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-10",
            "1000.00 EUR",
            "2024-02-09",
        )],
        &[
            payment("P-1", "C-1", "2024-02-05", "1000.00 EUR", Some("INV-1")),
            payment("P-1-R", "C-1", "2024-03-01", "-1000.00 EUR", Some("INV-1")),
        ],
    );
    assert_eq!(settled(&conn, "INV-1"), [0]);

    let nothing = buckets(["0.00", "0.00", "0.00", "0.00", "0.00"]);
    assert_eq!(
        row(&book, "C-1", "2024-02-20"),
        (nothing.clone(), "0.00".into(), "0.00".into()),
        "paid, before the refund"
    );
    // 2024-03-15 is 35 days past due: the 31-60 bucket, nothing unapplied.
    let reopened = buckets(["0.00", "0.00", "1000.00", "0.00", "0.00"]);
    assert_eq!(
        row(&book, "C-1", "2024-03-15"),
        (reopened.clone(), "0.00".into(), "1000.00".into()),
        "open again after the refund"
    );

    // The customer pays again on 2024-04-10, by hand this time.
    let again = payment("P-2", "C-1", "2024-04-10", "1000.00 EUR", Some("INV-1"));
    assert_eq!(
        book.record_settlement(&again).unwrap(),
        WriteOutcome::Inserted
    );
    assert_eq!(
        row(&book, "C-1", "2024-03-15"),
        (reopened, "0.00".into(), "1000.00".into())
    );
    assert_eq!(
        row(&book, "C-1", "2024-04-30"),
        (nothing.clone(), "0.00".into(), "0.00".into())
    );
    assert_eq!(
        row(&book, "C-1", "2024-02-20"),
        (nothing, "0.00".into(), "0.00".into()),
        "the first payment still counts before its refund"
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_takes_back_the_latest_due_instalment_first_and_what_is_left_stays_unapplied() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    let parts = [
        ("2024-02-15", "100.00 EUR"),
        ("2024-03-15", "100.00 EUR"),
        ("2024-04-15", "100.00 EUR"),
    ];
    post(
        &mut book,
        &[customer("C-1", "Pine Hollow")],
        &[
            instalment_invoice("INV-1", "C-1", "2024-01-15", "300.00 EUR", &parts),
            instalment_invoice("INV-2", "C-1", "2024-01-15", "300.00 EUR", &parts),
        ],
        &[
            payment("P-1", "C-1", "2024-02-10", "250.00 EUR", Some("INV-1")),
            payment("P-2", "C-1", "2024-02-10", "250.00 EUR", Some("INV-2")),
        ],
    );
    assert_eq!(settled(&conn, "INV-1"), [10000, 10000, 5000]);

    // A second import: the refunds find the invoices' states in the book.
    let mut tx = book.begin_import().unwrap();
    let partly = payment("R-1", "C-1", "2024-03-01", "-180.00 EUR", Some("INV-1"));
    let beyond = payment("R-2", "C-1", "2024-03-01", "-300.00 EUR", Some("INV-2"));
    assert_eq!(tx.settlement(&partly).unwrap(), WriteOutcome::Inserted);
    assert_eq!(tx.settlement(&beyond).unwrap(), WriteOutcome::Inserted);
    tx.commit().unwrap();

    assert_eq!(settled(&conn, "INV-1"), [7000, 0, 0]);
    assert_eq!(settled(&conn, "INV-2"), [0, 0, 0]);
    // As of 2024-03-20: the first parts (due 02-15) are 34 days overdue, the second ones (due
    // 03-15) 5 days, the third ones not due; the 50.00 refunded beyond INV-2's payments is owed
    // back to us as unapplied money.
    assert_eq!(
        row(&book, "C-1", "2024-03-20"),
        (
            buckets(["200.00", "200.00", "130.00", "0.00", "0.00"]),
            "50.00".into(),
            "580.00".into()
        )
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_dated_before_the_payment_it_takes_back_is_applied_when_the_payment_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    post(
        &mut book,
        &[customer("C-1", "Ostrander")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-10",
            "400.00 EUR",
            "2024-02-09",
        )],
        &[
            payment("P-1", "C-1", "2024-02-20", "400.00 EUR", Some("INV-1")),
            payment("P-1-R", "C-1", "2024-02-18", "-400.00 EUR", Some("INV-1")),
        ],
    );
    let applied: Vec<(String, String)> = conn
        .prepare("SELECT applied_on, amount_minor FROM allocation ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.to_string())))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        applied,
        [
            ("2024-02-20".to_string(), "40000".to_string()),
            ("2024-02-20".to_string(), "-40000".to_string())
        ]
    );
    assert_eq!(
        row(&book, "C-1", "2024-02-25"),
        (
            buckets(["0.00", "400.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "400.00".into()
        )
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn money_allocated_after_a_refund_keeps_the_days_of_the_payment_the_refund_took_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // Paid on 02-05, refunded on 03-01 (nothing settled, but allocations on record), then money
    // that named no invoice is allocated on 04-10, through the book's triggers.
    post(
        &mut book,
        &[customer("C-1", "Brightwater Supplies Ltd")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-10",
            "1000.00 EUR",
            "2024-02-09",
        )],
        &[
            payment("P-1", "C-1", "2024-02-05", "1000.00 EUR", Some("INV-1")),
            payment("P-1-R", "C-1", "2024-03-01", "-1000.00 EUR", Some("INV-1")),
            payment("P-2", "C-1", "2024-04-01", "1000.00 EUR", None),
        ],
    );
    let made = book.allocate_unapplied("C-1", date("2024-04-10")).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(disagreements(&conn), Vec::<String>::new());

    let nothing = buckets(["0.00", "0.00", "0.00", "0.00", "0.00"]);
    assert_eq!(
        row(&book, "C-1", "2024-02-20"),
        (nothing.clone(), "0.00".into(), "0.00".into()),
        "the first payment still settles the invoice before its refund"
    );
    assert_eq!(
        row(&book, "C-1", "2024-03-15"),
        (
            buckets(["0.00", "0.00", "1000.00", "0.00", "0.00"]),
            "0.00".into(),
            "1000.00".into()
        )
    );
    assert_eq!(
        row(&book, "C-1", "2024-04-05"),
        (
            buckets(["0.00", "0.00", "1000.00", "0.00", "0.00"]),
            "-1000.00".into(),
            "0.00".into()
        ),
        "received, not yet allocated"
    );
    assert_eq!(
        row(&book, "C-1", "2024-04-10"),
        (nothing, "0.00".into(), "0.00".into())
    );
}

#[test]
fn allocating_unapplied_money_allocates_no_more_than_a_refund_left_with_us() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // 500.00 received without an invoice, 200.00 of it refunded without naming one either:
    // 300.00 is still the customer's to allocate. A credit note in another currency is not
    // touched by the refund.
    post(
        &mut book,
        &[customer("C-1", "Harbour & Finch LLP")],
        &[
            invoice("INV-1", "C-1", "2024-01-10", "800.00 EUR", "2024-02-09"),
            invoice("INV-2", "C-1", "2024-01-10", "100.00 USD", "2024-02-09"),
        ],
        &[
            payment("P-1", "C-1", "2024-02-01", "500.00 EUR", None),
            payment("R-1", "C-1", "2024-02-03", "-200.00 EUR", None),
            settlement(
                SettlementKind::CreditNote,
                "CN-1",
                "C-1",
                "2024-02-04",
                "40.00 USD",
                None,
            ),
        ],
    );
    let made = book.allocate_unapplied("C-1", date("2024-02-10")).unwrap();
    let summary: Vec<(String, String)> = made
        .iter()
        .map(|m| (m.settlement_reference.clone(), m.amount.to_string()))
        .collect();
    assert_eq!(
        summary,
        [
            ("P-1".to_string(), "300.00 EUR".to_string()),
            ("CN-1".to_string(), "40.00 USD".to_string())
        ]
    );
    assert_eq!(settled(&conn, "INV-1"), [30000]);

    // Nothing is left to allocate: the 200.00 still unapplied on P-1 went back with R-1.
    let dir2 = tempfile::tempdir().unwrap();
    let (mut fully, _conn) = book_at(&dir2);
    post(
        &mut fully,
        &[customer("C-1", "Harbour & Finch LLP")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-10",
            "800.00 EUR",
            "2024-02-09",
        )],
        &[
            payment("P-1", "C-1", "2024-02-01", "500.00 EUR", None),
            payment("R-1", "C-1", "2024-02-03", "-500.00 EUR", None),
        ],
    );
    assert_eq!(
        fully.allocate_unapplied("C-1", date("2024-02-10")).unwrap(),
        []
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_written_before_the_payment_it_refunds_reopens_the_invoice_all_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // KILO's export lists the payment before its bounce, LIMA's the other way round; an export
    // sorted by reference, or newest first, does that. The books must read the same.
    post(
        &mut book,
        &[customer("KILO", "Kilo GmbH"), customer("LIMA", "Lima SARL")],
        &[
            invoice("INV-K1", "KILO", "2024-01-01", "1000.00 EUR", "2024-01-31"),
            invoice("INV-L1", "LIMA", "2024-01-01", "1000.00 EUR", "2024-01-31"),
        ],
        &[
            payment(
                "PAY-K1",
                "KILO",
                "2024-01-15",
                "1000.00 EUR",
                Some("INV-K1"),
            ),
            payment(
                "RF-K1",
                "KILO",
                "2024-02-10",
                "-1000.00 EUR",
                Some("INV-K1"),
            ),
            payment(
                "RF-L1",
                "LIMA",
                "2024-02-10",
                "-1000.00 EUR",
                Some("INV-L1"),
            ),
            payment(
                "PAY-L1",
                "LIMA",
                "2024-01-15",
                "1000.00 EUR",
                Some("INV-L1"),
            ),
        ],
    );
    let reopened = buckets(["0.00", "0.00", "1000.00", "0.00", "0.00"]);
    for customer in ["KILO", "LIMA"] {
        assert_eq!(
            row(&book, customer, "2024-03-15"),
            (reopened.clone(), "0.00".into(), "1000.00".into()),
            "{customer}"
        );
        assert_eq!(
            row(&book, customer, "2024-02-01").2,
            "0.00",
            "{customer} paid until the refund"
        );
    }
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_file_of_refunds_imported_before_the_payments_waits_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    post(
        &mut book,
        &[customer("BOLT", "Bolt Supply")],
        &[invoice(
            "INV-9002",
            "BOLT",
            "2024-01-02",
            "1000.00 EUR",
            "2024-02-01",
        )],
        &[payment(
            "RF-9002",
            "BOLT",
            "2024-02-15",
            "-1000.00 EUR",
            Some("INV-9002"),
        )],
    );
    assert_eq!(settled(&conn, "INV-9002"), [0], "nothing to take back yet");
    assert_eq!(
        row(&book, "BOLT", "2024-03-01").1,
        "1000.00",
        "the refund is owed back to us meanwhile"
    );

    // The payments file: the waiting refund takes the payment back at once, on its own date.
    let mut tx = book.begin_import().unwrap();
    let paid = payment(
        "PAY-9002",
        "BOLT",
        "2024-01-15",
        "1000.00 EUR",
        Some("INV-9002"),
    );
    assert_eq!(tx.settlement(&paid).unwrap(), WriteOutcome::Inserted);
    tx.commit().unwrap();
    assert_eq!(settled(&conn, "INV-9002"), [0]);
    assert_eq!(
        row(&book, "BOLT", "2024-03-01"),
        (
            buckets(["0.00", "1000.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "1000.00".into()
        )
    );
    assert_eq!(row(&book, "BOLT", "2024-02-01").2, "0.00");
    assert_eq!(disagreements(&conn), Vec::<String>::new());

    // Importing both files again changes nothing.
    let mut tx = book.begin_import().unwrap();
    let refund = payment(
        "RF-9002",
        "BOLT",
        "2024-02-15",
        "-1000.00 EUR",
        Some("INV-9002"),
    );
    assert_eq!(tx.settlement(&refund).unwrap(), WriteOutcome::Unchanged);
    assert_eq!(tx.settlement(&paid).unwrap(), WriteOutcome::Unchanged);
    tx.commit().unwrap();
    assert_eq!(settled(&conn, "INV-9002"), [0]);
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn money_a_waiting_refund_gave_back_is_not_allocated_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // The payment named no invoice; the bank's reversal names the invoice it was meant for, which
    // has nothing settled to take back: the refund waits, and what the customer has with us is
    // nothing, so allocating finds nothing to allocate.
    post(
        &mut book,
        &[customer("SAM", "Sam & Sons")],
        &[invoice(
            "INV-S1",
            "SAM",
            "2024-01-01",
            "600.00 EUR",
            "2024-01-31",
        )],
        &[
            payment("PAY-S1", "SAM", "2024-02-01", "600.00 EUR", None),
            payment("RF-S1", "SAM", "2024-02-05", "-600.00 EUR", Some("INV-S1")),
        ],
    );
    assert_eq!(
        book.allocate_unapplied("SAM", date("2024-02-10")).unwrap(),
        []
    );
    assert_eq!(
        row(&book, "SAM", "2024-02-20"),
        (
            buckets(["0.00", "600.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "600.00".into()
        )
    );

    // A payment that names the invoice later is what the refund takes back, by hand as well.
    let named = payment("PAY-S2", "SAM", "2024-02-25", "600.00 EUR", Some("INV-S1"));
    assert_eq!(
        book.record_settlement(&named).unwrap(),
        WriteOutcome::Inserted
    );
    assert_eq!(settled(&conn, "INV-S1"), [0]);
    assert_eq!(
        row(&book, "SAM", "2024-02-28"),
        (
            buckets(["0.00", "600.00", "0.00", "0.00", "0.00"]),
            "-600.00".into(),
            "0.00".into()
        )
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_applied_after_the_day_still_counts_as_money_given_back_on_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _conn) = book_at(&dir);
    // RF-S2 (02-10) refunds PAY-S2, which is dated 02-20: the refund is applied on 02-20, and
    // on 02-15 it is money given back, so PAY-S3's 500.00 is all the customer has with us
    // less the 1,000.00 refunded: nothing to allocate.
    post(
        &mut book,
        &[customer("SAM", "Sam & Sons")],
        &[
            invoice("INV-S1", "SAM", "2024-01-01", "1000.00 EUR", "2024-01-31"),
            invoice("INV-S2", "SAM", "2024-01-01", "1000.00 EUR", "2024-01-31"),
        ],
        &[
            payment("PAY-S3", "SAM", "2024-02-01", "500.00 EUR", None),
            payment("PAY-S2", "SAM", "2024-02-20", "1000.00 EUR", Some("INV-S2")),
            payment("RF-S2", "SAM", "2024-02-10", "-1000.00 EUR", Some("INV-S2")),
        ],
    );
    assert_eq!(row(&book, "SAM", "2024-02-15").1, "500.00");
    assert_eq!(
        book.allocate_unapplied("SAM", date("2024-02-15")).unwrap(),
        []
    );
}

#[test]
fn a_refund_of_a_payment_made_twice_gives_back_the_second_and_leaves_the_invoice_paid() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // The customer paid INV-1 twice; the second payment, which the invoice could not take,
    // is refunded.
    post(
        &mut book,
        &[customer("C-1", "Brightwater Supplies Ltd")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-10",
            "1000.00 EUR",
            "2024-02-09",
        )],
        &[
            payment("P-1", "C-1", "2024-02-05", "1000.00 EUR", Some("INV-1")),
            payment("P-2", "C-1", "2024-02-06", "1000.00 EUR", Some("INV-1")),
            payment("P-2-R", "C-1", "2024-02-20", "-1000.00 EUR", Some("INV-1")),
        ],
    );
    assert_eq!(settled(&conn, "INV-1"), [100000]);
    let nothing = buckets(["0.00", "0.00", "0.00", "0.00", "0.00"]);
    assert_eq!(
        row(&book, "C-1", "2024-02-10"),
        (nothing.clone(), "-1000.00".into(), "-1000.00".into()),
        "paid twice, before the refund"
    );
    // After it: paid once, nothing owed either way (the unapplied payment and the refund net).
    assert_eq!(
        row(&book, "C-1", "2024-03-15"),
        (nothing, "0.00".into(), "0.00".into())
    );
    assert_eq!(
        book.allocate_unapplied("C-1", date("2024-03-15")).unwrap(),
        []
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_bounced_payment_that_earned_the_early_payment_discount_loses_the_discount() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // 2/10 net 30: 980.00 paid on day 7 settles the invoice with a 20.00 discount; the payment
    // bounces on 01-25, and the whole 1,000.00 is owed again.
    post(
        &mut book,
        &[customer("HOTEL", "Hotel Zur Post")],
        &[with_discount(
            invoice("INV-H", "HOTEL", "2024-01-01", "1000.00 EUR", "2024-01-31"),
            "2",
            "2024-01-11",
            "20.00 EUR",
        )],
        &[
            payment("PAY-H", "HOTEL", "2024-01-08", "980.00 EUR", Some("INV-H")),
            payment("RF-H", "HOTEL", "2024-01-25", "-980.00 EUR", Some("INV-H")),
        ],
    );
    assert_eq!(settled(&conn, "INV-H"), [0]);
    let discounts: Vec<(String, i64, i64)> = conn
        .prepare("SELECT reference, amount_minor, allocated_minor FROM settlement WHERE kind = 'discount' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        discounts,
        [
            ("PAY-H-discount".to_string(), 2000, 2000),
            ("RF-H-discount".to_string(), -2000, -2000)
        ]
    );
    assert_eq!(
        row(&book, "HOTEL", "2024-01-20").2,
        "0.00",
        "settled with the discount until the refund"
    );
    assert_eq!(
        row(&book, "HOTEL", "2024-02-15"),
        (
            buckets(["0.00", "1000.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "1000.00".into()
        )
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_of_an_invoice_the_book_does_not_hold_says_what_to_do() {
    let mut book = book();
    let mut tx = book.begin_import().unwrap();
    tx.customer(&customer("BOLT", "Bolt Supply")).unwrap();
    let refund = payment("RF-801", "BOLT", "2020-01-29", "-400.00 EUR", Some("801"));
    assert_eq!(
        tx.settlement(&refund).unwrap(),
        WriteOutcome::Conflict(
            "Payment RF-801 is a refund of invoice 801, which is not in the book; import the \
             invoice first, or leave the invoice out so that the refund stays unapplied."
                .to_string()
        )
    );
}

/// The allocations of `reference`: day applied and amount in minor units.
fn allocations_of(conn: &Connection, reference: &str) -> Vec<(String, i64)> {
    conn.prepare(
        "SELECT a.applied_on, a.amount_minor FROM allocation a
         JOIN settlement s ON s.id = a.settlement_id WHERE s.reference = ?1
         ORDER BY a.applied_on, a.id",
    )
    .unwrap()
    .query_map([reference], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_refund_takes_back_money_paid_by_its_date_and_the_rest_as_it_was_paid_in_any_order() {
    // 400.00 paid on 02-15 and 600.00 on 03-05; a refund of `refunded` dated 02-20. Whether the
    // later payment is written before the refund or after it, the refund takes back the money
    // paid by 02-20 on 02-20, and what it still lacks on 03-05, when more was paid.
    for (refunded, parts) in [
        ("-50.00 EUR", vec![("2024-02-20", -5_000)]),
        (
            "-500.00 EUR",
            vec![("2024-02-20", -40_000), ("2024-03-05", -10_000)],
        ),
    ] {
        let mut seen = Vec::new();
        for later_payment_first in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let (mut book, conn) = book_at(&dir);
            let first = payment("P1", "C-1", "2024-02-15", "400.00 EUR", Some("INV-1"));
            let refund = payment("R1", "C-1", "2024-02-20", refunded, Some("INV-1"));
            let later = payment("P2", "C-1", "2024-03-05", "600.00 EUR", Some("INV-1"));
            let settlements = match later_payment_first {
                false => [first, refund, later],
                true => [first, later, refund],
            };
            post(
                &mut book,
                &[customer("C-1", "Ostrander")],
                &[invoice(
                    "INV-1",
                    "C-1",
                    "2024-01-01",
                    "1000.00 EUR",
                    "2024-01-31",
                )],
                &settlements,
            );
            let expected: Vec<(String, i64)> =
                parts.iter().map(|&(d, m)| (d.to_string(), m)).collect();
            assert_eq!(allocations_of(&conn, "R1"), expected, "{refunded}");
            let rows: Vec<_> = ["2024-02-25", "2024-03-10"]
                .into_iter()
                .map(|as_of| row(&book, "C-1", as_of))
                .collect();
            assert_eq!(disagreements(&conn), Vec::<String>::new());
            seen.push(rows);
        }
        assert_eq!(
            seen[0], seen[1],
            "{refunded}: the order of writes decides nothing"
        );
    }
}

#[test]
fn a_refund_never_takes_back_a_credit_note_or_a_write_off() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    post(
        &mut book,
        &[customer("C-1", "Ostrander")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-01",
            "1000.00 EUR",
            "2024-01-31",
        )],
        &[
            settlement(
                SettlementKind::CreditNote,
                "CN-1",
                "C-1",
                "2024-02-01",
                "300.00 EUR",
                Some("INV-1"),
            ),
            settlement(
                SettlementKind::WriteOff,
                "WO-1",
                "C-1",
                "2024-02-02",
                "200.00 EUR",
                Some("INV-1"),
            ),
            payment("P1", "C-1", "2024-02-10", "100.00 EUR", Some("INV-1")),
            payment("R1", "C-1", "2024-02-20", "-400.00 EUR", Some("INV-1")),
        ],
    );
    // The 100.00 paid is taken back; the other 300.00 waits for money to take back, and is
    // owed by the customer meanwhile. The credit note and the write-off stand.
    assert_eq!(
        allocations_of(&conn, "R1"),
        [("2024-02-20".into(), -10_000)]
    );
    assert_eq!(
        allocations_of(&conn, "CN-1"),
        [("2024-02-01".into(), 30_000)]
    );
    assert_eq!(
        allocations_of(&conn, "WO-1"),
        [("2024-02-02".into(), 20_000)]
    );
    assert_eq!(
        row(&book, "C-1", "2024-02-25"),
        (
            buckets(["0.00", "500.00", "0.00", "0.00", "0.00"]),
            "300.00".into(),
            "800.00".into()
        )
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn a_refund_gives_back_no_overpayment_that_came_in_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, conn) = book_at(&dir);
    // P2 paid the invoice again on 02-10, after it was settled; R1 (01-20) bounced P1. Written
    // after P2, R1 still takes back P1: P2's money was not there to give back on 01-20.
    post(
        &mut book,
        &[customer("C-1", "Ostrander")],
        &[invoice(
            "INV-1",
            "C-1",
            "2024-01-01",
            "1000.00 EUR",
            "2024-01-31",
        )],
        &[
            payment("P1", "C-1", "2024-01-05", "1000.00 EUR", Some("INV-1")),
            payment("P2", "C-1", "2024-02-10", "1000.00 EUR", Some("INV-1")),
            payment("R1", "C-1", "2024-01-20", "-1000.00 EUR", Some("INV-1")),
        ],
    );
    assert_eq!(
        allocations_of(&conn, "R1"),
        [("2024-01-20".into(), -100_000)]
    );
    assert_eq!(
        row(&book, "C-1", "2024-01-25"),
        (
            buckets(["1000.00", "0.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "1000.00".into()
        )
    );
    assert_eq!(row(&book, "C-1", "2024-12-31").2, "0.00");
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn in_one_import_every_payment_is_allocated_before_the_refunds_whatever_the_order_of_the_rows() {
    // Three parts of 300.00; P1 pays the first, P2 the second, and R2 (dated after P2) gives
    // back 100.00. With R2's row before P2's, P2 went onto the first part that R2 had reopened,
    // and that part was paid 400.00 on the days between: a bucket below zero.
    let parts = [
        ("2024-01-31", "300.00 EUR"),
        ("2024-02-29", "300.00 EUR"),
        ("2024-03-31", "300.00 EUR"),
    ];
    let p1 = payment("P1", "C-1", "2024-01-15", "300.00 EUR", Some("INV-1"));
    let r2 = payment("R2", "C-1", "2024-02-25", "-100.00 EUR", Some("INV-1"));
    let p2 = payment("P2", "C-1", "2024-02-20", "300.00 EUR", Some("INV-1"));
    let mut seen = Vec::new();
    for settlements in [
        [p1.clone(), p2.clone(), r2.clone()],
        [p1.clone(), r2.clone(), p2.clone()],
        [r2.clone(), p2.clone(), p1.clone()],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mut book, conn) = book_at(&dir);
        post(
            &mut book,
            &[customer("C-1", "Pine Hollow")],
            &[instalment_invoice(
                "INV-1",
                "C-1",
                "2024-01-01",
                "900.00 EUR",
                &parts,
            )],
            &settlements,
        );
        let rows: Vec<_> = ["2024-02-22", "2024-02-27", "2024-04-30"]
            .into_iter()
            .map(|as_of| row(&book, "C-1", as_of))
            .collect();
        assert_eq!(disagreements(&conn), Vec::<String>::new());
        seen.push(rows);
    }
    assert_eq!(
        seen[0][0],
        (
            buckets(["300.00", "0.00", "0.00", "0.00", "0.00"]),
            "0.00".into(),
            "300.00".into()
        ),
        "on 02-22 the first two parts are paid"
    );
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
}
