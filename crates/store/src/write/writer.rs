//! The write path shared by imports and single writes: prepared statements, the customer
//! lookup of one transaction, and the rules for customers and invoices (settlements are in
//! `settle.rs`).
//!
//! The common case of an import, a new invoice, costs one `INSERT` for the invoice and one per
//! instalment and nothing else: the unique index on the number without leading zeros rejects a
//! number the book already holds (`ON CONFLICT DO NOTHING`), and only then is the existing
//! invoice read and compared.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    Channel, CustomerRecord, DiscountOffer, FrozenTerms, Instalment, InvoiceRecord,
};
use creditdesk_core::Money;
use rusqlite::{Connection, OptionalExtension, Statement, ToSql};

use super::compare::{
    invoice_conflict, invoice_difference, invoice_problem, missing_customer, zeros_conflict,
};
use super::WriteOutcome;
use crate::codec::{day_number, parse_currency, parse_date, parse_decimal, text, DateText};
use crate::error::Result;

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

pub(crate) struct Statements<'c> {
    customer_by_reference: Statement<'c>,
    insert_customer: Statement<'c>,
    update_customer: Statement<'c>,
    insert_invoice: Statement<'c>,
    invoice_by_key: Statement<'c>,
    insert_instalment: Statement<'c>,
    instalments_of: Statement<'c>,
    pub open_instalments_of: Statement<'c>,
    pub settlement_by_key: Statement<'c>,
    pub insert_settlement: Statement<'c>,
    pub insert_allocation: Statement<'c>,
}

pub(crate) struct Writer<'c> {
    pub(super) conn: &'c Connection,
    customers: HashMap<String, CustomerRow>,
    pub(super) st: Statements<'c>,
}

impl<'c> Writer<'c> {
    /// Prepares the statements; the caller has begun the transaction on `conn`.
    pub(crate) fn new(conn: &'c Connection) -> Result<Writer<'c>> {
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
            insert_invoice: conn.prepare(
                "INSERT INTO invoice (number, customer_id, currency, issue_date, total_minor,
                     terms, discount_percent, discount_until, discount_minor, disputed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (number_key) DO NOTHING",
            )?,
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
                     issue_day, amount_minor, disputed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            instalments_of: conn.prepare(
                "SELECT seq, due_date, amount_minor FROM instalment
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3 ORDER BY seq",
            )?,
            open_instalments_of: conn.prepare(
                "SELECT seq, due_date, amount_minor - settled_minor FROM instalment
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3
                   AND settled_minor < amount_minor
                 ORDER BY due_day, seq",
            )?,
            settlement_by_key: conn.prepare(
                "SELECT s.customer_id, s.reference, c.reference, s.date, s.currency,
                        s.amount_minor, s.invoice_number, s.paid_currency, s.paid_minor,
                        s.paid_rate
                 FROM settlement s JOIN customer c ON c.id = s.customer_id
                 WHERE s.kind = ?1 AND s.reference_key = ltrim(?2, '0')",
            )?,
            insert_settlement: conn.prepare(
                "INSERT INTO settlement (kind, reference, customer_id, date, currency,
                     amount_minor, invoice_number, invoice_id, paid_currency, paid_minor,
                     paid_rate)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            insert_allocation: conn.prepare(
                "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                     amount_minor, applied_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
        };
        Ok(Writer {
            conn,
            customers: HashMap::new(),
            st,
        })
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
                Some(row) => self.customers.insert(reference.to_string(), row),
                None => return Ok(None),
            };
        }
        Ok(self.customers.get(reference))
    }

    pub(crate) fn customer_id(&mut self, reference: &str) -> Result<Option<i64>> {
        Ok(self.customer_row(reference)?.map(|row| row.id))
    }

    /// Inserts a new customer, or brings one already in the book up to the record: fields the
    /// record gives replace the book's, fields it leaves empty keep them.
    pub(crate) fn customer(&mut self, record: &CustomerRecord) -> Result<WriteOutcome> {
        let Some(existing) = self.customer_row(&record.reference)? else {
            let channel = record.preferred_channel.map(|c| c.as_str());
            self.st.insert_customer.execute((
                &record.reference,
                &record.name,
                &record.country,
                &record.email,
                channel,
            ))?;
            let row = CustomerRow {
                id: self.conn.last_insert_rowid(),
                name: record.name.clone(),
                country: record.country.clone(),
                email: record.email.clone(),
                channel: record.preferred_channel,
            };
            self.customers.insert(record.reference.clone(), row);
            return Ok(WriteOutcome::Inserted);
        };

        let mut row = existing.clone();
        let mut fields = Vec::new();
        if record.name != row.name {
            row.name = record.name.clone();
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
        self.customers.insert(record.reference.clone(), row);
        Ok(WriteOutcome::Updated { fields })
    }

    pub(crate) fn invoice(&mut self, record: &InvoiceRecord) -> Result<WriteOutcome> {
        if let Some(problem) = invoice_problem(record) {
            return Ok(WriteOutcome::Conflict(problem));
        }
        let Some(customer_id) = self.customer_id(&record.customer_reference)? else {
            let message = missing_customer("Invoice", &record.number, &record.customer_reference);
            return Ok(WriteOutcome::Conflict(message));
        };

        let offer = record.terms.discount.as_ref();
        let percent = offer.map(|o| o.percent.to_string());
        let until = offer.map(|o| DateText::new(o.until)).transpose()?;
        let discount = offer.map(|o| o.amount.to_minor()).transpose()?;
        let currency = record.total.currency();
        let code = currency.code();
        let row: [&dyn ToSql; 10] = [
            &record.number,
            &customer_id,
            &code,
            &DateText::new(record.issue_date)?,
            &record.total.to_minor()?,
            &record.terms.text,
            &percent,
            &until,
            &discount,
            &record.disputed,
        ];
        if self.st.insert_invoice.execute(row.as_slice())? == 1 {
            let id = self.conn.last_insert_rowid();
            self.insert_instalments(id, customer_id, record)?;
            return Ok(WriteOutcome::Inserted);
        }

        // The book holds this number, or one that differs from it only by leading zeros.
        let Some(existing) = self.invoice_by_key(&record.number)? else {
            unreachable!("an insert refused on the number key means the key is taken");
        };
        let book = self.invoice_record(&existing)?;
        let difference = invoice_difference(&book, record);
        Ok(match difference {
            None if existing.number == record.number => WriteOutcome::Unchanged,
            Some(d) if existing.number == record.number => {
                WriteOutcome::Conflict(invoice_conflict(&record.number, &d))
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
                "Invoice",
                &record.number,
                &existing.number,
                &difference.expect("a different customer, date or total is a difference"),
            )),
        })
    }

    fn insert_instalments(
        &mut self,
        invoice_id: i64,
        customer_id: i64,
        record: &InvoiceRecord,
    ) -> Result<()> {
        let currency = record.total.currency();
        let code = currency.code();
        let issue_day = day_number(record.issue_date);
        for instalment in &record.terms.instalments {
            self.st.insert_instalment.execute((
                customer_id,
                code,
                invoice_id,
                instalment.seq,
                DateText::new(instalment.due_date)?,
                issue_day,
                instalment.amount.to_minor()?,
                record.disputed,
            ))?;
        }
        Ok(())
    }

    /// The invoice whose number equals `number` once leading zeros are stripped.
    pub(crate) fn invoice_by_key(&mut self, number: &str) -> Result<Option<StoredInvoice>> {
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

    /// The invoice as a record, for comparison with a file's; `disputed` is not read.
    fn invoice_record(&mut self, stored: &StoredInvoice) -> Result<InvoiceRecord> {
        let currency = stored.total.currency();
        let key = (stored.customer_id, currency.code(), stored.id);
        let mut rows = self.st.instalments_of.query(key)?;
        let mut instalments = Vec::new();
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
