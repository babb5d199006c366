//! What an import reports: records per row, and problems that point at a line and a column.
//!
//! An import never stops at the first bad row. Each row yields records, a problem (the row gave
//! no records) or a warning (the row was read, or skipped on purpose, and the user should know),
//! so that a preview can show every bad row with its line number before anything is written.
//! Only a fault of the whole file (unreadable, no header, not valid text) stops it.

use std::fmt;
use std::io;

use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::terms::TermsError;
use serde::{Deserialize, Serialize};

/// One outcome of reading a file, in file order (the outcomes of a multi-row invoice come when
/// its last row has been read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// The records read from the row starting at physical line `line` (for a multi-row invoice,
    /// its first row). A customer record comes before the first document that names it.
    Records {
        line: u64,
        records: Vec<LedgerRecord>,
    },
    /// A row that gave no records, and why.
    Problem(RowProblem),
    /// A row that was read or skipped on purpose, with something the user should check.
    Warning(RowProblem),
}

impl RowOutcome {
    pub fn line(&self) -> u64 {
        match self {
            RowOutcome::Records { line, .. } => *line,
            RowOutcome::Problem(p) | RowOutcome::Warning(p) => p.line,
        }
    }
}

/// A problem on one row.
///
/// `line` is the physical line of the file (1-based, counting the preamble and the header, and
/// the first line of a cell that spans lines). `column` is the header as the file writes it.
/// `message` continues the sentence that `Display` starts: after the quoted value when there is
/// one, otherwise after the line and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowProblem {
    pub line: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for RowProblem {
    /// `line 7, column amount: "1,000.50" is not an amount in this profile's format (...): ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        f.write_str(": ")?;
        if let Some(value) = &self.value {
            write!(f, "\"{value}\" ")?;
        }
        f.write_str(&self.message)
    }
}

/// A profile whose settings would make the file ambiguous.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("The profile \"{profile}\" cannot be used: {reason}.")]
pub struct ProfileError {
    pub profile: String,
    pub reason: String,
}

/// A fault of the whole file or of the import's settings: nothing from the file can be trusted.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading the input failed.
    #[error(
        "The file could not be read ({0}). Check that it exists and that no other program holds \
         it, then try again."
    )]
    Unreadable(#[source] io::Error),
    /// No row among the first `searched` has every required column of the profile.
    #[error(
        "No header row for the profile \"{profile}\" was found in the first {searched} rows of \
         the file: a header with the columns {} was expected. Choose the profile that matches \
         the export, or add its header row.",
        .expected.join(", ")
    )]
    MissingHeader {
        profile: String,
        expected: Vec<String>,
        searched: u32,
    },
    /// The bytes on `line` are not valid in the profile's encoding.
    #[error(
        "Line {line} is not valid {encoding} text. Choose a profile with the file's encoding, or \
         save the file as {encoding} and import it again."
    )]
    InvalidEncoding { line: u64, encoding: &'static str },
    /// The file starts with the UTF-8 byte order mark, but the profile reads another encoding:
    /// decoded as that encoding, every name with an accent or a Chinese character would be
    /// garbled without any byte being invalid. A file without the mark is read as the profile
    /// says; its encoding is never guessed.
    #[error(
        "Line 1 starts with the UTF-8 byte order mark (bytes EF BB BF), so the file is UTF-8 \
         text, but the profile \"{profile}\" reads {encoding}. Choose a profile that reads \
         UTF-8, such as \"generic\" in place of \"generic-gb18030\", and import the file again."
    )]
    Utf8ByteOrderMark {
        profile: String,
        encoding: &'static str,
    },
    /// Header cells of a generic-layout file that name no column the profile reads (empty cells
    /// aside): a misspelt `curency`, or `type` for `record`, would otherwise be ignored and every
    /// row read without it. `expected` are the header names the profile reads.
    #[error(
        "The file has columns that the profile \"{profile}\" does not read: {}. Rename them to \
         one of {}, or remove them.",
        quoted_on_line(.columns, .line),
        .expected.join(", ")
    )]
    UnreadColumns {
        profile: String,
        line: u64,
        columns: Vec<String>,
        expected: Vec<String>,
    },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The default terms given for the import are not payment terms.
    #[error("The default terms of this import cannot be used: {0}")]
    DefaultTerms(TermsError),
}

/// `"type" (line 1), "curency" (line 1)`: each column with the line it is on.
fn quoted_on_line(columns: &[String], line: impl fmt::Display) -> String {
    let quoted: Vec<String> = columns
        .iter()
        .map(|column| format!("\"{column}\" (line {line})"))
        .collect();
    quoted.join(", ")
}
