//! Late-payment interest and fixed compensation: the reference rate tables, daily simple
//! interest split by period and rate, and the fixed sums the late-payment laws grant.

pub mod accrual;
pub mod compensation;
pub mod rates;

pub use accrual::{
    accrue, AgreedRate, DayCount, Debt, InterestBreakdown, InterestError, InterestPeriod,
    InterestRule, InterestTerms, RateUnit, Reduction,
};
pub use compensation::{fixed_compensation, CompensationError, CompensationRule};
pub use rates::{
    RateFileProblem, RateFileProblemKind, RatePeriod, RateSource, RateTable, RateTables,
};
