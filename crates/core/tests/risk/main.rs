//! The risk score and the credit alerts as business scenarios: a hand-made payment history
//! scored factor by factor, every alert at its boundary, book-wide exposure totals against the
//! exposure of one customer, and every sentence word for word in English and Chinese.

mod alerts;
mod score;
mod sentences;
mod totals;

#[path = "../common/mod.rs"]
mod common;

use creditdesk_core::credit::{
    CreditProfile, CreditStatus, OpenReceivable, RiskClass, Security, SecurityKind,
    TradeCreditInsurance,
};
use creditdesk_core::Money;

pub use common::{currency, date, euros};

/// `1,000.00 USD`: an amount written as in the case book, with its currency.
pub fn money(text: &str) -> Money {
    let (amount, code) = text.rsplit_once(' ').unwrap();
    Money::exact(amount.replace(',', "").parse().unwrap(), currency(code)).unwrap()
}

/// The day every scenario is looked at unless it says otherwise.
pub const AS_OF: &str = "2024-06-30";

/// An active customer with a limit in euros, reviewed on 2024-12-31.
pub fn profile(limit: &str) -> CreditProfile {
    CreditProfile {
        customer_reference: "MARIGOLD".to_string(),
        limit: euros(limit),
        default_terms_days: 30,
        max_terms_days: 60,
        risk_class: RiskClass::Medium,
        status: CreditStatus::Active,
        review_date: date("2024-12-31"),
        review_interval_months: 12,
        security_required: false,
    }
}

/// Cover from 2024-01-01 to `valid_to`; unpaid invoices reported within 60 days of due.
pub fn insurance(valid_to: &str) -> TradeCreditInsurance {
    TradeCreditInsurance {
        insurer: "Northgate Credit".to_string(),
        policy_number: "P-2024-118".to_string(),
        buyer_reference: "B-5521".to_string(),
        insured_limit: euros("8,000.00"),
        valid_from: date("2024-01-01"),
        valid_to: date(valid_to),
        max_credit_period_days: 90,
        reporting_deadline_days: 60,
    }
}

pub fn guarantee(amount: &str, expires_on: &str) -> Security {
    Security {
        kind: SecurityKind::BankGuarantee {
            expires_on: date(expires_on),
        },
        amount: money(amount),
        issuer: "Harbour Bank".to_string(),
    }
}

pub fn invoice(number: &str, due: &str, open: &str) -> OpenReceivable {
    OpenReceivable {
        invoice_number: number.to_string(),
        due_date: date(due),
        open: money(open),
        disputed: false,
    }
}

pub fn disputed(number: &str, due: &str, open: &str) -> OpenReceivable {
    OpenReceivable {
        disputed: true,
        ..invoice(number, due, open)
    }
}
