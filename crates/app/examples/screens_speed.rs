//! Measures what the desktop screens ask of a large book: the dashboard, pages of the invoice
//! list near its start and its end, pages of the customer list by name and by open amount, and
//! one customer in full.
//!
//! `cargo run --release -p creditdesk-app --example screens_speed -- [invoices] [book]`
//! (default 1,000,000 invoices; a book path given is kept and reused). `ROUNDS` sets how many
//! times each is timed (default 5).

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{
    CustomerPageRequest, CustomerSort, DemoRequest, InvoicePageRequest, OpenBook,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let invoices: usize = args
        .next()
        .map_or(1_000_000, |a| a.parse().expect("an invoice count"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = args
        .next()
        .map_or_else(|| dir.path().join("screens.creditdesk"), PathBuf::from);
    if !path.exists() {
        creditdesk_app::create_demo_book(&path, &DemoRequest::benchmark(invoices)).expect("a book");
    }
    let started = Instant::now();
    let book = OpenBook::open(&path).expect("the book");
    println!("open {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let total = book.counts().expect("counts").invoices as u32;
    let time = |label: &str, run: &dyn Fn() -> String| {
        for _ in 0..rounds {
            let started = Instant::now();
            let what = run();
            println!(
                "{label} {:.1} ms: {what}",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    };

    time("dashboard", &|| {
        let d = book.dashboard(as_of, 90).expect("a dashboard");
        format!(
            "{} currencies, {} top overdue, {} alerts",
            d.currencies.len(),
            d.top_overdue.len(),
            d.alerts.len()
        )
    });
    for (label, offset, overdue_only) in [
        ("invoices_page at 0", 0, false),
        (
            "invoices_page near the end",
            total.saturating_sub(100),
            false,
        ),
        ("invoices_page overdue at 0", 0, true),
        ("invoices_page overdue at 50,000", 50_000, true),
    ] {
        time(label, &|| {
            let request = InvoicePageRequest {
                as_of,
                overdue_only,
                disputed_only: false,
                customer: None,
                currency: None,
                offset,
                limit: 100,
            };
            let page = book.invoices_page(&request).expect("a page");
            format!("{} rows of {}", page.rows.len(), page.total)
        });
    }
    for (label, sort) in [
        ("customers_page by name", CustomerSort::Name),
        ("customers_page by open", CustomerSort::Open),
    ] {
        time(label, &|| {
            let request = CustomerPageRequest {
                as_of,
                search: None,
                sort,
                descending: true,
                offset: 10_000,
                limit: 100,
            };
            let page = book.customers_page(&request).expect("a page");
            format!("{} rows of {}", page.rows.len(), page.total)
        });
    }
    time("customer_detail", &|| {
        let detail = book
            .customer_detail("CUST-00042", as_of)
            .expect("a customer");
        format!(
            "{} open items, {} events",
            detail.open_items.len(),
            detail.timeline_total
        )
    });
}
