//! What the risk score and the credit alerts read about every customer with a credit profile,
//! in a few set-based passes over the book instead of a round of queries per customer.
//!
//! Six queries, whatever the number of customers: the profiles with their customers' names,
//! all security, all insurance, the open orders, the open invoices (one row per invoice with
//! something open as of the day) and the instalments settled in full within the score's
//! windows (one row per customer and currency). The instalment queries walk
//! `credit_profile` in customer order and read each customer's instalments by the prefix of the
//! table's clustered key, so they read the instalments of customers with a profile only, in
//! key order, and group them without a sort.
//!
//! Open amounts follow [`Book::open_receivables`] exactly: invoices issued on or before the
//! day, instalments less the allocations applied on or before it, one receivable per invoice
//! with the due date of its earliest instalment still open. So the exposure computed from a
//! standing equals [`creditdesk_core::credit::exposure`] on what the per-customer reads give.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::credit::{
    CreditProfile, Lateness, OpenReceivable, PaymentBehaviour, RiskRules, Security, SecurityKind,
    TradeCreditInsurance,
};
use creditdesk_core::{say, Currency, Money};
use rusqlite::Connection;

use crate::book::Book;
use crate::codec::{customer_id, unlabel};
use crate::codec::{date_of_day, day_number, parse_currency, parse_date, text};
use crate::error::{Result, StoreError};
use crate::reports::open_as_of;

/// Everything the score and the alerts read about one customer with a credit profile, as of
/// one day. Amounts are in their own currencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditStanding {
    pub name: String,
    pub profile: CreditProfile,
    /// In the order they were entered.
    pub security: Vec<Security>,
    pub insurance: Option<TradeCreditInsurance>,
    /// One per invoice with something open, in currency and invoice order.
    pub receivables: Vec<OpenReceivable>,
    /// The amounts of the customer's open orders.
    pub open_orders: Vec<Money>,
    /// Instalments settled in full within the windows of the score, and open amounts overdue.
    pub behaviour: PaymentBehaviour,
    /// The numbers of the invoices reported to the insurer on or before the as-of date.
    pub reported: Vec<String>,
}

/// Currency codes as read, looked up once each.
#[derive(Default)]
struct Currencies(Vec<(String, Currency)>);

impl Currencies {
    fn of(&mut self, code: &str) -> Result<Currency> {
        if let Some((_, currency)) = self.0.iter().find(|(c, _)| c == code) {
            return Ok(*currency);
        }
        let currency = parse_currency(code)?;
        self.0.push((code.to_string(), currency));
        Ok(currency)
    }
}

impl Book {
    /// The credit standing of every customer with a credit profile as of `as_of`, customers in
    /// reference order, with payment behaviour tallied over the windows of `rules`. With
    /// `customer`, only that customer's (an empty list when it has no profile; an unknown
    /// customer is [`StoreError::CustomerNotFound`]).
    pub fn credit_standings(
        &self,
        as_of: NaiveDate,
        rules: &RiskRules,
        customer: Option<&str>,
    ) -> Result<Vec<CreditStanding>> {
        let conn = self.conn();
        let only = match customer {
            Some(reference) => Some(customer_id(conn, reference)?),
            None => None,
        };
        let mut currencies = Currencies::default();

        let (ids, mut standings) = read_profiles(conn, only, &mut currencies)?;
        let index: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let at = |id: i64| index.get(&id).copied();

        read_security(conn, only, &mut currencies, |id, security| {
            if let Some(i) = at(id) {
                standings[i].security.push(security);
            }
        })?;
        for (id, insurance) in read_insurance(conn, only, &mut currencies)? {
            if let Some(i) = at(id) {
                standings[i].insurance = Some(insurance);
            }
        }
        read_orders(conn, only, &mut currencies, |id, amount| {
            if let Some(i) = at(id) {
                standings[i].open_orders.push(amount);
            }
        })?;
        read_open(
            conn,
            only,
            as_of,
            &mut currencies,
            |id, receivable, overdue| {
                if let Some(i) = at(id) {
                    if let Some(overdue) = overdue {
                        standings[i].behaviour.overdue.push(overdue);
                    }
                    standings[i].receivables.push(receivable);
                }
            },
        )?;
        let windows = (
            day_number(as_of),
            day_number(rules.recent_start(as_of)),
            day_number(rules.earlier_start(as_of)),
        );
        read_settled(
            conn,
            only,
            windows,
            &mut currencies,
            |id, recent, earlier| {
                if let Some(i) = at(id) {
                    let behaviour = &mut standings[i].behaviour;
                    behaviour.recent.extend(recent);
                    behaviour.earlier.extend(earlier);
                }
            },
        )?;

        for (id, number) in self.reported_invoices(as_of)? {
            if let Some(i) = at(id) {
                standings[i].reported.push(number);
            }
        }

        standings.sort_by(|a, b| {
            a.profile
                .customer_reference
                .cmp(&b.profile.customer_reference)
        });
        Ok(standings)
    }
}

/// ` WHERE {column} = {id}` for one customer, nothing for all of them. The id is an integer
/// read from the book, never text from outside.
fn only_clause(column: &str, only: Option<i64>, joiner: &str) -> String {
    match only {
        Some(id) => format!(" {joiner} {column} = {id}"),
        None => String::new(),
    }
}

fn read_profiles(
    conn: &Connection,
    only: Option<i64>,
    currencies: &mut Currencies,
) -> Result<(Vec<i64>, Vec<CreditStanding>)> {
    let mut stmt = conn.prepare(&format!(
        "SELECT p.customer_id, c.reference, c.name, p.limit_minor, p.currency,
                p.default_terms_days, p.max_terms_days, p.risk_class, p.status, p.review_date,
                p.review_interval_months, p.security_required
         FROM credit_profile p JOIN customer c ON c.id = p.customer_id{}
         ORDER BY p.customer_id",
        only_clause("p.customer_id", only, "WHERE")
    ))?;
    let mut rows = stmt.query([])?;
    let (mut ids, mut standings) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        ids.push(r.get(0)?);
        let profile = CreditProfile {
            customer_reference: r.get(1)?,
            limit: Money::from_minor(r.get(3)?, currencies.of(text(r, 4)?)?),
            default_terms_days: r.get(5)?,
            max_terms_days: r.get(6)?,
            risk_class: unlabel("risk class", text(r, 7)?)?,
            status: unlabel("credit status", text(r, 8)?)?,
            review_date: parse_date(text(r, 9)?)?,
            review_interval_months: r.get(10)?,
            security_required: r.get(11)?,
        };
        standings.push(CreditStanding {
            name: r.get(2)?,
            profile,
            security: Vec::new(),
            insurance: None,
            receivables: Vec::new(),
            open_orders: Vec::new(),
            behaviour: PaymentBehaviour::default(),
            reported: Vec::new(),
        });
    }
    Ok((ids, standings))
}

fn read_security(
    conn: &Connection,
    only: Option<i64>,
    currencies: &mut Currencies,
    mut each: impl FnMut(i64, Security),
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT customer_id, kind, amount_minor, currency, issuer, expires_on
         FROM credit_security{} ORDER BY customer_id, id",
        only_clause("customer_id", only, "WHERE")
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let expires_on = r.get::<_, Option<String>>(5)?.as_deref().map(parse_date);
        let kind = match (text(r, 1)?, expires_on.transpose()?) {
            ("deposit", _) => SecurityKind::Deposit,
            ("bank_guarantee", Some(expires_on)) => SecurityKind::BankGuarantee { expires_on },
            ("letter_of_credit", Some(expires_on)) => SecurityKind::LetterOfCredit { expires_on },
            (other, _) => return unlabel("security kind", other),
        };
        let security = Security {
            kind,
            amount: Money::from_minor(r.get(2)?, currencies.of(text(r, 3)?)?),
            issuer: r.get(4)?,
        };
        each(r.get(0)?, security);
    }
    Ok(())
}

fn read_insurance(
    conn: &Connection,
    only: Option<i64>,
    currencies: &mut Currencies,
) -> Result<Vec<(i64, TradeCreditInsurance)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT customer_id, insurer, policy_number, buyer_reference, insured_minor, currency,
                valid_from, valid_to, max_credit_period_days, reporting_deadline_days
         FROM credit_insurance{}",
        only_clause("customer_id", only, "WHERE")
    ))?;
    let mut rows = stmt.query([])?;
    let mut covers = Vec::new();
    while let Some(r) = rows.next()? {
        covers.push((
            r.get(0)?,
            TradeCreditInsurance {
                insurer: r.get(1)?,
                policy_number: r.get(2)?,
                buyer_reference: r.get(3)?,
                insured_limit: Money::from_minor(r.get(4)?, currencies.of(text(r, 5)?)?),
                valid_from: parse_date(text(r, 6)?)?,
                valid_to: parse_date(text(r, 7)?)?,
                max_credit_period_days: r.get(8)?,
                reporting_deadline_days: r.get(9)?,
            },
        ));
    }
    Ok(covers)
}

fn read_orders(
    conn: &Connection,
    only: Option<i64>,
    currencies: &mut Currencies,
    mut each: impl FnMut(i64, Money),
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT customer_id, amount_minor, currency FROM sales_order WHERE state = 'open'{}
         ORDER BY customer_id, date, reference",
        only_clause("customer_id", only, "AND")
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let amount = Money::from_minor(r.get(1)?, currencies.of(text(r, 2)?)?);
        each(r.get(0)?, amount);
    }
    Ok(())
}

fn unreadable_day(day: i64) -> StoreError {
    StoreError::Unreadable(say!(
        en: "day number {day} is not a date",
        zh: "日序号 {day} 不是日期",
    ))
}

/// Every invoice of a customer with a profile that has something open as of `as_of`, with its
/// open amount overdue on that day tallied by days overdue (`None` when nothing is overdue).
///
/// A marked invoice whose open disputes contest less than it has open comes as two receivables,
/// the contested part disputed and the rest not, as the credit check of one customer reads it
/// (`read_receivables` in credit.rs); marked without a dispute on record, it is disputed whole.
/// The contested amount is that of the disputes open now, as the mark is.
fn read_open(
    conn: &Connection,
    only: Option<i64>,
    as_of: NaiveDate,
    currencies: &mut Currencies,
    mut each: impl FnMut(i64, OpenReceivable, Option<Lateness>),
) -> Result<()> {
    // The same candidates and open amount as `Book::open_receivables`: only instalments with
    // something open now, or settled after the day, can be open on the day.
    let open = open_as_of("i", "?1");
    let mut stmt = conn.prepare(&format!(
        "SELECT i.customer_id, v.number, min(CASE WHEN {open} > 0 THEN i.due_day END),
                sum({open}), i.currency, max(i.disputed),
                sum(CASE WHEN i.due_day < ?1 THEN {open} ELSE 0 END),
                sum(CASE WHEN i.due_day < ?1 THEN {open} * (?1 - i.due_day) ELSE 0 END),
                CASE WHEN max(i.disputed) THEN (SELECT sum(d.amount_minor) FROM dispute d
                     WHERE d.invoice_id = i.invoice_id AND d.outcome IS NULL) END
         FROM credit_profile p CROSS JOIN instalment i ON i.customer_id = p.customer_id
             JOIN invoice v ON v.id = i.invoice_id
         WHERE i.issue_day <= ?1
           AND (i.settled_minor < i.amount_minor OR i.last_applied_day > ?1){}
         GROUP BY i.customer_id, i.currency, i.invoice_id
         HAVING sum({open}) > 0",
        only_clause("p.customer_id", only, "AND")
    ))?;
    let mut rows = stmt.query([day_number(as_of)])?;
    while let Some(r) = rows.next()? {
        let currency = currencies.of(text(r, 4)?)?;
        let due_day: i64 = r.get(2)?;
        let open_minor: i64 = r.get(3)?;
        let marked: bool = r.get(5)?;
        let contested: Option<i64> = r.get(8)?;
        let receivable = OpenReceivable {
            invoice_number: r.get(1)?,
            due_date: date_of_day(due_day).ok_or_else(|| unreadable_day(due_day))?,
            open: Money::from_minor(open_minor, currency),
            disputed: marked,
        };
        let overdue_minor: i64 = r.get(6)?;
        let overdue = (overdue_minor > 0).then(|| {
            let weighted = Money::from_minor(r.get::<_, i64>(7).unwrap_or(0), currency);
            Lateness {
                amount: Money::from_minor(overdue_minor, currency),
                day_weighted: weighted.amount(),
            }
        });
        let customer = r.get(0)?;
        match contested {
            Some(contested) if marked && contested < open_minor => {
                let undisputed = OpenReceivable {
                    open: Money::from_minor(open_minor - contested, currency),
                    disputed: false,
                    ..receivable.clone()
                };
                each(customer, undisputed, overdue);
                let disputed = OpenReceivable {
                    open: Money::from_minor(contested, currency),
                    ..receivable
                };
                each(customer, disputed, None);
            }
            _ => each(customer, receivable, overdue),
        }
    }
    Ok(())
}

/// Per customer with a profile and currency, the instalments settled in full (the last of them
/// applied) within the recent window and within the earlier one, as of the day: `windows` is
/// the day numbers of the as-of date and of the days before the recent and the earlier window.
fn read_settled(
    conn: &Connection,
    only: Option<i64>,
    (as_of, recent_start, earlier_start): (i64, i64, i64),
    currencies: &mut Currencies,
    mut each: impl FnMut(i64, Option<Lateness>, Option<Lateness>),
) -> Result<()> {
    let late = "max(i.last_applied_day - i.due_day, 0)";
    let mut stmt = conn.prepare(&format!(
        "SELECT i.customer_id, i.currency,
                sum(CASE WHEN i.last_applied_day > ?2 THEN i.amount_minor ELSE 0 END),
                sum(CASE WHEN i.last_applied_day > ?2 THEN i.amount_minor * {late} ELSE 0 END),
                sum(CASE WHEN i.last_applied_day <= ?2 THEN i.amount_minor ELSE 0 END),
                sum(CASE WHEN i.last_applied_day <= ?2 THEN i.amount_minor * {late} ELSE 0 END)
         FROM credit_profile p CROSS JOIN instalment i ON i.customer_id = p.customer_id
         WHERE i.settled_minor = i.amount_minor AND i.amount_minor > 0
           AND i.last_applied_day > ?3 AND i.last_applied_day <= ?1 AND i.issue_day <= ?1{}
         GROUP BY i.customer_id, i.currency",
        only_clause("p.customer_id", only, "AND")
    ))?;
    let mut rows = stmt.query((as_of, recent_start, earlier_start))?;
    while let Some(r) = rows.next()? {
        let currency = currencies.of(text(r, 1)?)?;
        let tally = |amount: i64, weighted: i64| {
            (amount > 0).then(|| Lateness {
                amount: Money::from_minor(amount, currency),
                day_weighted: Money::from_minor(weighted, currency).amount(),
            })
        };
        each(
            r.get(0)?,
            tally(r.get(2)?, r.get(3)?),
            tally(r.get(4)?, r.get(5)?),
        );
    }
    Ok(())
}
