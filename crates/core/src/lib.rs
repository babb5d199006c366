//! The pure domain of CreditDesk.
//!
//! Types and rules only: money, payment terms, instalment schedules, allocation of settlements,
//! aging and receivables KPIs, credit decisions (exposure, credit checks, limit suggestions,
//! the review queue), and what happens between overdue and paid: disputes, promises to pay,
//! payment plans, insurance claims and the cash forecast; and collections: the dunning ladder,
//! the dunning run, late-payment interest and fixed compensation. Nothing here does IO or reads
//! a clock; "today" is always an argument. The store, the importers and the shells depend on this
//! crate, never the reverse.
//!
//! Its errors are sentences for people, in the language of the thread that shows them: see
//! [`text`], which also holds the [`say!`] macro every crate writes its sentences with.

pub mod aging;
pub mod allocate;
pub mod claims;
pub mod credit;
pub mod disputes;
pub mod dunning;
pub mod forecast;
pub mod interest;
pub mod kpi;
pub mod ledger;
pub mod money;
pub mod plans;
pub mod promises;
pub mod terms;
pub mod text;

pub use money::{Currency, Money, MoneyError, Rounding};
pub use text::Language;
