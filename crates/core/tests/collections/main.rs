//! Collections as business scenarios: the dunning ladder, the dunning run and what it leaves
//! out, late-payment interest and fixed compensation, the charges that stay owed, and every
//! sentence they say, word for word in English and in Simplified Chinese.

mod cases;
mod interest;
mod ladder;
mod run;
mod sentences;

#[path = "../common/mod.rs"]
mod common;

use creditdesk_core::dunning::{
    BookPolicies, Contact, ContactChannel, DunningItem, DunningLevel, DunningPolicy,
    DunningProposal, ItemRef, LevelTemplate, RunInput,
};
use creditdesk_core::interest::{AgreedRate, InterestRule, InterestTerms, RateTables, Reduction};
use creditdesk_core::text::Language;
use creditdesk_core::Money;

pub use common::{both, both_said, currency, date, euros, money};

/// Contractual interest of `percent` a year, actual/365.
pub fn yearly(percent: &str) -> InterestTerms {
    InterestTerms {
        rule: InterestRule::Contract {
            rate: AgreedRate::Year {
                percent: percent.parse().unwrap(),
            },
        },
        day_count: Default::default(),
    }
}

fn rung(days: u32, channel: ContactChannel, template: &str) -> DunningLevel {
    DunningLevel {
        days_overdue: days,
        channel,
        templates: vec![LevelTemplate {
            language: Language::English,
            name: template.to_string(),
        }],
        fees: Vec::new(),
        fee_percent: None,
        charge_interest: true,
        consequences: Vec::new(),
    }
}

/// The case book's example ladder: L1 reminder email at 7 days overdue, L2 phone task at 21,
/// L3 formal demand letter at 45, L4 legal referral at 60; interest on every level, no fees,
/// seven days between two contacts.
pub fn case_ladder() -> DunningPolicy {
    DunningPolicy {
        name: "case book".to_string(),
        levels: vec![
            rung(7, ContactChannel::EmailReminder, "reminder"),
            rung(21, ContactChannel::PhoneTask, "phone_call"),
            rung(45, ContactChannel::PrintedLetter, "formal_demand"),
            rung(60, ContactChannel::Handover, "legal_referral"),
        ],
        minimum_amounts: Vec::new(),
        minimum_gap_days: 7,
    }
}

pub fn book(policy: DunningPolicy) -> BookPolicies {
    BookPolicies {
        book: policy,
        customers: Vec::new(),
    }
}

/// A single-instalment invoice: `original` due on `due`, `paid` of it settled on the dates given.
pub fn invoice(
    customer: &str,
    number: &str,
    due: &str,
    original: Money,
    paid: &[(&str, Money)],
    interest: Option<InterestTerms>,
) -> DunningItem {
    let reductions: Vec<Reduction> = paid
        .iter()
        .map(|(on, amount)| Reduction {
            date: date(on),
            amount: *amount,
        })
        .collect();
    let paid_total: rust_decimal::Decimal = reductions.iter().map(|r| r.amount.amount()).sum();
    DunningItem {
        customer_reference: customer.to_string(),
        invoice_number: number.to_string(),
        seq: 1,
        issue_date: date(due) - chrono::Days::new(30),
        due_date: date(due),
        original,
        open: Money::new(original.amount() - paid_total, original.currency()),
        reductions,
        interest,
    }
}

/// A level sent on a day for the first instalment of the invoices named.
pub fn sent(customer: &str, level: u8, on: &str, invoices: &[&str]) -> Contact {
    Contact {
        customer_reference: customer.to_string(),
        level,
        sent_on: date(on),
        items: invoices
            .iter()
            .map(|n| ItemRef {
                invoice_number: n.to_string(),
                seq: 1,
            })
            .collect(),
    }
}

/// A run with only items, history and policies; nothing held back.
pub fn run(
    as_of: &str,
    policies: &BookPolicies,
    items: &[DunningItem],
    history: &[Contact],
) -> DunningProposal {
    let rates = RateTables::shipped();
    creditdesk_core::dunning::propose(&RunInput {
        as_of: date(as_of),
        policies,
        items,
        unapplied: &[],
        disputes: &[],
        promises: &[],
        plans: &[],
        pauses: &[],
        history,
        rates: &rates,
    })
}

/// An empty run input for `as_of` whose fields a test fills in.
pub fn input<'a>(
    as_of: &str,
    policies: &'a BookPolicies,
    items: &'a [DunningItem],
    rates: &'a RateTables,
) -> RunInput<'a> {
    RunInput {
        as_of: date(as_of),
        policies,
        items,
        unapplied: &[],
        disputes: &[],
        promises: &[],
        plans: &[],
        pauses: &[],
        history: &[],
        rates,
    }
}
