//! Importing a CSV export: read with a profile, write every record in one transaction, and keep
//! it only when no row had a problem (all or nothing). A dry run does the same and always rolls
//! back, so its report is exactly what a real run would do.
//!
//! The file is read on a thread of its own, which owns the file, the decoder, the CSV parser and
//! the SHA-256 of the bytes, and hands the outcomes over in batches through a bounded channel to
//! the thread that holds the transaction: reading and writing take about as long as the slower
//! of the two instead of their sum. At most [`BATCHES_IN_FLIGHT`] batches are on their way at
//! once, so the memory an import needs does not grow with the file, except for the reader's
//! index of the documents already seen (a few dozen bytes per document, see
//! `creditdesk_import::RecordReader`). The outcomes arrive in file order, and the writing side
//! does exactly what it would do reading the file itself: the same progress reports, the same
//! cancel, and nothing written unless the whole file is.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use chrono::NaiveDate;
use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::text::Language;
use creditdesk_core::{say, Currency};
use creditdesk_import::{FileError, ImportOptions, Profile, RowOutcome, RowProblem};
use creditdesk_store::{FileCounts, ImportTally, IndexUpkeep, WriteOutcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::defining::ProfileDefinition;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{io_error, store_error, FileStep, OpenBook};

/// Which profile reads the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileChoice {
    /// One of [`import_profiles`].
    Builtin(String),
    /// A profile saved as JSON.
    File(PathBuf),
    /// A profile as edited in the import wizard; checked before the file is opened.
    Custom(ProfileDefinition),
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgress {
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows_read: u64,
}

/// What an import did, or would do on a dry run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// Files smaller than this keep the indexes row by row whatever the book's size.
const REBUILD_INDEXES_FROM_BYTES: u64 = 4 << 20;

/// How an import of a file of `file_bytes` into a book of `book_bytes` keeps the book's
/// secondary indexes: rebuilt at commit when the file is large and at least a quarter of the
/// book. A CSV file makes rows that take about as many bytes in the book as in the file, and
/// building an index in one sorted pass costs a fraction of inserting each row into it, so
/// rebuilding pays off well before the import is as large as the book.
fn index_upkeep(file_bytes: u64, book_bytes: u64) -> IndexUpkeep {
    if file_bytes >= REBUILD_INDEXES_FROM_BYTES && file_bytes.saturating_mul(4) >= book_bytes {
        IndexUpkeep::Rebuilt
    } else {
        IndexUpkeep::RowByRow
    }
}

/// Outcomes handed from the reading thread to the writing one at a time: enough to make the
/// hand-over cost nothing per row.
const BATCH: usize = 1024;

/// Batches the reading thread may be ahead of the writing one.
const BATCHES_IN_FLIGHT: usize = 4;

/// One outcome, with the bytes the reader had taken from the file when it was read (for the
/// progress bar).
struct ReadOutcome {
    outcome: RowOutcome,
    bytes_read: u64,
}

/// What the reading thread sends, in this order: `Opened` or `Failed`, then batches, then
/// `Finished`, or `Failed` at the first fault of the file.
enum FromReader {
    /// The header was found.
    Opened,
    Outcomes(Vec<ReadOutcome>),
    /// The end of the file; every byte was read and hashed.
    Finished {
        bytes_read: u64,
        sha256: String,
    },
    /// The file cannot be imported; nothing follows.
    Failed(FileError),
}

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
        let file = File::open(path).map_err(|e| io_error(path, FileStep::Opened, &e))?;
        let bytes_total = file.metadata().map(|m| m.len()).unwrap_or(0);

        let (sender, outcomes) = sync_channel(BATCHES_IN_FLIGHT);
        let (written_back, to_free) = sync_channel(BATCHES_IN_FLIGHT);
        // The reading thread writes the row problems: in the caller's language.
        let language = Language::current();
        std::thread::scope(|scope| {
            let reading = std::thread::Builder::new()
                .name("import-reader".into())
                .spawn_scoped(scope, || {
                    let _speaking = language.speak();
                    read_file(file, &profile, &options, sender, to_free)
                })
                .expect("the system starts a thread to read the file");
            let channels = (&outcomes, &written_back);
            let written = self.write_outcomes(request, &profile, bytes_total, channels, progress);
            // Dropping the receiver stops a reader that is still ahead (after a cancel or an
            // error), so the join below never waits for the rest of the file.
            drop(outcomes);
            match (written, reading.join()) {
                (_, Err(panic)) => std::panic::resume_unwind(panic),
                (Ok(report), Ok(())) => Ok(report),
                (Err(Stopped::Failed(err)), Ok(())) => Err(err),
                (Err(Stopped::ReaderGone), Ok(())) => {
                    unreachable!("the reading thread says why it stops unless it panics")
                }
            }
        })
    }

    /// The writing side of [`OpenBook::import_file`]: takes the outcomes in file order and
    /// writes their records in one transaction.
    fn write_outcomes(
        &mut self,
        request: &ImportRequest,
        profile: &Profile,
        bytes_total: u64,
        (outcomes, written_back): (&Receiver<FromReader>, &SyncSender<Vec<Vec<LedgerRecord>>>),
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> Result<ImportReport, Stopped> {
        let path = &request.file;
        match outcomes.recv() {
            Ok(FromReader::Opened) => {}
            Ok(FromReader::Failed(err)) => return Err(file_error(err).into()),
            Ok(_) | Err(_) => return Err(Stopped::ReaderGone),
        }

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
        let upkeep = index_upkeep(bytes_total, self.book.size_bytes().map_err(store_error)?);
        let mut tx = self.book.begin_import_with(upkeep).map_err(store_error)?;
        let mut last_line = 0;
        let mut rejected_lines = 0;
        let mut bytes_read;
        let sha256 = 'file: loop {
            let batch = match outcomes.recv() {
                Ok(FromReader::Outcomes(batch)) => batch,
                Ok(FromReader::Finished {
                    bytes_read: all,
                    sha256,
                }) => {
                    bytes_read = all;
                    break 'file sha256;
                }
                Ok(FromReader::Failed(err)) => return Err(file_error(err).into()),
                Ok(FromReader::Opened) | Err(_) => return Err(Stopped::ReaderGone),
            };
            let mut done = Vec::with_capacity(batch.len());
            for read in batch {
                let outcome = read.outcome;
                bytes_read = read.bytes_read;
                if outcome.line() != last_line {
                    last_line = outcome.line();
                    report.rows_read += 1;
                    if report.rows_read.is_multiple_of(PROGRESS_EVERY) {
                        let now = ImportProgress {
                            bytes_read,
                            bytes_total,
                            rows_read: report.rows_read,
                        };
                        if !progress(&now) {
                            report.cancelled = true;
                            break 'file String::new();
                        }
                    }
                }
                match outcome {
                    RowOutcome::Records { line, records } => {
                        for record in &records {
                            let written = tx.record(record).map_err(store_error)?;
                            note_outcome(&mut report, line, record, written);
                        }
                        done.push(records);
                    }
                    RowOutcome::Problem(problem) => {
                        rejected_lines += 1;
                        report.problems.push(problem);
                    }
                    RowOutcome::Warning(warning) => report.warnings.push(warning),
                }
            }
            // The records go back to the reading thread to be freed there, by the allocator
            // arena that made them, instead of taking this thread's time.
            let _ = written_back.try_send(done);
        };
        report.tally = tx.tally();
        progress(&ImportProgress {
            bytes_read,
            bytes_total,
            rows_read: report.rows_read,
        });

        if report.cancelled || request.dry_run || !report.problems.is_empty() {
            // Dropping the transaction rolls back every record of the file.
            drop(tx);
            return Ok(report);
        }
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

/// The reading side of [`OpenBook::import_file`]: reads the whole file with `profile`, hashing
/// its bytes, and sends what it reads to `to_writer` until the file ends, fails, or the writing
/// side stops listening; frees the records written that come back through `to_free`.
fn read_file(
    file: File,
    profile: &Profile,
    options: &ImportOptions,
    to_writer: SyncSender<FromReader>,
    to_free: Receiver<Vec<Vec<LedgerRecord>>>,
) {
    let hasher = Rc::new(RefCell::new(Sha256::new()));
    let input = HashingReader {
        inner: BufReader::with_capacity(1 << 20, file),
        hasher: Rc::clone(&hasher),
    };
    let mut reader = match creditdesk_import::open(profile, input, options) {
        Ok(reader) => reader,
        Err(err) => {
            let _ = to_writer.send(FromReader::Failed(err));
            return;
        }
    };
    if to_writer.send(FromReader::Opened).is_err() {
        return;
    }

    let mut batch = Vec::with_capacity(BATCH);
    while let Some(outcome) = reader.next() {
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                // The outcomes before the fault are not worth writing: the file is refused.
                let _ = to_writer.send(FromReader::Failed(err));
                return;
            }
        };
        batch.push(ReadOutcome {
            outcome,
            bytes_read: reader.bytes_read(),
        });
        if batch.len() == BATCH {
            to_free.try_iter().for_each(drop);
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if to_writer.send(FromReader::Outcomes(full)).is_err() {
                return;
            }
        }
    }
    if !batch.is_empty() && to_writer.send(FromReader::Outcomes(batch)).is_err() {
        return;
    }

    let bytes_read = reader.bytes_read();
    drop(reader);
    let digest = hasher.take().finalize();
    let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
    let _ = to_writer.send(FromReader::Finished { bytes_read, sha256 });
}

/// Why the writing side of an import stopped without a report.
enum Stopped {
    Failed(AppError),
    /// The reading thread ended without a last word: it panicked.
    ReaderGone,
}

impl From<AppError> for Stopped {
    fn from(err: AppError) -> Stopped {
        Stopped::Failed(err)
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
    // The record's number or reference, which a warning quotes before its sentence.
    let number = match record {
        LedgerRecord::Invoice(i) => i.number.as_str(),
        LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => s.reference.as_str(),
        LedgerRecord::Customer(c) => c.reference.as_str(),
    };
    match outcome {
        WriteOutcome::Conflict(message) => report.problems.push(RowProblem {
            line,
            column: None,
            value: None,
            message,
        }),
        WriteOutcome::Kept { note } => report.warnings.push(RowProblem {
            line,
            column: None,
            value: Some(number.to_string()),
            message: note,
        }),
        WriteOutcome::Matched { existing_number } => {
            report.warnings.push(RowProblem {
                line,
                column: None,
                value: Some(number.to_string()),
                // Continues the sentence after the quoted value (see `RowProblem`).
                message: say!(
                    en: "was taken as {existing_number}, which the book already holds with the \
                         same customer, date and amount (leading zeros lost); nothing was \
                         written.",
                    zh: "被视为 {existing_number}：账簿中已有该单据，客户、日期和金额均相同（前导零\
                         已丢失）；未写入任何数据。",
                ),
            });
        }
        WriteOutcome::Inserted | WriteOutcome::Updated { .. } | WriteOutcome::Unchanged => {}
    }
}

/// A built-in profile by name, or a sentence listing the ones there are.
pub(crate) fn builtin_profile(name: &str) -> AppResult<Profile> {
    creditdesk_import::builtin(name).ok_or_else(|| {
        let names = creditdesk_import::builtin_names().join(", ");
        AppError::invalid(say!(
            en: "There is no import profile \"{name}\"; choose one of: {names}.",
            zh: "没有名为“{name}”的导入格式配置；请从以下配置中选择：{names}。",
        ))
    })
}

pub(crate) fn resolve_profile(choice: &ProfileChoice) -> AppResult<Profile> {
    match choice {
        ProfileChoice::Builtin(name) => builtin_profile(name),
        ProfileChoice::Custom(definition) => definition.to_profile(),
        ProfileChoice::File(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| io_error(path, FileStep::Read, &e))?;
            let profile: Profile = serde_json::from_str(&text).map_err(|e| {
                let path = path.display();
                AppError::invalid(say!(
                    en: "{path} is not a valid import profile: {e}. Start from a built-in profile \
                         saved as JSON and change it.",
                    zh: "{path} 不是有效的导入格式配置：{e}。请以保存为 JSON 的内置配置为基础进行\
                         修改。",
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

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    #[test]
    fn large_files_rebuild_the_indexes_unless_the_book_is_over_four_times_larger() {
        assert_eq!(index_upkeep(4 * MIB, 0), IndexUpkeep::Rebuilt);
        assert_eq!(index_upkeep(75 * MIB, 300 * MIB), IndexUpkeep::Rebuilt);
        assert_eq!(index_upkeep(75 * MIB, 301 * MIB), IndexUpkeep::RowByRow);
        assert_eq!(index_upkeep(4 * MIB - 1, 0), IndexUpkeep::RowByRow);
    }
}
