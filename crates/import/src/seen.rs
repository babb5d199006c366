//! What a file has shown so far, by 64-bit key, in memory that does not grow with the file.
//!
//! The reader must know, for every document of a file, whether an earlier one had the same
//! identity (and on which line, with which cells), and for every customer whether its record was
//! already emitted. Those answers cover the whole file, so they cannot be forgotten as the file
//! streams past. Up to [`IN_MEMORY`] entries are held in a B-tree (about 40 bytes each); the
//! entry after that moves them all into a private temporary SQLite database, whose page cache is
//! bounded ([`SPILLED_CACHE_KIB`]) and which SQLite deletes when the reader is dropped. Most
//! files never leave memory; a file of a million documents reads with the same memory as one of
//! a hundred thousand.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};

/// Entries held in memory before they move to disk: about 5 MB.
pub(crate) const IN_MEMORY: usize = 1 << 17;

/// The page cache of the temporary database, in KiB.
const SPILLED_CACHE_KIB: i64 = 16384;

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
///
/// Invariant: a key is in `memory` or in `disk`, never in both; once `disk` exists, `memory`
/// stays empty.
pub(crate) struct SeenIndex {
    memory: BTreeMap<u64, Seen>,
    in_memory: usize,
    disk: Option<Connection>,
}

impl Default for SeenIndex {
    fn default() -> SeenIndex {
        SeenIndex::holding_in_memory(IN_MEMORY)
    }
}

impl SeenIndex {
    /// An index that moves to disk at its `in_memory + 1`th entry.
    pub fn holding_in_memory(in_memory: usize) -> SeenIndex {
        SeenIndex {
            memory: BTreeMap::new(),
            in_memory,
            disk: None,
        }
    }

    /// What was seen with `key`, if it was.
    pub fn get(&mut self, key: u64) -> Result<Option<Seen>, ScratchFailed> {
        let Some(disk) = &self.disk else {
            return Ok(self.memory.get(&key).copied());
        };
        let found = disk
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
        if self.disk.is_none() {
            if self.memory.len() < self.in_memory || self.memory.contains_key(&key) {
                self.memory.insert(key, seen);
                return Ok(());
            }
            self.spill().map_err(ScratchFailed)?;
        }
        let disk = self.disk.as_ref().expect("spilled just above");
        write(disk, key, seen).map_err(ScratchFailed)
    }

    /// Moves every entry to a new temporary database.
    fn spill(&mut self) -> rusqlite::Result<()> {
        // An empty name opens a private database in a temporary file, deleted when closed.
        let disk = Connection::open("")?;
        disk.pragma_update(None, "cache_size", -SPILLED_CACHE_KIB)?;
        disk.execute_batch(
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
        for (key, seen) in std::mem::take(&mut self.memory) {
            write(&disk, key, seen)?;
        }
        self.disk = Some(disk);
        Ok(())
    }
}

/// A key as SQLite stores it: the same 64 bits as a signed integer.
fn stored(key: u64) -> i64 {
    key as i64
}

fn write(disk: &Connection, key: u64, seen: Seen) -> rusqlite::Result<()> {
    disk.prepare_cached(
        "INSERT OR REPLACE INTO seen (key, fingerprint, line, occurrences) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((
        stored(key),
        seen.fingerprint as i64,
        seen.line,
        seen.occurrences,
    ))?;
    Ok(())
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

    #[test]
    fn keys_answer_the_same_before_and_after_the_index_moves_to_disk() {
        let mut index = SeenIndex::holding_in_memory(3);
        let keys = [0, 1, u64::MAX, 1 << 63, 42, 7, 12345678901234567890];
        for (line, key) in keys.iter().enumerate() {
            assert_eq!(index.get(*key).unwrap(), None, "key {key} before it is put");
            index.put(*key, seen(line as u32)).unwrap();
            for (earlier, key) in keys[..=line].iter().enumerate() {
                assert_eq!(index.get(*key).unwrap(), Some(seen(earlier as u32)));
            }
        }
        assert!(index.disk.is_some() && index.memory.is_empty());

        let counted = Seen {
            occurrences: 5,
            ..seen(1)
        };
        index.put(1, counted).unwrap();
        assert_eq!(index.get(1).unwrap(), Some(counted));
        assert_eq!(index.get(2).unwrap(), None);
    }

    #[test]
    fn replacing_a_key_in_memory_never_moves_the_index_to_disk() {
        let mut index = SeenIndex::holding_in_memory(1);
        index.put(9, seen(1)).unwrap();
        index.put(9, seen(2)).unwrap();
        assert!(index.disk.is_none());
        assert_eq!(index.get(9).unwrap(), Some(seen(2)));
    }
}
