//! Importing a CSV export: read with a profile, write every record in one transaction, and keep
//! it only when no row had a problem (all or nothing). A dry run does the same and always rolls
//! back, so its report is exactly what a real run would do.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::rc::Rc;

use chrono::NaiveDate;
use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::Currency;
use creditdesk_import::{FileError, ImportOptions, Profile, RowOutcome, RowProblem};
use creditdesk_store::{FileCounts, ImportTally, WriteOutcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{io_error, store_error, OpenBook};

/// Which profile reads the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileChoice {
    /// One of [`import_profiles`].
    Builtin(String),
    /// A profile saved as JSON.
    File(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub file: PathBuf,
    pub profile: ProfileChoice,
    /// Currency of amounts the file gives without one; the book's currency when absent.
    pub currency: Option<Currency>,
    /// Customer of every row, for files with no customer column.
    pub customer: Option<String>,
    /// Terms for invoices with no due date; `net 30` when absent.
    pub terms: Option<String>,
    /// Date of paid amounts that the export gives without a payment date.
    pub export_date: Option<NaiveDate>,
    /// Check and report only; write nothing.
    pub dry_run: bool,
}

/// How far an import has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows_read: u64,
}

/// What an import did, or would do on a dry run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file: String,
    pub profile: String,
    pub dry_run: bool,
    /// True only when the records are now in the book.
    pub committed: bool,
    /// True when the caller stopped the import; nothing was written.
    pub cancelled: bool,
    pub rows_read: u64,
    pub tally: ImportTally,
    /// Every bad row; when there is one, nothing was written.
    pub problems: Vec<RowProblem>,
    /// Rows read or skipped that the user should check; they do not stop the import.
    pub warnings: Vec<RowProblem>,
}

/// A built-in profile, for a list to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub delimiter: char,
    pub decimal_mark: char,
    pub grouping_mark: Option<char>,
    pub date_format: String,
    pub encoding: String,
}

pub fn import_profiles() -> Vec<ProfileInfo> {
    creditdesk_import::builtin_names()
        .iter()
        .filter_map(|name| creditdesk_import::builtin(name))
        .map(|p| ProfileInfo {
            name: p.name.clone(),
            delimiter: char::from(p.delimiter),
            decimal_mark: p.decimal_mark,
            grouping_mark: p.grouping_mark,
            date_format: p.date_format.example().to_string(),
            encoding: p.encoding.label().to_string(),
        })
        .collect()
}

/// Rows between two progress reports: often enough for a smooth bar, rarely enough to cost
/// nothing measurable.
const PROGRESS_EVERY: u64 = 16_384;

/// Hashes the bytes as they stream past, so the file is read once.
struct HashingReader<R> {
    inner: R,
    hasher: Rc<RefCell<Sha256>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.borrow_mut().update(&buf[..n]);
        Ok(n)
    }
}

impl OpenBook {
    /// Imports a CSV file, all or nothing. `progress` is called now and then; returning
    /// `false` from it cancels the import, which then writes nothing.
    pub fn import_file(
        &mut self,
        request: &ImportRequest,
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> AppResult<ImportReport> {
        let profile = resolve_profile(&request.profile)?;
        let currency = match request.currency {
            Some(c) => c,
            None => self.settings()?.currency,
        };
        let options = ImportOptions {
            default_currency: currency,
            customer: request.customer.clone(),
            default_terms: request.terms.clone(),
            export_date: request.export_date,
        };
        let path = &request.file;
        let file = File::open(path).map_err(|e| io_error(path, "opened", &e))?;
        let bytes_total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let hasher = Rc::new(RefCell::new(Sha256::new()));
        let input = HashingReader {
            inner: BufReader::with_capacity(1 << 20, file),
            hasher: Rc::clone(&hasher),
        };
        let mut reader = creditdesk_import::open(&profile, input, &options).map_err(file_error)?;

        let mut report = ImportReport {
            file: path.display().to_string(),
            profile: profile.name.clone(),
            dry_run: request.dry_run,
            committed: false,
            cancelled: false,
            rows_read: 0,
            tally: ImportTally::default(),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        let mut tx = self.book.begin_import().map_err(store_error)?;
        let mut last_line = 0;
        let mut rejected_lines = 0;
        while let Some(outcome) = reader.next() {
            let outcome = outcome.map_err(file_error)?;
            if outcome.line() != last_line {
                last_line = outcome.line();
                report.rows_read += 1;
                if report.rows_read % PROGRESS_EVERY == 0 {
                    let now = ImportProgress {
                        bytes_read: reader.bytes_read(),
                        bytes_total,
                        rows_read: report.rows_read,
                    };
                    if !progress(&now) {
                        report.cancelled = true;
                        break;
                    }
                }
            }
            match outcome {
                RowOutcome::Records { line, records } => {
                    for record in &records {
                        let written = match record {
                            LedgerRecord::Customer(c) => tx.customer(c),
                            LedgerRecord::Invoice(i) => tx.invoice(i),
                            LedgerRecord::Settlement(s) => tx.settlement(s),
                        }
                        .map_err(store_error)?;
                        note_outcome(&mut report, line, record, written);
                    }
                }
                RowOutcome::Problem(problem) => {
                    rejected_lines += 1;
                    report.problems.push(problem);
                }
                RowOutcome::Warning(warning) => report.warnings.push(warning),
            }
        }
        report.tally = tx.tally();
        progress(&ImportProgress {
            bytes_read: reader.bytes_read(),
            bytes_total,
            rows_read: report.rows_read,
        });

        if report.cancelled || request.dry_run || !report.problems.is_empty() {
            // Dropping the transaction rolls back every record of the file.
            drop(tx);
            return Ok(report);
        }
        drop(reader);
        let digest = hasher.take().finalize();
        let sha256: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let counts = FileCounts {
            rows_read: report.rows_read,
            rows_rejected: rejected_lines,
        };
        let file_name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into());
        tx.record_batch(&profile.name, &file_name, &sha256, counts);
        report.tally = tx.commit().map_err(store_error)?;
        report.committed = true;
        tracing::info!(file = %report.file, rows = report.rows_read, "imported");
        Ok(report)
    }
}

/// A conflict with the book is a bad row like any other: it names the line and stops the
/// commit. A match despite lost leading zeros is worth a warning.
fn note_outcome(
    report: &mut ImportReport,
    line: u64,
    record: &LedgerRecord,
    outcome: WriteOutcome,
) {
    match outcome {
        WriteOutcome::Conflict(message) => report.problems.push(RowProblem {
            line,
            column: None,
            value: None,
            message,
        }),
        WriteOutcome::Matched { existing_number } => {
            let number = match record {
                LedgerRecord::Invoice(i) => i.number.as_str(),
                LedgerRecord::Settlement(s) => s.reference.as_str(),
                LedgerRecord::Customer(c) => c.reference.as_str(),
            };
            report.warnings.push(RowProblem {
                line,
                column: None,
                value: Some(number.to_string()),
                message: format!(
                    "was taken as {existing_number}, which the book already holds with the same \
                     customer, date and amount (leading zeros lost); nothing was written."
                ),
            });
        }
        WriteOutcome::Inserted | WriteOutcome::Updated { .. } | WriteOutcome::Unchanged => {}
    }
}

fn resolve_profile(choice: &ProfileChoice) -> AppResult<Profile> {
    match choice {
        ProfileChoice::Builtin(name) => creditdesk_import::builtin(name).ok_or_else(|| {
            AppError::invalid(format!(
                "There is no import profile \"{name}\"; choose one of: {}.",
                creditdesk_import::builtin_names().join(", ")
            ))
        }),
        ProfileChoice::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| io_error(path, "read", &e))?;
            let profile: Profile = serde_json::from_str(&text).map_err(|e| {
                AppError::invalid(format!(
                    "{} is not a valid import profile: {e}. Start from a built-in profile saved \
                     as JSON and change it.",
                    path.display()
                ))
            })?;
            profile
                .check()
                .map_err(|e| AppError::invalid(e.to_string()))?;
            Ok(profile)
        }
    }
}

fn file_error(err: FileError) -> AppError {
    let code = match err {
        FileError::Unreadable(_) => ErrorCode::Io,
        _ => ErrorCode::InvalidInput,
    };
    AppError::new(code, err.to_string())
}
