//! The streaming reader: header search, grouping of rows, duplicates, and outcomes in file order.
//!
//! The reader holds one document's rows at a time, so memory stays flat however long the file
//! is, except for two indexes that must see the whole file: the customer references already
//! emitted (a customer record comes before the first document that names it) and, per document
//! identity, a 64-bit hash of its key, a 64-bit hash of its cells and its first line, so that a
//! number reappearing further down is reported with the line it first appeared on. Both keep
//! their newest 131,072 keys in memory and the rest in a temporary file, behind filters of about
//! two bytes a key (see `seen.rs`): a million documents take about 8 MB.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::{self, Read};

use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::say;
use creditdesk_core::terms::PaymentTerms;

use crate::decode::{DecodedText, InvalidText, Utf8Text};
use crate::layouts::{self, Built, Mapping, Repeats};
use crate::problem::{FileError, RowOutcome, RowProblem};
use crate::profile::{Layout, Profile, TextEncoding};
use crate::row::{trim, Context, Header, Row};
use crate::seen::{ScratchFailed, Seen, SeenIndex};
use crate::ImportOptions;

/// Reads a file with `profile` and yields its outcomes row by row.
///
/// Checks the profile and the default terms, then reads up to the header: rows before it are a
/// preamble. Fails when no row among the first `profile.header_search_rows` has the required
/// columns, naming them.
pub fn open<R: Read>(
    profile: &Profile,
    input: R,
    options: &ImportOptions,
) -> Result<RecordReader<R>, FileError> {
    profile.check()?;
    let default_terms = match options.default_terms.as_deref() {
        Some(text) => PaymentTerms::parse(text).map_err(FileError::DefaultTerms)?,
        None => PaymentTerms::net(30),
    };

    let mut decoded = DecodedText::new(input, profile.encoding);
    if profile.encoding != TextEncoding::Utf8
        && decoded
            .starts_with_utf8_mark()
            .map_err(FileError::Unreadable)?
    {
        return Err(FileError::Utf8ByteOrderMark {
            profile: profile.name.clone(),
            encoding: profile.encoding.label(),
        });
    }
    let mut csv = csv_reader(profile.delimiter).from_reader(decoded);
    let columns = profile.expected_columns();
    let mut record = csv::StringRecord::new();
    let mut header = None;
    for rows_read in 0..profile.header_search_rows {
        if !csv
            .read_record(&mut record)
            .map_err(|e| file_error(e, profile.encoding))?
        {
            break;
        }
        let mut cells = cells_of(&record);
        if let Some(first) = cells.first_mut().filter(|_| rows_read == 0) {
            // A GB18030 byte order mark decodes to U+FEFF; the UTF-8 one is already dropped.
            *first = first.trim_start_matches('\u{feff}').to_string();
        }
        let line = start_line(&record, csv.position());
        header = Header::bind(line, &cells, &columns);
        if header.is_some() {
            break;
        }
    }
    let Some(header) = header else {
        return Err(FileError::MissingHeader {
            profile: profile.name.clone(),
            expected: profile.required_columns(),
            searched: profile.header_search_rows,
        });
    };
    if profile.layout == Layout::Generic {
        // The generic layout is what users write by hand or map to: a column it does not read
        // is a misspelling or a wrong name, never an extra column of a known export.
        let unread = header.unread();
        if !unread.is_empty() {
            return Err(FileError::UnreadColumns {
                profile: profile.name.clone(),
                line: header.line,
                columns: unread.into_iter().map(str::to_string).collect(),
                expected: columns.iter().map(|c| c.names[0].clone()).collect(),
            });
        }
    }

    let context = Context {
        options: options.clone(),
        numbers: profile.number_format(),
        dates: profile.date_format,
        default_terms,
        currencies_read: RefCell::new(Vec::new()),
        terms_read: RefCell::new(Vec::new()),
    };
    Ok(RecordReader {
        csv,
        encoding: profile.encoding,
        header,
        mapping: layouts::mapping(profile.layout),
        context,
        spare_records: vec![record],
        last_cell: String::new(),
        fingerprint_bytes: Vec::new(),
        group: Vec::new(),
        group_key: None,
        group_notes: Vec::new(),
        group_broken: Vec::new(),
        customers_seen: SeenIndex::default(),
        documents_seen: SeenIndex::default(),
        scratch_failed: None,
        group_outcomes: Vec::new(),
        pending: VecDeque::new(),
        finished: false,
    })
}

/// The hash of the per-file indexes: foldhash in its quality variant, which spreads a change of
/// any input bit over the whole 64 bits as SipHash does, at a fraction of its cost on cells. The
/// seed is fixed, so that an import reads the same file the same way every time.
type IndexHash = foldhash::quality::FixedState;

/// An iterator over the outcomes of one file, in file order.
///
/// Yields `Err` once and then ends when the file itself fails (not readable, not valid text);
/// the outcomes before it are still valid, but the file should be treated as not imported.
pub struct RecordReader<R: Read> {
    csv: csv::Reader<DecodedText<R>>,
    encoding: TextEncoding,
    header: Header,
    mapping: Box<dyn Mapping>,
    context: Context,
    /// Records of rows already turned into outcomes, for later rows to be read into, so that
    /// reading a row allocates nothing.
    spare_records: Vec<csv::StringRecord>,
    /// Room for the last cell of a CRLF row, reused from row to row.
    last_cell: String,
    /// Room for what a fingerprint hashes, reused from document to document.
    fingerprint_bytes: Vec<u8>,
    /// The rows of the document being read, exact duplicates left out.
    group: Vec<Row>,
    group_key: Option<String>,
    /// Warnings about rows of the current group, reported with it.
    group_notes: Vec<RowProblem>,
    /// Rows of the current group with the wrong number of cells: (line, cells).
    group_broken: Vec<(u64, usize)>,
    /// The customers emitted so far, by the hash of their reference.
    customers_seen: SeenIndex,
    /// The documents read so far, by the hash of their identity (and, for identities that
    /// several documents share, of their cells too).
    documents_seen: SeenIndex,
    /// Set when the indexes could not be written to their temporary file; the reader then
    /// yields it and ends.
    scratch_failed: Option<FileError>,
    /// The outcomes of the group being turned into outcomes, kept empty between groups so that
    /// its allocation serves every group.
    group_outcomes: Vec<RowOutcome>,
    pending: VecDeque<RowOutcome>,
    finished: bool,
}

impl<R: Read> RecordReader<R> {
    /// Bytes taken from the input so far (ahead of the outcomes by at most a buffer), for a
    /// progress bar against the file size.
    pub fn bytes_read(&self) -> u64 {
        self.csv.get_ref().bytes_read()
    }

    /// The physical line of the header row.
    pub fn header_line(&self) -> u64 {
        self.header.line
    }

    /// The next data row, skipping rows whose cells are all empty.
    fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        let mut record = self.spare_records.pop().unwrap_or_default();
        loop {
            let more = self.csv.read_record(&mut record);
            if !more.map_err(|e| file_error(e, self.encoding))? {
                self.spare_records.push(record);
                return Ok(None);
            }
            if record.iter().all(|cell| trim(cell).is_empty()) {
                continue;
            }
            let line = start_line(&record, self.csv.position());
            return Ok(Some(Row::new(line, record, &mut self.last_cell)));
        }
    }

    fn take(&mut self, row: Row) {
        let key = self.mapping.group_key(&row, &self.header);
        let continues = key.is_some() && key == self.group_key;
        if !continues {
            self.flush();
        }
        self.group_key = key;

        if row.len() != self.header.names.len() {
            self.group_broken.push((row.line, row.len()));
            self.spare_records.push(row.into_record());
        } else if let Some(earlier) = self.group.iter().find(|r| r.same_cells(&row)) {
            self.group_notes
                .push(duplicate_row(row.line, earlier.line, 1));
            self.spare_records.push(row.into_record());
        } else {
            self.group.push(row);
        }
        if self.group_key.is_none() {
            self.flush();
        }
    }

    /// Turns the current group into outcomes, and keeps its records for later rows.
    fn flush(&mut self) {
        let nothing = self.group.is_empty() && self.group_notes.is_empty();
        if nothing && self.group_broken.is_empty() {
            self.group_key = None;
            return;
        }
        let mut rows = std::mem::take(&mut self.group);
        self.flush_rows(&rows);
        self.spare_records
            .extend(rows.drain(..).map(Row::into_record));
        self.group = rows;
    }

    fn flush_rows(&mut self, rows: &[Row]) {
        let notes = std::mem::take(&mut self.group_notes);
        let broken = std::mem::take(&mut self.group_broken);
        self.group_key = None;

        if !broken.is_empty() {
            // A row whose cells are shifted cannot be read; the rows of the same document are
            // left out with it, so that no document is imported with a part missing.
            let consequence = if rows.is_empty() {
                String::new()
            } else {
                say!(
                    en: " The other rows of the same invoice were not imported either.",
                    zh: "同一发票的其他行也未导入。",
                )
            };
            let (header_line, header_cells) = (self.header.line, self.header.names.len());
            let problems = broken.into_iter().map(|(line, cells)| {
                let message = if cells > header_cells {
                    say!(
                        en: "the row has {cells} cells, but the header on line {header_line} has \
                             {header_cells}; a cell probably contains the delimiter without \
                             quotes, so correct the row.{consequence}",
                        zh: "该行有 {cells} 个单元格，但第 {header_line} 行的表头有 \
                             {header_cells} 个；可能有单元格含有分隔符却未加引号，请更正该行。\
                             {consequence}",
                    )
                } else {
                    say!(
                        en: "the row has {cells} cells, but the header on line {header_line} has \
                             {header_cells}; a cell is missing (an empty one still needs its \
                             delimiter), so correct the row.{consequence}",
                        zh: "该行有 {cells} 个单元格，但第 {header_line} 行的表头有 \
                             {header_cells} 个；缺少单元格（空单元格也需要保留分隔符），请更正\
                             该行。{consequence}",
                    )
                };
                RowOutcome::Problem(RowProblem {
                    line,
                    column: None,
                    value: None,
                    message,
                })
            });
            let mut outcomes: Vec<RowOutcome> = problems.collect();
            outcomes.extend(notes.into_iter().map(RowOutcome::Warning));
            outcomes.sort_by_key(RowOutcome::line);
            self.pending.extend(outcomes);
            return;
        }
        let Some(first) = rows.first() else {
            self.pending
                .extend(notes.into_iter().map(RowOutcome::Warning));
            return;
        };
        let first_line = first.line;

        let mut outcomes = std::mem::take(&mut self.group_outcomes);
        let mismatches = self.shared_mismatches(rows);
        if !mismatches.is_empty() {
            outcomes.extend(mismatches.into_iter().map(RowOutcome::Problem));
        } else {
            match self.occurrence(rows) {
                Ok(occurrence) => {
                    let built = self
                        .mapping
                        .build(rows, &self.header, &self.context, occurrence);
                    let seen = &mut self.customers_seen;
                    if let Err(failed) = collect(seen, first_line, built, &mut outcomes) {
                        self.scratch_failed = Some(scratch_error(failed));
                    }
                }
                Err(outcome) => outcomes.push(outcome),
            }
        }

        if !notes.is_empty() {
            outcomes.extend(notes.into_iter().map(RowOutcome::Warning));
        }
        if outcomes.len() > 1 {
            // Stable: at one line, records come before the warnings about them.
            outcomes.sort_by_key(RowOutcome::line);
        }
        // One at a time: most groups have one outcome, which this moves with the least work.
        for outcome in outcomes.drain(..) {
            self.pending.push_back(outcome);
        }
        self.group_outcomes = outcomes;
    }

    /// Problems for cells that should repeat the group's first row but do not.
    fn shared_mismatches(&self, rows: &[Row]) -> Vec<RowProblem> {
        let first = &rows[0];
        let mut problems = Vec::new();
        for row in &rows[1..] {
            for field in self.mapping.shared_fields() {
                let expected = self.header.cell(first, field).trim();
                let found = self.header.cell(row, field).trim();
                if expected != found {
                    let column = self.header.name(field);
                    let first_line = first.line;
                    let message = say!(
                        en: "differs from \"{expected}\" on line {first_line}, the first row of \
                             the same invoice; every row of one invoice must repeat its {column}.",
                        zh: "与同一发票第一行（第 {first_line} 行）的“{expected}”不同；同一发票的\
                             每一行都必须重复相同的“{column}”。",
                    );
                    problems.push(RowProblem {
                        line: row.line,
                        column: Some(column),
                        value: Some(found.to_string()),
                        message,
                    });
                }
            }
        }
        problems
    }

    /// What the documents index holds under `key`. When its temporary file fails, the failure
    /// is kept for the iterator to yield and the document is read as new; nothing read after
    /// that is imported.
    fn seen(&mut self, key: u64) -> Option<Seen> {
        match self.documents_seen.get(key) {
            Ok(found) => found,
            Err(failed) => {
                self.scratch_failed = Some(scratch_error(failed));
                None
            }
        }
    }

    fn remember(&mut self, key: u64, seen: Seen) {
        if let Err(failed) = self.documents_seen.put(key, seen) {
            self.scratch_failed = Some(scratch_error(failed));
        }
    }

    /// Which occurrence of its identity the group is, or the outcome that replaces it: a
    /// warning for an exact repeat of an earlier document, a problem for a conflicting one.
    fn occurrence(&mut self, rows: &[Row]) -> Result<u32, RowOutcome> {
        let Some(identity) = self.mapping.identity(&rows[0], &self.header, &self.context) else {
            return Ok(1);
        };
        let fingerprint = fingerprint(rows, &mut self.fingerprint_bytes);
        let first_line = rows[0].line;
        let line = u32::try_from(first_line).unwrap_or(u32::MAX);
        let seen = Seen {
            fingerprint,
            line,
            occurrences: 1,
        };

        if identity.repeats == Repeats::Counted {
            // Several documents may share the identity; only a repeat of one of them cell for
            // cell is a duplicate, so each one is remembered by identity and cells together.
            let cells_key = hash_of(&(&identity.key, fingerprint));
            if let Some(earlier) = self.seen(cells_key) {
                let warning = duplicate_row(first_line, earlier.line(), rows.len());
                return Err(RowOutcome::Warning(warning));
            }
            self.remember(cells_key, seen);
            let key = hash_of(&identity.key);
            let count = self.seen(key);
            let occurrences = count.map_or(0, |count| count.occurrences) + 1;
            let first = count.unwrap_or(seen);
            self.remember(
                key,
                Seen {
                    occurrences,
                    ..first
                },
            );
            return Ok(occurrences);
        }

        let key = hash_of(&identity.key);
        match self.seen(key) {
            None => {
                self.remember(key, seen);
                Ok(1)
            }
            Some(earlier) if earlier.fingerprint == fingerprint => Err(RowOutcome::Warning(
                duplicate_row(first_line, earlier.line(), rows.len()),
            )),
            Some(earlier) => {
                let noun = identity.noun;
                let earlier_line = earlier.line();
                let message = say!(
                    en: "is already used by the {noun} on line {earlier_line}, whose cells \
                         differ; this {noun} was not imported. Give each {noun} its own number, \
                         or remove the outdated rows.",
                    zh: "已被第 {earlier_line} 行的{noun}使用，两者的单元格内容不同；此{noun}未\
                         导入。请确保各{noun}的编号互不相同，或删除过时的行。",
                );
                Err(RowOutcome::Problem(RowProblem {
                    line: first_line,
                    column: Some(self.header.name(identity.field)),
                    value: Some(
                        self.header
                            .cell(&rows[0], identity.field)
                            .trim()
                            .to_string(),
                    ),
                    message,
                }))
            }
        }
    }
}

impl<R: Read> Iterator for RecordReader<R> {
    type Item = Result<RowOutcome, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(failed) = self.scratch_failed.take() {
                self.finished = true;
                self.pending.clear();
                return Some(Err(failed));
            }
            if let Some(outcome) = self.pending.pop_front() {
                return Some(Ok(outcome));
            }
            if self.finished {
                return None;
            }
            match self.next_row() {
                Ok(Some(row)) => self.take(row),
                Ok(None) => {
                    self.flush();
                    self.finished = true;
                }
                Err(err) => {
                    self.finished = true;
                    return Some(Err(err));
                }
            }
        }
    }
}

/// Adds the outcomes of `built`, the records of the document on `line`, to `outcomes`: its
/// customer comes first when `customers_seen` does not have it yet.
fn collect(
    customers_seen: &mut SeenIndex,
    line: u64,
    built: Built,
    outcomes: &mut Vec<RowOutcome>,
) -> Result<(), ScratchFailed> {
    match built {
        Built::Records {
            customer,
            mut records,
            warnings,
        } => {
            if let Some(customer) = customer {
                if first_seen(customers_seen, customer.reference)? {
                    records.insert(0, LedgerRecord::Customer(customer.record()));
                }
            }
            for record in &records[..] {
                if let LedgerRecord::Customer(customer) = record {
                    first_seen(customers_seen, &customer.reference)?;
                }
            }
            outcomes.push(RowOutcome::Records { line, records });
            if !warnings.is_empty() {
                outcomes.extend(warnings.into_iter().map(RowOutcome::Warning));
            }
        }
        Built::Skipped(warning) => outcomes.push(RowOutcome::Warning(warning)),
        Built::Failed(problems) => outcomes.extend(problems.into_iter().map(RowOutcome::Problem)),
    }
    Ok(())
}

/// Adds `reference` to the customers seen; true the first time.
fn first_seen(customers_seen: &mut SeenIndex, reference: &str) -> Result<bool, ScratchFailed> {
    let key = hash_of(reference);
    if customers_seen.get(key)?.is_some() {
        return Ok(false);
    }
    let seen = Seen {
        fingerprint: 0,
        line: 0,
        occurrences: 1,
    };
    customers_seen.put(key, seen)?;
    Ok(true)
}

fn scratch_error(failed: ScratchFailed) -> FileError {
    FileError::Scratch(failed.0.to_string())
}

/// The CSV settings of every import. Rows end at `\n` only: with the csv crate's default (`\r`,
/// `\n` or `\r\n`) a record after a CRLF line reports the line before its own, and physical
/// line numbers are what problems point at. The `\r` of a CRLF file is dropped by [`cells_of`]
/// and [`Row::new`].
pub(crate) fn csv_reader(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'));
    builder
}

/// The physical line `record` starts on, given the reader's position after reading it.
///
/// The csv reader gives a record the position where the previous record ended, before the
/// empty lines it skips without a word, so the line is counted back from the record's end
/// instead: the record ends with a `\n` (the decoded text always ends with one) and holds the
/// line breaks of its quoted cells. Only a record that does not end on the line after the
/// previous one has its cells scanned.
pub(crate) fn start_line(record: &csv::StringRecord, end: &csv::Position) -> u64 {
    let after_previous = record.position().map_or(1, csv::Position::line);
    let end = end.line();
    if end <= after_previous + 1 {
        return after_previous;
    }
    let inside = record
        .as_byte_record()
        .as_slice()
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64;
    end.saturating_sub(1 + inside).max(after_previous)
}

/// The cells of a record, without the `\r` that ends the last cell in a CRLF file.
pub(crate) fn cells_of(record: &csv::StringRecord) -> Vec<String> {
    let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
    if let Some(last) = cells.last_mut() {
        if last.ends_with('\r') {
            last.pop();
        }
    }
    cells
}

/// The warning for rows that repeat earlier ones cell for cell.
fn duplicate_row(line: u64, earlier: u64, rows: usize) -> RowProblem {
    let message = if rows == 1 {
        say!(
            en: "repeats line {earlier} exactly (every cell is the same), so it was skipped as a \
                 duplicate.",
            zh: "与第 {earlier} 行完全相同（每个单元格都一样），已作为重复行跳过。",
        )
    } else {
        say!(
            en: "starts {rows} rows that repeat those from line {earlier} exactly (every cell is \
                 the same), so they were skipped as duplicates.",
            zh: "从本行起的 {rows} 行与从第 {earlier} 行起的各行完全相同（每个单元格都一样），\
                 已作为重复行跳过。",
        )
    };
    RowProblem {
        line,
        column: None,
        value: None,
        message,
    }
}

pub(crate) fn file_error(err: csv::Error, encoding: TextEncoding) -> FileError {
    let line = err.position().map_or(0, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(io) => {
            let invalid = io
                .get_ref()
                .and_then(|e| e.downcast_ref::<InvalidText>())
                .copied();
            let utf8 = io
                .get_ref()
                .and_then(|e| e.downcast_ref::<Utf8Text>())
                .copied();
            match (invalid, utf8) {
                (Some(InvalidText { line }), _) => FileError::InvalidEncoding {
                    line,
                    encoding: encoding.label(),
                },
                (None, Some(Utf8Text { line })) => FileError::Utf8Text {
                    line,
                    encoding: encoding.label(),
                },
                (None, None) => FileError::Unreadable(io),
            }
        }
        csv::ErrorKind::Utf8 { .. } => FileError::InvalidEncoding {
            line,
            encoding: encoding.label(),
        },
        // Not expected from a flexible reader of decoded text; reported as an unreadable file.
        other => FileError::Unreadable(io::Error::other(format!("{other:?}"))),
    }
}

/// A hash of the cells of `rows`: of the number of rows, and for each row of the number of cells,
/// the length of each and their text, which together tell the cells apart exactly. They are
/// gathered in `bytes` and hashed in one write, which costs less than a write per cell.
fn fingerprint(rows: &[Row], bytes: &mut Vec<u8>) -> u64 {
    // Each count in base 128, low digits first, with the high bit set on every byte but the
    // last: no count is the start of another, so the bytes read back one way only.
    fn push_count(bytes: &mut Vec<u8>, mut count: usize) {
        while count >= 0x80 {
            bytes.push(0x80 | (count & 0x7f) as u8);
            count >>= 7;
        }
        bytes.push(count as u8);
    }
    bytes.clear();
    push_count(bytes, rows.len());
    for row in rows {
        push_count(bytes, row.len());
        for cell in row.cells() {
            push_count(bytes, cell.len());
        }
        bytes.extend_from_slice(row.text().as_bytes());
    }
    let mut hasher = IndexHash::default().build_hasher();
    hasher.write(bytes);
    hasher.finish()
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    IndexHash::default().hash_one(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row::new(
            2,
            csv::StringRecord::from(cells.to_vec()),
            &mut String::new(),
        )
    }

    #[test]
    fn fingerprints_tell_cells_apart_by_where_they_end_not_only_by_their_text() {
        let mut bytes = Vec::new();
        let mut print = |rows: &[Row]| fingerprint(rows, &mut bytes);
        assert_ne!(print(&[row(&["ab", "c"])]), print(&[row(&["a", "bc"])]));
        assert_ne!(print(&[row(&["a", ""])]), print(&[row(&["a"])]));
        let (split_late, split_early) = (
            [row(&["a", "b"]), row(&["c"])],
            [row(&["a"]), row(&["b", "c"])],
        );
        assert_ne!(print(&split_late), print(&split_early));
        // A length of two base-128 digits.
        let long = "x".repeat(300);
        assert_ne!(
            print(&[row(&[&long, "y"])]),
            print(&[row(&[&long[..299], "xy"])])
        );
        assert_eq!(
            print(&[row(&["A-1", "10.00\r"])]),
            print(&[row(&["A-1", "10.00"])]),
            "a CRLF row has the cells of the same row ending with LF"
        );
    }
}
