//! Helpers shared by the import tests: reading a whole file into its outcomes, and finding the
//! public sample files, which are read where they lie and never copied into the repository.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use creditdesk_core::ledger::{CustomerRecord, InvoiceRecord, LedgerRecord, SettlementRecord};
use creditdesk_core::money::Currency;
use creditdesk_import::{builtin, open, FileError, ImportOptions, RowOutcome, RowProblem};
use rust_decimal::Decimal;

/// A sample file from the shared data folder, or `None` (with a note) when it is not there.
pub fn sample(relative: &str) -> Option<PathBuf> {
    let path =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: the sample {} is not present", path.display());
        None
    }
}

pub fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

pub fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

pub fn options(code: &str) -> ImportOptions {
    ImportOptions::new(currency(code))
}

/// Everything one file gave, in order.
#[derive(Debug)]
pub struct Import {
    pub outcomes: Vec<RowOutcome>,
}

impl Import {
    pub fn records(&self) -> impl Iterator<Item = &LedgerRecord> {
        self.outcomes.iter().flat_map(|o| match o {
            RowOutcome::Records { records, .. } => records.as_slice(),
            _ => &[],
        })
    }

    pub fn customers(&self) -> Vec<&CustomerRecord> {
        self.records()
            .filter_map(|r| match r {
                LedgerRecord::Customer(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    pub fn invoices(&self) -> Vec<&InvoiceRecord> {
        self.records()
            .filter_map(|r| match r {
                LedgerRecord::Invoice(i) => Some(i),
                _ => None,
            })
            .collect()
    }

    /// Settlements, and amounts paid to date (which are written as payments).
    pub fn settlements(&self) -> Vec<&SettlementRecord> {
        self.records()
            .filter_map(|r| match r {
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => Some(s),
                _ => None,
            })
            .collect()
    }

    /// The references of the amounts paid to date.
    pub fn paid_to_date(&self) -> Vec<&str> {
        self.records()
            .filter_map(|r| match r {
                LedgerRecord::SettledToDate(s) => Some(s.reference.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn problems(&self) -> Vec<&RowProblem> {
        self.outcomes
            .iter()
            .filter_map(|o| match o {
                RowOutcome::Problem(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    pub fn warnings(&self) -> Vec<&RowProblem> {
        self.outcomes
            .iter()
            .filter_map(|o| match o {
                RowOutcome::Warning(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    /// The problems as the user reads them.
    pub fn problem_texts(&self) -> Vec<String> {
        self.problems().iter().map(|p| p.to_string()).collect()
    }

    pub fn warning_texts(&self) -> Vec<String> {
        self.warnings().iter().map(|w| w.to_string()).collect()
    }

    pub fn invoice(&self, number: &str) -> &InvoiceRecord {
        let found = self.invoices().into_iter().find(|i| i.number == number);
        found.unwrap_or_else(|| panic!("invoice {number} was not imported"))
    }

    pub fn settlement(&self, reference: &str) -> &SettlementRecord {
        let found = self
            .settlements()
            .into_iter()
            .find(|s| s.reference == reference);
        found.unwrap_or_else(|| panic!("settlement {reference} was not imported"))
    }

    pub fn customer(&self, reference: &str) -> &CustomerRecord {
        let found = self
            .customers()
            .into_iter()
            .find(|c| c.reference == reference);
        found.unwrap_or_else(|| panic!("customer {reference} was not imported"))
    }
}

/// Reads `bytes` with the builtin profile `name` to the end.
pub fn try_import(name: &str, bytes: &[u8], options: &ImportOptions) -> Result<Import, FileError> {
    let profile = builtin(name).unwrap();
    let outcomes = open(&profile, bytes, options)?.collect::<Result<Vec<_>, _>>()?;
    Ok(Import { outcomes })
}

pub fn import(name: &str, bytes: &[u8], options: &ImportOptions) -> Import {
    try_import(name, bytes, options).unwrap()
}

/// Reads a sample file with the builtin profile `name`, or `None` when the sample is absent.
pub fn import_sample(name: &str, relative: &str, options: &ImportOptions) -> Option<Import> {
    let bytes = std::fs::read(sample(relative)?).unwrap();
    Some(import(name, &bytes, options))
}
