//! Allocation of settlements (payments, credit notes) to open instalments.
//!
//! A settlement that names an invoice is allocated to that invoice's instalments; one that does
//! not is allocated to the customer's open instalments, oldest due date first. Either way the
//! rule is the same: instalments in order of due date, then key; each takes at most its open
//! amount; whatever is left stays unapplied. No money is created or lost: the allocations plus
//! the unapplied amount always equal the settlement, and the result does not depend on the order
//! in which the open instalments were fetched (case B05).
//!
//! A refund (a negative settlement) that names an invoice takes back what was settled on it,
//! the latest due instalment first, so that the invoice is open again where the money came
//! from; see [`reverse_latest_due_first`].

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::say;

/// An instalment with an amount still open, as the store sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInstalment {
    /// The store's identity of the instalment; unique within one allocation.
    pub key: i64,
    pub due_date: NaiveDate,
    /// What is still owed on it; an instalment with nothing open (zero or less) takes nothing.
    pub open: Money,
}

/// Part of a settlement applied to one instalment: above zero, or below zero for a refund that
/// takes back part of what the instalment had settled; never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub key: i64,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationResult {
    /// In the order the instalments were served: due date, then key.
    pub allocations: Vec<Allocation>,
    /// What no instalment took; the whole settlement when it is zero or negative.
    pub unapplied: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    CurrencyMismatch {
        key: i64,
        settlement: Currency,
        instalment: Currency,
    },
    DuplicateKey {
        key: i64,
    },
}

impl fmt::Display for AllocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            AllocationError::CurrencyMismatch {
                key,
                settlement,
                instalment,
            } => say!(
                en: "Cannot allocate a settlement in {settlement} to instalment {key}, which is \
                     open in {instalment}: a settlement is allocated only to instalments of its \
                     own currency; choose instalments in {settlement} or convert the settlement \
                     first.",
                zh: "无法将以 {settlement} 计价的核销单据分配到第 {key} 期：该期以 {instalment} \
                     计价。核销单据只能分配到同一币种的分期；请选择以 {settlement} 计价的分期，\
                     或先对核销单据进行币种换算。",
            ),
            AllocationError::DuplicateKey { key } => say!(
                en: "Instalment {key} is listed twice among the open instalments; list each open \
                     instalment once.",
                zh: "第 {key} 期在未结分期中出现了两次；每个未结分期只能列出一次。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// Allocates `amount` to a customer's open instalments, the oldest due date first (ties by key).
pub fn allocate_oldest_first(
    amount: Money,
    open: &[OpenInstalment],
) -> Result<AllocationResult, AllocationError> {
    allocate_in_due_order(amount, open)
}

/// Allocates `amount` to an explicit set of instalments, typically those of the one invoice a
/// settlement names, in the same order as [`allocate_oldest_first`]. What the set cannot take
/// stays unapplied; it is never carried to instalments outside the set.
pub fn allocate_to(
    amount: Money,
    open: &[OpenInstalment],
) -> Result<AllocationResult, AllocationError> {
    allocate_in_due_order(amount, open)
}

/// Allocates a refund `amount` (below zero) to an explicit set of instalments, typically those
/// of the one invoice it names, each listed with what it has settled in the `open` field: the
/// latest due instalment first (ties by the higher key), each giving back at most what it has
/// settled. The allocations are below zero; what the set cannot give back stays unapplied
/// (below zero). A settlement of zero or above allocates nothing and stays unapplied.
pub fn reverse_latest_due_first(
    amount: Money,
    settled: &[OpenInstalment],
) -> Result<AllocationResult, AllocationError> {
    let ordered = in_due_order(amount, settled)?;
    let currency = amount.currency();
    let mut remaining = -amount.amount();
    let mut allocations = Vec::new();
    for instalment in ordered.into_iter().rev() {
        if remaining <= Decimal::ZERO {
            break;
        }
        let take = remaining.min(instalment.open.amount());
        if take > Decimal::ZERO {
            allocations.push(Allocation {
                key: instalment.key,
                amount: Money::new(-take, currency),
            });
            remaining -= take;
        }
    }
    Ok(AllocationResult {
        allocations,
        unapplied: Money::new(-remaining, currency),
    })
}

/// The instalments in due order (due date, then key), once each key is known to be unique and
/// every instalment to be in the settlement's currency.
fn in_due_order(
    amount: Money,
    open: &[OpenInstalment],
) -> Result<Vec<&OpenInstalment>, AllocationError> {
    let mut keys: Vec<i64> = open.iter().map(|i| i.key).collect();
    keys.sort_unstable();
    if let Some(pair) = keys.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(AllocationError::DuplicateKey { key: pair[0] });
    }
    // Keys are unique, so this order is total and the input order cannot matter.
    let mut ordered: Vec<&OpenInstalment> = open.iter().collect();
    ordered.sort_by_key(|i| (i.due_date, i.key));
    let currency = amount.currency();
    if let Some(other) = ordered.iter().find(|i| i.open.currency() != currency) {
        return Err(AllocationError::CurrencyMismatch {
            key: other.key,
            settlement: currency,
            instalment: other.open.currency(),
        });
    }
    Ok(ordered)
}

fn allocate_in_due_order(
    amount: Money,
    open: &[OpenInstalment],
) -> Result<AllocationResult, AllocationError> {
    let ordered = in_due_order(amount, open)?;
    let currency = amount.currency();
    let mut remaining = amount.amount();
    let mut allocations = Vec::new();
    for instalment in ordered {
        if remaining <= Decimal::ZERO {
            break;
        }
        let take = remaining.min(instalment.open.amount());
        if take > Decimal::ZERO {
            allocations.push(Allocation {
                key: instalment.key,
                amount: Money::new(take, currency),
            });
            remaining -= take;
        }
    }
    Ok(AllocationResult {
        allocations,
        unapplied: Money::new(remaining, currency),
    })
}
