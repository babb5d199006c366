//! A million-row export streams through the reader without its rows, its records or an index
//! of its documents being kept in memory, and still knows a document repeated at its very end.
//!
//! Alone in its test binary, so that the process's peak memory is this scenario's.

use std::io::{self, Read};

use creditdesk_core::money::Currency;
use creditdesk_import::{builtin, open, ImportOptions, RowOutcome};

const ROWS: u64 = 1_000_000;

/// The rows after the `ROWS` payments: the first payment again, cell for cell, and the second
/// again with another amount.
const REPEATS: &[u8] =
    b"payment,C-1,P-1,2024-03-15,2.01,INV-1\npayment,C-2,P-2,2024-03-15,9.99,INV-2\n";

/// A generic payments export written on the fly: `ROWS` payments of 1,000 customers, then
/// [`REPEATS`].
struct GeneratedExport {
    written: u64,
    chunk: Vec<u8>,
    position: usize,
}

impl Read for GeneratedExport {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.position == self.chunk.len() {
            self.chunk.clear();
            self.position = 0;
            if self.written == 0 {
                self.chunk
                    .extend_from_slice(b"record,customer_ref,number,date,amount,invoice\n");
            }
            while self.chunk.len() < 16 * 1024 && self.written < ROWS {
                self.written += 1;
                let n = self.written;
                let row = format!(
                    "payment,C-{},P-{n},2024-03-15,{}.{:02},INV-{n}\n",
                    n % 1000,
                    // Never 0.00: a payment of nothing is a bad row.
                    n % 9999 + 1,
                    n % 100
                );
                self.chunk.extend_from_slice(row.as_bytes());
            }
            if self.written == ROWS {
                self.chunk.extend_from_slice(REPEATS);
                self.written += 1;
            }
        }
        let count = out.len().min(self.chunk.len() - self.position);
        out[..count].copy_from_slice(&self.chunk[self.position..self.position + count]);
        self.position += count;
        Ok(count)
    }
}

/// The process's peak resident memory in KiB (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_million_rows_stream_through_in_flat_memory() {
    let before = peak_kib();
    let profile = builtin("generic").unwrap();
    let options = ImportOptions::new(Currency::from_code("EUR").unwrap());
    let export = GeneratedExport {
        written: 0,
        chunk: Vec::new(),
        position: 0,
    };
    let mut reader = open(&profile, export, &options).unwrap();

    let (mut customers, mut payments) = (0u64, 0u64);
    let mut repeats = Vec::new();
    for outcome in reader.by_ref() {
        match outcome.unwrap() {
            RowOutcome::Records { records, .. } => {
                payments += 1;
                customers += records.len() as u64 - 1;
            }
            RowOutcome::Warning(said) | RowOutcome::Problem(said) => {
                repeats.push(format!("line {}: {}", said.line, said.message))
            }
        }
    }
    assert_eq!((payments, customers), (ROWS, 1000));
    // The index of the payments read moved to a temporary file long before these rows.
    let last = ROWS + 1;
    assert_eq!(
        repeats,
        [
            format!(
                "line {}: repeats line 2 exactly (every cell is the same), so it was skipped as \
                 a duplicate.",
                last + 1
            ),
            format!(
                "line {}: is already used by the settlement on line 3, whose cells differ; this \
                 settlement was not imported. Give each settlement its own number, or remove the \
                 outdated rows.",
                last + 2
            ),
        ]
    );
    assert!(
        reader.bytes_read() > 50_000_000,
        "the export is about 57 MB"
    );

    // Kept: the 1,000 customer references, the last 131,072 payments seen (about 5 MB), and for
    // the others a Bloom filter (under 2 bytes each) beside a temporary file read through an 8 MiB
    // page cache. The records alone would take over 250 MB, the text about 57 MB, an index of
    // every payment in memory about 40 MB.
    let (Some(before), Some(after)) = (before, peak_kib()) else {
        println!("skipped the memory check: no /proc/self/status on this system");
        return;
    };
    let grown_mib = (after.saturating_sub(before)) / 1024;
    println!("peak memory grew by {grown_mib} MiB over {ROWS} rows");
    assert!(grown_mib < 24, "peak memory grew by {grown_mib} MiB");
}
