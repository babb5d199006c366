//! The reference rate tables statutory late-payment interest is computed with, and how a user
//! brings one up to date: the ECB, the Bank of England, the Bundesbank and the People's Bank
//! of China publish a new rate each half-year or month, after the tables CreditDesk ships end.
//!
//! A book uses the shipped table of each source unless the user loaded a file for it; the file
//! is read whole or refused whole, with every problem by line, and nothing is stored when there
//! is one. Resetting a source removes the user's file, and the shipped table applies again.
//!
//! The rule a careful user expects: a file is never refused for what it says about rates, but a
//! load (or a reset) that takes something away never passes silently. The answer lists, as
//! warnings, every stretch of days whose rate is now different from the one the table in force
//! had, and the days the table in force knew that the new one does not (a table that ends
//! earlier or starts later: interest that needs those days is then refused, as it is after the
//! end of any table). Days the new table adds are reported as notes. Interest already claimed in
//! executed dunning runs is never recalculated.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_core::interest::{RateFileProblem, RatePeriod, RateSource, RateTable, RateTables};
use creditdesk_core::say;
use creditdesk_store::StoredRateTable;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::rate_changes::{compare, RateTableChanges};
use crate::{io_error, store_error, FileStep, OpenBook};

/// The largest rate file accepted: 1 MB (1024 × 1024 bytes). A century of monthly rates is
/// under 40 kB; a larger file is not a rate table.
pub const MAX_RATE_FILE_BYTES: u64 = 1024 * 1024;

/// The short name of a source on the command line and in the desktop's requests.
pub fn rate_source_code(source: RateSource) -> &'static str {
    match source {
        RateSource::EcbReference => "ecb",
        RateSource::BankOfEnglandReference => "boe",
        RateSource::GermanBaseRate => "de-base",
        RateSource::ChinaLoanPrimeRate => "cn-lpr",
    }
}

/// The source of a short name (see [`rate_source_code`]); any case, spaces around ignored.
pub fn rate_source_named(code: &str) -> AppResult<RateSource> {
    let wanted = code.trim().to_ascii_lowercase();
    RateSource::ALL
        .into_iter()
        .find(|source| rate_source_code(*source) == wanted)
        .ok_or_else(|| {
            let accepted = RateSource::ALL.map(rate_source_code).join(", ");
            AppError::invalid(say!(
                en: "There is no reference rate table named \"{code}\"; name one of {accepted}.",
                zh: "没有名为“{code}”的参考利率表；请填写以下之一：{accepted}。",
            ))
        })
}

/// Where the table in force comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateTableOrigin {
    /// The table CreditDesk ships.
    Shipped,
    /// A file the user loaded; `loaded_at` is UTC, as the audit trail writes it.
    Loaded {
        file_name: String,
        loaded_at: String,
    },
}

/// One reference rate table as a book uses it. Invariant: `periods` is not empty, its first
/// period starts on `first_day` and its last ends on `known_until`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateTableView {
    pub source: RateSource,
    /// The short name: `ecb`, `boe`, `de-base`, `cn-lpr`.
    pub code: String,
    /// The rate's name, in the caller's language.
    pub name: String,
    pub origin: RateTableOrigin,
    pub period_count: u32,
    pub first_day: NaiveDate,
    /// The last day a rate is known for; interest needing a later day is refused.
    pub known_until: NaiveDate,
    pub periods: Vec<RatePeriod>,
}

/// One problem of a refused rate file: the problem with its line, and its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateProblemLine {
    pub problem: RateFileProblem,
    pub message: String,
}

/// What loading a rate file did. When `problems` is not empty the file was refused: `loaded`
/// is false, nothing was stored, `changes` is `None` and `table` is the one still in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateFileLoad {
    pub source: RateSource,
    pub file_name: String,
    pub loaded: bool,
    /// Every problem of the file, in line order.
    pub problems: Vec<RateProblemLine>,
    /// The table in force after the load.
    pub table: RateTableView,
    pub changes: Option<RateTableChanges>,
    /// What happened, in one or two sentences.
    pub message: String,
}

/// What going back to the shipped table did. `changes` is `None` when the shipped table
/// applied already and nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateTableReset {
    pub source: RateSource,
    pub table: RateTableView,
    pub changes: Option<RateTableChanges>,
    pub message: String,
}

impl OpenBook {
    /// The four tables statutory interest is computed with in this book: the shipped ones,
    /// each replaced by the file the user loaded for its source.
    pub fn rate_tables(&self) -> AppResult<RateTables> {
        let mut tables = RateTables::shipped();
        for stored in self.book.rate_tables().map_err(store_error)? {
            tables = tables.with(parse_stored(&stored)?);
        }
        Ok(tables)
    }

    /// The four tables with where each comes from, in the order of [`RateSource::ALL`].
    pub fn reference_rates(&self) -> AppResult<Vec<RateTableView>> {
        let stored = self.book.rate_tables().map_err(store_error)?;
        RateSource::ALL
            .into_iter()
            .map(|source| match stored.iter().find(|s| s.source == source) {
                Some(stored) => Ok(view(&parse_stored(stored)?, Some(stored))),
                None => Ok(view(RateTable::shipped(source), None)),
            })
            .collect()
    }

    /// The table of one source as the book uses it.
    pub fn reference_rate(&self, source: RateSource) -> AppResult<RateTableView> {
        let stored = self.book.rate_tables().map_err(store_error)?;
        match stored.iter().find(|s| s.source == source) {
            Some(stored) => Ok(view(&parse_stored(stored)?, Some(stored))),
            None => Ok(view(RateTable::shipped(source), None)),
        }
    }

    /// The table in force, or the shipped one when the stored table no longer parses: a load
    /// or a reset must be able to replace a table that cannot be read, and the change is then
    /// told against the shipped table.
    fn reference_rate_or_shipped(&self, source: RateSource) -> RateTableView {
        self.reference_rate(source).unwrap_or_else(|err| {
            tracing::warn!(error = %err, "the stored rate table is replaced");
            view(RateTable::shipped(source), None)
        })
    }

    /// Reads a rate file and loads it (see [`OpenBook::load_rate_table`]); the file must be
    /// UTF-8 text of at most [`MAX_RATE_FILE_BYTES`].
    pub fn load_rate_file(&mut self, source: RateSource, path: &Path) -> AppResult<RateFileLoad> {
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let size = std::fs::metadata(path)
            .map_err(|err| io_error(path, FileStep::Opened, &err))?
            .len();
        if size > MAX_RATE_FILE_BYTES {
            let (shown, max) = (path.display(), MAX_RATE_FILE_BYTES / 1024);
            let kb = size.div_ceil(1024);
            return Err(AppError::new(
                ErrorCode::ImportRejected,
                say!(
                    en: "{shown} has {kb} kB, more than a rate file can have ({max} kB); choose \
                         the CSV file of the rate table.",
                    zh: "{shown} 大小为 {kb} kB，超过利率文件的上限（{max} kB）；请选择利率表的 CSV \
                         文件。",
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|err| io_error(path, FileStep::Read, &err))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            let shown = path.display();
            AppError::new(
                ErrorCode::ImportRejected,
                say!(
                    en: "{shown} is not UTF-8 text; save the rate file as CSV in UTF-8 and load \
                         it again.",
                    zh: "{shown} 不是 UTF-8 文本；请将利率文件另存为 UTF-8 编码的 CSV 后重新载入。",
                ),
            )
        })?;
        self.load_rate_table(source, &text, &file_name)
    }

    /// Loads `text`, read from the file `file_name`, as the book's table of `source`: all or
    /// nothing. A file with a problem is refused with every problem by line, and nothing is
    /// stored. A file that parses replaces the table in force; the answer says how the table
    /// changed, with a warning for every rate changed and every day no longer known (see the
    /// module documentation).
    pub fn load_rate_table(
        &mut self,
        source: RateSource,
        text: &str,
        file_name: &str,
    ) -> AppResult<RateFileLoad> {
        let file_name = file_name.trim();
        if file_name.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The rate file has no name; give the name of the file the rates come from.",
                zh: "利率文件没有名称；请填写利率所来自的文件名。",
            )));
        }
        let before = self.reference_rate_or_shipped(source);
        let rate = source.word();

        let table = match RateTable::parse(source, text) {
            Ok(table) => table,
            Err(problems) => {
                let count = problems.len();
                let message = say!(
                    en: "{file_name} has {count} problem(s); the {rate} table was not changed. \
                         Correct the file and load it again.",
                    zh: "{file_name} 有 {count} 处问题；{rate}表未作更改。请更正文件后重新载入。",
                );
                return Ok(RateFileLoad {
                    source,
                    file_name: file_name.to_string(),
                    loaded: false,
                    problems: problems
                        .into_iter()
                        .map(|problem| RateProblemLine {
                            message: problem.to_string(),
                            problem,
                        })
                        .collect(),
                    table: before,
                    changes: None,
                    message,
                });
            }
        };

        let stored = self
            .book
            .save_rate_table(&table, file_name, text)
            .map_err(store_error)?;
        tracing::info!(source = ?source, file = file_name, "loaded a reference rate table");
        let after = view(&table, Some(&stored));
        let changes = compare(&before, &after);
        let (count, first, last) = (after.period_count, after.first_day, after.known_until);
        let message = say!(
            en: "Loaded {file_name} as the {rate} table: {count} period(s) from {first} through \
                 {last}.",
            zh: "已将 {file_name} 载入为{rate}表：共 {count} 个期间，自 {first} 至 {last}。",
        );
        Ok(RateFileLoad {
            source,
            file_name: file_name.to_string(),
            loaded: true,
            problems: Vec::new(),
            table: after,
            changes: Some(changes),
            message,
        })
    }

    /// Removes the file the user loaded for `source`, so that the shipped table applies again;
    /// the answer says how the table changed. Nothing is written when the shipped table
    /// applies already.
    pub fn reset_rate_table(&mut self, source: RateSource) -> AppResult<RateTableReset> {
        let before = self.reference_rate_or_shipped(source);
        let rate = source.word();
        let removed = self.book.remove_rate_table(source).map_err(store_error)?;
        let after = view(RateTable::shipped(source), None);
        let Some(removed) = removed else {
            return Ok(RateTableReset {
                source,
                table: after,
                changes: None,
                message: say!(
                    en: "The {rate} table is the shipped one already; nothing was changed.",
                    zh: "{rate}表已是随附的利率表；未作任何更改。",
                ),
            });
        };
        let changes = compare(&before, &after);
        let (file, count, first, last) = (
            removed.file_name,
            after.period_count,
            after.first_day,
            after.known_until,
        );
        let message = say!(
            en: "The {rate} table is the shipped one again: {count} period(s) from {first} \
                 through {last}; {file} no longer applies.",
            zh: "{rate}表已恢复为随附的利率表：共 {count} 个期间，自 {first} 至 {last}；{file} \
                 不再适用。",
        );
        Ok(RateTableReset {
            source,
            table: after,
            changes: Some(changes),
            message,
        })
    }
}

/// A stored table parsed again; a book edited outside CreditDesk may hold one that no longer
/// parses, which is named rather than skipped (skipping would compute with the wrong rates).
fn parse_stored(stored: &StoredRateTable) -> AppResult<RateTable> {
    RateTable::parse(stored.source, &stored.text).map_err(|problems| {
        let (rate, file, at) = (stored.source.word(), &stored.file_name, &stored.loaded_at);
        let first = &problems[0];
        AppError::new(
            ErrorCode::Storage,
            say!(
                en: "The {rate} table loaded from {file} at {at} can no longer be read: {first} \
                     Load a corrected file, or go back to the shipped table.",
                zh: "于 {at} 从 {file} 载入的{rate}表已无法读取：{first}请载入更正后的文件，\
                     或恢复为随附的利率表。",
            ),
        )
    })
}

fn view(table: &RateTable, stored: Option<&StoredRateTable>) -> RateTableView {
    let source = table.source();
    let periods = table.periods().to_vec();
    RateTableView {
        source,
        code: rate_source_code(source).to_string(),
        name: source.word().get().to_string(),
        origin: match stored {
            None => RateTableOrigin::Shipped,
            Some(stored) => RateTableOrigin::Loaded {
                file_name: stored.file_name.clone(),
                loaded_at: stored.loaded_at.clone(),
            },
        },
        period_count: u32::try_from(periods.len()).unwrap_or(u32::MAX),
        first_day: periods[0].from,
        known_until: table.known_until(),
        periods,
    }
}
