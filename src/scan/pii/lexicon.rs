//! Word lists used by the NAME and ADDRESS heuristics (`rules/lexicon/*.txt`).

use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::scan::hash_bits::HashBits;

/// The shipped lexicons, embedded at build time.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "first_names",
        include_str!("../../../rules/lexicon/first_names.txt"),
    ),
    (
        "surnames",
        include_str!("../../../rules/lexicon/surnames.txt"),
    ),
    (
        "name_stopwords",
        include_str!("../../../rules/lexicon/name_stopwords.txt"),
    ),
    (
        "street_types",
        include_str!("../../../rules/lexicon/street_types.txt"),
    ),
    (
        "unit_words",
        include_str!("../../../rules/lexicon/unit_words.txt"),
    ),
    (
        "regions",
        include_str!("../../../rules/lexicon/regions.txt"),
    ),
    ("titles", include_str!("../../../rules/lexicon/titles.txt")),
    (
        "name_particles",
        include_str!("../../../rules/lexicon/name_particles.txt"),
    ),
];

/// Entries of a lexicon file: one a line, `#` comments and blank lines skipped.
pub(crate) fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The text of a shipped lexicon by name.
pub(crate) fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Lower-cased lexicon sets for the validators.
#[derive(Debug, Default)]
pub(crate) struct Lexicons {
    pub(crate) first_names: FxHashSet<String>,
    pub(crate) surnames: FxHashSet<String>,
    pub(crate) stopwords: FxHashSet<String>,
    pub(crate) street_types: FxHashSet<String>,
    /// Lower-case words inside a full name (`van`, `de`, `bin`).
    pub(crate) particles: FxHashSet<String>,
}

impl Lexicons {
    /// The shipped sets, built once per process and shared by every scanner
    /// (building them is a large part of compiling a policy).
    pub(crate) fn shipped() -> Arc<Self> {
        static SHIPPED: OnceLock<Arc<Lexicons>> = OnceLock::new();
        SHIPPED.get_or_init(|| Arc::new(Self::build())).clone()
    }

    /// The set of the shipped lexicon `name` (a name a rule gives),
    /// as a function of the sets.
    pub(crate) fn set_named(name: &str) -> Option<fn(&Lexicons) -> &FxHashSet<String>> {
        match name {
            "first_names" => Some(|l| &l.first_names),
            "surnames" => Some(|l| &l.surnames),
            "street_types" => Some(|l| &l.street_types),
            _ => None,
        }
    }

    fn build() -> Self {
        let set = |name: &str| -> FxHashSet<String> {
            shipped(name)
                .map(|t| entries(t).map(str::to_lowercase).collect())
                .unwrap_or_default()
        };
        Lexicons {
            first_names: set("first_names"),
            surnames: set("surnames"),
            stopwords: set("name_stopwords"),
            street_types: set("street_types"),
            particles: set("name_particles"),
        }
    }
}

/// Lexicon entries (lower case) and the recognizers each feeds, looked up by
/// the capitalised words of a text: about 1,400 lookups in a 64 KiB chat
/// scan, nearly all of words in no lexicon.
///
/// Entries of up to 16 ASCII letters, `'` and `-` (all but a few) are also
/// kept as two integers each in an open-addressed table of 16-byte slots. A
/// word of those bytes is then looked up without copying it into a
/// lower-cased string, hashing the string and comparing strings: two loads
/// from the text, masked and lower-cased together, are its key (chat 1.03x,
/// 3% fewer instructions). Other words go to the map.
#[derive(Debug, Default)]
pub(crate) struct LexiconWords {
    /// Every entry, lower-cased.
    map: FxHashMap<String, Vec<u16>>,
    /// Short entries' bytes (zero-padded; no entry byte is zero), a power
    /// of two of slots, at most half full; `[0, 0]` is empty.
    slots: Vec<[u64; 2]>,
    /// For each slot, the index in `lists` of its entry's recognizers.
    list_of: Vec<u32>,
    /// Two bits of each slot's key hash set, in 8 KiB: most words are in no
    /// lexicon, and this answers for them from the first-level cache, where
    /// the slots (over 100 KiB) are seldom found.
    filter: HashBits,
    /// The recognizers of each short entry.
    lists: Vec<Vec<u16>>,
    /// Twice the byte length of the longest entry (lower-casing may change
    /// lengths); longer words are in no lexicon.
    longest: usize,
}

/// The longest entry kept in a slot.
const SLOT_BYTES: usize = 16;

impl LexiconWords {
    /// `entries`: each entry (any case) and a recognizer it feeds.
    pub(crate) fn build<'a>(entries: impl IntoIterator<Item = (&'a str, u16)>) -> Self {
        let mut map: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        for (entry, r) in entries {
            let list = map.entry(entry.to_lowercase()).or_default();
            if !list.contains(&r) {
                list.push(r);
            }
        }
        let (keys, lists): (Vec<[u64; 2]>, Vec<Vec<u16>>) = map
            .iter()
            .filter_map(|(k, list)| Some((slot_key(k.as_bytes())?, list.clone())))
            .unzip();
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mut words = LexiconWords {
            slots: vec![[0; 2]; size],
            list_of: vec![0; size],
            filter: HashBits::default(),
            lists,
            longest: map.keys().map(String::len).max().unwrap_or(0) * 2,
            map,
        };
        for (i, key) in keys.into_iter().enumerate() {
            let hash = hash(key);
            for bit in filter_bits(hash) {
                words.filter.insert(bit);
            }
            let mut at = words.home(hash);
            while words.slots[at] != [0; 2] {
                at = (at + 1) & (size - 1);
            }
            words.slots[at] = key;
            words.list_of[at] = i as u32;
        }
        words
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The recognizers fed by `text[start..end]` in any case, a word of
    /// name bytes (letters, `'`, `’` and `-`, as capitalised words are):
    /// when ASCII and short, its key is read from the text sixteen bytes at
    /// once; otherwise it is lower-cased into `lower` and looked up in the map.
    pub(crate) fn get_name(
        &self,
        text: &str,
        start: usize,
        end: usize,
        lower: &mut String,
    ) -> Option<&[u16]> {
        if let Some(key) = name_key(text.as_bytes(), start, end) {
            return self.probe(key);
        }
        let word = text.get(start..end).filter(|w| w.len() <= self.longest)?;
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        self.map.get(lower.as_str()).map(Vec::as_slice)
    }

    /// The recognizers of the slot holding `key`.
    fn probe(&self, key: [u64; 2]) -> Option<&[u16]> {
        let hash = hash(key);
        if !filter_bits(hash)
            .iter()
            .all(|&bit| self.filter.contains(bit))
        {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = *self.slots.get(at)?;
            if slot == key {
                let list = self.list_of.get(at)?;
                return self.lists.get(*list as usize).map(Vec::as_slice);
            }
            if slot == [0; 2] {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// The slot where the probe for a key of hash `hash` begins.
    fn home(&self, hash: u64) -> usize {
        (hash >> 32) as usize & (self.slots.len() - 1)
    }
}

fn hash(key: [u64; 2]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    (key[0] ^ key[1].rotate_left(29)).wrapping_mul(K)
}

/// The filter bits of a key's `hash`: two of its 16-bit parts.
fn filter_bits(hash: u64) -> [usize; 2] {
    [(hash >> 48) as usize, (hash >> 16) as usize]
}

/// The slot key of `bytes[start..end]`, a word of name bytes, when it is 1
/// to 16 ASCII bytes: two little-endian loads, masked to the word. Bit 5
/// set lower-cases the letters and leaves `'` and `-` as they are (other
/// ASCII bytes it would change, which is why the word must be of name bytes).
fn name_key(bytes: &[u8], start: usize, end: usize) -> Option<[u64; 2]> {
    let len = end
        .checked_sub(start)
        .filter(|&n| (1..=SLOT_BYTES).contains(&n))?;
    // Within 16 bytes of the end, byte by byte.
    let Some(sixteen) = bytes
        .get(start..)
        .and_then(<[u8]>::first_chunk::<SLOT_BYTES>)
    else {
        return bytes.get(start..end).and_then(slot_key);
    };
    let (first, second) = sixteen.split_at(8);
    let load = |half: &[u8]| half.try_into().map(u64::from_le_bytes).ok();
    let keep = |n: usize| match n {
        0 => 0,
        1..=7 => (1u64 << (8 * n)) - 1,
        _ => u64::MAX,
    };
    let (low, high) = (keep(len), keep(len.saturating_sub(8)));
    let word = [load(first)? & low, load(second)? & high];
    if (word[0] | word[1]) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    const FOLD: u64 = 0x2020_2020_2020_2020;
    Some([word[0] | (FOLD & low), word[1] | (FOLD & high)])
}

/// `bytes` lower-cased into two little-endian integers, when they are 1 to
/// 16 ASCII letters, `'` and `-`.
fn slot_key(bytes: &[u8]) -> Option<[u64; 2]> {
    if bytes.is_empty() || bytes.len() > SLOT_BYTES {
        return None;
    }
    let mut key = [0u64; 2];
    for (i, &b) in bytes.iter().enumerate() {
        if !(b.is_ascii_alphabetic() || b == b'\'' || b == b'-') {
            return None;
        }
        key[i / 8] |= u64::from(b.to_ascii_lowercase()) << (8 * (i % 8));
    }
    Some(key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::scan::hash_bits::HASH_BITS;

    /// `(start, end)` of each word of `text`, split at spaces.
    fn words(text: &str) -> Vec<(usize, usize)> {
        let mut at = 0;
        text.split(' ')
            .map(|w| {
                let span = (at, at + w.len());
                at += w.len() + 1;
                span
            })
            .filter(|(s, e)| s < e)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn a_word_is_found_as_its_lower_case_is_in_a_map(
            text in "((Ann|ANN|aNN|Bob|O'Neil|O'NEIL|Jean-Luc|JEAN-LUC|Ann-Marie|Zoë|ZOË|\
                     José|JOSÉ|Émile|ÉMILE|Mc|MC|X|Sixteenbyteslong|SIXTEENBYTESLONG|\
                     Seventeenbyteslon|Verylongnamewithmorethansixteenbytes) ){1,12}",
        ) {
            // Short and long, ASCII and not, in and not in the lexicon, and
            // near the end of the text (fewer than 16 bytes left).
            let entries = [
                "ann", "O'Neil", "jean-luc", "Zoë", "josé", "émile", "mc", "x", "ann-marie",
                "sixteenbyteslong", "verylongnamewithmorethansixteenbytes",
            ];
            let lexicon = LexiconWords::build(
                entries.iter().enumerate().map(|(i, e)| (*e, (i % 3) as u16)),
            );
            let mut reference: FxHashMap<String, Vec<u16>> = FxHashMap::default();
            for (i, e) in entries.iter().enumerate() {
                reference.entry(e.to_lowercase()).or_default().push((i % 3) as u16);
            }
            let mut lower = String::new();
            for (start, end) in words(&text) {
                let expected = reference.get(&text[start..end].to_lowercase()).map(Vec::as_slice);
                let found = lexicon.get_name(&text, start, end, &mut lower);
                proptest::prop_assert_eq!(found, expected, "{}", &text[start..end]);
            }
        }
    }

    #[test]
    fn the_shipped_entries_are_found_as_a_map_finds_them() {
        let shipped = ["first_names", "surnames", "street_types", "titles"];
        let entries: Vec<&str> = shipped
            .iter()
            .flat_map(|name| entries(super::shipped(name).unwrap()))
            .collect();
        let lexicon = LexiconWords::build(entries.iter().map(|e| (*e, 0)));
        let text = entries
            .iter()
            .flat_map(|e| [e.to_uppercase(), e.to_string()])
            .chain(["Thanks".into(), "Honestly".into(), "Okay".into()])
            .collect::<Vec<_>>()
            .join(" ");
        let lower_cased: FxHashSet<String> = entries.iter().map(|e| e.to_lowercase()).collect();
        let mut lower = String::new();
        let mut found = 0;
        for (s, e) in words(&text) {
            let word = &text[s..e];
            let expected = lower_cased.contains(&word.to_lowercase());
            assert_eq!(
                lexicon.get_name(&text, s, e, &mut lower).is_some(),
                expected,
                "{word}"
            );
            found += usize::from(expected);
        }
        // Every entry in both cases but a few whose capitals lower-case to
        // another word (`YILMAZ` is not `yılmaz`); the three common words not.
        assert!(found > 2 * entries.len() - 10, "{found}");
        // Thousands of entries in slots, at most half of them taken.
        let taken = lexicon.slots.iter().filter(|s| **s != [0; 2]).count();
        assert!(taken > 3500 && 2 * taken <= lexicon.slots.len(), "{taken}");
        // The filter (through which every entry above was found) has under a
        // sixth of its bits set: a word in no lexicon passes it seldom.
        let set = lexicon.filter.count() as usize;
        assert!(set <= 2 * taken && set * 6 < 1 << HASH_BITS, "{set}");
    }
}
