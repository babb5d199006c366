//! What a cash forecast reads from the book, in four set-based queries whatever its size: the
//! open instalments, the disputes open on the date, each customer's observed payment delay, and
//! the open instalments of payment plans.
//!
//! # Observed average delay
//!
//! Per customer and currency: the mean of `day fully paid - due day` over the instalments
//! fully paid within the 365 days ending on the as-of date, weighted by the instalments'
//! amounts, rounded to whole days half away from zero (2.5 days is 3, -2.5 is -3). An
//! instalment is fully paid on the day its last allocation was applied. Instalments settled in
//! part or in whole by a write-off, or taken into a payment plan, were not paid and are left
//! out. The weight is the amount in minor units, so a delay is only ever weighed within one
//! currency; a customer paying in two currencies has a delay in each.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use creditdesk_core::allocate::OpenInstalment;
use creditdesk_core::disputes::split_disputed;
use creditdesk_core::forecast::{ExpectedInstalment, ForecastItem};
use creditdesk_core::{Currency, Money};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::book::Book;
use crate::codec::{day_number, parse_currency, parse_date, text, DateText};
use crate::error::{Result, StoreError};
use crate::reports::open_as_of;

/// Everything a forecast needs from the book, as of one date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForecastBook {
    /// The open instalments of invoices issued on or before the date, plans' own left out.
    pub items: Vec<ForecastItem>,
    /// The open instalments of payment plans.
    pub plan_instalments: Vec<ExpectedInstalment>,
    /// Observed average delay in days, per currency and customer reference.
    pub delays: BTreeMap<Currency, BTreeMap<String, i64>>,
}

/// One open instalment as read, before its invoice's dispute is split onto it.
struct OpenRow {
    customer: String,
    number: String,
    invoice_id: i64,
    seq: i64,
    due_date: NaiveDate,
    open: Money,
    flagged: bool,
    plan_id: Option<i64>,
}

impl Book {
    /// What a cash forecast on `as_of` reads; see the module documentation.
    pub fn forecast_book(&self, as_of: NaiveDate) -> Result<ForecastBook> {
        let conn = self.conn();
        let day = day_number(as_of);

        // Per invoice: the disputes open on the day, and whether any dispute is on record.
        let mut disputes: HashMap<i64, i64> = HashMap::new();
        {
            let mut stmt = conn.prepare_cached(
                "SELECT invoice_id,
                        sum(CASE WHEN opened_on <= ?1 AND (resolved_on IS NULL OR resolved_on > ?1)
                                 THEN amount_minor ELSE 0 END)
                 FROM dispute GROUP BY invoice_id",
            )?;
            let mut rows = stmt.query([DateText::new(as_of)?])?;
            while let Some(r) = rows.next()? {
                disputes.insert(r.get(0)?, r.get(1)?);
            }
        }

        let open = open_as_of("i", "?1");
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT c.reference, v.number, i.invoice_id, i.seq, i.due_date, i.currency,
                    {open} AS open_minor, i.disputed, p.id
             FROM instalment i
             JOIN invoice v ON v.id = i.invoice_id
             JOIN customer c ON c.id = i.customer_id
             LEFT JOIN payment_plan p ON p.invoice_id = i.invoice_id
             WHERE i.issue_day <= ?1 AND {open} > 0
             ORDER BY i.customer_id, i.currency, i.invoice_id, i.seq"
        ))?;
        let mut rows = stmt.query([day])?;
        let mut open_rows: Vec<OpenRow> = Vec::new();
        while let Some(r) = rows.next()? {
            open_rows.push(OpenRow {
                customer: r.get(0)?,
                number: r.get(1)?,
                invoice_id: r.get(2)?,
                seq: r.get(3)?,
                due_date: parse_date(text(r, 4)?)?,
                open: Money::from_minor(r.get(6)?, parse_currency(text(r, 5)?)?),
                flagged: r.get(7)?,
                plan_id: r.get(8)?,
            });
        }

        let mut found = ForecastBook {
            delays: delays(self, as_of)?,
            ..ForecastBook::default()
        };
        // Rows of one invoice are next to each other (the order is the table's own key).
        for invoice in open_rows.chunk_by(|a, b| a.invoice_id == b.invoice_id) {
            let first = &invoice[0];
            if let Some(plan_id) = first.plan_id {
                found
                    .plan_instalments
                    .extend(invoice.iter().map(|row| ExpectedInstalment {
                        customer_reference: row.customer.clone(),
                        plan_reference: plan_reference(plan_id),
                        seq: row.seq as u32,
                        due_date: row.due_date,
                        open: row.open,
                    }));
                continue;
            }
            let currency = first.open.currency();
            let disputed_minor = match disputes.get(&first.invoice_id) {
                Some(open_disputes) => *open_disputes,
                // Marked disputed with no dispute on record: all that is open is disputed.
                None if first.flagged => i64::MAX,
                None => 0,
            };
            let instalments: Vec<OpenInstalment> = invoice
                .iter()
                .map(|row| OpenInstalment {
                    key: row.seq,
                    due_date: row.due_date,
                    open: row.open,
                })
                .collect();
            let total: i64 = invoice
                .iter()
                .map(|row| row.open.to_minor().unwrap_or(0))
                .sum();
            let asked = Money::from_minor(disputed_minor.min(total), currency);
            let split = split_disputed(&instalments, asked).map_err(|e| {
                StoreError::Unreadable(format!("{} {}: {e}", first.number, first.customer))
            })?;
            for part in split.instalments {
                found.items.push(ForecastItem {
                    customer_reference: first.customer.clone(),
                    invoice_number: first.number.clone(),
                    due_date: part.due_date,
                    open: part.open,
                    disputed: part.disputed,
                });
            }
        }
        Ok(found)
    }
}

/// The reference of a plan as it is shown: the number of the invoice that holds its schedule.
pub(crate) fn plan_reference(id: i64) -> String {
    format!("PLAN-{id}")
}

/// Each customer's observed average delay per currency; see the module documentation.
fn delays(book: &Book, as_of: NaiveDate) -> Result<BTreeMap<Currency, BTreeMap<String, i64>>> {
    let mut stmt = book.conn().prepare_cached(
        "SELECT c.reference, i.currency,
                sum(i.amount_minor * (i.last_applied_day - i.due_day)), sum(i.amount_minor)
         FROM instalment i JOIN customer c ON c.id = i.customer_id
         WHERE i.amount_minor > 0 AND i.settled_minor = i.amount_minor
           AND i.last_applied_day > ?1 - 365 AND i.last_applied_day <= ?1
           AND NOT EXISTS (
               SELECT 1 FROM allocation a JOIN settlement s ON s.id = a.settlement_id
               WHERE a.invoice_id = i.invoice_id AND a.seq = i.seq
                 AND (s.kind = 'write_off'
                      OR EXISTS (SELECT 1 FROM plan_item p WHERE p.credit_note_id = s.id)))
         GROUP BY i.customer_id, i.currency",
    )?;
    let mut rows = stmt.query([day_number(as_of)])?;
    let mut delays: BTreeMap<Currency, BTreeMap<String, i64>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let weighted: i64 = r.get(2)?;
        let weight: i64 = r.get(3)?;
        let mean = (Decimal::from(weighted) / Decimal::from(weight))
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let days = i64::try_from(mean).unwrap_or(0);
        delays
            .entry(parse_currency(text(r, 1)?)?)
            .or_default()
            .insert(r.get(0)?, days);
    }
    Ok(delays)
}
