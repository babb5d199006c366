//! A customer's statement of account: what it owed at the start of a period, every invoice and
//! settlement of the period in date order, and what it owes at the end, per currency.
//!
//! Invariant: in each currency, `opening + Σ debit − Σ credit = closing`, where the opening is
//! every invoice issued and every settlement dated before the period, and the closing is the
//! same through its last day. Unapplied cash counts on the day it was received, so the closing
//! balance equals the aging's net for the customer on that day: in each currency, `Σ open items
//! − unapplied = closing`, the unapplied money being what was received (payments, credit notes)
//! and not yet allocated to an invoice on the last day, as the aging report counts it.

use chrono::NaiveDate;
use creditdesk_core::{Currency, Money};

use crate::book::Book;
use crate::codec::{customer_id, day_number, parse_currency, parse_date, DateText};
use crate::error::Result;
use crate::reports::{open_as_of, unapplied_candidates};

/// What a line of a statement records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementEntryKind {
    Invoice,
    Payment,
    /// Money paid back to the customer: a payment of a negative amount.
    Refund,
    CreditNote,
    WriteOff,
    /// An early-payment discount taken.
    Discount,
}

/// One line of a statement, in the statement's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementEntry {
    pub date: NaiveDate,
    pub kind: StatementEntryKind,
    /// The invoice number or the settlement's reference.
    pub reference: String,
    /// The last due date of an invoice; `None` for settlements.
    pub due_date: Option<NaiveDate>,
    /// What the line adds to the balance (an invoice, a refund); zero otherwise.
    pub debit: Money,
    /// What the line takes off the balance (a payment, a credit note, a write-off, a discount).
    pub credit: Money,
}

/// A statement in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyStatement {
    pub currency: Currency,
    /// The balance at the end of the day before the period.
    pub opening: Money,
    /// By date, invoices before settlements on one day, then by reference.
    pub entries: Vec<StatementEntry>,
    /// The balance at the end of the period's last day.
    pub closing: Money,
    /// Each instalment with something open at the end of the period: its due date and what is
    /// open, the earliest due first (for the statement's aging).
    pub open_items: Vec<(NaiveDate, Money)>,
    /// Received and not yet allocated to an invoice at the end of the period (payments and
    /// credit notes, less refunds of them): what the closing balance is below the open items.
    pub unapplied: Money,
}

/// A line before sorting: currency, date, order within the day (invoices first), reference,
/// due date, the amount signed (above zero adds to the balance), and its kind.
type Row = (
    String,
    String,
    u8,
    String,
    Option<String>,
    i64,
    StatementEntryKind,
);

impl Book {
    /// The statement of account of customer `reference` from `from` through `to` (both
    /// included), one per currency it has dealt in by `to`, in currency order. An error when the
    /// customer is not in the book.
    pub fn account_statement(
        &self,
        reference: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CurrencyStatement>> {
        let conn = self.conn();
        let customer = customer_id(conn, reference)?;
        // Checked storable like `to`; compared as text with the stored dates.
        DateText::new(from)?;
        let first_day = from.format("%Y-%m-%d").to_string();
        let last_day = to;
        let to = DateText::new(to)?;

        let mut rows: Vec<Row> = Vec::new();
        let mut invoices = conn.prepare_cached(
            "SELECT v.currency, v.issue_date, v.number,
                    (SELECT max(i.due_date) FROM instalment i
                     WHERE i.customer_id = v.customer_id AND i.currency = v.currency
                       AND i.invoice_id = v.id),
                    v.total_minor
             FROM invoice v
             WHERE v.id IN (SELECT DISTINCT invoice_id FROM instalment WHERE customer_id = ?1)
               AND v.issue_date <= ?2",
        )?;
        let mut found = invoices.query(rusqlite::params![customer, to])?;
        while let Some(r) = found.next()? {
            rows.push((
                r.get(0)?,
                r.get(1)?,
                0,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                StatementEntryKind::Invoice,
            ));
        }
        let mut settlements = conn.prepare_cached(
            "SELECT currency, date, kind, reference, amount_minor
             FROM settlement WHERE customer_id = ?1 AND date <= ?2",
        )?;
        let mut found = settlements.query(rusqlite::params![customer, to])?;
        while let Some(r) = found.next()? {
            let kind: String = r.get(2)?;
            let amount: i64 = r.get(4)?;
            let kind = match kind.as_str() {
                "payment" if amount < 0 => StatementEntryKind::Refund,
                "payment" => StatementEntryKind::Payment,
                "credit_note" => StatementEntryKind::CreditNote,
                "write_off" => StatementEntryKind::WriteOff,
                _ => StatementEntryKind::Discount,
            };
            rows.push((r.get(0)?, r.get(1)?, 1, r.get(3)?, None, -amount, kind));
        }
        rows.sort_by(|a, b| (&a.0, &a.1, a.2, &a.3).cmp(&(&b.0, &b.1, b.2, &b.3)));

        let mut statements: Vec<CurrencyStatement> = Vec::new();
        let mut balance = 0i64;
        for (code, date, _, reference, due, signed, kind) in rows {
            let currency = parse_currency(&code)?;
            if statements.last().is_none_or(|s| s.currency != currency) {
                let zero = Money::zero(currency);
                balance = 0;
                statements.push(CurrencyStatement {
                    currency,
                    opening: zero,
                    entries: Vec::new(),
                    closing: zero,
                    open_items: Vec::new(),
                    unapplied: zero,
                });
            }
            let statement = statements.last_mut().expect("pushed above");
            let amount = Money::from_minor(signed, currency);
            balance += signed;
            statement.closing = Money::from_minor(balance, currency);
            if date < first_day {
                statement.opening = statement.closing;
                continue;
            }
            let zero = Money::zero(currency);
            let (debit, credit) = if signed >= 0 {
                (amount, zero)
            } else {
                (zero, Money::from_minor(-signed, currency))
            };
            statement.entries.push(StatementEntry {
                date: parse_date(&date)?,
                kind,
                reference,
                due_date: due.as_deref().map(parse_date).transpose()?,
                debit,
                credit,
            });
        }

        let open = open_as_of("instalment", "?2");
        let mut items = conn.prepare_cached(&format!(
            "SELECT currency, due_date, {open} FROM instalment
             WHERE customer_id = ?1 AND issue_day <= ?2 AND {open} > 0
             ORDER BY currency, due_date"
        ))?;
        let mut found = items.query(rusqlite::params![customer, day_number(last_day)])?;
        while let Some(r) = found.next()? {
            let currency = parse_currency(&r.get::<_, String>(0)?)?;
            let item = (
                parse_date(&r.get::<_, String>(1)?)?,
                Money::from_minor(r.get(2)?, currency),
            );
            if let Some(statement) = statements.iter_mut().find(|s| s.currency == currency) {
                statement.open_items.push(item);
            }
        }
        drop(found);

        // The same settlements the aging report counts as unapplied on the day.
        let mut unapplied = conn.prepare_cached(&format!(
            "SELECT currency, sum(remaining) FROM ({}) WHERE customer_id = ?2 GROUP BY currency",
            unapplied_candidates()
        ))?;
        let mut found = unapplied.query(rusqlite::params![day_number(last_day), customer])?;
        while let Some(r) = found.next()? {
            let currency = parse_currency(&r.get::<_, String>(0)?)?;
            if let Some(statement) = statements.iter_mut().find(|s| s.currency == currency) {
                statement.unapplied = Money::from_minor(r.get(1)?, currency);
            }
        }
        Ok(statements)
    }
}
