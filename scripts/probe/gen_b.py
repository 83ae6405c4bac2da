#!/usr/bin/env python3
"""gen_b.py - second, independent labelled PII probe corpus (deterministic, seed 771203).

Usage:  python3 scripts/probe/gen_b.py OUTDIR
Writes OUTDIR/probe.jsonl (gold) and OUTDIR/probe_in.jsonl (one {"id","text"} per line).

Gold record: {"id", "text", "kind": "positive"|"negative", "style",
              "spans": [{"type","start","end","value","tag"}]}  (+ "looks_like" on negatives)
Offsets are UTF-8 byte offsets, end exclusive; value == text.encode()[start:end].decode().
Ids: b-0001... (positives), bn-0001... (negatives).
tag: "ok"   clear (key/context word, or a self-identifying format)
     "amb"  a human would call it PII but there is no context
     "hard" needs world knowledge (lower-case names in chat, scheme-less URLs, ...)

Labelling conventions (see also the report printed at the end):
  * Spans never nest or overlap; a URL that contains a name or id is one URL span only.
  * NAME: person names only. Titles (Dr., Ms., Mr., Prof.) and post-nominals are NOT in the
    span. "Surname, Given" is one span. In CSV with split first/last columns each cell is its
    own NAME span. Company and place names are never NAME.
  * AGE: the number, plus the unit token when it directly follows ("42", "42 years", "42 yrs",
    "42 y/o", "18 months"). Words such as "aged", "old", "age" are never inside the span.
  * ADDRESS: the whole street address (unit, number, street, town, region, postcode) is one
    span, including internal newlines for multi-line addresses. The recipient name line is a
    separate NAME span. A postcode, city or country on its own is NOT labelled.
  * PHONE: includes a leading "+", "00" prefix, "(0)" and parentheses; excludes "tel:" etc.
  * URL: scheme included; trailing sentence punctuation and closing brackets/quotes excluded.
    IP in CIDR notation: only the address, not "/24".
  * Quoted values in config/JSON/CSV: quotes are excluded from spans.
  * CA_HEALTH_NUMBER: an attached version code ("-AB" / "AB") is included.
  * CREDIT_DEBIT_CARD_NUMBER: separators included; masked/last-4 numbers are not labelled.
  * IBAN: compact or groups of four; spaces included in the span.
  * UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: 10 digits (optionally "12345 67890"); no checksum
    is enforced (HMRC's is not public), only the UTR context.
  * Dates of birth and other dates are not a Bedrock type and are never labelled.
"""
import ipaddress
import json
import os
import re
import string
import sys
import unicodedata
import random
from collections import Counter

SEED = 771203
R = random.Random(SEED)
ch = R.choice
ri = R.randint
DIG = string.digits
UP = string.ascii_uppercase


def D(n):
    return "".join(ch(DIG) for _ in range(n))


def A(n, alphabet=UP):
    return "".join(ch(alphabet) for _ in range(n))


def chance(p):
    return R.random() < p


# =========================================================================== validators
def luhn_ok(num):
    s = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_complete(partial):
    for c in DIG:
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def only_digits(s):
    return re.sub(r"\D", "", s)


CARD_RULES = [  # (name, prefix test, allowed lengths)
    ("visa", lambda n: n.startswith("4"), (13, 16, 19)),
    ("mastercard", lambda n: 51 <= int(n[:2]) <= 55 or 2221 <= int(n[:4]) <= 2720, (16,)),
    ("amex", lambda n: n[:2] in ("34", "37"), (15,)),
    ("discover", lambda n: n.startswith("6011") or n.startswith("65") or 644 <= int(n[:3]) <= 649, (16, 19)),
    ("jcb", lambda n: 3528 <= int(n[:4]) <= 3589, (16,)),
    ("diners", lambda n: n[:2] in ("36", "38") or 300 <= int(n[:3]) <= 305, (14,)),
    ("unionpay", lambda n: n.startswith("62"), (16, 17, 18, 19)),
    ("maestro", lambda n: n[:4] in ("5018", "5020", "5038", "6759", "6304"), (16, 19)),
]


def card_brand(num):
    for name, test, lens in CARD_RULES:
        if test(num) and len(num) in lens:
            return name
    return None


def card_ok(s):
    n = only_digits(s)
    return 13 <= len(n) <= 19 and luhn_ok(n) and card_brand(n) is not None


IBAN_SPEC = {  # country: BBAN pattern (n digit, a upper letter, c alnum); total length = 4 + len
    "DE": "18n", "GB": "4a14n", "FR": "5n5n11n2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n",
    "BE": "12n", "CH": "5n12c", "AT": "16n", "IE": "4a14n", "PL": "24n", "PT": "21n", "SE": "20n",
    "DK": "14n", "NO": "11n", "FI": "14n", "LU": "3n13c", "CZ": "20n", "GR": "7n16c", "HU": "24n",
    "RO": "4a16c", "SA": "2n18c", "AE": "3n16n", "TR": "5n1n16c", "LT": "16n", "HR": "17n",
}
IBAN_LEN = {"DE": 22, "GB": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "AT": 20,
            "IE": 22, "PL": 28, "PT": 25, "SE": 24, "DK": 18, "NO": 15, "FI": 18, "LU": 20, "CZ": 24,
            "GR": 27, "HU": 28, "RO": 24, "SA": 24, "AE": 23, "TR": 26, "LT": 20, "HR": 21}


def spec_len(spec):
    return sum(int(x) for x in re.findall(r"\d+", spec))


for _c, _s in IBAN_SPEC.items():
    assert 4 + spec_len(_s) == IBAN_LEN[_c], _c


def mod97(s):
    r = 0
    for c in s:
        r = (r * 10 + int(c)) % 97 if c.isdigit() else (r * 100 + (ord(c) - 55)) % 97
    return r


def iban_ok(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    return mod97(s[4:] + s[:4]) == 1


def aba_ok(s):
    if not re.fullmatch(r"\d{9}", s):
        return False
    d = [int(c) for c in s]
    if not (0 <= int(s[:2]) <= 12 or 21 <= int(s[:2]) <= 32 or 61 <= int(s[:2]) <= 72 or s[:2] == "80"):
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


VIN_T = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_ALPHA = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin_check(v):
    s = sum((int(c) if c.isdigit() else VIN_T[c]) * w for c, w in zip(v, VIN_W)) % 11
    return "X" if s == 10 else str(s)


def vin_ok(v):
    return len(v) == 17 and all(c in VIN_ALPHA for c in v) and v[8] == vin_check(v)


def nhs_check(nine):
    r = 11 - sum(int(c) * w for c, w in zip(nine, range(10, 1, -1))) % 11
    return None if r == 10 else (0 if r == 11 else r)


def nhs_ok(s):
    n = only_digits(s)
    return len(n) == 10 and nhs_check(n[:9]) == int(n[9])


def sin_ok(s):
    n = only_digits(s)
    return len(n) == 9 and n[0] not in "08" and luhn_ok(n)


def ssn_ok(s):
    m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", s)
    if not m:
        return False
    a, g, n = m.groups()
    return a not in ("000", "666") and a[0] != "9" and g != "00" and n != "0000"


ITIN_GROUPS = set(range(50, 66)) | set(range(70, 89)) | {90, 91, 92} | set(range(94, 100))


def itin_ok(s):
    m = re.fullmatch(r"(9\d{2})[- ]?(\d{2})[- ]?(\d{4})", s)
    return bool(m) and int(m.group(2)) in ITIN_GROUPS


NINO_BAD1 = set("DFIQUV")
NINO_BAD2 = set("DFIOQUV")
NINO_BADP = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino_ok(s):
    t = s.replace(" ", "")
    return (bool(re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", t)) and t[0] not in NINO_BAD1
            and t[1] not in NINO_BAD2 and t[:2] not in NINO_BADP)


def bc_phn_check(n9):  # n9: '9' + 8 digits; returns check digit or None
    s = sum(int(c) * w for c, w in zip(n9[1:], [2, 4, 8, 5, 10, 9, 7, 3])) % 11
    c = 11 - s
    return None if c >= 10 else c


def ca_health_ok(s):
    t = s.replace("-", "").replace(" ", "")
    if re.fullmatch(r"\d{10}([A-Z]{2})?", t):
        n = t[:10]
        if n[0] == "9" and bc_phn_check(n[:9]) == int(n[9]):
            return True
        return luhn_ok(n)
    m = re.fullmatch(r"[A-Z]{4}(\d{2})(\d{2})(\d{2})\d{2}", t)  # Quebec RAMQ
    if m:
        mm = int(m.group(2))
        return 1 <= (mm - 50 if mm > 50 else mm) <= 12 and 1 <= int(m.group(3)) <= 31
    return False


def swift_ok(s):
    return bool(re.fullmatch(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?", s))


def ip_ok(s):
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


def mac_ok(s):
    return bool(re.fullmatch(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}", s))


VALIDATE = {
    "CREDIT_DEBIT_CARD_NUMBER": card_ok,
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER": iban_ok,
    "US_BANK_ROUTING_NUMBER": aba_ok,
    "VEHICLE_IDENTIFICATION_NUMBER": vin_ok,
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER": nhs_ok,
    "CA_SOCIAL_INSURANCE_NUMBER": sin_ok,
    "US_SOCIAL_SECURITY_NUMBER": ssn_ok,
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER": itin_ok,
    "UK_NATIONAL_INSURANCE_NUMBER": nino_ok,
    "CA_HEALTH_NUMBER": ca_health_ok,
    "SWIFT_CODE": swift_ok,
    "IP_ADDRESS": ip_ok,
    "MAC_ADDRESS": mac_ok,
    "AWS_ACCESS_KEY": lambda s: bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s)),
    "AWS_SECRET_KEY": lambda s: bool(re.fullmatch(r"[A-Za-z0-9/+]{40}", s)),
    "EMAIL": lambda s: bool(re.fullmatch(r"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", s)),
    "URL": lambda s: not s[-1] in ".,;:!?)]}'\"" and " " not in s,
    "CREDIT_DEBIT_CARD_CVV": lambda s: bool(re.fullmatch(r"\d{3,4}", s)),
    "CREDIT_DEBIT_CARD_EXPIRY": lambda s: bool(re.fullmatch(r"(0[1-9]|1[0-2]) ?[/-] ?(\d{2}|20\d{2})", s)),
    "PIN": lambda s: bool(re.fullmatch(r"\d{4,6}", s)),
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER": lambda s: len(only_digits(s)) == 10,
    "US_BANK_ACCOUNT_NUMBER": lambda s: 6 <= len(only_digits(s)) <= 17,
    "AGE": lambda s: bool(re.fullmatch(r"\d{1,3}( ?(years|yrs|y/o|yo|months|mo))?", s)),
    "PHONE": lambda s: 8 <= len(only_digits(s)) <= 15,
    "US_PASSPORT_NUMBER": lambda s: bool(re.fullmatch(r"[A-Z]?\d{8,9}", s)),
}


# =========================================================================== document model
class S:
    """A PII value to be placed in a text."""

    def __init__(self, typ, value, tag="ok"):
        assert tag in ("ok", "amb", "hard")
        self.type, self.value, self.tag = typ, value, tag

    def __repr__(self):
        return f"S({self.type},{self.value!r})"


class Doc:
    def __init__(self, text="", spans=None):
        self.text = text
        self.spans = spans or []

    def __add__(self, o):
        if isinstance(o, str):
            o = Doc(o)
        elif isinstance(o, S):
            o = Doc(o.value, [dict(type=o.type, start=0, end=len(o.value.encode()), value=o.value, tag=o.tag)])
        elif isinstance(o, (int, float)):
            o = Doc(str(o))
        off = len(self.text.encode())
        return Doc(self.text + o.text,
                   self.spans + [dict(s, start=s["start"] + off, end=s["end"] + off) for s in o.spans])


SLOT = re.compile(r"«(\w+)»")


def fill(tpl, **kw):
    d = Doc()
    i = 0
    for m in SLOT.finditer(tpl):
        d = d + tpl[i:m.start()] + kw[m.group(1)]
        i = m.end()
    return d + tpl[i:]


def join(sep, items):
    d = Doc()
    for k, it in enumerate(items):
        if k:
            d = d + sep
        d = d + it
    return d


def val(v):
    return v.value if isinstance(v, S) else v.text if isinstance(v, Doc) else str(v)


# ---- structured renderers ------------------------------------------------------------------
def r_colon(pairs, pad=None, sep=": "):
    pad = pad if pad is not None else (max(len(k) for k, _ in pairs) + 1 if chance(0.4) else 0)
    d = Doc()
    for k, v in pairs:
        d = d + (k + sep.rstrip()).ljust(pad) + (" " if pad else sep[len(sep.rstrip()):]) + v + "\n"
    return d


def needs_quote(s):
    return bool(re.search(r"[\s:#{}\[\],&*!|>'\"%@`]", s)) or s[:1] in "-?"


def r_env(pairs, export=False):
    d = Doc()
    for k, v in pairs:
        s = val(v)
        q = '"' if (" " in s or "#" in s or "$" in s) else ""
        d = d + ("export " if export else "") + k + "=" + q + v + q + "\n"
    return d


def r_yaml(pairs, indent=0):
    d = Doc()
    for k, v in pairs:
        if v is None:
            d = d + " " * indent + k + ":\n"
            continue
        s = val(v)
        q = '"' if needs_quote(s) or re.fullmatch(r"[\d.]+", s) and isinstance(v, S) else ""
        d = d + " " * indent + k + ": " + q + v + q + "\n"
    return d


def r_ini(pairs, section=None):
    d = Doc(f"[{section}]\n" if section else "")
    eq = ch([" = ", "=", " = "])
    for k, v in pairs:
        d = d + k + eq + v + "\n"
    return d


def r_json(pairs):
    d = Doc("{")
    for i, (k, v) in enumerate(pairs):
        if i:
            d = d + ","
        d = d + json.dumps(k) + ":"
        if isinstance(v, (int, float)):
            d = d + json.dumps(v)
        else:
            s = val(v)
            assert json.dumps(s, ensure_ascii=False)[1:-1] == s, s
            d = d + '"' + v + '"'
    return d + "}"


def r_logfmt(pairs):
    items = []
    for k, v in pairs:
        s = val(v)
        q = '"' if " " in s else ""
        items.append(Doc(k + "=" + q) + v + q)
    return join(" ", items)


def r_md(header, rows, align=None):
    d = Doc("| " + " | ".join(header) + " |\n")
    d = d + "|" + "|".join((align or ["---"] * len(header))) + "|\n"
    for row in rows:
        d = d + "| " + join(" | ", row) + " |\n"
    return d


def r_csv(header, rows, delim=","):
    d = Doc(delim.join(header) + "\n")
    for row in rows:
        cells = []
        for c in row:
            s = val(c)
            if delim in s or '"' in s or "\n" in s:
                assert '"' not in s
                cells.append(Doc('"') + c + '"')
            else:
                cells.append(c)
        d = d + join(delim, cells) + "\n"
    return d


# =========================================================================== names
CULTS = {
    "anglo": dict(F=["Emily", "Sarah", "Rebecca", "Olivia", "Hannah", "Charlotte", "Megan", "Lauren"],
                  M=["James", "Michael", "Thomas", "Daniel", "Oliver", "Matthew", "Nathan", "Gareth"],
                  fam=["Thompson", "Walker", "Bennett", "Harrison", "Clarke", "Hughes", "Whitfield", "Ashworth", "Pritchard", "Kowal"]),
    "hispanic": dict(F=["María José", "Lucía", "Ximena", "Guadalupe", "Camila", "Valentina", "Ana Sofía", "Itzel"],
                     M=["Juan Carlos", "Alejandro", "Javier", "Santiago", "Andrés", "José Luis", "Mateo", "Rodrigo"],
                     fam=["García", "López", "Hernández", "Ruiz", "Martínez", "Fernández", "Olmedo", "Castillo",
                          "Sánchez", "Ortega", "Vázquez", "Morales", "Peña", "Ibáñez"]),
    "arabic": dict(F=["Fatima", "Layla", "Mariam", "Noor", "Aisha", "Huda", "Rania"],
                   M=["Omar", "Yousef", "Abdullah", "Khalid", "Tariq", "Hassan", "Faisal", "Saeed"],
                   fam=["al-Rashid", "Al-Mansouri", "al-Haddad", "Al Qahtani", "al-Masri", "Al-Amin", "al-Farsi", "Al-Zahrani"]),
    "vietnamese": dict(F=["Lan", "Thảo", "Hương", "Mai", "Linh", "Trang"], M=["Hùng", "Tuấn", "Phúc", "Dũng", "Khoa", "Bảo"],
                       midF=["Thị", "Ngọc", "Thu", "Thanh"], midM=["Văn", "Minh", "Đức", "Quang", "Hữu"],
                       fam=["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]),
    "chinese": dict(F=["Xinyi", "Meiling", "Jing", "Yutong", "Xiaohui", "Ruoxi"], M=["Wei", "Haoran", "Jianguo", "Yifan", "Zihao", "Junjie"],
                    fam=["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"]),
    "indian": dict(F=["Priya", "Ananya", "Lakshmi", "Aditi", "Kavya", "Harpreet", "Deepika", "Meenakshi"],
                   M=["Arjun", "Rohan", "Venkatesh", "Sandeep", "Vikram", "Rahul", "Siddharth", "Gurpreet"],
                   fam=["Raghunathan", "Sharma", "Iyer", "Patel", "Chatterjee", "Reddy", "Gill", "Nair", "Deshpande", "Banerjee", "Subramaniam"]),
    "nigerian": dict(F=["Ngozi", "Adaeze", "Folake", "Yetunde", "Funmilayo", "Chiamaka", "Ifeoma"],
                     M=["Chukwuemeka", "Oluwaseun", "Babatunde", "Ikechukwu", "Emeka", "Olumide", "Tunde"],
                     fam=["Okonkwo", "Adebayo", "Okafor", "Balogun", "Eze", "Oyelaran", "Nwosu", "Adeyemi", "Obi", "Onyekachi"]),
    "polish": dict(F=["Małgorzata", "Agnieszka", "Zofia", "Katarzyna", "Joanna", "Bożena"], M=["Grzegorz", "Paweł", "Łukasz", "Wojciech", "Jędrzej", "Mikołaj"],
                   famF=["Wiśniewska", "Kowalczyk", "Zając", "Wójcik", "Dąbrowska", "Lewandowska", "Szczepańska", "Król"],
                   famM=["Wiśniewski", "Kowalczyk", "Zając", "Wójcik", "Dąbrowski", "Lewandowski", "Brzęczyszczykiewicz", "Król"]),
    "irish": dict(F=["Siobhán", "Aoife", "Niamh", "Róisín", "Clodagh", "Gráinne"], M=["Ciarán", "Pádraig", "Seán", "Eoin", "Declan", "Cathal"],
                  fam=["O'Sullivan", "McCarthy", "O'Brien", "MacNamara", "McGrath", "O'Donnell", "Fitzgerald", "McLoughlin", "O'Shea"]),
    "german": dict(F=["Anke", "Katrin", "Lena", "Jutta", "Friederike"], M=["Jürgen", "Lukas", "Matthias", "Dieter", "Florian"],
                   fam=["Müller", "Schröder", "Becker", "Hoffmann", "Weiß", "Kühn", "Zimmermann"]),
    "french": dict(F=["Amélie", "Léa", "Chloé", "Hélène", "Margaux"], M=["Benoît", "Théo", "Jérôme", "François", "Loïc"],
                   fam=["Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier"]),
    "japanese": dict(F=["Yui", "Haruka", "Aoi", "Sakura", "Emi"], M=["Haruto", "Kenji", "Sōta", "Ren", "Takumi"],
                     fam=["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō", "Yamamoto", "Kobayashi"]),
}
TITLES = {"F": ["Ms.", "Mrs.", "Dr.", "Ms", "Prof."], "M": ["Mr.", "Dr.", "Mr", "Prof."]}
WORD_NAMES = ["Grace", "Hope", "Will", "Rose", "Frank", "Faith", "Summer", "Hunter", "Joy", "Bill", "Sunny", "Victor"]


def ascii_fold(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    return re.sub(r"[^a-z0-9]", "", ascii_fold(s).lower())


class Person:
    def __init__(self, cult=None, gender=None):
        self.cult = cult = cult or ch(list(CULTS))
        self.g = g = gender or ch("FM")
        c = CULTS[cult]
        given = ch(c[g])
        if cult == "hispanic":
            a, b = R.sample(c["fam"], 2)
            family = f"{a} {b}"
            full = f"{given} {family}"
        elif cult == "arabic":
            fam = ch(c["fam"])
            if chance(0.5):
                family = f"{'bin' if g == 'M' else 'bint'} {ch(CULTS['arabic']['M'])} {fam}"
            else:
                family = fam
            full = f"{given} {family}"
        elif cult == "vietnamese":
            fam = ch(c["fam"])
            given = f"{ch(c['mid' + g])} {given}"
            family = fam
            full = f"{family} {given}"
        elif cult == "chinese":
            family = ch(c["fam"])
            full = f"{family} {given}" if chance(0.6) else f"{given} {family}"
        elif cult == "polish":
            family = ch(c["fam" + g])
            full = f"{given} {family}"
        elif cult == "japanese":
            family = ch(c["fam"])
            full = f"{given} {family}" if chance(0.6) else f"{family} {given}"
        else:
            family = ch(c["fam"])
            full = f"{given} {family}"
        self.given, self.family, self.full = given, family, full
        self.first = given.split()[0]
        self.last = family.split()[-1]
        self.age = ri(19, 84)
        self.dob_y = 2024 - self.age
        self.dob_m = ri(1, 12)
        self.dob_d = ri(1, 28)

    def name(self, mode="full", tag="ok"):
        v = {"full": self.full, "sort": f"{self.family}, {self.given}", "caps": self.full.upper(),
             "sortcaps": f"{self.family.upper()}, {self.given}", "first": self.first, "given": self.given,
             "lower": self.full.lower(), "firstlower": self.first.lower(), "family": self.family,
             "initial": f"{self.first[0]}. {self.family}"}[mode]
        return S("NAME", v, tag)

    def title(self):
        return ch(TITLES[self.g])

    def dob(self, fmt=None):
        y, m, d = self.dob_y, self.dob_m, self.dob_d
        fmt = fmt or ch(["iso", "uk", "us", "long", "dots"])
        mon = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1]
        return {"iso": f"{y}-{m:02d}-{d:02d}", "uk": f"{d:02d}/{m:02d}/{y}", "us": f"{m:02d}/{d:02d}/{y}",
                "long": f"{d} {mon} {y}", "dots": f"{d:02d}.{m:02d}.{y}"}[fmt]


DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "proton.me", "icloud.com", "web.de", "orange.fr", "hotmail.com",
           "gmx.net", "yahoo.com", "btinternet.com", "rediffmail.com", "shaw.ca", "bigpond.com", "eircom.net", "wp.pl"]
WORK_DOMAINS = ["northwind-logistics.com", "brightpath.io", "acmehealth.org", "kestrel-analytics.co.uk", "harbourview.ie",
                "mapleleaf-dental.ca", "sunridge.com.au", "tidewater-bank.com", "quillon.de", "atelier-lumen.fr"]


def email(p=None, work=False, tag="ok"):
    if p is None:
        p = Person()
    f, l = slug(p.first), slug(p.last)
    local = ch([f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{ri(1, 99)}", f"{l}.{f}", f"{f}_{l}", f"{f}.{l}+{ch(['orders', 'news', 'work'])}",
                f"{f[0]}.{l}", f"{f}{ri(70, 99)}"])
    return S("EMAIL", f"{local}@{ch(WORK_DOMAINS if work else DOMAINS)}", tag)


HANDLES = ["skyline_77", "nightowl.dev", "blue_kestrel", "mango.tango42", "quietstorm", "pixelpilot", "r00tbeer", "tealfox",
           "j4ck_of_all", "lunar_moth", "captain.crunch", "midnight-oil", "ferretlord", "sk8ordie99"]


def username(p=None, tag="ok"):
    if p is None or chance(0.25):
        return S("USERNAME", ch(HANDLES) + (str(ri(1, 9)) if chance(0.3) else ""), tag)
    f, l = slug(p.first), slug(p.last)
    return S("USERNAME", ch([f"{f[0]}{l}", f"{f}.{l}", f"{f}_{l}{D(2)}", f"{l}{f[0]}", f"{f}{l[:3]}", f"{f[0]}{l}{ri(1, 9)}"]), tag)


# =========================================================================== value generators
US_AREAS = ["212", "415", "617", "312", "713", "206", "303", "404", "512", "646", "718", "917", "305", "602", "971"]


def phone(cc=None, tag="ok", kind=None):
    cc = cc or ch(["US", "UK", "DE", "FR", "IN", "AU", "JP"])
    if cc == "US":
        a, ex, ln = ch(US_AREAS), f"{ri(2, 9)}{D(2)}", D(4)
        v = ch([f"({a}) {ex}-{ln}", f"{a}-{ex}-{ln}", f"{a}.{ex}.{ln}", f"+1 {a} {ex} {ln}", f"+1-{a}-{ex}-{ln}",
                f"001 {a} {ex} {ln}", f"+1 ({a}) {ex}-{ln}", f"1-{a}-{ex}-{ln}"])
    elif cc == "UK":
        if chance(0.55):
            n = f"7{ch('3456789')}{D(2)} {D(6)}"
        else:
            n = ch([f"20 {ch('378')}{D(3)} {D(4)}", f"161 {D(3)} {D(4)}", f"113 {D(3)} {D(4)}", f"131 {D(3)} {D(4)}", f"117 {D(3)} {D(4)}"])
        v = ch([f"0{n}", f"0{n}", f"+44 {n}", f"0044 {n}", f"+44 (0){n}", f"+44{n.replace(' ', '')}"])
    elif cc == "DE":
        if chance(0.5):
            a, sub = ch(["151", "160", "170", "176", "157"]), D(8)
        else:
            a, sub = ch(["30", "40", "89", "69", "221", "711"]), D(ri(7, 8))
        v = ch([f"0{a} {sub}", f"+49 {a} {sub}", f"0049 {a} {sub}", f"+49 (0){a} {sub}", f"0{a}/{sub}", f"+49 {a} {sub[:4]} {sub[4:]}"])
    elif cc == "FR":
        first = ch("1234567")
        pairs = " ".join(D(2) for _ in range(4))
        v = ch([f"0{first} {pairs}", f"+33 {first} {pairs}", f"0033 {first} {pairs}", f"0{first}.{pairs.replace(' ', '.')}", f"+33 (0){first} {pairs}"])
    elif cc == "IN":
        if chance(0.7):
            m = f"{ch('6789')}{D(4)}"
            r = D(5)
            v = ch([f"+91 {m} {r}", f"0091 {m} {r}", f"0{m} {r}", f"+91-{m}{r}", f"{m} {r}"])
        else:
            a, sub = ch([("11", 8), ("22", 8), ("80", 8), ("44", 8), ("40", 8)])
            s = D(sub)
            v = ch([f"0{a} {s[:4]} {s[4:]}", f"+91 {a} {s[:4]} {s[4:]}", f"0{a}-{s[:4]} {s[4:]}"])
    elif cc == "AU":
        if chance(0.55):
            n = f"4{D(2)} {D(3)} {D(3)}"
            v = ch([f"0{n}", f"+61 {n}", f"0061 {n}", f"+61{n.replace(' ', '')}"])
        else:
            a = ch("2378")
            s = f"{D(4)} {D(4)}"
            v = ch([f"(0{a}) {s}", f"+61 {a} {s}", f"0{a} {s}", f"0061 {a} {s}"])
    else:  # JP
        if chance(0.5):
            a = ch(["90", "80", "70"])
            s1, s2 = D(4), D(4)
            v = ch([f"0{a}-{s1}-{s2}", f"+81 {a}-{s1}-{s2}", f"+81-{a}-{s1}-{s2}", f"0081 {a} {s1} {s2}"])
        else:
            a = ch(["3", "6"])
            s1, s2 = D(4), D(4)
            v = ch([f"0{a}-{s1}-{s2}", f"+81 {a}-{s1}-{s2}", f"+81-{a}-{s1}-{s2}", f"0{a}({s1}){s2}"])
    return S("PHONE", v, tag)


US_CITIES = [("Springfield", "IL", "627"), ("Portland", "OR", "972"), ("Austin", "TX", "787"), ("Brooklyn", "NY", "112"),
             ("San Francisco", "CA", "941"), ("Denver", "CO", "802"), ("Columbus", "OH", "432"), ("Raleigh", "NC", "276"),
             ("Seattle", "WA", "981"), ("Tampa", "FL", "336"), ("Cambridge", "MA", "021"), ("Phoenix", "AZ", "850")]
US_STREETS = ["Maple Avenue", "Oak Street", "Pine St", "Lakeview Drive", "W 34th Street", "Cedar Ln", "Sunset Blvd", "Elm Ct",
              "Harrison Ave", "Mission Street", "N Clark St", "Magnolia Way", "Old Mill Rd"]
UK_TOWNS = [("Leeds", "LS"), ("Manchester", "M"), ("London", "SW"), ("London", "E"), ("Bristol", "BS"), ("Glasgow", "G"),
            ("Cardiff", "CF"), ("Norwich", "NR"), ("Brighton", "BN"), ("Sheffield", "S"), ("York", "YO"), ("Edinburgh", "EH")]
UK_STREETS = ["Kingsley Road", "Percy Street", "Cable Street", "Albion Terrace", "Church Lane", "Victoria Road", "Mill Street",
              "Queen's Drive", "St Mary's Close", "Hawthorn Avenue", "Brunswick Place", "Holloway Road"]
CA_CITIES = [("Toronto", "ON", "M"), ("Ottawa", "ON", "K"), ("Montréal", "QC", "H"), ("Vancouver", "BC", "V"),
             ("Calgary", "AB", "T"), ("Winnipeg", "MB", "R"), ("Halifax", "NS", "B")]
CA_STREETS = ["Bay Street", "Rue Sainte-Catherine Ouest", "Robson St", "Jasper Avenue", "Portage Ave", "Spring Garden Road",
              "Bank Street", "Queen St W", "Boulevard Saint-Laurent", "Kent Avenue"]
AU_SUBURBS = [("Fitzroy", "VIC", "3065"), ("Mascot", "NSW", "2020"), ("Surry Hills", "NSW", "2010"), ("Fortitude Valley", "QLD", "4006"),
              ("Subiaco", "WA", "6008"), ("Glenelg", "SA", "5045"), ("Braddon", "ACT", "2612"), ("Sandy Bay", "TAS", "7005"),
              ("Parramatta", "NSW", "2150"), ("Brunswick East", "VIC", "3057")]
AU_STREETS = ["Smith Street", "Kent Road", "Adelaide Terrace", "Brunswick St", "Oxford Street", "Jetty Road", "Lonsdale Street",
              "Church St", "Hay Street", "Lygon Street"]
IE_PLACES = [("Dublin 2", "D02"), ("Dublin 8", "D08"), ("Dublin 6W", "D6W"), ("Cork", "T12"), ("Galway", "H91"), ("Limerick", "V94"),
             ("Westport, Co. Mayo", "F28"), ("Navan, Co. Meath", "C15"), ("Ennis, Co. Clare", "V95")]
IE_STREETS = ["Grand Canal Street", "Mill Street", "Patrick Street", "Shop Street", "O'Connell Street Upper", "Barrack Street",
              "Eyre Square", "Dominick Street", "Harcourt Road"]
CA_PC_L = "ABCEGHJKLMNPRSTVWXYZ"


def uk_postcode(area):
    return f"{area}{ri(1, 19)} {ri(1, 9)}{A(2, 'ABDEFGHJLNPQRSTUWXYZ')}"


def ca_postcode(first):
    return f"{first}{ri(0, 9)}{ch(CA_PC_L)} {ri(0, 9)}{ch(CA_PC_L)}{ri(0, 9)}"


def eircode(key):
    return f"{key} {ch('ACDEFHKNPRTVWXY')}{''.join(ch('ACDEFHKNPRTVWXY0123456789') for _ in range(3))}"


def address(cc=None, multiline=False, tag="ok", lower=False):
    cc = cc or ch(["US", "UK", "CA", "AU", "IE"])
    sep = "\n" if multiline else ", "
    if cc == "US":
        city, st, z = ch(US_CITIES)
        unit = ch(["", "", ", Apt 4B", f" Apt. {ri(1, 30)}", f", Suite {ri(100, 950)}", f", Unit {ri(1, 40)}", f" #{ri(101, 2405)}", f", Apt {ri(1, 9)}{ch('ABCD')}"])
        zipc = z + D(2) + (f"-{D(4)}" if chance(0.2) else "")
        v = f"{ri(12, 9890)} {ch(US_STREETS)}{unit}{sep}{city}, {st} {zipc}"
    elif cc == "UK":
        town, area = ch(UK_TOWNS)
        unit = ch(["", "", f"Flat {ri(1, 12)}, ", f"Flat {ri(1, 9)}{ch('ABC')}, ", f"Flat {ri(1, 30)}, {ch(['Marlowe House', 'Beacon Court', 'Ashdown Mews', 'The Old Dairy'])}, "])
        pc = uk_postcode(area)
        if multiline:
            u = unit.rstrip(", ")
            v = (u + "\n" if u else "") + f"{ri(1, 240)} {ch(UK_STREETS)}\n{town.upper() if chance(0.5) else town}\n{pc}"
        else:
            v = f"{unit}{ri(1, 240)} {ch(UK_STREETS)}, {town}{ch([' ', ', '])}{pc}"
    elif cc == "CA":
        city, prov, first = ch(CA_CITIES)
        n, u = ri(10, 2900), ri(101, 2810)
        line1 = ch([f"{u}-{n} {ch(CA_STREETS)}", f"Unit {u}, {n} {ch(CA_STREETS)}", f"{n} {ch(CA_STREETS)}, Suite {u}", f"{n} {ch(CA_STREETS)}", f"Apt {u}, {n} {ch(CA_STREETS)}"])
        v = f"{line1}{sep}{city}, {prov} {ca_postcode(first)}" if not multiline else f"{line1}\n{city} {prov}  {ca_postcode(first)}"
    elif cc == "AU":
        sub, st, pc = ch(AU_SUBURBS)
        n = ri(1, 320)
        line1 = ch([f"Unit {ri(1, 30)}/{n} {ch(AU_STREETS)}", f"{ri(1, 30)}/{n} {ch(AU_STREETS)}", f"Level {ri(1, 20)}, {n} {ch(AU_STREETS)}", f"{n} {ch(AU_STREETS)}"])
        v = f"{line1}{sep}{sub} {st} {pc}" if not multiline else f"{line1}\n{sub.upper()} {st} {pc}"
    else:
        place, key = ch(IE_PLACES)
        unit = ch(["", f"Apt {ri(1, 40)}, The Maltings, ", f"Apartment {ri(1, 60)}, ", f"{ri(1, 9)} Marina Village, ", ""])
        if multiline:
            v = (unit.rstrip(", ") + "\n" if unit else "") + f"{ri(1, 120)} {ch(IE_STREETS)}\n{place.replace(', ', chr(10))}\n{eircode(key)}"
        else:
            v = f"{unit}{ri(1, 120)} {ch(IE_STREETS)}, {place}, {eircode(key)}"
    if lower:
        v = v.lower()
    return S("ADDRESS", v, tag)


def street_only(tag="amb", lower=False):
    v = ch([f"{ri(2, 300)} {ch(US_STREETS)}", f"{ri(2, 200)} {ch(UK_STREETS)}", f"{ri(2, 99)} {ch(AU_STREETS)}", f"{ri(2, 99)} {ch(IE_STREETS)}"])
    return S("ADDRESS", v.lower() if lower else v, tag)


def card(brand=None, sep=None, tag="ok"):
    brand = brand or ch(["visa"] * 4 + ["mastercard"] * 3 + ["amex"] * 2 + ["discover", "jcb", "diners", "unionpay", "maestro"])
    if brand == "visa":
        L, pre = ch([16] * 8 + [13, 19]), "4"
    elif brand == "mastercard":
        L, pre = 16, ch([str(ri(51, 55)), str(ri(2221, 2720))])
    elif brand == "amex":
        L, pre = 15, ch(["34", "37"])
    elif brand == "discover":
        L, pre = 16, ch(["6011", "65", str(ri(644, 649))])
    elif brand == "jcb":
        L, pre = 16, str(ri(3528, 3589))
    elif brand == "diners":
        L, pre = 14, ch(["36", "38", str(ri(300, 305))])
    elif brand == "unionpay":
        L, pre = ch([16, 19]), ch(["62", "6212", "6250"])
    else:
        L, pre = ch([16, 19]), ch(["5018", "5020", "6759", "6304"])
    num = luhn_complete(pre + D(L - len(pre) - 1))
    sep = sep if sep is not None else ch([" ", " ", "-", ""])
    if L == 15:
        g = [num[:4], num[4:10], num[10:]]
    elif L == 14:
        g = [num[:4], num[4:10], num[10:]]
    elif L == 13:
        g = [num[:4], num[4:8], num[8:]]
    else:
        g = [num[i:i + 4] for i in range(0, L, 4)]
    return S("CREDIT_DEBIT_CARD_NUMBER", sep.join(g), tag), brand


BRAND_NAME = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express", "discover": "Discover", "jcb": "JCB",
              "diners": "Diners Club", "unionpay": "UnionPay", "maestro": "Maestro"}


def cvv(brand="visa", tag="ok"):
    return S("CREDIT_DEBIT_CARD_CVV", D(4) if brand == "amex" else D(3), tag)


def expiry(tag="ok"):
    m, y = ri(1, 12), ri(2025, 2032)
    return S("CREDIT_DEBIT_CARD_EXPIRY", ch([f"{m:02d}/{y % 100:02d}"] * 3 + [f"{m:02d}/{y}", f"{m:02d}-{y % 100:02d}", f"{m:02d} / {y % 100:02d}"]), tag)


def gen_bban(spec, cc):
    out = ""
    for n, t in re.findall(r"(\d+)([nac])", spec):
        n = int(n)
        if t == "n":
            out += D(n)
        elif t == "a":
            out += A(n)
        else:
            out += "".join(ch(UP) if chance(0.15) else ch(DIG) for _ in range(n))
    if cc == "GB":
        out = ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "CITI", "MONZ"]) + out[4:]
    elif cc == "NL":
        out = ch(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + out[4:]
    elif cc == "IE":
        out = ch(["AIBK", "BOFI", "IPBS", "ULSB"]) + out[4:]
    elif cc == "RO":
        out = ch(["RNCB", "BTRL", "BRDE", "INGB"]) + out[4:]
    elif cc == "BE":
        b = out[:10]
        r = int(b) % 97
        out = b + f"{r if r else 97:02d}"
    elif cc == "FR":
        bank, guichet, acct = int(out[:5]), int(out[5:10]), int(out[10:21])
        key = 97 - ((89 * bank + 15 * guichet + 3 * acct) % 97)
        out = out[:21] + f"{key:02d}"
    elif cc == "TR":
        out = out[:5] + "0" + out[6:]
    return out


def iban(cc=None, grouped=None, tag="ok"):
    cc = cc or ch(list(IBAN_SPEC))
    bban = gen_bban(IBAN_SPEC[cc], cc)
    chk = 98 - mod97(bban + cc + "00")
    v = f"{cc}{chk:02d}{bban}"
    assert iban_ok(v), v
    grouped = chance(0.55) if grouped is None else grouped
    if grouped:
        v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    return S("INTERNATIONAL_BANK_ACCOUNT_NUMBER", v, tag), cc


SWIFT_BANKS = {"DE": ["DEUT", "COBA", "DRES", "GENO"], "GB": ["BARC", "NWBK", "HBUK", "LOYD"], "FR": ["BNPA", "SOGE", "CRLY", "AGRI"],
               "ES": ["BSCH", "CAIX", "BBVA"], "IT": ["UNCR", "BCIT", "BPMO"], "NL": ["INGB", "ABNA", "RABO"], "BE": ["GEBA", "KRED", "BBRU"],
               "CH": ["UBSW", "CRES", "ZKBK"], "AT": ["BKAU", "RZBA", "GIBA"], "IE": ["AIBK", "BOFI"], "PL": ["PKOP", "BPKO", "INGB"],
               "PT": ["CGDI", "BCOM"], "SE": ["NDEA", "ESSE", "HAND"], "DK": ["DABA", "NDEA"], "NO": ["DNBA", "NDEA"], "FI": ["OKOY", "NDEA"],
               "LU": ["BCEE", "BILL"], "CZ": ["KOMB", "CEKO"], "GR": ["ETHN", "PIRB"], "HU": ["OTPV", "GIBA"], "RO": ["RNCB", "BTRL"],
               "SA": ["NCBK", "RJHI"], "AE": ["EBIL", "NBAD"], "TR": ["TGBA", "ISBK"], "LT": ["HABA", "CBVI"], "HR": ["ZABA", "PBZG"],
               "US": ["CHAS", "BOFA", "CITI", "WFBI"], "CA": ["ROYC", "TDOM", "BOFM"], "IN": ["SBIN", "HDFC", "ICIC"], "JP": ["MHCB", "BOTK"],
               "AU": ["CTBA", "NATA", "WPAC"]}


def swift(cc=None, tag="ok"):
    cc = cc or ch(list(SWIFT_BANKS))
    v = ch(SWIFT_BANKS[cc]) + cc + ch(["FF", "PP", "2L", "22", "MM", "33", "2X", "DD", "HH", "BB", "3N", "AA"])
    if chance(0.4):
        v += ch(["XXX", "500", "BER", "LDN", "1A2", "MUC", "PAR"])
    return S("SWIFT_CODE", v, tag)


ABA_PREFIXES = [f"{i:02d}" for i in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))] + ["80"]


def aba(tag="ok"):
    while True:
        s = ch(ABA_PREFIXES) + D(6)
        d = [int(c) for c in s]
        c = (10 - (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5]) % 10) % 10
        v = s + str(c)
        if aba_ok(v):
            return S("US_BANK_ROUTING_NUMBER", v, tag)


def bank_acct(tag="ok"):
    n = ri(8, 14)
    v = str(ri(1, 9)) + D(n - 1)
    if chance(0.15):
        v = "00" + v[:-2]
    return S("US_BANK_ACCOUNT_NUMBER", v, tag)


def ssn(sep=None, tag="ok"):
    while True:
        a = ri(1, 899)
        if a != 666:
            break
    a, g, n = f"{a:03d}", f"{ri(1, 99):02d}", f"{ri(1, 9999):04d}"
    sep = sep if sep is not None else ch(["-"] * 6 + [" ", ""])
    return S("US_SOCIAL_SECURITY_NUMBER", f"{a}{sep}{g}{sep}{n}", tag)


def itin(tag="ok"):
    sep = ch(["-"] * 5 + [" ", ""])
    return S("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", f"9{D(2)}{sep}{ch(sorted(ITIN_GROUPS)):02d}{sep}{D(4)}", tag)


def sin(tag="ok"):
    n = luhn_complete(ch("1234567" * 3 + "9") + D(7))
    sep = ch([" ", " ", "-", ""])
    return S("CA_SOCIAL_INSURANCE_NUMBER", sep.join([n[:3], n[3:6], n[6:]]), tag)


def nino(tag="ok"):
    while True:
        p = ch([c for c in UP if c not in NINO_BAD1]) + ch([c for c in UP if c not in NINO_BAD2])
        if p not in NINO_BADP:
            break
    d = D(6)
    sfx = ch("ABCD")
    v = ch([f"{p}{d}{sfx}", f"{p} {d[:2]} {d[2:4]} {d[4:]} {sfx}", f"{p}{d}{sfx}", f"{p} {d} {sfx}"])
    return S("UK_NATIONAL_INSURANCE_NUMBER", v, tag)


def nhs(tag="ok"):
    while True:
        n9 = ch("4674") + D(8)
        c = nhs_check(n9)
        if c is not None:
            break
    n = n9 + str(c)
    v = ch([f"{n[:3]} {n[3:6]} {n[6:]}"] * 3 + [n, f"{n[:3]}-{n[3:6]}-{n[6:]}"])
    return S("UK_NATIONAL_HEALTH_SERVICE_NUMBER", v, tag)


def utr(tag="ok"):
    n = str(ri(1, 9)) + D(9)
    return S("UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", ch([n, n, f"{n[:5]} {n[5:]}"]), tag)


def ca_health(p=None, prov=None, tag="ok"):
    prov = prov or ch(["ON", "ON", "ON", "BC", "QC"])
    if prov == "ON":
        n = luhn_complete(ch("123456789") + D(8))
        vc = A(2) if chance(0.6) else ""
        v = ch([f"{n[:4]}-{n[4:7]}-{n[7:]}" + (f"-{vc}" if vc else ""), n + vc, f"{n[:4]} {n[4:7]} {n[7:]}" + (f" {vc}" if vc else "")])
    elif prov == "BC":
        while True:
            n9 = "9" + D(8)
            c = bc_phn_check(n9)
            if c is not None:
                break
        n = n9 + str(c)
        v = ch([f"{n[:4]} {n[4:7]} {n[7:]}", n])
    else:
        p = p or Person()
        sur = re.sub(r"[^A-Z]", "", ascii_fold(p.last).upper())
        sur = (sur + "XXX")[:3]
        m = p.dob_m + (50 if p.g == "F" else 0)
        v = f"{sur}{ascii_fold(p.first)[0].upper()} {p.dob_y % 100:02d}{m:02d} {p.dob_d:02d}{D(2)}"
    return S("CA_HEALTH_NUMBER", v, tag), prov


VIN_WMI = ["1HG", "JHM", "WVW", "WBA", "5YJ", "1FT", "SAL", "VF1", "JTD", "KNA", "3VW", "2T1", "YV1", "ZFA", "WDD", "1G1", "SAJ", "KMH"]
VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"


def vin(tag="ok"):
    body = ch(VIN_WMI) + "".join(ch(VIN_ALPHA) for _ in range(5)) + "0" + ch(VIN_YEARS) + ch(VIN_ALPHA) + D(6)
    v = body[:8] + vin_check(body) + body[9:]
    assert vin_ok(v)
    return S("VEHICLE_IDENTIFICATION_NUMBER", v, tag)


def plate(cc=None, tag="ok", lower=False):
    cc = cc or ch(["UK", "US", "DE", "FR", "IE", "AU", "CA"])
    L = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if cc == "UK":
        v = f"{A(2, L)}{ri(10, 74):02d} {A(3, L)}"
    elif cc == "US":
        v = ch([f"{ri(1, 9)}{A(3, L)}{D(3)}", f"{A(3, L)}-{D(4)}", f"{A(3, L)} {D(4)}", f"{D(3)} {A(3, L)}"])
    elif cc == "DE":
        v = f"{ch(['M', 'B', 'HH', 'K', 'F', 'S', 'DO'])}-{A(ri(1, 2), L)} {ri(1, 9999)}"
    elif cc == "FR":
        v = f"{A(2, L)}-{D(3)}-{A(2, L)}"
    elif cc == "IE":
        v = f"{ri(151, 242)}-{ch(['D', 'C', 'G', 'KY', 'L', 'MH', 'WW'])}-{ri(1, 49999)}"
    elif cc == "AU":
        v = ch([f"{ri(1, 9)}{A(3, L)}{D(3)}", f"{A(3, L)}-{D(3)}", f"{A(2, L)}-{D(2)}-{A(2, L)}"])
    else:
        v = f"{A(4, L)} {D(3)}"
    return S("LICENSE_PLATE", v.lower() if lower else v, tag)


def driver_id(p=None, cc=None, tag="ok"):
    cc = cc or ch(["CA", "NY", "FL", "TX", "IL", "UK", "ON", "UK"])
    if cc == "CA":
        v = ch(UP) + D(7)
    elif cc == "NY":
        v = ch([D(9), f"{D(3)} {D(3)} {D(3)}"])
    elif cc == "FL":
        d = D(12)
        v = f"{ch(UP)}{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:11]}-{d[11]}"
    elif cc == "TX":
        v = D(8)
    elif cc == "IL":
        d = D(11)
        v = f"{ch(UP)}{d[:3]}-{d[3:7]}-{d[7:]}"
    elif cc == "ON":
        d = D(14)
        v = f"{ch(UP)}{d[:4]}-{d[4:9]}-{d[9:]}"
    else:
        p = p or Person()
        sur = (re.sub(r"[^A-Z]", "", ascii_fold(p.last).upper()) + "99999")[:5]
        y = p.dob_y
        m = p.dob_m + (50 if p.g == "F" else 0)
        ini = (ascii_fold(p.first)[0] + "9").upper()
        v = f"{sur}{(y // 10) % 10}{m:02d}{p.dob_d:02d}{y % 10}{ini}9{A(2)}"
    return S("DRIVER_ID", v, tag), cc


def passport(tag="ok"):
    return S("US_PASSPORT_NUMBER", ch([D(9), D(9), ch("ACEFGHJKLMNPRSTUVWXZ") + D(8)]), tag)


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def aws_access(tag="ok"):
    return S("AWS_ACCESS_KEY", ch(["AKIA", "AKIA", "AKIA", "ASIA"]) + "".join(ch(B32) for _ in range(16)), tag)


def aws_secret(tag="ok"):
    al = string.ascii_letters + DIG
    v = "".join(ch(al) if R.random() > 0.06 else ch("/+") for _ in range(40))
    return S("AWS_SECRET_KEY", v, tag)


def ipv4(private=None, tag="ok"):
    private = chance(0.35) if private is None else private
    if private:
        v = ch([f"10.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}", f"192.168.{ri(0, 31)}.{ri(2, 254)}", f"172.{ri(16, 31)}.{ri(0, 255)}.{ri(1, 254)}"])
    else:
        v = f"{ch([23, 31, 45, 62, 77, 81, 92, 103, 145, 176, 185, 203, 212, 217, 86, 109, 151, 188])}.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}"
    return S("IP_ADDRESS", v, tag)


def ipv6(tag="ok"):
    h = lambda: f"{ri(0, 0xffff):x}"
    v = ch([f"2a02:{h()}:{h()}:{h()}::{h()}", f"2001:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}", f"fe80::{h()}:{ri(0, 255):02x}ff:fe{ri(0, 255):02x}:{h()}",
            f"2607:f8b0:{h()}:{h()}::{h()}", f"2a00:23c{ri(0, 9)}:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}", f"2001:db8:{h()}::{h()}"])
    return S("IP_ADDRESS", v, tag)


def ip(tag="ok"):
    return ipv6(tag) if chance(0.25) else ipv4(tag=tag)


def mac(tag="ok"):
    b = [ri(0, 255) for _ in range(6)]
    b[0] &= 0xFE
    f = ch(["colon", "colon", "dash", "upper", "cisco"])
    if f == "colon":
        v = ":".join(f"{x:02x}" for x in b)
    elif f == "upper":
        v = ":".join(f"{x:02X}" for x in b)
    elif f == "dash":
        v = "-".join(f"{x:02X}" for x in b)
    else:
        hx = "".join(f"{x:02x}" for x in b)
        v = f"{hx[:4]}.{hx[4:8]}.{hx[8:]}"
    return S("MAC_ADDRESS", v, tag)


PW_WORDS = ["correct", "horse", "battery", "staple", "maple", "tundra", "violet", "comet", "harbor", "pepper", "quartz", "otter", "lantern"]


def password(tag="ok", simple=False):
    f = ch(["rand", "rand", "word", "phrase", "season"]) if not simple else ch(["word", "season"])
    if f == "rand":
        al = string.ascii_letters + DIG + "!@%^&*-_+=?~"
        v = "".join(ch(al) for _ in range(ri(10, 18)))
        if not re.search(r"\d", v):
            v += D(1)
    elif f == "word":
        w = ch(PW_WORDS)
        v = w.capitalize() + ch(["!", "@", "#1", "$", "!!", "_"]).replace("#", "") + D(ri(2, 4))
    elif f == "phrase":
        v = "-".join(R.sample(PW_WORDS, 4))
    else:
        v = ch(["Summer", "Winter", "Autumn", "Spring"]) + str(ri(2019, 2025)) + ch(["!", "?", "*", "#"]).replace("#", "!")
    return S("PASSWORD", v, tag)


def pin(tag="ok"):
    return S("PIN", D(ch([4, 4, 4, 6])), tag)


URL_SITES = ["brightpath.io", "northwind-logistics.com", "acmehealth.org", "kestrel-analytics.co.uk", "harbourview.ie", "quillon.de",
             "sunridge.com.au", "tidewater-bank.com", "parcelhub.net", "mapleleaf-dental.ca"]


def url(p=None, tag="ok", scheme=True, kind=None):
    f = kind or ch(["site", "site", "profile", "track", "reset", "doc", "cal"])
    if f == "site":
        path = ch(["/careers", "/account/settings", "/help/article/4412", "/en-gb/returns", "/blog/2024/05/new-depot", "/portal/login", "/pricing"])
        host = ch(["www.", "", "app.", "portal."]) + ch(URL_SITES)
        v = host + path
    elif f == "profile":
        who = slug(p.first) + "-" + slug(p.last) if p else ch(HANDLES).replace("_", "-").replace(".", "-")
        v = ch([f"www.linkedin.com/in/{who}-{A(4, 'abcdef0123456789')}", f"github.com/{who}", f"calendly.com/{who}/30min"])
    elif f == "track":
        v = f"track.parcelhub.net/t/{A(2)}{D(9)}GB?lang=en"
    elif f == "reset":
        v = f"portal.{ch(URL_SITES)}/reset?token={A(24, string.ascii_letters + DIG)}"
    elif f == "doc":
        v = f"docs.google.com/document/d/{A(28, string.ascii_letters + DIG + '-_')}/edit"
    else:
        v = f"calendly.com/{ch(HANDLES).replace('_', '-').replace('.', '-')}/intro-call"
    if scheme:
        v = ch(["https://", "https://", "https://", "http://"]) + v
    return S("URL", v, tag)


def age(n=None, unit=None, tag="ok"):
    n = n if n is not None else ri(19, 84)
    unit = unit if unit is not None else ch(["", "", "", " years", " yrs", " y/o"])
    return S("AGE", f"{n}{unit}", tag)


# ---- non-PII filler --------------------------------------------------------------------------
def order_no():
    return ch([f"#{D(3)}-{D(7)}-{D(7)}", f"ORD-{ri(2023, 2024)}-{D(6)}", f"#{ri(100000, 999999)}", f"SO{D(8)}", f"W{D(9)}"])


def ticket_no():
    return ch([f"INC{D(7)}", f"#{ri(10000, 99999)}", f"CS-{D(6)}", f"SR-{ri(2023, 2024)}-{D(5)}", f"REQ{D(6)}"])


def money():
    return ch([f"£{ri(3, 900)}.{D(2)}", f"${ri(5, 2500)}.{D(2)}", f"€{ri(3, 1500)},{D(2)}", f"{ri(10, 9999)}.00 EUR", f"AU${ri(10, 700)}.{D(2)}",
               f"CA${ri(10, 900)}.{D(2)}", f"₹{ri(200, 90000):,}"])


def ts(fmt=None):
    y, mo, d, h, mi, s = 2024, ri(1, 12), ri(1, 28), ri(0, 23), ri(0, 59), ri(0, 59)
    fmt = fmt or ch(["iso", "isoms", "space"])
    if fmt == "iso":
        return f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
    if fmt == "isoms":
        return f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{D(3)}Z"
    if fmt == "space":
        return f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if fmt == "clf":
        mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][mo - 1]
        return f"{d:02d}/{mon}/{y}:{h:02d}:{mi:02d}:{s:02d} +0000"
    if fmt == "syslog":
        mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][mo - 1]
        return f"{mon} {d:2d} {h:02d}:{mi:02d}:{s:02d}"
    return f"{d:02d}/{mo:02d}/{y}"


def date_txt():
    mo = ri(1, 12)
    mon = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][mo - 1]
    return ch([f"{ri(1, 28)} {mon} 2024", f"{mon} {ri(1, 28)}, 2024", f"2024-{mo:02d}-{ri(1, 28):02d}", f"{ri(1, 28):02d}/{mo:02d}/2024"])


def uuid():
    h = "".join(ch("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{ch('89ab')}{h[17:20]}-{h[20:]}"


def hexs(n):
    return "".join(ch("0123456789abcdef") for _ in range(n))


COMPANIES = ["Northwind Traders", "Blue Harbor Logistics", "Contoso Pharma", "Kestrel Analytics Ltd", "Harbourview Property Management",
             "Quillon GmbH", "Atelier Lumen SARL", "Sunridge Solar Pty Ltd", "Tidewater Community Bank", "Maple Leaf Dental Group",
             "Brightpath Recruitment", "Fabrikam Insurance", "Lakeside Veterinary Clinic", "Ironbridge Freight"]
CLINICS = ["Riverside Family Practice", "St Columba's Health Centre", "Maple Leaf Dental Group", "Harbour Street Surgery",
           "Northgate Walk-in Clinic", "Lakeshore Physiotherapy"]
PRODUCTS = [("Ceramic Mug, Slate", "MUG-0042-SLT", "12.00"), ("Merino Beanie", "HAT-2231-NVY", "24.50"), ("USB-C Hub 7-in-1", "HUB-7C-0091", "39.99"),
            ("Bamboo Cutting Board", "KIT-BB-4410", "18.75"), ("Trail Running Socks (3 pk)", "SCK-TR3-M", "15.00"),
            ("Noise-cancelling Earbuds", "AUD-NC-220", "89.00"), ("A5 Dotted Notebook", "NB-A5-DOT", "7.20"), ("Cast Iron Skillet 26cm", "CK-CI-26", "42.00")]


# =========================================================================== style: support_ticket
def st_ticket():
    p = Person()
    agent = Person()
    pr = ri(1, 4)
    hdr = fill("Ticket «t» | Priority P«pr» | Channel: «chn» | Opened «ts»\nRequester: «n»\nEmail: «e»\n",
               t=ticket_no(), pr=pr, chn=ch(["web form", "email", "phone", "chat"]), ts=ts("space"),
               n=p.name(ch(["full", "full", "sort", "caps"])), e=email(p))
    kind = ch(["login", "billing", "router", "move", "parking", "rental", "refund", "2fa", "delivery"])
    if kind == "login":
        body = fill("Subject: Locked out after reset\n\nHi, I can't sign in to the portal. My username is «u» and the temporary password "
                    "you sent («pw») is rejected. Tried from «ip» about «m» minutes ago, error code 0x{0}.\n".format(hexs(4).upper()),
                    u=username(p), pw=password(), ip=ip(), m=ri(5, 55))
    elif kind == "billing":
        c, b = card()
        body = fill("Subject: Charged twice\n\nI was billed twice for order «o» («amt» each). The card was my «brand» «c», expiry «x». "
                    "Please refund one of the payments.\n", o=order_no(), amt=money(), brand=BRAND_NAME[b], c=c, x=expiry())
    elif kind == "router":
        body = fill("Subject: Router keeps dropping\n\nSince the firmware update to 3.{0}.{1}.{2} my connection drops every hour. "
                    "Router MAC «m», WAN IP «ip». Call me back on «ph» please.\n".format(ri(0, 9), ri(0, 20), ri(0, 99)),
                    m=mac(), ip=ipv4(private=False), ph=phone())
    elif kind == "move":
        body = fill("Subject: Change of address\n\nPlease update my account to my new address: «a». "
                    "The old one should be removed from your mailing list. Account no. on the bill is {0}.\n".format("AC" + D(8)),
                    a=address())
    elif kind == "parking":
        body = fill("Subject: Appeal PCN {0}\n\nI received a parking charge notice for vehicle registration «pl» on {1}, but the car was "
                    "parked with a valid permit. My contact number is «ph».\n".format("PCN" + D(8), date_txt()),
                    pl=plate(ch(["UK", "UK", "IE", "AU"])), ph=phone(ch(["UK", "AU"])))
    elif kind == "rental":
        dl, cc = driver_id(p)
        body = fill("Subject: Rental agreement correction\n\nBooking {0}: the agreement lists the wrong licence. My driver's license number is «dl». "
                    "The car I collected has VIN «v» and plate «pl», mileage {1} km.\n".format("RA-" + D(7), ri(12000, 90000)),
                    dl=dl, v=vin(), pl=plate())
    elif kind == "refund":
        body = fill("Subject: Refund not received\n\nIt has been {0} days since my return for order «o» was accepted. Please send the refund "
                    "to IBAN «ib» (account holder «n»).\n".format(ri(8, 30)), o=order_no(), ib=iban()[0], n=p.name("full"))
    elif kind == "2fa":
        body = fill("Subject: New phone, 2FA codes going to old number\n\nMy old mobile was «old», the new one is «new». "
                    "Login name «u». I'm travelling so please email «e2» instead.\n",
                    old=phone(), new=phone(), u=username(p), e2=email(p))
    else:
        body = fill("Subject: Parcel marked delivered but not here\n\nTracking {0} says delivered at {1} but nothing arrived at «a». "
                    "The photo shows a different door.\n".format("1Z" + A(6, UP + DIG) + D(10), f"{ri(8, 19)}:{ri(0, 59):02d}"),
                    a=address())
    note = fill("\n--- internal note («ag») ---\nVerified caller via DOB {0}. {1}\n".format(p.dob(), ch(["Escalated to tier 2.", "Awaiting customer reply.",
                                                                                                         "Refund approved.", "Linked to problem PRB0041."])),
                ag=agent.name(ch(["first", "full", "initial"])))
    return hdr + body + (note if chance(0.6) else "")


def clock():
    t = [ri(7 * 60, 21 * 60)]

    def nxt():
        t[0] += ri(0, 3)
        return f"{t[0] // 60:02d}:{t[0] % 60:02d}"
    return nxt


def st_chatlog():
    p = Person()
    ag = Person()
    tk = clock()
    agent_first = ag.name("first")
    lines = [fill("[{0}] «a» (Support): Hi, thanks for contacting {1}! Who am I speaking with?\n".format(tk(), ch(COMPANIES)), a=agent_first)]
    lines.append(fill("[{0}] Customer: it's «n», account email «e»\n".format(tk()), n=p.name(ch(["full", "lower"]), tag="ok"), e=email(p)))
    q = ch(["card", "phone", "addr", "pw"])
    if q == "card":
        c, b = card()
        lines.append(fill("[{0}] Customer: my {1} card «c» got declined even though it doesn't expire until «x»\n".format(tk(), BRAND_NAME[b]), c=c, x=expiry()))
        lines.append(fill("[{0}] «a» (Support): Please don't share full card numbers here - I've masked it on our side.\n".format(tk()), a=ag.name("first")))
    elif q == "phone":
        lines.append(fill("[{0}] Customer: please update my number to «ph» and remove «old»\n".format(tk()), ph=phone(), old=phone()))
    elif q == "addr":
        lines.append(fill("[{0}] Customer: the invoice went to my old place, new address is «a»\n".format(tk()), a=address()))
    else:
        lines.append(fill("[{0}] Customer: my login is «u» and I set the password to «pw» but it says invalid\n".format(tk()), u=username(p), pw=password()))
    lines.append(fill("[{0}] «a» (Support): Thanks, I've updated that. Case reference {1}.\n".format(tk(), ticket_no()), a=ag.name("first")))
    return join("", lines)


# =========================================================================== style: medical_form
REASONS = ["persistent cough for 3 weeks", "follow-up after knee arthroscopy", "annual physical", "migraine, 2-3 episodes/week",
           "rash on forearm", "medication review (metformin 500 mg)", "lower back pain after lifting", "travel vaccinations"]


def med_intake():
    p = Person()
    kin = Person(cult=p.cult if chance(0.7) else None)
    cc = ch(["UK", "CA", "US"])
    vitals = f"BP {ri(100, 150)}/{ri(60, 95)}  HR {ri(55, 100)}  Temp {ri(360, 384) / 10} °C  Wt {ri(48, 120)} kg"
    pairs = [("Patient name", p.name(ch(["sort", "full", "sortcaps"]))), ("Date of birth", p.dob()),
             ("Age", age(p.age, ch(["", "", " years", " yrs"]))), ("Sex", "F" if p.g == "F" else "M")]
    if cc == "UK":
        pairs += [("NHS number", nhs()), ("Address", address("UK")), ("Mobile", phone("UK"))]
    elif cc == "CA":
        hc, prov = ca_health(p)
        pairs += [({"ON": "Health card (OHIP)", "BC": "PHN (BC Services Card)", "QC": "RAMQ no."}[prov], hc),
                  ("Address", address("CA")), ("Phone", phone("US" if chance(0.8) else ch(["IN", "FR", "UK"])))]
    else:
        pairs += [("SSN", ssn()), ("Address", address("US")), ("Phone (home)", phone("US"))]
    if chance(0.6):
        pairs.append(("Email", email(p)))
    pairs.append(("Next of kin", fill("«n» ({0}) «ph»".format(ch(["spouse", "daughter", "son", "mother", "partner", "brother"])), n=kin.name(), ph=phone(cc if cc != "CA" else "US"))))
    pairs.append(("Reason for visit", ch(REASONS)))
    head = Doc(ch(["PATIENT INTAKE FORM", "New Patient Registration", "INTAKE / TRIAGE"]) + f" - {ch(CLINICS)}\n" + ("=" * 30 + "\n" if chance(0.5) else ""))
    return head + r_colon(pairs) + f"Vitals: {vitals}\n"


def med_note():
    p = Person()
    doc = Person()
    a = age(p.age, ch([" y/o", "", " year", "yo"]).replace(" year", " years"))
    sex = "female" if p.g == "F" else "male"
    t = ch([
        "CLINICAL NOTE {0}\nPt: «n»   MRN {1}\n«a» {2} presenting with {3}. Seen by «t»«dr». Plan: bloods (FBC, U&E), review in {4} weeks.\n",
        "Referral letter\n\nDear «t»«dr»,\n\nRe: «n», DOB {5}\nThank you for seeing this «a» {2} with {3}. {8} lives alone at «addr» and can be reached on «ph».\n",
        "Discharge summary ({0})\nName: «n» | Age: «a» | Ward 7B, bed {6}\nDiagnosis: {3}\nGP informed: «t»«dr», fax {7}.\n",
    ])
    a_plain = age(p.age, ch(["", " years"])) if "Age: «a»" in t else a
    return fill(t.format(date_txt(), "MRN" + D(7), sex, ch(REASONS), ri(2, 8), p.dob(), ri(1, 30), "DOC-" + D(5), "She" if p.g == "F" else "He"),
                n=p.name(ch(["full", "sort", "caps"])), a=a_plain, t=ch(["Dr. ", "Dr ", "Prof. "]), dr=doc.name(ch(["family", "full", "initial"])),
                addr=address(ch(["UK", "IE", "AU"])), ph=phone(ch(["UK", "AU"])))


def med_uk_letter():
    p = Person()
    gp = Person()
    return fill("{0}\n{1}\n\nAppointment confirmation\n\n«tt»«n»\n«addr»\n\nNHS No: «nhs»\n\nDear «tt2»«fam»,\n\n"
                "Your appointment with «t»«dr» is on {2} at {3}. If you need to rearrange, call {4} quoting reference {5}.\n\nYours sincerely,\nAppointments Office\n".format(
                    ch(CLINICS), date_txt(), date_txt(), f"{ri(8, 16)}:{ch(['00', '15', '30', '45'])}", "the booking line", "APT" + D(6)),
                tt=(tt := p.title()) + " ", n=p.name("full"), addr=address("UK", multiline=True), nhs=nhs(), tt2=tt + " ", fam=p.name("family"),
                t="Dr ", dr=gp.name("family"))


def med_pharmacy():
    p = Person()
    doc = Person()
    hc, prov = ca_health(p, prov=ch(["ON", "BC", "QC", None]))
    return fill("Rx #{0} | {1}\nPatient: «n» (age «a»)\nHealth card: «hc»\nPrescriber: Dr. «dr»\nDrug: {2}\nQty {3}, refills {4}\nPickup PIN: «pin»\n".format(
        D(7), ch(["Shoppers Drug Mart #" + D(4), "Rexall " + D(3), "London Drugs " + D(2)]), ch(["amoxicillin 500 mg caps", "atorvastatin 20 mg", "salbutamol inhaler 100 mcg", "sertraline 50 mg"]),
        ri(10, 90), ri(0, 5)), n=p.name(ch(["full", "sort"])), a=age(p.age, ""), hc=hc, dr=doc.name(ch(["full", "initial"])), pin=pin())


# =========================================================================== style: hr_record
def hr_onboard():
    p = Person()
    mgr = Person()
    cc = ch(["UK", "US", "US", "CA", "EU"])
    pairs = [("Employee", p.name(ch(["full", "sort", "caps"]))), ("Employee ID", "E" + D(6)), ("Start date", date_txt()),
             ("Department", ch(["Finance", "Engineering", "Warehouse", "Customer Care", "Legal", "Facilities"])),
             ("Line manager", mgr.name(ch(["full", "initial"]))), ("Personal email", email(p)), ("Mobile", phone({"EU": ch(["DE", "FR"]), "CA": "US"}.get(cc, cc)))]
    if cc == "UK":
        pairs += [("Home address", address("UK")), ("NI number", nino()), ("Bank (IBAN)", iban("GB")[0]), ("Tax code", ch(["1257L", "BR", "0T", "K497"]))]
        if chance(0.4):
            pairs.append(("UTR (self-employed)", utr()))
    elif cc == "US":
        pairs += [("Home address", address("US")), (ch(["SSN", "Social Security No."]), ssn()) if chance(0.6) else ("ITIN", itin()),
                  ("Direct deposit routing #", aba()), ("Account #", bank_acct()), ("Salary", f"${ri(45, 180)},{D(3)}")]
        if chance(0.4):
            dl, _ = driver_id(p, ch(["CA", "NY", "FL", "TX", "IL"]))
            pairs.append(("Driver's license", dl))
    elif cc == "CA":
        pairs += [("Home address", address("CA")), ("SIN", sin()), ("Date of birth", p.dob())]
    else:
        ib, icc = iban(ch(["DE", "FR", "NL", "ES", "IT", "BE", "AT", "PL", "PT", "SE", "DK", "FI", "IE", "LU"]))
        pairs += [("IBAN", ib), ("BIC", swift(icc)), ("Date of birth", p.dob())]
    head = Doc(ch(["NEW STARTER FORM", "Onboarding checklist - personal details", "HRIS export: employee record", "Employee Details"]) + "\n")
    return head + r_colon(pairs)


def hr_letter():
    p = Person()
    hr = Person()
    t = ch([
        "To whom it may concern,\n\nThis is to confirm that «tt»«n», aged «a», has been employed by {0} as a {1} since {2}. "
        "Their current gross salary is {3} per annum.\n\nKind regards,\n«hr»\nHR Business Partner, {0}\n",
        "REFERENCE CHECK\nCandidate: «n»   Age: «a»\nPrevious employer: {0}\nReferee: «hr» (contact «ph»)\nNotes: reliable, {4} days absence in last 12 months.\n",
        "Background screening result\nSubject: «n»\nSSN on file: «ssn»\nUS passport no.: «pp»\nResult: CLEAR ({5})\n",
    ])
    return fill(t.format(ch(COMPANIES), ch(["warehouse supervisor", "data analyst", "staff nurse", "account manager"]), date_txt(), money(), ri(0, 9), "CHK-" + D(6)),
                tt=p.title() + " " if chance(0.5) else "", n=p.name(ch(["full", "full", "caps"])), a=age(p.age, ch(["", " years"])),
                hr=hr.name("full"), ph=phone(), ssn=ssn(), pp=passport())


def hr_contractor():
    p = Person()
    pairs = [("Contractor", p.name(ch(["full", "sort"]))), ("Trading as", ch(["sole trader", "limited company", "umbrella (Parasol)"])),
             ("UTR", utr()), ("National Insurance", nino()), ("Day rate", f"£{ri(300, 800)}"),
             ("Payment IBAN", iban(ch(["GB", "IE"]))[0]), ("Address", address(ch(["UK", "UK", "IE"]))), ("Email", email(p, work=chance(0.3)))]
    R.shuffle(pairs)
    return Doc("IR35 / contractor onboarding - PO " + D(7) + "\n") + r_colon(pairs, pad=0)


# =========================================================================== style: ecommerce
def ec_confirm():
    p = Person()
    cc = ch(["US", "UK", "CA", "AU", "IE"])
    items = R.sample(PRODUCTS, ri(1, 3))
    lines = "".join(f"  {ri(1, 3)} x {n} ({sku})  {pr}\n" for n, sku, pr in items)
    greet = fill(ch(["Thanks for your order, «g»!\n", "Hi «g», your order is confirmed.\n", "Hello «g»,\nwe've received your order.\n"]), g=p.name("first"))
    body = Doc(f"\nOrder {order_no()} placed {date_txt()}\n{lines}Subtotal {money()}  Shipping {ch(['FREE', money()])}\n\n")
    ship = fill("Delivering to:\n«n»\n«a»\n«ph»\n\n", n=p.name(ch(["full", "caps"])), a=address(cc, multiline=True), ph=phone({"CA": "US", "IE": "UK"}.get(cc, cc)))
    pay = Doc(f"Paid with {ch(['Visa', 'Mastercard', 'Amex'])} ending {D(4)}\n")
    trk = fill("Track your order: «u»\n", u=url(kind=ch(["track", "site"]))) if chance(0.5) else Doc("")
    return greet + body + ship + pay + trk


def ec_shipping():
    p = Person()
    t = ch([
        "Your parcel {0} is out for delivery today between {1}. Delivery address: «a». Driver: «drv». If you're not home we'll call «ph».",
        "SHIPPING NOTICE\nOrder: {2}\nCarrier: {3}\nTracking: {0}\nRecipient: «n»\nShip-to: «a»\nContact: «ph»\n",
        "Good news, «g»! Order {2} has shipped with {3} (tracking {0}). Estimated arrival {4}. Manage delivery at «u».",
        "Hi «g», your order {2} is on its way (see «u») - expected {4}.",
    ])
    return fill(t.format(ch(["1Z" + A(6, UP + DIG) + D(10), "JD" + D(16), A(2) + D(9) + "GB", D(12)]), ch(["10:00-12:00", "13:15-14:15", "4-6pm"]),
                         order_no(), ch(["DPD", "Royal Mail", "UPS", "FedEx", "Canada Post", "An Post", "Australia Post"]), date_txt()),
                a=address(), drv=Person().name("first"), ph=phone(), n=p.name(ch(["full", "caps"])), g=p.name("first"), u=url(kind=ch(["track", "site"])))


def ec_fraud():
    p = Person()
    c, b = card()
    pairs = [("order_id", order_no()), ("billing_name", p.name(ch(["full", "caps"]))), ("card_number", c), ("exp", expiry()),
             ("cvv", cvv(b)), ("email", email(p)), ("ip", ip()), ("billing_address", address()), ("amount", money()),
             ("risk_score", str(ri(61, 99)))]
    if chance(0.5):
        pairs.insert(4, ("phone", phone()))
    return Doc(f"FRAUD REVIEW QUEUE - rule {ch(['R17 velocity', 'R03 geo-mismatch', 'R22 new device'])}\n") + r_colon(pairs)


def ec_checkout():
    p = Person()
    c, b = card()
    t = ch([
        "Checkout summary\nName on card: «n»\nCard: «c»\nExpiry date: «x»   Security code: «v»\nBilling postcode matches delivery address: «a»\nTotal charged: {0}\n",
        "Payment details for order {1}\nCardholder: «n»\n{2} «c» exp «x» CVC «v»\nDeliver to «a»\n",
    ])
    return fill(t.format(money(), order_no(), BRAND_NAME[b]), n=p.name(ch(["full", "caps"])), c=c, x=expiry(), v=cvv(b), a=address())


def ec_return():
    p = Person()
    return fill("Return request {0}\nCustomer «n» ({1} customer since {2})\nItem: {3}, reason: {4}\nRefund method: original card\nCollection from «a» on {5}\nCustomer phone «ph», email «e»\n".format(
        "RMA" + D(6), ch(["Gold", "Standard"]), ri(2012, 2023), ch(PRODUCTS)[0], ch(["wrong size", "arrived damaged", "not as described"]), date_txt()),
        n=p.name(ch(["full", "sort"])), a=address(), ph=phone(), e=email(p))


# =========================================================================== style: bank_kyc
def kyc_form():
    p = Person()
    cc = ch(["US", "US", "UK", "CA", "EU"])
    pairs = [("Full legal name", p.name(ch(["full", "caps", "sort"]))), ("Date of birth", p.dob()), ("Age", age(p.age, "")),
             ("Nationality", {"US": "US", "UK": "British", "CA": "Canadian", "EU": ch(["German", "French", "Spanish", "Polish"])}[cc])]
    if cc == "US":
        pairs += [("Residential address", address("US")), ("SSN / ITIN", ssn() if chance(0.55) else itin()), ("ID document", "US passport"),
                  ("Passport number", passport()), ("Mobile", phone("US"))]
        if chance(0.5):
            dl, _ = driver_id(p, ch(["CA", "NY", "FL", "TX", "IL"]))
            pairs.append(("Secondary ID (driver's license)", dl))
    elif cc == "UK":
        pairs += [("Residential address", address("UK")), ("National Insurance No.", nino()), ("Mobile", phone("UK"))]
        if chance(0.5):
            dl, _ = driver_id(p, "UK")
            pairs.append(("Driving licence number", dl))
    elif cc == "CA":
        pairs += [("Residential address", address("CA")), ("Social Insurance Number", sin()), ("Phone", phone("US"))]
    else:
        ib, icc = iban(ch(["DE", "FR", "ES", "PL", "IT", "NL", "AT", "CZ", "GR", "HU", "RO", "HR", "LT"]))
        pairs += [("Current account IBAN", ib), ("BIC", swift(icc)), ("Phone", phone(ch(["DE", "FR"])))]
    pairs += [("Email", email(p)), ("Occupation", ch(["nurse", "software engineer", "retired", "self-employed plumber", "student", "teacher"])),
              ("Source of funds", ch(["salary", "pension", "sale of property", "inheritance", "business income"])),
              ("Expected monthly turnover", money())]
    return Doc(ch(["KYC - Individual Account Opening", "CUSTOMER DUE DILIGENCE FORM", "Know Your Customer: personal details"]) + f" (ref {ticket_no()})\n") + r_colon(pairs)


def kyc_wire():
    p = Person()
    ib, cc = iban()
    pairs = [("Beneficiary name", p.name(ch(["full", "caps", "sort"]))), ("Beneficiary IBAN", ib), ("SWIFT/BIC", swift(cc)),
             ("Beneficiary bank", ch(["Deutsche Bank AG", "BNP Paribas", "ING Bank N.V.", "Banco Santander", "PKO Bank Polski", "Allied Irish Banks", "UniCredit"])),
             ("Amount", money()), ("Payment reference", ch(["INV-", "Rent ", "Tuition ", "PO "]) + D(5)), ("Value date", date_txt())]
    if chance(0.4):
        pairs.insert(1, ("Beneficiary address", address(ch(["UK", "IE"]))))
    return Doc(ch(["International payment instruction", "SEPA credit transfer", "Outgoing wire - please process"]) + "\n") + r_colon(pairs)


def kyc_ach():
    p = Person()
    t = ch([
        "DIRECT DEPOSIT AUTHORIZATION\nEmployee: «n»\nBank: {0}\nRouting number (ABA): «r»\nAccount number: «acc»\nAccount type: {1}\nDeposit: 100% of net pay\nSignature: ________  Date: {2}\n",
        "ACH vendor setup\nPayee: «n»\nABA «r» / acct «acc» ({1})\nRemit-to: «a»\nTIN: «ssn»\n",
        "Hi, to set up the autopay please use routing no. «r» and checking account «acc». The account is in the name of «n».\n",
    ])
    return fill(t.format(ch(["Chase", "Wells Fargo", "Bank of America", "US Bank", "PNC", "Tidewater Community Bank"]), ch(["checking", "savings"]), date_txt()),
                n=p.name(ch(["full", "caps"])), r=aba(), acc=bank_acct(), a=address("US"), ssn=ssn() if chance(0.6) else itin())


def kyc_card():
    p = Person()
    c, b = card()
    t = ch([
        "Card activation\nCardholder: «n»\nCard number: «c»\nValid thru: «x»\nCVV2: «v»\nNew PIN: «pin»\nActivated via IVR at {0}\n",
        "Replacement card request {1}\nName: «n»\nLost card: «c» (exp «x»)\nPlease set the PIN to «pin» on the new card and post it to «a».\n",
    ])
    return fill(t.format(ts("space"), ticket_no()), n=p.name(ch(["full", "caps"])), c=c, x=expiry(), v=cvv(b), pin=pin(), a=address())


def kyc_sin():
    p = Person()
    return fill("Account opening - Canada\nApplicant: «n»\nSIN: «sin»\nAddress: «a»\nHome phone: «ph»\nEmployer: {0}\nAnnual income: CA${1},000\nProduct: {2}\n".format(
        ch(COMPANIES), ri(38, 160), ch(["TFSA", "chequing", "RRSP", "line of credit"])), n=p.name(ch(["full", "sort"])), sin=sin(), a=address("CA"), ph=phone("US"))


# =========================================================================== style: app_log
LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"]


def log_logfmt():
    n = ri(2, 4)
    lines = []
    for _ in range(n):
        p = Person()
        ev = ch(["login", "login_failed", "password_reset", "profile_update", "checkout", "token_refresh"])
        pairs = [("ts", ts("isoms")), ("level", ch(LEVELS).lower()), ("msg", ev.replace("_", " ")), ("req_id", uuid()[:13])]
        if ev in ("login", "login_failed", "token_refresh"):
            pairs += [("user", username(p)), ("src_ip", ip())]
        elif ev == "password_reset":
            pairs += [("email", email(p)), ("ip", ip()), ("reset_url", url(kind="reset"))]
        elif ev == "profile_update":
            pairs += [("user_id", str(ri(1000, 99999))), ("field", "phone"), ("new", phone())]
        else:
            c, b = card()
            pairs += [("amount", money()[1:] if chance(0.5) else str(ri(5, 900))), ("pan", c), ("email", email(p))]
        pairs.append(("latency_ms", str(ri(3, 900))))
        lines.append(r_logfmt(pairs))
    return join("\n", lines) + "\n"


def log_jsonl():
    lines = []
    for _ in range(ri(1, 3)):
        p = Person()
        ev = ch(["signup", "payment_failed", "kyc_submitted", "api_key_created", "address_changed"])
        pairs = [("ts", ts("iso")), ("level", ch(LEVELS)), ("event", ev), ("trace", hexs(16))]
        if ev == "signup":
            pairs += [("name", p.name("full")), ("email", email(p)), ("ip", ip()), ("plan", "free")]
        elif ev == "payment_failed":
            c, b = card(sep="")
            pairs += [("card", c), ("exp", expiry()), ("reason", "do_not_honor"), ("amount_cents", ri(100, 90000))]
        elif ev == "kyc_submitted":
            pairs += [("full_name", p.name()), ("ssn", ssn()), ("dob", p.dob("iso")), ("phone", phone("US"))]
        elif ev == "api_key_created":
            pairs += [("user", username(p)), ("access_key_id", aws_access()), ("region", ch(["us-east-1", "eu-west-2", "ap-southeast-2"]))]
        else:
            pairs += [("user_id", ri(100, 99999)), ("new_address", address()), ("ip", ip())]
        lines.append(r_json(pairs))
    return join("\n", lines) + "\n"


UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       "curl/8.5.0", "python-requests/2.31.0", "okhttp/4.12.0"]


def log_nginx():
    lines = []
    for _ in range(ri(2, 4)):
        path = ch(["/api/v2/orders", "/login", "/static/app.3f9a1c.js", "/account/settings", "/checkout/confirm", "/healthz", "/api/v2/users/me"])
        ref = url() if chance(0.5) else Doc("-")
        lines.append(fill('«ip» - «u» [{0}] "{1} {2} HTTP/1.1" {3} {4} "«ref»" "{5}"'.format(ts("clf"), ch(["GET", "POST"]), path, ch([200, 200, 302, 401, 404, 500]), ri(0, 90000), ch(UAS)),
                          ip=ip(), u=username() if chance(0.3) else Doc("-"), ref=ref))
    return join("\n", lines) + "\n"


def log_auth():
    host = ch(["web-03", "bastion-1", "db-primary", "ip-10-0-3-17", "build-runner"])
    lines = []
    for _ in range(ri(2, 4)):
        p = Person()
        pid = ri(1000, 65000)
        k = ch(["fail", "fail", "accept", "sudo", "invalid"])
        if k == "fail":
            lines.append(fill("{0} {1} sshd[{2}]: Failed password for «u» from «ip» port {3} ssh2".format(ts("syslog"), host, pid, ri(30000, 65000)), u=username(p), ip=ip()))
        elif k == "invalid":
            lines.append(fill("{0} {1} sshd[{2}]: Invalid user «u» from «ip» port {3}".format(ts("syslog"), host, pid, ri(30000, 65000)), u=username(), ip=ipv4(private=False)))
        elif k == "accept":
            lines.append(fill("{0} {1} sshd[{2}]: Accepted publickey for «u» from «ip» port {3} ssh2: ED25519 SHA256:{4}".format(
                ts("syslog"), host, pid, ri(30000, 65000), A(43, string.ascii_letters + DIG + "+/")), u=username(p), ip=ip()))
        else:
            uu = username(p)
            lines.append(fill("{0} {1} sudo: «u» : TTY=pts/{2} ; PWD=/home/«u2» ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx".format(ts("syslog"), host, ri(0, 5)),
                              u=uu, u2=S("USERNAME", uu.value, "ok")))
    return join("\n", lines) + "\n"


def log_dhcp():
    lines = []
    for _ in range(ri(1, 3)):
        m = mac()
        m2 = S("MAC_ADDRESS", m.value, "ok")
        i = ipv4(private=True)
        host = ch(["LAPTOP-" + A(7, UP + DIG), "android-" + hexs(8), "DESKTOP-" + A(7, UP + DIG), "printer-2f", "iPad"])
        t0, pid = ts("syslog"), ri(300, 9000)
        lines.append(fill("{0} dhcpd[{1}]: DHCPREQUEST for «i» from «m» ({2}) via eth0".format(t0, pid, host), i=i, m=m))
        lines.append(fill("{0} dhcpd[{1}]: DHCPACK on «i» to «m» ({2}) via eth0".format(t0, pid, host), i=S("IP_ADDRESS", i.value), m=m2))
    return join("\n", lines) + "\n"


def log_leak():
    p = Person()
    t = ch([
        "{0} WARN  botocore.credentials: Found credentials in environment variables. AWS_ACCESS_KEY_ID=«ak» AWS_SECRET_ACCESS_KEY=«sk»\n",
        "{0} ERROR PaymentService - request failed: {{cardNumber=«c», expiry=«x», cvv=«v», holder=«n»}} status=402\n",
        "{0} DEBUG AuthController - login attempt username=«u» password=«pw» result=FAILED attempts={1}\n",
        "{0} INFO  mailer: queued message to «e» (template=welcome, locale=en-GB) id={2}\n",
        "{0} ERROR KycWorker - validation failed for applicant «n»: nino=«ni» dob={3}\n",
    ])
    c, b = card()
    return fill(t.format(ts("isoms"), ri(2, 9), uuid(), p.dob("iso")), ak=aws_access(), sk=aws_secret(), c=c, x=expiry(), v=cvv(b), n=p.name(),
                u=username(p), pw=password(), e=email(p), ni=nino())


# =========================================================================== style: config
def cfg_env():
    p = Person()
    pairs = [("APP_ENV", ch(["production", "staging"])), ("PORT", str(ch([3000, 8080, 8000, 5000])))]
    opts = [("DB_HOST", ipv4(private=True)), ("DB_USER", username(p)), ("DB_PASSWORD", password()),
            ("AWS_ACCESS_KEY_ID", aws_access()), ("AWS_SECRET_ACCESS_KEY", aws_secret()), ("AWS_REGION", ch(["eu-west-1", "us-east-2"])),
            ("ADMIN_EMAIL", email(p, work=True)), ("SMTP_PASS", password()), ("ALERT_SMS_TO", phone()), ("PUBLIC_URL", url(kind="site")),
            ("CACHE_TTL", str(ri(60, 86400))), ("BUILD_SHA", hexs(40)), ("FEATURE_FLAGS", "checkout_v2,dark_mode")]
    pairs += R.sample(opts, ri(4, 8))
    if chance(0.4) and not any(k == "AWS_ACCESS_KEY_ID" for k, _ in pairs):
        pairs += [("AWS_ACCESS_KEY_ID", aws_access()), ("AWS_SECRET_ACCESS_KEY", aws_secret())]
    d = Doc(f"# {ch(['.env.production', '.env', 'service env - do not commit', 'generated ' + date_txt()])}\n")
    return d + r_env(pairs, export=chance(0.2))


def cfg_yaml():
    p = Person()
    q = Person()
    k = ch(["smtp", "oncall", "db", "netplan", "billing"])
    if k == "smtp":
        d = Doc("mail:\n  smtp:\n") + r_yaml([("host", "smtp.mailgun.org"), ("port", "587"), ("username", email(p, work=True) if chance(0.5) else username(p)),
                                                ("password", password()), ("from", email(q, work=True))], 4)
    elif k == "oncall":
        d = Doc("alerts:\n  oncall:\n") + r_yaml([("primary", p.name()), ("primary_phone", phone()), ("secondary", q.name()),
                                                    ("secondary_phone", phone()), ("escalate_after_min", "15")], 4)
    elif k == "db":
        d = Doc("database:\n") + r_yaml([("host", ipv4(private=True)), ("port", "5432"), ("user", username(p)), ("password", password()),
                                          ("pool_size", str(ri(5, 40))), ("replica", ipv4(private=True))], 2)
    elif k == "netplan":
        i1 = ipv4(private=True)
        d = fill("network:\n  version: 2\n  ethernets:\n    eno1:\n      match:\n        macaddress: «m»\n      addresses: [«i»/24]\n      gateway4: «g»\n      nameservers:\n        addresses: [«d1», «d2»]\n",
                 m=mac(), i=i1, g=S("IP_ADDRESS", ".".join(i1.value.split(".")[:3] + ["1"])), d1=S("IP_ADDRESS", ch(["1.1.1.1", "8.8.8.8"])),
                 d2=S("IP_ADDRESS", ch(["9.9.9.9", "1.0.0.1", "8.8.4.4"])))
    else:
        ib, cc = iban()
        d = Doc("billing:\n  payout:\n") + r_yaml([("account_holder", p.name()), ("iban", ib), ("bic", swift(cc)), ("currency", ch(["EUR", "GBP", "CHF", "PLN"])),
                                                  ("schedule", "monthly")], 4)
    return Doc(f"# config.{ch(['yaml', 'yml'])} - {ch(['prod', 'staging', 'edge'])}\n") + d


def cfg_ini():
    p = Person()
    k = ch(["aws", "db", "device", "mail"])
    if k == "aws":
        d = r_ini([("aws_access_key_id", aws_access()), ("aws_secret_access_key", aws_secret()), ("region", ch(["us-east-1", "eu-central-1"]))], ch(["default", "prod", "deploy"]))
        if chance(0.4):
            d = d + "\n" + r_ini([("role_arn", f"arn:aws:iam::{D(12)}:role/ci-deploy"), ("source_profile", "default")], "profile ci")
        return Doc("; ~/.aws/credentials\n") + d
    if k == "db":
        return r_ini([("host", ipv4(private=True)), ("port", "3306"), ("user", username(p)), ("password", password()), ("database", ch(["orders", "crm", "hr_prod"]))], "mysql")
    if k == "device":
        return r_ini([("serial", "SN" + D(9)), ("mac", mac()), ("admin_user", username()), ("admin_pin", pin()), ("firmware", f"{ri(1, 5)}.{ri(0, 20)}.{ri(0, 99)}"),
                      ("mgmt_ip", ipv4(private=True))], "device")
    return r_ini([("smtp_server", "smtp.office365.com"), ("smtp_user", email(p, work=True)), ("smtp_password", password()), ("reply_to", email(Person(), work=True))], "mail")


def cfg_compose():
    p = Person()
    return fill("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: «u»\n      POSTGRES_PASSWORD: «pw»\n    ports:\n      - \"5432:5432\"\n"
                "  pgadmin:\n    image: dpage/pgadmin4:8.5\n    environment:\n      PGADMIN_DEFAULT_EMAIL: «e»\n      PGADMIN_DEFAULT_PASSWORD: «pw2»\n",
                u=username(p), pw=password(simple=True), e=email(p, work=True), pw2=password(simple=True))


# =========================================================================== style: markdown_table
def md_contacts():
    rows = []
    for _ in range(ri(2, 5)):
        p = Person()
        rows.append([p.name(ch(["full", "full", "sort"])), ch(["Ops lead", "Accountant", "Site manager", "Paralegal", "Nurse", "Driver", "Dev"]),
                     email(p, work=True), phone()])
    return Doc(f"### {ch(['Team contacts', 'Emergency contact list', 'Project stakeholders'])} ({ch(['Q3', 'updated ' + date_txt()])})\n\n") + r_md(["Name", "Role", "Email", "Phone"], rows)


def md_fleet():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        dl, _ = driver_id(p)
        rows.append([ch(["Ford Transit", "VW Crafter", "Toyota Hilux", "Tesla Model 3", "Renault Master"]), plate(), vin(), p.name(ch(["full", "initial"])), dl, f"{ri(5, 180)},{D(3)} km"])
    return Doc("## Fleet register\n\n") + r_md(["Vehicle", "Plate", "VIN", "Assigned driver", "Licence no.", "Odometer"], rows)


def md_network():
    rows = []
    for _ in range(ri(2, 5)):
        p = Person()
        rows.append([ch(["fw-edge-01", "sw-core-2", "ap-lobby", "nas-01", "LAPTOP-" + A(5, UP + DIG), "printer-3f"]), ip(), mac(), p.name(ch(["full", "first"])) if chance(0.6) else Doc("IT")])
    return Doc("Network inventory\n\n") + r_md(["Host", "IP", "MAC", "Owner"], rows)


def md_payees():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        ib, cc = iban()
        rows.append([p.name(ch(["full", "caps"])), ib, swift(cc), money()])
    return Doc(f"**Payment run {date_txt()}**\n\n") + r_md(["Payee", "IBAN", "BIC", "Amount"], rows, ["---", "---", "---", "--:"])


def md_payroll():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        rows.append([p.name(), ssn() if chance(0.6) else itin(), aba(), bank_acct(), f"${ri(1500, 9000)}.{D(2)}"])
    return Doc("Payroll exceptions - pay period {0}\n\n".format(ri(1, 26))) + r_md(["Employee", "SSN/ITIN", "Routing", "Account", "Net pay"], rows)


def md_ca():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        hc, prov = ca_health(p)
        rows.append([p.name(ch(["full", "sort"])), sin(), hc, prov])
    return Doc("Benefits enrolment (Canada)\n\n") + r_md(["Employee", "SIN", "Provincial health no.", "Prov"], rows)


def md_patients():
    rows = []
    for _ in range(ri(2, 5)):
        p = Person()
        rows.append([p.name(ch(["sort", "full"])), nhs(), age(p.age, ""), ch(["7B", "Cardiology", "AMU", "Day case"]), ch(["stable", "for discharge", "NBM", "obs 4-hourly"])])
    return Doc(f"Ward list {date_txt()}\n\n") + r_md(["Patient", "NHS no.", "Age", "Ward", "Status"], rows)



# =========================================================================== style: csv
def csv_customers():
    split = chance(0.4)
    rows = []
    for i in range(ri(2, 5)):
        p = Person()
        nm = [p.name("given"), p.name("family")] if split else [p.name(ch(["full", "full", "caps"]))]
        rows.append([str(ri(1000, 99999))] + nm + [email(p), phone(), ch(["Y", "N"]), str(ri(0, 40))])
    hdr = ["customer_id"] + (["first_name", "last_name"] if split else ["full_name"]) + ["email", "phone", "marketing_opt_in", "orders"]
    return r_csv(hdr, rows, delim=ch([",", ",", ";"]))


def csv_payroll():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        rows.append(["E" + D(5), p.name(), ssn() if chance(0.75) else itin(), aba(), bank_acct(), f"{ri(40, 190)}000"])
    return r_csv(["emp_id", "name", "ssn_or_itin", "routing_number", "account_number", "salary_usd"], rows)


def csv_travel():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        rows.append([p.name(ch(["caps", "sortcaps", "full"])), passport(), p.dob("iso"), ch(["USA", "USA", "US"]), ch(["LHR", "CDG", "NRT", "YYZ", "DUB"]), f"{ri(1, 40)}{ch('ABCDEF')}"])
    return r_csv(["traveller", "passport_no", "dob", "nationality", "dest", "seat"], rows)


def csv_shipping():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        rows.append([order_no().lstrip("#"), p.name(ch(["full", "caps"])), address(), phone(), str(ri(1, 5)), f"{ri(1, 30)}.{ri(0, 9)}"])
    return r_csv(["order_id", "recipient", "ship_address", "phone", "parcels", "weight_kg"], rows)


def csv_devices():
    rows = []
    for _ in range(ri(2, 5)):
        p = Person()
        rows.append(["AT-" + D(5), ch(["LAPTOP-", "DESKTOP-", "MBP-"]) + A(6, UP + DIG), mac(), ip(), email(p, work=True), date_txt()])
    return r_csv(["asset_tag", "hostname", "mac", "last_ip", "assigned_to", "last_seen"], rows)


def csv_uk():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        rows.append([p.name(ch(["full", "sort"])), utr(), nino(), iban(ch(["GB", "GB", "IE"]))[0], f"{ri(300, 750)}"])
    return r_csv(["contractor", "utr", "ni_number", "iban", "day_rate_gbp"], rows)


def csv_drivers():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        dl, cc = driver_id(p)
        rows.append([p.name(), dl, cc, plate(), vin(), str(ri(0, 12))])
    return r_csv(["driver", "licence_number", "issuer", "plate", "vin", "penalty_points"], rows)


def csv_patients():
    rows = []
    for _ in range(ri(2, 4)):
        p = Person()
        if chance(0.5):
            rows.append(["P" + D(6), p.name(), age(p.age, ""), nhs(), ch(["GP", "A&E", "self"])])
        else:
            hc, _ = ca_health(p)
            rows.append(["P" + D(6), p.name(), age(p.age, ""), hc, ch(["GP", "ER", "self"])])
    return r_csv(["patient_id", "patient_name", "age", "health_number", "referral_source"], rows)


# =========================================================================== style: email
def signature(p, company=None):
    company = company or ch(COMPANIES)
    d = fill("\n«n»\n{0} | {1}\n".format(ch(["Accounts Manager", "Office Manager", "Senior Analyst", "Practice Manager", "Director"]), company), n=p.name())
    if chance(0.8):
        d = d + fill(ch(["T: «ph»\n", "Tel. «ph»\n", "Mobile: «ph»\n", "«ph»\n"]), ph=phone())
    if chance(0.4):
        d = d + fill("«a»\n", a=address())
    if chance(0.4):
        d = d + fill("«u»\n", u=url(p if chance(0.3) else None, kind=ch(["site", "site", "profile"])))
    return d


def em_invoice():
    s, r = Person(), Person()
    ib, cc = iban()
    body = fill("Please find attached invoice {0} for {1}. Payment is due within {2} days to:\n\nAccount name: «acct»\nIBAN: «ib»\nBIC: «bic»\n\n"
                "Please quote the invoice number as reference.\n".format("INV-" + D(5), money(), ch([14, 30, 45])),
                acct=ch([s.name("full"), Doc(ch(COMPANIES))]), ib=ib, bic=swift(cc))
    return em_wrap(s, r, "Invoice " + D(5), body)


def em_wrap(s, r, subject, body, formal=None):
    formal = chance(0.5) if formal is None else formal
    hdr = fill("From: «sn» <«se»>\nTo: «re»\nSubject: {0}\nDate: {1}\n\n".format(subject, date_txt()), sn=s.name(), se=email(s, work=True), re=email(r))
    if formal:
        g = fill(ch(["Dear «t»«n»,\n\n", "Dear «t»«n»,\n\n"]), t=r.title() + " ", n=r.name("family"))
    else:
        g = fill(ch(["Hi «n»,\n\n", "Hello «n»,\n\n", "«n» -\n\n"]), n=r.name("first"))
    close = Doc(ch(["\nKind regards,", "\nBest,", "\nMany thanks,", "\nCheers,", "\nYours sincerely,"]))
    return hdr + g + body + close + signature(s)


def em_accountant():
    s, r = Person(), Person()
    body = fill("To file your self assessment I still need your UTR («utr») confirmed and your National Insurance number - is «ni» still correct? "
                "Your P60 shows {0} in tax paid.\n".format(money()), utr=utr(), ni=nino())
    return em_wrap(s, r, "Self assessment 2023-24", body)


def em_travel():
    s, r = Person(), Person()
    c2 = Person()
    body = fill("To finalise the booking for you and «c» I need both US passport numbers. I have yours as «pp» - could you confirm «c2»'s? "
                "Flights depart {0} from {1}.\n".format(date_txt(), ch(["JFK", "SFO", "ORD", "BOS"])), pp=passport(), c=c2.name("full"), c2=c2.name("first"))
    return em_wrap(s, r, "Passport details for your trip", body)


def em_it():
    s, r = Person(), Person()
    body = fill("Your account has been created. Username: «u»\nTemporary password: «pw»\nVPN gateway: «ip»\nPlease change it at first login; the link is «url».\n",
                u=username(r), pw=password(), ip=ipv4(private=False), url=url(kind="reset"))
    return em_wrap(s, r, "Your new IT account", body, formal=False)


def em_landlord():
    s, r = Person(), Person()
    body = fill("The parking permit for «a» is ready. I registered the car with plate «pl» as you asked. Your tenancy deposit reference is {0}.\n".format("DPS" + D(8)),
                a=address(), pl=plate())
    return em_wrap(s, r, "Parking permit", body)


def em_clinic():
    s, r = Person(), Person()
    body = fill("We have you booked for {0} at {1}. Please bring photo ID and your health card («hc»). If «kid» (age «a») is coming too, bring theirs.\n".format(
        date_txt(), f"{ri(8, 17)}:{ch(['00', '30'])}"), hc=ca_health(r)[0], kid=Person().name("first"), a=age(ri(2, 15), ch(["", " years"])))
    return em_wrap(s, r, "Appointment reminder", body)


def em_pins():
    s, r = Person(), Person()
    body = fill(ch(["Your new desk phone is set up. Extension {0}, voicemail PIN «pin» - please change it from the handset menu.\n",
                    "As requested, the alarm code for the side door has been reset; your personal PIN is now «pin». Do not share it.\n",
                    "We've registered you for telephone banking. Your customer number is {1} and your telephone PIN is «pin».\n"]).format(ri(2000, 7999), D(8)),
                pin=pin())
    return em_wrap(s, r, ch(["Your PIN", "Access details", "Telephone banking"]), body)


def em_cardpay():
    s, r = Person(), Person()
    c, b = card()
    body = fill("Sorry, the online form kept failing, so here are my details for the deposit: card «c», expires «x», security code «v». "
                "Name on the card is «n».\n", c=c, x=expiry(), v=cvv(b), n=s.name(ch(["full", "caps"])))
    return em_wrap(s, r, "Deposit payment", body, formal=False)


# =========================================================================== style: sms_chat
def sms():
    p = Person()
    q = Person()
    k = ch(["newnum", "addr", "wifi", "door", "bank", "reg", "late", "email", "card", "irc", "age", "link", "word_name", "pin2", "amb_phone"])
    lo = lambda x: x.lower()
    if k == "newnum":
        return fill("hey its «n» - new number, save it «ph» x", n=p.name(ch(["firstlower", "lower"]), tag="hard"), ph=phone())
    if k == "addr":
        if chance(0.5):
            return fill("u still at «a»? ill swing by after {0}".format(ri(5, 9)), a=street_only(tag="hard", lower=True))
        return fill("new place is «a» - buzz flat {0} when u get here".format(ri(1, 20)), a=address(lower=True, tag="ok"))
    if k == "wifi":
        return fill(ch(["wifi pw is «pw» btw", "the wifi password is «pw» (network {0})"]).format("VM" + D(7)), pw=password(simple=chance(0.5)))
    if k == "door":
        return fill(ch(["door code/pin is «pin», key in the lockbox", "my bank pin is «pin» pls dont tell anyone lol", "pin: «pin»"]), pin=pin())
    if k == "bank":
        return fill("sure, send it to «n» «ib» ta", n=p.name("lower", tag="hard"), ib=iban()[0])
    if k == "reg":
        return fill("my reg is «pl», silver {0}, parked out front".format(ch(["corsa", "golf", "civic", "fiesta"])), pl=plate(ch(["UK", "IE"]), lower=True, tag="amb"))
    if k == "late":
        return fill("running late, tell «n» to start without me 🙏", n=p.name("firstlower", tag="hard"))
    if k == "email":
        return fill("just email me at «e», my phone's dying", e=email(p))
    if k == "card":
        c, b = card()
        return fill("ok card is «c» exp «x» cvv «v» — delete this after pls", c=c, x=expiry(), v=cvv(b))
    if k == "irc":
        a, b2 = username(p, tag="amb"), username(q, tag="amb")
        tk = clock()
        return fill("[{0}] <«a»> anyone know why deploy failed?\n[{1}] <«b»> prob the {2} migration, rerun it".format(
            tk(), tk(), ch(["0042", "users", "v3"])), a=a, b=b2)
    if k == "age":
        return fill(ch(["my son is «a» next week, party at ours", "she's «a» now can u believe it", "turning «a» on friday 🎉"]), a=age(ri(3, 60), ch(["", ""]), tag="amb"))
    if k == "link":
        return fill("look at this «u» 😂", u=url(scheme=False, tag="hard")) if chance(0.5) else fill(ch(["the form is at «u», deadline friday", "sign up here «u»!", "(link: «u»)"]), u=url(kind=ch(["doc", "site", "cal"])))
    if k == "word_name":
        return fill("did «n» ever pay u back?", n=S("NAME", lo(ch(WORD_NAMES)), "hard"))
    if k == "pin2":
        return fill("sim pin «pin» puk is on the card", pin=pin())
    return fill(ch(["«ph»", "call me «ph»", "«ph» after 6"]), ph=phone(tag="amb"))


def chat_casual():
    p, q = Person(), Person()
    a, b = p.first.lower(), q.first.lower()
    t = ch([
        "«a»: where do i send the deposit\n«b»: «ib» under my name «bn»\n«a»: 👍",
        "«a»: whats ur address again\n«b»: «addr»\n«a»: ta, parcel coming tues",
        "«a»: login for the shared acct?\n«b»: user «u» pass «pw»\n«a»: legend",
        "«a»: did u get my msg\n«b»: no new phone, its «ph» now\n«a»: ok saving",
    ])
    return fill(t, a=S("NAME", a, "hard"), b=S("NAME", b, "hard"), ib=iban()[0], bn=q.name("lower", tag="hard"), addr=address(lower=chance(0.5)),
                u=username(q), pw=password(), ph=phone())


# =========================================================================== style: llm_prompt
def llm():
    p = Person()
    k = ch(["summarise", "translate", "extract", "polite", "cover", "iban", "debug", "log", "json", "form", "tax"])
    if k == "tax":
        return fill("Explain what I should put in box {0} of the W-7 renewal. My current ITIN is «i» and it was issued in {1}; I'm «a» and self-employed.".format(ri(1, 9), ri(2008, 2019)),
                    i=itin(), a=age(ri(25, 70), ch(["", " years"])))
    if k == "summarise":
        return fill("Summarise this complaint in two sentences:\n\n\"My name is «n» and I've been a customer since {0}. On {1} your engineer came to «a» and "
                    "left without fixing the boiler. I've called «ph» four times.\"".format(ri(2010, 2022), date_txt()),
                    n=p.name(), a=address(), ph=phone())
    if k == "translate":
        return fill("Translate to French:\nHello, I'm «n», I'm «a» old and I live at «addr». You can reach me on «ph» or at «e».",
                    n=p.name(), a=age(p.age, " years"), addr=address(), ph=phone(), e=email(p))
    if k == "extract":
        return fill("Extract name, email and phone as JSON from the text below.\n---\nspoke to «n» today, they want a quote for {0} units. email «e», tel «ph». Budget {1}.\n---".format(
            ri(5, 500), money()), n=p.name(ch(["full", "lower"]), tag="ok"), e=email(p), ph=phone())
    if k == "polite":
        return fill("Rewrite this more politely: \"«n», you still haven't paid. Transfer {0} to «ib» today or I'm going to small claims.\"".format(money()),
                    n=p.name("first"), ib=iban()[0])
    if k == "cover":
        old = chance(0.5)
        return fill(("Write a cover letter for me. My name is «n», I'm «a»" + (" old" if old else "") + ", I've got {0} years in logistics and my LinkedIn is «u». Keep it under 200 words.").format(ri(2, 20)),
                    n=p.name(), a=age(ri(22, 60), " years" if old else ""), u=url(p, kind="profile"))
    if k == "iban":
        ib, cc = iban()
        return fill("Is this IBAN valid and which bank is it? «ib» The BIC they gave me is «b».", ib=ib, b=swift(cc))
    if k == "debug":
        return Doc("Why does this config not connect? ```\n") + cfg_env() + "```"
    if k == "log":
        return Doc("Here's a log excerpt, what went wrong?\n\n") + ch([log_auth, log_logfmt, log_leak])()
    if k == "json":
        c, b = card()
        return fill("Convert to JSON: customer «n», card «c» exp «x», billing address «a», SSN «s»", n=p.name(), c=c, x=expiry(), a=address("US"), s=ssn())
    return fill("Fill out this form for me using: name «n»; DOB {0}; NI number «ni»; NHS number «nhs»; phone «ph».".format(p.dob()),
                n=p.name(), ni=nino(), nhs=nhs(), ph=phone("UK"))


def llm_amb():
    p = Person()
    t = ch([
        "Can you check if «s» looks right? it's on my W-2 form",
        "What format is «s»? is that an SSN or a tax number?",
        "my friend «n» lives near «a», what's a good pub around there",
        "I found «c» on a receipt, is that a real card?",
        "Who should I email, «e» or the general inbox?",
        "is «ph» a mobile or landline",
    ])
    c, _ = card(sep=ch(["", " "]))
    return fill(t, s=ssn(tag="amb"), n=p.name(tag="amb"), a=street_only(tag="amb"), c=S(c.type, c.value, "amb" if " " not in c.value else "ok"), e=email(p), ph=phone(tag="amb"))


def sms_amb():
    """Short messages whose PII has little or no context (tags amb / hard)."""
    p = Person()
    k = ch(["bare_card", "bare_nums", "vin", "www", "bare_url", "Name", "street", "landmark", "age", "sin", "nhs", "pass", "handle"])
    if k == "bare_card":
        c, b = card(sep="")
        return fill("«c» «x» «v»", c=S(c.type, c.value, "amb"), x=expiry(tag="amb"), v=cvv(b, tag="hard"))
    if k == "bare_nums":
        return fill(ch(["«ph» / «e»", "«e» «ph»"]), ph=phone(tag="amb"), e=email(p))
    if k == "vin":
        return fill("is «v» the right one for the recall? its a {0}".format(ch(["2015 civic", "golf", "model 3", "hilux"])), v=vin(tag="amb"))
    if k == "www":
        v = url(kind=ch(["site", "profile"]), scheme=False, p=p)
        return fill(ch(["«u» has the timetable", "found her on «u» lol", "see «u»"]), u=S("URL", v.value, "amb" if v.value.startswith("www.") else "hard"))
    if k == "bare_url":
        return fill("ok heres the doc «u» (read only)", u=url(kind="doc", scheme=False, tag="hard"))
    if k == "Name":
        return fill(ch(["«n» says hi!", "«n» is coming too", "ask «n», she had the keys", "«n» and me will be there by 8"]), n=p.name(ch(["first", "full"]), tag="amb"))
    if k == "street":
        return fill(ch(["meet at «a» instead", "im parked on «a» outside the chemist", "we moved, «a» now"]), a=street_only(tag=ch(["amb", "hard"])))
    if k == "landmark":
        return fill("drop it at «n»'s, {0} doors down from the pub".format(ch(["two", "three", "four"])), n=p.name("firstlower", tag="hard"))
    if k == "age":
        return fill(ch(["«n»'s «a» today!! 🎂", "cant believe «n» is «a»"]), n=p.name("first", tag="amb"), a=age(ri(2, 90), ch(["", ""]), tag="amb"))
    if k == "sin":
        return fill("«s» - that's the number on my card, is it the right one for the form?", s=sin(tag="amb"))
    if k == "nhs":
        return fill("the letter has «n» on it, do i need that for the pharmacy", n=nhs(tag="amb"))
    if k == "pass":
        return fill("the code's «pw», dont share", pw=password(tag="amb"))
    return fill("add me, im «u» on there", u=username(p, tag="amb"))


STYLES = {
    "support_ticket": [st_ticket, st_ticket, st_chatlog],
    "medical_form": [med_intake, med_intake, med_note, med_uk_letter, med_pharmacy],
    "hr_record": [hr_onboard, hr_onboard, hr_letter, hr_contractor],
    "ecommerce": [ec_confirm, ec_shipping, ec_fraud, ec_checkout, ec_return],
    "bank_kyc": [kyc_form, kyc_form, kyc_wire, kyc_ach, kyc_card, kyc_sin],
    "app_log": [log_logfmt, log_jsonl, log_nginx, log_auth, log_dhcp, log_leak, log_leak],
    "config": [cfg_env, cfg_yaml, cfg_yaml, cfg_ini, cfg_compose],
    "markdown_table": [md_contacts, md_fleet, md_network, md_payees, md_patients, md_payroll, md_ca],
    "csv": [csv_customers, csv_payroll, csv_shipping, csv_devices, csv_uk, csv_drivers, csv_patients, csv_travel],
    "email": [em_invoice, em_accountant, em_travel, em_it, em_landlord, em_clinic, em_cardpay, em_pins],
    "sms_chat": [sms, sms, chat_casual, sms_amb, sms_amb, sms_amb],
    "llm_prompt": [llm, llm, llm, llm_amb, llm_amb],
}
POS_PER_STYLE = 75

# =========================================================================== negatives
def bad_card():
    while True:
        c, b = card(sep=ch([" ", "-", ""]))
        v = c.value
        last = v[-1]
        v = v[:-1] + str((int(last) + ri(1, 9)) % 10)
        if not card_ok(v):
            return v


def bad_iban():
    while True:
        v = iban(grouped=False)[0].value
        v = v[:2] + f"{(int(v[2:4]) + ri(1, 90)) % 100:02d}" + v[4:]
        if not iban_ok(v):
            return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if chance(0.5) else v


def bad_aba():
    while True:
        v = aba().value
        v = v[:8] + str((int(v[8]) + ri(1, 9)) % 10)
        if not aba_ok(v):
            return v


def bad_vin():
    while True:
        v = vin().value
        v = v[:8] + ch([c for c in "0123456789X" if c != v[8]]) + v[9:]
        if not vin_ok(v):
            return v


def bad_nhs():
    while True:
        n = ch("4674") + D(9)
        if not nhs_ok(n):
            return f"{n[:3]} {n[3:6]} {n[6:]}" if chance(0.7) else n


def bad_sin():
    while True:
        n = ch("1234567") + D(8)
        if not sin_ok(n):
            return f"{n[:3]} {n[3:6]} {n[6:]}" if chance(0.5) else f"{n[:3]}-{n[3:6]}-{n[6:]}"


def bad_ssn():
    v = ch([f"000-{ri(10, 99)}-{D(4)}", f"666-{ri(10, 99)}-{D(4)}", f"{ri(100, 665)}-00-{D(4)}", f"{ri(100, 665)}-{ri(10, 99)}-0000"])
    assert not ssn_ok(v)
    return v


def bad_itin():
    v = f"9{D(2)}-{ch([93, 40, 41, 66, 69, 89, 12, 30])}-{D(4)}"
    assert not itin_ok(v) and not ssn_ok(v)
    return v


def bad_nino():
    while True:
        p = ch([ch("DFIQUV") + ch(UP), ch(UP) + ch("DFIOQUV"), ch(sorted(NINO_BADP))])
        v = f"{p} {D(2)} {D(2)} {D(2)} {ch('ABCD')}"
        if not nino_ok(v):
            return v


NEUTRAL = [  # (style, template); {v} = look-alike, {k} = what it resembles
    ("app_log", 'ts={ts} level=info msg="batch imported" batch_ref="{v}" rows={n}'),
    ("csv", "sku,lot_ref,qty\nWX-{d4},{v},{n}\n"),
    ("support_ticket", "Ticket {t}: the voucher serial {v} printed on the box is not recognised by the till in store {n}. Replaced voucher issued."),
    ("ecommerce", "Warehouse pick list {d4}: pallet label {v}, aisle {n}, picker shift B."),
    ("markdown_table", "| Lot | Serial | Qty |\n|---|---|---|\n| L{d4} | {v} | {n} |\n"),
    ("config", "# unit-test fixture: checksum deliberately wrong\nfixture_value: \"{v}\"\nexpect_valid: false\n"),
    ("llm_prompt", "Is {v} a valid {k}? The check digit looks wrong to me."),
    ("email", "Hi all,\n\nThe reference {v} on last month's remittance doesn't match anything in our ledger - can AP take a look?\n\nThanks,\nAccounts Payable\n{co}\n"),
    ("sms_chat", "whats {v}? it was on the parcel slip"),
    ("bank_kyc", "Control test {d4}: value {v} rejected by the {k} validator (failed check), no customer record created."),
    ("medical_form", "Specimen barcode: {v}\nContainer: EDTA 4 ml\nLab: {lab}\n"),
    ("hr_record", "Policy document ref {v}, revision {n}, owner: People Operations"),
]


def neutral(v, k):
    st, t = ch(NEUTRAL)
    return st, t.format(v=v, k=k, ts=ts("iso"), n=ri(2, 400), d4=D(4), t=ticket_no(), co=ch(COMPANIES),
                        lab=ch(["Central Pathology", "Haematology (Block C)", "BioReference West", "Microbiology"]))


def isbn13():
    b = "978" + D(9)
    c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
    v = b + str(c)
    return f"{v[:3]}-{v[3]}-{v[4:8]}-{v[8:12]}-{v[12]}" if chance(0.6) else v


def isbn10():
    b = D(9)
    c = (11 - sum(int(x) * (10 - i) for i, x in enumerate(b)) % 11) % 11
    v = b + ("X" if c == 10 else str(c))
    return f"{v[0]}-{v[1:4]}-{v[4:9]}-{v[9]}" if chance(0.5) else v


def neg_checksum(kind):
    gen, label, k = {
        "card": (bad_card, "card-bad-luhn", "card number"), "iban": (bad_iban, "iban-bad-checksum", "IBAN"),
        "aba": (bad_aba, "routing-bad-aba", "routing number"), "vin": (bad_vin, "vin-bad-check-digit", "VIN"),
        "nhs": (bad_nhs, "nhs-bad-mod11", "NHS number"), "sin": (bad_sin, "sin-bad-luhn", "SIN"),
        "ssn": (bad_ssn, "ssn-invalid-area-group-serial", "SSN"), "itin": (bad_itin, "itin-bad-group", "ITIN"),
        "nino": (bad_nino, "nino-invalid-prefix", "NI number"),
    }[kind]
    st, t = neutral(gen(), k)
    return st, label, t


def neg_misc(kind):
    co = ch(COMPANIES)
    if kind == "order-number":
        o = order_no()
        st, t = ch([("ecommerce", f"Order {o} has been dispatched from our {ch(['Leeds', 'Reno', 'Mississauga', 'Brisbane'])} depot. {ri(2, 5)} items, total {money()}."),
                    ("support_ticket", f"Ticket {ticket_no()}: duplicate of order {o}; closing. Refund of {money()} already issued."),
                    ("csv", f"order_id,status,total\n{o.lstrip('#')},shipped,{ri(5, 900)}.{D(2)}\n{order_no().lstrip('#')},pending,{ri(5, 900)}.{D(2)}\n"),
                    ("app_log", f"{ts('isoms')} INFO OrderService - order {o} state PAID -> FULFILLED (items={ri(1, 9)})")])
    elif kind == "invoice-number":
        inv = ch([f"INV-{ri(2022, 2024)}-{D(6)}", f"{ri(2023, 2024)}{D(4)}-{D(4)}", f"FV/{ri(1, 999)}/{ri(1, 12):02d}/2024", f"SI-{D(7)}"])
        st, t = ch([("email", f"Hello,\n\nInvoice {inv} for {money()} is now overdue by {ri(3, 60)} days. Please arrange payment.\n\nRegards,\nCredit Control, {co}\n"),
                    ("markdown_table", f"| Invoice | Date | Net | VAT |\n|---|---|---|---|\n| {inv} | {date_txt()} | {ri(100, 9000)}.00 | 20% |\n"),
                    ("bank_kyc", f"Payment reference: {inv}\nAmount: {money()}\nStatus: matched to remittance advice {D(8)}")])
    elif kind == "ticket-number":
        tk = ticket_no()
        st, t = ch([("support_ticket", f"Ticket {tk} resolved. Root cause: expired TLS certificate on edge proxy. Time to resolve {ri(1, 40)}h {ri(0, 59)}m."),
                    ("sms_chat", f"ref {tk} - still waiting on the engineer lol"),
                    ("app_log", f'{{"ts":"{ts("iso")}","event":"ticket_escalated","ticket":"{tk}","queue":"L2","sla_minutes":{ri(30, 480)}}}')])
    elif kind == "timestamp":
        st, t = ch([("app_log", f"{ts('isoms')} INFO scheduler - job nightly-export finished in {ri(3, 900)}s (epoch={ri(1700000000, 1719999999)})"),
                    ("config", f"last_rotated: {ts('iso')}\nnext_rotation: {ts('iso')}\nttl_seconds: {ri(3600, 604800)}\n"),
                    ("csv", f"event_time,duration_ms\n{ts('space')},{ri(1, 999)}\n{ts('space')},{ri(1, 999)}\n"),
                    ("markdown_table", f"| Run | Started | Ended |\n|---|---|---|\n| {ri(100, 999)} | {ts('space')} | {ts('space')} |\n")])
    elif kind == "version":
        v = ch([f"v{ri(1, 9)}.{ri(0, 30)}.{ri(0, 99)}", f"{ri(1, 12)}.{ri(0, 9)}.{ri(0, 9)}.{ri(100, 9999)}", f"10.{ri(0, 9)}.{ri(0, 9)}.{ri(1, 99)}",
                f"{ri(1, 3)}.{ri(0, 9)}.{ri(0, 9)}-rc.{ri(1, 5)}", f"build {ri(19000, 22999)}.{ri(1000, 4000)}"])
        st, t = ch([("app_log", f"{ts('isoms')} INFO updater - firmware upgraded to {v} on 12 access points"),
                    ("config", f"image: registry.internal/api:{v.replace('build ', '')}\nreplicas: {ri(2, 8)}\n"),
                    ("support_ticket", f"Ticket {ticket_no()}: fixed in release {v}, please update the app and restart."),
                    ("llm_prompt", f"What changed between version {v} and the previous release of the SDK?")])
    elif kind == "price":
        st, t = ch([("ecommerce", f"Price drop! Was {money()}, now {money()}. Offer ends {date_txt()}. Free delivery over £{ri(20, 60)}."),
                    ("csv", f"sku,price_gbp,price_eur\n{ch(PRODUCTS)[1]},{ri(5, 300)}.{D(2)},{ri(5, 300)}.{D(2)}\n"),
                    ("sms_chat", f"its {money()} for the pair or {money()} each, ur call")])
    elif kind == "uuid":
        st, t = ch([("app_log", f'{{"ts":"{ts("iso")}","request_id":"{uuid()}","span_id":"{hexs(16)}","status":200}}'),
                    ("config", f"tenant_id: {uuid()}\nclient_id: {uuid()}\n"),
                    ("support_ticket", f"Ticket {ticket_no()}: correlation id {uuid()} attached to the failed sync.")])
    elif kind == "hash":
        st, t = ch([("app_log", f"{ts('isoms')} INFO deploy - commit {hexs(40)} promoted to production"),
                    ("config", f"sha256: {hexs(64)}\nmd5: {hexs(32)}\n"),
                    ("llm_prompt", f"Why does git say 'fatal: bad object {hexs(40)}' after I rebased?"),
                    ("markdown_table", f"| File | SHA-1 |\n|---|---|\n| release.tar.gz | {hexs(40)} |\n")])
    elif kind == "isbn":
        st, t = ch([("ecommerce", f"Your book order: 'Designing Data Pipelines' (ISBN {isbn13()}), qty 1, {money()}."),
                    ("csv", f"isbn,title,stock\n{isbn13()},Field Guide to Mosses,{ri(0, 40)}\n{isbn10()},Tidal Atlas,{ri(0, 40)}\n"),
                    ("llm_prompt", f"Find me the edition with ISBN {ch([isbn13(), isbn10()])} and summarise chapter 3.")])
    elif kind == "tracking-number":
        tr = ch(["1Z" + A(6, UP + DIG) + D(10), f"9400 {D(4)} {D(4)} {D(4)} {D(4)} {D(2)}", A(2) + D(9) + "GB", D(12), "JD" + D(16)])
        st, t = ch([("ecommerce", f"Your parcel has shipped. Tracking number: {tr} ({ch(['UPS', 'USPS', 'Royal Mail', 'DHL'])}). Estimated delivery {date_txt()}."),
                    ("sms_chat", f"{ch(['DPD', 'Evri', 'Royal Mail'])}: parcel {tr} arriving today 12:45-13:45"),
                    ("support_ticket", f"Ticket {ticket_no()}: carrier confirms {tr} was returned to depot, reship approved.")])
    elif kind == "postal-code":
        pc = ch([uk_postcode(ch(UK_TOWNS)[1]), ca_postcode(ch(CA_CITIES)[2]), f"{ch(US_CITIES)[2]}{D(2)}", eircode(ch(IE_PLACES)[1]), ch(AU_SUBURBS)[2]])
        st, t = ch([("ecommerce", f"Next-day delivery is not available for postcode {pc}; standard shipping applies."),
                    ("llm_prompt", f"What's the average rent around {pc}?"),
                    ("config", f"service_area:\n  excluded_postcodes: [\"{pc}\"]\n")])
    elif kind == "company-name":
        c2 = ch(["Johnson & Johnson", "Marks & Spencer", "Ben & Jerry's", "Dr. Martens", "Tim Hortons", "Wendy's", "Ernst & Young", "Procter & Gamble",
                 "McDonald's", "Sainsbury's", "Dell Technologies", "Ford Motor Company"] + COMPANIES)
        st, t = ch([("email", f"Hi all,\n\nFYI {c2} have moved their quarterly review to {date_txt()}. Agenda to follow.\n\nThanks,\nProcurement\n"),
                    ("llm_prompt", f"Compare the 2023 annual reports of {c2} and {ch(COMPANIES)}."),
                    ("csv", f"supplier,category,spend\n{c2.replace(',', '')},{ch(['logistics', 'catering', 'IT'])},{ri(1000, 99000)}\n")])
    elif kind == "place-name":
        pl = ch(["Charlotte, North Carolina", "Victoria Station", "Jackson, Mississippi", "St Helens", "Lake Louise", "Adelaide", "Florence",
                 "Alice Springs", "Port Elizabeth", "Augusta, Georgia", "Mount Isa", "Eugene, Oregon", "Austin", "Regina, Saskatchewan", "Kingston"])
        st, t = ch([("sms_chat", f"landed in {pl}, hotel shuttle in 20"),
                    ("llm_prompt", f"Plan a 3-day itinerary for {pl} in {ch(['spring', 'October', 'winter'])}."),
                    ("support_ticket", f"Ticket {ticket_no()}: outage affecting customers in the {pl} region, ETA {ri(1, 6)}h.")])
    elif kind == "product-code":
        st, t = ch([("ecommerce", f"Back in stock: {ch(PRODUCTS)[0]} (SKU {ch(PRODUCTS)[1]}), EAN {ch('3579')}{D(12)}."),
                    ("markdown_table", f"| Part | MPN | Qty |\n|---|---|---|\n| Bearing | {A(3)}-{D(4)}-{A(2)} | {ri(1, 99)} |\n| Gasket | {D(3)}{A(2)}{D(3)} | {ri(1, 99)} |\n"),
                    ("csv", f"model,serial_prefix\n{A(2)}-{D(4)}{A(1)},{A(3)}{D(2)}\n")])
    elif kind == "phone-like-other":
        n = phone().value
        st, t = ch([("ecommerce", f"Replacement part no. {n.lstrip('+').replace('(', '').replace(')', '')} fits models 2019-2022."),
                    ("bank_kyc", f"Batch total {only_digits(n)} items reconciled; variance 0."),
                    ("app_log", f"{ts('isoms')} INFO metrics - bytes_sent={only_digits(n)} packets={ri(1000, 99999)}"),
                    ("csv", f"lot,units\nLOT {n.lstrip('+0')},{ri(10, 500)}\n")])
    elif kind == "masked-card":
        st, t = ch([("ecommerce", f"Paid with {ch(['Visa', 'Mastercard'])} ending in {D(4)}. Receipt #{D(8)}."),
                    ("bank_kyc", f"Card on file: **** **** **** {D(4)} (exp **/**)"),
                    ("app_log", f"{ts('isoms')} INFO payment authorised pan={D(6)}******{D(4)} amount={ri(5, 900)}.00")])
    elif kind == "placeholder":
        st, t = ch([("hr_record", f"Record {ri(1, 999)} (redacted export)\nSSN: XXX-XX-XXXX\nDOB: MM/DD/YYYY\nEmail: [redacted]\nPhone: [redacted]"),
                    ("config", f"# template v{ri(1, 9)}\ndb_password: ${{DB_PASSWORD}}\naws_secret_access_key: <your-secret-here>\napi_token: \"changeme\"\nworkers: {ri(1, 16)}\n"),
                    ("llm_prompt", f"Write a {ch(['short', 'formal', 'friendly'])} form template with placeholders like [NAME], [EMAIL], [PHONE] and [IBAN] for a {ch(['bank transfer', 'tenancy', 'refund'])} letter."),
                    ("bank_kyc", f"Card number: •••• •••• •••• ••••   Expiry: MM/YY   CVV: ***   (form {D(4)} left blank)"),
                    ("markdown_table", f"| Field | Example |\n|---|---|\n| IBAN | CCkk BBBB SSSS ... |\n| SWIFT | 4-letter bank + country + location (+ branch) |\n| SSN | ###-##-#### |\n")])
    elif kind == "duration":
        st, t = ch([("ecommerce", f"Comes with a {ri(2, 5)}-year warranty; battery rated for {ri(300, 900)} cycles."),
                    ("support_ticket", f"Ticket {ticket_no()}: the building's boiler is {ri(15, 40)} years old and due for replacement."),
                    ("hr_record", f"Policy: notice period {ri(1, 3)} months; probation {ri(3, 6)} months; {ri(20, 30)} days annual leave.")])
    elif kind == "coordinates":
        st, t = ch([("app_log", f"{ts('isoms')} INFO geo - depot lat={ri(-40, 60)}.{D(5)} lon={ri(-120, 150)}.{D(5)} radius_km={ri(1, 50)}"),
                    ("config", f"depot:\n  lat: {ri(-40, 60)}.{D(4)}\n  lon: {ri(-120, 150)}.{D(4)}\n")])
    elif kind == "error-code":
        st, t = ch([("support_ticket", f"Ticket {ticket_no()}: installer fails with 0x{hexs(8).upper()} on step {ri(2, 9)} of 12."),
                    ("app_log", f"{ts('isoms')} ERROR upstream returned {ch([500, 502, 503, 504])} after {ri(1000, 30000)} ms (errno {ri(100, 140)})"),
                    ("llm_prompt", f"What does Windows error code 0x{hexs(8).upper()} mean?")])
    elif kind == "date":
        st, t = ch([("ecommerce", f"Voucher valid until {ri(1, 12):02d}/{ri(25, 27)}. Minimum spend {money()}."),
                    ("hr_record", f"Appraisal window: {date_txt()} to {date_txt()}. Forms due {ri(1, 12):02d}/2024."),
                    ("sms_chat", f"rent due {ri(1, 28)}/{ri(1, 12)} dont forget")])
    elif kind == "measurement":
        st, t = ch([("ecommerce", f"Dimensions {ri(10, 120)} x {ri(10, 80)} x {ri(5, 60)} cm, weight {ri(1, 40)}.{ri(0, 9)} kg, {ri(100, 2400)} W."),
                    ("medical_form", f"Ward stock check: saline 0.9% {ri(10, 90)} x 500 ml; gloves M {ri(5, 40)} boxes; temp fridge {ri(2, 8)}.{ri(0, 9)} °C."),
                    ("markdown_table", f"| Sample | pH | Conductivity |\n|---|---|---|\n| S{ri(1, 9)} | {ri(5, 8)}.{ri(0, 9)} | {ri(100, 900)} µS/cm |\n")])
    elif kind == "network-nonpii":
        st, t = ch([("config", f"snmp:\n  oid: 1.3.6.1.2.1.{ri(1, 9)}.{ri(1, 9)}.0\n  port: 161\nvlan: {ri(2, 4000)}\nmtu: 1500\n"),
                    ("app_log", f"{ts('isoms')} INFO net - interface eth{ri(0, 3)} up, speed {ch([100, 1000, 10000])}Mb/s, mtu 9000, queue {ri(1, 16)}")])
    else:
        raise KeyError(kind)
    return st, kind, t


NEG_KINDS = ([("c", k) for k in ["card", "iban", "aba", "vin", "nhs", "sin", "ssn", "itin", "nino"]] +
             [("m", k) for k in ["order-number", "invoice-number", "ticket-number", "timestamp", "version", "price", "uuid", "hash", "isbn",
                                 "tracking-number", "postal-code", "company-name", "place-name", "product-code", "phone-like-other",
                                 "masked-card", "placeholder", "duration", "coordinates", "error-code", "date", "measurement", "network-nonpii"]])
NEG_TOTAL = 300


# =========================================================================== main
def check_doc(d, positive):
    b = d.text.encode()
    last_end = -1
    for s in sorted(d.spans, key=lambda s: s["start"]):
        assert b[s["start"]:s["end"]].decode() == s["value"], s
        assert s["start"] >= last_end, ("overlap", s, d.text)
        last_end = s["end"]
        assert s["value"] == s["value"].strip() and s["value"], s
        f = VALIDATE.get(s["type"])
        if f:
            assert f(s["value"]), ("invalid value", s)
    if positive:
        assert d.spans, d.text


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/probe_b"
    os.makedirs(out, exist_ok=True)
    seen = set()
    recs = []
    k = 0
    for style, fns in STYLES.items():
        n = 0
        tries = 0
        while n < POS_PER_STYLE:
            tries += 1
            assert tries < 5000
            d = ch(fns)()
            if d.text in seen:
                continue
            check_doc(d, True)
            seen.add(d.text)
            n += 1
            k += 1
            recs.append({"id": f"b-{k:04d}", "text": d.text, "kind": "positive", "style": style,
                         "spans": sorted(d.spans, key=lambda s: s["start"])})
    k = 0
    i = 0
    while k < NEG_TOTAL:
        grp, kind = NEG_KINDS[i % len(NEG_KINDS)]
        i += 1
        assert i < 20000
        st, label, t = neg_checksum(kind) if grp == "c" else neg_misc(kind)
        if t in seen:
            continue
        seen.add(t)
        k += 1
        recs.append({"id": f"bn-{k:04d}", "text": t, "kind": "negative", "style": st, "looks_like": label, "spans": []})
    with open(os.path.join(out, "probe.jsonl"), "w") as g, open(os.path.join(out, "probe_in.jsonl"), "w") as f:
        for r in recs:
            g.write(json.dumps(r, ensure_ascii=False) + "\n")
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    # ---- summary
    pos = [r for r in recs if r["kind"] == "positive"]
    neg = [r for r in recs if r["kind"] == "negative"]
    print(f"wrote {len(recs)} records ({len(pos)} positive, {len(neg)} negative) to {out}")
    print("positives by style:", dict(Counter(r["style"] for r in pos)))
    print("negatives by style:", dict(Counter(r["style"] for r in neg)))
    print("negatives by looks_like:", dict(sorted(Counter(r["looks_like"] for r in neg).items())))
    tc = Counter((s["type"], s["tag"]) for r in pos for s in r["spans"])
    print("spans by type (ok/amb/hard):")
    for t in sorted({t for t, _ in tc}):
        print(f"  {t:40s} {tc[(t, 'ok')] + tc[(t, 'amb')] + tc[(t, 'hard')]:5d}  ({tc[(t, 'ok')]}/{tc[(t, 'amb')]}/{tc[(t, 'hard')]})")
    print("total spans:", sum(tc.values()))


if __name__ == "__main__":
    main()
