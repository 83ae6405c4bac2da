//! The characters a rule names in its `*_followed_by` fields, asked about
//! once per trigger, lexicon word or value: a bit for each ASCII character
//! and sorted ranges for the rest.

use regex_syntax::hir::{Class, HirKind};

/// A set of characters: written as a plain list (`",;"`), or as a regex
/// character class in brackets (`"[,:\nA-ZÀ-Þ]"`: ranges, escapes such as
/// `\n` and `\x{100}`).
#[derive(Debug, Clone, Default)]
pub(crate) struct CharSet {
    ascii: u128,
    /// Ranges of non-ASCII characters, sorted, apart.
    others: Box<[(char, char)]>,
}

impl CharSet {
    /// The set `spec` writes; the error says what is wrong with a class.
    pub(crate) fn parse(spec: &str) -> Result<Self, String> {
        let ranges: Vec<(char, char)> =
            if spec.len() > 2 && spec.starts_with('[') && spec.ends_with(']') {
                let hir = regex_syntax::ParserBuilder::new()
                    .build()
                    .parse(spec)
                    .map_err(|e| format!("bad character class: {}", one_line(&e.to_string())))?;
                match hir.kind() {
                    HirKind::Class(Class::Unicode(class)) => class
                        .ranges()
                        .iter()
                        .map(|r| (r.start(), r.end()))
                        .collect(),
                    // A class of one character is that character.
                    HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
                        .map_err(|e| e.to_string())?
                        .chars()
                        .map(|c| (c, c))
                        .collect(),
                    _ => return Err("not a character class".to_string()),
                }
            } else {
                spec.chars().map(|c| (c, c)).collect()
            };
        let mut set = CharSet::default();
        let mut others = Vec::new();
        for (start, end) in ranges {
            for c in start..=end.min('\u{7F}') {
                set.ascii |= 1 << u32::from(c);
            }
            if end > '\u{7F}' {
                others.push((start.max('\u{80}'), end));
            }
        }
        others.sort_unstable();
        set.others = others.into();
        Ok(set)
    }

    /// The bytes a character of the set may begin with in UTF-8: each
    /// ASCII member, and for a range beyond ASCII every lead byte its
    /// characters have (and any between).
    pub(crate) fn first_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
        (0..0x80u8).filter(|&b| self.ascii >> b & 1 == 1).chain(
            self.others
                .iter()
                .flat_map(move |&(start, end)| lead(start)..=lead(end)),
        )
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ascii == 0 && self.others.is_empty()
    }

    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii >> u32::from(c) & 1 == 1;
        }
        let at = self.others.partition_point(|&(_, end)| end < c);
        self.others.get(at).is_some_and(|&(start, _)| start <= c)
    }
}

/// The last line of a parser's message (the others draw the pattern).
fn one_line(message: &str) -> &str {
    message.lines().last().unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_list_and_a_class_hold_what_they_write() {
        let list = CharSet::parse(",;é").unwrap();
        let holds = |set: &CharSet, s: &str| s.chars().map(|c| set.contains(c)).collect::<Vec<_>>();
        assert_eq!(
            holds(&list, ",;é:eÉ"),
            [true, true, true, false, false, false]
        );
        let class = CharSet::parse(r"[,:\nA-ZÀ-Ö\x{100}-\x{17F}]").unwrap();
        assert_eq!(
            holds(&class, ",:\nAMZÀÖĀſa×ƀ "),
            [
                true, true, true, true, true, true, true, true, true, true, false, false, false,
                false
            ]
        );
        assert!(CharSet::parse("").unwrap().is_empty());
        assert!(!CharSet::parse("[").unwrap().is_empty());
        assert!(CharSet::parse("[").unwrap().contains('['));
        assert_eq!(holds(&CharSet::parse("[x]").unwrap(), "xy"), [true, false]);
        assert_eq!(
            holds(&CharSet::parse(r"[\n]").unwrap(), "\nn\\"),
            [true, false, false]
        );
        assert!(CharSet::parse("[z-a]")
            .unwrap_err()
            .starts_with("bad character class"));
    }
}
