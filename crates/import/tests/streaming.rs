//! A million-row export streams through the reader without its rows or records being kept.
//!
//! Alone in its test binary, so that the process's peak memory is this scenario's.

use std::io::{self, Read};

use creditdesk_core::money::Currency;
use creditdesk_import::{builtin, open, ImportOptions, RowOutcome};

const ROWS: u64 = 1_000_000;

/// A generic payments export written on the fly: `ROWS` payments of 1,000 customers.
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
    for outcome in reader.by_ref() {
        let RowOutcome::Records { records, .. } = outcome.unwrap() else {
            panic!("a bad row")
        };
        payments += 1;
        customers += records.len() as u64 - 1;
    }
    assert_eq!((payments, customers), (ROWS, 1000));
    assert!(
        reader.bytes_read() > 50_000_000,
        "the export is about 57 MB"
    );

    // Kept: the 1,000 customer references and about 40 bytes per payment reference (a B-tree
    // of hashes). The records alone would take over 250 MB, the text about 57 MB.
    let (Some(before), Some(after)) = (before, peak_kib()) else {
        println!("skipped the memory check: no /proc/self/status on this system");
        return;
    };
    let grown_mib = (after.saturating_sub(before)) / 1024;
    println!("peak memory grew by {grown_mib} MiB over {ROWS} rows");
    assert!(grown_mib < 64, "peak memory grew by {grown_mib} MiB");
}
