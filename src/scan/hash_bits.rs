//! A set of 64 Ki bits (8 KiB) indexed by hashes: a filter small enough to
//! stay in the first-level cache, which answers "surely not" for most keys
//! before a larger table is read.

/// Bits in a [`HashBits`]; an index keeps its low 16 bits.
pub(crate) const HASH_BITS: u32 = 16;

const WORDS: usize = (1 << HASH_BITS) / 64;

#[derive(Debug, Clone)]
pub(crate) struct HashBits {
    words: Box<[u64; WORDS]>,
}

impl Default for HashBits {
    fn default() -> Self {
        HashBits {
            words: Box::new([0; WORDS]),
        }
    }
}

impl HashBits {
    /// Sets the bit of `index` (its low [`HASH_BITS`] bits).
    pub(crate) fn insert(&mut self, index: usize) {
        let index = index & ((1 << HASH_BITS) - 1);
        self.words[index / 64] |= 1 << (index % 64);
    }

    /// Whether the bit of `index` (its low [`HASH_BITS`] bits) is set.
    #[inline(always)]
    pub(crate) fn contains(&self, index: usize) -> bool {
        let index = index & ((1 << HASH_BITS) - 1);
        self.words[index / 64] >> (index % 64) & 1 == 1
    }

    /// How many bits are set.
    #[cfg(test)]
    pub(crate) fn count(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_finds_its_bit_and_no_other() {
        let mut bits = HashBits::default();
        bits.insert(5);
        bits.insert(70 + (1 << HASH_BITS));
        assert!(bits.contains(5) && bits.contains(70) && bits.contains(5 + (3 << HASH_BITS)));
        assert!(!bits.contains(6) && !bits.contains(69));
        assert_eq!(bits.count(), 2);
    }
}
