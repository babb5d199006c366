//! Benchmark of a dunning proposal over a whole book: 100,000 customers with 1,000,000 open
//! invoices. Run it on a quiet machine with `cargo bench -p creditdesk-tests --bench dunning`
//! (a release build); it prints figures and asserts only that the proposal is of the whole
//! book.
//!
//! The book is the benchmark demo book (`DemoRequest::benchmark` with 100,000 customers and
//! 1,000,000 invoices over the three years to 2025-12-31, in EUR, USD, GBP, CNY, JPY and CZK)
//! without its settlements, so that every invoice is open on the as-of date: the largest
//! proposal a book of that size makes (every customer is due a reminder listing all of its
//! overdue items). One in ten customers bears contractual interest, one in fifty has the
//! gentle policy of its own, and one in a hundred is paused, so that those paths are part of
//! the measure. It is made once and kept in `~/.cache/creditdesk/bench`
//! (`CREDITDESK_BENCH_DUNNING_BOOK` names another file).
//!
//! Each round times `OpenBook::preview_dunning` as of 2025-12-31, end to end from the book
//! file: the read of the open items, receipts, disputes, promises, plans, pauses, history and
//! policies, then the core's proposal; then three rounds time the read alone.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use creditdesk_app::{DemoRequest, OpenBook};

const CUSTOMERS: usize = 100_000;
const INVOICES: usize = 1_000_000;

fn book_path() -> PathBuf {
    if let Ok(path) = std::env::var("CREDITDESK_BENCH_DUNNING_BOOK") {
        return PathBuf::from(path);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| ".".to_string());
    let dir = Path::new(&home).join(".cache/creditdesk/bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    dir.join(format!("dunning-{CUSTOMERS}-{INVOICES}.creditdesk"))
}

/// Interest terms, policies of their own and pauses for some customers, in one transaction.
const COLLECTIONS: &str = "
INSERT INTO customer_interest (customer_id, rule, percent, day_count)
SELECT id, 'annual', '8', 'actual365' FROM customer WHERE id % 10 = 0;

INSERT INTO customer_dunning_policy (customer_id, policy)
SELECT id, ?1 FROM customer WHERE id % 50 = 1;

INSERT INTO dunning_pause (customer_id, reason, from_date, until_date)
SELECT id, 'Bench pause', '2025-12-01', '2026-01-31' FROM customer WHERE id % 100 = 7;
";

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
    let made = creditdesk_app::create_unpaid_demo_book(&partial, &request).expect("demo book");
    println!(
        "open book: {} customers, {} invoices generated and written in {:.0} s",
        made.customers,
        made.invoices,
        started.elapsed().as_secs_f64()
    );
    // Open once through the book, so that its schema is current before the rows are added.
    drop(OpenBook::open(&partial).expect("open the new book"));
    let gentle = serde_json::to_string(&creditdesk_core::dunning::DunningPolicy::preset(
        creditdesk_core::dunning::Preset::Gentle,
    ))
    .expect("a policy is plain data");
    let mut conn = rusqlite::Connection::open(&partial).expect("sqlite");
    let tx = conn.transaction().expect("transaction");
    for statement in COLLECTIONS.split(';').filter(|s| !s.trim().is_empty()) {
        if statement.contains("?1") {
            tx.execute(statement, [&gentle]).expect("policies");
        } else {
            tx.execute(statement, []).expect("collections");
        }
    }
    tx.commit().expect("commit");
    drop(conn);
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
        let proposal = book.preview_dunning(as_of).expect("proposal");
        let total = started.elapsed().as_secs_f64();
        let items: usize = proposal.communications.iter().map(|c| c.items.len()).sum();
        println!(
            "round {round}: load + propose {total:.2} s: {} communications with {items} items, \
             {} items left out, {} problems",
            proposal.communications.len(),
            proposal.left_out.len(),
            proposal.problems.len(),
        );
        assert!(
            proposal.communications.len() > CUSTOMERS / 2,
            "most customers are due a reminder"
        );
    }

    // The read of the book alone, through the store; the rest of a proposal is the rules.
    drop(book);
    let store = creditdesk_store::Book::open(&path).expect("open");
    for round in 1..=3 {
        let started = Instant::now();
        let read = store.dunning_book(as_of).expect("read");
        let load = started.elapsed().as_secs_f64();
        println!(
            "round {round}: read alone {load:.2} s ({} open items, {} unapplied, {} disputes, {} \
             pauses, {} policies of customers)",
            read.items.len(),
            read.unapplied.len(),
            read.disputes.len(),
            read.pauses.len(),
            read.policies.customers.len(),
        );
    }
}
