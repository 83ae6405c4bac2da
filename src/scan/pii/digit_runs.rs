//! Runs of digits joined by short separators ("4111 1111-1111",
//! "+1 (716) 681"): where digit-triggered recognizers look. Found from masks
//! of 64 bytes at a time, in a handful of bit operations a block and a few
//! per run; log lines hold a run every ten bytes.

use crate::scan::byte_class::{block_at, bytes_in, Block, BLOCK};

/// Separators allowed inside one run of digits.
const SEPARATORS: &[u8; 7] = b" -./()+";

/// Digits and separators of one block.
#[derive(Debug, Clone, Copy, Default)]
struct Masks {
    digits: u64,
    seps: u64,
}

impl Masks {
    /// The block at `base` (none past the end), whose classes are `block`.
    /// The separators of a block without digits are left out: only a digit
    /// beside one makes it count.
    fn at(bytes: &[u8], block: Option<&Block>, base: usize) -> Masks {
        let digits = block.map_or(0, |b| b.digits);
        if digits == 0 {
            return Masks::default();
        }
        let mut padded = [0; BLOCK];
        let seps = block_at(bytes, base, &mut padded).map_or(0, |(b, _)| bytes_in(b, SEPARATORS));
        Masks { digits, seps }
    }
}

/// The bytes of `this` block in runs: its digits, and its separators that
/// join two digits across one or two separators. `before` and `after` are
/// the neighbouring blocks, for joins across the edges.
fn joined(before: Masks, this: Masks, after: Masks) -> u64 {
    // Bit `i` of each: whether byte `i` + or - n is a digit or a separator.
    let digit_back1 = this.digits << 1 | before.digits >> 63;
    let digit_back2 = this.digits << 2 | before.digits >> 62;
    let digit_on1 = this.digits >> 1 | after.digits << 63;
    let digit_on2 = this.digits >> 2 | after.digits << 62;
    let sep_back1 = this.seps << 1 | before.seps >> 63;
    let sep_on1 = this.seps >> 1 | after.seps << 63;
    let one = digit_back1 & digit_on1;
    let first_of_two = sep_on1 & digit_back1 & digit_on2;
    let second_of_two = sep_back1 & digit_back2 & digit_on1;
    this.digits | this.seps & (one | first_of_two | second_of_two)
}

/// Runs of digits joined by short separators, as (start, end, digit count),
/// from left to right.
pub(super) struct DigitRuns<'a> {
    bytes: &'a [u8],
    /// The classes of each block of `bytes`.
    blocks: &'a [Block],
    /// Start of the current block.
    base: usize,
    before: Masks,
    this: Masks,
    after: Masks,
    /// Bits of the current block in runs not yet given.
    left: u64,
}

impl<'a> DigitRuns<'a> {
    /// The runs of `bytes`, whose blocks are `blocks`.
    pub(super) fn new(bytes: &'a [u8], blocks: &'a [Block]) -> Self {
        let mut runs = DigitRuns {
            bytes,
            blocks,
            base: 0,
            before: Masks::default(),
            this: Masks::default(),
            after: Masks::at(bytes, blocks.first(), 0),
            left: 0,
        };
        runs.shift();
        runs
    }

    /// Moves to the next block; `false` at the end of the text.
    fn advance(&mut self) -> bool {
        if self.base + BLOCK >= self.bytes.len() {
            return false;
        }
        self.base += BLOCK;
        self.shift();
        true
    }

    /// Makes the block at `base` the current one, the last one's successor.
    /// Always inlined: called out of line, logs took 3% more instructions.
    #[inline(always)]
    fn shift(&mut self) {
        self.before = self.this;
        self.this = self.after;
        let next = self.base + BLOCK;
        self.after = Masks::at(self.bytes, self.blocks.get(next / BLOCK), next);
        self.left = joined(self.before, self.this, self.after);
    }
}

impl Iterator for DigitRuns<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        while self.left == 0 {
            if !self.advance() {
                return None;
            }
        }
        let start = self.base + self.left.trailing_zeros() as usize;
        let mut count = 0;
        loop {
            // The lowest stretch of set bits, which may reach the block's end.
            let low = self.left.trailing_zeros();
            let len = (!(self.left >> low)).trailing_zeros();
            let stretch = if low + len == 64 {
                u64::MAX << low
            } else {
                ((1 << len) - 1) << low
            };
            count += (self.this.digits & stretch).count_ones() as usize;
            self.left &= !stretch;
            let end = self.base + (low + len) as usize;
            // A run ends on a digit, so one reaching the block's end goes on
            // into the next block exactly when that one starts with it.
            if low + len < 64 || !self.advance() || self.left & 1 == 0 {
                return Some((start, end, count));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn runs_of(bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        DigitRuns::new(bytes, &crate::scan::byte_class::blocks_of(bytes)).collect()
    }

    #[test]
    fn digit_runs_join_short_separators() {
        let runs: Vec<_> = runs_of(b"call +1 (716) 681-7498 or 12, then 3.5");
        assert_eq!(runs, vec![(6, 22, 11), (26, 28, 2), (35, 38, 2)]);
    }

    #[test]
    fn runs_cross_blocks() {
        let mut text = vec![b'a'; 200];
        text[60..70].copy_from_slice(b"1234 -6789");
        text[126..130].copy_from_slice(b"1. 2");
        text[190..200].copy_from_slice(b"9999999999");
        let runs: Vec<_> = runs_of(&text);
        assert_eq!(runs, vec![(60, 70, 8), (126, 130, 2), (190, 200, 10)]);
        assert_eq!(runs_of(b""), []);
        assert_eq!(runs_of(&[b'7'; 128]), [(0, 128, 128)]);
    }

    /// Digit runs the plain way: digits, joined across one or two separators.
    fn digit_runs_plainly(b: &[u8]) -> Vec<(usize, usize, usize)> {
        let sep = |i: usize| b.get(i).is_some_and(|c| SEPARATORS.contains(c));
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut runs = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !digit(i) {
                i += 1;
                continue;
            }
            let (start, mut count) = (i, 0);
            let mut end = i;
            loop {
                if digit(i) {
                    count += 1;
                    i += 1;
                    end = i;
                } else if sep(i) && digit(i + 1) {
                    i += 1;
                } else if sep(i) && sep(i + 1) && digit(i + 2) {
                    i += 2;
                } else {
                    break;
                }
            }
            runs.push((start, end, count));
            i = end;
        }
        runs
    }

    proptest::proptest! {
        #[test]
        fn digit_runs_are_found_as_plainly(
            dense in "[0-9 ./()+a,-]{0,300}",
            // Blocks without digits, and runs at blocks' edges.
            sparse in "([a ]{0,70}[0-9 .-]{0,4}){0,8}",
        ) {
            for t in [dense, sparse] {
                let runs: Vec<_> = runs_of(t.as_bytes());
                proptest::prop_assert_eq!(runs, digit_runs_plainly(t.as_bytes()));
            }
        }
    }
}
