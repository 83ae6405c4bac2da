//! Byte classes of 64 bytes at a time, as bit masks (bit `i` for byte `i`):
//! what the normalisation check needs to find the few places worth a look,
//! the places where the literal pass may find a literal beginning, the
//! words that may be capitalised, the digits and separators of digit runs,
//! and the bytes a JSON string must escape.
//!
//! On x86 SSE2 (always there on x86-64) classifies 16 bytes an instruction;
//! elsewhere, byte by byte, with the same answers.

/// Bytes of a block in each class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Classes {
    /// ASCII letters and digits.
    pub(crate) word: u64,
    /// Bytes that may start something to normalise: `&`, `%` and the first
    /// byte of every non-ASCII character.
    pub(crate) special: u64,
}

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

    /// ASCII letters and digits.
    #[inline]
    pub(super) fn alphanumeric(x: m128i) -> m128i {
        bitor_m128i(letter(x), within(x, b'0', b'9'))
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

/// What finding capitalised words needs of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Capitals {
    /// Where a capitalised word may begin: an ASCII capital or the first
    /// byte of a non-ASCII character, not right after an ASCII letter or
    /// digit. A non-ASCII character before, and the case of a non-ASCII
    /// one, are left to the caller.
    pub(crate) starts: u64,
    /// The ASCII bytes of name-like words: letters, `'` and `-`.
    pub(crate) name: u64,
    /// Whether the block's last byte is an ASCII letter or digit.
    pub(crate) last_alphanumeric: bool,
}

/// [`Capitals`] of `block`, given whether the byte before it is an ASCII
/// letter or digit.
#[inline]
pub(crate) fn capitals(block: &[u8; BLOCK], after_alphanumeric: bool) -> Capitals {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ))]
    let (upper, alphanumeric, lead, name) = {
        use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i};
        use sse2::{mask, sixteens, splat, within};
        let (mut upper, mut alphanumeric, mut lead, mut name) = (0u64, 0u64, 0u64, 0u64);
        for (i, x) in sixteens(block) {
            let letter = sse2::letter(x);
            let marks = bitor_m128i(
                cmp_eq_mask_i8_m128i(x, splat(b'\'')),
                cmp_eq_mask_i8_m128i(x, splat(b'-')),
            );
            upper |= mask(within(x, b'A', b'Z'), i);
            alphanumeric |= mask(bitor_m128i(letter, within(x, b'0', b'9')), i);
            lead |= mask(sse2::lead(x), i);
            name |= mask(bitor_m128i(letter, marks), i);
        }
        (upper, alphanumeric, lead, name)
    };
    #[cfg(not(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    )))]
    let (upper, alphanumeric, lead, name) = capital_classes_bytes(block);
    let after = (alphanumeric << 1) | u64::from(after_alphanumeric);
    Capitals {
        starts: (upper | lead) & !after,
        name,
        last_alphanumeric: alphanumeric >> 63 == 1,
    }
}

/// ASCII capitals, ASCII letters and digits, non-ASCII first bytes and
/// ASCII name bytes of `block`, byte by byte.
#[cfg_attr(
    all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ),
    allow(dead_code)
)]
fn capital_classes_bytes(block: &[u8; BLOCK]) -> (u64, u64, u64, u64) {
    let (mut upper, mut alphanumeric, mut lead, mut name) = (0u64, 0u64, 0u64, 0u64);
    for (i, &b) in block.iter().enumerate() {
        let bit = 1u64 << i;
        if b.is_ascii_alphabetic() || b == b'\'' || b == b'-' {
            name |= bit;
        }
        if b.is_ascii_uppercase() {
            upper |= bit;
        }
        if b.is_ascii_alphanumeric() {
            alphanumeric |= bit;
        }
        if b >= 0xC0 {
            lead |= bit;
        }
    }
    (upper, alphanumeric, lead, name)
}

impl Classes {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ))]
    pub(crate) fn of(block: &[u8; BLOCK]) -> Classes {
        use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i};
        use sse2::{alphanumeric, lead, mask, sixteens, splat};
        let mut classes = Classes {
            word: 0,
            special: 0,
        };
        for (i, x) in sixteens(block) {
            let marks = bitor_m128i(
                cmp_eq_mask_i8_m128i(x, splat(b'&')),
                cmp_eq_mask_i8_m128i(x, splat(b'%')),
            );
            classes.word |= mask(alphanumeric(x), i);
            classes.special |= mask(bitor_m128i(lead(x), marks), i);
        }
        classes
    }

    #[cfg(not(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    )))]
    pub(crate) fn of(block: &[u8; BLOCK]) -> Classes {
        Classes::of_bytes(block)
    }

    /// [`Classes::of`], byte by byte.
    #[cfg_attr(
        all(
            any(target_arch = "x86", target_arch = "x86_64"),
            target_feature = "sse2"
        ),
        allow(dead_code)
    )]
    fn of_bytes(block: &[u8; BLOCK]) -> Classes {
        let mut classes = Classes {
            word: 0,
            special: 0,
        };
        for (i, &b) in block.iter().enumerate() {
            let bit = 1u64 << i;
            if b.is_ascii_alphanumeric() {
                classes.word |= bit;
            }
            if b >= 0xC0 || b == b'&' || b == b'%' {
                classes.special |= bit;
            }
        }
        classes
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

/// The ASCII digits of `block`.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
#[inline]
pub(crate) fn digits(block: &[u8; BLOCK]) -> u64 {
    use sse2::{mask, sixteens, within};
    sixteens(block).fold(0, |digits, (i, x)| digits | mask(within(x, b'0', b'9'), i))
}

#[cfg(not(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
)))]
pub(crate) fn digits(block: &[u8; BLOCK]) -> u64 {
    by_bytes(block, |b| b.is_ascii_digit())
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
    pub(crate) fn new<'a>(literals: impl IntoIterator<Item = &'a str>) -> FirstBytes {
        let mut table = [false; 256];
        for literal in literals {
            if let Some(&first) = literal.as_bytes().first() {
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

    /// The bits of `block` where a literal may begin, given whether the byte
    /// before the block is an ASCII letter; and whether its last byte is one.
    #[inline]
    pub(crate) fn starts(&self, block: &[u8; BLOCK], after_letter: bool) -> (u64, bool) {
        #[cfg(all(
            any(target_arch = "x86", target_arch = "x86_64"),
            target_feature = "sse2"
        ))]
        match self.marks {
            Marks::None => return self.starts_sse2(block, after_letter, []),
            Marks::One(one) => return self.starts_sse2(block, after_letter, one),
            Marks::Two(two) => return self.starts_sse2(block, after_letter, two),
            Marks::Four(four) => return self.starts_sse2(block, after_letter, four),
            Marks::Many => {}
        }
        self.starts_bytes(block, after_letter)
    }

    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ))]
    #[inline]
    fn starts_sse2<const N: usize>(
        &self,
        block: &[u8; BLOCK],
        after_letter: bool,
        marked: [u8; N],
    ) -> (u64, bool) {
        use safe_arch::cmp_eq_mask_i8_m128i;
        use sse2::{mask, sixteens, splat, within};
        let (mut letter, mut digit, mut lead, mut marks) = (0u64, 0u64, 0u64, 0u64);
        for (i, x) in sixteens(block) {
            letter |= mask(sse2::letter(x), i);
            // Classes no literal begins with are left out (the default
            // policy's literals all begin with a letter or a mark).
            if self.digit {
                digit |= mask(within(x, b'0', b'9'), i);
            }
            if self.lead {
                lead |= mask(sse2::lead(x), i);
            }
            for m in marked {
                marks |= mask(cmp_eq_mask_i8_m128i(x, splat(m)), i);
            }
        }
        (
            self.combine(letter, digit, lead, marks, after_letter),
            letter >> 63 == 1,
        )
    }

    /// [`FirstBytes::starts`], byte by byte.
    fn starts_bytes(&self, block: &[u8; BLOCK], after_letter: bool) -> (u64, bool) {
        let (mut letter, mut digit, mut lead, mut marks) = (0u64, 0u64, 0u64, 0u64);
        for (i, &b) in block.iter().enumerate() {
            let bit = 1u64 << i;
            if b.is_ascii_alphabetic() {
                letter |= bit;
            } else if b.is_ascii_digit() {
                digit |= bit;
            } else if b >= 0xC0 {
                lead |= bit;
            } else if self.table[usize::from(b)] {
                marks |= bit;
            }
        }
        (
            self.combine(letter, digit, lead, marks, after_letter),
            letter >> 63 == 1,
        )
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
        each_block(&[b'x', b' ', 0x80, 0xC3], |block, at| {
            assert_eq!(Classes::of(block), Classes::of_bytes(block), "{at:?}");
        });
        let mut block = [b' '; BLOCK];
        block[..9].copy_from_slice("a é&%Z9 ".as_bytes());
        assert_eq!(
            Classes::of(&block),
            Classes {
                word: 0b1100_0001,
                special: 0b0011_0100,
            }
        );
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
                digits(block),
                by_bytes(block, |b| b.is_ascii_digit()),
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
    fn literal_starts_are_found_as_byte_by_byte() {
        // No marks, one, two, three (compared as four), and too many to compare.
        let sets: [&[&str]; 6] = [
            &["7up", "é"],
            &["x", "@y"],
            &["name", "@", "::"],
            &["-a", "+b", "#c"],
            &["a", "!", "#", "$", "%", "&"],
            &[],
        ];
        for set in sets {
            let firsts = FirstBytes::new(set.iter().copied());
            each_block(&[b'x', b' ', b'1', 0x80, 0xC3], |block, at| {
                for after_letter in [false, true] {
                    assert_eq!(
                        firsts.starts(block, after_letter),
                        firsts.starts_bytes(block, after_letter),
                        "{set:?}: {at:?}"
                    );
                }
            });
        }
    }

    #[test]
    fn a_literal_may_begin_anywhere_but_inside_a_word() {
        let firsts = FirstBytes::new(["age", "@", "é", "9x"]);
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

    #[test]
    fn capitals_are_found_as_byte_by_byte() {
        let expected = |block: &[u8; BLOCK], after: bool| {
            let (upper, alphanumeric, lead, name) = capital_classes_bytes(block);
            let before = (alphanumeric << 1) | u64::from(after);
            Capitals {
                starts: (upper | lead) & !before,
                name,
                last_alphanumeric: alphanumeric >> 63 == 1,
            }
        };
        each_block(&[b'x', b' ', b'Q', b'-', 0x80, 0xC3], |block, at| {
            for after in [false, true] {
                assert_eq!(capitals(block, after), expected(block, after), "{at:?}");
            }
        });
        let mut block = [b' '; BLOCK];
        let text = "Ann McD 9Z _Bo é É O'x-y";
        block[..text.len()].copy_from_slice(text.as_bytes());
        let Capitals { starts, name, .. } = capitals(&block, true);
        let bits = |mask: u64| {
            (0..BLOCK)
                .filter(|i| mask >> i & 1 == 1)
                .collect::<Vec<_>>()
        };
        // Not `A` (after a letter before the block), `D` or `Z`.
        assert_eq!(bits(starts), vec![4, 12, 15, 18, 21]);
        let name_bytes = [0, 1, 2, 4, 5, 6, 9, 12, 13, 21, 22, 23, 24, 25];
        assert_eq!(bits(name), name_bytes);
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
