//! What a dunning run reads from the book, in one pass per table: the overdue instalments with
//! what is open on each, unapplied receipts, disputes open on the day, pauses, the contact
//! history and the policies. Promises and payment plans are judged by their own rules in the
//! application layer and added there.
//!
//! The instalments come from one scan of the `instalment` table (it is clustered by customer,
//! so the scan reads it in order), joined to each instalment's invoice for its number; only
//! instalments due before the as-of date, or of an invoice marked disputed (whose disputed part
//! is taken from the instalments due last, due or not), with something open on the day are
//! kept. Dates come from the day numbers the schema keeps beside them, which need no parsing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use creditdesk_core::dunning::{
    BookPolicies, Contact, DisputedInvoice, DunningItem, DunningPolicy, ItemRef, Pause, Preset,
    UnappliedCash,
};
use creditdesk_core::interest::Reduction;
use creditdesk_core::ledger::Channel;
use creditdesk_core::{say, Currency, Money};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::setup::{read_pauses, CustomerAddress, CustomerInterest};
use crate::book::Book;
use crate::codec::{customer_id, date_of_day, day_number, money, parse_date, text, DateText};
use crate::error::{Result, StoreError};
use crate::reports::unapplied_as_of;

/// Everything of the book a run reads, except promises and plans.
#[derive(Clone, Debug)]
pub struct DunningBook {
    pub as_of: NaiveDate,
    pub policies: BookPolicies,
    /// Overdue instalments (and every open instalment of a disputed invoice), by customer.
    pub items: Vec<DunningItem>,
    pub unapplied: Vec<UnappliedCash>,
    pub disputes: Vec<DisputedInvoice>,
    /// The customer of each dispute's invoice, in the order of `disputes`.
    pub dispute_customers: Vec<String>,
    /// As they hold: a lifted pause ends the day before it was lifted.
    pub pauses: Vec<Pause>,
    /// The customer each pause holds back (an invoice's customer for an invoice's pause), in
    /// the order of `pauses`.
    pub pause_customers: Vec<String>,
    /// The executed communications sent on or before the as-of date.
    pub history: Vec<Contact>,
}

/// Whom a letter or an email goes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recipient {
    pub reference: String,
    pub name: String,
    pub email: Option<String>,
    pub channel: Option<Channel>,
    /// The customer's country code.
    pub country: Option<String>,
    pub address: CustomerAddress,
}

/// A currency code read back once per run of equal codes.
struct Currencies {
    last: Option<(String, Currency)>,
}

impl Currencies {
    fn of(&mut self, code: &str) -> Result<Currency> {
        if let Some((text, currency)) = &self.last {
            if text == code {
                return Ok(*currency);
            }
        }
        let currency = crate::codec::parse_currency(code)?;
        self.last = Some((code.to_string(), currency));
        Ok(currency)
    }
}

fn date_from_day(day: i64) -> Result<NaiveDate> {
    date_of_day(day).ok_or_else(|| {
        StoreError::Unreadable(say!(
            en: "day number {day}",
            zh: "日序号 {day}",
        ))
    })
}

impl Book {
    /// What a dunning run for `as_of` reads: see the module documentation.
    pub fn dunning_book(&self, as_of: NaiveDate) -> Result<DunningBook> {
        let conn = self.conn();
        // One read transaction, so that every part is of the same state of the book.
        let tx =
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
        let mark = audit_mark(conn)?;
        let policies = BookPolicies {
            book: self
                .dunning_policy()?
                .unwrap_or_else(|| DunningPolicy::preset(Preset::Firm)),
            customers: self.customer_dunning_policies()?,
        };
        let references = customer_references(conn)?;
        let interest = interest_terms(conn)?;
        let recorded = open_disputes(conn, as_of)?;

        // On a large book that is mostly unpaid, a second connection reads every invoice's
        // number while this one scans the instalments.
        let elsewhere = numbers_elsewhere(conn)?;
        let (scanned, numbers) = std::thread::scope(|scope| {
            let numbers = elsewhere.map(|path| scope.spawn(move || all_numbers_at(&path, mark)));
            let scanned = open_items(conn, as_of, &references, &interest);
            let numbers = numbers
                .and_then(|reader| reader.join().ok())
                .and_then(|read| read.ok())
                .flatten();
            (scanned, numbers)
        });
        let (mut items, invoice_ids, flagged) = scanned?;
        number_invoices(conn, &mut items, &invoice_ids, numbers)?;
        items.retain(|item| !item.open.is_zero() && !item.open.is_negative());

        let (disputes, dispute_customers) = with_flagged(conn, recorded, flagged, &items)?;
        let unapplied = unapplied(conn, as_of, &references)?;
        let entries = read_pauses(conn, None)?;
        let pause_customers = entries
            .iter()
            .map(|e| e.customer_reference.clone())
            .collect();
        let pauses = entries.iter().map(|entry| entry.effective()).collect();
        let history = history(conn, as_of, &references)?;
        tx.commit()?;
        Ok(DunningBook {
            as_of,
            policies,
            items,
            unapplied,
            disputes,
            dispute_customers,
            pauses,
            pause_customers,
            history,
        })
    }

    /// The references of the customers whose name, reference, postal address or country holds
    /// a character other than printable ASCII: the only customers a letter's font might fail
    /// for, so that a run checks those alone.
    pub fn customers_beyond_ascii(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.reference FROM customer c
             LEFT JOIN customer_address a ON a.customer_id = c.id
             WHERE c.name GLOB '*[^ -~]*' OR c.reference GLOB '*[^ -~]*'
                OR c.country GLOB '*[^ -~]*' OR a.lines GLOB '*[^ -~]*'
                OR a.country GLOB '*[^ -~]*'",
        )?;
        let references = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<String>>>()?;
        Ok(references)
    }

    /// The customer `reference` as letters and emails address it.
    pub fn recipient(&self, reference: &str) -> Result<Recipient> {
        let id = customer_id(self.conn(), reference)?;
        let (name, email, channel, country): (String, Option<String>, Option<String>, _) = self
            .conn()
            .prepare_cached("SELECT name, email, channel, country FROM customer WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(Recipient {
            reference: reference.to_string(),
            name,
            email: email.filter(|e| !e.trim().is_empty()),
            channel: channel.as_deref().and_then(Channel::parse),
            country,
            address: self.customer_address(reference)?,
        })
    }
}

/// Customer references by id; the ids of a book are dense, so a vector indexed by id.
fn customer_references(conn: &Connection) -> Result<Vec<Option<String>>> {
    let mut stmt = conn.prepare_cached("SELECT id, reference FROM customer ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut references: Vec<Option<String>> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = usize::try_from(r.get::<_, i64>(0)?).unwrap_or(0);
        if references.len() <= id {
            references.resize(id + 1, None);
        }
        references[id] = Some(r.get(1)?);
    }
    Ok(references)
}

fn reference_of(references: &[Option<String>], id: i64) -> Result<&str> {
    usize::try_from(id)
        .ok()
        .and_then(|i| references.get(i))
        .and_then(Option::as_deref)
        .ok_or_else(|| {
            StoreError::Unreadable(say!(
                en: "customer id {id}",
                zh: "客户编号 {id}",
            ))
        })
}

fn interest_terms(conn: &Connection) -> Result<HashMap<i64, CustomerInterest>> {
    let mut stmt =
        conn.prepare_cached("SELECT customer_id, rule, percent, day_count FROM customer_interest")?;
    let mut rows = stmt.query([])?;
    let mut terms = HashMap::new();
    while let Some(r) = rows.next()? {
        let percent: Option<String> = r.get(2)?;
        let interest =
            CustomerInterest::from_columns(text(r, 1)?, percent.as_deref(), text(r, 3)?)?;
        terms.insert(r.get::<_, i64>(0)?, interest);
    }
    Ok(terms)
}

/// The amounts under disputes open on `as_of`, by invoice, with the invoice's customer.
fn open_disputes(conn: &Connection, as_of: NaiveDate) -> Result<Vec<(String, DisputedInvoice)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.reference, v.number, d.currency, sum(d.amount_minor)
         FROM dispute d JOIN invoice v ON v.id = d.invoice_id
         JOIN customer c ON c.id = v.customer_id
         WHERE d.opened_on <= ?1 AND (d.resolved_on IS NULL OR d.resolved_on > ?1)
         GROUP BY d.invoice_id, d.currency
         ORDER BY d.invoice_id",
    )?;
    let mut rows = stmt.query([DateText::new(as_of)?])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        found.push((
            r.get(0)?,
            DisputedInvoice {
                invoice_number: r.get(1)?,
                disputed: money(r.get(3)?, text(r, 2)?)?,
            },
        ));
    }
    Ok(found)
}

/// The overdue instalments with something open on `as_of` (their invoice numbers not yet
/// filled in), their invoices' ids, and the ids of the invoices marked disputed among them.
#[allow(clippy::type_complexity)]
fn open_items(
    conn: &Connection,
    as_of: NaiveDate,
    references: &[Option<String>],
    interest: &HashMap<i64, CustomerInterest>,
) -> Result<(Vec<DunningItem>, Vec<i64>, HashSet<i64>)> {
    let day = day_number(as_of);
    // The instalments in the table's own order, one sequential scan; their invoices' numbers
    // are read after it (see `number_invoices`), not by a join that would look up each
    // invoice at random.
    let mut stmt = conn.prepare_cached(
        "SELECT i.customer_id, i.invoice_id, i.seq, i.due_day, i.issue_day, i.currency,
                i.amount_minor, i.settled_minor, i.last_applied_day, i.first_applied_day,
                i.disputed
         FROM instalment i
         WHERE i.issue_day <= ?1 AND (i.due_day < ?1 OR i.disputed = 1)
           AND (i.settled_minor < i.amount_minor OR i.last_applied_day > ?1)",
    )?;
    let mut rows = stmt.query([day])?;
    let mut currencies = Currencies { last: None };
    let mut customer: (i64, String) = (0, String::new());
    let mut items = Vec::new();
    let mut invoice_ids = Vec::new();
    let mut flagged = HashSet::new();
    let mut straddling = Vec::new();
    while let Some(r) = rows.next()? {
        let customer_id: i64 = r.get(0)?;
        let invoice_id: i64 = r.get(1)?;
        let seq: u32 = r.get(2)?;
        let amount: i64 = r.get(6)?;
        let settled: i64 = r.get(7)?;
        let last_applied: i64 = r.get(8)?;
        let first_applied: i64 = r.get(9)?;
        // The open amount as the reports take it: without reading the allocations unless some
        // were applied on both sides of the day.
        let applied = if last_applied <= day {
            Some(settled)
        } else if first_applied > day {
            Some(0)
        } else {
            None
        };
        if applied.is_some_and(|applied| applied >= amount) {
            continue;
        }
        let currency = currencies.of(text(r, 5)?)?;
        if customer.0 != customer_id {
            customer = (
                customer_id,
                reference_of(references, customer_id)?.to_string(),
            );
        }
        let issue_date = date_from_day(r.get(4)?)?;
        let terms = interest.get(&customer_id).map(|i| i.terms(issue_date));
        let item = DunningItem {
            customer_reference: customer.1.clone(),
            invoice_number: String::new(),
            seq,
            issue_date,
            due_date: date_from_day(r.get(3)?)?,
            original: Money::from_minor(amount, currency),
            open: Money::from_minor(amount - applied.unwrap_or(0), currency),
            reductions: Vec::new(),
            interest: terms,
        };
        if r.get::<_, i64>(10)? == 1 {
            flagged.insert(invoice_id);
        }
        // Any allocation on record may matter to the interest: a refund can bring the settled
        // amount back to zero after a payment stopped the interest for a while.
        let has_allocations = settled != 0 || first_applied != 0 || last_applied != 0;
        if applied.is_none() || (terms.is_some() && has_allocations) {
            straddling.push((items.len(), invoice_id));
        }
        items.push(item);
        invoice_ids.push(invoice_id);
    }
    drop(rows);

    // Reductions are read only where they matter: for the open amount of an instalment with
    // allocations on both sides of the day, and for the interest of one that bears it.
    let mut stmt = conn.prepare_cached(
        "SELECT applied_day, amount_minor FROM allocation
         WHERE invoice_id = ?1 AND seq = ?2 AND applied_day <= ?3
         ORDER BY applied_day, id",
    )?;
    for (index, invoice_id) in straddling {
        let item = &mut items[index];
        let currency = item.original.currency();
        let mut rows = stmt.query((invoice_id, item.seq, day))?;
        let mut applied = 0;
        while let Some(r) = rows.next()? {
            let minor: i64 = r.get(1)?;
            applied += minor;
            item.reductions.push(Reduction {
                date: date_from_day(r.get(0)?)?,
                amount: Money::from_minor(minor, currency),
            });
        }
        item.open = Money::from_minor(item.original.to_minor()? - applied, currency);
        if item.interest.is_none() {
            item.reductions.clear();
        }
    }
    Ok((items, invoice_ids, flagged))
}

/// The last audit entry: which state of the book a read transaction sees (every write appends
/// to the audit trail in its own transaction).
fn audit_mark(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT max(id) FROM audit")?
        .query_row([], |r| r.get(0))?)
}

/// Pages of a book from which a second connection is worth starting.
const ELSEWHERE_FROM_PAGES: i64 = 4096;

/// The file of the book when its invoice numbers are worth reading on a second connection
/// while the instalments are scanned: a large book on disk whose invoices are mostly unpaid
/// (fewer settlements than half its invoices), so that the items will name most of them.
fn numbers_elsewhere(conn: &Connection) -> Result<Option<String>> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()).map(str::to_string) else {
        return Ok(None);
    };
    let (pages, invoices, settlements): (i64, i64, i64) = conn.query_row(
        "SELECT (SELECT page_count FROM pragma_page_count()),
                (SELECT coalesce(max(id), 0) FROM invoice),
                (SELECT coalesce(max(id), 0) FROM settlement)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let worth = pages >= ELSEWHERE_FROM_PAGES
        && settlements.saturating_mul(2) < invoices
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    Ok(worth.then_some(path))
}

/// Every invoice's number by id, read on a connection of its own to the book at `path`;
/// `None` when that connection does not see the state of the book marked `mark`.
fn all_numbers_at(path: &str, mark: Option<i64>) -> Result<Option<Vec<Option<String>>>> {
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Deferred)?;
    if audit_mark(&conn)? != mark {
        return Ok(None);
    }
    let numbers = all_numbers(&conn)?;
    tx.commit()?;
    Ok(Some(numbers))
}

/// Every invoice's number by id, in one sequential scan.
fn all_numbers(conn: &Connection) -> Result<Vec<Option<String>>> {
    let invoices: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM invoice")?
        .query_row([], |r| r.get(0))?;
    let mut by_id: Vec<Option<String>> = vec![None; usize::try_from(invoices).unwrap_or(0) + 1];
    let mut stmt = conn.prepare_cached("SELECT id, number FROM invoice")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(slot) = usize::try_from(r.get::<_, i64>(0)?)
            .ok()
            .and_then(|id| by_id.get_mut(id))
        {
            *slot = Some(r.get(1)?);
        }
    }
    Ok(by_id)
}

/// Gives each item the number of its invoice (`invoice_ids[i]` is item `i`'s), from `numbers`
/// when they were read already. When the items name a good part of the book's invoices, one
/// sequential scan of the invoice table reads the numbers far faster than looking each
/// invoice up; otherwise each is looked up by id.
fn number_invoices(
    conn: &Connection,
    items: &mut [DunningItem],
    invoice_ids: &[i64],
    numbers: Option<Vec<Option<String>>>,
) -> Result<()> {
    let numbers = match numbers {
        Some(numbers) => Some(numbers),
        None => {
            let invoices: i64 = conn
                .prepare_cached("SELECT coalesce(max(id), 0) FROM invoice")?
                .query_row([], |r| r.get(0))?;
            let many = (invoice_ids.len() as i64).saturating_mul(8) > invoices;
            if many {
                Some(all_numbers(conn)?)
            } else {
                None
            }
        }
    };
    if let Some(by_id) = numbers {
        for (item, id) in items.iter_mut().zip(invoice_ids) {
            let number = usize::try_from(*id)
                .ok()
                .and_then(|id| by_id.get(id))
                .and_then(Option::as_ref)
                .ok_or_else(|| unknown_invoice(*id))?;
            item.invoice_number.clone_from(number);
        }
        return Ok(());
    }
    let mut looked_up: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT number FROM invoice WHERE id = ?1")?;
    for (item, id) in items.iter_mut().zip(invoice_ids) {
        if !looked_up.contains_key(id) {
            looked_up.insert(*id, stmt.query_row([id], |r| r.get(0))?);
        }
        item.invoice_number.clone_from(&looked_up[id]);
    }
    Ok(())
}

fn unknown_invoice(id: i64) -> StoreError {
    StoreError::Unreadable(say!(
        en: "invoice id {id}",
        zh: "发票编号 {id}",
    ))
}

/// The recorded disputes, and every invoice marked disputed with no dispute on record as
/// disputed in full (as the forecast counts it); each with its invoice's customer.
fn with_flagged(
    conn: &Connection,
    recorded: Vec<(String, DisputedInvoice)>,
    flagged: HashSet<i64>,
    items: &[DunningItem],
) -> Result<(Vec<DisputedInvoice>, Vec<String>)> {
    let mut ever_disputed: HashSet<i64> = HashSet::new();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT invoice_id FROM dispute")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        ever_disputed.insert(r.get(0)?);
    }
    drop(rows);
    let mut marked: HashSet<String> = HashSet::new();
    let mut number_of = conn.prepare_cached("SELECT number FROM invoice WHERE id = ?1")?;
    for id in flagged.difference(&ever_disputed) {
        marked.insert(number_of.query_row([id], |r| r.get(0))?);
    }
    let mut whole: HashMap<&str, (&str, Money)> = HashMap::new();
    for item in items.iter().filter(|i| marked.contains(&i.invoice_number)) {
        let (_, sum) = whole.entry(item.invoice_number.as_str()).or_insert((
            item.customer_reference.as_str(),
            Money::zero(item.open.currency()),
        ));
        *sum = sum.checked_add(item.open)?;
    }
    let (mut customers, mut disputes): (Vec<String>, Vec<DisputedInvoice>) =
        recorded.into_iter().unzip();
    let mut whole: Vec<(&str, (&str, Money))> = whole.into_iter().collect();
    whole.sort_by(|a, b| a.0.cmp(b.0));
    for (number, (customer, disputed)) in whole {
        customers.push(customer.to_string());
        disputes.push(DisputedInvoice {
            invoice_number: number.to_string(),
            disputed,
        });
    }
    Ok((disputes, customers))
}

/// Payments and credit notes with something not allocated on `as_of`, read through the two
/// partial indexes of the only settlements that can have some (see `reports::mod`). A refund
/// left unapplied has given part of that money back: of each customer's money in a currency,
/// only what is left after its unapplied refunds counts, the latest settlements giving way first.
fn unapplied(
    conn: &Connection,
    as_of: NaiveDate,
    references: &[Option<String>],
) -> Result<Vec<UnappliedCash>> {
    let remaining = unapplied_as_of("s", "?1");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, reference, currency, remaining FROM (
             SELECT s.id, s.customer_id, s.reference, s.currency, s.kind,
                    {remaining} AS remaining
             FROM settlement s INDEXED BY settlement_unapplied
             WHERE allocated_minor != amount_minor AND day <= ?1
             UNION ALL
             SELECT s.id, s.customer_id, s.reference, s.currency, s.kind,
                    {remaining} AS remaining
             FROM settlement s INDEXED BY settlement_applied_late
             WHERE last_applied_day > day AND last_applied_day > ?1
               AND allocated_minor = amount_minor AND day <= ?1)
         WHERE remaining != 0 AND kind IN ('payment', 'credit_note')
         ORDER BY customer_id, id"
    ))?;
    let mut rows = stmt.query([day_number(as_of)])?;
    let mut settlements: Vec<(i64, String, String, i64)> = Vec::new();
    let mut net: HashMap<(i64, String), i64> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (customer, currency, remaining) = (r.get(0)?, r.get::<_, String>(2)?, r.get(3)?);
        *net.entry((customer, currency.clone())).or_default() += remaining;
        if remaining > 0 {
            settlements.push((customer, r.get(1)?, currency, remaining));
        }
    }
    let mut found = Vec::new();
    for (customer, reference, currency, remaining) in settlements {
        let left = net
            .get_mut(&(customer, currency.clone()))
            .expect("summed above");
        let counted = remaining.min(*left);
        if counted <= 0 {
            continue;
        }
        *left -= counted;
        found.push(UnappliedCash {
            customer_reference: reference_of(references, customer)?.to_string(),
            reference,
            amount: money(counted, &currency)?,
        });
    }
    Ok(found)
}

/// The executed communications sent on or before `as_of`, with their items.
fn history(
    conn: &Connection,
    as_of: NaiveDate,
    references: &[Option<String>],
) -> Result<Vec<Contact>> {
    let as_of_text = DateText::new(as_of)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, level, sent_on FROM dunning_communication
         WHERE state = 'executed' AND sent_on <= ?1
         ORDER BY id",
    )?;
    let mut rows = stmt.query([as_of_text])?;
    let mut contacts = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    while let Some(r) = rows.next()? {
        index.insert(r.get(0)?, contacts.len());
        contacts.push(Contact {
            customer_reference: reference_of(references, r.get(1)?)?.to_string(),
            level: r.get(2)?,
            sent_on: parse_date(text(r, 3)?)?,
            items: Vec::new(),
        });
    }
    drop(rows);
    let mut stmt = conn.prepare_cached(
        "SELECT d.communication_id, v.number, d.seq
         FROM dunning_communication m
         JOIN dunning_item d ON d.communication_id = m.id
         JOIN invoice v ON v.id = d.invoice_id
         WHERE m.state = 'executed' AND m.sent_on <= ?1
         ORDER BY d.communication_id, v.number, d.seq",
    )?;
    let mut rows = stmt.query([as_of_text])?;
    while let Some(r) = rows.next()? {
        if let Some(&at) = index.get(&r.get::<_, i64>(0)?) {
            contacts[at].items.push(ItemRef {
                invoice_number: r.get(1)?,
                seq: r.get(2)?,
            });
        }
    }
    Ok(contacts)
}
