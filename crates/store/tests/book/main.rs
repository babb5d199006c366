//! The store's scenarios: opening books, writing ledgers, and the reports read back from them.

mod allocation_columns;
mod bulk;
mod cases;
mod credit;
mod foreign_keys;
mod language;
mod lifecycle;
mod rate_tables;
mod reference;
mod refunds;
mod reports;
mod screens;
mod shared_data;
mod support;
mod writes;
