//! The write path shared by imports and single writes: prepared statements, the customer
//! lookup of one transaction, and the rules for customers and invoices (settlements are in
//! `settle.rs`).
//!
//! The common case of an import, a new invoice, costs one `INSERT` for the invoice and one per
//! instalment and nothing else: the unique index on the number without leading zeros rejects a
//! number the book already holds (`ON CONFLICT DO NOTHING`), and only then is the existing
//! invoice read and compared. An import into a book with no invoices yet does less still: it
//! holds its invoices back and writes them many to a statement (`held.rs`), and tells a number
//! it has already written by the filters of `known.rs`, reading the book only on a "maybe".
//!
//! The invoices written or named last are kept as [`InvoiceAccount`]s, with what is settled on
//! each instalment, so that the settlements that follow an invoice in a file (the usual order of
//! an export) are allocated without reading the book. The instalments of the invoice written
//! last are held back until something else is written (see [`Pending`]): the settlements that
//! follow it then cost no update of its instalments, which are written once, settled.

use std::hash::BuildHasher;

// Seeded per process, so a file cannot choose keys that collide; faster than SipHash on the
// short keys (document numbers, customer references) that every record looks up.
use foldhash::HashMap;

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    Channel, CustomerRecord, DiscountOffer, FrozenTerms, Instalment, InvoiceRecord,
};
use creditdesk_core::{say, Currency, Money};
use rusqlite::{Connection, OptionalExtension, Statement};

use super::compare::{
    invoice_conflict, invoice_difference, invoice_problem, missing_customer, zeros_conflict,
    INVOICE,
};
use super::held::{insert_sql, Held, HeldRows, NewRows};
use super::rows::{AllocationRow, InvoiceRow, SettlementRow};
use super::staged::{StagedInstalments, StagedRow};
use super::WriteOutcome;
use crate::codec::{
    day_number, number_key, parse_currency, parse_date, parse_decimal, text, DateText,
};
use crate::error::Result;

/// How many invoice accounts a writer keeps: enough for the settlements of an export that lists
/// them after their invoices, small enough to be nothing beside the page cache.
const ACCOUNTS_KEPT: usize = 4096;

/// How many customers a writer keeps: the customers of most books, while a larger import reads
/// the rest from the book again instead of holding every customer it has seen.
const CUSTOMERS_KEPT: usize = 16_384;

/// A customer as the book holds it, cached for the rest of the transaction.
#[derive(Clone)]
struct CustomerRow {
    id: i64,
    name: String,
    country: Option<String>,
    email: Option<String>,
    channel: Option<Channel>,
}

/// An invoice as stored, found by its number without leading zeros.
pub(crate) struct StoredInvoice {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_reference: String,
    pub issue_date: NaiveDate,
    pub total: Money,
    pub terms: String,
    pub discount: Option<DiscountOffer>,
}

/// What the book holds about one instalment's allocations: the columns the schema's allocation
/// triggers keep, followed in memory by a writer that allocates with the triggers off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InstalmentState {
    pub seq: u32,
    pub due_date: NaiveDate,
    pub due_day: i64,
    pub amount_minor: i64,
    pub settled_minor: i64,
    pub first_applied_day: i64,
    pub last_applied_day: i64,
}

impl InstalmentState {
    fn unsettled(instalment: &Instalment) -> Result<InstalmentState> {
        Ok(InstalmentState {
            seq: instalment.seq,
            due_date: instalment.due_date,
            due_day: day_number(instalment.due_date),
            amount_minor: instalment.amount.to_minor()?,
            settled_minor: 0,
            first_applied_day: 0,
            last_applied_day: 0,
        })
    }

    /// Takes an allocation of `amount_minor` applied on `day` exactly as the `allocation_added`
    /// trigger does (every right-hand side sees the values before the allocation). The applied
    /// days are unset while the settled amount and both days are zero; a refund can bring the
    /// settled amount back to zero with allocations on record.
    pub(crate) fn allocate(&mut self, amount_minor: i64, day: i64) {
        let unset =
            self.settled_minor == 0 && self.first_applied_day == 0 && self.last_applied_day == 0;
        let first = unset || day < self.first_applied_day;
        let last = unset || day > self.last_applied_day;
        if first {
            self.first_applied_day = day;
        }
        if last {
            self.last_applied_day = day;
        }
        self.settled_minor += amount_minor;
    }
}

/// An invoice that settlements may name, with the allocation state of its instalments.
///
/// Invariant: equal to what the book holds (or, for the pending invoice, will hold once its
/// instalments are written) for as long as the writer that keeps it is the only one writing
/// allocations in the transaction: an import, or one recorded settlement.
pub(crate) struct InvoiceAccount {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_reference: String,
    pub issue_date: NaiveDate,
    pub currency: Currency,
    pub discount: Option<DiscountOffer>,
    pub disputed: bool,
    /// In instalment order.
    pub instalments: Vec<InstalmentState>,
}

/// The accounts of the invoices written or named last, by number without leading zeros.
///
/// Found by a hash of that key, and checked against the account's own number, so that keeping
/// an account costs no copy of its key; two keys of one hash keep only the newer account.
#[derive(Default)]
pub(crate) struct InvoiceAccounts {
    /// Where in `kept` each account is, by the hash of its key.
    by_hash: HashMap<u64, usize>,
    /// At most [`ACCOUNTS_KEPT`] accounts, in no order.
    kept: Vec<InvoiceAccount>,
    /// Where in `kept` the oldest account is, once it is full.
    oldest: usize,
    /// Seeded per process, so a file cannot choose numbers that share a hash.
    hasher: foldhash::fast::RandomState,
}

impl InvoiceAccounts {
    fn position(&self, key: &str) -> Option<usize> {
        let position = *self.by_hash.get(&self.hasher.hash_one(key))?;
        (number_key(&self.kept[position].number) == key).then_some(position)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&InvoiceAccount> {
        self.position(key).map(|position| &self.kept[position])
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut InvoiceAccount> {
        self.position(key).map(|position| &mut self.kept[position])
    }

    /// Keeps `account` under `key`, the number of its account without leading zeros,
    /// forgetting the oldest one when full.
    fn keep(&mut self, key: &str, account: InvoiceAccount) {
        debug_assert_eq!(number_key(&account.number), key);
        let position = if self.kept.len() < ACCOUNTS_KEPT {
            self.kept.push(account);
            self.kept.len() - 1
        } else {
            let position = self.oldest;
            self.oldest = (position + 1) % ACCOUNTS_KEPT;
            let forgotten = std::mem::replace(&mut self.kept[position], account);
            let hash = self.hasher.hash_one(number_key(&forgotten.number));
            if self.by_hash.get(&hash) == Some(&position) {
                self.by_hash.remove(&hash);
            }
            position
        };
        self.by_hash.insert(self.hasher.hash_one(key), position);
    }
}

/// The invoice written last, whose instalment rows are not written yet, and the allocations to
/// them, in the order they were made.
///
/// Invariant: while an invoice is pending, the only rows written since its own are customers and
/// the settlements that name it, and nothing has read instalments or allocations; every other
/// write first writes its instalments (settled as its account says) and then these allocations.
/// So the book, allocation ids included, is the one that writing them at once would give.
pub(crate) struct Pending {
    /// The invoice's number without leading zeros; its account is kept.
    pub key: String,
    pub allocations: Vec<PendingAllocation>,
}

/// An allocation row not written yet: settlement id, instalment sequence, amount, applied on.
pub(crate) struct PendingAllocation {
    pub settlement_id: i64,
    pub seq: u32,
    pub amount_minor: i64,
    pub applied_on: DateText,
}

pub(crate) struct Statements<'c> {
    customer_by_reference: Statement<'c>,
    insert_customer: Statement<'c>,
    update_customer: Statement<'c>,
    insert_invoice: Statement<'c>,
    invoice_by_key: Statement<'c>,
    insert_instalment: Statement<'c>,
    instalments_of: Statement<'c>,
    instalment_states_of: Statement<'c>,
    update_instalment: Statement<'c>,
    pub settlement_by_key: Statement<'c>,
    pub insert_settlement: Statement<'c>,
    insert_allocation: Statement<'c>,
    /// Only for a writer whose import stages its instalments (see `staged.rs`).
    staged: Option<StagedInstalments<'c>>,
    /// Only for a writer that holds rows back for multi-row inserts (see `held.rs`).
    pub held: Option<Held<'c>>,
}

pub(crate) struct Writer<'c> {
    pub(super) conn: &'c Connection,
    customers: HashMap<String, CustomerRow>,
    /// The reference and id of the customer looked up last: the records of one customer come
    /// together in most files. Ids never change.
    last_customer: Option<(String, i64)>,
    pub(super) accounts: InvoiceAccounts,
    /// Whether this writer keeps the allocation columns of instalments and settlements itself,
    /// because the transaction runs with the schema's triggers off (see `TriggersOff`).
    pub(super) keeps_allocation_columns: bool,
    /// Only for a writer that keeps the allocation columns.
    pub(super) pending: Option<Pending>,
    pub(super) st: Statements<'c>,
    /// The records come from a person, not a file: a conflict says "you gave", not "the file
    /// has".
    pub(crate) by_hand: bool,
}

impl<'c> Writer<'c> {
    /// Prepares the statements; the caller has begun the transaction on `conn`. The schema's
    /// triggers keep the allocation columns; such a writer cannot write settlements.
    pub(crate) fn new(conn: &'c Connection) -> Result<Writer<'c>> {
        Writer::prepare(conn, false, false)
    }

    /// A writer that keeps the allocation columns itself, for a transaction that runs with the
    /// schema's triggers off: an allocation then costs its own row and at most one update of its
    /// instalment, instead of the triggers' reads and updates of instalment and settlement.
    ///
    /// When it `stages`, the instalments it writes are held back and written in batches sorted
    /// by the book's key (see `staged.rs`).
    pub(crate) fn keeping_allocation_columns(
        conn: &'c Connection,
        _triggers: &super::TriggersOff<'_>,
        stages: bool,
    ) -> Result<Writer<'c>> {
        Writer::prepare(conn, true, stages)
    }

    fn prepare(
        conn: &'c Connection,
        keeps_allocation_columns: bool,
        stages: bool,
    ) -> Result<Writer<'c>> {
        let st = Statements {
            customer_by_reference: conn.prepare(
                "SELECT id, name, country, email, channel FROM customer WHERE reference = ?1",
            )?,
            insert_customer: conn.prepare(
                "INSERT INTO customer (reference, name, country, email, channel)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            update_customer: conn.prepare(
                "UPDATE customer SET name = ?2, country = ?3, email = ?4, channel = ?5
                 WHERE id = ?1",
            )?,
            // The columns in the order `rows.rs` binds them, as the held rows' inserts have.
            insert_invoice: conn.prepare(&format!(
                "{} ON CONFLICT (number_key) DO NOTHING",
                insert_sql::<InvoiceRow>(1)
            ))?,
            invoice_by_key: conn.prepare(
                "SELECT i.id, i.number, i.customer_id, c.reference, i.issue_date, i.currency,
                        i.total_minor, i.terms, i.discount_percent, i.discount_until,
                        i.discount_minor
                 FROM invoice i JOIN customer c ON c.id = i.customer_id
                 WHERE i.number_key = ltrim(?1, '0')",
            )?,
            // `issue_day` is `day_number(issue_date)`, the same number as the invoice's
            // generated column; customer, currency and disputed are the invoice's.
            insert_instalment: conn.prepare(
                "INSERT INTO instalment (customer_id, currency, invoice_id, seq, due_date,
                     issue_day, amount_minor, disputed, settled_minor, first_applied_day,
                     last_applied_day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            instalments_of: conn.prepare(
                "SELECT seq, due_date, amount_minor FROM instalment
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3 ORDER BY seq",
            )?,
            instalment_states_of: conn.prepare(
                "SELECT seq, due_date, due_day, amount_minor, settled_minor, first_applied_day,
                        last_applied_day
                 FROM instalment
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3 ORDER BY seq",
            )?,
            update_instalment: conn.prepare(
                "UPDATE instalment
                 SET settled_minor = ?5, first_applied_day = ?6, last_applied_day = ?7
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3 AND seq = ?4",
            )?,
            settlement_by_key: conn.prepare(
                "SELECT s.customer_id, s.reference, c.reference, s.date, s.currency,
                        s.amount_minor, s.invoice_number, s.paid_currency, s.paid_minor,
                        s.paid_rate
                 FROM settlement s JOIN customer c ON c.id = s.customer_id
                 WHERE s.kind = ?1 AND s.reference_key = ltrim(?2, '0')",
            )?,
            // The allocation columns are given when the writer keeps them (triggers off), else
            // they start at zero and the triggers keep them.
            insert_settlement: conn.prepare(&format!(
                "{} ON CONFLICT (kind, reference_key) DO NOTHING",
                insert_sql::<SettlementRow>(1)
            ))?,
            insert_allocation: conn.prepare(&insert_sql::<AllocationRow>(1))?,
            staged: stages.then(|| StagedInstalments::new(conn)).transpose()?,
            held: None,
        };
        Ok(Writer {
            conn,
            customers: HashMap::default(),
            last_customer: None,
            accounts: InvoiceAccounts::default(),
            keeps_allocation_columns,
            pending: None,
            st,
            by_hand: false,
        })
    }

    /// Makes this writer hold its allocations back and write them many to a statement (see
    /// `held.rs`), and its invoices and settlements too when the book has none yet: their
    /// numbers and references are then told apart from the book's by the keys the writer wrote
    /// (see [`NewRows`]), where the book's would need a read for each one.
    ///
    /// Only for an import's writer, whose transaction ends with [`Writer::write_held`].
    pub(crate) fn hold_rows(&mut self) -> Result<()> {
        self.st.held = Some(Held {
            invoices: NewRows::of_empty_table(self.conn)?,
            settlements: NewRows::of_empty_table(self.conn)?,
            allocations: HeldRows::new(self.conn)?,
        });
        Ok(())
    }

    fn customer_row(&mut self, reference: &str) -> Result<Option<&CustomerRow>> {
        if !self.customers.contains_key(reference) {
            let row = self
                .st
                .customer_by_reference
                .query_row([reference], |r| {
                    let channel: Option<String> = r.get(4)?;
                    Ok(CustomerRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        country: r.get(2)?,
                        email: r.get(3)?,
                        channel: channel.as_deref().and_then(Channel::parse),
                    })
                })
                .optional()?;
            match row {
                Some(row) => self.keep_customer(reference, row),
                None => return Ok(None),
            };
        }
        Ok(self.customers.get(reference))
    }

    pub(crate) fn customer_id(&mut self, reference: &str) -> Result<Option<i64>> {
        if let Some((last, id)) = &self.last_customer {
            if last == reference {
                return Ok(Some(*id));
            }
        }
        let id = match self.customers.get(reference) {
            Some(row) => Some(row.id),
            None => self.customer_row(reference)?.map(|row| row.id),
        };
        if let Some(id) = id {
            // The reference's room is reused from customer to customer.
            let (last, last_id) = self.last_customer.get_or_insert_with(Default::default);
            last.clear();
            last.push_str(reference);
            *last_id = id;
        }
        Ok(id)
    }

    /// Inserts a new customer, or brings one already in the book up to the record: fields the
    /// record gives replace the book's, fields it leaves empty keep them. A name that is empty
    /// or only repeats the reference (what an export without names gives) is no name: it never
    /// replaces a name the book holds, and a new customer is then named by its reference.
    pub(crate) fn customer(&mut self, record: &CustomerRecord) -> Result<WriteOutcome> {
        let given_name = record.name.trim();
        let names_nothing = given_name.is_empty() || given_name == record.reference;
        let Some(existing) = self.customer_row(&record.reference)? else {
            let channel = record.preferred_channel.map(|c| c.as_str());
            let name = if given_name.is_empty() {
                record.reference.as_str()
            } else {
                given_name
            };
            self.st.insert_customer.execute((
                &record.reference,
                name,
                &record.country,
                &record.email,
                channel,
            ))?;
            let row = CustomerRow {
                id: self.conn.last_insert_rowid(),
                name: name.to_string(),
                country: record.country.clone(),
                email: record.email.clone(),
                channel: record.preferred_channel,
            };
            self.keep_customer(&record.reference, row);
            return Ok(WriteOutcome::Inserted);
        };

        let mut row = existing.clone();
        let mut fields = Vec::new();
        if !names_nothing && given_name != row.name {
            row.name = given_name.to_string();
            fields.push("name".to_string());
        }
        if record.country.is_some() && record.country != row.country {
            row.country = record.country.clone();
            fields.push("country".to_string());
        }
        if record.email.is_some() && record.email != row.email {
            row.email = record.email.clone();
            fields.push("email".to_string());
        }
        if record.preferred_channel.is_some() && record.preferred_channel != row.channel {
            row.channel = record.preferred_channel;
            fields.push("preferred channel".to_string());
        }
        if fields.is_empty() {
            return Ok(WriteOutcome::Unchanged);
        }
        let channel = row.channel.map(|c| c.as_str());
        self.st
            .update_customer
            .execute((row.id, &row.name, &row.country, &row.email, channel))?;
        self.keep_customer(&record.reference, row);
        Ok(WriteOutcome::Updated { fields })
    }

    /// Keeps `row` for the rest of the transaction; when [`CUSTOMERS_KEPT`] are kept, they are
    /// all forgotten first. The book holds every row kept, so forgetting costs only reads.
    fn keep_customer(&mut self, reference: &str, row: CustomerRow) {
        if self.customers.len() >= CUSTOMERS_KEPT && !self.customers.contains_key(reference) {
            self.customers.clear();
        }
        self.customers.insert(reference.to_string(), row);
    }

    pub(crate) fn invoice(&mut self, record: &InvoiceRecord) -> Result<WriteOutcome> {
        self.write_pending()?;
        if let Some(problem) = invoice_problem(record) {
            return Ok(WriteOutcome::Conflict(problem));
        }
        let Some(customer_id) = self.customer_id(&record.customer_reference)? else {
            let message =
                missing_customer(INVOICE.get(), &record.number, &record.customer_reference);
            return Ok(WriteOutcome::Conflict(message));
        };

        let currency = record.total.currency();
        if let Some(id) = self.insert_invoice(InvoiceRow::new(record, customer_id)?)? {
            let account = InvoiceAccount {
                id,
                number: record.number.clone(),
                customer_id,
                customer_reference: record.customer_reference.clone(),
                issue_date: record.issue_date,
                currency,
                discount: record.terms.discount,
                disputed: record.disputed,
                instalments: record
                    .terms
                    .instalments
                    .iter()
                    .map(InstalmentState::unsettled)
                    .collect::<Result<_>>()?,
            };
            if self.keeps_allocation_columns {
                let key = number_key(&record.number);
                self.accounts.keep(key, account);
                self.pending = Some(Pending {
                    key: key.to_string(),
                    allocations: Vec::new(),
                });
            } else {
                insert_instalments(&mut self.st, &account)?;
            }
            return Ok(WriteOutcome::Inserted);
        }

        // The book holds this number, or one that differs from it only by leading zeros.
        let Some(existing) = self.invoice_by_key(&record.number)? else {
            unreachable!("an insert refused on the number key means the key is taken");
        };
        let book = self.invoice_record(&existing)?;
        let difference = invoice_difference(&book, record);
        Ok(match difference {
            None if existing.number == record.number && record.disputed => {
                let marked: bool = self.conn.query_row(
                    "SELECT disputed FROM invoice WHERE id = ?1",
                    [existing.id],
                    |r| r.get(0),
                )?;
                match marked {
                    true => WriteOutcome::Unchanged,
                    false => WriteOutcome::Kept {
                        note: say!(
                            en: "is marked disputed in the file but not in the book, and an \
                                 import does not change the mark of an invoice it holds; if the \
                                 customer disputes it, open a dispute or mark it (`dispute \
                                 NUMBER`, or the invoice's page).",
                            zh: "在文件中标记为有争议，但账簿中没有此标记；导入不会更改账簿中已有\
                                 发票的争议标记。如客户对其提出争议，请登记争议或标记该发票\
                                 （`dispute 发票号`，或在发票页面中操作）。",
                        ),
                    },
                }
            }
            None if existing.number == record.number => WriteOutcome::Unchanged,
            Some(d) if existing.number == record.number => {
                WriteOutcome::Conflict(invoice_conflict(&record.number, &d, self.by_hand))
            }
            _ if existing.customer_id == customer_id
                && existing.issue_date == record.issue_date
                && existing.total == record.total
                && existing.total.currency() == record.total.currency() =>
            {
                WriteOutcome::Matched {
                    existing_number: existing.number,
                }
            }
            _ => WriteOutcome::Conflict(zeros_conflict(
                INVOICE.get(),
                &record.number,
                &existing.number,
                &difference.expect("a different customer, date or total is a difference"),
                self.by_hand,
            )),
        })
    }

    /// Inserts the invoice row and answers its id, or does nothing and answers `None` when the
    /// book holds its number (leading zeros ignored).
    fn insert_invoice(&mut self, row: InvoiceRow) -> Result<Option<i64>> {
        let held = self.st.held.as_ref().and_then(|h| h.invoices.as_ref());
        let Some(invoices) = held else {
            let inserted = self.st.insert_invoice.execute(row.values().as_slice())? == 1;
            return Ok(inserted.then(|| self.conn.last_insert_rowid()));
        };
        let maybe_known = invoices.known.may_hold(number_key(&row.number));
        if maybe_known && self.invoice_by_key(&row.number)?.is_some() {
            return Ok(None);
        }
        let invoices = self.st.held_invoices().expect("the invoices are held");
        invoices.known.add(number_key(&row.number));
        Ok(Some(invoices.rows.hold(row)?))
    }

    /// Writes everything held back: the pending invoice, the held rows and the staged
    /// instalments. Called once, before the import commits.
    pub(crate) fn write_held(&mut self) -> Result<()> {
        self.write_pending()?;
        if let Some(held) = &mut self.st.held {
            held.write()?;
        }
        if let Some(staged) = &mut self.st.staged {
            staged.write()?;
        }
        Ok(())
    }

    /// Writes the pending invoice's instalments and then the allocations to them, if an
    /// invoice is pending; see [`Pending`].
    pub(crate) fn write_pending(&mut self) -> Result<()> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        let account = self
            .accounts
            .get(&pending.key)
            .expect("the account of the pending invoice is the last one kept");
        insert_instalments(&mut self.st, account)?;
        for allocation in &pending.allocations {
            self.st.insert_allocation(AllocationRow {
                settlement_id: allocation.settlement_id,
                customer_id: account.customer_id,
                currency: account.currency.code(),
                invoice_id: account.id,
                seq: allocation.seq,
                amount_minor: allocation.amount_minor,
                applied_on: allocation.applied_on,
            })?;
        }
        Ok(())
    }

    /// The invoice whose number equals `number` once leading zeros are stripped.
    pub(crate) fn invoice_by_key(&mut self, number: &str) -> Result<Option<StoredInvoice>> {
        if let Some(invoices) = self.st.held_invoices() {
            if !invoices.known.may_hold(number_key(number)) {
                return Ok(None);
            }
            invoices.rows.write()?;
        }
        let mut rows = self.st.invoice_by_key.query([number])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let currency = parse_currency(text(r, 5)?)?;
        let discount = match (
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<i64>>(10)?,
        ) {
            (Some(percent), Some(until), Some(minor)) => Some(DiscountOffer {
                percent: parse_decimal(&percent)?,
                until: parse_date(&until)?,
                amount: Money::from_minor(minor, currency),
            }),
            _ => None,
        };
        Ok(Some(StoredInvoice {
            id: r.get(0)?,
            number: r.get(1)?,
            customer_id: r.get(2)?,
            customer_reference: r.get(3)?,
            issue_date: parse_date(text(r, 4)?)?,
            total: Money::from_minor(r.get(6)?, currency),
            terms: r.get(7)?,
            discount,
        }))
    }

    /// The account of the invoice whose number equals `number` once leading zeros are stripped,
    /// read from the book unless it is kept; `None` when the book has no such invoice.
    pub(crate) fn account(&mut self, number: &str) -> Result<Option<&InvoiceAccount>> {
        let key = number_key(number);
        if self.accounts.get(key).is_none() {
            let Some(stored) = self.invoice_by_key(number)? else {
                return Ok(None);
            };
            let currency = stored.total.currency();
            let mut instalments = Vec::new();
            if let Some(staged) = &mut self.st.staged {
                instalments.extend(staged.of_invoice(stored.id).iter().map(|r| r.state));
            }
            let mut rows = self.st.instalment_states_of.query((
                stored.customer_id,
                currency.code(),
                stored.id,
            ))?;
            // An invoice's instalments are all held or all in the book's table.
            while let Some(r) = rows.next()? {
                instalments.push(InstalmentState {
                    seq: r.get(0)?,
                    due_date: parse_date(text(r, 1)?)?,
                    due_day: r.get(2)?,
                    amount_minor: r.get(3)?,
                    settled_minor: r.get(4)?,
                    first_applied_day: r.get(5)?,
                    last_applied_day: r.get(6)?,
                });
            }
            let account = InvoiceAccount {
                id: stored.id,
                number: stored.number,
                customer_id: stored.customer_id,
                customer_reference: stored.customer_reference,
                issue_date: stored.issue_date,
                currency,
                discount: stored.discount,
                // Not read: an invoice of the book has its instalments written.
                disputed: false,
                instalments,
            };
            self.accounts.keep(key, account);
        }
        Ok(self.accounts.get(key))
    }

    /// The invoice as a record, for comparison with a file's; `disputed` is not read.
    fn invoice_record(&mut self, stored: &StoredInvoice) -> Result<InvoiceRecord> {
        let currency = stored.total.currency();
        let mut instalments = Vec::new();
        if let Some(staged) = &mut self.st.staged {
            let held = staged.of_invoice(stored.id).iter();
            instalments.extend(held.map(|r| Instalment {
                seq: r.state.seq,
                due_date: r.state.due_date,
                amount: Money::from_minor(r.state.amount_minor, currency),
            }));
        }
        let key = (stored.customer_id, currency.code(), stored.id);
        let mut rows = self.st.instalments_of.query(key)?;
        // An invoice's instalments are all held or all in the book's table.
        while let Some(r) = rows.next()? {
            instalments.push(Instalment {
                seq: r.get(0)?,
                due_date: parse_date(text(r, 1)?)?,
                amount: Money::from_minor(r.get(2)?, currency),
            });
        }
        Ok(InvoiceRecord {
            number: stored.number.clone(),
            customer_reference: stored.customer_reference.clone(),
            issue_date: stored.issue_date,
            total: stored.total,
            terms: FrozenTerms {
                text: stored.terms.clone(),
                instalments,
                discount: stored.discount,
            },
            disputed: false,
        })
    }
}

impl<'c> Statements<'c> {
    fn held_invoices(&mut self) -> Option<&mut NewRows<'c, InvoiceRow>> {
        self.held.as_mut().and_then(|h| h.invoices.as_mut())
    }

    pub(crate) fn held_settlements(&mut self) -> Option<&mut NewRows<'c, SettlementRow>> {
        self.held.as_mut().and_then(|h| h.settlements.as_mut())
    }

    /// Inserts an allocation row, or holds it back when this writer holds rows.
    pub(crate) fn insert_allocation(&mut self, row: AllocationRow) -> Result<()> {
        match &mut self.held {
            Some(held) => {
                held.allocations.hold(row)?;
            }
            None => {
                self.insert_allocation.execute(row.values().as_slice())?;
            }
        }
        Ok(())
    }

    /// Writes the allocation columns of one instalment of `account`, wherever it is.
    pub(crate) fn update_instalment(
        &mut self,
        account: &InvoiceAccount,
        state: &InstalmentState,
    ) -> Result<()> {
        if let Some(staged) = &mut self.staged {
            let held = staged.of_invoice(account.id);
            if let Some(row) = held.iter_mut().find(|r| r.state.seq == state.seq) {
                row.state = *state;
                return Ok(());
            }
        }
        self.update_instalment.execute((
            account.customer_id,
            account.currency.code(),
            account.id,
            state.seq,
            state.settled_minor,
            state.first_applied_day,
            state.last_applied_day,
        ))?;
        Ok(())
    }
}

/// Writes the instalment rows of `account`, settled as it says (or holds them back, for an
/// import that stages them).
fn insert_instalments(st: &mut Statements<'_>, account: &InvoiceAccount) -> Result<()> {
    let issue_day = day_number(account.issue_date);
    if let Some(staged) = &mut st.staged {
        for state in &account.instalments {
            staged.push(StagedRow {
                customer_id: account.customer_id,
                currency: account.currency,
                invoice_id: account.id,
                issue_day,
                disputed: account.disputed,
                due_date: DateText::new(state.due_date)?,
                state: *state,
            })?;
        }
        return Ok(());
    }
    let code = account.currency.code();
    for state in &account.instalments {
        st.insert_instalment.execute((
            account.customer_id,
            code,
            account.id,
            state.seq,
            DateText::new(state.due_date)?,
            issue_day,
            state.amount_minor,
            account.disputed,
            state.settled_minor,
            state.first_applied_day,
            state.last_applied_day,
        ))?;
    }
    Ok(())
}
