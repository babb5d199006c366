//! CSV import of CreditDesk: accounting-system exports turned into ledger records.
//!
//! A file is read with a [`Profile`] (delimiter, number and date format, encoding, layout) that
//! the user chooses; [`detect`] only suggests one. [`open`] finds the header and returns a
//! [`RecordReader`] that streams [`RowOutcome`]s: the records of each row, or a problem naming
//! the physical line, the column, the value and what is accepted. Nothing is written here: the
//! caller shows the problems, then writes the records all or nothing.
//!
//! ```no_run
//! use creditdesk_core::money::Currency;
//! use creditdesk_import::{builtin, open, ImportOptions, RowOutcome};
//!
//! let profile = builtin("ibm-late-payment").expect("a builtin profile");
//! let options = ImportOptions::new(Currency::from_code("USD").expect("a currency"));
//! let file = std::fs::File::open("ibm-late-payment.csv").expect("the export");
//! for outcome in open(&profile, file, &options).expect("a header") {
//!     match outcome.expect("a readable file") {
//!         RowOutcome::Records { records, .. } => { /* keep for the all-or-nothing write */ }
//!         RowOutcome::Problem(problem) => eprintln!("{problem}"),
//!         RowOutcome::Warning(warning) => eprintln!("warning: {warning}"),
//!     }
//! }
//! ```

mod date;
mod decode;
mod layouts;
mod number;
mod peek;
mod problem;
mod profile;
mod rates;
mod reader;
mod row;
mod seen;
mod words;

use chrono::NaiveDate;
use creditdesk_core::money::Currency;
use serde::{Deserialize, Serialize};

pub use date::{DateError, DateFormat};
pub use number::{AmountError, NumberFormat};
pub use peek::{peek, Peek};
pub use problem::{FileError, ProfileError, RowOutcome, RowProblem};
pub use profile::{
    builtin, builtin_names, Column, Layout, Profile, TextEncoding, DEFAULT_HEADER_SEARCH_ROWS,
};
pub use rates::read_rates;
pub use reader::{open, RecordReader};

/// What the user tells the import beyond the profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The currency of amounts whose row or export names none.
    pub default_currency: Currency,
    /// The customer of every row, for files with no customer column (generic layout only).
    pub customer: Option<String>,
    /// Terms text for invoices that have neither a due date nor terms of their own; `net 30`
    /// when absent. Checked by [`open`].
    pub default_terms: Option<String>,
    /// The day the export was made: the date of paid amounts whose export has no payment date
    /// (Xero, Zoho without a last payment date, FreshBooks without a date paid).
    pub export_date: Option<NaiveDate>,
}

impl ImportOptions {
    /// Options with only the default currency set.
    pub fn new(default_currency: Currency) -> ImportOptions {
        ImportOptions {
            default_currency,
            customer: None,
            default_terms: None,
            export_date: None,
        }
    }
}

/// Suggests the builtin profile whose header fits the first lines of a file, or `None`.
///
/// Only a suggestion for the UI: the import itself uses the profile the user confirms. Each
/// builtin profile is tried with its own delimiter; among those that find their header, the one
/// with the most required columns wins (the most specific), and on a tie the first in
/// [`builtin_names`]. `generic-gb18030` is never suggested, because decoded text no longer
/// shows its encoding.
pub fn detect(first_lines: &str) -> Option<&'static str> {
    let mut best: Option<(&'static str, usize)> = None;
    for name in builtin_names() {
        let Some(profile) = builtin(name) else {
            continue;
        };
        if profile.encoding != TextEncoding::Utf8 {
            continue;
        }
        let columns = profile.expected_columns();
        let required = columns.iter().filter(|c| c.required).count();
        let text = first_lines.trim_start_matches('\u{feff}');
        let mut csv = reader::csv_reader(profile.delimiter).from_reader(text.as_bytes());
        let fits = csv
            .records()
            .take(profile.header_search_rows as usize)
            .map_while(Result::ok)
            .any(|record| {
                let cells = reader::cells_of(&record);
                row::Header::bind(0, &cells, &columns).is_some()
            });
        let more_specific = match best {
            Some((_, most)) => required > most,
            None => true,
        };
        if fits && more_specific {
            best = Some((name, required));
        }
    }
    best.map(|(name, _)| name)
}
