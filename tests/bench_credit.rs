//! Benchmark of credit control across a whole book: the exposure of every customer with a
//! credit profile, and every credit alert (each needs the exposure and the risk score of every
//! customer), on a generated book of 100,000 customers and 1,000,000 invoices. Run it on a
//! quiet machine with `cargo bench -p creditdesk-tests --bench credit` (a release build); it
//! prints figures and asserts only that the figures are of a correct answer.
//!
//! The book is the benchmark demo book (`DemoRequest::benchmark` with 100,000 customers: three
//! years of invoices ending on 2025-12-31, with their payments, credit notes, disputes and
//! write-offs, in EUR, USD, GBP, CNY, JPY and CZK) with credit files added in SQL: a profile
//! with a limit in EUR for four customers in five, reviews spread over 2025 and 2026, a bank
//! guarantee for one in seven, insurance for one in four (cover ending between 2025-09 and
//! 2026-12, unpaid invoices to be reported within 60 days), an open order for one in three,
//! and monthly exchange rates into EUR. It is made once and kept in
//! `~/.cache/creditdesk/bench` (`CREDITDESK_BENCH_CREDIT_BOOK` names another file).
//!
//! Each round times `OpenBook::exposures` and `OpenBook::credit_alerts` as of 2025-12-31,
//! end to end from the book file: the queries, the conversions, the score and the alerts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{DemoRequest, OpenBook};

const CUSTOMERS: usize = 100_000;
const INVOICES: usize = 1_000_000;

fn book_path() -> PathBuf {
    if let Ok(path) = std::env::var("CREDITDESK_BENCH_CREDIT_BOOK") {
        return PathBuf::from(path);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| ".".to_string());
    let dir = Path::new(&home).join(".cache/creditdesk/bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    dir.join(format!("credit-{CUSTOMERS}-{INVOICES}.creditdesk"))
}

/// Credit files, orders and rates for the generated customers, written in one transaction.
const CREDIT_FILES: &str = "
INSERT INTO credit_profile (customer_id, limit_minor, currency, default_terms_days,
    max_terms_days, risk_class, status, review_date, review_interval_months, security_required)
SELECT id, ((id * 7919) % 60 + 1) * 100000, 'EUR', 30, 60,
    CASE id % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' WHEN 2 THEN 'high' ELSE 'very_high' END,
    'active', date('2025-06-01', '+' || (id % 540) || ' days'), 12, id % 7 = 0
FROM customer WHERE id % 5 != 0;

INSERT INTO credit_security (customer_id, kind, amount_minor, currency, issuer, expires_on)
SELECT customer_id, 'bank_guarantee', limit_minor / 2, 'EUR', 'Harbour Bank',
    date('2025-10-01', '+' || (customer_id % 240) || ' days')
FROM credit_profile WHERE customer_id % 7 = 0;

INSERT INTO credit_insurance (customer_id, insurer, policy_number, buyer_reference,
    insured_minor, currency, valid_from, valid_to, max_credit_period_days,
    reporting_deadline_days)
SELECT customer_id, 'Northgate Credit', 'P-2025-' || (customer_id % 97), 'B-' || customer_id,
    limit_minor * 3 / 4, 'EUR', '2025-01-01',
    date('2025-09-01', '+' || (customer_id % 480) || ' days'), 90, 60
FROM credit_profile WHERE customer_id % 4 = 0;

INSERT INTO sales_order (reference, customer_id, amount_minor, currency, terms_days, date, state)
SELECT 'SO-' || id, id, ((id * 31) % 900 + 100) * 100,
    CASE id % 10 WHEN 0 THEN 'USD' ELSE 'EUR' END, 30, '2025-12-15',
    CASE id % 6 WHEN 0 THEN 'closed' ELSE 'open' END
FROM customer WHERE id % 3 = 0;
";

/// Units of EUR for one unit of each other currency of the demo book, as at the end of 2025.
const RATES: [(&str, &str); 5] = [
    ("USD", "0.92"),
    ("GBP", "1.17"),
    ("CNY", "0.128"),
    ("JPY", "0.0062"),
    ("CZK", "0.040"),
];

fn make_book(path: &Path) {
    let partial = path.with_extension("partial");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let started = Instant::now();
    let request = DemoRequest {
        customers: CUSTOMERS,
        ..DemoRequest::benchmark(INVOICES)
    };
    let made = creditdesk_app::create_demo_book(&partial, &request).expect("demo book");
    println!(
        "demo book: {} customers, {} invoices, {} settlements generated and written in {:.0} s",
        made.customers,
        made.invoices,
        made.settlements,
        started.elapsed().as_secs_f64()
    );

    let mut conn = rusqlite::Connection::open(&partial).expect("sqlite");
    let tx = conn.transaction().expect("transaction");
    tx.execute_batch(CREDIT_FILES).expect("credit files");
    for month in 1..=12 {
        let date = format!("2025-{month:02}-01");
        for (code, rate) in RATES {
            tx.execute(
                "INSERT INTO exchange_rate (from_currency, to_currency, date, rate)
                 VALUES (?1, 'EUR', ?2, ?3)",
                (code, &date, rate),
            )
            .expect("rate");
        }
    }
    tx.commit().expect("commit");
    drop(conn);
    // Open once through the book, so that the file is a complete book before it is kept.
    drop(OpenBook::open(&partial).expect("open the new book"));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    std::fs::rename(&partial, path).expect("keep the book");
}

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore harness arguments.
    let path = book_path();
    if !path.exists() {
        make_book(&path);
    }
    println!(
        "machine: {} cores; book {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        path.display()
    );
    let book = OpenBook::open(&path).expect("open");
    let counts = book.counts().expect("counts");
    println!(
        "{} customers, {} invoices, {} settlements",
        counts.customers, counts.invoices, counts.settlements
    );
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();

    for round in 1..=3 {
        let started = Instant::now();
        let exposures = book.exposures(as_of).expect("exposures");
        let exposure_time = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let alerts = book.credit_alerts(as_of).expect("alerts");
        let alert_time = started.elapsed().as_secs_f64();

        let over = exposures
            .iter()
            .filter(|e| e.exposure.as_ref().is_some_and(|x| !x.excess.is_zero()))
            .count();
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for alert in &alerts {
            let kind = alert.alert.kind();
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        println!(
            "round {round}: exposure of {} customers in {:.0} ms ({over} over the limit); {} \
             alerts in {:.0} ms {kinds:?}",
            exposures.len(),
            exposure_time * 1000.0,
            alerts.len(),
            alert_time * 1000.0,
        );
        if round == 1 {
            // The book-wide figures are those of the per-customer use case.
            for customer in exposures.iter().step_by(exposures.len() / 20 + 1) {
                let alone = book.exposure(&customer.customer, as_of).expect("exposure");
                let totals = customer.exposure.as_ref().expect("measured");
                assert_eq!(totals, &(&alone).into(), "{}", customer.customer);
            }
            let started = Instant::now();
            let risk = book.risk(&exposures[0].customer, as_of).expect("risk");
            println!(
                "one customer's risk score alone: {} in {:.1} ms",
                risk.message,
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
