//! The credit side of the demo book: credit files for its largest customers, so that a first
//! look at the app shows what credit control does (limits, exposure, held orders, the review
//! queue, alerts) and not only the ledger.
//!
//! Everything is derived from the generated ledger and the day it ends, so the same ledger gives
//! the same credit files. The exchange rates are round illustrative figures, not published ones.

use chrono::{Days, NaiveDate};
use creditdesk_core::credit::{
    CreditReport, ExchangeRate, Security, SecurityKind, TradeCreditInsurance,
};
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

use crate::browsing::CustomerPageRequest;
use crate::crediting::{CreditProfileInput, OrderInput};
use crate::error::AppResult;
use crate::OpenBook;
use creditdesk_store::CustomerSort;

/// How many of the customers owing most get a credit file.
const FILES: u32 = 40;

/// Units of EUR for one unit of each currency the demo ledger bills in.
const RATES_TO_EUR: &[(&str, &str)] = &[
    ("USD", "0.92"),
    ("GBP", "1.17"),
    ("CNY", "0.128"),
    ("JPY", "0.0062"),
    ("CZK", "0.0398"),
];

fn day_offset(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(day)
}

/// A round limit for a customer owing `owed`: with room, `owed` and half again rounded up to
/// whole thousands; tight, nine tenths of `owed` rounded down to whole hundreds (at least 100).
fn round_limit(owed: Decimal, tight: bool) -> Decimal {
    if tight {
        let hundred = Decimal::from(100);
        ((owed * Decimal::new(9, 1) / hundred).floor() * hundred).max(hundred)
    } else {
        let thousand = Decimal::from(1000);
        ((owed * Decimal::new(15, 1) / thousand).ceil() * thousand).max(thousand)
    }
}

impl OpenBook {
    /// Gives the demo book's largest customers credit files as of `end`, the ledger's last day:
    /// most within their limits, every fifth over it, some with a review due, insurance (some
    /// expiring), a bank guarantee, a credit report or an open order. Returns how many files
    /// were made.
    pub(crate) fn add_demo_credit_files(&mut self, end: NaiveDate) -> AppResult<usize> {
        let eur = Currency::from_code("EUR").expect("EUR is a currency");
        let history_start = day_offset(end, -800);
        for (code, rate) in RATES_TO_EUR {
            for date in [history_start, end] {
                self.set_exchange_rate(&ExchangeRate {
                    from: Currency::from_code(code).expect("a currency"),
                    to: eur,
                    date,
                    rate: rate.parse().expect("a rate"),
                })?;
            }
        }

        let page = self.customers_page(&CustomerPageRequest {
            as_of: end,
            search: None,
            sort: CustomerSort::Open,
            descending: true,
            offset: 0,
            limit: FILES,
        })?;
        let mut made = 0;
        for (n, customer) in page.rows.iter().enumerate() {
            let reference = customer.reference.as_str();
            // A first profile to measure the exposure against, then the limit from it.
            let mut profile = CreditProfileInput {
                customer: reference.to_string(),
                limit: Decimal::from(1000),
                currency: Some(eur),
                max_terms_days: 60,
                default_terms_days: Some(30),
                risk_class: None,
                status: None,
                review_date: Some(if n % 6 == 0 {
                    day_offset(end, -14)
                } else {
                    day_offset(end, 30 + 7 * n as i64)
                }),
                review_interval_months: Some(12),
                security_required: None,
            };
            self.set_credit_profile(&profile, end)?;
            let Ok(exposure) = self.exposure(reference, end) else {
                continue;
            };
            // Every fifth customer owes more than its limit, so the demo shows holds and alerts.
            let limit = round_limit(exposure.total.amount(), n % 5 == 0);
            profile.limit = limit;
            self.set_credit_profile(&profile, end)?;
            let limit = Money::exact(limit, eur).expect("whole hundreds fit the minor unit");

            if n % 3 == 0 {
                let valid_to = if n % 9 == 0 { 20 } else { 65 };
                self.set_insurance(
                    reference,
                    &TradeCreditInsurance {
                        insurer: "Northgate Credit Insurance".into(),
                        policy_number: "NG-2026-0412".into(),
                        buyer_reference: format!("B-{}", 5000 + n),
                        insured_limit: limit.times(Decimal::new(8, 1)),
                        valid_from: day_offset(end, -300),
                        valid_to: day_offset(end, valid_to),
                        max_credit_period_days: 90,
                        reporting_deadline_days: 60,
                    },
                )?;
            }
            if n % 4 == 1 {
                let expires = if n % 8 == 1 { 15 } else { 200 };
                self.add_security(
                    reference,
                    &Security {
                        kind: SecurityKind::BankGuarantee {
                            expires_on: day_offset(end, expires),
                        },
                        amount: limit.times(Decimal::new(3, 1)),
                        issuer: "Hanseatic Bank AG".into(),
                    },
                )?;
            }
            if n % 2 == 0 {
                self.add_credit_report(
                    reference,
                    &CreditReport {
                        agency: "Creditreform".into(),
                        date: day_offset(end, -(40 + 25 * n as i64)),
                        rating: (180 + 7 * n).to_string(),
                        recommended_limit: Some(limit),
                        note: String::new(),
                    },
                )?;
            }
            if n % 5 == 1 {
                let order = OrderInput {
                    reference: format!("SO-{}", 9001 + n),
                    customer: reference.to_string(),
                    amount: (limit.amount() / Decimal::from(5)).round_dp(2),
                    currency: Some(eur),
                    terms_days: Some(30),
                    date: day_offset(end, -3),
                };
                self.enter_order(&order, end, Some("Agreed with the sales director."))?;
            }
            made += 1;
        }
        Ok(made)
    }
}
