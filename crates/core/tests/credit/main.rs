//! Credit decisions as business scenarios: exposure against the limits, the credit check of an
//! order (case B23 among them), limit suggestions, the review queue, and every sentence they say.

mod b23;
mod check;
mod exposure;
mod policy;
mod profile;
mod review;
mod sentences;
mod suggestion;

#[path = "../common/mod.rs"]
mod common;

use creditdesk_core::credit::{
    CreditFile, CreditProfile, CreditReport, CreditStatus, ExchangeRate, OpenReceivable, Order,
    OrderState, RiskClass, Security, SecurityKind, TradeCreditInsurance,
};

pub use common::{currency, date, euros, money};

pub fn rate(from: &str, to: &str, on: &str, rate: &str) -> ExchangeRate {
    ExchangeRate {
        from: currency(from),
        to: currency(to),
        date: date(on),
        rate: rate.parse().unwrap(),
    }
}

/// The day every scenario is checked on unless it says otherwise.
pub const AS_OF: &str = "2024-06-30";

/// An active customer with a limit in euros, terms of 30 days (60 at most), reviewed on
/// 2024-12-31, no security required, no insurance and no reports.
pub fn customer(limit: &str) -> CreditFile {
    CreditFile {
        profile: CreditProfile {
            customer_reference: "MARIGOLD".to_string(),
            limit: euros(limit),
            default_terms_days: 30,
            max_terms_days: 60,
            risk_class: RiskClass::Medium,
            status: CreditStatus::Active,
            review_date: date("2024-12-31"),
            review_interval_months: 12,
            security_required: false,
        },
        security: Vec::new(),
        insurance: None,
        reports: Vec::new(),
    }
}

pub fn insurance(insured_limit: &str, valid_to: &str) -> TradeCreditInsurance {
    TradeCreditInsurance {
        insurer: "Northgate Credit".to_string(),
        policy_number: "P-2024-118".to_string(),
        buyer_reference: "B-5521".to_string(),
        insured_limit: euros(insured_limit),
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

pub fn deposit(amount: &str) -> Security {
    Security {
        kind: SecurityKind::Deposit,
        amount: money(amount),
        issuer: "Marigold Events".to_string(),
    }
}

pub fn report(agency: &str, on: &str, rating: &str) -> CreditReport {
    CreditReport {
        agency: agency.to_string(),
        date: date(on),
        rating: rating.to_string(),
        recommended_limit: None,
        note: String::new(),
    }
}

/// An open invoice amount, not disputed.
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

/// An order of MARIGOLD dated 2024-06-20 on 30 days.
pub fn order(reference: &str, amount: &str, state: OrderState) -> Order {
    Order {
        reference: reference.to_string(),
        customer_reference: "MARIGOLD".to_string(),
        amount: money(amount),
        terms_days: 30,
        date: date("2024-06-20"),
        state,
    }
}
