//! What a file has shown so far, by 64-bit key, in memory that barely grows with the file.
//!
//! The reader must know, for every document of a file, whether an earlier one had the same
//! identity (and on which line, with which cells), and for every customer whether its record was
//! already emitted. Those answers cover the whole file, so they cannot be forgotten as the file
//! streams past.
//!
//! Entries are held in a B-tree of at most [`BATCH`] keys (about 40 bytes each). When it is full,
//! the batch is written, in key order, to a private temporary SQLite database that SQLite deletes
//! when the reader is dropped, and a Bloom filter of the batch's keys stays in memory (under two
//! bytes a key). A key that no filter may hold is new without a read; the others (the keys seen
//! before, and about one in a thousand others per batch) are looked up on disk. A file of a
//! million documents thus keeps under 8 MB in memory for this index instead of 40, and writes
//! it in a few sorted passes instead of a random insert per document.
//!
//! Invariant: the B-tree holds the newest value of each key it holds; a key absent from it has
//! its newest value on disk, if any.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};

/// Keys held in memory before a batch is written to disk: about 5 MB.
pub(crate) const BATCH: usize = 1 << 17;

/// The page cache of the temporary database, in KiB.
const SPILLED_CACHE_KIB: i64 = 8192;

/// Bits of a batch's Bloom filter per key, and the probes of a key: about one false "maybe" in
/// a thousand.
const FILTER_BITS_PER_KEY: usize = 15;
const FILTER_PROBES: u64 = 10;

/// What is kept of a key already seen: a hash of the cells that came with it, its first line,
/// and for identities shared by several documents, how many there have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub fingerprint: u64,
    /// Saturates at `u32::MAX`; no export has four billion lines.
    pub line: u32,
    pub occurrences: u32,
}

impl Seen {
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }
}

/// The temporary database could not be made or written (the disk holding the system's
/// temporary files is full or not writable).
#[derive(Debug)]
pub(crate) struct ScratchFailed(pub rusqlite::Error);

/// Keys seen so far, with what was seen with each.
pub(crate) struct SeenIndex {
    memory: BTreeMap<u64, Seen>,
    batch: usize,
    disk: Option<Disk>,
}

/// The batches written so far: the database and a filter per batch.
struct Disk {
    conn: Connection,
    filters: Vec<Filter>,
}

impl Default for SeenIndex {
    fn default() -> SeenIndex {
        SeenIndex::in_batches_of(BATCH)
    }
}

impl SeenIndex {
    /// An index that writes its keys to disk `batch` at a time.
    pub fn in_batches_of(batch: usize) -> SeenIndex {
        SeenIndex {
            memory: BTreeMap::new(),
            batch: batch.max(1),
            disk: None,
        }
    }

    /// What was seen with `key`, if it was.
    pub fn get(&mut self, key: u64) -> Result<Option<Seen>, ScratchFailed> {
        if let Some(seen) = self.memory.get(&key) {
            return Ok(Some(*seen));
        }
        let Some(disk) = &self.disk else {
            return Ok(None);
        };
        if !disk.filters.iter().any(|filter| filter.may_hold(key)) {
            return Ok(None);
        }
        let found = disk
            .conn
            .prepare_cached("SELECT fingerprint, line, occurrences FROM seen WHERE key = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([stored(key)], |row| {
                        Ok(Seen {
                            fingerprint: row.get::<_, i64>(0)? as u64,
                            line: row.get(1)?,
                            occurrences: row.get(2)?,
                        })
                    })
                    .optional()
            });
        found.map_err(ScratchFailed)
    }

    /// Keeps `seen` under `key`, replacing what was there.
    pub fn put(&mut self, key: u64, seen: Seen) -> Result<(), ScratchFailed> {
        self.memory.insert(key, seen);
        if self.memory.len() >= self.batch {
            self.write_batch().map_err(ScratchFailed)?;
        }
        Ok(())
    }

    /// Writes the keys in memory to disk, in key order, with a filter of them.
    fn write_batch(&mut self) -> rusqlite::Result<()> {
        if self.disk.is_none() {
            self.disk = Some(Disk::open()?);
        }
        let disk = self.disk.as_mut().expect("opened just above");
        let mut filter = Filter::for_keys(self.memory.len());
        let mut insert = disk.conn.prepare_cached(
            "INSERT OR REPLACE INTO seen (key, fingerprint, line, occurrences)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (key, seen) in &self.memory {
            insert.execute((
                stored(*key),
                seen.fingerprint as i64,
                seen.line,
                seen.occurrences,
            ))?;
            filter.add(*key);
        }
        drop(insert);
        disk.filters.push(filter);
        self.memory.clear();
        Ok(())
    }
}

impl Disk {
    fn open() -> rusqlite::Result<Disk> {
        // An empty name opens a private database in a temporary file, deleted when closed.
        let conn = Connection::open("")?;
        conn.pragma_update(None, "cache_size", -SPILLED_CACHE_KIB)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE seen (
                 key INTEGER PRIMARY KEY,
                 fingerprint INTEGER NOT NULL,
                 line INTEGER NOT NULL,
                 occurrences INTEGER NOT NULL
             );
             BEGIN;",
        )?;
        Ok(Disk {
            conn,
            filters: Vec::new(),
        })
    }
}

/// A Bloom filter of 64-bit keys that are already well mixed hashes.
struct Filter {
    bits: Vec<u64>,
}

impl Filter {
    fn for_keys(keys: usize) -> Filter {
        let words = (keys * FILTER_BITS_PER_KEY).div_ceil(64).max(1);
        Filter {
            bits: vec![0; words],
        }
    }

    fn add(&mut self, key: u64) {
        for (word, mask) in positions(self.bits.len(), key) {
            self.bits[word] |= mask;
        }
    }

    fn may_hold(&self, key: u64) -> bool {
        positions(self.bits.len(), key).all(|(word, mask)| self.bits[word] & mask != 0)
    }
}

/// The bit positions of `key` in a filter of `words` words, by double hashing of its halves.
fn positions(words: usize, key: u64) -> impl Iterator<Item = (usize, u64)> {
    let size = words as u64 * 64;
    let (first, step) = (key, key.rotate_left(32) | 1);
    (0..FILTER_PROBES).map(move |i| {
        let bit = first.wrapping_add(i.wrapping_mul(step)) % size;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    })
}

/// A key as SQLite stores it: the same 64 bits as a signed integer.
fn stored(key: u64) -> i64 {
    key as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(line: u32) -> Seen {
        Seen {
            fingerprint: u64::MAX - u64::from(line),
            line,
            occurrences: 1,
        }
    }

    /// Keys spread as a hash spreads them.
    fn key(n: u64) -> u64 {
        n.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17)
    }

    #[test]
    fn keys_answer_the_same_before_and_after_their_batch_is_written_to_disk() {
        let mut index = SeenIndex::in_batches_of(3);
        let keys = [0, 1, u64::MAX, 1 << 63, 42, 7, 12345678901234567890];
        for (line, key) in keys.iter().enumerate() {
            assert_eq!(index.get(*key).unwrap(), None, "key {key} before it is put");
            index.put(*key, seen(line as u32)).unwrap();
            for (earlier, key) in keys[..=line].iter().enumerate() {
                assert_eq!(index.get(*key).unwrap(), Some(seen(earlier as u32)));
            }
        }
        assert_eq!(index.disk.as_ref().map(|d| d.filters.len()), Some(2));

        // A key written to disk and then replaced answers with its newest value, in memory
        // and again once that is written.
        let counted = Seen {
            occurrences: 5,
            ..seen(1)
        };
        index.put(1, counted).unwrap();
        assert_eq!(index.get(1).unwrap(), Some(counted));
        index.put(2, seen(9)).unwrap();
        assert!(
            index.memory.is_empty(),
            "the third key in memory wrote the batch"
        );
        assert_eq!(index.get(1).unwrap(), Some(counted));
        assert_eq!(index.get(4).unwrap(), None);
    }

    #[test]
    fn a_filter_holds_every_key_added_and_few_others() {
        let mut filter = Filter::for_keys(10_000);
        (0..10_000).for_each(|n| filter.add(key(n)));
        assert!((0..10_000).all(|n| filter.may_hold(key(n))));
        let false_maybes = (10_000..110_000)
            .filter(|n| filter.may_hold(key(*n)))
            .count();
        assert!(
            false_maybes < 300,
            "{false_maybes} of 100,000 new keys were maybes"
        );
    }
}
