//! Claims on trade-credit insurance as the book keeps them: filed for invoices, then decided by
//! the insurer. The insurer's payment itself is recorded as a payment like any other; the claim
//! keeps what was paid and when, so that the retention can be worked out.

use std::fmt;

use chrono::NaiveDate;
use creditdesk_core::claims::{ClaimDecision, ClaimError, InsuranceClaim, RetentionTreatment};
use creditdesk_core::{say, Money};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{customer_id, invoice_numbers, invoice_row, label, unlabel};
use crate::audit;
use crate::book::Book;
use crate::codec::{money, parse_date, text, DateText};
use crate::error::Result;

/// A claim on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimEntry {
    /// Increases with every claim of the book; what a claim is decided by.
    pub id: i64,
    pub customer_name: String,
    pub claim: InsuranceClaim,
    /// The day the decision was recorded as taken; `None` while pending.
    pub decided_on: Option<NaiveDate>,
}

/// Why a decision was not recorded; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimRefusal {
    NotFound(i64),
    Rule(ClaimError),
    /// A claim is decided once: its decision, and the insurer's payment recorded with it, stand.
    AlreadyDecided {
        id: i64,
        decision: ClaimDecision,
        decided_on: NaiveDate,
    },
    /// An accepted claim is recorded with what the insurer paid and when; until the insurer
    /// has paid, the claim stays pending.
    AcceptedUnpaid {
        id: i64,
    },
}

impl fmt::Display for ClaimRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimRefusal::NotFound(id) => f.write_str(&say!(
                en: "No insurance claim with id {id} is in the book; list the claims to find its \
                     id.",
                zh: "账簿中没有编号为 {id} 的保险索赔；请列出索赔以查找其编号。",
            )),
            ClaimRefusal::Rule(err) => fmt::Display::fmt(err, f),
            ClaimRefusal::AlreadyDecided {
                id,
                decision,
                decided_on,
            } => {
                let decision = decision.word();
                f.write_str(&say!(
                    en: "Claim {id} was already decided as {decision} on {decided_on}; a claim \
                         is decided once, so its decision and the payment recorded with it \
                         stand. File a new claim if the insurer reopens the case.",
                    zh: "索赔 {id} 已于 {decided_on} 判定为{decision}；一项索赔只判定一次，其判定\
                         及随之登记的赔付保持不变。如保险公司重新受理，请另行提交索赔。",
                ))
            }
            ClaimRefusal::AcceptedUnpaid { id } => f.write_str(&say!(
                en: "Claim {id} cannot be recorded as accepted without the amount the insurer \
                     paid and the day it paid; give both, or leave the claim pending until the \
                     insurer pays.",
                zh: "索赔 {id} 记为已受理时必须填写保险公司的赔付金额及赔付日期；请同时填写两者，\
                     或在保险公司付款之前保持索赔为待定。",
            )),
        }
    }
}

const NUMBERS: &str = "SELECT v.number FROM claim_invoice l JOIN invoice v ON v.id = l.invoice_id
                       WHERE l.claim_id = ?1 ORDER BY v.number";

impl Book {
    /// Files a claim; the caller has checked it with `InsuranceClaim::problems`. Its invoices
    /// must be in the book. Audited as `file_claim`.
    pub fn file_claim(&mut self, claim: &InsuranceClaim) -> Result<ClaimEntry> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let customer = customer_id(&tx, &claim.customer_reference)?;
        let mut invoices = Vec::new();
        for number in &claim.invoice_numbers {
            invoices.push(invoice_row(&tx, number)?.id);
        }
        invoices.sort_unstable();
        invoices.dedup();
        tx.execute(
            "INSERT INTO insurance_claim (customer_id, filed_on, claimed_minor, currency,
                 decision, retention)
             VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
            (
                customer,
                DateText::new(claim.filed_on)?,
                claim.claimed.to_minor()?,
                claim.claimed.currency().code(),
                label(&claim.retention_treatment),
            ),
        )?;
        let id = tx.last_insert_rowid();
        for invoice in invoices {
            tx.execute(
                "INSERT INTO claim_invoice (claim_id, invoice_id) VALUES (?1, ?2)",
                (id, invoice),
            )?;
        }
        let detail = json!({ "id": id, "claim": claim });
        audit::append(
            &tx,
            "file_claim",
            "customer",
            &claim.customer_reference,
            &detail,
        )?;
        let entry = read_claims(&tx, Some(id))?.pop();
        tx.commit()?;
        Ok(entry.expect("the claim was just written"))
    }

    /// Records the insurer's decision on pending claim `id`, checked by
    /// `InsuranceClaim::problems`. A claim is decided once: a decided claim is refused with
    /// [`ClaimRefusal::AlreadyDecided`], so that a later decision cannot wipe the payment
    /// recorded with an earlier one. An accepted claim carries what the insurer paid and when
    /// ([`ClaimRefusal::AcceptedUnpaid`] otherwise): a claim the insurer has accepted but not
    /// yet paid stays pending until the payment is known. Audited as `decide_claim`.
    pub fn decide_claim(
        &mut self,
        id: i64,
        decision: ClaimDecision,
        paid: Option<(Money, NaiveDate)>,
        retention: RetentionTreatment,
        decided_on: NaiveDate,
    ) -> Result<Result<ClaimEntry, ClaimRefusal>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let Some(mut entry) = read_claims(&tx, Some(id))?.pop() else {
            return Ok(Err(ClaimRefusal::NotFound(id)));
        };
        if let Some(earlier) = entry.decided_on {
            return Ok(Err(ClaimRefusal::AlreadyDecided {
                id,
                decision: entry.claim.decision,
                decided_on: earlier,
            }));
        }
        if decision == ClaimDecision::Accepted && paid.is_none() {
            return Ok(Err(ClaimRefusal::AcceptedUnpaid { id }));
        }
        entry.claim.decision = decision;
        entry.claim.paid = paid.map(|(amount, _)| amount);
        entry.claim.paid_on = paid.map(|(_, on)| on);
        entry.claim.retention_treatment = retention;
        if let Some(problem) = entry.claim.problems().into_iter().next() {
            return Ok(Err(ClaimRefusal::Rule(problem)));
        }
        entry.decided_on = (decision != ClaimDecision::Pending).then_some(decided_on);

        let paid_on = entry.claim.paid_on.map(DateText::new).transpose()?;
        let decided = entry.decided_on.map(DateText::new).transpose()?;
        tx.execute(
            "UPDATE insurance_claim SET decision = ?2, decided_on = ?3, paid_minor = ?4,
                 paid_on = ?5, retention = ?6
             WHERE id = ?1",
            (
                id,
                label(&decision),
                decided,
                entry.claim.paid.map(|p| p.to_minor()).transpose()?,
                paid_on,
                label(&retention),
            ),
        )?;
        let detail = json!({ "id": id, "claim": entry.claim, "decided_on": entry.decided_on });
        audit::append(
            &tx,
            "decide_claim",
            "customer",
            &entry.claim.customer_reference,
            &detail,
        )?;
        tx.commit()?;
        Ok(Ok(entry))
    }

    /// Every claim, the oldest filed first.
    pub fn claims(&self) -> Result<Vec<ClaimEntry>> {
        read_claims(self.conn(), None)
    }
}

fn read_claims(conn: &Connection, id: Option<i64>) -> Result<Vec<ClaimEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, c.reference, c.name, k.filed_on, k.claimed_minor, k.currency, k.decision,
                k.decided_on, k.paid_minor, k.paid_on, k.retention
         FROM insurance_claim k JOIN customer c ON c.id = k.customer_id
         WHERE ?1 IS NULL OR k.id = ?1
         ORDER BY k.filed_on, k.id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let currency = text(r, 5)?.to_string();
        let date = |index: usize| -> Result<Option<NaiveDate>> {
            r.get::<_, Option<String>>(index)?
                .map(|d| parse_date(&d))
                .transpose()
        };
        found.push(ClaimEntry {
            id,
            customer_name: r.get(2)?,
            decided_on: date(7)?,
            claim: InsuranceClaim {
                customer_reference: r.get(1)?,
                invoice_numbers: invoice_numbers(conn, NUMBERS, id)?,
                filed_on: parse_date(text(r, 3)?)?,
                claimed: money(r.get(4)?, &currency)?,
                decision: unlabel("claim decision", text(r, 6)?)?,
                paid: r
                    .get::<_, Option<i64>>(8)?
                    .map(|minor| money(minor, &currency))
                    .transpose()?,
                paid_on: date(9)?,
                retention_treatment: unlabel("retention", text(r, 10)?)?,
            },
        });
    }
    Ok(found)
}
