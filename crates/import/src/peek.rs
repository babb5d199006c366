//! A look at the top of a file before it is imported: its header and first rows as text.
//!
//! Choosing a profile, or mapping columns to fields, needs the file's own column names in front
//! of the user. The look reads the file the way an import would (the profile's encoding and
//! delimiter, the preamble skipped) but turns no cell into a number or a date, and stops after
//! a few rows, so it is as quick on a million-row export as on a small one.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::decode::DecodedText;
use crate::problem::FileError;
use crate::profile::{Profile, TextEncoding};
use crate::reader::{cells_of, csv_reader, file_error, start_line};
use crate::row::Header;

/// The header and the first data rows of a file, as text.
///
/// Invariant: rows whose cells are all empty are left out, as an import skips them; `rows`
/// holds at most the number of rows asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peek {
    /// The physical line of the header row (1-based).
    pub header_line: u64,
    /// Whether the header has every required column of the profile. When it has not, the
    /// header shown is the row with the most filled cells among the rows searched, so that the
    /// user can map the file's columns to the fields.
    pub header_matched: bool,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads the header and at most `limit` data rows of `input` with `profile`.
///
/// Fails as an import would on a profile that cannot be used, on bytes that are not valid text
/// in the profile's encoding, on a UTF-8 file read as another encoding, and on an input that
/// cannot be read; a file with no rows at all gives an empty header.
pub fn peek<R: Read>(profile: &Profile, input: R, limit: usize) -> Result<Peek, FileError> {
    profile.check()?;
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

    // The rows searched are kept until the header is known: without a matching header, the
    // rows after the fullest one are the data.
    let mut searched: Vec<(u64, Vec<String>)> = Vec::new();
    let mut matched = None;
    while searched.len() < profile.header_search_rows as usize {
        if !csv
            .read_record(&mut record)
            .map_err(|e| file_error(e, profile.encoding))?
        {
            break;
        }
        let mut cells = cells_of(&record);
        if let Some(first) = cells.first_mut().filter(|_| searched.is_empty()) {
            *first = first.trim_start_matches('\u{feff}').to_string();
        }
        let line = start_line(&record, csv.position());
        let found = Header::bind(line, &cells, &columns).is_some();
        searched.push((line, cells));
        if found {
            matched = Some(searched.len() - 1);
            break;
        }
    }
    let header_matched = matched.is_some();
    let Some(header_at) = matched.or_else(|| fullest_row(&searched)) else {
        return Ok(Peek {
            header_line: 1,
            header_matched,
            headers: Vec::new(),
            rows: Vec::new(),
        });
    };

    let mut searched = searched.into_iter().skip(header_at);
    let (header_line, headers) = searched
        .next()
        .expect("the header is among the rows searched");
    let mut rows: Vec<Vec<String>> = searched
        .map(|(_, cells)| cells)
        .filter(|cells| !blank(cells))
        .take(limit)
        .collect();
    while rows.len() < limit {
        if !csv
            .read_record(&mut record)
            .map_err(|e| file_error(e, profile.encoding))?
        {
            break;
        }
        let cells = cells_of(&record);
        if !blank(&cells) {
            rows.push(cells);
        }
    }
    Ok(Peek {
        header_line,
        header_matched,
        headers,
        rows,
    })
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}

/// The first of the rows with the most filled cells: a preamble ("Invoice list", "Period: ...")
/// fills one or two, a header fills every column.
fn fullest_row(rows: &[(u64, Vec<String>)]) -> Option<usize> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let most = rows.iter().map(|(_, cells)| filled(cells)).max()?;
    rows.iter().position(|(_, cells)| filled(cells) == most)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::builtin;

    #[test]
    fn the_preamble_is_skipped_and_blank_rows_left_out() {
        let text = "Receivables export\nPeriod: 2024\nnumber,date,amount\nA-1,2024-01-05,10.00\n\
                    ,,\nA-2,2024-01-06,20.00\nA-3,2024-01-07,30.00\n";
        let peek = peek(&builtin("generic").unwrap(), text.as_bytes(), 2).unwrap();
        assert_eq!(peek.header_line, 3);
        assert!(peek.header_matched);
        assert_eq!(peek.headers, ["number", "date", "amount"]);
        assert_eq!(
            peek.rows,
            [
                ["A-1", "2024-01-05", "10.00"],
                ["A-2", "2024-01-06", "20.00"]
            ],
            "at most the rows asked for, the blank one left out"
        );
    }

    #[test]
    fn without_a_matching_header_the_fullest_row_stands_for_it() {
        let text = "Rechnungen\nRechnung;Datum;Betrag\nR-1;05.01.2024;10,00\n";
        let peek = peek(&builtin("generic-de").unwrap(), text.as_bytes(), 20).unwrap();
        assert!(!peek.header_matched);
        assert_eq!(peek.header_line, 2);
        assert_eq!(peek.headers, ["Rechnung", "Datum", "Betrag"]);
        assert_eq!(peek.rows, [["R-1", "05.01.2024", "10,00"]]);
    }

    #[test]
    fn an_empty_file_has_an_empty_header() {
        let peek = peek(&builtin("generic").unwrap(), &b""[..], 20).unwrap();
        assert!(peek.headers.is_empty() && peek.rows.is_empty());
    }
}
