//! Reports for an as-of date: what counts, what does not yet, and the period figures.

use creditdesk_core::aging::Buckets;
use creditdesk_core::kpi::month_windows;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_store::{Book, InvoiceQuery};

use crate::support::*;

/// Brightwater (EUR) paid an old invoice during the quarter, has one overdue invoice reduced by
/// a credit note and one not yet due; Harbour (USD) has one overdue invoice.
fn quarter_book() -> Book {
    let mut book = book();
    post(
        &mut book,
        &[
            customer("C-1", "Brightwater Supplies Ltd"),
            customer("C-2", "Harbour & Finch LLP"),
        ],
        &[
            invoice("INV-1", "C-1", "2023-12-15", "1000.00 EUR", "2024-01-14"),
            invoice("INV-2", "C-1", "2024-02-10", "600.00 EUR", "2024-03-11"),
            invoice("INV-3", "C-1", "2024-03-20", "400.00 EUR", "2024-04-19"),
            invoice("INV-4", "C-2", "2024-01-05", "200.00 USD", "2024-02-04"),
        ],
        &[
            payment("R-1", "C-1", "2024-02-01", "1000.00 EUR", Some("INV-1")),
            settlement(
                SettlementKind::CreditNote,
                "CN-1",
                "C-1",
                "2024-03-25",
                "100.00 EUR",
                Some("INV-2"),
            ),
        ],
    );
    book
}

#[test]
fn period_figures_give_receivables_at_both_ends_current_part_and_credit_sales() {
    let book = quarter_book();
    let as_of = date("2024-03-31");
    let windows = month_windows(as_of, 3);
    let rows = book.period_figures(as_of, 90, &windows).unwrap();

    let summary: Vec<(Option<&str>, [String; 4], Vec<String>)> = rows
        .iter()
        .map(|r| {
            let f = &r.figures;
            (
                r.customer_reference.as_deref(),
                [
                    f.receivables_begin.to_string(),
                    f.receivables_end.to_string(),
                    f.current_end.to_string(),
                    f.credit_sales.to_string(),
                ],
                f.sales_windows
                    .iter()
                    .map(|w| w.credit_sales.to_string())
                    .collect(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        vec![
            (
                None,
                ["1000.00 EUR", "900.00 EUR", "400.00 EUR", "900.00 EUR"].map(String::from),
                s(&["300.00 EUR", "600.00 EUR", "0.00 EUR"])
            ),
            (
                None,
                ["0.00 USD", "200.00 USD", "0.00 USD", "200.00 USD"].map(String::from),
                s(&["0.00 USD", "0.00 USD", "200.00 USD"])
            ),
            (
                Some("C-1"),
                ["1000.00 EUR", "900.00 EUR", "400.00 EUR", "900.00 EUR"].map(String::from),
                s(&["300.00 EUR", "600.00 EUR", "0.00 EUR"])
            ),
            (
                Some("C-2"),
                ["0.00 USD", "200.00 USD", "0.00 USD", "200.00 USD"].map(String::from),
                s(&["0.00 USD", "0.00 USD", "200.00 USD"])
            ),
        ]
    );
    assert_eq!(rows[0].figures.sales_windows[0].from, date("2024-03-01"));

    // The receivables agree with the aging at both ends of the period.
    let end = book.aging(as_of, &Buckets::default()).unwrap();
    let begin = book.aging(date("2024-01-01"), &Buckets::default()).unwrap();
    assert_eq!(end.totals[0].open_total, rows[0].figures.receivables_end);
    assert_eq!(
        begin.totals[0].open_total,
        rows[0].figures.receivables_begin
    );
}

#[test]
fn what_happens_after_the_as_of_date_does_not_count_yet() {
    let book = quarter_book();
    let aging = book.aging(date("2024-01-31"), &Buckets::default()).unwrap();
    // INV-1 is 17 days overdue: its payment of 2024-02-01 has not arrived yet. INV-2 and INV-3
    // are not issued yet. INV-4 is current.
    let rows: Vec<(String, Vec<String>)> = aging
        .customers
        .iter()
        .map(|r| (r.customer_reference.clone().unwrap(), amounts(&r.buckets)))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "C-1".into(),
                vec![
                    "0.00".into(),
                    "1000.00".into(),
                    "0.00".into(),
                    "0.00".into(),
                    "0.00".into()
                ]
            ),
            (
                "C-2".into(),
                vec![
                    "200.00".into(),
                    "0.00".into(),
                    "0.00".into(),
                    "0.00".into(),
                    "0.00".into()
                ]
            ),
        ]
    );
}

#[test]
fn invoices_are_filtered_and_paged_in_issue_date_order() {
    let book = quarter_book();
    let as_of = date("2024-03-31");
    let numbers = |query: InvoiceQuery| -> Vec<String> {
        book.invoices(&query)
            .unwrap()
            .into_iter()
            .map(|i| i.number)
            .collect()
    };
    assert_eq!(
        numbers(InvoiceQuery::as_of(as_of)),
        ["INV-1", "INV-4", "INV-2", "INV-3"]
    );
    assert_eq!(
        numbers(InvoiceQuery {
            limit: 2,
            offset: 1,
            ..InvoiceQuery::as_of(as_of)
        }),
        ["INV-4", "INV-2"]
    );
    assert_eq!(
        numbers(InvoiceQuery {
            customer: Some("C-1".into()),
            ..InvoiceQuery::as_of(as_of)
        }),
        ["INV-1", "INV-2", "INV-3"]
    );
    assert_eq!(
        numbers(InvoiceQuery {
            currency: Some(currency("USD")),
            ..InvoiceQuery::as_of(as_of)
        }),
        ["INV-4"]
    );
    assert_eq!(
        numbers(InvoiceQuery {
            overdue_only: true,
            ..InvoiceQuery::as_of(as_of)
        }),
        ["INV-4", "INV-2"]
    );

    let settled = &book.invoices(&InvoiceQuery::as_of(as_of)).unwrap()[0];
    assert_eq!(
        (settled.status.as_str(), settled.days_overdue),
        ("settled", None)
    );
}

#[test]
fn customers_are_listed_with_their_balances_per_currency() {
    let mut book = quarter_book();
    book.record_settlement(&payment("R-9", "C-2", "2024-03-30", "50.00 USD", None))
        .unwrap();
    let customers = book.customers(date("2024-03-31")).unwrap();
    let view: Vec<(String, Vec<[String; 3]>)> = customers
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.balances
                    .iter()
                    .map(|b| {
                        [
                            b.open.to_string(),
                            b.overdue.to_string(),
                            b.unapplied.to_string(),
                        ]
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        view,
        vec![
            (
                "Brightwater Supplies Ltd".into(),
                vec![["900.00 EUR".into(), "500.00 EUR".into(), "0.00 EUR".into()]]
            ),
            (
                "Harbour & Finch LLP".into(),
                vec![[
                    "200.00 USD".into(),
                    "200.00 USD".into(),
                    "-50.00 USD".into()
                ]]
            ),
        ]
    );
}

#[test]
fn an_instalment_paid_in_parts_is_open_by_what_was_paid_as_of_each_date() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-6", "Harbour & Finch LLP")],
        &[invoice(
            "INV-201",
            "C-6",
            "2024-04-01",
            "1000.00 EUR",
            "2024-04-30",
        )],
        &[
            payment("R-1", "C-6", "2024-05-10", "200.00 EUR", Some("INV-201")),
            payment("R-2", "C-6", "2024-06-10", "300.00 EUR", Some("INV-201")),
        ],
    );
    for (as_of, open) in [
        ("2024-04-30", "1000.00 EUR"),
        ("2024-05-09", "1000.00 EUR"),
        ("2024-05-10", "800.00 EUR"),
        ("2024-05-31", "800.00 EUR"),
        ("2024-06-10", "500.00 EUR"),
    ] {
        let aging = book.aging(date(as_of), &Buckets::default()).unwrap();
        assert_eq!(aging.totals[0].open_total, money(open), "as of {as_of}");
    }
    // The period figures measure the start of June's period on 2024-05-31, between the parts.
    let figures = book.period_figures(date("2024-06-30"), 30, &[]).unwrap();
    assert_eq!(figures[0].figures.receivables_begin, money("800.00 EUR"));
    assert_eq!(figures[0].figures.receivables_end, money("500.00 EUR"));
}

#[test]
fn a_period_of_no_days_begins_where_it_ends() {
    let book = quarter_book();
    let rows = book.period_figures(date("2024-03-31"), 0, &[]).unwrap();
    for row in &rows {
        assert_eq!(row.figures.receivables_begin, row.figures.receivables_end);
        assert!(row.figures.credit_sales.is_zero());
    }
}

#[test]
fn the_overview_is_the_aging_and_the_figures_of_one_pass() {
    let book = quarter_book();
    let as_of = date("2024-03-31");
    let windows = month_windows(as_of, 3);
    let overview = book
        .overview(as_of, &Buckets::default(), 90, &windows)
        .unwrap();
    assert_eq!(
        overview.aging,
        book.aging(as_of, &Buckets::default()).unwrap()
    );
    assert_eq!(
        overview.figures,
        book.period_figures(as_of, 90, &windows).unwrap()
    );
}

#[test]
fn sales_windows_include_their_first_and_last_days() {
    let mut book = book();
    post(
        &mut book,
        &[customer("C-1", "Lumière Distribution SARL")],
        &[
            invoice("INV-1", "C-1", "2024-01-31", "1.00 EUR", "2024-03-01"),
            invoice("INV-2", "C-1", "2024-02-01", "10.00 EUR", "2024-03-02"),
            invoice("INV-3", "C-1", "2024-02-29", "100.00 EUR", "2024-03-30"),
            invoice("INV-4", "C-1", "2024-03-01", "1000.00 EUR", "2024-03-31"),
            invoice("INV-5", "C-1", "2024-03-31", "10000.00 EUR", "2024-04-30"),
        ],
        &[settlement(
            SettlementKind::CreditNote,
            "CN-1",
            "C-1",
            "2024-02-29",
            "5.00 EUR",
            None,
        )],
    );
    let as_of = date("2024-03-31");
    let rows = book
        .period_figures(as_of, 31, &month_windows(as_of, 3))
        .unwrap();
    let windows: Vec<String> = rows[0]
        .figures
        .sales_windows
        .iter()
        .map(|w| w.credit_sales.to_string())
        .collect();
    assert_eq!(windows, ["11000.00 EUR", "105.00 EUR", "1.00 EUR"]);
    // The period (2024-02-29, 2024-03-31] leaves out its first day's invoice and credit note.
    assert_eq!(rows[0].figures.credit_sales, money("11000.00 EUR"));
}
