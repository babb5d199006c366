//! What happens between "overdue" and "paid", as business scenarios: disputes, promises to pay,
//! payment plans, insurance claims, the bad-debt ratio and the cash forecast, and every sentence
//! they say, word for word in English and in Simplified Chinese.

mod bad_debt;
mod claims;
mod disputes;
mod forecast;
mod plans;
mod promises;

#[path = "../common/mod.rs"]
mod common;

pub use common::{both, both_said, currency, date, euros, money};
