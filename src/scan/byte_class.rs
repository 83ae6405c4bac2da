//! Byte classes of 64 bytes at a time, as bit masks (bit `i` for byte `i`):
//! what the normalisation check needs to find the few places worth a look.
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

impl Classes {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ))]
    pub(crate) fn of(block: &[u8; BLOCK]) -> Classes {
        use safe_arch::{
            bitand_m128i, bitandnot_m128i, bitor_m128i, cmp_eq_mask_i8_m128i, cmp_gt_mask_i8_m128i,
            cmp_lt_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
        };
        // Signed compares: non-ASCII bytes are negative, so below every
        // ASCII bound; continuation bytes (0x80-0xBF) are below -64.
        let splat = |b: u8| set_splat_i8_m128i(i8::from_ne_bytes([b]));
        let between = |x, lo: u8, hi: u8| {
            bitand_m128i(
                cmp_gt_mask_i8_m128i(x, splat(lo - 1)),
                cmp_lt_mask_i8_m128i(x, splat(hi + 1)),
            )
        };
        let mut classes = Classes {
            word: 0,
            special: 0,
        };
        for (i, sixteen) in block.chunks_exact(16).enumerate() {
            let Ok(sixteen) = <&[u8; 16]>::try_from(sixteen) else {
                continue;
            };
            let x = load_unaligned_m128i(sixteen);
            let letter = between(bitor_m128i(x, splat(0x20)), b'a', b'z');
            let word = bitor_m128i(letter, between(x, b'0', b'9'));
            let continuation = cmp_lt_mask_i8_m128i(x, splat(0xC0));
            let lead = bitandnot_m128i(continuation, x);
            let marks = bitor_m128i(
                cmp_eq_mask_i8_m128i(x, splat(b'&')),
                cmp_eq_mask_i8_m128i(x, splat(b'%')),
            );
            // `lead` keeps its high bit (the only one `move_mask` reads)
            // for non-ASCII bytes that are not continuations.
            let special = bitor_m128i(lead, marks);
            let mask = |v| u64::from(move_mask_i8_m128i(v) as u16) << (16 * i);
            classes.word |= mask(word);
            classes.special |= mask(special);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_at_every_position_is_classed_as_byte_by_byte() {
        for fill in [b'x', b' ', 0x80, 0xC3] {
            for i in 0..BLOCK {
                for b in 0..=255u8 {
                    let mut block = [fill; BLOCK];
                    block[i] = b;
                    assert_eq!(
                        Classes::of(&block),
                        Classes::of_bytes(&block),
                        "{b:#x} at {i}"
                    );
                }
            }
        }
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
}
