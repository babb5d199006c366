//! The use cases behind the desktop screens: the dashboard, the customer and invoice lists page
//! by page, and one customer in full; first on a small ledger whose figures can be read off,
//! then on a generated book, held to the aging and the receivables measures.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::{AppError, ErrorCode};
use creditdesk_app::{
    AgingBucket, Alert, AlertCount, AlertKind, CustomerInput, CustomerPageRequest, CustomerSort,
    DemoRequest, InvoiceInput, InvoicePageRequest, NewBook, OpenBook, OverdueCustomer,
    SettlementInput,
};
use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

fn money(text: &str) -> Money {
    let (amount, code) = text.split_once(' ').unwrap();
    Money::exact(amount.parse().unwrap(), Currency::from_code(code).unwrap()).unwrap()
}

fn invoice(number: &str, customer: &str, issued: &str, amount: &str, due: &str) -> InvoiceInput {
    let (amount, code) = amount.split_once(' ').unwrap();
    InvoiceInput {
        number: number.into(),
        customer: customer.into(),
        issue_date: date(issued),
        amount: amount.parse().unwrap(),
        currency: Some(Currency::from_code(code).unwrap()),
        due_date: Some(date(due)),
        terms: None,
        disputed: false,
    }
}

fn payment(
    reference: &str,
    customer: &str,
    on: &str,
    amount: &str,
    invoice: Option<&str>,
) -> SettlementInput {
    SettlementInput {
        kind: SettlementKind::Payment,
        reference: reference.into(),
        customer: customer.into(),
        date: date(on),
        amount: Some(amount.parse().unwrap()),
        currency: None,
        invoice: invoice.map(str::to_string),
        paid: None,
    }
}

/// Brightwater owes an invoice four months overdue and one not yet due; Harbour has a disputed
/// invoice a month overdue and paid 250.00 without saying what for; Pine Hollow owes 900.00 USD,
/// 45 days overdue.
fn spring_book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Acme Trading Ltd".into(),
        currency: eur(),
    };
    let mut book = creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap();
    for (reference, name) in [
        ("BRIGHT", "Brightwater Supplies Ltd"),
        ("HARBOUR", "Harbour & Finch LLP"),
        ("PINE", "Pine Hollow Farms"),
    ] {
        book.save_customer(&CustomerInput {
            reference: reference.into(),
            name: name.into(),
            country: None,
            email: None,
            channel: None,
        })
        .unwrap();
    }
    book.post_invoice(&invoice(
        "INV-1",
        "BRIGHT",
        "2023-12-01",
        "1200.00 EUR",
        "2023-12-31",
    ))
    .unwrap();
    book.post_invoice(&invoice(
        "INV-2",
        "BRIGHT",
        "2024-04-10",
        "300.00 EUR",
        "2024-05-10",
    ))
    .unwrap();
    let mut disputed = invoice("INV-3", "HARBOUR", "2024-02-15", "800.00 EUR", "2024-03-16");
    disputed.disputed = true;
    book.post_invoice(&disputed).unwrap();
    book.post_invoice(&invoice(
        "INV-4",
        "PINE",
        "2024-01-31",
        "900.00 USD",
        "2024-03-01",
    ))
    .unwrap();
    book.record_settlement(&payment("P-1", "HARBOUR", "2024-04-02", "250.00", None))
        .unwrap();
    book
}

#[test]
fn the_dashboard_shows_what_is_owed_what_is_late_and_what_needs_doing() {
    let dir = tempfile::tempdir().unwrap();
    let book = spring_book(dir.path());
    let dashboard = book.dashboard(date("2024-04-15"), 90).unwrap();

    let eur_position = &dashboard.currencies[0];
    assert_eq!(
        eur_position.currency,
        eur(),
        "the book's currency comes first"
    );
    assert_eq!(eur_position.open, money("2300.00 EUR"));
    assert_eq!(eur_position.unapplied, money("250.00 EUR"));
    assert_eq!(eur_position.receivable, money("2050.00 EUR"));
    assert_eq!(eur_position.overdue, money("2000.00 EUR"));
    assert_eq!(eur_position.disputed, money("800.00 EUR"));
    let bucket = |label: &str, amount: &str| AgingBucket {
        label: label.into(),
        amount: money(amount),
    };
    assert_eq!(
        eur_position.aging,
        vec![
            bucket("Current", "300.00 EUR"),
            bucket("1-30", "800.00 EUR"),
            bucket("31-60", "0.00 EUR"),
            bucket("61-90", "0.00 EUR"),
            bucket("90+", "1200.00 EUR"),
        ]
    );
    // 2300.00 open over 1100.00 invoiced in the 90 days to 15 April (INV-2 and INV-3): 188.2.
    assert_eq!(eur_position.dso, Some(Decimal::new(1882, 1)));
    let usd_position = &dashboard.currencies[1];
    assert_eq!(usd_position.overdue, money("900.00 USD"));
    assert_eq!(usd_position.dso, Some(Decimal::new(900, 1)));

    let customer = |reference: &str, name: &str, overdue: &str, open: &str, days| OverdueCustomer {
        customer_reference: reference.into(),
        customer_name: name.into(),
        currency: money(overdue).currency(),
        overdue: money(overdue),
        open: money(open),
        days_overdue: days,
    };
    assert_eq!(
        dashboard.top_overdue,
        vec![
            customer(
                "BRIGHT",
                "Brightwater Supplies Ltd",
                "1200.00 EUR",
                "1500.00 EUR",
                106
            ),
            customer(
                "HARBOUR",
                "Harbour & Finch LLP",
                "800.00 EUR",
                "800.00 EUR",
                30
            ),
            customer("PINE", "Pine Hollow Farms", "900.00 USD", "900.00 USD", 45),
        ]
    );

    let alert =
        |kind, customer: &str, name: &str, invoice: Option<&str>, amount: &str, days| Alert {
            kind,
            customer_reference: Some(customer.into()),
            customer_name: Some(name.into()),
            invoice_number: invoice.map(str::to_string),
            currency: Some(money(amount).currency()),
            amount: Some(money(amount)),
            days: Some(days),
        };
    assert_eq!(
        dashboard.alerts,
        vec![
            alert(
                AlertKind::OverdueOver90,
                "BRIGHT",
                "Brightwater Supplies Ltd",
                None,
                "1200.00 EUR",
                106
            ),
            alert(
                AlertKind::Disputed,
                "HARBOUR",
                "Harbour & Finch LLP",
                Some("INV-3"),
                "800.00 EUR",
                30
            ),
            alert(
                AlertKind::UnappliedCash,
                "HARBOUR",
                "Harbour & Finch LLP",
                None,
                "250.00 EUR",
                13
            ),
        ]
    );
    assert_eq!(
        dashboard.alert_counts,
        [
            (AlertKind::OverdueOver90, 1),
            (AlertKind::Disputed, 1),
            (AlertKind::UnappliedCash, 1)
        ]
        .map(|(kind, count)| AlertCount { kind, count })
    );

    let months: Vec<NaiveDate> = dashboard.dso_trend[0]
        .points
        .iter()
        .map(|p| p.month_end)
        .collect();
    assert_eq!(months.first(), Some(&date("2023-04-30")));
    assert_eq!(months.last(), Some(&date("2024-03-31")));
    assert_eq!(months.len(), 12);

    // The user interface writes the alert's sentence from its kind: the kinds are fixed words.
    let kinds: Vec<String> = AlertKind::ALL
        .iter()
        .map(|k| {
            serde_json::to_value(k)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["overdue_over_90", "disputed", "unapplied_cash"]);
}

#[test]
fn the_dashboard_refuses_a_period_it_cannot_measure() {
    let dir = tempfile::tempdir().unwrap();
    let book = spring_book(dir.path());
    let err = book.dashboard(date("2024-04-15"), 0).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "The period of 0 days is not accepted; give between 1 and 3660 days (90 is usual)."
    );
}

#[test]
fn the_dashboard_of_a_new_book_is_empty_but_whole() {
    let dir = tempfile::tempdir().unwrap();
    let new = NewBook {
        name: "Acme Trading Ltd".into(),
        currency: eur(),
    };
    let book = creditdesk_app::create_book(&dir.path().join("new.creditdesk"), &new).unwrap();
    let dashboard = book.dashboard(date("2024-04-15"), 90).unwrap();
    assert!(dashboard.currencies.is_empty() && dashboard.dso_trend.is_empty());
    assert!(dashboard.top_overdue.is_empty() && dashboard.alerts.is_empty());
    assert_eq!(
        dashboard.alert_counts,
        AlertKind::ALL.map(|kind| AlertCount { kind, count: 0 })
    );
}

#[test]
fn the_dashboard_of_a_generated_book_agrees_with_the_aging_and_the_measures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.creditdesk");
    let request = DemoRequest {
        seed: 11,
        customers: 300,
        invoices: 6_000,
        end: date("2025-12-31"),
        months: 24,
    };
    creditdesk_app::create_demo_book(&path, &request).unwrap();
    let book = OpenBook::open(&path).unwrap();

    for as_of in ["2025-09-17", "2025-12-31"].map(date) {
        let dashboard = book.dashboard(as_of, 90).unwrap();
        let aging = book.aging(as_of, &Buckets::default()).unwrap();
        let measures = book.measures(as_of, 90).unwrap();

        for position in &dashboard.currencies {
            let total = aging
                .totals
                .iter()
                .find(|t| t.currency == position.currency)
                .unwrap();
            assert_eq!(position.open, total.open_total);
            assert_eq!(position.receivable, total.net);
            assert_eq!(
                position.aging.iter().map(|b| b.amount).collect::<Vec<_>>(),
                total.buckets
            );
            let measured = measures
                .iter()
                .find(|m| m.customer_reference.is_none() && m.currency == position.currency)
                .unwrap();
            assert_eq!(position.dso, measured.measures.dso, "{}", position.currency);
        }
        for trend in &dashboard.dso_trend {
            for point in &trend.points {
                let measured = book.measures(point.month_end, 90).unwrap();
                let dso = measured
                    .iter()
                    .find(|m| m.customer_reference.is_none() && m.currency == trend.currency)
                    .and_then(|m| m.measures.dso);
                assert_eq!(point.dso, dso, "{} at {}", trend.currency, point.month_end);
            }
        }

        // The ten most overdue customers of each currency, from the aging's rows.
        let mut expected: Vec<(usize, Decimal, String)> = Vec::new();
        for (order, position) in dashboard.currencies.iter().enumerate() {
            let mut rows: Vec<(Decimal, String)> = aging
                .customers
                .iter()
                .filter(|r| r.currency == position.currency)
                .map(|r| {
                    let overdue = r.open_total.amount() - r.buckets[0].amount();
                    (overdue, r.customer_reference.clone().unwrap())
                })
                .filter(|(overdue, _)| *overdue > Decimal::ZERO)
                .collect();
            rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            expected.extend(rows.into_iter().take(10).map(|(o, r)| (order, o, r)));
        }
        let got: Vec<(usize, Decimal, String)> = dashboard
            .top_overdue
            .iter()
            .map(|c| {
                let order = dashboard
                    .currencies
                    .iter()
                    .position(|p| p.currency == c.currency)
                    .unwrap();
                (order, c.overdue.amount(), c.customer_reference.clone())
            })
            .collect();
        assert_eq!(got, expected);

        let long_overdue = aging
            .customers
            .iter()
            .filter(|r| r.buckets[4].amount() > Decimal::ZERO)
            .count() as u64;
        let unapplied = aging
            .customers
            .iter()
            .filter(|r| r.unapplied.amount() < Decimal::ZERO)
            .count() as u64;
        let counts: Vec<u64> = dashboard.alert_counts.iter().map(|c| c.count).collect();
        assert_eq!(counts[0], long_overdue);
        assert_eq!(counts[2], unapplied);
        assert!(counts.iter().all(|c| *c > 0), "{counts:?}");
        assert_eq!(dashboard.alerts.len(), 30);
    }
}

#[test]
fn lists_come_page_by_page_with_the_length_of_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.creditdesk");
    let request = DemoRequest {
        seed: 5,
        customers: 120,
        invoices: 2_000,
        end: date("2025-12-31"),
        months: 12,
    };
    creditdesk_app::create_demo_book(&path, &request).unwrap();
    let book = OpenBook::open(&path).unwrap();
    let as_of = date("2025-12-31");

    let customers = |sort, descending, offset| CustomerPageRequest {
        as_of,
        search: None,
        sort,
        descending,
        offset,
        limit: 50,
    };
    let first = book
        .customers_page(&customers(CustomerSort::Reference, false, 0))
        .unwrap();
    let last = book
        .customers_page(&customers(CustomerSort::Reference, false, 100))
        .unwrap();
    assert_eq!(
        (first.total, first.rows.len(), last.rows.len()),
        (120, 50, 20)
    );
    let all = book.customers(as_of).unwrap();
    assert_eq!(first.rows[..], all[..50]);
    assert_eq!(last.rows[..], all[100..]);

    let by_open = book
        .customers_page(&customers(CustomerSort::Open, true, 0))
        .unwrap();
    let open = |c: &creditdesk_app::CustomerSummary| {
        c.balances
            .iter()
            .find(|b| b.currency == eur())
            .map_or(Decimal::ZERO, |b| b.open.amount())
    };
    assert!(by_open.rows.windows(2).all(|w| open(&w[0]) >= open(&w[1])));

    let invoices = |offset, overdue_only| InvoicePageRequest {
        as_of,
        overdue_only,
        disputed_only: false,
        customer: None,
        currency: None,
        offset,
        limit: 500,
    };
    let whole = book
        .invoices(&creditdesk_app::InvoiceQuery {
            as_of,
            overdue_only: false,
            customer: None,
            currency: None,
            disputed_only: false,
            limit: 10_000,
            offset: 0,
        })
        .unwrap();
    let page = book.invoices_page(&invoices(1_700, false)).unwrap();
    assert_eq!(page.total, 2_000);
    assert_eq!(page.rows[..], whole[1_700..]);
    let overdue = book.invoices_page(&invoices(0, true)).unwrap();
    assert!(overdue.total > 0 && overdue.total < 2_000);
    assert!(overdue.rows.iter().all(|i| i.days_overdue.unwrap() > 0));
}

#[test]
fn a_page_is_refused_beyond_what_a_screen_shows() {
    let dir = tempfile::tempdir().unwrap();
    let book = spring_book(dir.path());
    let err = book
        .customers_page(&CustomerPageRequest {
            as_of: date("2024-04-15"),
            search: None,
            sort: CustomerSort::Name,
            descending: false,
            offset: 0,
            limit: 501,
        })
        .unwrap_err();
    assert_eq!(
        err,
        AppError::new(
            ErrorCode::InvalidInput,
            "A page of 501 customers is not accepted; ask for between 1 and 500."
        )
    );
    let err = book
        .invoices_page(&InvoicePageRequest {
            as_of: date("2024-04-15"),
            overdue_only: false,
            disputed_only: false,
            customer: None,
            currency: None,
            offset: 0,
            limit: 0,
        })
        .unwrap_err();
    assert_eq!(
        err,
        AppError::new(
            ErrorCode::InvalidInput,
            "A page of 0 invoices is not accepted; ask for between 1 and 500."
        )
    );
}

#[test]
fn a_customer_page_shows_its_open_items_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = spring_book(dir.path());
    book.record_settlement(&payment(
        "P-2",
        "BRIGHT",
        "2024-04-12",
        "200.00",
        Some("INV-1"),
    ))
    .unwrap();
    let detail = book
        .customer_detail(" BRIGHT ", date("2024-04-15"))
        .unwrap();

    assert_eq!(detail.customer.name, "Brightwater Supplies Ltd");
    let open: Vec<(&str, String)> = detail
        .open_items
        .iter()
        .map(|i| (i.number.as_str(), i.open.to_string()))
        .collect();
    assert_eq!(
        open,
        [
            ("INV-1", "1000.00 EUR".to_string()),
            ("INV-2", "300.00 EUR".to_string())
        ]
    );
    let history: Vec<(&str, &str)> = detail
        .timeline
        .iter()
        .map(|e| {
            let kind = match e.kind {
                creditdesk_app::TimelineKind::Invoice => "invoice",
                creditdesk_app::TimelineKind::Payment => "payment",
                creditdesk_app::TimelineKind::ProfileSaved => "profile saved",
                _ => "other",
            };
            (kind, e.reference.as_str())
        })
        .collect();
    assert_eq!(
        history,
        [
            ("profile saved", "BRIGHT"),
            ("payment", "P-2"),
            ("invoice", "INV-2"),
            ("invoice", "INV-1"),
        ]
    );

    let err = book
        .customer_detail("NOBODY", date("2024-04-15"))
        .unwrap_err();
    assert_eq!(
        err,
        AppError::new(
            ErrorCode::NotFound,
            "No customer with reference NOBODY is in the book; check the reference."
        )
    );
}

#[test]
fn a_command_without_a_book_says_so() {
    let err = AppError::no_book();
    assert_eq!(err.code.as_str(), "no_book");
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        serde_json::json!({
            "code": "no_book",
            "message": "No book is open; open a book or create a new one, then try again."
        })
    );
}

#[test]
fn the_demo_book_has_credit_files_that_show_holds_reviews_and_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.creditdesk");
    let end = date("2025-12-31");
    let request = DemoRequest {
        seed: 11,
        customers: 300,
        invoices: 6_000,
        end,
        months: 24,
    };
    creditdesk_app::create_demo_book(&path, &request).unwrap();
    let book = OpenBook::open(&path).unwrap();

    let exposures = book.exposures(end).unwrap();
    assert_eq!(exposures.len(), 40, "the 40 customers owing most");
    let over: Vec<_> = exposures
        .iter()
        .filter_map(|e| e.exposure.as_ref())
        .filter(|e| e.excess.amount() > rust_decimal::Decimal::ZERO)
        .collect();
    assert_eq!(over.len(), 8, "every fifth is over its limit");
    let kinds: std::collections::BTreeSet<String> = book
        .credit_alerts(end)
        .unwrap()
        .iter()
        .map(|a| a.alert.kind().to_string())
        .collect();
    for kind in [
        "limit_exceeded",
        "review_due",
        "insurance_expiring",
        "security_expiring",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(!kinds.contains("rate_missing"), "every currency has a rate");
    assert!(!book.review_queue(end).unwrap().is_empty());
}
