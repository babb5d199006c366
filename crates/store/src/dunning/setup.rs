//! What a dunning is set up with: a customer's postal address and letter language, the
//! late-payment interest its invoices bear, the book's policy and the customers' own, pauses,
//! and the letter texts a user wrote. Every change is audited in the same transaction.

use chrono::{Days, NaiveDate};
use creditdesk_core::dunning::{DunningPolicy, Pause, PauseScope};
use creditdesk_core::interest::{AgreedRate, DayCount, InterestRule, InterestTerms};
use creditdesk_core::say;
use creditdesk_core::text::Language;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{from_json, invoice_id, to_json};
use crate::audit;
use crate::book::Book;
use crate::codec::{customer_id, parse_date, parse_decimal, text, DateText};
use crate::error::{Result, StoreError};

/// Where letters to a customer go and in which language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerAddress {
    /// The postal address, one line each (street, town with postcode, ...).
    pub lines: Vec<String>,
    /// The country of the address when it is not the customer's country.
    pub country: Option<String>,
    /// `None`: the company's letter language.
    pub letter_language: Option<Language>,
}

/// The late-payment interest a customer's invoices bear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CustomerInterest {
    /// A contractual annual rate in percent.
    Annual {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
        day_count: DayCount,
    },
    /// A contractual daily rate in percent.
    Daily {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
    /// EU Directive 2011/7/EU: the ECB reference rate plus `margin_points` (at least 8).
    EuDirective {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        margin_points: Decimal,
    },
    /// UK Late Payment of Commercial Debts (Interest) Act 1998.
    UkLatePayment,
    /// Germany, BGB §288; `consumer` when a consumer owes.
    GermanyBgb288 { consumer: bool },
    /// China, Regulations on Ensuring Payments to SMEs, with nothing agreed: 0.05 % a day, but
    /// never below the one-year LPR in force on the invoice date.
    ChinaSme,
}

impl CustomerInterest {
    /// The terms of an invoice issued on `issue_date` (the contract date the Chinese rule
    /// reads).
    pub fn terms(&self, issue_date: NaiveDate) -> InterestTerms {
        let (rule, day_count) = match *self {
            CustomerInterest::Annual { percent, day_count } => (
                InterestRule::Contract {
                    rate: AgreedRate::Year { percent },
                },
                day_count,
            ),
            CustomerInterest::Daily { percent } => (
                InterestRule::Contract {
                    rate: AgreedRate::Day { percent },
                },
                DayCount::Actual365,
            ),
            CustomerInterest::EuDirective { margin_points } => (
                InterestRule::EuDirective { margin_points },
                DayCount::Actual365,
            ),
            CustomerInterest::UkLatePayment => (InterestRule::UkLatePayment, DayCount::Actual365),
            CustomerInterest::GermanyBgb288 { consumer } => (
                InterestRule::GermanyBgb288 { consumer },
                DayCount::Actual365,
            ),
            CustomerInterest::ChinaSme => (
                InterestRule::ChinaSme {
                    agreed: None,
                    contract_date: issue_date,
                },
                DayCount::Actual365,
            ),
        };
        InterestTerms { rule, day_count }
    }

    fn columns(&self) -> (&'static str, Option<String>, &'static str) {
        let day_count = |d: DayCount| match d {
            DayCount::Actual365 => "actual365",
            DayCount::Actual360 => "actual360",
        };
        match *self {
            CustomerInterest::Annual {
                percent,
                day_count: d,
            } => (
                "annual",
                Some(percent.normalize().to_string()),
                day_count(d),
            ),
            CustomerInterest::Daily { percent } => {
                ("daily", Some(percent.normalize().to_string()), "actual365")
            }
            CustomerInterest::EuDirective { margin_points } => (
                "eu",
                Some(margin_points.normalize().to_string()),
                "actual365",
            ),
            CustomerInterest::UkLatePayment => ("uk", None, "actual365"),
            CustomerInterest::GermanyBgb288 { consumer: false } => ("de", None, "actual365"),
            CustomerInterest::GermanyBgb288 { consumer: true } => {
                ("de_consumer", None, "actual365")
            }
            CustomerInterest::ChinaSme => ("cn", None, "actual365"),
        }
    }

    pub(crate) fn from_columns(
        rule: &str,
        percent: Option<&str>,
        day_count: &str,
    ) -> Result<CustomerInterest> {
        let percent = percent.map(parse_decimal).transpose()?;
        let unreadable = || {
            StoreError::Unreadable(say!(
                en: "interest rule \"{rule}\"",
                zh: "利息规则“{rule}”",
            ))
        };
        Ok(match (rule, percent) {
            ("annual", Some(percent)) => CustomerInterest::Annual {
                percent,
                day_count: if day_count == "actual360" {
                    DayCount::Actual360
                } else {
                    DayCount::Actual365
                },
            },
            ("daily", Some(percent)) => CustomerInterest::Daily { percent },
            ("eu", margin) => CustomerInterest::EuDirective {
                margin_points: margin.unwrap_or(Decimal::from(8)),
            },
            ("uk", _) => CustomerInterest::UkLatePayment,
            ("de", _) => CustomerInterest::GermanyBgb288 { consumer: false },
            ("de_consumer", _) => CustomerInterest::GermanyBgb288 { consumer: true },
            ("cn", _) => CustomerInterest::ChinaSme,
            _ => return Err(unreadable()),
        })
    }
}

/// A pause on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PauseEntry {
    /// Increases with every pause of the book; what a pause is lifted by.
    pub id: i64,
    /// As entered.
    pub pause: Pause,
    /// The customer held back: the one paused, or the customer of the invoice paused.
    pub customer_reference: String,
    /// The day chasing resumed before the pause's end, if it was lifted.
    pub lifted_on: Option<NaiveDate>,
}

impl PauseEntry {
    /// The pause as it holds: a lifted pause ends the day before it was lifted.
    pub fn effective(&self) -> Pause {
        let mut pause = self.pause.clone();
        if let Some(lifted) = self.lifted_on {
            let day_before = lifted.checked_sub_days(Days::new(1)).unwrap_or(lifted);
            if day_before < pause.until {
                pause.until = day_before;
            }
        }
        pause
    }
}

/// A letter text a user wrote for a template name and a language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredTemplate {
    pub name: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

impl Book {
    /// The customer's postal address and letter language; empty until set.
    pub fn customer_address(&self, reference: &str) -> Result<CustomerAddress> {
        let id = customer_id(self.conn(), reference)?;
        read_address(self.conn(), id)
    }

    /// Saves the customer's postal address and letter language; answers whether anything
    /// changed. Audited as `set_customer_address`.
    pub fn set_customer_address(
        &mut self,
        reference: &str,
        address: &CustomerAddress,
    ) -> Result<bool> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, reference)?;
        if read_address(&tx, id)? == *address {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO customer_address (customer_id, lines, country, letter_language)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (customer_id) DO UPDATE SET lines = excluded.lines,
                 country = excluded.country, letter_language = excluded.letter_language",
            (
                id,
                to_json(&address.lines),
                address.country.as_deref(),
                address.letter_language.map(|l| l.code()),
            ),
        )?;
        audit::append(
            &tx,
            "set_customer_address",
            "customer",
            reference,
            &serde_json::to_value(address).unwrap_or_default(),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The late-payment interest the customer's invoices bear; `None` for none.
    pub fn customer_interest(&self, reference: &str) -> Result<Option<CustomerInterest>> {
        let id = customer_id(self.conn(), reference)?;
        self.conn()
            .prepare_cached(
                "SELECT rule, percent, day_count FROM customer_interest WHERE customer_id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?
            .map(|(rule, percent, day_count)| {
                CustomerInterest::from_columns(&rule, percent.as_deref(), &day_count)
            })
            .transpose()
    }

    /// Sets (or with `None` removes) the customer's interest terms. Audited as
    /// `set_customer_interest`.
    pub fn set_customer_interest(
        &mut self,
        reference: &str,
        interest: Option<&CustomerInterest>,
    ) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, reference)?;
        match interest {
            Some(interest) => {
                let (rule, percent, day_count) = interest.columns();
                tx.execute(
                    "INSERT INTO customer_interest (customer_id, rule, percent, day_count)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (customer_id) DO UPDATE SET rule = excluded.rule,
                         percent = excluded.percent, day_count = excluded.day_count",
                    (id, rule, percent, day_count),
                )?;
            }
            None => {
                tx.execute("DELETE FROM customer_interest WHERE customer_id = ?1", [id])?;
            }
        }
        audit::append(
            &tx,
            "set_customer_interest",
            "customer",
            reference,
            &json!({ "interest": interest }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The book's dunning policy as saved; `None` until one is saved (the preset "firm" then
    /// applies).
    pub fn dunning_policy(&self) -> Result<Option<DunningPolicy>> {
        self.conn()
            .prepare_cached("SELECT policy FROM dunning_policy WHERE id = 1")?
            .query_row([], |r| r.get::<_, String>(0))
            .optional()?
            .map(|text| from_json("dunning policy", &text))
            .transpose()
    }

    /// Saves the book's dunning policy, checked by the caller. Audited as
    /// `set_dunning_policy` with the whole policy.
    pub fn set_dunning_policy(&mut self, policy: &DunningPolicy) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO dunning_policy (id, policy) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET policy = excluded.policy",
            [to_json(policy)],
        )?;
        let detail = serde_json::to_value(policy).unwrap_or_default();
        audit::append(&tx, "set_dunning_policy", "book", &policy.name, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The customer's own dunning policy, if it has one.
    pub fn customer_dunning_policy(&self, reference: &str) -> Result<Option<DunningPolicy>> {
        let id = customer_id(self.conn(), reference)?;
        self.conn()
            .prepare_cached("SELECT policy FROM customer_dunning_policy WHERE customer_id = ?1")?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
            .map(|text| from_json("dunning policy", &text))
            .transpose()
    }

    /// Gives the customer its own policy, or with `None` puts it back on the book's. Audited
    /// as `set_customer_dunning_policy`.
    pub fn set_customer_dunning_policy(
        &mut self,
        reference: &str,
        policy: Option<&DunningPolicy>,
    ) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, reference)?;
        match policy {
            Some(policy) => tx.execute(
                "INSERT INTO customer_dunning_policy (customer_id, policy) VALUES (?1, ?2)
                 ON CONFLICT (customer_id) DO UPDATE SET policy = excluded.policy",
                (id, to_json(policy)),
            )?,
            None => tx.execute(
                "DELETE FROM customer_dunning_policy WHERE customer_id = ?1",
                [id],
            )?,
        };
        audit::append(
            &tx,
            "set_customer_dunning_policy",
            "customer",
            reference,
            &json!({ "policy": policy }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every customer with its own policy, by reference.
    pub fn customer_dunning_policies(&self) -> Result<Vec<(String, DunningPolicy)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.reference, p.policy FROM customer_dunning_policy p
             JOIN customer c ON c.id = p.customer_id ORDER BY c.reference",
        )?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push((r.get(0)?, from_json("dunning policy", text(r, 1)?)?));
        }
        Ok(found)
    }

    /// Records a pause, checked by the caller with `Pause::problems`. Audited as `add_pause`.
    pub fn add_pause(&mut self, pause: &Pause) -> Result<PauseEntry> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let (customer, invoice, reference) = match &pause.scope {
            PauseScope::Customer { customer_reference } => (
                Some(customer_id(&tx, customer_reference)?),
                None,
                customer_reference.clone(),
            ),
            PauseScope::Invoice { invoice_number } => {
                let (id, number) = invoice_id(&tx, invoice_number)?;
                (None, Some(id), number)
            }
        };
        tx.execute(
            "INSERT INTO dunning_pause (customer_id, invoice_id, reason, from_date, until_date)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                customer,
                invoice,
                pause.reason.trim(),
                DateText::new(pause.from)?,
                DateText::new(pause.until)?,
            ),
        )?;
        let id = tx.last_insert_rowid();
        let entity = if customer.is_some() {
            "customer"
        } else {
            "invoice"
        };
        audit::append(
            &tx,
            "add_pause",
            entity,
            &reference,
            &json!({ "id": id, "pause": pause }),
        )?;
        let entry = read_pauses(&tx, Some(id))?.pop();
        tx.commit()?;
        Ok(entry.expect("the pause was just written"))
    }

    /// Lifts pause `id` from `on`: chasing resumes that day. `None` when there is no such
    /// pause. Audited as `lift_pause`.
    pub fn lift_pause(&mut self, id: i64, on: NaiveDate) -> Result<Option<PauseEntry>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE dunning_pause SET lifted_on = ?2 WHERE id = ?1",
            (id, DateText::new(on)?),
        )?;
        if changed == 0 {
            return Ok(None);
        }
        let entry = read_pauses(&tx, Some(id))?.pop();
        if let Some(entry) = &entry {
            let reference = match &entry.pause.scope {
                PauseScope::Customer { customer_reference } => customer_reference,
                PauseScope::Invoice { invoice_number } => invoice_number,
            };
            audit::append(
                &tx,
                "lift_pause",
                "dunning_pause",
                reference,
                &json!({ "id": id, "lifted_on": on }),
            )?;
        }
        tx.commit()?;
        Ok(entry)
    }

    /// Every pause, the latest start first.
    pub fn pauses(&self) -> Result<Vec<PauseEntry>> {
        read_pauses(self.conn(), None)
    }

    /// The texts users wrote, by name and language.
    pub fn letter_templates(&self) -> Result<Vec<StoredTemplate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, language, subject, body FROM letter_template ORDER BY name, language",
        )?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push(template_of(r)?);
        }
        Ok(found)
    }

    /// The text a user wrote for `name` in `language`, if any.
    pub fn letter_template(
        &self,
        name: &str,
        language: Language,
    ) -> Result<Option<StoredTemplate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, language, subject, body FROM letter_template
             WHERE name = ?1 AND language = ?2",
        )?;
        let mut rows = stmt.query((name, language.code()))?;
        match rows.next()? {
            Some(r) => Ok(Some(template_of(r)?)),
            None => Ok(None),
        }
    }

    /// Saves a text, checked by the caller. Audited as `save_letter_template`.
    pub fn save_letter_template(&mut self, template: &StoredTemplate) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO letter_template (name, language, subject, body) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name, language) DO UPDATE SET subject = excluded.subject,
                 body = excluded.body,
                 saved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            (
                &template.name,
                template.language.code(),
                &template.subject,
                &template.body,
            ),
        )?;
        audit::append(
            &tx,
            "save_letter_template",
            "letter_template",
            &template.name,
            &json!({ "language": template.language.code(), "subject": template.subject,
                     "body": template.body }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes the user's text for `name` in `language`, so that the shipped one applies
    /// again; answers whether there was one. Audited as `reset_letter_template`.
    pub fn reset_letter_template(&mut self, name: &str, language: Language) -> Result<bool> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let removed = tx.execute(
            "DELETE FROM letter_template WHERE name = ?1 AND language = ?2",
            (name, language.code()),
        )?;
        if removed > 0 {
            audit::append(
                &tx,
                "reset_letter_template",
                "letter_template",
                name,
                &json!({ "language": language.code() }),
            )?;
        }
        tx.commit()?;
        Ok(removed > 0)
    }
}

fn read_address(conn: &Connection, id: i64) -> Result<CustomerAddress> {
    let row = conn
        .prepare_cached(
            "SELECT lines, country, letter_language FROM customer_address WHERE customer_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .optional()?;
    match row {
        None => Ok(CustomerAddress::default()),
        Some((lines, country, language)) => Ok(CustomerAddress {
            lines: from_json("address lines", &lines)?,
            country,
            letter_language: language.as_deref().map(language_of).transpose()?,
        }),
    }
}

pub(crate) fn language_of(code: &str) -> Result<Language> {
    Language::from_code(code).ok_or_else(|| {
        StoreError::Unreadable(say!(
            en: "language \"{code}\"",
            zh: "语言“{code}”",
        ))
    })
}

fn template_of(r: &rusqlite::Row<'_>) -> Result<StoredTemplate> {
    Ok(StoredTemplate {
        name: r.get(0)?,
        language: language_of(text(r, 1)?)?,
        subject: r.get(2)?,
        body: r.get(3)?,
    })
}

pub(crate) fn read_pauses(conn: &Connection, id: Option<i64>) -> Result<Vec<PauseEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, c.reference, v.number, p.reason, p.from_date, p.until_date, p.lifted_on,
                coalesce(c.reference, o.reference)
         FROM dunning_pause p
         LEFT JOIN customer c ON c.id = p.customer_id
         LEFT JOIN invoice v ON v.id = p.invoice_id
         LEFT JOIN customer o ON o.id = v.customer_id
         WHERE ?1 IS NULL OR p.id = ?1
         ORDER BY p.from_date DESC, p.id DESC",
    )?;
    let mut rows = stmt.query([id])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let scope = match (
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ) {
            (Some(customer_reference), _) => PauseScope::Customer { customer_reference },
            (None, Some(invoice_number)) => PauseScope::Invoice { invoice_number },
            (None, None) => {
                return Err(StoreError::Unreadable(say!(
                    en: "a pause of neither a customer nor an invoice",
                    zh: "一项既不属于客户也不属于发票的暂停",
                )))
            }
        };
        found.push(PauseEntry {
            id: r.get(0)?,
            customer_reference: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            pause: Pause {
                scope,
                reason: r.get(3)?,
                from: parse_date(text(r, 4)?)?,
                until: parse_date(text(r, 5)?)?,
            },
            lifted_on: r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .map(parse_date)
                .transpose()?,
        });
    }
    Ok(found)
}
