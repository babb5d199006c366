//! Lists for screens: customers with their balances, a page of invoices, one invoice in
//! detail. Filtering and paging happen in SQL, so a screen never loads the whole book.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::{Channel, DiscountOffer, SettlementKind};
use creditdesk_core::{say, Currency, Money};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::codec::{day_number, money, parse_currency, parse_date, parse_decimal, text};
use crate::error::{Result, StoreError};
use crate::reports::{unapplied_candidates, PassDays};

/// What a customer owes in one currency as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerBalance {
    pub currency: Currency,
    /// Open on instalments of invoices issued by the as-of date.
    pub open: Money,
    /// Part of `open` due before the as-of date.
    pub overdue: Money,
    /// Settlements not yet allocated, as a negative amount (as in the aging).
    pub unapplied: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerSummary {
    pub reference: String,
    pub name: String,
    pub country: Option<String>,
    pub email: Option<String>,
    pub channel: Option<Channel>,
    /// One per currency with something open or unapplied, ordered by currency code.
    pub balances: Vec<CustomerBalance>,
}

/// Which invoices to list, and which page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceQuery {
    pub as_of: NaiveDate,
    /// Only invoices with an instalment open and due before `as_of`.
    pub overdue_only: bool,
    /// A customer reference.
    pub customer: Option<String>,
    pub currency: Option<Currency>,
    /// `Some(true)`: only disputed invoices; `Some(false)`: only undisputed ones.
    pub disputed: Option<bool>,
    pub limit: u32,
    pub offset: u32,
}

impl InvoiceQuery {
    /// The first 100 invoices issued by `as_of`, without filters.
    pub fn as_of(as_of: NaiveDate) -> InvoiceQuery {
        InvoiceQuery {
            as_of,
            overdue_only: false,
            customer: None,
            currency: None,
            disputed: None,
            limit: 100,
            offset: 0,
        }
    }
}

/// Where an invoice stands: nothing settled, part settled, or fully settled (case B08: a
/// partial credit note leaves it partially settled, not paid).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    PartiallySettled,
    Settled,
}

impl InvoiceStatus {
    pub(crate) fn of(total: i64, open: i64) -> InvoiceStatus {
        if open == 0 {
            InvoiceStatus::Settled
        } else if open == total {
            InvoiceStatus::Open
        } else {
            InvoiceStatus::PartiallySettled
        }
    }

    /// `open`, `partially settled`, `settled`.
    pub fn as_str(&self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::PartiallySettled => "partially settled",
            InvoiceStatus::Settled => "settled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceSummary {
    pub number: String,
    pub customer_reference: String,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub currency: Currency,
    pub total: Money,
    pub open: Money,
    /// The due date of the earliest instalment still open; `None` when settled.
    pub earliest_unpaid_due: Option<NaiveDate>,
    /// `as_of` minus `earliest_unpaid_due`; negative while not yet due, `None` when settled.
    pub days_overdue: Option<i64>,
    pub disputed: bool,
    pub status: InvoiceStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AllocationDetail {
    pub settlement_kind: SettlementKind,
    pub settlement_reference: String,
    pub settlement_date: NaiveDate,
    pub applied_on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalmentDetail {
    pub seq: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
    /// Amount less every allocation, whatever its date.
    pub open: Money,
    /// In the order they were applied.
    pub allocations: Vec<AllocationDetail>,
}

/// An invoice with everything recorded against it, whatever the dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceDetail {
    pub number: String,
    pub customer_reference: String,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub total: Money,
    pub terms: String,
    pub discount: Option<DiscountOffer>,
    pub disputed: bool,
    pub open: Money,
    pub status: InvoiceStatus,
    pub instalments: Vec<InstalmentDetail>,
}

impl Book {
    /// Every customer, ordered by reference, with open and overdue amounts as of `as_of`.
    pub fn customers(&self, as_of: NaiveDate) -> Result<Vec<CustomerSummary>> {
        let day = day_number(as_of);
        let days = PassDays::at(day, Buckets::default());
        let (groups, (unapplied, mut customers)) = self.receivables(&days, |conn| {
            Ok((unapplied_sums(conn, day)?, customers_by_reference(conn)?))
        })?;

        let mut balances: HashMap<i64, Vec<CustomerBalance>> = HashMap::new();
        for group in groups {
            let currency = parse_currency(group.currency_code())?;
            let open = group.open();
            if open != 0 {
                balances
                    .entry(group.customer_id)
                    .or_default()
                    .push(CustomerBalance {
                        currency,
                        open: Money::from_minor(open, currency),
                        overdue: Money::from_minor(open - group.buckets[0], currency),
                        unapplied: Money::zero(currency),
                    });
            }
        }
        for (customer_id, currency, unapplied) in unapplied {
            let list = balances.entry(customer_id).or_default();
            let unapplied = Money::from_minor(-unapplied, currency);
            match list.iter_mut().find(|b| b.currency == currency) {
                Some(balance) => balance.unapplied = unapplied,
                None => list.push(CustomerBalance {
                    currency,
                    open: Money::zero(currency),
                    overdue: Money::zero(currency),
                    unapplied,
                }),
            }
        }
        for (id, customer) in &mut customers {
            let mut own = balances.remove(id).unwrap_or_default();
            own.sort_by_key(|b| b.currency);
            customer.balances = own;
        }
        Ok(customers
            .into_iter()
            .map(|(_, customer)| customer)
            .collect())
    }

    /// A page of invoices issued by `query.as_of`, ordered by issue date then number, with
    /// their open amounts as of that date; [`Book::invoice_page`] without the total. A customer
    /// the query names that the book lacks is [`StoreError::CustomerNotFound`], not an empty
    /// page.
    pub fn invoices(&self, query: &InvoiceQuery) -> Result<Vec<InvoiceSummary>> {
        if let Some(reference) = &query.customer {
            crate::codec::customer_id(self.conn(), reference)?;
        }
        Ok(self.read_invoice_page(query, false)?.rows)
    }

    /// One invoice by its number, leading zeros ignored (`611365` finds `0000611365`), with its
    /// instalments and their allocations.
    pub fn invoice(&self, number: &str) -> Result<Option<InvoiceDetail>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.id, v.number, c.reference, c.name, v.issue_date, v.currency, v.total_minor,
                    v.terms, v.discount_percent, v.discount_until, v.discount_minor, v.disputed
             FROM invoice v JOIN customer c ON c.id = v.customer_id
             WHERE v.number_key = ltrim(?1, '0')",
        )?;
        let mut rows = stmt.query([number])?;
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
        let id: i64 = r.get(0)?;
        let mut detail = InvoiceDetail {
            number: r.get(1)?,
            customer_reference: r.get(2)?,
            customer_name: r.get(3)?,
            issue_date: parse_date(text(r, 4)?)?,
            total: Money::from_minor(r.get(6)?, currency),
            terms: r.get(7)?,
            discount,
            disputed: r.get(11)?,
            open: Money::zero(currency),
            status: InvoiceStatus::Open,
            instalments: Vec::new(),
        };
        drop(rows);

        detail.instalments = self.instalment_details(id)?;
        let currency = detail.total.currency();
        let open: i64 = detail
            .instalments
            .iter()
            .map(|i| i.open.to_minor())
            .sum::<Result<i64, _>>()?;
        detail.open = Money::from_minor(open, currency);
        detail.status = InvoiceStatus::of(detail.total.to_minor()?, open);
        Ok(Some(detail))
    }

    fn instalment_details(&self, invoice_id: i64) -> Result<Vec<InstalmentDetail>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.seq, i.due_date, i.amount_minor, i.settled_minor, i.currency,
                    s.kind, s.reference, s.date, a.applied_on, a.amount_minor
             FROM invoice v
             JOIN instalment i ON i.customer_id = v.customer_id AND i.currency = v.currency
                 AND i.invoice_id = v.id
             LEFT JOIN allocation a ON a.invoice_id = i.invoice_id AND a.seq = i.seq
             LEFT JOIN settlement s ON s.id = a.settlement_id
             WHERE v.id = ?1
             ORDER BY i.seq, a.applied_day, a.id",
        )?;
        let mut rows = stmt.query([invoice_id])?;
        let mut instalments: Vec<InstalmentDetail> = Vec::new();
        while let Some(r) = rows.next()? {
            let seq: u32 = r.get(0)?;
            if instalments.last().map(|last| last.seq) != Some(seq) {
                let code = text(r, 4)?;
                let amount: i64 = r.get(2)?;
                let settled: i64 = r.get(3)?;
                instalments.push(InstalmentDetail {
                    seq,
                    due_date: parse_date(text(r, 1)?)?,
                    amount: money(amount, code)?,
                    open: money(amount - settled, code)?,
                    allocations: Vec::new(),
                });
            }
            let Some(kind) = r.get::<_, Option<String>>(5)? else {
                continue;
            };
            let instalment = instalments.last_mut().expect("pushed above");
            let currency = instalment.amount.currency();
            instalment.allocations.push(AllocationDetail {
                settlement_kind: SettlementKind::parse(&kind).ok_or_else(|| {
                    StoreError::Unreadable(say!(
                        en: "settlement kind \"{kind}\"",
                        zh: "核销单据类型“{kind}”",
                    ))
                })?,
                settlement_reference: r.get(6)?,
                settlement_date: parse_date(text(r, 7)?)?,
                applied_on: parse_date(text(r, 8)?)?,
                amount: Money::from_minor(r.get(9)?, currency),
            });
        }
        Ok(instalments)
    }
}

/// What each customer has unapplied as of `day`, where it is not zero: (customer id, currency,
/// sum as received).
fn unapplied_sums(conn: &Connection, day: i64) -> Result<Vec<(i64, Currency, i64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, currency, sum(remaining) FROM ({})
         GROUP BY customer_id, currency",
        unapplied_candidates()
    ))?;
    let mut rows = stmt.query([day])?;
    let mut sums = Vec::new();
    while let Some(r) = rows.next()? {
        let unapplied: i64 = r.get(2)?;
        if unapplied != 0 {
            sums.push((r.get(0)?, parse_currency(text(r, 1)?)?, unapplied));
        }
    }
    Ok(sums)
}

/// Every customer by id, ordered by reference, without balances.
fn customers_by_reference(conn: &Connection) -> Result<Vec<(i64, CustomerSummary)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, reference, name, country, email, channel FROM customer ORDER BY reference",
    )?;
    let mut rows = stmt.query([])?;
    let mut customers = Vec::new();
    while let Some(r) = rows.next()? {
        let channel: Option<String> = r.get(5)?;
        let customer = CustomerSummary {
            reference: r.get(1)?,
            name: r.get(2)?,
            country: r.get(3)?,
            email: r.get(4)?,
            channel: channel.as_deref().and_then(Channel::parse),
            balances: Vec::new(),
        };
        customers.push((r.get(0)?, customer));
    }
    Ok(customers)
}
