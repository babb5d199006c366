//! Credit decisions: whom to sell to on credit, and how much.
//!
//! A customer's [`CreditFile`] holds its credit profile (limit, terms, risk class, status, review
//! date), the security it has given, the credit reports bought about it and its trade-credit
//! insurance. From that file, the customer's open receivables and orders, and exchange rates
//! given by the caller, this module computes the customer's [`Exposure`], checks an order
//! ([`check_order`]: approve, or hold with every reason), suggests a limit with its grounds
//! ([`suggest_limit`]) and lists what needs looking at ([`review_queue`]). Across a whole book,
//! [`risk_score`] weighs a customer's payment behaviour into a score with its factors, and
//! [`credit_alerts`] says what needs acting on, from exposure totals ([`exposure_totals`]).
//!
//! Everything is a pure function of its arguments: "today" is always the `as_of` parameter, and
//! exchange rates are values the caller supplies. Every reason, ground and error is a sentence in
//! the thread's language (see [`crate::text`]) and also a value a UI can branch on.

mod alerts;
mod check;
mod error;
mod exposure;
mod profile;
mod review;
mod risk;
mod suggest;
mod totals;

pub use alerts::{credit_alerts, Alert, AlertRules, AlertSubject};
pub use check::{check_order, CheckPolicy, CreditCheck, Decision, Hold, HoldReason, Override};
pub use check::{OrderChange, OverrideReason, Release};
pub use error::CreditError;
pub use exposure::{exposure, ExchangeRate, Exposure, ExposureLine, ExposureSource};
pub use exposure::{OpenReceivable, RateTable};
pub use profile::{
    CreditFile, CreditProfile, CreditReport, CreditStatus, InsurerReport, RiskClass,
};
pub use profile::{Order, OrderState, Security, SecurityKind, TradeCreditInsurance};
pub use review::{review_queue, ReviewItem, ReviewWindows};
pub use risk::RiskScore;
pub use risk::{risk_score, Lateness, PaymentBehaviour, RiskFactor, RiskInputs, RiskRules};
pub use suggest::PaidInvoice;
pub use suggest::{suggest_limit, Ground, LimitChange, LimitHistory, LimitRules, LimitSuggestion};
pub use totals::{exposure_totals, ExposureTotals};
