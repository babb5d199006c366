//! The acceptance cases of the case book that the store answers for.

use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::{ForeignAmount, SettlementKind};
use creditdesk_core::Currency;
use creditdesk_store::{Book, BookSettings, InvoiceQuery, InvoiceStatus, WriteOutcome};
use rust_decimal::Decimal;

use crate::support::*;

fn b04_book() -> Book {
    let mut book = book();
    let inv = with_discount(
        invoice("INV-0404", "C-4", "2024-03-01", "1000.00 EUR", "2024-03-31"),
        "2",
        "2024-03-11",
        "20.00 EUR",
    );
    post(
        &mut book,
        &[customer("C-4", "Brightwater Supplies Ltd")],
        &[inv],
        &[],
    );
    book
}

#[test]
fn b04_payment_on_the_discount_deadline_settles_the_invoice_with_the_discount() {
    let mut book = b04_book();
    let paid = payment(
        "R-0404",
        "C-4",
        "2024-03-11",
        "980.00 EUR",
        Some("INV-0404"),
    );
    assert_eq!(
        book.record_settlement(&paid).unwrap(),
        WriteOutcome::Inserted
    );

    let detail = book.invoice("INV-0404").unwrap().unwrap();
    assert_eq!(detail.open, money("0.00 EUR"));
    assert_eq!(detail.status, InvoiceStatus::Settled);
    let parts: Vec<(SettlementKind, String, String)> = detail.instalments[0]
        .allocations
        .iter()
        .map(|a| {
            (
                a.settlement_kind,
                a.settlement_reference.clone(),
                a.amount.to_string(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        vec![
            (
                SettlementKind::Payment,
                "R-0404".into(),
                "980.00 EUR".into()
            ),
            (
                SettlementKind::Discount,
                "R-0404-discount".into(),
                "20.00 EUR".into()
            ),
        ]
    );
    let aging = book.aging(date("2024-04-15"), &Buckets::default()).unwrap();
    assert!(
        aging.customers.is_empty(),
        "nothing open, nothing unapplied: {aging:?}"
    );
}

#[test]
fn b04_payment_a_day_late_leaves_twenty_open_and_not_overdue_before_the_due_date() {
    let mut book = b04_book();
    let paid = payment(
        "R-0404",
        "C-4",
        "2024-03-12",
        "980.00 EUR",
        Some("INV-0404"),
    );
    assert_eq!(
        book.record_settlement(&paid).unwrap(),
        WriteOutcome::Inserted
    );

    let detail = book.invoice("INV-0404").unwrap().unwrap();
    assert_eq!(detail.open, money("20.00 EUR"));
    assert_eq!(detail.status, InvoiceStatus::PartiallySettled);
    assert_eq!(
        book.counts().unwrap().settlements,
        1,
        "no discount settlement"
    );

    for (as_of, buckets) in [
        ("2024-03-12", ["20.00", "0.00", "0.00", "0.00", "0.00"]),
        ("2024-03-31", ["20.00", "0.00", "0.00", "0.00", "0.00"]),
        ("2024-04-07", ["0.00", "20.00", "0.00", "0.00", "0.00"]),
    ] {
        let aging = book.aging(date(as_of), &Buckets::default()).unwrap();
        assert_eq!(amounts(&aging.totals[0].buckets), buckets, "as of {as_of}");
    }
}

#[test]
fn b07_only_the_overdue_instalment_of_an_instalment_invoice_is_overdue() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-7", "Saguaro Irrigation Inc.")],
        &[
            instalment_invoice(
                "INV-301",
                "C-7",
                "2024-01-15",
                "1200.00 EUR",
                &[
                    ("2024-02-15", "400.00 EUR"),
                    ("2024-03-15", "400.00 EUR"),
                    ("2024-04-15", "400.00 EUR"),
                ],
            ),
            invoice("INV-302", "C-7", "2024-01-20", "500.00 EUR", "2024-02-20"),
        ],
        &[],
    );
    let as_of = date("2024-03-01");

    let aging = book.aging(as_of, &Buckets::default()).unwrap();
    let row = &aging.customers[0];
    assert_eq!(
        amounts(&row.buckets),
        ["800.00", "900.00", "0.00", "0.00", "0.00"]
    );
    assert_eq!(
        row.customer_name.as_deref(),
        Some("Saguaro Irrigation Inc.")
    );

    let balance = &book.customers(as_of).unwrap()[0].balances[0];
    assert_eq!(
        (balance.open, balance.overdue),
        (money("1700.00 EUR"), money("900.00 EUR"))
    );

    let query = InvoiceQuery {
        overdue_only: true,
        ..InvoiceQuery::as_of(as_of)
    };
    let overdue: Vec<(String, Option<i64>, String)> = book
        .invoices(&query)
        .unwrap()
        .into_iter()
        .map(|i| (i.number, i.days_overdue, i.open.to_string()))
        .collect();
    assert_eq!(
        overdue,
        vec![
            ("INV-301".into(), Some(15), "1200.00 EUR".into()),
            ("INV-302".into(), Some(10), "500.00 EUR".into()),
        ]
    );
}

#[test]
fn b08_a_partial_credit_note_leaves_the_invoice_partially_settled() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-8", "Pine Hollow Crafts")],
        &[invoice(
            "INV-401",
            "C-8",
            "2024-05-01",
            "50.00 EUR",
            "2024-05-31",
        )],
        &[settlement(
            SettlementKind::CreditNote,
            "CN-9",
            "C-8",
            "2024-06-03",
            "10.00 EUR",
            Some("INV-401"),
        )],
    );

    let as_of = date("2024-06-15");
    let aging = book.aging(as_of, &Buckets::default()).unwrap();
    assert_eq!(
        amounts(&aging.totals[0].buckets),
        ["0.00", "40.00", "0.00", "0.00", "0.00"]
    );
    assert_eq!(aging.totals[0].unapplied, money("0.00 EUR"));

    let listed = &book.invoices(&InvoiceQuery::as_of(as_of)).unwrap()[0];
    assert_eq!(listed.open, money("40.00 EUR"));
    assert_eq!(listed.status.as_str(), "partially settled");
    assert_eq!(listed.days_overdue, Some(15));

    // Before the credit note was applied the invoice was simply open.
    let before = &book
        .invoices(&InvoiceQuery::as_of(date("2024-06-02")))
        .unwrap()[0];
    assert_eq!(
        (before.open, before.status),
        (money("50.00 EUR"), InvoiceStatus::Open)
    );
}

#[test]
fn b09_a_disputed_invoice_stays_in_the_aging_with_its_marker() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-9", "Alvarez Logística SL")],
        &[
            invoice("INV-A", "C-9", "2024-02-01", "1200.00 EUR", "2024-03-01"),
            invoice("INV-B", "C-9", "2024-02-10", "300.00 EUR", "2024-03-10"),
        ],
        &[],
    );
    book.set_disputed("INV-A", true).unwrap();

    let row = &book
        .aging(date("2024-04-15"), &Buckets::default())
        .unwrap()
        .customers[0];
    assert_eq!(
        amounts(&row.buckets),
        ["0.00", "0.00", "1500.00", "0.00", "0.00"]
    );
    assert_eq!(row.disputed, money("1200.00 EUR"));
    let disputed = InvoiceQuery {
        disputed: Some(true),
        ..InvoiceQuery::as_of(date("2024-04-15"))
    };
    let listed = book.invoices(&disputed).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].number, "INV-A");

    book.set_disputed("INV-A", false).unwrap();
    let row = &book
        .aging(date("2024-04-20"), &Buckets::default())
        .unwrap()
        .customers[0];
    assert_eq!(row.disputed, money("0.00 EUR"));
}

#[test]
fn b10_an_unapplied_receipt_shows_on_its_own_line_and_nets_the_balance() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-10", "Greenleaf Catering")],
        &[
            invoice("INV-501", "C-10", "2024-01-01", "500.00 EUR", "2024-01-31"),
            invoice("INV-502", "C-10", "2024-03-01", "800.00 EUR", "2024-03-31"),
        ],
        &[payment("R-77", "C-10", "2024-02-10", "500.00 EUR", None)],
    );

    let row = &book
        .aging(date("2024-03-01"), &Buckets::default())
        .unwrap()
        .customers[0];
    assert_eq!(
        amounts(&row.buckets),
        ["800.00", "500.00", "0.00", "0.00", "0.00"]
    );
    assert_eq!(row.unapplied, money("-500.00 EUR"));
    assert_eq!(row.net, money("800.00 EUR"));

    // Before the receipt arrived nothing was unapplied.
    let row = &book
        .aging(date("2024-02-09"), &Buckets::default())
        .unwrap()
        .customers[0];
    assert_eq!(row.unapplied, money("0.00 EUR"));
}

#[test]
fn b12_every_amount_lands_in_exactly_one_bucket_at_the_boundaries() {
    let mut book = book();
    let rows = [
        ("I1", "2024-05-15", "100.00 EUR"),
        ("I2", "2024-05-14", "200.00 EUR"),
        ("I3", "2024-06-14", "300.00 EUR"),
        ("I4", "2024-02-15", "400.00 EUR"),
        ("I5", "2024-02-14", "500.00 EUR"),
        ("I6", "2023-12-16", "600.00 EUR"),
    ];
    let invoices: Vec<_> = rows
        .iter()
        .map(|(n, due, amount)| invoice(n, "C-12", "2023-12-01", amount, due))
        .collect();
    post(
        &mut book,
        &[customer("C-12", "Ostrander Marine")],
        &invoices,
        &[],
    );

    let aging = book.aging(date("2024-05-15"), &Buckets::default()).unwrap();
    assert_eq!(aging.labels, ["Current", "1-30", "31-60", "61-90", "90+"]);
    let total = &aging.totals[0];
    assert_eq!(
        amounts(&total.buckets),
        ["400.00", "200.00", "0.00", "400.00", "1100.00"]
    );
    assert_eq!(total.open_total, money("2100.00 EUR"));
}

#[test]
fn b14b_dates_survive_every_save_and_reopen_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cedar.creditdesk");
    let settings = BookSettings {
        name: "Berlin GmbH".into(),
        currency: currency("EUR"),
    };
    let record = invoice("INV-1401", "C-14", "2021-01-05", "100.00 EUR", "2021-02-04");
    {
        let mut book = Book::create(&path, &settings).unwrap();
        post(
            &mut book,
            &[customer("C-14", "Cedar Point Dental")],
            std::slice::from_ref(&record),
            &[],
        );
    }
    for _ in 0..3 {
        let mut book = Book::open(&path).unwrap();
        let mut tx = book.begin_import().unwrap();
        assert_eq!(tx.invoice(&record).unwrap(), WriteOutcome::Unchanged);
        tx.commit().unwrap();
        let detail = book.invoice("INV-1401").unwrap().unwrap();
        assert_eq!(detail.issue_date, date("2021-01-05"));
        assert_eq!(detail.instalments[0].due_date, date("2021-02-04"));
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stored: (String, String) = conn
        .query_row(
            "SELECT v.issue_date, i.due_date FROM invoice v JOIN instalment i ON i.invoice_id = v.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, ("2021-01-05".into(), "2021-02-04".into()));
}

#[test]
fn b22_payments_in_another_currency_reduce_the_balance_in_the_invoice_currency() {
    let settings = BookSettings {
        name: "Vltava Exports s.r.o.".into(),
        currency: currency("CZK"),
    };
    let mut book = Book::open_in_memory(&settings).unwrap();
    let rate: Decimal = "0.03".parse().unwrap();
    let czk = |reference: &str, paid: &str, converted: &str| {
        let mut record = payment(reference, "C-22", "2024-05-10", converted, Some("INV-1301"));
        record.paid_in = Some(ForeignAmount {
            paid: money(paid),
            rate,
        });
        record
    };
    post(
        &mut book,
        &[customer("C-22", "Vltava Exports s.r.o.")],
        &[invoice(
            "INV-1301",
            "C-22",
            "2024-04-01",
            "350.00 USD",
            "2024-05-01",
        )],
        &[
            czk("B-1", "2000.00 CZK", "60.00 USD"),
            czk("B-2", "1000.00 CZK", "30.00 USD"),
        ],
    );

    let detail = book.invoice("INV-1301").unwrap().unwrap();
    assert_eq!(detail.open, money("260.00 USD"));
    let in_czk = detail
        .open
        .convert_back(rate, Currency::from_code("CZK").unwrap())
        .unwrap();
    assert_eq!(in_czk, money("8666.67 CZK"));
    let aging = book.aging(date("2024-05-31"), &Buckets::default()).unwrap();
    assert_eq!(aging.totals[0].currency, currency("USD"));
    assert_eq!(aging.totals[0].open_total, money("260.00 USD"));

    // The same payment again is unchanged; another rate is a conflict, not a second payment.
    assert_eq!(
        book.record_settlement(&czk("B-1", "2000.00 CZK", "60.00 USD"))
            .unwrap(),
        WriteOutcome::Unchanged
    );
    let mut other_rate = czk("B-1", "2000.00 CZK", "60.00 USD");
    other_rate.paid_in = Some(ForeignAmount {
        paid: money("2000.00 CZK"),
        rate: "0.031".parse().unwrap(),
    });
    assert_eq!(
        book.record_settlement(&other_rate).unwrap(),
        WriteOutcome::Conflict(
            "Payment B-1 is already in the book with a different amount paid: the book has \
             2000.00 CZK at 0.03, you gave 2000.00 CZK at 0.031. A recorded settlement is never \
             changed; record this one under another reference."
                .into()
        )
    );
}
