#!/usr/bin/env python3
"""gen_c.py - third, independent labelled PII probe corpus ("probe C"; deterministic, seed 90421).

Usage:  python3 scripts/probe/gen_c.py OUTDIR
Writes OUTDIR/probe.jsonl (gold) and OUTDIR/probe_in.jsonl (one {"id","text"} per line).

Gold record: {"id", "text", "kind": "positive"|"negative", "style",
              "spans": [{"type","start","end","value","tag"}]}  (+ "looks_like" on negatives)
Offsets are UTF-8 byte offsets, end exclusive; value == text.encode()[start:end].decode().
Ids: c-0001... (positives), cn-0001... (negatives).  Python standard library only.
tag: "ok" clear context word or self-identifying format; "amb" PII without context;
     "hard" needs world knowledge (lower-case names in chat, bare given names, ...).

Styles: insurance_claim, bank_chatbot, legal_letter, resume_cv, travel_booking, dev_issue,
team_chat, medical_referral, payroll_tax, free_prose (positives); negatives have style "negative".

Labelling conventions (same as gen_b.py, plus the choices below):
  * Spans never nest or overlap. NAME excludes titles/post-nominals. AGE = number plus a
    directly following unit token ("42 years", "7 yrs"); "aged"/"old" never inside.
  * ADDRESS: whole street address is one span (internal newlines included); city/postcode
    alone is not labelled. PHONE includes "+", "00", "(0)" and parentheses.
  * URL: scheme included, trailing punctuation excluded.  A basic-auth URL
    scheme://user:pass@host/... is NOT a URL span: user -> USERNAME, pass -> PASSWORD and an
    IP host -> IP_ADDRESS (components only).  Connection strings likewise.
  * USERNAME: chat @handles are labelled WITHOUT the leading "@"; /home/USER/ -> USER only.
  * Quotes are excluded from spans. Card separators are included; last-4 / masked cards are
    not labelled. IBAN spaces included. CA health number includes an attached version code.
  * CREDIT_DEBIT_CARD_EXPIRY: the date token only ("08/27"); CVV: the digits only.
  * UK driving licence numbers are derived from the holder's surname and birth date.
  * Dates (DOB, incident dates, ...) are never labelled.  Negatives contain no person names.
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

SEED = 90421
R = random.Random(SEED)
ch = R.choice
ri = R.randint
DIG = string.digits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
HEXL = "0123456789abcdef"


def D(n):
    return "".join(ch(DIG) for _ in range(n))


def A(n, alphabet=UP):
    return "".join(ch(alphabet) for _ in range(n))


def chance(p):
    return R.random() < p


def pick(*opts):
    return ch(opts)


# ----------------------------------------------------------------------------- checksums
def luhn_ok(num):
    ds = [int(c) for c in num if c.isdigit()][::-1]
    tot = 0
    for i, d in enumerate(ds):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + D(length - len(prefix) - 1)
    for c in DIG:
        if luhn_ok(body + c):
            return body + c


def iban_mod97(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97


IBAN_BBAN = {  # country -> BBAN pattern (a=letter, n=digit), total length in comment
    "GB": "aaaa" + "n" * 14, "DE": "n" * 18, "FR": "n" * 23, "ES": "n" * 20,
    "IT": "a" + "n" * 22, "NL": "aaaa" + "n" * 10, "BE": "n" * 12, "IE": "aaaa" + "n" * 14,
    "PL": "n" * 24, "SE": "n" * 20, "CH": "n" * 17, "NO": "n" * 11,
}
IBAN_LEN = {"GB": 22, "DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "IE": 22,
            "PL": 28, "SE": 24, "CH": 21, "NO": 15}
IBAN_BANKS = {"GB": ["NWBK", "BARC", "LOYD", "MIDL"], "IE": ["AIBK", "BOFI"], "NL": ["ABNA", "INGB", "RABO"]}


def iban(cc=None, grouped=None):
    cc = cc or ch(sorted(IBAN_BBAN))
    pat = IBAN_BBAN[cc]
    if pat.startswith("aaaa"):
        bban = ch(IBAN_BANKS[cc]) + D(len(pat) - 4)
    else:
        bban = "".join(ch(UP) if p == "a" else ch(DIG) for p in pat)
    chk = 98 - iban_mod97(cc + "00" + bban)
    s = f"{cc}{chk:02d}{bban}"
    assert len(s) == IBAN_LEN[cc] and iban_mod97(s) == 1
    if grouped is None:
        grouped = chance(0.5)
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def iban_ok(s):
    s = s.replace(" ", "")
    return s[:2] in IBAN_LEN and len(s) == IBAN_LEN[s[:2]] and iban_mod97(s) == 1


def aba_ok(n):
    d = [int(c) for c in n]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def aba():
    while True:
        pre = "%02d" % ch(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)))
        body = pre + D(6)
        for c in DIG:
            if aba_ok(body + c):
                return body + c


VIN_MAP = {**{str(i): i for i in range(10)},
           **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
           **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin_check(v):
    c = sum(VIN_MAP[x] * w for x, w in zip(v, VIN_W)) % 11
    return "X" if c == 10 else str(c)


def vin_ok(v):
    return len(v) == 17 and not set(v) & set("IOQ") and v[8] == vin_check(v)


def vin():
    wmi = ch(["1HG", "JHM", "WVW", "1FT", "2T1", "5YJ", "3VW", "KMH", "SAL", "WBA", "JN1", "1G1", "2HG", "YV1"])
    # ISO 3779: the last four characters are digits (North America's
    # high-volume makers number the last six), after a plant code.
    v = wmi + A(5, VIN_CH) + "0" + ch("ABCDEFGHJKLMNPRSTVWXY123456789") + ch(VIN_CH) + A(6, "0123456789")
    v = v[:8] + vin_check(v) + v[9:]
    assert vin_ok(v)
    return v


def nhs_check(d9):
    c = 11 - sum(int(x) * (10 - i) for i, x in enumerate(d9)) % 11
    return 0 if c == 11 else (None if c == 10 else c)


def nhs_ok(n):
    d = n.replace(" ", "").replace("-", "")
    return len(d) == 10 and nhs_check(d[:9]) == int(d[9])


def nhs(sep=" "):
    while True:
        d9 = str(ri(4, 6)) + D(8)
        c = nhs_check(d9)
        if c is not None:
            n = d9 + str(c)
            return sep.join([n[:3], n[3:6], n[6:]]) if sep is not None else n


def ssn_ok(s):
    d = s.replace("-", "").replace(" ", "")
    a, g, n = int(d[:3]), int(d[3:5]), int(d[5:])
    return len(d) == 9 and a not in (0, 666) and a < 900 and g != 0 and n != 0


def ssn(sep="-"):
    a = ri(1, 899)
    while a == 666:
        a = ri(1, 899)
    s = f"{a:03d}{sep}{ri(1, 99):02d}{sep}{ri(1, 9999):04d}"
    assert ssn_ok(s)
    return s


def itin(sep="-"):
    return f"9{D(2)}{sep}{ri(70, 88)}{sep}{D(4)}"


def sin(sep=" "):
    n = luhn_complete(ch("1234567") + "", 9) if chance(0.9) else luhn_complete("9", 9)
    return sep.join([n[:3], n[3:6], n[6:]])


NINO_BAD_PRE = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(spaced=None):
    while True:
        p = ch([c for c in UP if c not in "DFIQUV"]) + ch([c for c in UP if c not in "DFIOQUV"])
        if p not in NINO_BAD_PRE:
            break
    d = D(6)
    suf = ch("ABCD")
    if spaced is None:
        spaced = chance(0.6)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {suf}" if spaced else p + d + suf


AWS32 = UP + "234567"


def aws_access():
    return "AKIA" + A(16, AWS32)


def aws_secret():
    while True:
        s = A(40, string.ascii_letters + DIG + "/+")
        if any(c in "/+" for c in s) and any(c.isdigit() for c in s):
            return s


SWIFT_BANKS = [("DEUT", "DE"), ("BARC", "GB"), ("HSBC", "HK"), ("CHAS", "US"), ("BOFA", "US"),
               ("NWBK", "GB"), ("BNPA", "FR"), ("COBA", "DE"), ("INGB", "NL"), ("ABNA", "NL"),
               ("UBSW", "CH"), ("NDEA", "SE"), ("DNBA", "NO"), ("AIBK", "IE"), ("ROYC", "CA"),
               ("TDOM", "CA"), ("CTBA", "AU"), ("BSCH", "ES"), ("UNCR", "IT"), ("PKOP", "PL")]


def swift():
    b, c = ch(SWIFT_BANKS)
    loc = ch(["2L", "33", "MM", "22", "FF", "PP", "3N", "TT", "WW", "2X"])
    return b + c + loc + (ch(["XXX", "100", "LDN", "MAD", "A01", "820"]) if chance(0.5) else "")


def mac():
    octs = [R.randrange(256) for _ in range(6)]
    octs[0] &= 0xFE
    sep = ch([":", ":", "-"])
    s = sep.join("%02x" % o for o in octs)
    return s.upper() if chance(0.4) else s


def ipv4(private=None):
    if private is None:
        private = chance(0.4)
    if private:
        return ch([f"10.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}", f"192.168.{ri(0, 10)}.{ri(2, 254)}",
                   f"172.{ri(16, 31)}.{ri(0, 255)}.{ri(1, 254)}"])
    return f"{ch([34, 52, 81, 91, 104, 145, 185, 203, 62, 77])}.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}"


def ipv6():
    g = ["%x" % R.randrange(1, 0xFFFF) for _ in range(5)]
    s = ch([f"2001:db8:{g[0]}:{g[1]}::{g[2]}", f"2a02:{g[0]}:{g[1]}:{g[2]}:{g[3]}:{g[4]}:{g[0]}:1",
            f"fe80::{g[1]}:{g[2][:2]}ff:fe{g[3][:2]}:{g[4]}"])
    ipaddress.IPv6Address(s)
    return s


def ohip(version=None):
    n = luhn_complete(str(ri(1, 9)), 10)
    sep = ch(["-", " ", ""])
    s = sep.join([n[:4], n[4:7], n[7:]])
    if version is None:
        version = chance(0.5)
    return s + (ch(["", " ", "-"]) + A(2) if version else "")


def passport_us():
    return str(ri(1, 9)) + D(8)


def dl_california():
    return ch(UP) + D(7)


def dl_ontario(fam=None):
    first = (ascii_fold(fam)[0].upper() if fam else ch(UP))
    return f"{first}{D(4)}-{D(5)}-{D(5)}"


def dl_uk(fam, given, female=None):
    f = re.sub(r"[^A-Z]", "", ascii_fold(fam).upper())
    if f.startswith("MAC"):
        f = "MC" + f[3:]
    f = (f + "99999")[:5]
    yy = ri(55, 99)
    mm = ri(1, 12) + (50 if (female if female is not None else chance(0.5)) else 0)
    dd = ri(1, 28)
    gi = re.sub(r"[^A-Z]", "", ascii_fold(given).upper())[:1] + ch(UP + "9")
    return f"{f}{str(yy)[0]}{mm:02d}{dd:02d}{str(yy)[1]}{gi}9{A(2)}"


def plate(kind=None):
    kind = kind or ch(["uk", "uk", "ca", "ny", "on", "tx", "qc"])
    if kind == "uk":
        return A(2, "ABCDEFGHKLMNOPRSVWY") + ch(["19", "20", "21", "22", "23", "69", "70", "71", "72", "73"]) + " " + A(3, "ABCDEFGHJKLMNPRSTUVWXYZ")
    if kind == "ca":
        return str(ri(2, 9)) + A(3) + D(3)
    if kind == "ny":
        return A(3) + "-" + D(4)
    if kind == "on":
        return A(4) + " " + D(3)
    if kind == "tx":
        return A(3) + "-" + D(4)
    return D(3) + " " + A(3)


def utr(spaced=None):
    d = str(ri(1, 9)) + D(9)
    return d[:5] + " " + d[5:] if (spaced if spaced is not None else chance(0.3)) else d


def bank_acct():
    return str(ri(1, 9)) + D(ri(7, 16))


def card(brand=None, sep=None):
    brand = brand or ch(["visa", "visa", "mc", "mc", "amex", "disc"])
    if brand == "visa":
        n = luhn_complete("4", 16)
    elif brand == "mc":
        n = luhn_complete(str(ri(51, 55)), 16)
    elif brand == "amex":
        n = luhn_complete(ch(["34", "37"]), 15)
    else:
        n = luhn_complete("6011", 16)
    if sep is None:
        sep = ch([" ", " ", "-", ""])
    parts = [n[:4], n[4:10], n[10:]] if brand == "amex" else [n[i:i + 4] for i in range(0, 16, 4)]
    return sep.join(parts), brand


def cvv(brand="visa"):
    return D(4) if brand == "amex" else D(3)


def expiry():
    m, y = ri(1, 12), ri(25, 31)
    return ch([f"{m:02d}/{y}", f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}", f"{m}/{y}"])


def password():
    w = ch(["Sunflower", "tangerine", "Hedgehog", "quokka", "Blizzard", "marmalade", "Falcon", "kettle", "Orchid", "pumpkin"])
    return ch([w + D(2) + ch("!#$%&*?"), ch("!#$%") + w.lower() + D(4), w[:4] + ch("@_.-") + D(3) + A(2),
               A(ri(10, 14), string.ascii_letters + DIG + "!@#%^*"), w.capitalize() + "_" + str(ri(1990, 2024))])


def pin(n=None):
    return D(n or ch([4, 4, 4, 6, 5]))


# ----------------------------------------------------------------------------- people
NAMEDATA = {
    "en": ("Oliver Amelia Harriet George Eleanor Thomas Jessica Callum Bethany Nathaniel Imogen Rupert",
           "Whitfield Ashworth Pemberton Hargreaves Caldwell Thornbury Merriman Blackwood Fairbairn Lockhart"),
    "ie": ("Siobhán Cian Aoife Pádraig Niamh Oisín Caoimhe Ciarán Róisín Darragh",
           "O'Sullivan O'Donoghue MacCarthy Ó Briain Keane Doherty Ní Fhaoláin Mac Giolla Rua O'Loughlin"),
    "in": ("Priya Arjun Ananya Rohan Kavitha Siddharth Meera Vikram Lakshmi Aditya",
           "Raghunathan Iyer Chatterjee Deshpande Malhotra Venkatesan Banerjee Kulkarni Nair Subramanian"),
    "cn": ("Wei Xiaoling Jun Meiling Haoran Yuqi Zhiwei Lan Jiahui Zihan",
           "Zhang Liu Chen Huang Zhou Wu Xu Guo Lin Tang"),
    "vn": ("Thảo Minh Quang Linh Tuấn Huyền Bảo Phương Khánh Duy",
           "Nguyễn Trần Lê Phạm Hoàng Võ Đặng Bùi Huỳnh Phan"),
    "kr": ("Ji-hoon Seo-yeon Min-jun Ha-eun Dong-hyun Soo-jin Eun-ji Tae-yang",
           "Park Kim Choi Jeong Kang Yoon Han Seo"),
    "ng": ("Chiamaka Oluwaseun Ngozi Emeka Adebayo Funmilayo Chukwudi Yetunde Ifeoma Tobenna",
           "Okonkwo Adeyemi Eze Balogun Nwosu Okafor Oyelaran Adebanjo Obi"),
    "ar": ("Yousef Layla Omar Fatima Khalid Noor Samir Rania Hala Tariq",
           "Al-Hashimi Haddad Mansour El-Amin Khoury Nasser Al-Farsi Saleh"),
    "es": ("Alejandro Lucía Javier Mónica Andrés Inés Rodrigo Begoña Ximena Íñigo",
           "García Fernández Ortega Muñoz Castillo Navarro Ibáñez Salcedo"),
    "pl": ("Łukasz Agnieszka Katarzyna Paweł Małgorzata Krzysztof Zofia Wojciech Bożena",
           "Wójcik Kowalczyk Zieliński Szymańska Dąbrowski Lewandowska Krawczyk Grzybowski"),
    "fc": ("Émilie Jean-François Geneviève Mathieu Chloé Étienne Marie-Ève Sébastien Josée Réjean",
           "Tremblay Gagnon Bélanger Côté Lévesque Pelletier Bouchard Gauthier Thibodeau"),
}
CULTURES = sorted(NAMEDATA)
FEMALE = set("""Amelia Harriet Eleanor Jessica Bethany Imogen Siobhán Aoife Niamh Caoimhe Róisín Priya Ananya Kavitha Meera
Lakshmi Xiaoling Meiling Yuqi Lan Jiahui Thảo Linh Huyền Phương Seo-yeon Ha-eun Soo-jin Eun-ji Chiamaka Ngozi Funmilayo
Yetunde Ifeoma Layla Fatima Noor Rania Hala Lucía Mónica Inés Begoña Ximena Agnieszka Katarzyna Małgorzata Zofia Bożena
Émilie Geneviève Chloé Marie-Ève Josée""".split())
UNISEX = set("Wei Jun Zihan Minh Khánh Bảo Oluwaseun Tae-yang".split())
SPLITMULTI = {"Ó Briain", "Ní Fhaoláin", "Mac Giolla Rua"}


def _fams(s):
    out, rest = [], s
    for m in sorted(SPLITMULTI, key=len, reverse=True):
        if m in rest:
            out.append(m)
            rest = rest.replace(m, " ")
    return out + rest.split()


def ascii_fold(s):
    s = s.replace("Ł", "L").replace("ł", "l").replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class P:
    def __init__(self, culture=None):
        self.c = culture or ch(CULTURES)
        g, f = NAMEDATA[self.c]
        self.given = ch(g.split())
        self.fam = ch(_fams(f))
        self.female = self.given in FEMALE if self.given not in UNISEX else chance(0.5)
        if self.c == "pl":
            self.fam = re.sub(r"sk[ia]$", "ska" if self.female else "ski", self.fam)
        if self.fam.startswith("Ní ") and not self.female:
            self.fam = "Ó Faoláin"
        self.full = f"{self.given} {self.fam}"
        self.title = ch(["Ms", "Mrs", "Dr", "Mx"]) if self.female else ch(["Mr", "Dr"])

    def slug(self, sep="."):
        return re.sub(r"[^a-z.\-_]", "", ascii_fold(self.given + sep + self.fam).lower().replace(" ", ""))

    def email(self, dom=None):
        dom = dom or ch(["gmail.com", "outlook.com", "proton.me", "yahoo.ca", "btinternet.com", "eircom.net",
                         "bigpond.com", "fastmail.fm", "icloud.com", "hotmail.co.uk"])
        loc = ch([self.slug("."), self.slug("_"), ascii_fold(self.given[0] + self.fam).lower().replace(" ", "").replace("'", "") + D(2)])
        return loc.replace("'", "") + "@" + dom

    def handle(self):
        g, f = ascii_fold(self.given).lower().replace("-", ""), re.sub(r"[^a-z]", "", ascii_fold(self.fam).lower())
        return ch([g + "." + f, g[0] + f, g + f[:3], g + "_" + f[:1] + D(2), f + g[:2]])


# ----------------------------------------------------------------------------- places
US_CITIES = [("Columbus", "OH", "432", "614"), ("Tucson", "AZ", "857", "520"), ("Raleigh", "NC", "276", "919"),
             ("Spokane", "WA", "992", "509"), ("Albany", "NY", "122", "518"), ("Sacramento", "CA", "958", "916"),
             ("Madison", "WI", "537", "608"), ("Savannah", "GA", "314", "912"), ("Boise", "ID", "837", "208"),
             ("Omaha", "NE", "681", "402")]
US_STREETS = ["Maple Ridge Dr", "Cedar Hollow Ln", "W Juniper Ave", "Old Mill Rd", "Larkspur Ct", "N Harrison St",
              "Bluebonnet Way", "Sycamore Pkwy", "E Magnolia Blvd", "Quail Run Cir"]
UK_TOWNS = [("Leeds", "LS"), ("Bristol", "BS"), ("Norwich", "NR"), ("Cardiff", "CF"), ("Leicester", "LE"),
            ("Sheffield", "S"), ("Exeter", "EX"), ("Glasgow", "G"), ("Belfast", "BT"), ("Manchester", "M"),
            ("Brighton", "BN"), ("York", "YO")]
UK_STREETS = ["Kingsley Road", "Alder Close", "Marlowe Crescent", "St Anne's Terrace", "Primrose Lane",
              "Holloway Gardens", "Quarry Bank", "Wellington Mews", "Foxglove Drive", "Chapel Street"]
CA_CITIES = [("Toronto", "ON", "M", ["416", "647"]), ("Ottawa", "ON", "K", ["613"]), ("Montréal", "QC", "H", ["514"]),
             ("Québec", "QC", "G", ["418"]), ("Vancouver", "BC", "V", ["604"]), ("Calgary", "AB", "T", ["403"]),
             ("Halifax", "NS", "B", ["902"]), ("Winnipeg", "MB", "R", ["204"])]
CA_STREETS = ["Queen St W", "Rue Sherbrooke Ouest", "Birchmount Rd", "Oak Bay Ave", "Chemin du Lac",
              "Jasper Ave NW", "Portage Ave", "Rue des Érables", "Spring Garden Rd"]
IE_TOWNS = [("Ranelagh, Dublin 6", "D06"), ("Ballincollig, Cork", "P31"), ("Salthill, Galway", "H91"),
            ("Castletroy, Limerick", "V94"), ("Kilkenny", "R95"), ("Bray, Co. Wicklow", "A98")]
IE_STREETS = ["Ashfield Grove", "Seafield Park", "Church View", "Mill Street", "Ard na Gréine", "Beech Lawn"]
AU_SUBS = [("Fitzroy", "VIC", "3065"), ("Newtown", "NSW", "2042"), ("Fremantle", "WA", "6160"),
           ("Paddington", "QLD", "4064"), ("Glenelg", "SA", "5045"), ("Sandy Bay", "TAS", "7005")]
AU_STREETS = ["Wattle Street", "Banksia Ave", "Jacaranda Crescent", "Gum Tree Rd", "Boronia Pde", "Lorikeet Lane"]
PCL = "ABDEFGHJLNPQRSTUWXYZ"


def address_lines(country=None):
    c = country or ch(["us", "uk", "ca", "ie", "au"])
    if c == "us":
        city, st, z, _ = ch(US_CITIES)
        l1 = f"{ri(12, 9870)} {ch(US_STREETS)}" + (ch([", Apt ", " Unit ", " #"]) + str(ri(1, 40)) + ch(["", "B", "C"]) if chance(0.35) else "")
        return [l1, f"{city}, {st} {z}{D(2)}"], c
    if c == "uk":
        town, pa = ch(UK_TOWNS)
        pc = f"{pa}{ri(1, 19)} {ri(1, 9)}{A(2, PCL)}"
        l = ([f"Flat {ri(1, 12)}"] if chance(0.3) else []) + [f"{ri(1, 220)} {ch(UK_STREETS)}", town, pc]
        return l, c
    if c == "ca":
        city, pr, fl, _ = ch(CA_CITIES)
        pc = f"{fl}{ri(1, 9)}{ch('ABCEGHJKLMNPRSTVWXYZ')} {ri(1, 9)}{ch('ABCEGHJKLMNPRSTVWXYZ')}{ri(0, 9)}"
        return [f"{ri(5, 4400)} {ch(CA_STREETS)}", f"{city}, {pr} {pc}"], c
    if c == "ie":
        town, rk = ch(IE_TOWNS)
        return [f"{ri(1, 90)} {ch(IE_STREETS)}", town, f"{rk} {A(1, 'ACDEFHKNPRTVWXY')}{ri(1, 9)}{A(1, 'ACDEFHKNPRTVWXY')}{ri(1, 9)}"], c
    sub, st, pcode = ch(AU_SUBS)
    return [(f"Unit {ri(1, 30)}, " if chance(0.4) else "") + f"{ri(1, 300)} {ch(AU_STREETS)}", f"{sub} {st} {pcode}"], c


def city_name(c):
    return {"us": lambda: ", ".join(ch(US_CITIES)[:2]), "uk": lambda: ch(UK_TOWNS)[0],
            "ca": lambda: ch(CA_CITIES)[0], "ie": lambda: ch(IE_TOWNS)[0].split(", ")[-1],
            "au": lambda: ch(AU_SUBS)[0] + ", Australia"}[c]()


def address(country=None, multiline=False):
    l, c = address_lines(country)
    if not multiline and c == "uk" and chance(0.5):
        return ", ".join(l[:-2]) + ", " + l[-2] + " " + l[-1]
    return ("\n" if multiline else ", ").join(l)


def phone(country=None):
    c = country or ch(["us", "uk", "ca", "ie", "au"])
    if c in ("us", "ca"):
        ac = ch(US_CITIES)[3] if c == "us" else ch(ch(CA_CITIES)[3])
        n = f"555{ri(100, 199):03d}{D(1)}"[:7] if chance(0.5) else str(ri(2, 9)) + D(6)
        return ch([f"({ac}) {n[:3]}-{n[3:]}", f"{ac}-{n[:3]}-{n[3:]}", f"{ac}.{n[:3]}.{n[3:]}",
                   f"+1 {ac} {n[:3]} {n[3:]}", f"+1-{ac}-{n[:3]}-{n[3:]}"])
    if c == "uk":
        return ch([f"07700 900{D(3)}", f"+44 7700 900{D(3)}", f"0113 496 {D(4)}", f"+44 (0)20 7946 {D(4)}",
                   f"0161 496 {D(4)}", f"+44 117 496 {D(4)}"])
    if c == "ie":
        return ch([f"+353 1 {ri(2, 9)}{D(2)} {D(4)}", f"08{ri(3, 9)} {D(3)} {D(4)}", f"00353 87 {D(3)} {D(4)}"])
    return ch([f"+61 2 5550 {D(4)}", f"04{D(2)} {D(3)} {D(3)}", f"(03) 5550 {D(4)}", f"+61 4{D(2)} {D(3)} {D(3)}"])


def url(kind=None):
    host = ch(["www.harbourlight-insurance.com", "portal.northgate-health.co.uk", "claims.pinecrestmutual.ca",
               "docs.lumenvault.io", "bookings.bluefjord.travel", "github.com", "intranet.okapi-labs.net",
               "www.tidewater-legal.ie", "app.quillpay.com.au", "status.ferrobyte.dev"])
    path = ch(["", "/", "/claims/status", "/patients/referral?ref=" + D(6), "/login", "/u/" + A(6, LO + DIG),
               "/api/v2/accounts", "/docs/getting-started#install", "/booking/" + A(6) + "/itinerary", "/careers"])
    return "https://" + host + path if chance(0.85) else "http://" + host + path


# ----------------------------------------------------------------------------- document builder
class Doc:
    def __init__(self):
        self.parts, self.spans, self.pos = [], [], 0

    def x(self, s):
        self.parts.append(s)
        self.pos += len(s.encode())
        return self

    def s(self, typ, val, tag="ok"):
        b = len(val.encode())
        self.spans.append({"type": typ, "start": self.pos, "end": self.pos + b, "value": val, "tag": tag})
        return self.x(val)

    def add(self, item):
        if item is None:
            return self
        if isinstance(item, str):
            return self.x(item)
        if isinstance(item, tuple):
            return self.s(*item)
        for it in item:
            self.add(it)
        return self

    def t(self, fmt, **kv):
        """fmt with {key}; kv values: str (plain), tuple (type, value[, tag]) or list of those."""
        pos = 0
        for m in re.finditer(r"\{\{|\}\}|\{(\w+)\}", fmt):
            self.x(fmt[pos:m.start()])
            tok = m.group(0)
            if tok in ("{{", "}}"):
                self.x(tok[0])
            else:
                self.add(kv[m.group(1)])
            pos = m.end()
        self.x(fmt[pos:])
        return self

    @property
    def text(self):
        return "".join(self.parts)


def S(typ, val, tag="ok"):
    return (typ, val, tag)


def name_sp(p, tag="ok", form="full"):
    v = {"full": p.full, "given": p.given, "fam": p.fam, "rev": f"{p.fam}, {p.given}",
         "upper": p.full.upper()}[form]
    return S("NAME", v, tag)


def dl_for(country, p):
    if country == "uk":
        return dl_uk(p.fam, p.given, p.female), "UK driving licence"
    if country == "ca":
        return dl_ontario(p.fam), "Ontario driver's licence"
    return dl_california(), "California DL"


def plate_for(country):
    return plate({"uk": "uk", "ca": ch(["on", "qc"]), "us": ch(["ca", "ny", "tx"])}.get(country, "uk"))


CARS = ["2019 Honda Civic", "2021 Toyota RAV4", "2017 Ford F-150", "2022 Tesla Model 3", "2018 Volkswagen Golf",
        "2020 Hyundai Tucson", "2016 BMW 320d", "2023 Kia Sportage", "2015 Volvo XC60", "2020 Nissan Leaf"]


# ============================================================================= styles
def st_insurance_claim():
    d = Doc()
    cty = ch(["us", "uk", "ca"])
    ph, tp = P(), P()
    dl, dlname = dl_for(cty, ph)
    v = R.randrange(4)
    if v == 0:
        d.t("CLAIM NOTIFICATION FORM  (ref {ref})\n\nPolicyholder: {n}\n", ref=f"HLC-{D(7)}", n=name_sp(ph))
        lines = [("Correspondence address: {a}\n", dict(a=S("ADDRESS", address(cty)))),
                 ("Daytime phone: {p}\n", dict(p=S("PHONE", phone(cty)))),
                 ("E-mail: {e}\n", dict(e=S("EMAIL", ph.email()))),
                 ("Vehicle: " + ch(CARS) + "   VIN: {v}\n", dict(v=S("VEHICLE_IDENTIFICATION_NUMBER", vin()))),
                 ("Registration / plate: {r}\n", dict(r=S("LICENSE_PLATE", plate_for(cty)))),
                 (dlname + " number: {l}\n", dict(l=S("DRIVER_ID", dl))),
                 ("Age of main driver: {g}\n", dict(g=S("AGE", str(ri(19, 82)))))]
        for f, kv in R.sample(lines, ri(2, 5)):
            d.t(f, **kv)
        d.t("Date of incident: {dt}\nDescription: " + ch(["hail damage to bonnet and roof", "vehicle broken into overnight, stereo taken",
                                                           "low-speed collision in supermarket car park", "windscreen cracked by debris on the motorway"]) + ".",
            dt=f"{ri(1, 28)}/{ri(1, 12)}/2024")
    elif v == 1:
        d.t("On the evening of {dt} our insured, {n}, " + ch(["was reversing out of a driveway", "was stationary at a red light",
                                                               "was parked outside a pharmacy"]) + " at {a} when a " + ch(["delivery van", "pickup truck", "cyclist"])
            + " struck the rear of the " + ch(CARS) + " (plate {pl}). ",
            dt=ch(["12 May", "3 February", "28 October", "the 9th"]), n=name_sp(ph), a=S("ADDRESS", address(cty)), pl=S("LICENSE_PLATE", plate_for(cty)))
        if chance(0.6):
            d.t("The other driver, {m}, " + ch(["produced", "handed over", "showed us"]) + " licence {l} and gave {p} as a contact number. ",
                m=name_sp(tp, "amb" if chance(0.3) else "ok"), l=S("DRIVER_ID", dl_for(cty, tp)[0]), p=S("PHONE", phone(cty)))
        else:
            d.t("{m} is {g} old and holds " + dlname + " {l}. ", m=S("NAME", ph.given, "amb"),
                g=S("AGE", f"{ri(18, 80)} years"), l=S("DRIVER_ID", dl))
        d.t(ch(["Vehicle identification number confirmed as {v} from the logbook.", "VIN on the chassis plate reads {v}.",
                "Frame number: {v}."]), v=S("VEHICLE_IDENTIFICATION_NUMBER", vin()))
    elif v == 2:
        adj = P()
        d.t(ch(["Hi team,\n\n", "Adjuster notes - ", "Update for the file:\n"]))
        d.t("spoke with claimant {n} " + ch(["this morning", "at 14:20", "by phone"]) + " on {p}. ", n=name_sp(ph), p=S("PHONE", phone(cty)))
        d.t(ch(["The car is at the tow yard on {a}. ", "Inspection booked at the body shop, {a}. "]), a=S("ADDRESS", address(cty)))
        if chance(0.5):
            d.t("Settlement to be paid by transfer - routing {r}, account {c}. ", r=S("US_BANK_ROUTING_NUMBER", aba()), c=S("US_BANK_ACCOUNT_NUMBER", bank_acct()))
        else:
            d.t("VIN {v}; reg {pl}. ", v=S("VEHICLE_IDENTIFICATION_NUMBER", vin()), pl=S("LICENSE_PLATE", plate_for(cty)))
        d.t("\n\n-- {a}, " + ch(["Senior Claims Handler", "Motor Claims", "Field Adjuster"]), a=name_sp(adj))
    else:
        d.t("claim_id: {id}\nclaimant_name: {n}\nclaimant_email: {e}\nloss_location: \"{a}\"\nvin: {v}\n",
            id=f"CLM{D(8)}", n=name_sp(ph), e=S("EMAIL", ph.email()), a=S("ADDRESS", address(cty)), v=S("VEHICLE_IDENTIFICATION_NUMBER", vin()))
        if chance(0.5):
            d.t("driver_licence: {l}\n", l=S("DRIVER_ID", dl))
        d.t("status: " + ch(["OPEN", "PENDING_REVIEW", "AWAITING_DOCS"]) + "\n")
    return d


def sloppy_card():
    num, brand = card()
    if chance(0.25) and brand != "amex":
        digits = num.replace(" ", "").replace("-", "")
        num = digits[:4] + ch([" ", "-"]) + digits[4:8] + " " + digits[8:12] + ch(["", " "]) + digits[12:]
    return num, brand


def st_bank_chatbot():
    d = Doc()
    u, a = "User: ", "Assistant: "
    v = R.randrange(5)
    if v == 4:
        num, brand = sloppy_card()
        d.t(u + ch(["pls update the card on my streaming sub", "new card came, swap it on autopay", "change payment method"]) + "\n")
        d.t(a + "Sure - what are the new card details?\n")
        d.t(u + ch(["{c} {e} {v}", "{c}\nexp {e}\ncvc {v}", "number {c} / expiry {e} / code {v}"]),
            c=S("CREDIT_DEBIT_CARD_NUMBER", num), e=S("CREDIT_DEBIT_CARD_EXPIRY", expiry()), v=S("CREDIT_DEBIT_CARD_CVV", cvv(brand)))
        d.t("\n" + a + "Done - autopay now uses the card ending " + num[-4:] + ".")
        if chance(0.4):
            d.t(" A confirmation was sent to {e}.", e=S("EMAIL", P().email()))
    elif v == 0:
        num, brand = sloppy_card()
        d.t(u + ch(["hi my card keeps getting declined at the petrol station", "hey so i think my card is blocked??",
                    "my card wont work online, can u check"]) + "\n")
        d.t(a + "Sorry to hear that. I can look into it - could you confirm the card you're using?\n")
        d.t(u + ch(["its {c} exp {e}", "card num is {c}, expires {e}", "{c}  exp:{e}", "ok its {c} valid thru {e}"]),
            c=S("CREDIT_DEBIT_CARD_NUMBER", num), e=S("CREDIT_DEBIT_CARD_EXPIRY", expiry()))
        if chance(0.6):
            d.t(ch([" cvv {v}", " and the 3 digits on back are {v}", ", security code {v}"]), v=S("CREDIT_DEBIT_CARD_CVV", cvv(brand)))
        d.t("\n" + a + "Thanks. For your safety please never share the full number or security code here. "
            "I can see a fraud hold on the card ending " + num[-4:] + ".\n")
        if chance(0.5):
            d.t(u + ch(["oh ok. its under {n}", "fine, name on the card is {n}", "right, the account holder is {n}"]) + "\n", n=S("NAME", P().full))
        else:
            d.t(u + ch(["ok thx", "k", "great thanks!!"]) + "\n")
        d.t(a + "The hold has been lifted. Anything else?")
    elif v == 1:
        ben = P()
        cc = ch(["DE", "FR", "ES", "IT", "NL", "BE", "IE", "PL", "SE", "CH", "NO", "GB"])
        d.t(u + ch(["i need to send rent to my landlord abroad, how do i do an international transfer",
                    "want to wire money to a friend in europe", "how do i pay someone with an iban"]) + "\n")
        d.t(a + "I can help set that up. Please provide the beneficiary's name, IBAN and SWIFT/BIC.\n")
        d.t(u + ch(["name {n}\niban {i}\nswift {s}", "its {n}, IBAN: {i} bic {s}", "{n} / {i} / {s}"]) + "\n",
            n=S("NAME", ben.full, "ok"), i=S("INTERNATIONAL_BANK_ACCOUNT_NUMBER", iban(cc)), s=S("SWIFT_CODE", swift()))
        d.t(a + "Got it. The transfer of " + ch(["€850", "€1,200.00", "£640", "CHF 2,000"]) + " will arrive in 1-2 business days.")
        if chance(0.4):
            d.t("\n" + u + "can u send the receipt to {e}", e=S("EMAIL", P().email()))
    elif v == 2:
        d.t(u + ch(["setting up direct deposit with my new job, what info do they need", "whats my routing number",
                    "need my acct details for payroll"]) + "\n")
        d.t(a + "For direct deposit your employer needs the routing number and your account number.\n")
        d.t(u + ch(["so routing {r} and account {c}?", "is it {r} routing / acct {c}", "they have rtn {r}, acct no. {c} is that right"]) + "\n",
            r=S("US_BANK_ROUTING_NUMBER", aba()), c=S("US_BANK_ACCOUNT_NUMBER", bank_acct()))
        if chance(0.4):
            d.t(u + "also i dont have an ssn yet, is my itin ok for tax forms? its {it}\n",
                it=S("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", itin(ch(["-", "", " "]))))
        d.t(a + "Those match the checking account on file. ")
        if chance(0.6):
            d.t("I've also emailed a direct-deposit form to {e}.", e=S("EMAIL", P().email()))
        else:
            d.t("Please confirm the mailing address on the account.\n" + u + "{ad}", ad=S("ADDRESS", address("us")))
    else:
        p = P()
        cty = ch(["us", "uk", "ca", "ie", "au"])
        d.t(a + "Before we continue I need to verify your identity. What is your full name?\n")
        d.t(u + ch(["{n}", "its {n}", "{n} (account holder)"]) + "\n", n=S("NAME", p.full, "ok"))
        d.t(a + "And the phone number registered on the account?\n" + u + ch(["{p}", "{p} i think", "mobile is {p}"]) + "\n",
            p=S("PHONE", phone(cty)))
        d.t(a + "Thanks. Finally, your home address?\n" + u + "{ad}\n", ad=S("ADDRESS", address(cty)))
        if chance(0.5):
            d.t(a + "Verified. Your new PIN mailer will go out today.\n" + u + "cool, can i set it to {pn}? lol",
                pn=S("PIN", pin(4)))
        else:
            d.t(a + "Verified, thank you.")
    return d


def firm():
    return ch(["Marlowe & Dunne LLP", "Ashcombe Kerr Solicitors", "Greystone Legal", "Halloran Whyte & Co.",
               "Brightwater Law Chambers", "Pike Street Legal Services"])


def st_legal_letter():
    d = Doc()
    v = R.randrange(4)
    sig = P()
    cli, oth = P(), P()
    if v == 0:  # UK solicitor
        d.t(firm() + "\n{ad}\n\nOur ref: " + A(2) + "/" + D(5) + "\n" + f"{ri(1, 28)} March 2024\n\n",
            ad=S("ADDRESS", address("uk", multiline=True)))
        d.t("Dear " + cli.title + " {f},\n\nRe: Estate of the late " + oth.title + " {o}\n\n", f=name_sp(cli, form="fam"), o=name_sp(oth))
        d.t(ch(["We act for the executors. To close the deceased's tax affairs HMRC require their National Insurance number ({ni}) "
                "and Unique Taxpayer Reference {u}, both of which we now hold.",
                "Please find enclosed the P45. The deceased's NI number is {ni} and the Self Assessment UTR is {u}."]) + "\n\n",
            ni=S("UK_NATIONAL_INSURANCE_NUMBER", nino()), u=S("UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", utr()))
        d.t("Yours sincerely,\n\n{s}\nAssociate Solicitor\n", s=name_sp(sig))
        d.t(ch(["T: {p}  |  E: {e}", "Direct line {p}\n{e}"]), p=S("PHONE", phone("uk")), e=S("EMAIL", sig.email("ashcombekerr.co.uk")))
    elif v == 1:  # US demand letter
        d.t(firm() + " | {ad}\n\nVIA CERTIFIED MAIL\n\n{c}\n{cad}\n\n", ad=S("ADDRESS", address("us")), c=S("NAME", cli.full, "amb"),
            cad=S("ADDRESS", address("us", multiline=True)))
        d.t("RE: Unpaid invoice - our client " + ch(["Redfern Supply Co.", "Kestrel Roofing LLC", "Lakeside Dental Group"]) + "\n\n")
        d.t("Dear " + cli.title + ". {f}:\n\nThis firm represents the above creditor. ", f=name_sp(cli, form="fam"))
        d.t(ch(["Our records list your Social Security number as {ss}; if this is incorrect, notify us in writing.",
                "The credit application you signed bears SSN {ss}."]) + " ", ss=S("US_SOCIAL_SECURITY_NUMBER", ssn(ch(["-", "-", " "]))))
        d.t("Please contact the undersigned within 30 days.\n\nSincerely,\n{s}, Esq.\n", s=name_sp(sig))
    elif v == 2:  # Canadian, SIN
        d.t("WITHOUT PREJUDICE\n\n" + firm() + "\n{ad}\n\n", ad=S("ADDRESS", address("ca", multiline=True)))
        d.t("Attention: Me {f}\n\n", f=name_sp(oth))
        d.t("Re: Separation agreement - {c} and {o}\n\n", c=name_sp(cli), o=S("NAME", P().full))
        d.t(ch(["Our client's Social Insurance Number, {si}, is required for the pension division form.",
                "For the CPP credit split, the SIN of our client is {si}."]) + " Kindly return the signed schedule by email.\n\n",
            si=S("CA_SOCIAL_INSURANCE_NUMBER", sin(ch([" ", "-"]))))
        if chance(0.5):
            d.t("Costs are to be paid to our trust account: IBAN {i}, SWIFT {b}.\n\n", i=S("INTERNATIONAL_BANK_ACCOUNT_NUMBER", iban()),
                b=S("SWIFT_CODE", swift()))
        d.t("Regards,\n{s}\n{e}", s=name_sp(sig), e=S("EMAIL", sig.email("greystonelegal.ca")))
    else:  # engagement letter, Irish/UK
        cty = ch(["ie", "uk"])
        d.t("PRIVATE & CONFIDENTIAL\n" + cli.title + " {c}\n{cad}\n\n", c=name_sp(cli), cad=S("ADDRESS", address(cty, multiline=True)))
        d.t("Dear {g},\n\nThank you for instructing us in relation to your " + ch(["employment tribunal claim", "property purchase", "personal injury claim"])
            + ". ", g=S("NAME", cli.given, "amb"))
        if cty == "uk":
            d.t("For the anti-money-laundering check we have recorded NI number {ni}. ", ni=S("UK_NATIONAL_INSURANCE_NUMBER", nino()))
        d.t("The matter will be handled by {s}, who can be reached on {p}.", s=name_sp(sig), p=S("PHONE", phone(cty)))
    return d


def cv_url(p):
    h = p.handle()
    return ch([f"https://www.linkedin.com/in/{p.slug('-')}", f"https://github.com/{h}", f"https://{h.replace('.', '')}.dev",
               f"https://{p.slug('')}.com/portfolio"])


def st_resume_cv():
    d = Doc()
    p = P()
    cty = ch(["us", "uk", "ca", "ie", "au"])
    city = city_name(cty)
    role = ch(["Data Analyst", "Registered Nurse", "Senior Backend Engineer", "Quantity Surveyor", "UX Designer",
               "Logistics Coordinator", "Secondary School Teacher"])
    v = R.randrange(4)
    if v == 0:
        d.t("{n}\n" + role + "\n", n=name_sp(p, "amb"))
        parts = [S("PHONE", phone(cty)), S("EMAIL", p.email()), S("URL", cv_url(p)), city]
        if chance(0.3):
            R.shuffle(parts)
        sep = ch([" | ", " · ", "  •  "])
        for i, it in enumerate(parts):
            d.add([sep if i else "", it])
        d.t("\n\nPROFILE\n" + ch(["Detail-oriented professional with 8 years of experience in fast-paced teams.",
                                  "Bilingual (English/French) and comfortable owning projects end to end.",
                                  "Career changer with a strong quantitative background."]) + "\n")
    elif v == 1:
        d.t("## {n}\n", n=name_sp(p, "amb"))
        d.t("📍 " + city + " | ☎ {ph} | ✉ {e}" + (" | 🔗 {u}" if chance(0.6) else "") + "\n\n",
            ph=S("PHONE", phone(cty)), e=S("EMAIL", p.email()), u=S("URL", cv_url(p)))
        d.t("### Experience\n- **" + role + "**, " + ch(["Northwind Analytics", "St Brigid's Hospital", "Tollgate Freight"]) + " (2019–present)\n")
    elif v == 2:
        d.t("CURRICULUM VITAE\n\nName: {n}\nAge: {a}\nAddress: {ad}\nMobile: {ph}\n",
            n=name_sp(p), a=S("AGE", str(ri(21, 63))), ad=S("ADDRESS", address(cty)), ph=S("PHONE", phone(cty)))
        if chance(0.6):
            ref = P()
            d.t("\nREFERENCES\n{r}, " + ch(["former line manager", "Head of Department", "project sponsor"]) + " - {re}\n",
                r=name_sp(ref), re=S("EMAIL", ref.email(ch(["northwind.io", "tollgate.co.uk", "hse.ie"]))))
    else:
        d.t("{n}\n", n=name_sp(p, "amb", "upper"))
        ag = str(ri(22, 60))
        f, val = ch([("{a} old", ag + " years"), ("Age {a}", ag), ("{a}", ag + " yrs")])
        d.t(f + ", " + city + " - " + role + "\n", a=S("AGE", val))
        d.t(ch(["Contact: {e} / {ph}\n", "{ph}\n{e}\n"]), e=S("EMAIL", p.email()), ph=S("PHONE", phone(cty)))
        d.t("\nKEY SKILLS\n* " + ch(["SQL, Power BI, stakeholder reporting", "NEWS2, IV cannulation, mentoring students",
                                     "Go, Rust, Kubernetes, PostgreSQL"]) + "\n")
    return d



def manifest_name(p):
    fam = re.sub(r"[^A-Z ]", "", ascii_fold(p.fam).upper().replace("-", " ").replace("'", ""))
    return f"{fam}/{ascii_fold(p.given).upper().replace('-', '')}"


def last4():
    return ch(["card ending ", "Visa ****", "Mastercard xxxx-", "AMEX ending in ", "card no. **** **** **** "]) + D(4)


def st_travel_booking():
    d = Doc()
    v = R.randrange(4)
    if v == 0:
        d.t("PASSENGER MANIFEST  BF" + D(4) + "  " + ch(["YUL-CDG", "JFK-DUB", "SEA-ICN", "BOS-LHR", "YYZ-HAN"]) + "  " + f"{ri(1, 28):02d}APR\n")
        d.t("SEQ  NAME                      PASSPORT    NAT\n")
        for i in range(ri(1, 4)):
            p = P()
            nm = manifest_name(p)
            d.t(f"{i + 1:03d}  {{n}}{' ' * max(1, 22 - len(nm))}{p.title.upper():<4}{{pp}}   USA\n",
                n=S("NAME", nm, "amb"), pp=S("US_PASSPORT_NUMBER", passport_us()))
        d.t("-- end of list --")
    elif v == 1:
        p = P()
        d.t("Dear {g},\n\nYour stay at " + ch(["The Wren Hotel", "Harbourview Suites", "Hôtel Le Petit Cap", "Kinsale Quay Inn"])
            + " is confirmed (confirmation " + A(2) + D(6) + ").\n\n", g=S("NAME", p.given, "amb"))
        d.t("Guest: {n}\nPhone: {ph}\nEmail: {e}\n", n=name_sp(p), ph=S("PHONE", phone()), e=S("EMAIL", p.email()))
        if chance(0.4):
            num, brand = card()
            d.t("Guarantee card: {c} (exp {x})\n", c=S("CREDIT_DEBIT_CARD_NUMBER", num), x=S("CREDIT_DEBIT_CARD_EXPIRY", expiry()))
        else:
            d.t("Payment: " + last4() + "\n")
        if chance(0.5):
            d.t("Billing address: {ad}\n", ad=S("ADDRESS", address()))
        d.t("Check-in from 15:00. We look forward to welcoming you!")
    elif v == 2:
        p, ec = P(), P()
        d.t(ch(["Hi, for the Lisbon group trip I still need passport details for ", "Following up on the visa application for "]) + "{n}. ",
            n=name_sp(p))
        d.t(ch(["US passport no. {pp}, expiring 2031.", "Passport number {pp} (United States)."]) + " ",
            pp=S("US_PASSPORT_NUMBER", passport_us()))
        d.t("Emergency contact is {e} on {ph}" + ch([".", " - they're the spouse.", ", available evenings."]),
            e=name_sp(ec), ph=S("PHONE", phone()))
        if chance(0.4):
            d.t(" Itinerary: {u}", u=S("URL", url()))
    else:
        p = P()
        cty = ch(["us", "uk", "ca"])
        d.t("RENTAL AGREEMENT " + D(9) + "\nRenter: {n}\n", n=name_sp(p))
        dl, dln = dl_for(cty, p)
        d.t(dln + ": {l}\nVehicle: " + ch(CARS)[5:] + " (plate {pl})\n", l=S("DRIVER_ID", dl), pl=S("LICENSE_PLATE", plate_for(cty)))
        d.t("Deposit held on " + last4() + "\n")
        if chance(0.5):
            d.t("Local contact address: {ad}\n", ad=S("ADDRESS", address(cty)))
        d.t("Return by 10:00 with a full tank.")
    return d


def st_dev_issue():
    d = Doc()
    u = P()
    usr = u.handle().replace(".", "")
    v = R.randrange(4)
    title = ch(["Bug: ", "[bug] ", "Regression: ", "Question: "])
    if chance(0.2):
        d.t("**" + title + ch(["rate limiter locks out legit users", "audit log shows wrong client ip"]) + "**\n\nLog line:\n```json\n")
        d.t('{{"ts":"2024-0' + str(ri(1, 9)) + '-1' + str(ri(0, 9)) + 'T0' + str(ri(0, 9)) + ':14:07Z","level":"warn","user":"{us}",'
            '"client_ip":"{ip}","device_mac":"{m}","msg":"login throttled"}}\n```\n', us=S("USERNAME", usr), ip=S("IP_ADDRESS", ipv4()),
            m=S("MAC_ADDRESS", mac()))
        if chance(0.6):
            d.t("Deploy env for reference (yes I know):\n```\nexport AWS_ACCESS_KEY_ID={k}\nexport AWS_SECRET_ACCESS_KEY={s}\n```",
                k=S("AWS_ACCESS_KEY", aws_access()), s=S("AWS_SECRET_KEY", aws_secret()))
        else:
            d.t("Same thing from v6: {i6}", i6=S("IP_ADDRESS", ipv6()))
    elif v == 0:
        host = ch(["api.ferrobyte.dev", "staging.okapi-labs.net", "ingest.lumenvault.io"])
        d.t("### " + title + ch(["401 from /v2/export even with valid creds", "basic auth header dropped behind proxy"]) + "\n\n")
        d.t("Steps to reproduce:\n```\ncurl -s -u {us}:{pw} {u}\n```\n",
            us=S("USERNAME", usr), pw=S("PASSWORD", password()), u=S("URL", "https://" + host + "/v2/export?since=2024-01-01"))
        d.t("Server: {ip} (" + ch(["ubuntu 22.04", "debian 12", "alpine 3.19"]) + ")\n", ip=S("IP_ADDRESS", ipv4()))
        if chance(0.5):
            d.t("Docs I followed: {u}\n", u=S("URL", "https://" + host + ch(["/docs/auth", "/docs/getting-started#tokens"])))
        d.t("\ncc @{h}", h=S("USERNAME", P().handle()))
    elif v == 1:
        db = ch(["postgres", "postgresql", "mysql", "mongodb", "redis"])
        port = {"postgres": 5432, "postgresql": 5432, "mysql": 3306, "mongodb": 27017, "redis": 6379}[db]
        d.t("**" + title + "worker crashes on startup**\n\nMy `.env` (rotated since, obviously):\n```\n")
        d.t("DATABASE_URL=" + db + "://{us}:{pw}@{ip}:" + str(port) + "/orders\nLOG_LEVEL=debug\n```\n",
            us=S("USERNAME", usr), pw=S("PASSWORD", password()), ip=S("IP_ADDRESS", ipv4(True)))
        d.t("Trace:\n```\nFile \"/home/{hu}/src/worker/main.py\", line 88, in connect\nConnectionRefusedError: [Errno 111]\n```\n",
            hu=S("USERNAME", usr))
        if chance(0.5):
            d.t("Reported via email from {e}", e=S("EMAIL", u.email(ch(["okapi-labs.net", "ferrobyte.dev"]))))
    elif v == 2:
        d.t("## " + title + ch(["credentials file committed by mistake", "SDK ignores profile from config"]) + "\n\n")
        d.t("Found this in `/home/{hu}/.aws/credentials` on the build box:\n```\n[default]\n", hu=S("USERNAME", usr))
        d.t(ch(["aws_access_key_id = {k}\naws_secret_access_key = {s}\n", "aws_access_key_id={k}\naws_secret_access_key={s}\n"])
            + "region = " + ch(["eu-west-1", "us-east-2", "ca-central-1"]) + "\n```\n",
            k=S("AWS_ACCESS_KEY", aws_access()), s=S("AWS_SECRET_KEY", aws_secret()))
        d.t(ch(["Please rotate ASAP.", "I've revoked them in IAM but the history still has them."]))
        if chance(0.5):
            d.t(" Commit author was {n} <{e}>.", n=name_sp(u), e=S("EMAIL", u.email("users.noreply.github.com")))
    else:
        d.t("### " + title + ch(["wake-on-lan packet never reaches NAS", "DHCP lease keeps changing"]) + "\n\n`ip addr` output:\n```\n")
        d.t("2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500\n    link/ether {m}\n    inet {ip}/24 scope global eth0\n",
            m=S("MAC_ADDRESS", mac()), ip=S("IP_ADDRESS", ipv4(True)))
        if chance(0.6):
            d.t("    inet6 {i6}/64 scope global\n", i6=S("IP_ADDRESS", ipv6()))
        d.t("```\nTarget NAS MAC is {m2}. Any ideas @{h}?", m2=S("MAC_ADDRESS", mac()), h=S("USERNAME", P().handle()))
    return d


def st_team_chat():
    d = Doc()
    a, b = P(), P()
    ha, hb = a.handle(), b.handle()
    v = R.randrange(4)
    clock = [ri(8 * 60, 16 * 60)]

    def tm():
        clock[0] += ri(0, 9)
        return f"{clock[0] // 60}:{clock[0] % 60:02d}"
    if v == 0:
        d.t("#office-general\n[" + tm() + "] {a}: anyone know the guest wifi password? visitor arriving at 2\n", a=S("USERNAME", ha))
        d.t("[" + tm() + "] {b}: @{a2} it's {pw} (network OKAPI-GUEST)\n", b=S("USERNAME", hb), a2=S("USERNAME", ha), pw=S("PASSWORD", password()))
        if chance(0.6):
            d.t("[" + tm() + "] {b}: and the side door code is {pn} if the front desk is empty\n", b=S("USERNAME", hb), pn=S("PIN", pin(ch([4, 6]))))
        d.t("[" + tm() + "] {a}: legend, ty", a=S("USERNAME", ha))
    elif v == 1:
        d.t("*{a}*  " + tm() + "\n" + ch(["housewarming on saturday!! 🎉 ", "bbq at ours this weekend, bring a chair "]), a=name_sp(a))
        d.t("address is {ad}" + ch([" - buzz 4", "", " (blue door)"]) + ". text me on {ph} if you get lost\n",
            ad=S("ADDRESS", address()), ph=S("PHONE", phone()))
        d.t("*{b}*  " + tm() + "\n" + ch(["count me in", "can I bring my partner?", "🙌"]) + "\n", b=name_sp(b))
    elif v == 2:
        c = P()
        d.t("[" + tm() + "] {a}: who has the keys to the supply cupboard\n", a=S("USERNAME", ha))
        d.t("[" + tm() + "] {b}: ask {c}, they took them home. number is {ph}\n",
            b=S("USERNAME", hb), c=S("NAME", ascii_fold(c.given).lower(), "hard"), ph=S("PHONE", phone()))
        d.t("[" + tm() + "] {a}: " + ch(["👍", "thx", "cheers"]), a=S("USERNAME", ha))
    else:
        d.t("**On-call handover** from {a} to @{hb}\n", a=name_sp(a), hb=S("USERNAME", hb))
        d.t("- escalation mobile this week: {ph}\n", ph=S("PHONE", phone()))
        d.t(ch(["- bastion is {ip}, jump host creds in the vault\n", "- flaky node: {ip} (reboot fixes it)\n"]), ip=S("IP_ADDRESS", ipv4()))
        if chance(0.5):
            d.t("- server room keypad: {pn}\n", pn=S("PIN", pin(4)))
        d.t("ping me at {e} if anything's on fire 🔥", e=S("EMAIL", a.email(ch(["okapi-labs.net", "tollgate.co.uk"]))))
    return d


def st_medical_referral():
    d = Doc()
    pt, gp, nok = P(), P(), P()
    rel = ch(["daughter", "son", "husband", "wife", "partner", "neighbour"])
    v = R.randrange(4)
    if v == 0:
        cons = P()
        d.t(ch(["The Willows Medical Practice", "Castle Street Surgery", "Harbourside Health Centre"]) + "\n{pa}\n\n",
            pa=S("ADDRESS", address("uk", multiline=True)))
        d.t(f"{ri(1, 28)}/{ri(1, 12):02d}/2024\n\nDear Dr {{c}},\n\n", c=name_sp(cons, form="fam"))
        d.t("Re: {p} (DOB " + f"{ri(1, 28):02d}/{ri(1, 12):02d}/19{ri(30, 99)}" + ")  NHS No: {nhs}\n{pad}\n\n",
            p=name_sp(pt), nhs=S("UK_NATIONAL_HEALTH_SERVICE_NUMBER", nhs(ch([" ", " ", "-", None]))),
            pad=S("ADDRESS", address("uk")))
        d.t("I would be grateful if you could review this patient, aged {a}, with " + ch(["worsening exertional breathlessness",
            "a three-month history of dyspepsia", "recurrent falls"]) + ".\n\n", a=S("AGE", str(ri(40, 95))))
        d.t("Yours sincerely,\nDr {g}", g=name_sp(gp))
    elif v == 1:
        d.t("Clinic note - " + ch(["Riverside Family Health Team", "Bayview Community Clinic", "Kanata North Medical"]) + "\n")
        d.t("Patient: {p}    Age: {a}\nOHIP: {h}\n", p=name_sp(pt), a=S("AGE", str(ri(2, 90))), h=S("CA_HEALTH_NUMBER", ohip()))
        if chance(0.5):
            d.t("Address: {ad}\n", ad=S("ADDRESS", address("ca")))
        d.t("Emergency contact: {n} (" + rel + ") {ph}\n", n=name_sp(nok), ph=S("PHONE", phone("ca")))
        d.t("S: " + ch(["cough x 10 days, no fever", "follow-up re: HbA1c 7.9", "L knee pain after hockey"]) +
            "\nO: BP " + f"{ri(105, 150)}/{ri(60, 95)}, HR {ri(55, 99)}, T 37.{ri(0, 9)}" + "\nA/P: " + ch(["viral URTI, supportive care", "increase metformin to 1 g BID", "refer physio"]))
    elif v == 2:
        d.t("DISCHARGE SUMMARY\nPatient name: {p} | NHS number: {nhs} | Age: {a}\n",
            p=name_sp(pt, form=ch(["full", "rev"])), nhs=S("UK_NATIONAL_HEALTH_SERVICE_NUMBER", nhs(ch([" ", None]))),
            a=S("AGE", str(ri(18, 99)) + ch([" years", " yrs", ""])))
        d.t("Home address: {ad}\nNext of kin: {n} (" + rel + "), tel {ph}\n", ad=S("ADDRESS", address("uk")), n=name_sp(nok),
            ph=S("PHONE", phone("uk")))
        d.t("Diagnosis: " + ch(["community-acquired pneumonia", "NSTEMI", "cellulitis left lower leg"]) + ". GP to review bloods in 1 week.")
    else:
        d.t("Dear colleague,\n\nPlease see " + pt.title + " {p}, {a} old, health card number {h}, " + ch(
            ["for assessment of a suspicious naevus on the back.", "who has had intermittent palpitations since March."]) + "\n",
            p=name_sp(pt), a=S("AGE", f"{ri(19, 88)} years"), h=S("CA_HEALTH_NUMBER", ohip(True)))
        if chance(0.6):
            d.t(ch(["Best reached via " + rel + " {n} at {ph}.\n", "Contact: {ph} ({n}, " + rel + ")\n"]), n=name_sp(nok), ph=S("PHONE", phone("ca")))
        d.t("\nThanks,\nDr {g}, " + ch(["MD CCFP", "family physician"]), g=name_sp(gp))
    return d


EMPLOYERS = ["Redfern Supply Co.", "Kestrel Roofing LLC", "Tollgate Freight Ltd", "Northwind Analytics Inc.", "Lakeside Dental Group"]


def st_payroll_tax():
    d = Doc()
    e = P()
    v = R.randrange(5)
    if v == 0:
        d.t("Form W-2  Wage and Tax Statement  2023\n")
        if chance(0.6):
            d.t("a  Employee's social security number   {s}\n", s=S("US_SOCIAL_SECURITY_NUMBER", ssn(ch(["-", "-", " ", ""]))))
        else:
            d.t("a  Employee's SSN/ITIN   {s}\n", s=S("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", itin(ch(["-", "", " "]))))
        d.t("b  Employer identification number (EIN)  " + f"{D(2)}-{D(7)}" + "\n")
        d.t("c  Employer's name, address  " + ch(EMPLOYERS) + ", {ea}\n", ea=S("ADDRESS", address("us")))
        d.t("e  Employee's first name and initial  {g}   Last name  {f}\n", g=S("NAME", e.given), f=S("NAME", e.fam))
        if chance(0.6):
            d.t("f  Employee's address  {a}\n", a=S("ADDRESS", address("us")))
        d.t("1  Wages, tips, other comp.  " + f"{ri(21, 140)},{D(3)}.{D(2)}" + "\n2  Federal income tax withheld  " + f"{ri(2, 19)},{D(3)}.{D(2)}")
    elif v == 1:
        d.t("Form W-9 (Rev. March 2024) - Request for Taxpayer Identification Number\n1 Name: {n}\n", n=name_sp(e))
        d.t("5 Address: {a}\n", a=S("ADDRESS", address("us")))
        if chance(0.3):
            d.t("Part I  Taxpayer Identification Number\nSocial security number: {t}", t=S("US_SOCIAL_SECURITY_NUMBER", ssn()))
        else:
            d.t("Part I  Taxpayer Identification Number\n" + ch(["ITIN (no SSN issued): {t}", "Individual taxpayer ID: {t}"]),
                t=S("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", itin(ch(["-", " ", "-"]))))
        d.t("\nSignature of U.S. person: " + ch(["signed", "(e-signed)"]) + f"   Date: {ri(1, 12)}/{ri(1, 28)}/2024")
    elif v == 2:
        d.t(ch(["DIRECT DEPOSIT AUTHORIZATION", "Payroll - direct deposit enrolment"]) + "\n\nEmployee: {n}   Employee ID: E" + D(5) + "\n",
            n=name_sp(e))
        d.t(ch(["Bank routing number (ABA): {r}\nAccount number: {c}\n", "Routing #: {r}\nChecking account #: {c}\n"]),
            r=S("US_BANK_ROUTING_NUMBER", aba()), c=S("US_BANK_ACCOUNT_NUMBER", bank_acct()))
        d.t("Deposit: 100% of net pay. Questions? Contact payroll at {ph}.", ph=S("PHONE", phone("us")))
    elif v == 3:
        d.t(ch(EMPLOYERS[2:3] + ["Ashgrove Care Homes Ltd", "Pennine Print Works"]) + "  -  PAYSLIP  Month " + str(ri(1, 12)) + "\n")
        d.t("Employee: {n}    Payroll no. " + D(6) + "\n", n=name_sp(e, form=ch(["full", "rev"])))
        d.t("NI number: {ni}    Tax code: " + ch(["1257L", "BR", "K475", "1257L M1"]) + "    NI category: A\n",
            ni=S("UK_NATIONAL_INSURANCE_NUMBER", nino()))
        if chance(0.6):
            d.t("Self Assessment UTR: {u}\n", u=S("UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", utr()))
        d.t("Gross pay £" + f"{ri(1, 6)},{D(3)}.{D(2)}" + "   Tax £" + f"{ri(100, 999)}.{D(2)}" + "   Net pay £" + f"{ri(1, 9)}{D(2)}.{D(2)}\n")
        d.t("Paid to sort code " + f"{D(2)}-{D(2)}-{D(2)}" + " - IBAN {i}" + (" (BIC {b})" if chance(0.5) else ""),
            i=S("INTERNATIONAL_BANK_ACCOUNT_NUMBER", iban("GB")), b=S("SWIFT_CODE", ch(["NWBKGB2L", "BARCGB22", "LOYDGB21", "MIDLGB22"])))
    else:
        d.t("T4 " + str(ri(2021, 2023)) + "  Statement of Remuneration Paid\nEmployer: " + ch(EMPLOYERS) + ", {ea}\n",
            ea=S("ADDRESS", address("ca")))
        d.t("Box 12 Social insurance number: {si}\nEmployee: {n}\n", si=S("CA_SOCIAL_INSURANCE_NUMBER", sin(ch([" ", "-", ""]))),
            n=name_sp(e, form="rev"))
        d.t("Box 14 Employment income: " + f"{ri(30, 120)},{D(3)}.{D(2)}" + "   Box 22 Income tax deducted: " + f"{ri(4, 30)},{D(3)}.{D(2)}")
    return d


def st_free_prose():
    d = Doc()
    me = P()
    cty = ch(["us", "uk", "ca", "ie", "au"])
    other = P()
    ag = str(ri(19, 77))
    intro = [("My name is {n} and I'm {a} old. ", dict(n=name_sp(me), a=S("AGE", ag + " years"))),
             ("I'm {n} ({a}), " + ch(["a night-shift nurse", "a retired postman", "a first-year student", "a self-employed plumber"]) + ". ",
              dict(n=name_sp(me), a=S("AGE", ag, "amb"))),
             ("Hiya, {g} here 👋 ", dict(g=S("NAME", me.given, "amb"))),
             ("So, long story short: ", {})]
    f, kv = ch(intro)
    d.t(f, **kv)
    pool = [
        ("Last spring we moved into {ad}" + ch([" 🏡", "", " (the one with the crooked gate)"]) + ". ", dict(ad=S("ADDRESS", address(cty)))),
        (ch(["You can reach me on {ph} most evenings. ", "Text me at {ph} if the buzzer's broken. "]), dict(ph=S("PHONE", phone(cty)))),
        (ch(["My old email {e} still works, weirdly. ", "Just email {e} - I check it daily. "]), dict(e=S("EMAIL", me.email()))),
        (ch(["{o}'s advice was to keep every receipt, which honestly saved me. ", "My neighbour {o} keeps watering my tomatoes without asking 😅. "]),
         dict(o=S("NAME", other.full, "amb"))),
        (ch(["The number plate on the new car is {pl} and I still can't remember it. ", "Someone keyed my car ({pl}) outside the gym. "]),
         dict(pl=S("LICENSE_PLATE", plate_for(cty if cty in ("us", "uk", "ca") else "uk")))),
        (ch(["I wrote the whole saga up at {u}. ", "There's a photo thread here: {u} "]), dict(u=S("URL", url()))),
        (ch(["On the forum I'm {us}, if you want to DM. ", "My gaming tag is {us}, say hi. "]), dict(us=S("USERNAME", me.handle()))),
        ch([("My grandmother turned {a2} on Sunday 🎂. ", dict(a2=S("AGE", str(ri(80, 101))))),
            ("Our youngest is only {a2} old and already bossing everyone about. ",
             dict(a2=S("AGE", ch([f"{ri(2, 9)} years", f"{ri(6, 23)} months"]))))]),
    ]
    if cty == "uk":
        pool.append(("It took me three weeks to get my National Insurance number ({ni}) re-issued. ", dict(ni=S("UK_NATIONAL_INSURANCE_NUMBER", nino()))))
    elif cty == "ca":
        pool.append(("Service Canada finally confirmed my SIN, {si}, after two visits. ", dict(si=S("CA_SOCIAL_INSURANCE_NUMBER", sin()))))
    elif cty == "us":
        pool.append(ch([("The IRS letter quoted my SSN as {ss}, which is at least correct. ",
                         dict(ss=S("US_SOCIAL_SECURITY_NUMBER", ssn()))),
                        ("Before my green card I filed taxes with an ITIN, {it}, for six years. ",
                         dict(it=S("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", itin())))]))
    if chance(0.25):
        pool.append(("I accidentally pasted my card number ({c}) into the family group chat 🤦. ",
                     dict(c=S("CREDIT_DEBIT_CARD_NUMBER", card()[0]))))
    for f, kv in R.sample(pool, ri(2, 4)):
        d.t(f, **kv)
    d.t(ch(["Anyway, that's my week.", "Rant over ✌️", "Thanks for reading x", "Wish me luck!"]))
    return d


STYLES = [("insurance_claim", st_insurance_claim), ("bank_chatbot", st_bank_chatbot), ("legal_letter", st_legal_letter),
          ("resume_cv", st_resume_cv), ("travel_booking", st_travel_booking), ("dev_issue", st_dev_issue),
          ("team_chat", st_team_chat), ("medical_referral", st_medical_referral), ("payroll_tax", st_payroll_tax),
          ("free_prose", st_free_prose)]


# ============================================================================= negatives (no person names)
def isbn13():
    b = "978" + str(ri(0, 1)) + D(8)
    c = (10 - sum(int(x) * (3 if i % 2 else 1) for i, x in enumerate(b)) % 10) % 10
    s = b + str(c)
    return f"{s[:3]}-{s[3]}-{s[4:7]}-{s[7:12]}-{s[12]}"


def uuid_like():
    h = A(32, HEXL)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{ch('89ab')}{h[17:20]}-{h[20:]}"


def bad_luhn(prefix, length):
    good = luhn_complete(prefix, length)
    bad = good[:-1] + str((int(good[-1]) + ri(1, 9)) % 10)
    assert not luhn_ok(bad)
    return bad


def bad_iban():
    s = iban(grouped=False)
    chk = int(s[2:4])
    new = (chk + ri(1, 50)) % 97 + 2
    if new == chk:
        new = chk + 1 if chk < 98 else chk - 1
    b = f"{s[:2]}{new:02d}{s[4:]}"
    assert not iban_ok(b)
    return " ".join(b[i:i + 4] for i in range(0, len(b), 4)) if chance(0.5) else b


def bad_aba():
    good = aba()
    b = good[:-1] + str((int(good[-1]) + ri(1, 9)) % 10)
    assert not aba_ok(b)
    return b


def bad_vin():
    g = vin()
    c = ch([x for x in "0123456789X" if x != g[8]])
    b = g[:8] + c + g[9:]
    assert not vin_ok(b)
    return b


def bad_ssn():
    a = ch(["000", "666", str(ri(900, 999))])
    s = f"{a}-{ri(1, 49):02d}-{ri(1, 9999):04d}"
    assert not ssn_ok(s) and not CHECK["US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"](s)
    return s


PLACES = ["Moose Jaw", "Port Hedland", "Kinsale harbour", "Lake Louise", "Stoke-on-Trent", "Wagga Wagga", "Trois-Rivières",
          "the Cairngorms", "Galway Bay", "Yellowknife"]
COMPANIES = ["Okapi Labs", "Ferrobyte Systems", "Blue Fjord Travel", "Pinecrest Mutual", "Lumenvault", "Quillpay Pty Ltd",
             "Northgate Health Trust", "Tidewater Freight", "Copperleaf Bakery", "Ironbark Analytics"]

NEG = {
    "order_number": lambda: ch([f"Order #{D(9)} has shipped and should arrive by Friday.",
                                f"Your order {A(3)}-{D(7)} was split into two parcels; the second leaves our {ch(PLACES)} depot tomorrow.",
                                f"Re: order no. {D(12)} - refund of ${ri(5, 300)}.{D(2)} processed."]),
    "invoice_number": lambda: ch([f"Invoice INV-2024-{D(6)} (total £{ri(100, 9000):,}.{D(2)}) is due within 30 days.",
                                  f"Please quote invoice {D(8)} and PO {D(10)} on all remittances to {ch(COMPANIES)}."]),
    "tracking_number": lambda: ch([f"Tracking: 1Z{A(3, UP + DIG)}{D(3)}{D(10)} - out for delivery.",
                                   f"Parcel {A(2)}{D(9)}GB is held at the {ch(PLACES)} sorting office.",
                                   f"USPS tracking {D(4)} {D(4)} {D(4)} {D(4)} {D(4)} {D(2)} shows 'In transit'."]),
    "isbn": lambda: ch([f"Set text for term two: ISBN {isbn13()}, 3rd edition.",
                        f"Reordered 12 copies (ISBN {isbn13()}) and 5 of {isbn13()} for the {ch(PLACES)} branch."]),
    "uuid": lambda: ch([f"request_id={uuid_like()} status=200 latency_ms={ri(3, 900)}",
                        f"Correlation ID {uuid_like()} - please include it when contacting support."]),
    "git_sha": lambda: ch([f"Reverted {A(40, HEXL)}; the regression came in with {A(7, HEXL)}.",
                           f"Merge pull request #{ri(100, 9999)} from feature/{ch(['cache-warmup', 'retry-jitter'])} ({A(12, HEXL)})"]),
    "version": lambda: ch([f"Upgraded from v{ri(1, 4)}.{ri(0, 30)}.{ri(0, 9)} to v{ri(5, 9)}.{ri(0, 3)}.{ri(0, 20)}-rc.{ri(1, 4)}.",
                           f"Windows build 10.0.{ri(19041, 22631)}.{ri(1000, 4000)} fails to load driver {ri(1, 9)}.{ri(0, 9)}.{ri(0, 9)}.{ri(0, 99)}.",
                           f"Requires Python >= 3.{ri(8, 12)} and protobuf {ri(3, 5)}.{ri(20, 26)}.{ri(0, 9)}."]),
    "timestamp": lambda: ch([f"{ri(2019, 2024)}-{ri(1, 12):02d}-{ri(1, 28):02d}T{ri(0, 23):02d}:{ri(0, 59):02d}:{ri(0, 59):02d}Z job finished in {ri(2, 900)}s",
                             f"epoch {ri(1600000000, 1720000000)} -> cron tick #{ri(1000, 99999)}",
                             f"[{ri(1, 28):02d}/Mar/2024:{ri(0, 23):02d}:{ri(10, 59)}:{ri(10, 59)} +0000] GET /healthz 200"]),
    "price": lambda: ch([f"Was £{ri(100, 2000):,}.99, now £{ri(50, 99)}.{D(2)} - save {ri(10, 60)}%!",
                         f"Quote: ${ri(1000, 90000):,}.00 ex. GST, payable in {ri(2, 12)} instalments of ${ri(100, 999)}.{D(2)}."]),
    "sku": lambda: ch([f"SKU {A(2)}-{D(4)}-{ch(['BLK', 'RED', 'NVY'])}-{ch(['S', 'M', 'XL'])} is back in stock ({ri(2, 400)} units).",
                       f"Replaced part {A(3)}{D(5)}{A(1)} with {A(3)}{D(5)}{A(1)} per bulletin {D(2)}-{D(3)}."]),
    "hex_colour": lambda: f"Brand palette: primary #{A(6, '0123456789ABCDEF')}, accent #{A(6, '0123456789abcdef')}, border #{A(3, '0123456789abcdef')}.",
    "coordinates": lambda: ch([f"Trailhead at {ri(40, 60)}.{D(4)}° N, {ri(0, 130)}.{D(4)}° W, elevation {ri(100, 2500)} m.",
                               f"lat={ri(-45, -10)}.{D(6)}, lon={ri(110, 155)}.{D(6)} (near {ch(PLACES)})"]),
    "error_code": lambda: ch([f"Installer failed with 0x{A(8, '0123456789ABCDEF')} (see KB{D(7)}).",
                              f"HTTP {ch([500, 502, 503, 504])}: upstream returned ERR_{ch(['CONNECTION_RESET', 'TIMED_OUT', 'QUIC_PROTOCOL'])} after {ri(1, 60)}s, code E{D(4)}."]),
    "card_failing_luhn": lambda: ch([f"Loyalty card {' '.join(re.findall('....', bad_luhn('4', 16)))} earns double points this week.",
                                     f"Gift voucher code {bad_luhn(str(ri(51, 55)), 16)} has already been redeemed.",
                                     f"Ticket barcode {'-'.join(re.findall('....', bad_luhn('6011', 16)))} - gate B."]),
    "iban_bad_checksum": lambda: ch([f"Payment reference {bad_iban()} could not be matched to any ledger entry.",
                                     f"Test fixture: invalid_iban = \"{bad_iban()}\"  # must be rejected"]),
    "routing_bad_checksum": lambda: ch([f"Batch {bad_aba()} imported with {ri(2, 90)} rows.",
                                        f"Warehouse bin {bad_aba()} is full; use overflow rack {ri(1, 30)}."]),
    "vin_bad_checksum": lambda: ch([f"Fixture VIN {bad_vin()} (check digit deliberately wrong) must fail validation.",
                                    f"Stock item serial {bad_vin()} - return to supplier."]),
    "ssn_invalid_area": lambda: ch([f"Example format only: {bad_ssn()} (not a valid number).",
                                    f"Form field placeholder '{bad_ssn()}' shown in the demo build."]),
    "company_name": lambda: f"{ch(COMPANIES)} and {ch(COMPANIES)} announced a joint venture; {ch(COMPANIES)} shares rose {ri(1, 9)}.{D(1)}%.",
    "place_name": lambda: f"The route runs from {ch(PLACES)} to {ch(PLACES)}, about {ri(40, 900)} km, with a stop in {ch(PLACES)}.",
}


def build_negatives(n=200):
    keys = list(NEG)
    out = []
    for i in range(n):
        k = keys[i % len(keys)]
        t = NEG[k]()
        if chance(0.3):
            k2 = ch([x for x in keys if x != k])
            t = t + (" " if chance(0.5) else "\n") + NEG[k2]()
        out.append({"id": f"cn-{i + 1:04d}", "text": t, "kind": "negative", "style": "negative", "spans": [], "looks_like": k})
    return out


# ============================================================================= validation & output
TYPES = set("""ADDRESS AGE AWS_ACCESS_KEY AWS_SECRET_KEY CA_HEALTH_NUMBER CA_SOCIAL_INSURANCE_NUMBER
CREDIT_DEBIT_CARD_CVV CREDIT_DEBIT_CARD_EXPIRY CREDIT_DEBIT_CARD_NUMBER DRIVER_ID EMAIL
INTERNATIONAL_BANK_ACCOUNT_NUMBER IP_ADDRESS LICENSE_PLATE MAC_ADDRESS NAME PASSWORD PHONE PIN SWIFT_CODE
UK_NATIONAL_HEALTH_SERVICE_NUMBER UK_NATIONAL_INSURANCE_NUMBER UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER URL USERNAME
US_BANK_ACCOUNT_NUMBER US_BANK_ROUTING_NUMBER US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER US_PASSPORT_NUMBER
US_SOCIAL_SECURITY_NUMBER VEHICLE_IDENTIFICATION_NUMBER""".split())
COUNTRIES = set("AD AE AT AU BE BG BR CA CH CN CZ DE DK ES FI FR GB GR HK IE IN IT JP KR LU MX NL NO NZ PL PT SE SG US ZA".split())

CHECK = {
    "CREDIT_DEBIT_CARD_NUMBER": lambda v: luhn_ok(v) and re.fullmatch(
        r"4\d{3}([ -]?\d{4}){3}|5[1-5]\d{2}([ -]?\d{4}){3}|6011([ -]?\d{4}){3}|3[47]\d{2}[ -]?\d{6}[ -]?\d{5}", v),
    "CA_SOCIAL_INSURANCE_NUMBER": lambda v: luhn_ok(v) and re.fullmatch(r"[1-79]\d{2}([ -]?)\d{3}\1\d{3}", v),
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER": iban_ok,
    "US_BANK_ROUTING_NUMBER": aba_ok,
    "VEHICLE_IDENTIFICATION_NUMBER": vin_ok,
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER": lambda v: re.fullmatch(r"\d{3}([ -]?)\d{3}\1\d{4}", v) and nhs_ok(v),
    "US_SOCIAL_SECURITY_NUMBER": lambda v: re.fullmatch(r"\d{3}([ -]?)\d{2}\1\d{4}", v) and ssn_ok(v),
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER": lambda v: re.fullmatch(r"9\d{2}([ -]?)(7\d|8[0-8])\1\d{4}", v),
    "UK_NATIONAL_INSURANCE_NUMBER": lambda v: re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]", v)
        and v[:2] not in NINO_BAD_PRE,
    "AWS_ACCESS_KEY": lambda v: re.fullmatch(r"AKIA[A-Z2-7]{16}", v),
    "AWS_SECRET_KEY": lambda v: re.fullmatch(r"[A-Za-z0-9/+]{40}", v),
    "SWIFT_CODE": lambda v: re.fullmatch(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?", v) and v[4:6] in COUNTRIES,
    "MAC_ADDRESS": lambda v: re.fullmatch(r"[0-9A-Fa-f]{2}([:-])([0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v),
    "IP_ADDRESS": lambda v: ipaddress.ip_address(v),
    "URL": lambda v: re.fullmatch(r"https?://[^\s\"'<>]+[^\s\"'<>.,;:!?)\]]", v),
    "EMAIL": lambda v: re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", v),
    "CA_HEALTH_NUMBER": lambda v: re.fullmatch(r"\d{4}[- ]?\d{3}[- ]?\d{3}([ -]?[A-Z]{2})?", v),
    "US_PASSPORT_NUMBER": lambda v: re.fullmatch(r"[1-9]\d{8}", v),
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER": lambda v: re.fullmatch(r"\d{5} ?\d{5}", v),
    "US_BANK_ACCOUNT_NUMBER": lambda v: re.fullmatch(r"\d{8,17}", v),
    "PIN": lambda v: re.fullmatch(r"\d{4,6}", v),
    "AGE": lambda v: re.fullmatch(r"\d{1,3}( (years|yrs|yo|months|year|y/o)| ?(y/o|yo))?", v),
    "DRIVER_ID": lambda v: re.fullmatch(r"[A-Z]\d{7}|[A-Z]\d{4}-\d{5}-\d{5}|[A-Z9]{5}\d{6}[A-Z9]{2}9[A-Z]{2}|\d{3} \d{3} \d{3}|[A-Z]{2}\d{6}", v),
    "NAME": lambda v: not re.match(r"(Mr|Mrs|Ms|Dr|Mx|Prof)\.? ", v) and not re.search(r"\d|@", v),
    "LICENSE_PLATE": lambda v: re.fullmatch(r"[A-Z0-9]{2,4}[ -]?[A-Z0-9]{3,4}", v),
}


def validate(rec):
    t = rec["text"]
    b = t.encode()
    last = 0
    for sp in sorted(rec["spans"], key=lambda s: s["start"]):
        assert sp["type"] in TYPES, sp
        assert sp["tag"] in ("ok", "amb", "hard"), sp
        assert sp["start"] >= last, ("overlap", rec["id"], sp)
        last = sp["end"]
        v = b[sp["start"]:sp["end"]].decode()
        assert v == sp["value"] and v == v.strip() and v, (rec["id"], sp)
        assert not (v[0] in "\"'" or v[-1] in "\"'.,;:"), (rec["id"], sp)
        chk = CHECK.get(sp["type"])
        assert chk is None or chk(v), ("checksum/format", rec["id"], sp)
    if rec["kind"] == "positive":
        assert 2 <= len(rec["spans"]) <= 8, (rec["id"], len(rec["spans"]), t)
    else:
        assert rec["spans"] == [] and rec.get("looks_like"), rec


def build():
    recs = []
    NPOS = 600
    for i in range(NPOS):
        style, fn = STYLES[i % len(STYLES)]
        for _ in range(50):
            d = fn()
            if 2 <= len(d.spans) <= 8:
                break
        recs.append({"id": f"c-{i + 1:04d}", "text": d.text, "kind": "positive", "style": style, "spans": d.spans})
    return recs + build_negatives(200)


def report(recs):
    pos = [r for r in recs if r["kind"] == "positive"]
    neg = [r for r in recs if r["kind"] == "negative"]
    print(f"records: {len(recs)}  positives: {len(pos)}  negatives: {len(neg)}")
    print("styles:", dict(sorted(Counter(r["style"] for r in recs).items())))
    tc = Counter(s["type"] for r in pos for s in r["spans"])
    tg = Counter(s["tag"] for r in pos for s in r["spans"])
    print(f"spans: {sum(tc.values())}  tags: {dict(tg)}")
    for k in sorted(TYPES):
        print(f"  {k:40s} {tc.get(k, 0)}")
    if neg:
        print("negatives:", dict(sorted(Counter(r["looks_like"] for r in neg).items())))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    recs = build()
    for r in recs:
        validate(r)
    ids = [r["id"] for r in recs]
    assert len(set(ids)) == len(ids)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "probe.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "probe_in.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    report(recs)


if __name__ == "__main__":
    main()
