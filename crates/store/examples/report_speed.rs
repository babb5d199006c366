//! Measures the reports over a book of 1,000,000 open instalments: aging and period figures
//! against a bare scan of the same rows (`SELECT count(*), sum(amount_minor) FROM instalment`).
//!
//! The book is generated with direct SQL inserts: 20,000 customers, one invoice per instalment
//! (one in ten in two instalments), 95 % in EUR and 5 % in USD, issue dates over two years, and
//! one instalment in ten partly settled by a payment, some of them after the as-of date.
//!
//! `cargo run --release -p creditdesk-store --example report_speed -- [instalments]`

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use creditdesk_core::aging::Buckets;
use creditdesk_core::kpi::month_windows;
use creditdesk_core::Currency;
use creditdesk_store::{Book, BookSettings};
use rusqlite::Connection;

const CUSTOMERS: i64 = 20_000;

fn main() {
    let wanted: i64 = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().expect("a count"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A second argument keeps the generated book at that path and reuses it on the next run.
    let path = std::env::args()
        .nth(2)
        .map_or(dir.path().join("reports.creditdesk"), Into::into);
    if !path.exists() {
        let eur = Currency::from_code("EUR").unwrap();
        let settings = BookSettings {
            name: "Report Speed Ltd".into(),
            currency: eur,
        };
        drop(Book::create(&path, &settings).unwrap());
        let started = Instant::now();
        generate(&path, wanted);
        println!(
            "generated {wanted} instalments in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let instalments = wanted;

    let book = Book::open(&path).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let buckets = Buckets::default();
    let windows = month_windows(as_of, 24);
    let conn = Connection::open(&path).unwrap();

    let bare = time(|| {
        let (count, sum): (i64, i64) = conn
            .query_row(
                "SELECT count(*), sum(amount_minor) FROM instalment",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(count, instalments);
        assert!(sum > 0);
    });
    let aging = time(|| {
        let report = book.aging(as_of, &buckets).unwrap();
        assert!(!report.customers.is_empty());
    });
    let figures = time(|| {
        let rows = book.period_figures(as_of, 90, &windows).unwrap();
        assert!(!rows.is_empty());
    });
    let both = time(|| {
        book.aging(as_of, &buckets).unwrap();
        book.period_figures(as_of, 90, &windows).unwrap();
    });
    let overview = book.overview(as_of, &buckets, 90, &windows).unwrap();
    assert_eq!(overview.aging, book.aging(as_of, &buckets).unwrap());
    assert_eq!(
        overview.figures,
        book.period_figures(as_of, 90, &windows).unwrap()
    );
    let overview_alone = time(|| {
        book.overview(as_of, &buckets, 90, &windows).unwrap();
    });

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("bare scan          {:7.1} ms", ms(bare));
    println!("aging              {:7.1} ms", ms(aging));
    println!("period figures     {:7.1} ms (24 windows)", ms(figures));
    println!(
        "aging + figures    {:7.1} ms = {:.2} x the bare scan",
        ms(both),
        ms(both) / ms(bare)
    );
    println!(
        "overview           {:7.1} ms = {:.2} x the bare scan (aging and figures in one pass)",
        ms(overview_alone),
        ms(overview_alone) / ms(bare)
    );
}

/// The best of five runs, after one to warm the page cache.
fn time(mut run: impl FnMut()) -> Duration {
    run();
    (0..5)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap()
}

fn generate(path: &std::path::Path, wanted: i64) {
    let mut conn = Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let date = |offset: i64| {
        (base + Days::new(offset as u64))
            .format("%Y-%m-%d")
            .to_string()
    };
    let day =
        |offset: i64| (base - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() + offset;
    {
        let mut customer = tx
            .prepare("INSERT INTO customer (id, reference, name) VALUES (?1, ?2, ?3)")
            .unwrap();
        for c in 1..=CUSTOMERS {
            customer
                .execute((c, format!("C-{c:06}"), format!("Customer {c}")))
                .unwrap();
        }
        let mut invoice = tx
            .prepare(
                "INSERT INTO invoice (id, number, customer_id, currency, issue_date, total_minor, terms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'net 30')",
            )
            .unwrap();
        let mut instalment = tx
            .prepare(
                "INSERT INTO instalment (customer_id, currency, invoice_id, seq, due_date, issue_day,
                     amount_minor, disputed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .unwrap();
        let mut settlement = tx
            .prepare(
                "INSERT INTO settlement (id, kind, reference, customer_id, date, currency, amount_minor)
                 VALUES (?1, 'payment', ?2, ?3, ?4, ?5, ?6)",
            )
            .unwrap();
        let mut allocation = tx
            .prepare(
                "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                     amount_minor, applied_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .unwrap();

        let mut made = 0;
        let mut id = 0;
        while made < wanted {
            id += 1;
            let customer_id = 1 + (id * 7919) % CUSTOMERS;
            let currency = if id % 20 == 0 { "USD" } else { "EUR" };
            let issued = (id * 31) % 730;
            let parts = if id % 10 == 0 && made + 2 <= wanted {
                2
            } else {
                1
            };
            let amount = 5_000 + (id * 104_729) % 400_000;
            invoice
                .execute((
                    id,
                    format!("INV-{id:08}"),
                    customer_id,
                    currency,
                    date(issued),
                    amount * parts,
                ))
                .unwrap();
            for seq in 1..=parts {
                let due = issued + 30 * seq;
                let disputed = id % 97 == 0;
                instalment
                    .execute((
                        customer_id,
                        currency,
                        id,
                        seq,
                        date(due),
                        day(issued),
                        amount,
                        disputed,
                    ))
                    .unwrap();
                made += 1;
            }
            if id % 10 == 3 {
                // A part payment, applied on its date; some after the as-of date.
                let paid_on = issued + 20 + (id % 120);
                settlement
                    .execute((
                        id,
                        format!("PAY-{id}"),
                        customer_id,
                        date(paid_on),
                        currency,
                        amount / 2,
                    ))
                    .unwrap();
                allocation
                    .execute((id, customer_id, currency, id, 1, amount / 2, date(paid_on)))
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
}
