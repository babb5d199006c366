//! What the desktop screens read: pages of invoices and customers, the dashboard's figures, one
//! customer in full, and the company and mail settings. Each list is held to a reference built
//! from the book's other reads (one invoice at a time, the full customer list, the aging and the
//! period figures), on a book file with partial payments, late allocations, credit notes,
//! disputes and two currencies.

use chrono::{Datelike, Days, NaiveDate};
use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::Money;
use creditdesk_store::{
    Book, BookSettings, CompanyRecord, CustomerQuery, CustomerSort, InvoiceQuery, InvoiceSummary,
    SmtpRecord, StoredLogo, TimelineEvent, TimelineKind,
};

use crate::support::*;

/// A year of trading with six customers in EUR and USD: invoices of one or two instalments,
/// payments in one or two parts on different days, credit notes, disputes, and payments that
/// arrive without naming an invoice and are allocated weeks later.
fn busy_year(path: &std::path::Path) -> Book {
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(path, &settings).unwrap();
    let names = [
        "Brightwater Supplies Ltd",
        "harbour & finch llp",
        "Müller Maschinenbau GmbH",
        "明水贸易有限公司",
        "Pine Hollow Farms",
        "Zephyr Logistics SARL",
    ];
    let customers: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| customer(&format!("C-{}", i + 1), name))
        .collect();
    let mut invoices = Vec::new();
    let mut settlements = Vec::new();
    let start = date("2024-01-03");
    for n in 0..72u64 {
        let c = (n * 7 % 6) + 1;
        let code = if c % 3 == 0 { "USD" } else { "EUR" };
        let issued = start + Days::new(n * 5);
        let cents = 10_000 + (n * 7_919 % 90_000);
        let total = format!("{}.{:02} {code}", cents / 100, cents % 100);
        let number = format!("INV-{:03}", n + 1);
        let due = issued + Days::new(30);
        let mut invoice = if n % 5 == 2 {
            let half = cents / 2;
            let rest = cents - half;
            instalment_invoice(
                &number,
                &format!("C-{c}"),
                &issued.to_string(),
                &total,
                &[
                    (
                        &due.to_string(),
                        &format!("{}.{:02} {code}", half / 100, half % 100),
                    ),
                    (
                        &(due + Days::new(30)).to_string(),
                        &format!("{}.{:02} {code}", rest / 100, rest % 100),
                    ),
                ],
            )
        } else {
            invoice(
                &number,
                &format!("C-{c}"),
                &issued.to_string(),
                &total,
                &due.to_string(),
            )
        };
        invoice.disputed = n % 9 == 4;
        invoices.push(invoice);

        let customer_ref = format!("C-{c}");
        let part = cents / 3;
        let part = format!("{}.{:02} {code}", part / 100, part % 100);
        match n % 6 {
            // Paid in two parts, 20 and 50 days after issue: allocations on both sides of
            // some month end.
            0 | 3 => {
                settlements.push(payment(
                    &format!("P-{n}-a"),
                    &customer_ref,
                    &(issued + Days::new(20)).to_string(),
                    &part,
                    Some(&number),
                ));
                settlements.push(payment(
                    &format!("P-{n}-b"),
                    &customer_ref,
                    &(issued + Days::new(50)).to_string(),
                    &part,
                    Some(&number),
                ));
            }
            // Paid in full, late.
            1 => settlements.push(payment(
                &format!("P-{n}"),
                &customer_ref,
                &(issued + Days::new(45)).to_string(),
                &total,
                Some(&number),
            )),
            // A partial credit note.
            4 => settlements.push(settlement(
                SettlementKind::CreditNote,
                &format!("CN-{n}"),
                &customer_ref,
                &(issued + Days::new(10)).to_string(),
                &part,
                Some(&number),
            )),
            // A payment that names no invoice.
            5 => settlements.push(payment(
                &format!("P-{n}-open"),
                &customer_ref,
                &(issued + Days::new(25)).to_string(),
                &part,
                None,
            )),
            _ => {}
        }
    }
    let mut tx = book.begin_import().unwrap();
    post_in(&mut tx, &customers, &invoices, &settlements);
    tx.record_batch("generic", "year.csv", "00", Default::default());
    tx.commit().unwrap();
    // Some of the unapplied payments are allocated later in the year.
    for (customer, on) in [
        ("C-6", "2024-05-20"),
        ("C-2", "2024-08-31"),
        ("C-5", "2024-11-05"),
    ] {
        book.allocate_unapplied(customer, date(on)).unwrap();
    }
    book
}

/// Every invoice issued by `as_of`, in list order, computed one invoice at a time from its
/// instalments and allocations.
fn reference_invoices(book: &Book, as_of: NaiveDate) -> Vec<(InvoiceSummary, bool)> {
    let mut all = Vec::new();
    for n in 1..=72 {
        let detail = book.invoice(&format!("INV-{n:03}")).unwrap().unwrap();
        if detail.issue_date > as_of {
            continue;
        }
        let currency = detail.total.currency();
        let mut open_minor = 0;
        let mut earliest: Option<NaiveDate> = None;
        for instalment in &detail.instalments {
            let applied: i64 = instalment
                .allocations
                .iter()
                .filter(|a| a.applied_on <= as_of)
                .map(|a| a.amount.to_minor().unwrap())
                .sum();
            let open = instalment.amount.to_minor().unwrap() - applied;
            open_minor += open;
            if open > 0 && earliest.is_none_or(|e| instalment.due_date < e) {
                earliest = Some(instalment.due_date);
            }
        }
        let total = detail.total.to_minor().unwrap();
        let summary = InvoiceSummary {
            number: detail.number.clone(),
            customer_reference: detail.customer_reference.clone(),
            customer_name: detail.customer_name.clone(),
            issue_date: detail.issue_date,
            currency,
            total: detail.total,
            open: Money::from_minor(open_minor, currency),
            earliest_unpaid_due: earliest,
            days_overdue: earliest.map(|d| (as_of - d).num_days()),
            disputed: detail.disputed,
            status: if open_minor == 0 {
                creditdesk_store::InvoiceStatus::Settled
            } else if open_minor == total {
                creditdesk_store::InvoiceStatus::Open
            } else {
                creditdesk_store::InvoiceStatus::PartiallySettled
            },
        };
        let overdue = earliest.is_some_and(|d| d < as_of);
        all.push((summary, overdue));
    }
    all.sort_by(|a, b| (a.0.issue_date, &a.0.number).cmp(&(b.0.issue_date, &b.0.number)));
    all
}

#[test]
fn an_invoice_page_is_its_slice_of_the_whole_list_whatever_the_filters_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let book = busy_year(&dir.path().join("year.creditdesk"));

    for as_of in ["2024-03-31", "2024-07-16", "2025-01-31"].map(date) {
        let all = reference_invoices(&book, as_of);
        for overdue_only in [false, true] {
            for disputed in [None, Some(true), Some(false)] {
                for customer in [None, Some("C-2")] {
                    for currency_filter in [None, Some(currency("USD"))] {
                        let expected: Vec<&InvoiceSummary> = all
                            .iter()
                            .filter(|(s, overdue)| {
                                (!overdue_only || *overdue)
                                    && disputed.is_none_or(|d| s.disputed == d)
                                    && customer.is_none_or(|c| s.customer_reference == c)
                                    && currency_filter.is_none_or(|c| s.currency == c)
                            })
                            .map(|(s, _)| s)
                            .collect();
                        for offset in [0, 3, 20, 70] {
                            let query = InvoiceQuery {
                                as_of,
                                overdue_only,
                                customer: customer.map(str::to_string),
                                currency: currency_filter,
                                disputed,
                                limit: 10,
                                offset,
                            };
                            let page = book.invoice_page(&query).unwrap();
                            let want: Vec<&InvoiceSummary> = expected
                                .iter()
                                .skip(offset as usize)
                                .take(10)
                                .copied()
                                .collect();
                            let got: Vec<&InvoiceSummary> = page.rows.iter().collect();
                            assert_eq!(got, want, "{query:?}");
                            assert_eq!(page.total, expected.len() as u64, "{query:?}");
                            assert_eq!(book.invoices(&query).unwrap(), page.rows);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_remembered_list_is_computed_again_once_the_book_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = busy_year(&dir.path().join("year.creditdesk"));
    let as_of = date("2024-12-31");
    let overdue = InvoiceQuery {
        overdue_only: true,
        ..InvoiceQuery::as_of(as_of)
    };
    let before = book.invoice_page(&overdue).unwrap();
    let total = InvoiceQuery::as_of(as_of);
    let all_before = book.invoice_page(&total).unwrap().total;

    let first = before.rows[0].clone();
    book.record_settlement(&payment(
        "P-LATE",
        &first.customer_reference,
        "2024-12-30",
        &first.open.to_string(),
        Some(&first.number),
    ))
    .unwrap();
    let mut tx = book.begin_import().unwrap();
    tx.invoice(&invoice(
        "INV-900",
        "C-1",
        "2024-12-01",
        "10.00 EUR",
        "2024-12-31",
    ))
    .unwrap();
    tx.commit().unwrap();

    let after = book.invoice_page(&overdue).unwrap();
    assert_eq!(
        after.total,
        before.total - 1,
        "the paid invoice left the list"
    );
    assert!(after.rows.iter().all(|r| r.number != first.number));
    assert_eq!(book.invoice_page(&total).unwrap().total, all_before + 1);
}

#[test]
fn customer_pages_search_and_sort_as_the_full_list_does() {
    let dir = tempfile::tempdir().unwrap();
    let book = busy_year(&dir.path().join("year.creditdesk"));
    let as_of = date("2024-10-31");
    let all = book.customers(as_of).unwrap();
    let eur = currency("EUR");
    let amount = |c: &creditdesk_store::CustomerSummary, overdue: bool| {
        c.balances
            .iter()
            .find(|b| b.currency == eur)
            .map_or(rust_decimal::Decimal::ZERO, |b| {
                if overdue {
                    b.overdue.amount()
                } else {
                    b.open.amount()
                }
            })
    };

    for search in [
        None,
        Some("LL"),
        Some("müller"),
        Some("c-"),
        Some("贸易"),
        Some("none such"),
    ] {
        for sort in [
            CustomerSort::Reference,
            CustomerSort::Name,
            CustomerSort::Open,
            CustomerSort::Overdue,
        ] {
            for descending in [false, true] {
                let mut expected: Vec<&creditdesk_store::CustomerSummary> = all
                    .iter()
                    .filter(|c| {
                        search.is_none_or(|s| {
                            let s = s.to_lowercase();
                            c.reference.to_lowercase().contains(&s)
                                || c.name.to_lowercase().contains(&s)
                        })
                    })
                    .collect();
                expected.sort_by(|a, b| {
                    let order = match sort {
                        CustomerSort::Reference => a.reference.cmp(&b.reference),
                        CustomerSort::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                        CustomerSort::Open => amount(a, false).cmp(&amount(b, false)),
                        CustomerSort::Overdue => amount(a, true).cmp(&amount(b, true)),
                    };
                    let order = if descending { order.reverse() } else { order };
                    order.then(a.reference.cmp(&b.reference))
                });
                for offset in [0, 2, 5] {
                    let query = CustomerQuery {
                        as_of,
                        search: search.map(str::to_string),
                        sort,
                        descending,
                        offset,
                        limit: 3,
                    };
                    let page = book.customer_page(&query).unwrap();
                    let want: Vec<_> = expected
                        .iter()
                        .skip(offset as usize)
                        .take(3)
                        .copied()
                        .collect();
                    assert_eq!(page.rows.iter().collect::<Vec<_>>(), want, "{query:?}");
                    assert_eq!(page.total, expected.len() as u64, "{query:?}");
                }
            }
        }
    }
}

/// The last day of each of the `count` months up to the one `as_of` ends.
fn month_ends(as_of: NaiveDate, count: u32) -> Vec<NaiveDate> {
    (0..count)
        .rev()
        .map(|k| {
            let first = as_of
                .with_day(1)
                .unwrap()
                .checked_sub_months(chrono::Months::new(k))
                .unwrap();
            first
                .checked_add_months(chrono::Months::new(1))
                .unwrap()
                .pred_opt()
                .unwrap()
        })
        .collect()
}

#[test]
fn the_dashboard_figures_are_the_aging_and_the_period_figures_of_each_trend_day() {
    let dir = tempfile::tempdir().unwrap();
    let book = busy_year(&dir.path().join("year.creditdesk"));
    let buckets = Buckets::default();

    for as_of in ["2024-06-30", "2024-09-17", "2025-01-31"].map(date) {
        let mut ends = month_ends(as_of, 12);
        if ends.last() != Some(&as_of) {
            ends.pop();
            ends.push(as_of);
        }
        let figures = book.dashboard_figures(as_of, &buckets, 90, &ends).unwrap();
        let aging = book.aging(as_of, &buckets).unwrap();

        let totals: Vec<_> = figures
            .currencies
            .iter()
            .filter(|c| !c.open.is_zero() || !c.unapplied.is_zero())
            .map(|c| {
                (
                    c.currency,
                    c.buckets.clone(),
                    c.open,
                    c.disputed,
                    c.unapplied.negate(),
                )
            })
            .collect();
        let expected: Vec<_> = aging
            .totals
            .iter()
            .map(|t| {
                (
                    t.currency,
                    t.buckets.clone(),
                    t.open_total,
                    t.disputed,
                    t.unapplied,
                )
            })
            .collect();
        assert_eq!(totals, expected, "{as_of}");

        let positions: Vec<_> = {
            let mut rows: Vec<_> = figures
                .customers
                .iter()
                .map(|p| {
                    (
                        p.reference.clone(),
                        p.currency,
                        p.buckets.clone(),
                        p.unapplied.negate(),
                    )
                })
                .collect();
            rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            rows
        };
        let expected: Vec<_> = aging
            .customers
            .iter()
            .map(|r| {
                (
                    r.customer_reference.clone().unwrap(),
                    r.currency,
                    r.buckets.clone(),
                    r.unapplied,
                )
            })
            .collect();
        assert_eq!(positions, expected, "{as_of}");

        for (k, end) in ends.iter().enumerate() {
            let rows = book.period_figures(*end, 90, &[]).unwrap();
            for currency in &figures.currencies {
                let point = &currency.trend[k];
                assert_eq!(point.end, *end);
                let book_row = rows.iter().find(|r| {
                    r.customer_reference.is_none()
                        && r.figures.receivables_end.currency() == currency.currency
                });
                let (receivables, sales) = book_row.map_or(
                    (
                        Money::zero(currency.currency),
                        Money::zero(currency.currency),
                    ),
                    |r| (r.figures.receivables_end, r.figures.credit_sales),
                );
                assert_eq!(
                    point.receivables, receivables,
                    "{} at {end}",
                    currency.currency
                );
                assert_eq!(point.credit_sales, sales, "{} at {end}", currency.currency);
            }
        }

        let mut disputed: Vec<_> = figures
            .disputed
            .iter()
            .map(|d| (d.number.clone(), d.open, d.earliest_unpaid_due))
            .collect();
        disputed.sort_by(|a, b| a.0.cmp(&b.0));
        let expected: Vec<_> = reference_invoices(&book, as_of)
            .into_iter()
            .filter(|(s, _)| s.disputed && !s.open.is_zero())
            .map(|(s, _)| (s.number, s.open, s.earliest_unpaid_due.unwrap()))
            .collect();
        assert_eq!(disputed, expected, "{as_of}");
    }
}

#[test]
fn a_customer_timeline_names_every_event_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&dir.path().join("book.creditdesk"), &settings).unwrap();
    let mut tx = book.begin_import().unwrap();
    post_in(
        &mut tx,
        &[
            customer("C-1", "Brightwater Supplies Ltd"),
            customer("C-2", "Harbour & Finch LLP"),
        ],
        &[
            invoice("INV-1", "C-1", "2024-01-10", "500.00 EUR", "2024-02-09"),
            invoice("INV-2", "C-1", "2024-02-01", "300.00 EUR", "2024-03-02"),
            invoice("INV-3", "C-2", "2024-02-01", "90.00 EUR", "2024-03-02"),
        ],
        &[payment(
            "P-1",
            "C-1",
            "2024-02-05",
            "500.00 EUR",
            Some("INV-1"),
        )],
    );
    tx.record_batch("generic", "january.csv", "ab", Default::default());
    tx.commit().unwrap();
    book.record_settlement(&payment("P-2", "C-1", "2024-02-20", "100.00 EUR", None))
        .unwrap();
    book.allocate_unapplied("C-1", date("2024-03-10")).unwrap();
    book.set_disputed("INV-2", true).unwrap();
    book.set_disputed("INV-2", false).unwrap();
    book.set_disputed("INV-3", true).unwrap();
    let mut tx = book.begin_import().unwrap();
    let mut renamed = customer("C-1", "Brightwater Supplies Limited");
    renamed.email = Some("ar@brightwater.example".into());
    tx.customer(&renamed).unwrap();
    tx.describe_entry("save_customer", "customer", "C-1", serde_json::json!({}));
    tx.commit().unwrap();

    let detail = book.customer_detail("C-1", date("2024-03-31")).unwrap();
    assert_eq!(detail.customer.name, "Brightwater Supplies Limited");
    assert_eq!(
        detail.customer.email.as_deref(),
        Some("ar@brightwater.example")
    );
    let balances: Vec<_> = detail
        .customer
        .balances
        .iter()
        .map(|b| (b.open.to_string(), b.overdue.to_string()))
        .collect();
    assert_eq!(
        balances,
        [("200.00 EUR".to_string(), "200.00 EUR".to_string())]
    );
    let open: Vec<_> = detail
        .open_items
        .iter()
        .map(|i| (i.number.as_str(), i.open.to_string()))
        .collect();
    assert_eq!(open, [("INV-2", "200.00 EUR".to_string())]);
    assert_eq!(detail.open_items_total, 1);

    // What people did is dated by the day it was done (UTC), as the audit trail records it.
    let today = date(&book.audit_trail(1).unwrap()[0].at[..10]);
    let event =
        |on: NaiveDate, kind, reference: &str, amount: Option<&str>, detail: Option<&str>| {
            TimelineEvent {
                date: on,
                kind,
                reference: reference.into(),
                amount: amount.map(money),
                detail: detail.map(str::to_string),
            }
        };
    // What people did today comes first; the documents follow by their own dates. The payment
    // P-1, applied on its own date to the invoice it names, is one event, not two.
    assert_eq!(
        detail.timeline,
        vec![
            event(today, TimelineKind::ProfileSaved, "C-1", None, None),
            event(today, TimelineKind::DisputeCleared, "INV-2", None, None),
            event(today, TimelineKind::DisputeOpened, "INV-2", None, None),
            event(
                today,
                TimelineKind::Import,
                "january.csv",
                None,
                Some("generic")
            ),
            event(
                date("2024-03-10"),
                TimelineKind::Allocation,
                "P-2",
                Some("100.00 EUR"),
                Some("INV-2")
            ),
            event(
                date("2024-02-20"),
                TimelineKind::Payment,
                "P-2",
                Some("100.00 EUR"),
                None
            ),
            event(
                date("2024-02-05"),
                TimelineKind::Payment,
                "P-1",
                Some("500.00 EUR"),
                Some("INV-1")
            ),
            event(
                date("2024-02-01"),
                TimelineKind::Invoice,
                "INV-2",
                Some("300.00 EUR"),
                None
            ),
            event(
                date("2024-01-10"),
                TimelineKind::Invoice,
                "INV-1",
                Some("500.00 EUR"),
                None
            ),
        ]
    );
    assert_eq!(detail.timeline_total, 9);

    let err = book.customer_detail("C-9", date("2024-03-31")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No customer with reference C-9 is in the book; check the reference."
    );
}

#[test]
fn company_and_mail_settings_are_kept_whole_and_audited_when_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&path, &settings).unwrap();
    assert_eq!(book.company().unwrap(), None);
    assert_eq!(book.smtp_account().unwrap(), None);

    let company = CompanyRecord {
        legal_name: "Acme Trading Ltd".into(),
        address_lines: vec!["1 Quay Street".into(), "Bristol BS1 4DJ".into()],
        country: Some("GB".into()),
        email: Some("accounts@acme.example".into()),
        phone: None,
        tax_id: Some("GB123456789".into()),
        bank_name: Some("Harbour Bank".into()),
        iban: Some("GB82 WEST 1234 5698 7654 32".into()),
        account_number: None,
        bic: Some("WESTGB2L".into()),
        letter_language: "en".into(),
        logo: Some(StoredLogo {
            media_type: "image/png".into(),
            bytes: b"\x89PNG\r\n\x1a\nfake".to_vec(),
        }),
    };
    assert!(book.save_company(&company).unwrap());
    assert!(
        !book.save_company(&company).unwrap(),
        "unchanged: nothing written"
    );
    let mut changed = company.clone();
    changed.phone = Some("+44 117 496 0000".into());
    changed.letter_language = "zh-CN".into();
    assert!(book.save_company(&changed).unwrap());

    let smtp = SmtpRecord {
        host: "smtp.acme.example".into(),
        port: 587,
        security: "starttls".into(),
        username: Some("accounts@acme.example".into()),
        from_address: "accounts@acme.example".into(),
        from_name: Some("Acme Accounts".into()),
    };
    assert!(book.save_smtp_account(&smtp).unwrap());
    drop(book);

    let book = Book::open(&path).unwrap();
    assert_eq!(book.company().unwrap(), Some(changed));
    assert_eq!(book.smtp_account().unwrap(), Some(smtp));
    let trail = book.audit_trail(3).unwrap();
    let entries: Vec<_> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.reference.as_str(), e.detail.clone()))
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                "save_smtp_account",
                "smtp_account",
                serde_json::json!({ "changed": {
                    "host": "smtp.acme.example",
                    "port": 587,
                    "security": "starttls",
                    "username": "accounts@acme.example",
                    "from_address": "accounts@acme.example",
                    "from_name": "Acme Accounts",
                }})
            ),
            (
                "save_company",
                "company",
                serde_json::json!({ "changed": {
                    "phone": "+44 117 496 0000",
                    "letter_language": "zh-CN",
                }})
            ),
            (
                "save_company",
                "company",
                serde_json::json!({ "changed": {
                    "legal_name": "Acme Trading Ltd",
                    "address_lines": ["1 Quay Street", "Bristol BS1 4DJ"],
                    "country": "GB",
                    "email": "accounts@acme.example",
                    "phone": null,
                    "tax_id": "GB123456789",
                    "bank_name": "Harbour Bank",
                    "iban": "GB82 WEST 1234 5698 7654 32",
                    "account_number": null,
                    "bic": "WESTGB2L",
                    "letter_language": "en",
                    "logo": { "media_type": "image/png", "bytes": 12 },
                }})
            ),
        ]
    );
}
