//! Byte classes of 64 bytes at a time, as bit masks (bit `i` for byte `i`).
//!
//! One pass over a text ([`classify`]) gives each block's [`Block`]: the
//! places where the literal pass may find a literal beginning, the words
//! that may be capitalised, the digits of digit runs, and what the
//! normalisation check needs to find the few places worth a look. Apart
//! from it: the separators of digit runs, literal starts in a short window
//! ([`FirstBytes`]), and the bytes a JSON string must escape.
//!
//! On x86 SSE2 (always there on x86-64) classifies 16 bytes an instruction;
//! elsewhere, byte by byte, with the same answers.

/// Bytes classified at a time.
pub(crate) const BLOCK: usize = 64;

/// The SSE2 steps every classification shares, 16 bytes at a time. Signed
/// compares: non-ASCII bytes are negative, continuation bytes below -64.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
mod sse2 {
    use safe_arch::{
        add_i8_m128i, bitandnot_m128i, bitor_m128i, cmp_lt_mask_i8_m128i, load_unaligned_m128i,
        m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };

    use super::BLOCK;

    /// The four sixteen-byte parts of `block`, with their numbers.
    #[inline]
    pub(super) fn sixteens(block: &[u8; BLOCK]) -> impl Iterator<Item = (usize, m128i)> + '_ {
        block
            .as_chunks::<16>()
            .0
            .iter()
            .map(load_unaligned_m128i)
            .enumerate()
    }

    #[inline]
    pub(super) fn splat(b: u8) -> m128i {
        set_splat_i8_m128i(i8::from_ne_bytes([b]))
    }

    /// Bytes in `lo..=hi`: one add takes the range to the bottom of the
    /// signed range (-128 up), where nothing else lands, and one compare.
    #[inline]
    pub(super) fn within(x: m128i, lo: u8, hi: u8) -> m128i {
        cmp_lt_mask_i8_m128i(
            add_i8_m128i(x, splat(0x80 - lo)),
            splat(0x80 + (hi - lo) + 1),
        )
    }

    /// ASCII letters.
    #[inline]
    pub(super) fn letter(x: m128i) -> m128i {
        within(bitor_m128i(x, splat(0x20)), b'a', b'z')
    }

    /// First bytes of non-ASCII characters: the high bit (the only one
    /// [`mask`] reads) of non-ASCII bytes, kept where they are not
    /// continuations.
    #[inline]
    pub(super) fn lead(x: m128i) -> m128i {
        bitandnot_m128i(cmp_lt_mask_i8_m128i(x, splat(0xC0)), x)
    }

    /// The bytes of `v` with their high bit set, as bits `16 * i` up of a block.
    #[inline]
    pub(super) fn mask(v: m128i, i: usize) -> u64 {
        u64::from(move_mask_i8_m128i(v) as u16) << (16 * i)
    }
}

/// [`FirstBytes::raw`] 16 bytes at a time, comparing with each of `marked`;
/// capitals and name marks only with `NAMES`.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
#[inline]
fn raw_sse2<const N: usize, const NAMES: bool>(block: &[u8; BLOCK], marked: [u8; N]) -> Raw {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i};
    use sse2::{mask, sixteens, splat, within};
    let mut raw = Raw::default();
    let either = |x, a: u8, b: u8| {
        bitor_m128i(
            cmp_eq_mask_i8_m128i(x, splat(a)),
            cmp_eq_mask_i8_m128i(x, splat(b)),
        )
    };
    // Classes used only together are joined before their masks are taken.
    for (i, x) in sixteens(block) {
        let letter = sse2::letter(x);
        let lead = sse2::lead(x);
        raw.letter |= mask(letter, i);
        raw.digit |= mask(within(x, b'0', b'9'), i);
        raw.lead |= mask(lead, i);
        raw.special |= mask(bitor_m128i(lead, either(x, b'&', b'%')), i);
        if NAMES {
            raw.upper_or_lead |= mask(bitor_m128i(lead, within(x, b'A', b'Z')), i);
            raw.name |= mask(bitor_m128i(letter, either(x, b'\'', b'-')), i);
        }
        for m in marked {
            raw.marks |= mask(cmp_eq_mask_i8_m128i(x, splat(m)), i);
        }
    }
    raw
}

/// The block of `bytes` at `base` and a mask of its real bytes: the last,
/// short block is copied into `padded` and filled up with NULs (in no class).
pub(crate) fn block_at<'a>(
    bytes: &'a [u8],
    base: usize,
    padded: &'a mut [u8; BLOCK],
) -> Option<(&'a [u8; BLOCK], u64)> {
    let rest = bytes.get(base..).filter(|rest| !rest.is_empty())?;
    Some(match rest.first_chunk::<BLOCK>() {
        Some(block) => (block, u64::MAX),
        None => {
            padded.fill(0);
            padded[..rest.len()].copy_from_slice(rest);
            (padded, (1u64 << rest.len()) - 1)
        }
    })
}

/// What the scan asks of one block of a text. Every block is classified in
/// one pass ([`classify`]) instead of once by each part of the scan (the
/// literal pass, capitalised words, digit runs, the normalisation check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// Where a literal may begin ([`FirstBytes`]).
    pub(crate) literal_starts: u64,
    /// Where a capitalised word may begin: an ASCII capital or the first
    /// byte of a non-ASCII character, not right after an ASCII letter or
    /// digit. A non-ASCII character before, and the case of a non-ASCII
    /// one, are left to the reader.
    pub(crate) capital_starts: u64,
    /// The ASCII bytes of name-like words: letters, `'` and `-`.
    pub(crate) name: u64,
    /// ASCII letters and digits.
    pub(crate) word: u64,
    /// Bytes that may start something to normalise: `&`, `%` and the first
    /// byte of every non-ASCII character.
    pub(crate) special: u64,
    /// ASCII digits.
    pub(crate) digits: u64,
}

/// Whether `range` of the text whose blocks are `blocks` holds an ASCII
/// digit (yes where the blocks end short of it).
pub(crate) fn any_digit(blocks: &[Block], range: std::ops::Range<usize>) -> bool {
    let Some(last) = range.end.checked_sub(1).filter(|&l| l >= range.start) else {
        return false;
    };
    (range.start / BLOCK..=last / BLOCK).any(|i| {
        let mut digits = blocks.get(i).map_or(u64::MAX, |b| b.digits);
        if i == range.start / BLOCK {
            digits &= u64::MAX << (range.start % BLOCK);
        }
        if i == last / BLOCK {
            digits &= u64::MAX >> (BLOCK - 1 - last % BLOCK);
        }
        digits != 0
    })
}

/// The [`Block`]s of `bytes` for a scan without literals.
#[cfg(test)]
pub(crate) fn blocks_of(bytes: &[u8]) -> Vec<Block> {
    let mut blocks = Vec::new();
    classify(bytes, &FirstBytes::new([]), true, &mut blocks);
    blocks
}

/// The bytes of one block in each class [`Block`] is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Raw {
    letter: u64,
    digit: u64,
    /// First bytes of non-ASCII characters (and the bytes no UTF-8 has, 0xF8 up).
    lead: u64,
    /// Those, `&` and `%`.
    special: u64,
    /// ASCII capitals and `lead`.
    upper_or_lead: u64,
    /// ASCII letters, `'` and `-`.
    name: u64,
    /// The marks of a [`FirstBytes`].
    marks: u64,
}

/// The [`Block`]s of `bytes`, in order, into `out`; literal starts are
/// those of `firsts`. Without `names` (a scan with no PII rules) capitalised
/// word starts and name bytes are left out (zero).
pub(crate) fn classify(bytes: &[u8], firsts: &FirstBytes, names: bool, out: &mut Vec<Block>) {
    if names {
        classify_as::<true>(bytes, firsts, out);
    } else {
        classify_as::<false>(bytes, firsts, out);
    }
}

fn classify_as<const NAMES: bool>(bytes: &[u8], firsts: &FirstBytes, out: &mut Vec<Block>) {
    out.clear();
    let mut padded = [0; BLOCK];
    let (mut after_letter, mut after_word) = (false, false);
    for base in (0..bytes.len()).step_by(BLOCK) {
        // The last, short block is padded with NULs, which begin nothing.
        let Some((block, real)) = block_at(bytes, base, &mut padded) else {
            break;
        };
        let raw = firsts.raw::<NAMES>(block);
        let word = raw.letter | raw.digit;
        out.push(Block {
            literal_starts: firsts.combine(
                raw.letter,
                raw.digit,
                raw.lead,
                raw.marks,
                after_letter,
            ) & real,
            capital_starts: if NAMES {
                raw.upper_or_lead & !(word << 1 | u64::from(after_word)) & real
            } else {
                0
            },
            name: raw.name,
            word,
            special: raw.special,
            digits: raw.digit,
        });
        after_letter = raw.letter >> 63 == 1;
        after_word = word >> 63 == 1;
    }
}

/// The bytes of `block` a JSON string must escape (see [`is_json_escape`]).
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
pub(crate) fn json_escapes(block: &[u8; BLOCK]) -> u64 {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i};
    use sse2::{mask, sixteens, splat, within};
    sixteens(block).fold(0, |found, (i, x)| {
        let quote = bitor_m128i(
            cmp_eq_mask_i8_m128i(x, splat(b'"')),
            cmp_eq_mask_i8_m128i(x, splat(b'\\')),
        );
        found | mask(bitor_m128i(within(x, 0, 0x1F), quote), i)
    })
}

#[cfg(not(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
)))]
pub(crate) fn json_escapes(block: &[u8; BLOCK]) -> u64 {
    by_bytes(block, is_json_escape)
}

/// `"`, `\\` and the control characters below 0x20.
#[cfg_attr(
    all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ),
    allow(dead_code)
)]
fn is_json_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The bytes of `block` that are in `set`.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
#[inline]
pub(crate) fn bytes_in<const N: usize>(block: &[u8; BLOCK], set: &[u8; N]) -> u64 {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i, zeroed_m128i};
    use sse2::{mask, sixteens, splat};
    sixteens(block).fold(0, |found, (i, x)| {
        let any = set.iter().fold(zeroed_m128i(), |any, &b| {
            bitor_m128i(any, cmp_eq_mask_i8_m128i(x, splat(b)))
        });
        found | mask(any, i)
    })
}

#[cfg(not(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
)))]
pub(crate) fn bytes_in<const N: usize>(block: &[u8; BLOCK], set: &[u8; N]) -> u64 {
    by_bytes(block, |b| set.contains(&b))
}

/// The bytes of `block` for which `is` holds, one at a time: the classes
/// above without SSE2, and what the tests compare them against.
#[cfg_attr(
    all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ),
    allow(dead_code)
)]
fn by_bytes(block: &[u8; BLOCK], is: impl Fn(u8) -> bool) -> u64 {
    (0..BLOCK).fold(0, |found, i| found | u64::from(is(block[i])) << i)
}

/// Where, among the bytes of a text, a literal of a set may begin.
///
/// A literal beginning with an ASCII letter or digit is looked for only where
/// the byte before is not an ASCII letter: it would be inside a word there
/// (every consumer of the literal pass drops such hits). Any other literal
/// (`@`, `::`, a word in another script) may begin anywhere its first byte is.
#[derive(Debug, Clone)]
pub(crate) struct FirstBytes {
    /// Some literal begins with an ASCII letter.
    letter: bool,
    /// Some literal begins with an ASCII digit.
    digit: bool,
    /// Some literal begins with a non-ASCII character.
    lead: bool,
    /// The other first bytes.
    marks: Marks,
    /// Every first byte, for the byte-by-byte path.
    table: [bool; 256],
}

/// Marks compared 16 bytes at a time; more go byte by byte.
const MAX_MARKS: usize = 4;

/// The first bytes that are neither ASCII letters, digits nor non-ASCII:
/// as many compares as there are marks (the default policy has two).
#[derive(Debug, Clone)]
enum Marks {
    None,
    One([u8; 1]),
    Two([u8; 2]),
    /// Three or four, the first repeated to fill the array.
    Four([u8; MAX_MARKS]),
    Many,
}

impl FirstBytes {
    /// The first bytes of `literals` (empty literals are skipped).
    pub(crate) fn new<'a>(literals: impl IntoIterator<Item = &'a [u8]>) -> FirstBytes {
        let mut table = [false; 256];
        for literal in literals {
            if let Some(&first) = literal.first() {
                // Matched ASCII case-insensitively.
                table[usize::from(first.to_ascii_lowercase())] = true;
                table[usize::from(first.to_ascii_uppercase())] = true;
            }
        }
        let any = |f: fn(&u8) -> bool| (0..=255u8).any(|b| table[usize::from(b)] && f(&b));
        let marks: Vec<u8> = (0..0x80u8)
            .filter(|&b| table[usize::from(b)] && !b.is_ascii_alphanumeric())
            .collect();
        let marks = match marks[..] {
            [] => Marks::None,
            [one] => Marks::One([one]),
            [one, two] => Marks::Two([one, two]),
            [first, ..] if marks.len() <= MAX_MARKS => {
                let mut four = [first; MAX_MARKS];
                four[..marks.len()].copy_from_slice(&marks);
                Marks::Four(four)
            }
            _ => Marks::Many,
        };
        FirstBytes {
            letter: any(u8::is_ascii_alphabetic),
            digit: any(u8::is_ascii_digit),
            lead: any(|&b| b >= 0xC0),
            marks,
            table,
        }
    }

    /// The classes of `block` that [`classify`] combines, with this set's marks.
    #[inline]
    fn raw<const NAMES: bool>(&self, block: &[u8; BLOCK]) -> Raw {
        #[cfg(all(
            any(target_arch = "x86", target_arch = "x86_64"),
            target_feature = "sse2"
        ))]
        match self.marks {
            Marks::None => return raw_sse2::<0, NAMES>(block, []),
            Marks::One(one) => return raw_sse2::<1, NAMES>(block, one),
            Marks::Two(two) => return raw_sse2::<2, NAMES>(block, two),
            Marks::Four(four) => return raw_sse2::<4, NAMES>(block, four),
            Marks::Many => {
                let marks = by_bytes(block, |b| self.is_mark(b));
                return Raw {
                    marks,
                    ..raw_sse2::<0, NAMES>(block, [])
                };
            }
        }
        #[allow(unreachable_code)]
        let raw = self.raw_bytes(block);
        #[allow(unreachable_code)]
        match NAMES {
            true => raw,
            false => Raw {
                upper_or_lead: 0,
                name: 0,
                ..raw
            },
        }
    }

    /// [`FirstBytes::raw`], byte by byte.
    fn raw_bytes(&self, block: &[u8; BLOCK]) -> Raw {
        let class = |is: fn(u8) -> bool| by_bytes(block, is);
        Raw {
            letter: class(|b| b.is_ascii_alphabetic()),
            digit: class(|b| b.is_ascii_digit()),
            lead: class(|b| b >= 0xC0),
            special: class(|b| b >= 0xC0 || b == b'&' || b == b'%'),
            upper_or_lead: class(|b| b.is_ascii_uppercase() || b >= 0xC0),
            name: class(|b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-'),
            marks: by_bytes(block, |b| self.is_mark(b)),
        }
    }

    /// Whether a literal begins with `b`, an ASCII byte but a letter or digit.
    fn is_mark(&self, b: u8) -> bool {
        b.is_ascii() && !b.is_ascii_alphanumeric() && self.table[usize::from(b)]
    }

    /// The bits of `block` where a literal may begin, given whether the byte
    /// before the block is an ASCII letter; and whether its last byte is one:
    /// what [`classify`] finds, for a stretch of its own (a window).
    #[inline]
    pub(crate) fn starts(&self, block: &[u8; BLOCK], after_letter: bool) -> (u64, bool) {
        let raw = self.raw::<false>(block);
        (
            self.combine(raw.letter, raw.digit, raw.lead, raw.marks, after_letter),
            raw.letter >> 63 == 1,
        )
    }

    /// Whether [`starts_at`](Self::starts_at) can tell the places: no
    /// literal begins with a mark, which a [`Block`] does not record.
    pub(crate) fn reads_blocks(&self) -> bool {
        matches!(self.marks, Marks::None)
    }

    /// [`starts`](Self::starts) of the 64 bytes from `offset` of the text
    /// whose blocks are `blocks`, read off them when
    /// [`reads_blocks`](Self::reads_blocks) (none past their end). The
    /// places may include `&` and `%` too, where no literal begins.
    pub(crate) fn starts_at(
        &self,
        blocks: &[Block],
        offset: usize,
        after_letter: bool,
    ) -> (u64, bool) {
        let (i, shift) = (offset / BLOCK, offset % BLOCK);
        let class = |of: fn(&Block) -> u64| {
            let low = blocks.get(i).map_or(0, of) >> shift;
            match shift {
                0 => low,
                _ => low | blocks.get(i + 1).map_or(0, of) << (BLOCK - shift),
            }
        };
        let (word, digits) = (class(|b| b.word), class(|b| b.digits));
        let letter = word & !digits;
        let starts = self.combine(letter, digits, class(|b| b.special), 0, after_letter);
        (starts, letter >> 63 == 1)
    }

    fn combine(&self, letter: u64, digit: u64, lead: u64, marks: u64, after_letter: bool) -> u64 {
        let when = |on: bool, bits: u64| if on { bits } else { 0 };
        let after_letters = (letter << 1) | u64::from(after_letter);
        ((when(self.letter, letter) | when(self.digit, digit)) & !after_letters)
            | when(self.lead, lead)
            | marks
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Calls `check` on blocks of each of `fills` with every byte at every
    /// position, and (the byte, its position, the fill).
    fn each_block(fills: &[u8], mut check: impl FnMut(&[u8; BLOCK], (u8, usize, u8))) {
        for &fill in fills {
            for i in 0..BLOCK {
                for b in 0..=255u8 {
                    let mut block = [fill; BLOCK];
                    block[i] = b;
                    check(&block, (b, i, fill));
                }
            }
        }
    }

    #[test]
    fn every_byte_at_every_position_is_classed_as_byte_by_byte() {
        // No marks (with literals beginning with a digit and a non-ASCII
        // character), two, three (compared as four) and too many to compare
        // 16 at a time.
        let sets: [&[&str]; 5] = [
            &["7up", "é"],
            &["@x", "+y"],
            &["-a", "+b", "#c"],
            &["a", "!", "#", "$", "%", "&"],
            &[],
        ];
        for set in sets {
            let firsts = FirstBytes::new(set.iter().map(|s| s.as_bytes()));
            each_block(&[b'x', b' ', b'Q', b'5', b'-', 0x80, 0xC3], |block, at| {
                let all = firsts.raw_bytes(block);
                assert_eq!(firsts.raw::<true>(block), all, "{set:?}: {at:?}");
                let without = Raw {
                    upper_or_lead: 0,
                    name: 0,
                    ..all
                };
                assert_eq!(firsts.raw::<false>(block), without, "{set:?}: {at:?}");
            });
        }
    }

    #[test]
    fn digits_separators_and_json_escapes_are_found_as_byte_by_byte() {
        let seps = b" -./()+";
        each_block(&[b'x', b'5', b' ', 0x80], |block, at| {
            assert_eq!(
                json_escapes(block),
                by_bytes(block, is_json_escape),
                "{at:?}"
            );
            assert_eq!(
                bytes_in(block, seps),
                by_bytes(block, |b| seps.contains(&b)),
                "{at:?}"
            );
            assert_eq!(
                bytes_in(block, &[0x80, 0]),
                by_bytes(block, |b| b == 0x80 || b == 0),
                "{at:?}"
            );
            assert_eq!(bytes_in(block, &[]), 0, "{at:?}");
        });
    }

    #[test]
    fn a_literal_may_begin_anywhere_but_inside_a_word() {
        let firsts = FirstBytes::new(["age", "@", "é", "9x"].map(str::as_bytes));
        let mut block = [b' '; BLOCK];
        let text = "page age_x 34age 99 a@é Z";
        block[..text.len()].copy_from_slice(text.as_bytes());
        let (starts, last_letter) = firsts.starts(&block, true);
        let at: Vec<usize> = (0..BLOCK).filter(|i| starts >> i & 1 == 1).collect();
        // Not `p` (a letter ends the block before) nor `age` in `page`; but
        // `x` after `_`, digits and `age` after digits, `@` and `é` after letters.
        assert_eq!(at, vec![5, 9, 11, 12, 13, 17, 18, 20, 21, 22, 25]);
        assert!(!last_letter);
        block[BLOCK - 1] = b'q';
        assert!(firsts.starts(&block, false).1);
    }

    /// [`Block`]s by their definitions, byte by byte over the whole text.
    fn blocks_plainly(bytes: &[u8], firsts: &FirstBytes) -> Vec<Block> {
        let at = |i: usize| bytes.get(i).copied();
        let is = |i: Option<usize>, f: fn(&u8) -> bool| i.and_then(at).is_some_and(|b| f(&b));
        let bit = |on: bool, i: usize| u64::from(on) << (i % BLOCK);
        let mut blocks = vec![Block::default(); bytes.len().div_ceil(BLOCK)];
        for (i, &b) in bytes.iter().enumerate() {
            let before = i.checked_sub(1);
            // Any letter (digit, non-ASCII character) when some literal begins with one.
            let literal = ((b.is_ascii_alphabetic() && firsts.letter)
                || (b.is_ascii_digit() && firsts.digit))
                && !is(before, u8::is_ascii_alphabetic)
                || (b >= 0xC0 && firsts.lead)
                || firsts.is_mark(b);
            let capital =
                (b.is_ascii_uppercase() || b >= 0xC0) && !is(before, u8::is_ascii_alphanumeric);
            let block = &mut blocks[i / BLOCK];
            block.literal_starts |= bit(literal, i);
            block.capital_starts |= bit(capital, i);
            block.name |= bit(b.is_ascii_alphabetic() || b == b'\'' || b == b'-', i);
            block.word |= bit(b.is_ascii_alphanumeric(), i);
            block.special |= bit(b >= 0xC0 || b == b'&' || b == b'%', i);
            block.digits |= bit(b.is_ascii_digit(), i);
        }
        blocks
    }

    proptest::proptest! {
        #[test]
        fn a_text_is_classified_as_its_blocks_are_defined(
            text in "[aZ5 '&%@+é-]{0,200}",
            set in 0usize..4,
        ) {
            // Letters, digits and non-ASCII characters beginning literals
            // or not, and marks compared 16 at a time or byte by byte.
            let sets: [&[&str]; 4] = [&[], &["a", "5", "é"], &["@x", "+y"], &["a", "!", "#", "$", "%", "&"]];
            let firsts = FirstBytes::new(sets[set].iter().map(|s| s.as_bytes()));
            let mut blocks = vec![Block::default(); 3];
            classify(text.as_bytes(), &firsts, true, &mut blocks);
            let expected = blocks_plainly(text.as_bytes(), &firsts);
            proptest::prop_assert_eq!(&blocks, &expected);
            // Without names: the same, but no capitalised words' classes.
            classify(text.as_bytes(), &firsts, false, &mut blocks);
            let without: Vec<Block> = expected
                .iter()
                .map(|b| Block { capital_starts: 0, name: 0, ..*b })
                .collect();
            proptest::prop_assert_eq!(blocks, without);
        }

        #[test]
        fn a_range_has_a_digit_where_one_of_its_bytes_is(
            text in "[a5 ]{0,200}",
            ends in (0usize..210, 0usize..210),
        ) {
            let [start, end] = [ends.0.min(ends.1), ends.0.max(ends.1)].map(|i| i.min(text.len()));
            let expected = text.as_bytes()[start..end].iter().any(u8::is_ascii_digit);
            let blocks = blocks_of(text.as_bytes());
            proptest::prop_assert_eq!(any_digit(&blocks, start..end), expected);
            // Blocks that end short of the range may hold digits.
            proptest::prop_assert!(any_digit(&[], start..end) || start == end);
        }
    }

    #[test]
    fn blocks_cover_the_bytes_and_pad_the_last() {
        let bytes: Vec<u8> = (0..100).map(|i| i as u8 + 1).collect();
        let mut padded = [0; BLOCK];
        let (first, real) = block_at(&bytes, 0, &mut padded).unwrap();
        assert_eq!((first[63], real), (64, u64::MAX));
        let (last, real) = block_at(&bytes, 64, &mut padded).unwrap();
        assert_eq!((last[35], last[36], real), (100, 0, (1 << 36) - 1));
        assert!(block_at(&bytes, 128, &mut padded).is_none());
        assert!(block_at(&[], 0, &mut padded).is_none());
    }
}
