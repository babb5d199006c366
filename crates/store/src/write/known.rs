//! The natural keys an import has written to a table that was empty when it began, kept as
//! Bloom filters, so that the writer can tell a new invoice number or settlement reference from
//! one the book may hold without reading the book.
//!
//! A filter answers "certainly not written" or "maybe written": a key it has not seen is
//! reported as maybe written about once in a thousand times, and the writer then reads the book
//! to be sure. The filters take two bytes a key, so an import of a million documents keeps a
//! few megabytes for them instead of its keys. Every bit of a key lies in one block of 64 bytes,
//! so that asking about a key reads one cache line of each filter, and the first filter holds a
//! million keys, so that most imports have one: the writer asks about every record it writes.
//!
//! Invariant: every key added is reported as maybe written for as long as the filter lives.

use std::hash::{BuildHasher, Hash};

/// Keys of the first filter; each further one holds twice as many as the one before. Its bits
/// (2 MiB) are zeroed memory that the system maps as the filter first writes to it, so a small
/// import takes a few pages of it.
const FIRST_CAPACITY: usize = 1 << 20;

/// Bits per key of a filter filled to its capacity, and the bits each key sets, all in one block
/// of [`BLOCK_WORDS`] words: about one false "maybe" in a thousand.
const BITS_PER_KEY: usize = 16;
const PROBES: u32 = 7;
const BLOCK_WORDS: usize = 8;

/// A chain of Bloom filters, each twice the size of the one before, so that the chain needs no
/// size up front and stays near its false-positive rate however many keys come.
pub(crate) struct KnownKeys {
    /// Seeded per process, so a file cannot choose keys that all fall on the same bits.
    hasher: foldhash::fast::RandomState,
    /// Keys of the first filter: [`FIRST_CAPACITY`] but in tests.
    first_capacity: usize,
    filters: Vec<Filter>,
}

impl Default for KnownKeys {
    fn default() -> KnownKeys {
        KnownKeys {
            hasher: foldhash::fast::RandomState::default(),
            first_capacity: FIRST_CAPACITY,
            filters: Vec::new(),
        }
    }
}

struct Filter {
    words: Vec<u64>,
    /// The number of blocks less one (a power of two less one).
    block_mask: u64,
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
                .map_or(self.first_capacity, |f| f.capacity * 2);
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
        // A power of two of blocks, so that a block is found with a mask instead of a division.
        let blocks = (capacity * BITS_PER_KEY)
            .div_ceil(64 * BLOCK_WORDS)
            .next_power_of_two();
        Filter {
            words: vec![0; blocks * BLOCK_WORDS],
            block_mask: blocks as u64 - 1,
            keys: 0,
            capacity,
        }
    }

    fn add(&mut self, hash: u64) {
        let (first, bits) = probes(hash, self.block_mask);
        for (word, mask) in bits {
            self.words[first + word] |= mask;
        }
        self.keys += 1;
    }

    fn may_hold(&self, hash: u64) -> bool {
        let (first, mut bits) = probes(hash, self.block_mask);
        bits.all(|(word, mask)| self.words[first + word] & mask != 0)
    }
}

/// The first word of the block of `hash` in a filter of `block_mask + 1` blocks, and the bits
/// it sets there: the block from the hash mixed once more, each bit from nine bits of the hash
/// (one of the 512 bits of a block).
fn probes(hash: u64, block_mask: u64) -> (usize, impl Iterator<Item = (usize, u64)>) {
    let block = (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) & block_mask;
    let bits = (0..PROBES).map(move |i| {
        let bit = (hash >> (i * 9)) & 511;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    });
    (block as usize * BLOCK_WORDS, bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_written_is_known_and_almost_no_other_is() {
        // Filters of 16,384, 32,768 ... keys: the fifth is partly filled.
        let mut known = KnownKeys {
            first_capacity: 1 << 14,
            ..KnownKeys::default()
        };
        let written = 300_000;
        for n in 0..written {
            known.add(format!("INV-{n:07}"));
        }
        assert!((0..written).all(|n| known.may_hold(format!("INV-{n:07}"))));

        let others = 100_000;
        let false_maybes = (0..others)
            .filter(|n| known.may_hold(format!("PAY-{n:07}")))
            .count();
        assert_eq!(known.filters.len(), 5);
        // Five filters of about one in a thousand each: well under one in a hundred.
        assert!(false_maybes < others / 100, "{false_maybes} false maybes");
    }

    #[test]
    fn nothing_is_known_before_a_key_is_added() {
        let known = KnownKeys::default();
        assert!(!known.may_hold("INV-0001"));
    }
}
