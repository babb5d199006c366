//! The natural keys an import has written to a table that was empty when it began, kept as
//! Bloom filters, so that the writer can tell a new invoice number or settlement reference from
//! one the book may hold without reading the book.
//!
//! A filter answers "certainly not written" or "maybe written": a key it has not seen is
//! reported as maybe written about once in two thousand times, and the writer then reads the
//! book to be sure. The filters take about two to four bytes a key, so an import of a million
//! documents keeps a few megabytes for them instead of its keys.
//!
//! Invariant: every key added is reported as maybe written for as long as the filter lives.

use std::hash::{BuildHasher, Hash};

/// Keys of the first filter; each further one holds twice as many as the one before.
const FIRST_CAPACITY: usize = 1 << 16;

/// Bits per key of a filter filled to its capacity, and the bits each key sets: about one false
/// "maybe" in two thousand.
const BITS_PER_KEY: usize = 16;
const PROBES: u64 = 10;

/// A chain of Bloom filters, each twice the size of the one before, so that the chain needs no
/// size up front and stays near its false-positive rate however many keys come.
#[derive(Default)]
pub(crate) struct KnownKeys {
    /// Seeded per process, so a file cannot choose keys that all fall on the same bits.
    hasher: foldhash::fast::RandomState,
    filters: Vec<Filter>,
}

struct Filter {
    bits: Vec<u64>,
    keys: usize,
    capacity: usize,
}

impl KnownKeys {
    /// Whether `key` may have been added; `false` means it certainly was not.
    pub(crate) fn may_hold(&self, key: impl Hash) -> bool {
        let hash = self.hasher.hash_one(key);
        self.filters.iter().any(|filter| filter.may_hold(hash))
    }

    pub(crate) fn add(&mut self, key: impl Hash) {
        let hash = self.hasher.hash_one(key);
        let full = self.filters.last().is_none_or(|f| f.keys >= f.capacity);
        if full {
            let capacity = self
                .filters
                .last()
                .map_or(FIRST_CAPACITY, |f| f.capacity * 2);
            self.filters.push(Filter::for_keys(capacity));
        }
        let newest = self
            .filters
            .last_mut()
            .expect("a filter with room was just made");
        newest.add(hash);
    }
}

impl Filter {
    fn for_keys(capacity: usize) -> Filter {
        // A power of two of bits, so that a bit is found with a mask instead of a division.
        let words = (capacity * BITS_PER_KEY / 64).next_power_of_two();
        Filter {
            bits: vec![0; words],
            keys: 0,
            capacity,
        }
    }

    fn add(&mut self, hash: u64) {
        for bit in probes(hash, self.bits.len()) {
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
        self.keys += 1;
    }

    fn may_hold(&self, hash: u64) -> bool {
        probes(hash, self.bits.len()).all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// The bits of `hash` in a filter of `words` words (a power of two): double hashing, with an odd
/// step so that the probes of one key never repeat.
fn probes(hash: u64, words: usize) -> impl Iterator<Item = usize> {
    let mask = (words as u64 * 64) - 1;
    let step = hash.rotate_left(32) | 1;
    (0..PROBES).map(move |i| (hash.wrapping_add(i.wrapping_mul(step)) & mask) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_written_is_known_and_almost_no_other_is() {
        let mut known = KnownKeys::default();
        let written = 300_000;
        for n in 0..written {
            known.add(format!("INV-{n:07}"));
        }
        assert!((0..written).all(|n| known.may_hold(format!("INV-{n:07}"))));

        let others = 100_000;
        let false_maybes = (0..others)
            .filter(|n| known.may_hold(format!("PAY-{n:07}")))
            .count();
        // Three filters of about one in two thousand each: well under one in a hundred.
        assert!(false_maybes < others / 100, "{false_maybes} false maybes");
    }

    #[test]
    fn nothing_is_known_before_a_key_is_added() {
        let known = KnownKeys::default();
        assert!(!known.may_hold("INV-0001"));
    }
}
