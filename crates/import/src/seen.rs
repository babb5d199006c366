//! What a file has shown so far, by 64-bit key, in memory that barely grows with the file.
//!
//! The reader must know, for every document of a file, whether an earlier one had the same
//! identity (and on which line, with which cells), and for every customer whether its record was
//! already emitted. Those answers cover the whole file, so they cannot be forgotten as the file
//! streams past.
//!
//! Entries are held in a hash table of at most [`BATCH`] keys (about 50 bytes each, with the
//! table's spare room). When it is full, the batch is sorted and appended to a private temporary
//! file as one run of fixed-size entries, and the run keeps in memory a Bloom filter of its keys
//! (two bytes a key) and every [`STRIDE`]th key (an eighth of a byte a key). A key that no
//! filter may hold is new after one memory read per run; for the others (the keys seen before,
//! and about one in a thousand others per run) the run's marks say which few entries to read
//! from the file. A file of a million documents thus keeps about 8 MB in memory for this index,
//! and writes it once, in sequence, a few milliseconds per batch: the reader never stops for
//! long, which the thread writing the records it reads would notice.
//!
//! Invariant: the hash table holds the newest value of each key it holds; a key absent from it
//! has its newest value in the newest run that holds it, if any.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Keys held in memory before a batch is written to disk: about 6 MB.
pub(crate) const BATCH: usize = 1 << 17;

/// Entries of a run between two keys kept in memory: a lookup reads at most this many from the
/// file (1.5 KB).
const STRIDE: usize = 64;

/// Bytes of an entry on disk: key, fingerprint, line, occurrences, little-endian.
const ENTRY_BYTES: usize = 24;

/// Bits of a run's Bloom filter per key, and the bits each key sets, all in one block of
/// [`BLOCK_WORDS`] words: about one false "maybe" in a thousand, for one cache line read.
const FILTER_BITS_PER_KEY: usize = 16;
const FILTER_PROBES: u32 = 7;
const BLOCK_WORDS: usize = 8;

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

/// The temporary file could not be made, written or read (the disk holding the system's
/// temporary files is full or not writable).
#[derive(Debug)]
pub(crate) struct ScratchFailed(pub io::Error);

/// The keys are hashes already, as well spread as a hash table needs: they are used as they are.
#[derive(Default)]
struct KeyAsHash(u64);

impl Hasher for KeyAsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; other input is folded in for completeness.
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Keys seen so far, with what was seen with each.
pub(crate) struct SeenIndex {
    memory: HashMap<u64, Seen, BuildHasherDefault<KeyAsHash>>,
    batch: usize,
    disk: Option<Disk>,
}

/// The runs written so far, oldest first, in one file.
struct Disk {
    file: File,
    /// Where the next run starts.
    end: u64,
    runs: Vec<Run>,
    /// Room for the entries a lookup reads.
    block: Vec<u8>,
}

/// One batch on disk: entries in ascending key order, each key once.
struct Run {
    start: u64,
    entries: usize,
    /// The key of entries 0, STRIDE, 2 × STRIDE and so on.
    marks: Vec<u64>,
    filter: Filter,
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
            memory: HashMap::default(),
            batch: batch.max(1),
            disk: None,
        }
    }

    /// What was seen with `key`, if it was.
    pub fn get(&mut self, key: u64) -> Result<Option<Seen>, ScratchFailed> {
        if let Some(seen) = self.memory.get(&key) {
            return Ok(Some(*seen));
        }
        let Some(disk) = &mut self.disk else {
            return Ok(None);
        };
        for index in (0..disk.runs.len()).rev() {
            if disk.runs[index].filter.may_hold(key) {
                if let Some(seen) = disk.find(index, key).map_err(ScratchFailed)? {
                    return Ok(Some(seen));
                }
            }
        }
        Ok(None)
    }

    /// Keeps `seen` under `key`, replacing what was there.
    pub fn put(&mut self, key: u64, seen: Seen) -> Result<(), ScratchFailed> {
        self.memory.insert(key, seen);
        if self.memory.len() >= self.batch {
            self.write_batch().map_err(ScratchFailed)?;
        }
        Ok(())
    }

    /// Appends the keys in memory to the file as a run, in key order, with a filter of them.
    fn write_batch(&mut self) -> io::Result<()> {
        if self.disk.is_none() {
            self.disk = Some(Disk {
                file: tempfile::tempfile()?,
                end: 0,
                runs: Vec::new(),
                block: Vec::new(),
            });
        }
        let disk = self.disk.as_mut().expect("opened just above");
        let mut entries: Vec<(u64, Seen)> = self.memory.drain().collect();
        entries.sort_unstable_by_key(|(key, _)| *key);

        let mut filter = Filter::for_keys(entries.len());
        let mut marks = Vec::with_capacity(entries.len().div_ceil(STRIDE));
        // Lookups move the file's position: runs are appended where the last one ended.
        let mut file = &disk.file;
        file.seek(SeekFrom::Start(disk.end))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        for (n, (key, seen)) in entries.iter().enumerate() {
            if n % STRIDE == 0 {
                marks.push(*key);
            }
            filter.add(*key);
            out.write_all(&encode(*key, seen))?;
        }
        out.flush()?;
        drop(out);

        let run = Run {
            start: disk.end,
            entries: entries.len(),
            marks,
            filter,
        };
        disk.end += (entries.len() * ENTRY_BYTES) as u64;
        disk.runs.push(run);
        Ok(())
    }
}

impl Disk {
    /// Reads `key` from run `index`: the entries between the two marks around it.
    fn find(&mut self, index: usize, key: u64) -> io::Result<Option<Seen>> {
        let run = &self.runs[index];
        let after = run.marks.partition_point(|mark| *mark <= key);
        let Some(stretch) = after.checked_sub(1) else {
            return Ok(None);
        };
        let first = stretch * STRIDE;
        let count = STRIDE.min(run.entries - first);
        self.block.resize(count * ENTRY_BYTES, 0);
        let mut file = &self.file;
        file.seek(SeekFrom::Start(run.start + (first * ENTRY_BYTES) as u64))?;
        file.read_exact(&mut self.block)?;

        let entry = |at: usize| &self.block[at * ENTRY_BYTES..(at + 1) * ENTRY_BYTES];
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = (low + high) / 2;
            let found = read_u64(&entry(middle)[0..8]);
            match found.cmp(&key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(Some(decode(entry(middle)))),
            }
        }
        Ok(None)
    }
}

fn encode(key: u64, seen: &Seen) -> [u8; ENTRY_BYTES] {
    let mut bytes = [0; ENTRY_BYTES];
    bytes[0..8].copy_from_slice(&key.to_le_bytes());
    bytes[8..16].copy_from_slice(&seen.fingerprint.to_le_bytes());
    bytes[16..20].copy_from_slice(&seen.line.to_le_bytes());
    bytes[20..24].copy_from_slice(&seen.occurrences.to_le_bytes());
    bytes
}

fn decode(entry: &[u8]) -> Seen {
    Seen {
        fingerprint: read_u64(&entry[8..16]),
        line: u32::from_le_bytes(entry[16..20].try_into().expect("four bytes")),
        occurrences: u32::from_le_bytes(entry[20..24].try_into().expect("four bytes")),
    }
}

fn read_u64(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
}

/// A blocked Bloom filter of 64-bit keys that are already well mixed hashes: every bit of a key
/// falls in one block of [`BLOCK_WORDS`] words, so that a lookup reads one cache line.
struct Filter {
    words: Vec<u64>,
    /// The number of blocks less one (a power of two less one).
    block_mask: u64,
}

impl Filter {
    fn for_keys(keys: usize) -> Filter {
        let blocks = (keys * FILTER_BITS_PER_KEY)
            .div_ceil(64 * BLOCK_WORDS)
            .next_power_of_two();
        Filter {
            words: vec![0; blocks * BLOCK_WORDS],
            block_mask: blocks as u64 - 1,
        }
    }

    /// The first word of the key's block, and the bits it sets there (9 bits of the key per
    /// probe, one of the 512 bits of a block).
    fn probes(&self, key: u64) -> (usize, impl Iterator<Item = (usize, u64)>) {
        // The block from the high bits mixed once more, the probes from the low bits.
        let block = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) & self.block_mask;
        let first = block as usize * BLOCK_WORDS;
        let bits = (0..FILTER_PROBES).map(move |i| {
            let bit = (key >> (i * 9)) & 511;
            ((bit / 64) as usize, 1u64 << (bit % 64))
        });
        (first, bits)
    }

    fn add(&mut self, key: u64) {
        let (first, bits) = self.probes(key);
        for (word, mask) in bits {
            self.words[first + word] |= mask;
        }
    }

    fn may_hold(&self, key: u64) -> bool {
        let (first, mut bits) = self.probes(key);
        bits.all(|(word, mask)| self.words[first + word] & mask != 0)
    }
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
        assert_eq!(index.disk.as_ref().map(|d| d.runs.len()), Some(2));

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
    fn runs_longer_than_a_stride_find_every_key_and_no_other() {
        let mut index = SeenIndex::in_batches_of(1000);
        // From 1: `key(0)` is 0, which the last lookups ask for.
        for n in 1..=2500 {
            index.put(key(n), seen(n as u32)).unwrap();
        }
        assert_eq!(index.disk.as_ref().map(|d| d.runs.len()), Some(2));
        for n in 1..=2500 {
            assert_eq!(index.get(key(n)).unwrap(), Some(seen(n as u32)), "key {n}");
        }
        assert!((2501..12_500).all(|n| index.get(key(n)).unwrap().is_none()));
        // Keys below and above every key of a run.
        assert_eq!(index.get(0).unwrap(), None);
        assert_eq!(index.get(u64::MAX).unwrap(), None);
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
