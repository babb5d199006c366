//! The pure domain of CreditDesk.
//!
//! Types and rules only: money, payment terms, instalment schedules, allocation of settlements,
//! aging and receivables KPIs. Nothing here does IO or reads a clock; "today" is always an
//! argument. The store, the importers and the shells depend on this crate, never the reverse.

pub mod aging;
pub mod allocate;
pub mod kpi;
pub mod ledger;
pub mod money;
pub mod terms;

pub use money::{Currency, Money, MoneyError, Rounding};
