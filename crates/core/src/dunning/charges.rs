//! The charges of a dunning (fees, late-payment interest, fixed compensation) as open items of
//! their own.
//!
//! A payment that names an invoice settles the invoice's principal; the charges claimed on it
//! stay owed until they are paid or waived (case B19). A claim is resolved only when the
//! principal and every charge are settled. A fee is charged once, when its level is sent (case
//! B18); the interest charge is the interest accrued until the principal was paid (see
//! [`crate::interest::accrue`], which stops on the day the balance reaches zero).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    Fee,
    Interest,
    Compensation,
}

/// A charge claimed on an invoice, in the invoice's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Charge {
    pub invoice_number: String,
    pub kind: ChargeKind,
    pub amount: Money,
    pub charged_on: NaiveDate,
    /// The level whose communication claimed it.
    pub level: Option<u8>,
}

/// Money received toward charges, or charges waived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChargeSettlement {
    pub invoice_number: String,
    pub date: NaiveDate,
    pub amount: Money,
    pub waived: bool,
}

/// What is still owed on one invoice's claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimStanding {
    pub principal_open: Money,
    pub charged: Money,
    pub charges_paid: Money,
    pub charges_waived: Money,
    /// `charged - paid - waived`, never below zero.
    pub charges_open: Money,
    /// `principal_open + charges_open`.
    pub total_open: Money,
    /// Nothing is owed any more, principal or charges.
    pub resolved: bool,
}

/// The standing of one invoice's claim: its open principal, its charges and what settled them.
pub fn claim_standing(
    principal_open: Money,
    charges: &[Charge],
    settlements: &[ChargeSettlement],
) -> Result<ClaimStanding, MoneyError> {
    let currency = principal_open.currency();
    let zero = Money::zero(currency);
    let charged = charges
        .iter()
        .try_fold(zero, |s, c| s.checked_add(c.amount))?;
    let (mut paid, mut waived) = (zero, zero);
    for settlement in settlements {
        if settlement.waived {
            waived = waived.checked_add(settlement.amount)?;
        } else {
            paid = paid.checked_add(settlement.amount)?;
        }
    }
    let left = charged.checked_sub(paid)?.checked_sub(waived)?;
    let charges_open = if left.amount() < Decimal::ZERO {
        zero
    } else {
        left
    };
    let principal = if principal_open.amount() < Decimal::ZERO {
        zero
    } else {
        principal_open
    };
    let total_open = principal.checked_add(charges_open)?;
    Ok(ClaimStanding {
        principal_open: principal,
        charged,
        charges_paid: paid,
        charges_waived: waived,
        charges_open,
        total_open,
        resolved: total_open.is_zero(),
    })
}
