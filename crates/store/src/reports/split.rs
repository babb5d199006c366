//! The receivables pass over a large book, split between two connections on two threads.
//!
//! A report spends nearly all its time in the one scan of the instalments, and SQLite runs a
//! statement on one thread. The instalment table is clustered by customer, so the customers'
//! id range is cut into [`CHUNKS`] ranges, each one range scan of the table, that a second
//! connection takes from the low end and this one from the high end until they meet; the groups
//! come back in the order of the ranges, which is the order of one pass over the whole table.
//! The other queries of a report run on this connection while the second one scans.
//!
//! Both connections read the same state of the book: each reads inside a transaction, and the
//! second one is used only when it sees the same last audit entry as the first (every write to a
//! book appends to its audit trail in the transaction that makes it). A book in memory, a small
//! book and a machine with one core are read by this connection alone.

use std::cell::RefCell;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::pass::{DisputedOnTheDay, PassDays, PassSums, ReceivablesPass};
use crate::book::Book;
use crate::error::{Result, StoreError};

/// Ranges of customer ids a split pass is cut into: enough for the two connections to end at
/// nearly the same time whatever the customers' sizes, few enough to cost nothing.
const CHUNKS: usize = 32;

/// Pages (of the whole file) below which a book is read by one connection: a smaller book is
/// read faster than a second thread starts.
const SPLIT_FROM_PAGES: i64 = 4096;

/// A second connection to a book, for reading only.
pub(crate) struct SecondReader {
    conn: Connection,
    pass: ReceivablesPass,
}

/// The second reader of a book, opened on first use and kept with the book.
#[derive(Default)]
pub(crate) struct SecondReaderSlot(RefCell<Option<SecondReader>>);

impl SecondReader {
    fn open(path: &str) -> Result<SecondReader> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA query_only = ON;")?;
        conn.pragma_update(None, "cache_size", -crate::book::READING_CACHE_KIB)?;
        let pass = ReceivablesPass::default();
        pass.register(&conn)?;
        Ok(SecondReader { conn, pass })
    }
}

/// The last audit entry: which state of the book a read transaction sees.
pub(crate) fn audit_mark(conn: &Connection) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT max(id) FROM audit")?;
    Ok(stmt.query_row([], |row| row.get(0))?)
}

/// Which end of the customer id range a connection takes its ranges from.
#[derive(Clone, Copy)]
enum End {
    Low,
    High,
}

/// Customer id ranges, taken by one connection from the low end and by the other from the high
/// end until they meet: each connection reads about the same customers every time, whose pages
/// its own cache then already holds, and whichever is faster takes more.
struct Chunks {
    first: i64,
    width: i64,
    /// The next range from the low end, and one past the next from the high end.
    untaken: Mutex<(usize, usize)>,
}

impl Chunks {
    fn new(first: i64, last: i64) -> Chunks {
        let span = last.saturating_sub(first).saturating_add(1).max(1);
        let chunks = CHUNKS as i64;
        let width = (span.saturating_add(chunks - 1) / chunks).max(1);
        Chunks {
            first,
            width,
            untaken: Mutex::new((0, CHUNKS)),
        }
    }

    /// The next range not yet taken from `end`, with its position.
    fn take(&self, end: End) -> Option<(usize, (i64, i64))> {
        let mut untaken = self.untaken.lock().ok()?;
        let (low, high) = *untaken;
        if low >= high {
            return None;
        }
        let index = match end {
            End::Low => {
                untaken.0 += 1;
                low
            }
            End::High => {
                untaken.1 -= 1;
                high - 1
            }
        };
        let from = self
            .first
            .saturating_add(self.width.saturating_mul(index as i64));
        let to = if index + 1 == CHUNKS {
            i64::MAX
        } else {
            from.saturating_add(self.width - 1)
        };
        let from = if index == 0 { i64::MIN } else { from };
        Some((index, (from, to)))
    }

    /// Runs the pass on every range this connection gets from `end`.
    fn scan(
        &self,
        end: End,
        pass: &ReceivablesPass,
        conn: &Connection,
        days: &PassDays,
    ) -> Result<Vec<(usize, Vec<PassSums>)>> {
        let mut done = Vec::new();
        while let Some((index, range)) = self.take(end) {
            done.push((index, pass.run(conn, days.clone(), range)?));
        }
        Ok(done)
    }
}

impl Book {
    /// The receivables pass for `days` over the whole book, and what `alongside` reads from
    /// this connection meanwhile, both from the same state of the book.
    pub(crate) fn receivables<T>(
        &self,
        days: &PassDays,
        alongside: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<(Vec<PassSums>, T)> {
        self.receivables_split_from(days, alongside, SPLIT_FROM_PAGES)
    }

    /// [`Book::receivables`], split when the book has at least `split_from` pages.
    fn receivables_split_from<T>(
        &self,
        days: &PassDays,
        alongside: impl FnOnce(&Connection) -> Result<T>,
        split_from: i64,
    ) -> Result<(Vec<PassSums>, T)> {
        let conn = self.conn();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let mark = audit_mark(conn)?;

        let Some(second) = self.second_reader(mark, split_from)? else {
            let mut groups = self.pass().run(conn, days.clone(), (i64::MIN, i64::MAX))?;
            DisputedOnTheDay::read(conn, days.as_of)?.correct(&mut groups);
            let alongside = alongside(conn)?;
            tx.commit()?;
            return Ok((groups, alongside));
        };
        let (first, last): (Option<i64>, Option<i64>) = conn.query_row(
            // Two subqueries, because SQLite reads a min() or a max() alone from the end of the
            // index, but both in one query from a scan.
            "SELECT (SELECT min(customer_id) FROM instalment),
                    (SELECT max(customer_id) FROM instalment)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let chunks = Chunks::new(first.unwrap_or(0), last.unwrap_or(0));

        let (second, theirs, disputed, alongside, mine) = std::thread::scope(|scope| {
            let helper = scope.spawn(|| {
                let done = chunks.scan(End::Low, &second.pass, &second.conn, days);
                // The read transaction the second reader began in `second_reader`.
                let ended = second.conn.execute_batch("COMMIT");
                (second, ended.map_err(StoreError::from).and(done))
            });
            let disputed = DisputedOnTheDay::read(conn, days.as_of);
            let alongside = alongside(conn);
            let mine = chunks.scan(End::High, self.pass(), conn, days);
            match helper.join() {
                Ok((second, theirs)) => Ok((second, theirs, disputed, alongside, mine)),
                Err(_) => Err(StoreError::ReportInterrupted),
            }
        })?;
        *self.second_slot().0.borrow_mut() = Some(second);
        let (disputed, alongside, mut done) = (disputed?, alongside?, mine?);
        done.extend(theirs?);
        tx.commit()?;

        done.sort_unstable_by_key(|(index, _)| *index);
        let mut groups: Vec<PassSums> = done.into_iter().flat_map(|(_, groups)| groups).collect();
        disputed.correct(&mut groups);
        Ok((groups, alongside))
    }

    /// The second reader inside a read transaction that sees the audit mark `mark`, or `None`
    /// when the book is read by this connection alone (fewer than `split_from` pages). The
    /// caller ends the transaction.
    fn second_reader(&self, mark: Option<i64>, split_from: i64) -> Result<Option<SecondReader>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let path = self.conn().path().unwrap_or_default().to_string();
        if cores < 2 || path.is_empty() {
            return Ok(None);
        }
        let pages: i64 = self
            .conn()
            .query_row("PRAGMA page_count", [], |row| row.get(0))?;
        if pages < split_from {
            return Ok(None);
        }

        let taken = self.second_slot().0.borrow_mut().take();
        let second = match taken {
            Some(second) => second,
            None => SecondReader::open(&path)?,
        };
        second.conn.execute_batch("BEGIN")?;
        if audit_mark(&second.conn)? == mark {
            return Ok(Some(second));
        }
        // A write was committed after this connection's read began, and the second reader sees
        // it; this connection reads alone rather than mix two states of the book.
        second.conn.execute_batch("COMMIT")?;
        *self.second_slot().0.borrow_mut() = Some(second);
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};
    use creditdesk_core::aging::Buckets;
    use creditdesk_core::ledger::{
        CustomerRecord, FrozenTerms, Instalment, InvoiceRecord, SettlementKind, SettlementRecord,
    };
    use creditdesk_core::{Currency, Money};

    use super::*;
    use crate::codec::day_number;
    use crate::BookSettings;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    /// A book of 60 customers with ten invoices each, a third of them paid in two parts 20 days
    /// apart.
    fn book(path: &std::path::Path) -> Book {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: eur(),
        };
        let mut book = Book::create(path, &settings).unwrap();
        let mut tx = book.begin_import().unwrap();
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for c in 1..=60 {
            let reference = format!("C-{c:03}");
            tx.customer(&CustomerRecord {
                reference: reference.clone(),
                name: format!("Customer {c}"),
                country: None,
                email: None,
                preferred_channel: None,
            })
            .unwrap();
            for i in 0..10u64 {
                let issued = start + Days::new(i * 17 + c);
                let total = Money::from_minor(10_000 + (c * 101 + i * 7) as i64, eur());
                let number = format!("INV-{c:03}-{i}");
                let invoice = InvoiceRecord {
                    number: number.clone(),
                    customer_reference: reference.clone(),
                    issue_date: issued,
                    total,
                    terms: FrozenTerms {
                        text: "net 30".into(),
                        instalments: vec![Instalment {
                            seq: 1,
                            due_date: issued + Days::new(30),
                            amount: total,
                        }],
                        discount: None,
                    },
                    disputed: i == 3,
                };
                tx.invoice(&invoice).unwrap();
                if i % 3 == 0 {
                    let paid = SettlementRecord {
                        reference: format!("P-{c:03}-{i}"),
                        customer_reference: reference.clone(),
                        kind: SettlementKind::Payment,
                        date: issued + Days::new(40),
                        amount: Money::from_minor(4_000, eur()),
                        invoice_number: Some(number),
                        paid_in: None,
                    };
                    tx.settlement(&paid).unwrap();
                    let again = SettlementRecord {
                        reference: format!("P-{c:03}-{i}-b"),
                        date: issued + Days::new(60),
                        amount: Money::from_minor(2_000, eur()),
                        ..paid
                    };
                    tx.settlement(&again).unwrap();
                }
            }
        }
        tx.commit().unwrap();
        book
    }

    fn days() -> PassDays {
        let as_of = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let windows = creditdesk_core::kpi::month_windows(as_of, 6);
        super::super::figures::period_days(as_of, 90, &Buckets::default(), &windows)
    }

    #[test]
    fn a_split_pass_gives_exactly_the_groups_of_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let book = book(&dir.path().join("book.creditdesk"));
        let days = days();

        let (alone, counted) = book
            .receivables_split_from(&days, audit_mark, i64::MAX)
            .unwrap();
        assert!(book.second_slot().0.borrow().is_none(), "one connection");
        for _ in 0..2 {
            let (split, seen) = book.receivables_split_from(&days, audit_mark, 0).unwrap();
            assert!(book.second_slot().0.borrow().is_some(), "two connections");
            assert_eq!(split, alone);
            assert_eq!(seen, counted, "what runs alongside reads the same book");
        }
        assert_eq!(alone.len(), 60);
    }

    #[test]
    fn recorded_disputes_correct_the_groups_of_a_split_pass_as_of_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir.path().join("book.creditdesk"));
        // A part of an invoice without the import's mark, in the first customer's group and in
        // one of the last, which the two connections scan from opposite ends.
        for (number, amount) in [("INV-001-1", 2_500), ("INV-059-2", 700)] {
            let dispute = creditdesk_core::disputes::NewDispute {
                invoice_number: number.into(),
                amount: Some(Money::from_minor(amount, eur())),
                line: None,
                reason: creditdesk_core::disputes::DisputeReason::Price,
                note: String::new(),
                opened_on: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            };
            book.open_dispute(dispute).unwrap().unwrap();
        }
        let days = days();
        let (alone, _) = book
            .receivables_split_from(&days, audit_mark, i64::MAX)
            .unwrap();
        let (split, _) = book.receivables_split_from(&days, audit_mark, 0).unwrap();
        assert_eq!(split, alone);
        let disputed = |id: i64| alone.iter().find(|g| g.customer_id == id).unwrap().disputed;
        // The import's mark: the whole open amount of invoice 3, paid 40.00 and 20.00.
        let marked = |c: u64| 10_000 + (c * 101 + 3 * 7) as i64 - 6_000;
        assert_eq!(disputed(1), marked(1) + 2_500);
        assert_eq!(disputed(59), marked(59) + 700);
        assert_eq!(disputed(2), marked(2));
    }

    #[test]
    fn a_split_pass_with_a_trend_gives_exactly_the_groups_of_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let book = book(&dir.path().join("book.creditdesk"));
        let as_of = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let mut days = PassDays::at(day_number(as_of), Buckets::default());
        days.trend = creditdesk_core::kpi::month_windows(as_of, 6)
            .into_iter()
            .map(|(first, last)| (day_number(last), day_number(first) - 30))
            .collect();

        let (alone, _) = book
            .receivables_split_from(&days, audit_mark, i64::MAX)
            .unwrap();
        let (split, _) = book.receivables_split_from(&days, audit_mark, 0).unwrap();
        assert_eq!(split, alone);
        assert!(alone.iter().any(|g| g.trend_open.iter().any(|o| *o > 0)));
    }

    #[test]
    fn a_second_reader_that_sees_a_later_write_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.creditdesk");
        let book = book(&path);
        let conn = book.conn();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred).unwrap();
        let mark = audit_mark(conn).unwrap();

        // Another program records a payment after this connection began to read.
        let mut other = Book::open(&path).unwrap();
        let paid = SettlementRecord {
            reference: "P-LATE".into(),
            customer_reference: "C-001".into(),
            kind: SettlementKind::Payment,
            date: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
            amount: Money::from_minor(100, eur()),
            invoice_number: None,
            paid_in: None,
        };
        other.record_settlement(&paid).unwrap();

        assert!(book.second_reader(mark, 0).unwrap().is_none());
        assert!(
            book.second_slot().0.borrow().is_some(),
            "kept for the next report"
        );
        tx.commit().unwrap();
        assert!(book
            .second_reader(audit_mark(conn).unwrap(), 0)
            .unwrap()
            .is_some());
    }

    #[test]
    fn the_ranges_cover_every_customer_id_once() {
        let chunks = Chunks::new(1, 1000);
        let mut taken = Vec::new();
        let mut end = End::Low;
        while let Some(chunk) = chunks.take(end) {
            taken.push(chunk);
            end = match end {
                End::Low => End::High,
                End::High => End::Low,
            };
        }
        taken.sort_unstable();
        assert_eq!(taken.len(), CHUNKS);
        assert_eq!(taken[0].1 .0, i64::MIN);
        assert_eq!(taken[CHUNKS - 1].1 .1, i64::MAX);
        for pair in taken.windows(2) {
            assert_eq!(pair[0].1 .1 + 1, pair[1].1 .0, "{pair:?}");
        }
    }
}
