//! Validators: checksums and validity rules that confirm a regex match.
//!
//! Each takes the matched value and answers whether it is a real instance of
//! its type. They walk bytes and allocate nothing.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::lexicon::Lexicons;

/// A validator's signature.
pub(crate) type Validator = fn(&str, &Lexicons) -> bool;

/// Looks a validator up by the name rule files use.
pub(crate) fn by_name(id: &str) -> Option<Validator> {
    let v: Validator = match id {
        "username" => |v, lex| username(v, lex),
        "luhn" => |v, _| luhn(v),
        "card" => |v, _| card(v),
        "iban" => |v, _| iban(v),
        "aba" => |v, _| aba(v),
        "vin" => |v, _| vin(v),
        "nhs" => |v, _| nhs(v),
        "sin" => |v, _| sin(v),
        "ssn" => |v, _| ssn(v),
        "itin" => |v, _| itin(v),
        "ipv4" => |v, _| ipv4(v),
        "ipv6" => |v, _| ipv6(v),
        "mac" => |v, _| mac(v),
        "nino" => |v, _| nino(v),
        "swift" => |v, _| swift(v),
        "age" => |v, _| age(v),
        "expiry" => |v, _| expiry(v),
        "email" => |v, _| email(v),
        "url" => |v, _| url(v),
        "aws_secret" => |v, _| aws_secret(v),
        "secret" => |v, _| secret(v),
        "url_password" => |v, _| url_password(v),
        "phone" => |v, _| phone(v),
        "nanp" => |v, _| nanp(v),
        "plate" => |v, _| plate(v),
        "password" => |v, _| password(v),
        "handle" => |v, _| handle(v),
        "home_user" => |v, lex| home_user(v, lex),
        "mention" => |v, lex| mention(v, lex),
        "chat_handle" => |v, lex| chat_handle(v, lex),
        "name_field" => |v, lex| name_shape(v, lex) || name_in_capitals(v, lex),
        "name" => |v, lex| person_name(v, lex),
        "name_shape" => |v, lex| name_shape(v, lex),
        "name_inverted" => |v, lex| name_inverted(v, lex),
        "name_lower" => |v, lex| name_lower(v, lex),
        "speaker" => |v, lex| speaker(v, lex),
        "address" => |v, lex| address(v, lex),
        _ => return None,
    };
    Some(v)
}

fn digits(v: &str) -> impl Iterator<Item = u32> + '_ {
    v.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| u32::from(b - b'0'))
}

fn digit_count(v: &str) -> usize {
    v.bytes().filter(u8::is_ascii_digit).count()
}

/// The Luhn (mod 10) check over the digits of `v`.
pub(crate) fn luhn(v: &str) -> bool {
    let n = digit_count(v);
    n >= 2 && luhn_of(digits(v), n)
}

/// The Luhn check over `n` digits.
fn luhn_of(digits: impl Iterator<Item = u32>, n: usize) -> bool {
    let sum: u32 = digits
        .enumerate()
        .map(|(i, d)| {
            // Double every second digit counting from the right.
            if (n - i).is_multiple_of(2) {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Luhn plus a known issuer prefix for the length.
fn card(v: &str) -> bool {
    // The digits, read once.
    let mut buf = [0; 19];
    let mut n = 0;
    for d in digits(v) {
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = d;
        n += 1;
    }
    let d = &buf[..n];
    if n < 12 || !luhn_of(d.iter().copied(), n) || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let lead = |k: usize| d[..k].iter().fold(0u32, |a, &x| a * 10 + x);
    let (p1, p2, p3, p4, p6) = (lead(1), lead(2), lead(3), lead(4), lead(6));
    let visa = p1 == 4 && matches!(n, 13 | 16 | 19);
    let mastercard = n == 16 && ((51..=55).contains(&p2) || (2221..=2720).contains(&p4));
    let amex = n == 15 && (p2 == 34 || p2 == 37);
    let discover = (16..=19).contains(&n)
        && (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622126..=622925).contains(&p6));
    let jcb = (16..=19).contains(&n) && (3528..=3589).contains(&p4);
    let diners =
        (14..=19).contains(&n) && ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39));
    let unionpay = (16..=19).contains(&n) && p2 == 62;
    let maestro = (12..=19).contains(&n) && (p2 == 50 || (56..=58).contains(&p2) || p1 == 6);
    let mir = n == 16 && (2200..=2204).contains(&p4);
    visa || mastercard || amex || discover || jcb || diners || unionpay || maestro || mir
}

fn all_same_digit(v: &str) -> bool {
    let mut ds = digits(v);
    let first = ds.next();
    ds.all(|d| Some(d) == first)
}

/// IBAN lengths by country (ISO 13616 registry), in order of the codes.
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// Country length and the ISO 7064 mod-97 check.
fn iban(v: &str) -> bool {
    // The characters as the check reads them (digits 0-9, letters 10-35),
    // spaces and dashes left out.
    let mut buf = [0u8; 34];
    let mut n = 0;
    for b in v.bytes() {
        let value = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            b'a'..=b'z' => b - b'a' + 10,
            b' ' | b'-' => continue,
            _ => return false,
        };
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = value;
        n += 1;
    }
    let s = &buf[..n];
    if n < 15 || s[0] < 10 || s[1] < 10 || s[2] >= 10 || s[3] >= 10 {
        return false;
    }
    let country = [s[0] - 10 + b'A', s[1] - 10 + b'A'];
    match IBAN_LENGTHS.binary_search_by(|(c, _)| c[..].cmp(&country[..])) {
        Ok(i) if IBAN_LENGTHS[i].1 == n => {}
        _ => return false,
    }
    // The remainder is taken only when it nears the top of a u64: one
    // multiply a character instead of one division.
    let mut rem: u64 = 0;
    let mut add = |value: u8| {
        rem = rem * if value < 10 { 10 } else { 100 } + u64::from(value);
        if rem >= 1 << 56 {
            rem %= 97;
        }
    };
    s[4..].iter().chain(&s[..4]).for_each(|&value| add(value));
    rem % 97 == 1
}

fn nine_digits(v: &str) -> Option<[u32; 9]> {
    let mut out = [0; 9];
    let mut n = 0;
    for d in digits(v) {
        if n == 9 {
            return None;
        }
        out[n] = d;
        n += 1;
    }
    (n == 9).then_some(out)
}

/// ABA routing number: Federal Reserve prefix and the 3-7-1 checksum.
fn aba(v: &str) -> bool {
    let Some(d) = nine_digits(v) else {
        return false;
    };
    let prefix = d[0] * 10 + d[1];
    let prefix_ok =
        prefix <= 12 || (21..=32).contains(&prefix) || (61..=72).contains(&prefix) || prefix == 80;
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    prefix_ok && sum % 10 == 0 && !all_same_digit(v)
}

/// VIN: 17 characters without I, O, Q, and the check digit in position 9.
fn vin(v: &str) -> bool {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let b = v.as_bytes();
    if b.len() != 17 {
        return false;
    }
    let mut sum = 0;
    let mut digits_seen = 0;
    for (i, &c) in b.iter().enumerate() {
        let c = c.to_ascii_uppercase();
        let value = match c {
            b'0'..=b'9' => {
                digits_seen += 1;
                u32::from(c - b'0')
            }
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => return false,
        };
        sum += value * WEIGHTS[i];
    }
    let check = match sum % 11 {
        10 => b'X',
        r => b'0' + r as u8,
    };
    // A real VIN mixes letters and digits; its last four characters are digits.
    let tail_digits = b[13..].iter().all(u8::is_ascii_digit);
    b[8].to_ascii_uppercase() == check && (5..17).contains(&digits_seen) && tail_digits
}

/// NHS number: 10 digits, mod 11 check digit.
fn nhs(v: &str) -> bool {
    if digit_count(v) != 10 || all_same_digit(v) {
        return false;
    }
    let mut sum = 0;
    let mut last = 0;
    for (i, d) in digits(v).enumerate() {
        if i < 9 {
            sum += d * (10 - i as u32);
        } else {
            last = d;
        }
    }
    match 11 - sum % 11 {
        11 => last == 0,
        10 => false,
        c => c == last,
    }
}

/// Canadian SIN: 9 digits, Luhn, never starting with 0 or 8.
fn sin(v: &str) -> bool {
    let Some(d) = nine_digits(v) else {
        return false;
    };
    d[0] != 0 && d[0] != 8 && luhn(v) && !all_same_digit(v)
}

/// SSN: area 001-899 except 666, group 01-99, serial 0001-9999.
fn ssn(v: &str) -> bool {
    let Some(d) = nine_digits(v) else {
        return false;
    };
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !all_same_digit(v)
        && v != "123-45-6789"
}

/// ITIN: 9xx, with the group in 50-65, 70-88, 90-92 or 94-99.
fn itin(v: &str) -> bool {
    let Some(d) = nine_digits(v) else {
        return false;
    };
    let group = d[3] * 10 + d[4];
    d[0] == 9
        && ((50..=65).contains(&group)
            || (70..=88).contains(&group)
            || (90..=92).contains(&group)
            || (94..=99).contains(&group))
}

/// Four decimal octets up to 255, none with a leading zero (`01` reads as octal to some).
fn ipv4(v: &str) -> bool {
    let mut octets = 0;
    v.as_bytes().split(|&b| b == b'.').all(|o| {
        octets += 1;
        (1..=3).contains(&o.len())
            && o.iter().all(u8::is_ascii_digit)
            && (o.len() == 1 || o[0] != b'0')
            && o.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')) <= 255
    }) && octets == 4
}

fn ipv6(v: &str) -> bool {
    let addr = v.split('%').next().unwrap_or(v);
    // Two groups or fewer around `::` in decimal digits only are slices
    // (`a[1::3]`) or build numbers (`6322::63`), not addresses; the
    // loopback `::1` is one.
    let groups = addr.split(':').filter(|g| !g.is_empty()).count();
    let has_letter = addr.bytes().any(|b| b.is_ascii_alphabetic());
    addr.matches(':').count() >= 2
        && addr.parse::<std::net::Ipv6Addr>().is_ok()
        && (groups >= 3 || has_letter || addr == "::1")
}

/// MAC-48 in colon, dash or dotted (Cisco) form, with one separator throughout.
fn mac(v: &str) -> bool {
    let b = v.as_bytes();
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    let ok = match b.len() {
        17 => {
            let sep = b[2];
            (sep == b':' || sep == b'-')
                && b.chunks(3)
                    .all(|c| hex(&c[..2]) && (c.len() == 2 || c[2] == sep))
        }
        14 => b[4] == b'.' && b[9] == b'.' && hex(&b[..4]) && hex(&b[5..9]) && hex(&b[10..]),
        // Bare, as after a MAC keyword.
        12 => hex(b),
        _ => false,
    };
    // Addresses of one repeated byte (00:00:..., ff:ff:...) are placeholders.
    ok && b
        .iter()
        .filter(|c| c.is_ascii_hexdigit())
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| !w[0].eq_ignore_ascii_case(w[1]))
}

/// UK National Insurance number prefix and suffix rules.
fn nino(v: &str) -> bool {
    let mut c = [0u8; 9];
    let mut n = 0;
    for b in v.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if n == 9 {
            return false;
        }
        c[n] = b.to_ascii_uppercase();
        n += 1;
    }
    if n != 9 || !c[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (a, b, s) = (c[0], c[1], c[8]);
    let bad_any = |x: u8| matches!(x, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    let prefix_bad = matches!(
        &[a, b],
        b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
    );
    a.is_ascii_uppercase()
        && b.is_ascii_uppercase()
        && !bad_any(a)
        && !bad_any(b)
        && b != b'O'
        && !prefix_bad
        && matches!(s, b'A'..=b'D')
}

/// ISO 3166-1 alpha-2 codes (as used in BIC positions 5-6), plus XK (Kosovo).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// BIC: 4 letters, a real country code, 2 location characters, optional 3-character branch.
fn swift(v: &str) -> bool {
    let b = v.as_bytes();
    if !(b.len() == 8 || b.len() == 11) {
        return false;
    }
    let upper_alnum = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4..6].iter().all(u8::is_ascii_uppercase)
        && COUNTRIES.split(' ').any(|c| c.as_bytes() == &b[4..6])
        && b[6..].iter().all(upper_alnum)
        // A location code of "0"-"1" is a test BIC; "O" in place of zero is a typo.
        && b[7] != b'O'
}

/// A human age: a number from 0 to 120, with or without a unit after it.
fn age(v: &str) -> bool {
    let n: String = v.chars().take_while(char::is_ascii_digit).collect();
    n.len() <= 3 && n.parse::<u32>().is_ok_and(|a| a <= 120)
}

/// Card expiry: month 01-12 and a two- or four-digit year (`09/27`,
/// `9-2027`), the two run together (`0927`), or the month by its name.
fn expiry(v: &str) -> bool {
    // A month's name and the year: `Sept 2027`, `March '28`.
    if v.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let name_len = v.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (name, year) = v.split_at(name_len);
        let year = year.trim_start_matches(['.', ' ', '\'', '’']);
        return is_month_name(name)
            && year.bytes().all(|b| b.is_ascii_digit())
            && (year.len() == 2 || (year.len() == 4 && full_year(year)));
    }
    // The month and year run together: `0927`.
    if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        return month(&v[..2]);
    }
    let mut parts = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty());
    let (Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let month_ok = m.len() <= 2 && month(m);
    let year_ok = match y.len() {
        2 => true,
        4 => full_year(y),
        _ => false,
    };
    month_ok && year_ok
}

/// A month's number, 1 to 12 (`07` too).
pub(super) fn month(m: &str) -> bool {
    m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

/// A card's year written in full.
fn full_year(y: &str) -> bool {
    y.parse::<u32>().is_ok_and(|y| (1990..=2099).contains(&y))
}

/// Whether `name` is a month's name or its abbreviation (`Sept`, `march`).
fn is_month_name(name: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Three letters, or the whole name (and `Sept`).
    let abbreviation = name.len() == 3 || name.eq_ignore_ascii_case("sept");
    MONTHS.iter().any(|m| {
        m.get(..name.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(name))
            && (abbreviation || name.len() == m.len())
    })
}

/// File-name extensions that look like top-level domains in `name.ext`.
static FILE_EXTENSIONS: LazyLock<Extensions> = LazyLock::new(|| {
    Extensions::of(&[
        "py", "rs", "js", "ts", "go", "md", "txt", "zip", "gz", "tar", "json", "yaml", "yml",
        "toml", "csv", "log", "pdf", "png", "jpg", "jpeg", "gif", "svg", "mov", "mp4", "mp3",
        "wav", "exe", "dll", "so", "sh", "bat", "html", "htm", "css", "xml", "doc", "docx", "xls",
        "xlsx", "ppt", "pptx", "java", "class", "jar", "rb", "php", "c", "h", "cpp", "hpp", "lock",
        "ini", "cfg", "conf", "bak", "tmp", "sql", "db", "env", "tsx", "jsx", "vue", "swift", "kt",
        "pl", "ps1",
    ])
});

/// Extensions of asset files named like `icon@2x.png`, never e-mail TLDs in practice.
static ASSET_EXTENSIONS: LazyLock<Extensions> = LazyLock::new(|| {
    Extensions::of(&[
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "pdf", "zip",
        "gz", "tgz", "tar", "txt", "json", "yaml", "yml", "toml", "csv", "log", "js", "ts", "css",
        "html", "htm", "xml", "exe", "dll", "mov", "mp4", "mp3", "wav", "doc", "docx", "xls",
        "xlsx", "ppt", "pptx", "java", "jar", "php", "cpp", "hpp", "lock", "ini", "cfg", "conf",
        "bak", "tmp", "sql", "db", "env", "tsx", "jsx", "vue", "kt", "woff", "woff2", "ttf", "otf",
        "map", "wasm",
    ])
});

/// A set of file-name extensions, matched ASCII case-insensitively: each
/// as one number (its bytes in lower case and its length), sorted, so
/// that a lookup is a binary search instead of a comparison with each.
struct Extensions(Vec<u64>);

impl Extensions {
    fn of(extensions: &[&str]) -> Self {
        let mut packed: Vec<u64> = extensions.iter().filter_map(|e| Self::pack(e)).collect();
        packed.sort_unstable();
        Extensions(packed)
    }

    /// `ext` in lower case and its length in one number; `None` when longer
    /// than seven bytes, as no extension in a set is.
    fn pack(ext: &str) -> Option<u64> {
        if ext.len() >= 8 {
            return None;
        }
        let mut buf = [0u8; 8];
        buf[..ext.len()].copy_from_slice(ext.as_bytes());
        buf.make_ascii_lowercase();
        buf[7] = ext.len() as u8;
        Some(u64::from_le_bytes(buf))
    }

    fn contains(&self, ext: &str) -> bool {
        Self::pack(ext).is_some_and(|p| self.0.binary_search(&p).is_ok())
    }
}

/// `s` split at its last `sep` (an ASCII byte, so both parts are whole strs).
fn split_last(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().rposition(|b| b == sep)?;
    Some((&s[..at], &s[at + 1..]))
}

/// The part of `s` after its last `sep`, or all of it.
fn last_part(s: &str, sep: u8) -> &str {
    split_last(s, sep).map_or(s, |(_, last)| last)
}

/// Whether `s` has a byte `a` followed by a byte `b` for which `pair` holds.
fn has_pair(s: &[u8], pair: impl Fn(u8, u8) -> bool) -> bool {
    s.windows(2).any(|w| pair(w[0], w[1]))
}

fn tld_ok(host: &str) -> bool {
    let tld = last_part(host, b'.');
    (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && !FILE_EXTENSIONS.contains(tld)
}

fn email(v: &str) -> bool {
    let Some((local, domain)) = split_last(v, b'@') else {
        return false;
    };
    let tld = last_part(domain, b'.');
    let (l, d) = (local.as_bytes(), domain.as_bytes());
    // Labels between the dots neither empty nor starting or ending with `-`.
    let labels_ok = d.first().is_some_and(|b| !matches!(b, b'.' | b'-'))
        && d.last().is_some_and(|b| !matches!(b, b'.' | b'-'))
        && !has_pair(d, |a, b| {
            matches!((a, b), (b'.', b'.' | b'-') | (b'-', b'.'))
        });
    !l.is_empty()
        && l.len() <= 64
        && l[0] != b'.'
        && l[l.len() - 1] != b'.'
        && !has_pair(l, |a, b| a == b'.' && b == b'.')
        && d.contains(&b'.')
        && labels_ok
        && (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && !ASSET_EXTENSIONS.contains(tld)
}

fn url(v: &str) -> bool {
    let scheme_end = v.as_bytes().windows(3).position(|w| w == b"://");
    let rest = scheme_end.map_or(v, |i| &v[i + 3..]);
    // An ASCII byte is never inside a character, so each part is a whole
    // str. The host follows any `user:password@` and comes before a port.
    let authority_end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    // A password in it makes the URL its user, password and host, each
    // reported as what it is (`pii.password.url`): not a URL masked whole,
    // which a policy that blocks passwords would let through.
    if let Some((userinfo, _)) = split_last(authority, b'@') {
        if userinfo
            .split_once(':')
            .is_some_and(|(_, p)| url_password(p))
        {
            return false;
        }
    }
    let host_port = last_part(authority, b'@');
    let host = host_port.split(':').next().unwrap_or(host_port);
    if host.eq_ignore_ascii_case("localhost") || ipv4(host) {
        return scheme_end.is_some();
    }
    host.contains('.') && (tld_ok(host) || scheme_end.is_some())
}

/// AWS secret access key: 40 base64 characters that mix cases and digits
/// (a hex digest has no upper case).
fn aws_secret(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 40
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
}

/// A secret value after a keyword: not a placeholder and not a common word.
fn secret(v: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "is",
        "was",
        "for",
        "and",
        "the",
        "reset",
        "change",
        "changed",
        "expired",
        "required",
        "incorrect",
        "invalid",
        "null",
        "none",
        "redacted",
        "hidden",
        "policy",
        "manager",
        "field",
        "here",
        "please",
        "again",
        "protected",
        "login",
        "update",
        "updated",
        "to",
        "of",
        "on",
        "will",
        "has",
        "have",
        "must",
        "should",
        "can",
        "length",
        "hint",
        "strength",
        "reminder",
        "see",
        "below",
        "above",
        "sent",
        "attached",
        "provided",
        "set",
        "same",
        "blank",
        "empty",
        "unknown",
        "tbd",
        "n/a",
        "yes",
        "no",
        "not",
        "true",
        "false",
        "enabled",
        "disabled",
    ];
    v.len() >= 3
        && !v
            .bytes()
            .all(|b| b == b'*' || b == b'x' || b == b'X' || b == b'.')
        && !PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(v))
        && !v.starts_with('<')
        // A path (a shell's `PWD=/home/ann`) is where, not a secret.
        && !v.starts_with('/')
        && !v.starts_with("~/")
}

/// The password of a URL's `user:password@`: a secret, and no `$VARIABLE`,
/// `${VARIABLE}`, `<placeholder>` or `{{ template }}`.
fn url_password(v: &str) -> bool {
    secret(v) && !v.starts_with(['$', '{'])
}

/// A password: a secret that is not a plain lower-case word (prose after
/// "password"), unless it is one of the words people most often choose
/// (`the wifi pw is letmein`).
fn password(v: &str) -> bool {
    const COMMON: &[&str] = &[
        "letmein",
        "password",
        "qwerty",
        "qwertyuiop",
        "iloveyou",
        "sunshine",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "welcome",
        "princess",
        "shadow",
        "superman",
        "batman",
        "starwars",
        "freedom",
        "changeme",
        "admin",
    ];
    secret(v) && (!v.bytes().all(|b| b.is_ascii_lowercase()) || COMMON.contains(&v))
}

/// A username after a keyword: not a filler or common English word.
fn username(v: &str, lex: &Lexicons) -> bool {
    const FILLERS: &[&str] = &[
        "not",
        "name",
        "with",
        "your",
        "my",
        "id",
        "failed",
        "successful",
        "attempt",
        "page",
        "screen",
        "form",
        "field",
        "error",
        "details",
        "from",
        "as",
        "via",
        "at",
        "user",
        "users",
        "account",
        "accounts",
        "login",
        "logged",
        "locked",
        "number",
        "the",
        "this",
        "that",
        "it",
        "you",
        "we",
        "they",
        "he",
        "she",
        "info",
        "email",
        "address",
        "request",
        "session",
        // What a log or a sentence says of a login (`"login throttled"`,
        // `login blocked after 5 attempts`).
        "throttled",
        "blocked",
        "expired",
        "denied",
        "rejected",
        "disabled",
        "enabled",
        "required",
        "succeeded",
        "success",
        "timeout",
        "attempts",
        "attempted",
        "allowed",
        "pending",
        "prompt",
        "button",
        "link",
        "token",
        "redirect",
        "retry",
        "history",
        "activity",
        "limit",
        "credentials",
    ];
    // Accounts every system has are usernames though common words.
    const ACCOUNTS: &[&str] = &[
        "admin",
        "administrator",
        "root",
        "superuser",
        "sysadmin",
        "guest",
    ];
    let lower = v.to_ascii_lowercase();
    secret(v)
        && !FILLERS.contains(&lower.as_str())
        && (!lex.stopwords.contains(&lower) || ACCOUNTS.contains(&lower.as_str()))
}

/// A handle after a weak keyword: letters with a digit or `.`/`_`/`-` inside.
fn handle(v: &str) -> bool {
    v.len() >= 4
        && v.bytes().any(|b| b.is_ascii_alphabetic())
        && v.bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

/// An @mention's handle: a user name, not a chat's group mention (`@here`)
/// nor a word that follows `@` in code (`@Override`, `@media`, `@param`).
fn mention(v: &str, lex: &Lexicons) -> bool {
    const NOT_USERS: &[&str] = &[
        "here",
        "channel",
        "everyone",
        "all",
        "param",
        "return",
        "returns",
        "throws",
        "override",
        "media",
        "import",
        "keyframes",
        "charset",
        "supports",
        "property",
        "dataclass",
        "staticmethod",
        "classmethod",
        "abstractmethod",
        "deprecated",
        "author",
        "version",
        "since",
        "see",
        "link",
        "example",
        "test",
        "app",
        "interface",
        "component",
        "injectable",
        "input",
        "output",
        "autowired",
        "entity",
        "todo",
    ];
    v.bytes().any(|b| b.is_ascii_alphabetic())
        && !NOT_USERS.iter().any(|w| w.eq_ignore_ascii_case(v))
        && username(v, lex)
}

/// A chat speaker's handle: a user name, not a role (`agent`, `me`).
fn chat_handle(v: &str, lex: &Lexicons) -> bool {
    const ROLES: &[&str] = &[
        "me",
        "you",
        "user",
        "agent",
        "customer",
        "visitor",
        "bot",
        "system",
        "assistant",
        "support",
        "admin",
        "operator",
        "guest",
        "client",
        "human",
        "moderator",
        "staff",
        "host",
        "caller",
        "rep",
        "info",
        "warn",
        "warning",
        "error",
        "debug",
        "trace",
        "note",
    ];
    !ROLES.contains(&v) && username(v, lex)
}

/// The user of a home directory: a user name, not one of the shared
/// directories beside the users' own (`/Users/Shared`, `/home/linuxbrew`).
fn home_user(v: &str, lex: &Lexicons) -> bool {
    const SHARED: &[&str] = &["shared", "public", "default", "guest", "linuxbrew"];
    v.bytes().any(|b| b.is_ascii_alphabetic())
        && !SHARED.iter().any(|s| s.eq_ignore_ascii_case(v))
        && username(v, lex)
}

/// A licence plate: 2 to 10 letters and digits with at least one of each.
fn plate(v: &str) -> bool {
    let alnum = v.bytes().filter(u8::is_ascii_alphanumeric).count();
    (2..=10).contains(&alnum)
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A phone number: 7 to 15 digits, not all one digit (a `00` exit code,
/// written for `+`, not counted).
fn phone(v: &str) -> bool {
    let exit_code = if v.starts_with("00") { 2 } else { 0 };
    let n = digit_count(v).saturating_sub(exit_code);
    (7..=15).contains(&n) && !all_same_digit(v)
}

/// A North American number: ten digits, after a country code `1` when
/// there are eleven, whose area code and exchange start with 2-9 (the
/// numbering plan gives no code starting with 0 or 1).
fn nanp(v: &str) -> bool {
    let skip = match digit_count(v) {
        10 => 0,
        11 if digits(v).next() == Some(1) => 1,
        _ => return false,
    };
    let area = digits(v).nth(skip);
    let exchange = digits(v).nth(skip + 3);
    area.is_some_and(|d| d >= 2) && exchange.is_some_and(|d| d >= 2) && !all_same_digit(v)
}

/// NAME from the lexicons: a known first name followed by a capitalised
/// surname, or a known surname after a capitalised given name.
fn person_name(v: &str, lex: &Lexicons) -> bool {
    let mut words = v.split_whitespace();
    let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
        return false;
    };
    if !name_shape(v, lex) {
        return false;
    }
    let held = |set, w: &str| holds(set, w.trim_end_matches('.'));
    // A hyphenated given name (`Anne-Marie`) by its first part too.
    let given = held(&lex.first_names, first)
        || first
            .split_once('-')
            .is_some_and(|(part, _)| held(&lex.first_names, part));
    // Surname first, as Vietnamese and other East Asian names are written
    // (`Nguyễn Thị Lan`): a known surname, a middle name, a known given name.
    let surname_first = v.split_whitespace().count() == 3
        && held(&lex.surnames, first)
        && held(&lex.first_names, last);
    given || (held(&lex.surnames, last) && first.len() > 2) || surname_first
}

/// Whether `set` (of lower-case entries) holds `word` in lower case:
/// without allocating for a short ASCII word, as most are.
pub(super) fn holds(set: &FxHashSet<String>, word: &str) -> bool {
    let mut buf = [0u8; 32];
    if let Some(lower) = buf.get_mut(..word.len()) {
        // Lowered as copied, one pass (a copy call costs more than these few bytes).
        let mut ascii = true;
        for (to, &b) in lower.iter_mut().zip(word.as_bytes()) {
            *to = b.to_ascii_lowercase();
            ascii &= b.is_ascii();
        }
        if ascii {
            return std::str::from_utf8(lower).is_ok_and(|w| set.contains(w));
        }
    }
    set.contains(&word.to_lowercase())
}

/// `Surname, Given` (or `SURNAME/GIVEN`): a known given name after the
/// comma, a capitalised surname before it.
fn name_inverted(v: &str, lex: &Lexicons) -> bool {
    // `GUO/JUN` in travel records.
    let Some((surname, given)) = v.split_once([',', '/']) else {
        return false;
    };
    let (surname, given) = (surname.trim(), given.trim());
    // Records write the surname in capitals (`OLIVEIRA, François`); so do
    // acronyms, so a surname in capitals must be a known one.
    let capitals = surname.chars().count() > 1
        && surname
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    (name_shape(surname, lex) || (capitals && holds(&lex.surnames, surname)))
        && holds(&lex.first_names, given)
        && !holds(&lex.stopwords, surname)
}

/// A name in capitals, as forms and records write them after a name key
/// (`Requester: OLIVIA THOMPSON`): two words or more, a known given name or
/// surname among them, none an ordinary word but particles (`BIN`, `AL-`).
fn name_in_capitals(v: &str, lex: &Lexicons) -> bool {
    let known = |w: &str| holds(&lex.first_names, w) || holds(&lex.surnames, w);
    let parts = || {
        v.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
    };
    v.split_whitespace().count() >= 2
        && v.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
        && parts().any(known)
        && parts().all(|w| known(w) || holds(&lex.particles, w) || !holds(&lex.stopwords, w))
}

/// A chat transcript's speaker: one known given name (`Rania`,
/// `Anne-Marie`), not an AI assistant's (`Claude:` is a model speaking).
fn speaker(v: &str, lex: &Lexicons) -> bool {
    const ASSISTANTS: &[&str] = &["claude", "gemini", "alexa", "siri", "cortana", "copilot"];
    let given = v.split('-').next().unwrap_or(v);
    !v.contains(char::is_whitespace)
        && holds(&lex.first_names, given)
        && !ASSISTANTS.iter().any(|a| v.eq_ignore_ascii_case(a))
        && name_shape(v, lex)
}

/// A name written in lower case: two or three words, the first a known
/// given name, none a common non-name word (`barbara gupta`, not `not set`).
fn name_lower(v: &str, lex: &Lexicons) -> bool {
    let words: Vec<String> = v.split_whitespace().map(str::to_lowercase).collect();
    (2..=3).contains(&words.len())
        && lex.first_names.contains(&words[0])
        && words.iter().all(|w| !lex.stopwords.contains(w))
}

/// A name-shaped value: capitalised words, none of them a common non-name
/// word; the parts of a hyphenated word (`Smith-Jones`, `Anne-Marie`) each
/// so or in lower case after the first (`Ji-woo`), particles (`van der`)
/// between words or joined before one (`al-Haddad`), and a comma after a
/// surname (`Fitzgerald, Cathal`).
fn name_shape(v: &str, lex: &Lexicons) -> bool {
    let mut words = 0;
    let mut all = v.split_whitespace().peekable();
    while let Some(w) = all.next() {
        let w = w.trim_end_matches(['.', ',']);
        if words > 0 && all.peek().is_some() && holds(&lex.particles, w) {
            continue;
        }
        // A possessive before another word names a thing (`New Year's Day`).
        if all.peek().is_some() && (w.ends_with("'s") || w.ends_with("’s")) {
            return false;
        }
        // After the first part, a part may be in lower case (`Ji-woo`); a
        // first part may be a particle (`al-Haddad`).
        let parts = w.split('-').count();
        for (k, part) in w.split('-').enumerate() {
            let lower = k > 0 && !part.is_empty() && part.chars().all(char::is_lowercase);
            let particle = k == 0 && parts > 1 && lex.particles.contains(part);
            if !(lower || particle || is_name_part(part, words, lex)) {
                return false;
            }
        }
        words += 1;
    }
    words >= 1
}

/// One capitalised word (or part of a hyphenated one) of a name; `words`
/// came before it.
fn is_name_part(w: &str, words: usize, lex: &Lexicons) -> bool {
    let (mut len, mut first, mut second) = (0, None, None);
    // Capitals after the first character: how many, and where the first is.
    let (mut inner, mut first_inner) = (0, None);
    for (i, c) in w.chars().enumerate() {
        match i {
            0 => first = Some(c),
            1 => second = Some(c),
            _ => {}
        }
        if i > 0 && c.is_uppercase() {
            inner += 1;
            first_inner.get_or_insert(i);
        }
        len += 1;
    }
    let initial = len == 1;
    // Contractions are not names (I'll, I'm), but O'Brien and D'Souza are.
    if matches!(second, Some('\'' | '’')) && !matches!(first, Some('O' | 'D' | 'L')) {
        return false;
    }
    // Capitals inside a word only after a short prefix (McDonald, O'Neil, DeAngelo).
    if !initial && inner == 1 && first_inner.is_some_and(|i| i > 3) {
        return false;
    }
    if inner > 1 && inner + 1 < len {
        return false;
    }
    // Capitalised, and not all in capitals (every character after the first).
    if !first.is_some_and(char::is_uppercase) || (!initial && inner + 1 >= len) {
        return false;
    }
    // An ordinary word is no name, unless it is a known given name, or a
    // known surname after the first word ("Ahmed Price").
    initial
        || !holds(&lex.stopwords, w)
        || holds(&lex.first_names, w)
        || (words > 0 && holds(&lex.surnames, w))
}

/// An address whose street-type word is in the lexicon.
fn address(v: &str, lex: &Lexicons) -> bool {
    v.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && holds(&lex.street_types, w))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn checksums_accept_known_good_values() {
        assert!(card("4111 1111 1111 1111"));
        assert!(card("378282246310005"));
        assert!(card("5555-5555-5555-4444"));
        assert!(iban("GB82 WEST 1234 5698 7654 32"));
        assert!(iban("DE89370400440532013000"));
        assert!(aba("021000021"));
        assert!(vin("1HGCM82633A004352"));
        assert!(nhs("943 476 5919"));
        assert!(sin("130 692 544"));
        assert!(ssn("078-05-1120"));
        assert!(itin("912-70-1234"));
        assert!(nino("AB 12 34 56 C"));
        assert!(swift("DEUTDEFF500"));
        assert!(mac("00:1A:2b:3C:4d:5E"));
        assert!(mac("0011.2233.4455"));
        assert!(ipv6("2001:db8::1") && ipv6("fe80::1") && ipv6("2001:4860:4860::8888"));
        assert!(ipv4("192.168.0.1") && ipv4("0.0.0.0") && ipv4("255.255.255.255"));
        assert!(expiry("06/2027") && expiry("7/30"));
        assert!(nanp("(212) 555-0143") && nanp("1-718-639-7570") && nanp("4035067292"));
    }

    #[test]
    fn checksums_reject_near_misses() {
        assert!(!card("4111 1111 1111 1112"));
        assert!(!card("0000 0000 0000 0000"));
        assert!(!iban("GB83 WEST 1234 5698 7654 32"));
        assert!(!iban("XX82 WEST 1234 5698 7654 32"));
        assert!(!ipv6("6322::63") && !ipv6("1::3") && !ipv6("::2") && !ipv6("::"));
        assert!(ipv6("::1"));
        assert!(!aba("021000022"));
        assert!(!vin("1HGCM82643A004352"));
        assert!(!nhs("943 476 5918"));
        assert!(!sin("130 692 545") && !sin("046 454 286"));
        assert!(!ssn("666-05-1120") && !ssn("078-00-1120") && !ssn("078-05-0000"));
        assert!(!itin("912-93-1234"));
        assert!(!nino("BG 12 34 56 C") && !nino("AB 12 34 56 E"));
        assert!(!swift("DEUTXQFF"));
        assert!(!ipv4("256.1.1.1") && !ipv4("01.2.3.4"));
        assert!(!ipv4("1.2.3") && !ipv4("1.2.3.4.5") && !ipv4("1..3.4") && !ipv4("1.2.3.4 "));
        assert!(!mac("00:1A:2b:3C:4d:5G") && !mac("00:1A-2b:3C:4d:5E"));
        assert!(!expiry("13/27"));
        // A plain word after "password is" is prose, but for the commonest passwords.
        assert!(password("letmein") && password("Summer1") && !password("required"));
        // Run together, or by the month's name.
        assert!(expiry("0927") && expiry("Sept 2027") && expiry("March '28") && expiry("dec 2030"));
        assert!(
            !expiry("1327") && !expiry("Septe 2027") && !expiry("Ma 2027") && !expiry("June 1890")
        );
        assert!(!email("report@host") && !url("main.py"));
        // Area code or exchange from 0 or 1, a wrong country code, too short.
        assert!(!nanp("1669327688") && !nanp("212 055 0143") && !nanp("2-718-639-7570"));
        assert!(!nanp("555-0143") && !nanp("222-222-2222"));
    }

    #[test]
    fn file_extensions_are_no_domains_in_any_case() {
        assert!(!email("icon@2x.PNG") && !email("logo@brand.Woff2"));
        assert!(email("ana@shop.museum") && email("ana@EXAMPLE.COM"));
        assert!(!url("main.PY") && !url("Cargo.lock"));
        // A scheme makes a URL of any name; no extension has eight letters.
        assert!(url("https://build.sh") && url("example.technology"));
        // The host follows any user@ and comes before a port.
        assert!(url("ssh://git@example.com:22/x"));
        assert!(url("postgres://root:${PW}@db.internal:5432/app"));
        assert!(!url("https://user:${PW}@nohost/x"));
        // A password makes it its user, password and host.
        assert!(!url("postgres://root:Mx7$kq9!Lz@db.internal:5432/app"));
        assert!(url_password("Mx7$kq9!Lz") && !url_password("$DB_PASS"));
        assert!(!url_password("***") && !url_password("{{ pw }}"));
    }

    /// The ISO 7064 remainder as written: taken every character.
    fn remainder_by_the_book(s: &[u8]) -> u32 {
        let mut rem = 0u32;
        for &b in s[4..].iter().chain(&s[..4]) {
            let d = if b.is_ascii_digit() {
                u32::from(b - b'0')
            } else {
                u32::from(b - b'A') + 10
            };
            rem = (rem * if d >= 10 { 100 } else { 10 } + d) % 97;
        }
        rem
    }

    #[test]
    fn iban_countries_are_in_order_for_the_binary_search() {
        assert!(IBAN_LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    proptest::proptest! {
        #[test]
        fn iban_check_is_the_book_check(
            country in 0..IBAN_LENGTHS.len(),
            check in 0u32..100,
            body in "[0-9A-Z]{30}",
        ) {
            let (code, len) = IBAN_LENGTHS[country];
            let value = format!(
                "{}{check:02}{}",
                std::str::from_utf8(code).unwrap(),
                &body[..len - 4]
            );
            let by_the_book = remainder_by_the_book(value.as_bytes()) == 1;
            proptest::prop_assert_eq!(iban(&value), by_the_book);
            // In lower case, in groups of four, dashed: the same.
            let grouped: Vec<String> = value.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into()).collect();
            proptest::prop_assert_eq!(iban(&value.to_lowercase()), by_the_book);
            proptest::prop_assert_eq!(iban(&grouped.join(" ")), by_the_book);
            proptest::prop_assert_eq!(iban(&grouped.join("-")), by_the_book);
            proptest::prop_assert!(!iban(&grouped.join("_")));
            // With the check digits the remainder of `00` asks for, it is valid.
            let zeroed = format!("{}00{}", &value[..2], &value[4..]);
            let check = 98 - remainder_by_the_book(zeroed.as_bytes());
            let valid = format!("{}{check:02}{}", &value[..2], &value[4..]);
            proptest::prop_assert!(iban(&valid), "{}", valid);
        }
    }
}
