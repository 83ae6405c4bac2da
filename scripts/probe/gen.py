#!/usr/bin/env python3
"""Independent PII probe corpus for guardrail. Deterministic (seed 20240917).

Writes DIR/probe.jsonl (gold, with spans) and DIR/probe_in.jsonl (id+text);
DIR is the first argument (default target/probe).
Span fields: type, start, end (UTF-8 bytes, end exclusive), value, tag
  tag = "ok" (clear, has context or self-identifying), "amb" (ambiguous, no context),
        "hard" (realistic but hard: lower-case names in SMS, scheme-less URLs ...).
"""
import json, random, string, sys

SEED = 20240917
rng = random.Random(SEED)
R = rng

# ---------------------------------------------------------------- checksums
def luhn_check_digit(partial):
    return next(c for c in string.digits if luhn_ok(partial + c))

def luhn_ok(num):
    s = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9: d -= 9
        s += d
    return s % 10 == 0

def digits(n): return "".join(R.choice(string.digits) for _ in range(n))

CARD_BRANDS = [
    ("visa", lambda: "4", 16), ("visa", lambda: "4", 16),
    ("mastercard", lambda: str(R.randint(51, 55)), 16),
    ("mastercard", lambda: str(R.randint(2221, 2720)), 16),
    ("amex", lambda: R.choice(["34", "37"]), 15),
    ("discover", lambda: R.choice(["6011", "65", str(R.randint(644, 649))]), 16),
    ("jcb", lambda: str(R.randint(3528, 3589)), 16),
    ("diners", lambda: "36", 14),
    ("unionpay", lambda: "62" + str(R.randint(2126, 2925))[:2], 16),
    ("unionpay", lambda: "62", 19),
    ("maestro", lambda: R.choice(["6759", "5018", "5020", "6304"]), 16),
    ("mir", lambda: str(R.randint(2200, 2204)), 16),
]

def card_raw(brand=None):
    b = R.choice([c for c in CARD_BRANDS if brand is None or c[0] == brand])
    pre = b[1](); n = b[2]
    body = pre + digits(n - len(pre) - 1)
    return b[0], body + luhn_check_digit(body)

def fmt_card(num, sep=None):
    if sep is None: sep = R.choice([" ", " ", "-", ""])
    n = len(num)
    if n == 15: groups = [4, 6, 5]
    elif n == 14: groups = [4, 6, 4]
    elif n == 19: groups = R.choice([[4, 4, 4, 4, 3], [6, 13]])
    else: groups = [4] * (n // 4)
    out, i = [], 0
    for g in groups:
        out.append(num[i:i + g]); i += g
    return sep.join(out)

IBAN_SPECS = {  # country: bban pattern (n digit, a upper, c alnum)
    "DE": "18n", "GB": "4a14n", "FR": "10n11c2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n",
    "BE": "12n", "CH": "5n12c", "AT": "16n", "PL": "24n", "SE": "20n", "IE": "4a14n",
    "PT": "21n", "NO": "11n", "DK": "14n", "FI": "14n", "LU": "3n13c", "SA": "2n18c",
    "AE": "19n", "TR": "6n16c", "BR": "23n1a1c", "MT": "4a5n18c", "GR": "7n16c", "CZ": "20n",
    "HU": "24n", "RO": "4a16c", "HR": "17n", "LT": "16n", "IS": "22n", "IL": "19n",
}

def bban(spec):
    import re
    out = ""
    for cnt, kind in re.findall(r"(\d+)([nac])", spec):
        for _ in range(int(cnt)):
            if kind == "n": out += R.choice(string.digits)
            elif kind == "a": out += R.choice(string.ascii_uppercase)
            else: out += R.choice(string.ascii_uppercase + string.digits)
    return out

def iban_num(s):
    return int("".join(str(int(ch, 36)) for ch in s))

def iban_valid(iban):
    iban = iban.replace(" ", "").upper()
    return iban_num(iban[4:] + iban[:4]) % 97 == 1

def make_iban(cc=None):
    cc = cc or R.choice(list(IBAN_SPECS))
    b = bban(IBAN_SPECS[cc])
    chk = 98 - iban_num(b + cc + "00") % 97
    v = f"{cc}{chk:02d}{b}"
    assert iban_valid(v)
    return v

def group4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))

ABA_PREFIXES = list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]
def aba_ok(n):
    d = [int(c) for c in n]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0 \
        and int(n[:2]) in ABA_PREFIXES

def make_aba():
    p = f"{R.choice(ABA_PREFIXES):02d}" + digits(6)
    d = [int(c) for c in p]
    s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5]
    v = p + str((10 - s % 10) % 10)
    assert aba_ok(v)
    return v

VIN_TR = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
def vin_val(c): return int(c) if c.isdigit() else VIN_TR[c]
def vin_check(v):
    s = sum(vin_val(c) * w for c, w in zip(v, VIN_W)) % 11
    return "X" if s == 10 else str(s)
def vin_ok(v): return len(v) == 17 and all(c in VIN_CH for c in v) and v[8] == vin_check(v)

WMIS = ["1HG", "1FT", "1G1", "2T1", "3VW", "4T1", "5YJ", "JHM", "JTD", "KMH", "KNA", "WBA", "WDD", "WVW", "SAL", "VF1", "ZFA", "YV1", "SAJ", "WAU", "1C4", "5N1", "JN1", "2HG"]
def make_vin():
    wmi = R.choice(WMIS)
    vds = "".join(R.choice(VIN_CH) for _ in range(5))
    year = R.choice("ABCDEFGHJKLMNPRSTVWXY123456789")
    plant = R.choice(VIN_CH)
    serial = digits(6)
    v = wmi + vds + "0" + year + plant + serial
    v = v[:8] + vin_check(v) + v[9:]
    assert vin_ok(v)
    return v

def nhs_check(n9):
    s = sum(int(c) * w for c, w in zip(n9, range(10, 1, -1)))
    c = 11 - s % 11
    if c == 11: c = 0
    return None if c == 10 else str(c)
def nhs_ok(n):
    n = n.replace(" ", "").replace("-", "")
    return len(n) == 10 and nhs_check(n[:9]) == n[9]
def make_nhs():
    while True:
        n9 = R.choice("4679") + digits(8)
        c = nhs_check(n9)
        if c is not None: return n9 + c

def make_sin():
    p = R.choice("1234567") + digits(7)
    v = p + luhn_check_digit(p)
    assert luhn_ok(v)
    return v

NINO_BAD_FIRST = set("DFIQUV"); NINO_BAD_SECOND = set("DFIOQUV")
NINO_BAD_PAIRS = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
def make_nino():
    while True:
        a = R.choice(string.ascii_uppercase); b = R.choice(string.ascii_uppercase)
        if a in NINO_BAD_FIRST or b in NINO_BAD_SECOND or a + b in NINO_BAD_PAIRS: continue
        return a + b, digits(6), R.choice("ABCD")

def make_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666: break
    return f"{a:03d}", f"{R.randint(1, 99):02d}", f"{R.randint(1, 9999):04d}"

ITIN_GROUPS = list(range(50, 66)) + list(range(70, 89)) + list(range(90, 93)) + list(range(94, 100))
def make_itin():
    return f"9{R.randint(0, 99):02d}", f"{R.choice(ITIN_GROUPS):02d}", digits(4)

# ---------------------------------------------------------------- people & places
NAMES = ["Priya Natarajan", "Wei Zhang", "Zhang Wei", "Chinedu Okeke", "Fatima Al-Sayed", "Haruto Sato",
         "Kim Min-jun", "Agnieszka Kowalczyk", "Nguyễn Thị Lan", "María José García López", "Siobhán O'Connor",
         "Jan van der Berg", "Jürgen Müller", "Ayşe Yılmaz", "Dmitri Ivanov", "Olga Petrova", "Oluwaseun Adebayo",
         "Thandeka Dlamini", "Kwame Mensah", "Aisha Bello", "Mohammed Al-Farsi", "Rahul Sharma", "Ananya Iyer",
         "Sung-min Park", "Yuki Tanaka", "Hiroshi Watanabe", "Li Na", "Chen Jie", "Giulia Rossi", "Lorenzo Bianchi",
         "Sophie Dubois", "Étienne Lefèvre", "Lars Andersen", "Ingrid Johansson", "Ólafur Jónsson", "Mateo Fernández",
         "Camila Souza", "João Pereira", "Andrzej Nowak", "Tomasz Wiśniewski", "Eleni Papadopoulou", "Nikos Georgiou",
         "Kaveh Rostami", "Leila Hosseini", "Tenzin Dorje", "Aroha Ngata", "Kalani Kahale", "Emeka Nwosu",
         "Yerlan Abenov", "Svetlana Kuznetsova", "Bùi Thị Hoa", "Sarah Mitchell", "James O'Brien", "Emily Clarke",
         "Michael Johnson", "Jennifer Lee", "Robert Williams", "Ashley Thompson", "DeShawn Jackson",
         "Tyrone Washington", "Connor MacLeod", "Aoife Byrne", "Rhys Llewellyn", "Gareth Evans", "Hamish Fraser",
         "Noah Cohen", "Yael Friedman", "Omar Haddad", "Layla Nasser", "Arjun Reddy", "Deepika Patel",
         "Sunita Gupta", "Hannah Schmidt", "Lukas Becker", "Isabella Costa", "Ravi Shankar", "Mei Ling Wong",
         "Ji-woo Choi", "Anh Tran", "Carlos Ramírez", "Lucía Martínez", "Pierre-Louis Moreau", "Anne-Marie Leclerc",
         "Jean-Baptiste Roy", "Björn Lindqvist", "Nomvula Khumalo", "Abebe Bekele", "Petr Dvořák", "Hana Nováková",
         "Keanu Akana", "Mariam Tadesse", "Siddharth Menon", "Kenji Yamamoto", "Rebecca Stein", "Amara Okafor",
         "Grace Kelly-Nolan", "Daniel Martin", "Laura Moreno", "Tariq Mahmood", "Zainab Qureshi", "Bongani Ndlovu",
         "Eitan Levi", "Marta Kovač", "Ionuț Popescu", "Dana Hughes", "Chris Taylor", "Alex Morgan"]
TITLES = ["Dr.", "Mr.", "Ms.", "Mrs.", "Prof.", "Dr"]
FAMILY_FIRST = {"Zhang Wei", "Kim Min-jun", "Nguyễn Thị Lan", "Bùi Thị Hoa", "Li Na", "Chen Jie"}

def name(): return R.choice(NAMES)
def first_of(n): return n if n in FAMILY_FIRST else n.split()[0]

US_CITIES = [("New York", "NY", "100"), ("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Seattle", "WA", "981"),
             ("Denver", "CO", "802"), ("Boston", "MA", "021"), ("Miami", "FL", "331"), ("Portland", "OR", "972"),
             ("Atlanta", "GA", "303"), ("San Jose", "CA", "951"), ("Columbus", "OH", "432"), ("Salt Lake City", "UT", "841"),
             ("Phoenix", "AZ", "850"), ("Nashville", "TN", "372"), ("Minneapolis", "MN", "554"), ("Raleigh", "NC", "276")]
US_STREETS = ["Main", "Oak", "Maple", "Elm", "Washington", "Lincoln", "Sunset", "Cedar", "Pine", "Lakeview",
              "Highland", "Park", "Franklin", "Jefferson", "Riverside", "Hillcrest", "Magnolia", "Willow", "Chestnut",
              "Martin Luther King Jr", "Peachtree", "Colfax"]
US_TYPES = ["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road", "Dr", "Drive", "Ln", "Lane", "Way", "Ct", "Pl", "Pkwy", "Terrace", "Circle"]
UK_TOWNS = ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Edinburgh", "Cardiff", "Birmingham", "Sheffield", "Brighton", "Oxford", "York", "Belfast"]
UK_STREETS = ["Baker", "Harrow", "High", "Church", "Station", "Victoria", "Mill", "Queen's", "Kingsway", "Elm", "Albert", "Park", "St John's", "Castle"]
UK_TYPES = ["Street", "Road", "Lane", "Close", "Crescent", "Gardens", "Grove", "Mews", "Terrace", "Avenue", "Square", "Place", "Hill", "Way", "Drive", "Walk", "Row"]
CA_CITIES = [("Toronto", "ON", "M"), ("Vancouver", "BC", "V"), ("Calgary", "AB", "T"), ("Ottawa", "ON", "K"),
             ("Halifax", "NS", "B"), ("Winnipeg", "MB", "R"), ("Edmonton", "AB", "T"), ("Victoria", "BC", "V")]
CA_STREETS = ["Bay", "Yonge", "King", "Queen", "Granville", "Robson", "Jasper", "Portage", "Spring Garden", "Bank", "Elgin"]
CA_TYPES = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Drive", "Crescent"]

def uk_postcode():
    area = R.choice(["SW1A", "NW1", "E1", "M1", "LS6", "BS8", "G12", "EH3", "CF10", "B15", "S10", "BN1", "OX2", "YO1", "BT9", "EC2A", "W1T", "N16", "SE15"])
    return f"{area} {R.randint(1, 9)}{R.choice('ABDEFGHJLNPQRSTUWXYZ')}{R.choice('ABDEFGHJLNPQRSTUWXYZ')}"
def ca_postal(first):
    L = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{first}{R.randint(1, 9)}{R.choice(L)} {R.randint(1, 9)}{R.choice(L)}{R.randint(1, 9)}"

def address(kind=None):
    kind = kind or R.choice(["us", "us", "uk", "uk", "ca"])
    if kind == "us":
        city, st, z = R.choice(US_CITIES)
        num = str(R.randint(1, 9999))
        street = R.choice(US_STREETS)
        if R.random() < 0.15: street = R.choice(["N", "S", "E", "W"]) + " " + street
        s = f"{num} {street} {R.choice(US_TYPES)}"
        if R.random() < 0.35: s += R.choice([f", Apt {R.randint(1, 40)}{R.choice('ABCD')}", f" Apt {R.randint(1, 40)}", f", Suite {R.randint(100, 950)}", f" #{R.randint(1, 99)}", f", Unit {R.randint(1, 30)}"])
        zipc = z + digits(2) + (("-" + digits(4)) if R.random() < 0.15 else "")
        return s + f", {city}, {st} {zipc}"
    if kind == "uk":
        num = str(R.randint(1, 240)) + (R.choice("AB") if R.random() < 0.1 else "")
        s = f"{num} {R.choice(UK_STREETS)} {R.choice(UK_TYPES)}"
        if R.random() < 0.25: s = f"Flat {R.randint(1, 12)}, " + s
        return s + f", {R.choice(UK_TOWNS)} {uk_postcode()}"
    city, prov, first = R.choice(CA_CITIES)
    s = f"{R.randint(1, 4999)} {R.choice(CA_STREETS)} {R.choice(CA_TYPES)}"
    if R.random() < 0.3: s = f"{R.randint(100, 2500)}-" + s  # unit-number prefix, Canadian style
    return s + f", {city}, {prov} {ca_postal(first)}"

# hard addresses (real-world shapes outside the simple pattern)
HARD_ADDRESSES = ["350 5th Ave, New York, NY 10118", "1500 rue Sainte-Catherine Ouest, Montréal, QC H3G 1S6",
                  "PO Box 4471, Boise, ID 83711", "742 Evergreen Terrace, Springfield", "11 rue de Rivoli, 75001 Paris",
                  "Hauptstraße 12, 10115 Berlin", "221B Baker Street, London NW1 6XE", "1 Infinite Loop, Cupertino, CA 95014",
                  "4059 Mt Lee Dr, Hollywood, CA 90068", "2 Macquarie St, Sydney NSW 2000"]

# ---------------------------------------------------------------- value generators
def phone():
    k = R.choice(["us"] * 5 + ["uk"] * 3 + ["de", "fr", "in", "au", "jp", "br", "ext"])
    area = R.choice([212, 415, 312, 617, 206, 303, 512, 646, 718, 773, 202, 305, 404, 469, 503, 602, 702, 713, 818, 917])
    ex = R.choice([R.randint(201, 989), 555]); ln = digits(4) if ex != 555 else f"01{digits(2)}"
    if k == "us":
        return R.choice([f"({area}) {ex}-{ln}", f"{area}-{ex}-{ln}", f"{area}.{ex}.{ln}", f"+1-{area}-{ex}-{ln}",
                         f"+1 {area} {ex} {ln}", f"1-{area}-{ex}-{ln}", f"{area} {ex} {ln}", f"({area}){ex}-{ln}",
                         f"+1 ({area}) {ex}-{ln}", f"+1{area}{ex}{ln}"])
    if k == "ext":
        return f"({area}) {ex}-{ln}"
    if k == "uk":
        return R.choice([f"+44 20 7946 0{digits(3)}", f"020 7946 0{digits(3)}", f"07700 900{digits(3)}",
                         f"+44 7700 900{digits(3)}", f"+44 (0)20 7946 0{digits(3)}", f"0161 496 0{digits(3)}",
                         f"+44 161 496 0{digits(3)}", f"+447700900{digits(3)}", f"0113 496 0{digits(3)}"])
    if k == "de": return R.choice([f"0049 30 {digits(7)}", f"+49 30 {digits(7)}", f"+49 151 {digits(8)}", f"+49 (0)89 {digits(7)}"])
    if k == "fr": return R.choice([f"+33 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)}", f"+33 6 {digits(2)} {digits(2)} {digits(2)} {digits(2)}", f"0033 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)}"])
    if k == "in": return R.choice([f"+91 98{digits(3)} {digits(5)}", f"+91-98{digits(3)}-{digits(5)}"])
    if k == "au": return R.choice([f"+61 2 9{digits(3)} {digits(4)}", f"+61 412 {digits(3)} {digits(3)}"])
    if k == "jp": return f"+81 3-{digits(4)}-{digits(4)}"
    return f"+55 11 9{digits(4)}-{digits(4)}"

def ipv4():
    return R.choice([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                     f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}",
                     f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                     f"203.0.113.{R.randint(1, 254)}", f"198.51.100.{R.randint(1, 254)}",
                     f"{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"])

def hexg(n=4, lo=True):
    g = "%x" % R.randint(0, 16 ** n - 1)
    return g if lo else g.upper()

def ipv6():
    k = R.randint(0, 7)
    if k == 0: return ":".join("%04x" % R.randint(0, 65535) for _ in range(8))
    if k == 1: return f"2001:db8::{hexg()}:{hexg()}"
    if k == 2: return f"fe80::{hexg()}:{hexg()}:{hexg()}:{hexg()}"
    if k == 3: return f"2a02:c7f:{hexg()}:{hexg()}::{hexg(2)}"
    if k == 4: return f"::ffff:{ipv4()}"
    if k == 5: return f"2001:0DB8:{hexg(4, False)}:0000:0000:{hexg(4, False)}:{hexg(4, False)}:{hexg(4, False)}"
    if k == 6: return f"2600:1f18:{hexg()}:{hexg()}:{hexg()}:{hexg()}:{hexg()}:{hexg()}"
    return f"2001:db8:{hexg()}::1"

def ip(): return ipv4() if R.random() < 0.6 else ipv6()

def mac():
    b = [R.randint(0, 255) for _ in range(6)]
    k = R.randint(0, 4)
    if k == 0: return ":".join("%02x" % x for x in b)
    if k == 1: return ":".join("%02X" % x for x in b)
    if k == 2: return "-".join("%02X" % x for x in b)
    if k == 3: return "-".join("%02x" % x for x in b)
    h = "".join("%02x" % x for x in b)
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"

DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.fr", "icloud.com", "protonmail.ch", "acme-corp.com",
           "northwind.io", "globex.co.uk", "initech.ca", "uni-heidelberg.de", "mail.ru", "qq.com", "web.de", "gmx.net",
           "contoso.onmicrosoft.com", "example.org", "healthfirst.org", "sub.dept.gov.uk"]
def slug(n):
    import unicodedata
    s = unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in s if c.isalnum() or c == " ").split()

def email(n=None):
    n = n or name(); p = slug(n) or ["user"]
    local = R.choice([".".join(p[:2]), p[0] + str(R.randint(1, 99)), p[0][0] + p[-1], "_".join(p[:2]),
                      p[0] + "+" + R.choice(["billing", "news", "work"]), p[-1] + "." + p[0][0], (p[0] + "." + p[-1]).upper() if R.random() < 0.2 else p[0]])
    return f"{local}@{R.choice(DOMAINS)}"

def url():
    k = R.randint(0, 11)
    tok = "".join(R.choice(string.ascii_letters + string.digits) for _ in range(12))
    if k == 0: return f"https://portal.acme-health.com/patients/{R.randint(1000, 99999)}/records"
    if k == 1: return f"https://drive.google.com/file/d/{tok}/view?usp=sharing"
    if k == 2: return f"http://intranet.globex.local:8080/wiki/Onboarding"
    if k == 3: return f"www.northwind-traders.co.uk/returns"
    if k == 4: return f"https://www.linkedin.com/in/{'-'.join(slug(name()))}"
    if k == 5: return f"ftp://files.example.net/pub/reports/q3.pdf"
    if k == 6: return f"https://app.example.com/reset-password?token={tok}&uid={R.randint(100, 9999)}"
    if k == 7: return f"https://github.com/{slug(name())[0]}dev/dotfiles"
    if k == 8: return f"https://calendly.com/{slug(name())[0]}/30min"
    if k == 9: return f"http://198.51.100.{R.randint(1, 254)}/admin" if False else "http://status.initech.ca/incidents/7731"
    if k == 10: return f"https://zoom.us/j/{digits(10)}?pwd={tok}"
    return f"www.acme-corp.com"

def url_noscheme():
    return R.choice(["acme.io/reset?token=Zx81Kq", "bit.ly/3xYz9Qa", "linkedin.com/in/priya-natarajan",
                     "northwind.io/account/settings", "docs.globex.co.uk/handbook/leave", "example.org/invite/8842"])

def aws_akid():
    return R.choice(["AKIA", "AKIA", "AKIA", "ASIA"]) + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16))
def aws_secret():
    return "".join(R.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))

SWIFTS = ["DEUTDEFF", "DEUTDEFF500", "BNPAFRPP", "HSBCGB2L", "BARCGB22", "NWBKGB2L", "CHASUS33", "BOFAUS3N",
          "CITIUS33", "WFBIUS6S", "ROYCCAT2", "TDOMCATTTOR", "UBSWCHZH80A", "INGBNL2A", "ABNANL2A", "COBADEFFXXX",
          "BKCHCNBJ", "MIDLHKHH", "SBININBB", "NATAAU33", "ANZBAU3M", "RABONL2U", "UNCRITMM", "BSCHESMM",
          "NDEAFIHH", "DABADKKK", "ESSESESS", "AIBKIE2D", "BOFIIE2D", "CRESCHZZ80A"]

PASSWORDS = ["Hunter2024!", "S3cure#Pass", "correct-horse-battery-staple", "Tr0ub4dor&3", "P@ssw0rd123", "qwerty123",
             "Mx7$kq9!Lz", "bluefrog77", "Summer2023!", "iloveyou", "G7v#pQ2w!xR", "letmein", "Dragon$88", "CorrectHorse9",
             "zaq1@WSX", "N0v3mb3r*", "w1nter-is-c0ming", "Kx9-Lm4-Pq2", "abc123", "Blue.Sky.42", "s3cr3tSauce"]
USERNAMES = ["jdoe42", "m.chen", "alice_w", "sarah.k92", "devops-bot", "xX_gamer_Xx", "priya_n", "tkowalski",
             "admin", "ops_deploy7", "nwosu.e", "kim-minjun", "svc_backup", "lars.a", "dragonslayer99", "hannah.s",
             "root", "jmueller", "ana_lopez_88", "r.sharma"]

def pin(): return R.choice([digits(4), digits(4), digits(6), digits(5)])
def cvv(n=3): return digits(n)
def expiry():
    m = R.randint(1, 12); y = R.randint(25, 31)
    return R.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m}/{y}", f"{m:02d}-{y}", f"{m:02d} / {y}"])

def passport(): return R.choice([digits(9), R.choice(string.ascii_uppercase) + digits(8)])
def driver_id():
    k = R.randint(0, 6)
    if k == 0: return R.choice(string.ascii_uppercase) + digits(7)            # CA
    if k == 1: return f"{digits(3)} {digits(3)} {digits(3)}"                # NY
    if k == 2: return f"{R.choice('SWMB')}{digits(3)}-{digits(3)}-{digits(2)}-{digits(3)}-{digits(1)}"  # FL
    if k == 3: return f"{R.choice('SDM')}{digits(3)}-{digits(4)}-{digits(4)}"  # IL
    if k == 4: return digits(8)                                               # TX
    if k == 5:  # UK DVLA
        sur = R.choice(["MORGA", "SMITH", "PATEL", "LI999", "OBRIE", "KOWAL", "NGUYE"])
        return f"{sur}{R.randint(5, 9)}{R.choice(['0', '5', '1', '6'])}{R.randint(1, 9)}{R.randint(10, 28)}{R.randint(0, 9)}{R.choice(string.ascii_uppercase)}{R.choice(string.ascii_uppercase + '9')}9{R.choice(string.ascii_uppercase)}{R.choice(string.ascii_uppercase)}"
    return f"{R.choice(string.ascii_uppercase)}{digits(3)}-{digits(3)}-{digits(3)}"  # generic
def plate():
    L = "ABCDEFGHJKLMNPRSTVWXYZ"
    k = R.randint(0, 5)
    if k == 0: return f"{R.randint(1, 9)}{''.join(R.choice(L) for _ in range(3))}{digits(3)}"
    if k == 1: return f"{''.join(R.choice(L) for _ in range(2))}{R.randint(10, 74)} {''.join(R.choice(L) for _ in range(3))}"
    if k == 2: return f"{''.join(R.choice(L) for _ in range(3))}-{digits(4)}"
    if k == 3: return f"{''.join(R.choice(L) for _ in range(4))} {digits(3)}"
    if k == 4: return f"{''.join(R.choice(L) for _ in range(2))}{R.randint(10, 74)}{''.join(R.choice(L) for _ in range(3))}"
    return f"{''.join(R.choice(L) for _ in range(3))} {digits(4)}"
def ca_health():
    k = R.randint(0, 2)
    if k == 0: return R.choice([f"{digits(4)}-{digits(3)}-{digits(3)}-{R.choice('ABCDEFGHJK')}{R.choice('ABCDEFGHJK')}", f"{digits(4)} {digits(3)} {digits(3)} {R.choice('ABCD')}{R.choice('ABCD')}"])
    if k == 1: return f"{''.join(R.choice(string.ascii_uppercase) for _ in range(4))} {digits(4)} {digits(4)}"
    return f"9{digits(3)} {digits(3)} {digits(3)}"
def utr(): return R.choice([digits(10), f"{digits(5)} {digits(5)}"])
def bank_acct(): return R.choice([digits(R.randint(8, 12)), digits(10), "00" + digits(8)])

def card_value():
    _, num = card_raw(); return fmt_card(num)
def iban_value():
    v = make_iban()
    return R.choice([v, group4(v), group4(v)])
def ssn_value(sep=None):
    a, g, s = make_ssn(); sep = "-" if sep is None else sep
    return f"{a}{sep}{g}{sep}{s}"
def itin_value():
    a, g, s = make_itin(); return R.choice([f"{a}-{g}-{s}", f"{a}-{g}-{s}", f"{a}{g}{s}"])
def nhs_value():
    n = make_nhs(); return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]}-{n[3:6]}-{n[6:]}"])
def sin_value():
    n = make_sin(); return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", n])
def nino_value():
    p, d, s = make_nino(); return R.choice([f"{p}{d}{s}", f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", f"{p}{d}{s}"])

# ---------------------------------------------------------------- type table
# gen, chat phrases ({v}), machine keys, human labels
T = {
 "CREDIT_DEBIT_CARD_NUMBER": (card_value, ["my card number is {v}", "charge it to my card {v}", "card: {v}", "can you refund it to the visa {v}?", "use this credit card {v} for the deposit", "new debit card is {v}"], ["card_number", "cc_number", "card", "pan", "creditCard"], ["Card number", "Credit card", "Card No."]),
 "CREDIT_DEBIT_CARD_CVV": (lambda: cvv(R.choice([3, 3, 3, 4])), ["cvv is {v}", "security code {v}", "CVC: {v}", "the 3 digits on the back are {v}", "cvv2 {v}"], ["cvv", "cvc", "security_code", "card_cvv"], ["CVV", "Security code", "CVC"]),
 "CREDIT_DEBIT_CARD_EXPIRY": (expiry, ["exp {v}", "expires {v}", "expiry date {v}", "valid thru {v}", "expiration: {v}", "it expires on {v}", "exp. {v}"], ["exp", "expiry", "exp_date", "card_expiry", "expiration"], ["Expiry", "Expiration date", "Exp. date", "Valid thru"]),
 "INTERNATIONAL_BANK_ACCOUNT_NUMBER": (iban_value, ["my IBAN is {v}", "please wire it to {v}", "IBAN: {v}", "transfer to account {v}", "the refund should go to IBAN {v}"], ["iban", "IBAN", "beneficiary_iban", "account_iban"], ["IBAN", "Bank account (IBAN)", "Beneficiary IBAN"]),
 "SWIFT_CODE": (lambda: R.choice(SWIFTS), ["SWIFT code {v}", "BIC: {v}", "the swift/bic is {v}", "swift {v}", "bank BIC {v}"], ["swift", "bic", "swift_code", "bic_code"], ["SWIFT/BIC", "BIC", "SWIFT code"]),
 "US_BANK_ROUTING_NUMBER": (make_aba, ["routing number {v}", "ABA {v}", "routing #: {v}", "the routing no. is {v}", "ABA routing {v}"], ["routing_number", "aba", "routing", "aba_routing"], ["Routing number", "ABA routing", "Routing #"]),
 "US_BANK_ACCOUNT_NUMBER": (bank_acct, ["account number {v}", "acct {v}", "checking account {v}", "my account no is {v}", "deposit to savings account {v}"], ["account_number", "acct_no", "bank_account", "checking_account"], ["Account number", "Bank account", "Acct #"]),
 "US_SOCIAL_SECURITY_NUMBER": (lambda: ssn_value(R.choice(["-", "-", "-", " ", ""])), ["my SSN is {v}", "social security number: {v}", "SSN {v}", "ss# {v}", "my social is {v}"], ["ssn", "social_security_number", "SSN"], ["SSN", "Social Security No.", "Social security number"]),
 "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER": (itin_value, ["ITIN {v}", "my tax id (ITIN) is {v}", "individual taxpayer identification number {v}", "ITIN: {v}"], ["itin", "taxpayer_itin", "tax_id_itin"], ["ITIN", "Taxpayer ID (ITIN)"]),
 "US_PASSPORT_NUMBER": (passport, ["passport number {v}", "US passport no. {v}", "my passport is {v}", "passport #{v}"], ["passport_number", "passport_no", "passport"], ["Passport number", "Passport No.", "US Passport"]),
 "DRIVER_ID": (driver_id, ["driver's license number {v}", "DL# {v}", "driving licence {v}", "my drivers license is {v}", "driver license no. {v}"], ["drivers_license", "dl_number", "driver_license", "driving_licence"], ["Driver's license", "Driving licence number", "DL number"]),
 "LICENSE_PLATE": (plate, ["license plate {v}", "plate number is {v}", "reg {v}", "registration {v}", "the car with plate {v}", "number plate {v}"], ["plate", "license_plate", "registration", "plate_number"], ["License plate", "Registration", "Plate"]),
 "VEHICLE_IDENTIFICATION_NUMBER": (make_vin, ["VIN {v}", "the vehicle's VIN is {v}", "chassis number {v}", "VIN: {v}", "recall check for {v}"], ["vin", "VIN", "vehicle_vin", "chassis_no"], ["VIN", "Vehicle ID (VIN)", "Chassis number"]),
 "UK_NATIONAL_HEALTH_SERVICE_NUMBER": (nhs_value, ["NHS number {v}", "my NHS no. is {v}", "NHS no: {v}", "patient NHS number {v}"], ["nhs_number", "nhs_no", "nhs"], ["NHS number", "NHS No."]),
 "UK_NATIONAL_INSURANCE_NUMBER": (nino_value, ["National Insurance number {v}", "NI number: {v}", "NINO {v}", "my NI no is {v}"], ["ni_number", "nino", "national_insurance_number"], ["NI number", "National Insurance No.", "NINO"]),
 "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER": (utr, ["UTR {v}", "Unique Taxpayer Reference {v}", "my self assessment UTR is {v}", "HMRC UTR: {v}"], ["utr", "utr_number", "taxpayer_reference"], ["UTR", "Unique Taxpayer Reference"]),
 "CA_SOCIAL_INSURANCE_NUMBER": (sin_value, ["SIN {v}", "social insurance number {v}", "my SIN is {v}", "SIN: {v}"], ["sin", "social_insurance_number", "SIN"], ["SIN", "Social Insurance Number"]),
 "CA_HEALTH_NUMBER": (ca_health, ["OHIP number {v}", "health card number {v}", "RAMQ {v}", "my health card is {v}", "BC PHN {v}"], ["health_card_number", "ohip", "health_number", "phn"], ["Health card number", "OHIP #", "Health number"]),
 "EMAIL": (email, ["email me at {v}", "my email is {v}", "send it to {v}", "reply to {v}", "cc {v} on that"], ["email", "user_email", "contact_email", "Email"], ["Email", "E-mail address", "Email"]),
 "PHONE": (phone, ["call me at {v}", "my number is {v}", "phone: {v}", "text me on {v}", "you can reach me at {v}", "mobile {v}", "ring me on {v}"], ["phone", "mobile", "tel", "phone_number", "contact_no"], ["Phone", "Mobile", "Telephone", "Contact number"]),
 "IP_ADDRESS": (ip, ["logins from IP {v}", "the server at {v}", "my IP address is {v}", "connecting to {v} fails", "whitelist {v} please"], ["ip", "client_ip", "src_ip", "remote_addr", "ip_address"], ["IP address", "Client IP", "Source IP"]),
 "MAC_ADDRESS": (mac, ["MAC address {v}", "the device {v} keeps dropping", "mac={v}", "hardware address {v}"], ["mac", "mac_address", "hw_addr", "bssid"], ["MAC address", "Hardware address", "MAC"]),
 "URL": (url, ["go to {v}", "link: {v}", "see {v} for details", "I uploaded it to {v}", "my profile is {v}"], ["url", "callback_url", "homepage", "profile_url", "link"], ["Website", "URL", "Profile link"]),
 "NAME": (name, ["my name is {v}", "this is {v}", "{v} here", "I spoke with {v} yesterday", "please ask {v}", "the account holder is {v}"], ["name", "full_name", "customer_name", "patient_name", "holder"], ["Name", "Full name", "Customer", "Patient name"]),
 "ADDRESS": (address, ["ship it to {v}", "I live at {v}", "my address is {v}", "send the docs to {v}", "I moved to {v}"], ["address", "shipping_address", "billing_address", "home_address"], ["Address", "Shipping address", "Home address"]),
 "PASSWORD": (lambda: R.choice(PASSWORDS), ["password: {v}", "my password is {v}", "pwd={v}", "the wifi pw is {v}", "temp password {v}", "new passphrase: {v}"], ["password", "passwd", "pwd", "db_password", "user_password"], ["Password", "Temporary password", "Passphrase"]),
 "USERNAME": (lambda: R.choice(USERNAMES), ["username: {v}", "login {v}", "my username is {v}", "logged in as {v}", "user id: {v}", "my handle is @{v}"], ["username", "user", "login", "user_name", "userid"], ["Username", "User ID", "Login"]),
 "PIN": (pin, ["PIN {v}", "my pin is {v}", "pin code: {v}", "the PIN was {v}", "passcode {v}"], ["pin", "pin_code", "passcode"], ["PIN", "PIN code", "Passcode"]),
 "AWS_ACCESS_KEY": (aws_akid, ["access key {v}", "aws_access_key_id = {v}", "AccessKeyId: {v}", "the key {v} was leaked", "I committed {v} by mistake"], ["aws_access_key_id", "access_key", "AccessKeyId", "AWS_ACCESS_KEY_ID"], ["Access key ID", "AWS access key"]),
 "AWS_SECRET_KEY": (aws_secret, ["aws_secret_access_key = {v}", "secret key: {v}", "SecretAccessKey: {v}", "the secret is {v}"], ["aws_secret_access_key", "secret_access_key", "SecretAccessKey", "AWS_SECRET_ACCESS_KEY"], ["Secret access key", "AWS secret key"]),
}
ALL_TYPES = list(T) + ["AGE"]

# AGE: (pre, value, post) triples; value is gold span (number + unit when a unit follows)
def age_parts():
    n = R.randint(2, 94)
    return R.choice([("I'm ", f"{n}", ""), ("I'm ", f"{n} years", " old"), ("my son is ", f"{R.randint(2, 15)} years", " old"),
                     ("a ", f"{n}-year", "-old customer"), ("aged ", f"{n}", ""), ("age: ", f"{n}", ""),
                     ("patient, ", f"{n}", "yo,"), ("", f"{n} y/o", " female"), ("she is ", f"{n}", "."), ("he turned ", f"{n}", " last week"),
                     ("my mother is ", f"{n}", " and lives alone"), ("the baby is ", f"{R.randint(2, 11)} months", " old"),
                     ("I am ", f"{n} years", " of age"), ("Age ", f"{n}", "")])

# ---------------------------------------------------------------- builder
class B:
    def __init__(self): self.parts, self.spans, self.n = [], [], 0
    def t(self, s):
        self.parts.append(s); self.n += len(s.encode()); return self
    def v(self, typ, val, tag="ok"):
        st = self.n; self.t(val)
        self.spans.append({"type": typ, "start": st, "end": self.n, "value": val, "tag": tag}); return self
    def text(self): return "".join(self.parts)

def put_phrase(b, typ, lower=False):
    if typ == "AGE":
        pre, val, post = age_parts(); b.t(pre); b.v("AGE", val); b.t(post); return
    gen, phrases, _, _ = T[typ]
    ph = R.choice(phrases); val = gen()
    if typ == "PHONE" and "ext" not in ph and R.random() < 0.08:
        pass
    pre, post = ph.split("{v}")
    if lower: pre, post = pre.lower(), post.lower()
    b.t(pre); b.v(typ, val); b.t(post)

def pick_types(k):
    return R.sample(ALL_TYPES, k)

# groups of types that plausibly co-occur, to make texts coherent
BUNDLES = [["NAME", "CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_EXPIRY", "CREDIT_DEBIT_CARD_CVV"],
           ["NAME", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "SWIFT_CODE"],
           ["US_BANK_ROUTING_NUMBER", "US_BANK_ACCOUNT_NUMBER", "NAME"],
           ["NAME", "US_SOCIAL_SECURITY_NUMBER", "ADDRESS", "AGE"],
           ["NAME", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "EMAIL"],
           ["NAME", "US_PASSPORT_NUMBER", "PHONE"], ["NAME", "DRIVER_ID", "LICENSE_PLATE", "VEHICLE_IDENTIFICATION_NUMBER"],
           ["NAME", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "AGE", "PHONE"], ["NAME", "UK_NATIONAL_INSURANCE_NUMBER", "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER"],
           ["NAME", "CA_SOCIAL_INSURANCE_NUMBER", "CA_HEALTH_NUMBER", "ADDRESS"], ["USERNAME", "PASSWORD", "IP_ADDRESS"],
           ["USERNAME", "PIN", "EMAIL"], ["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], ["MAC_ADDRESS", "IP_ADDRESS", "USERNAME"],
           ["URL", "EMAIL", "NAME"], ["NAME", "AGE", "ADDRESS", "PHONE"], ["EMAIL", "PHONE", "URL"],
           ["LICENSE_PLATE", "PHONE"], ["VEHICLE_IDENTIFICATION_NUMBER", "EMAIL"], ["PASSWORD", "URL", "USERNAME"]]

def bundle():
    b = list(R.choice(BUNDLES))
    if R.random() < 0.3: b.append(R.choice(ALL_TYPES))
    seen = []
    for x in b:
        if x not in seen: seen.append(x)
    return seen

# ---------------------------------------------------------------- styles
def cap(s): return s[:1].upper() + s[1:]

def style_chat():
    b = B(); types = bundle()
    opener = R.choice(["Customer: Hi there, ", "[10:42] user: hello, ", "Visitor: hey, ", "Customer: Good morning. "])
    b.t(opener)
    for i, ty in enumerate(types):
        if i and R.random() < 0.4:
            b.t(R.choice(["\nAgent: Thanks, could you also confirm the other details?\nCustomer: sure, ", "\nAgent: Got it. Anything else?\nCustomer: yes, ", "\nAgent: One moment please.\nCustomer: also "]))
        elif i:
            b.t(R.choice([", and ", ". Also ", "; ", ". "]))
        put_phrase(b, ty)
    b.t(R.choice([".", " thanks!", " — please hurry 🙏", ".\nAgent: Thank you, I've updated your account."]))
    return b

def style_email():
    b = B(); n = name(); sender = name()
    b.t(R.choice(["Hi ", "Dear ", "Hello ", "Hey "]))
    if R.random() < 0.25 and n not in FAMILY_FIRST:
        t = R.choice(TITLES); b.t(t + " "); b.v("NAME", n.split()[-1] if R.random() < 0.5 else n)
    else:
        b.v("NAME", first_of(n))
    b.t(",\n\n")
    types = [x for x in bundle() if x != "NAME"]
    b.t(R.choice(["Following up on our call, ", "As requested, ", "Please find my details below. ", "Quick note: "]))
    for i, ty in enumerate(types):
        if i: b.t(R.choice([". Also, ", ".\n", "; "]))
        put_phrase(b, ty)
    b.t(".\n\n" + R.choice(["Best regards,\n", "Kind regards,\n", "Thanks,\n", "Cheers,\n", "Sincerely,\n", "Best,\n", "— \n"]))
    b.v("NAME", sender)
    b.t("\n" + R.choice(["Senior Account Manager", "Head of Operations", "Claims Adjuster", "Software Engineer", "Practice Manager"]) + " | " + R.choice(["Globex Ltd", "Initech Inc.", "Northwind Traders", "Acme Health"]) + "\n")
    sig = R.sample(["phone", "email", "url", "addr"], R.randint(1, 3))
    for s in sig:
        if s == "phone": b.t(R.choice(["T: ", "Tel: ", "M: ", "Mobile: ", "Direct: ", "", "📞 "])); b.v("PHONE", phone()); b.t("\n")
        if s == "email": b.t(R.choice(["E: ", "Email: ", ""])); b.v("EMAIL", email(sender)); b.t("\n")
        if s == "url": b.t(R.choice(["W: ", "", "Web: "])); b.v("URL", url()); b.t("\n")
        if s == "addr": b.v("ADDRESS", address()); b.t("\n")
    return b

LOGTS = lambda: f"2024-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{R.randint(0, 999):03d}Z"
def uuid(): return "%08x-%04x-4%03x-%04x-%012x" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), 0x8000 | R.getrandbits(14), R.getrandbits(48))

def style_log():
    b = B()
    for _ in range(R.randint(1, 3)):
        b.t(R.choice([LOGTS(), f"[{LOGTS()}]", f"Mar {R.randint(1, 28):2d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} web-{R.randint(1, 9)} sshd[{R.randint(1000, 65000)}]:"]))
        b.t(" " + R.choice(["INFO", "WARN", "ERROR", "DEBUG"]) + " ")
        b.t(R.choice(["auth", "payments", "api.gateway", "dhcpd", "billing-worker"]) + " ")
        k = R.randint(0, 9)
        if k == 0:
            b.t("login ok user="); b.v("USERNAME", R.choice(USERNAMES)); b.t(" src="); b.v("IP_ADDRESS", ip()); b.t(f" req_id={uuid()} latency_ms={R.randint(3, 900)}")
        elif k == 1:
            b.t("Failed password for "); b.v("USERNAME", R.choice(USERNAMES)); b.t(" from "); b.v("IP_ADDRESS", ipv4()); b.t(f" port {R.randint(1024, 65535)} ssh2")
        elif k == 2:
            b.t("DHCPACK on "); b.v("IP_ADDRESS", ipv4()); b.t(" to "); b.v("MAC_ADDRESS", mac()); b.t(" via eth0")
        elif k == 3:
            b.t("charge attempt card="); b.v("CREDIT_DEBIT_CARD_NUMBER", fmt_card(card_raw()[1], "")); b.t(" exp="); b.v("CREDIT_DEBIT_CARD_EXPIRY", R.choice([f"{R.randint(1, 12):02d}/{R.randint(25, 31)}"])); b.t(f" amount=USD {R.randint(5, 900)}.{R.randint(0, 99):02d} status=declined")
        elif k == 4:
            b.t("user "); b.v("EMAIL", email()); b.t(" requested reset, link="); b.v("URL", f"https://app.example.com/reset?token={uuid()}")
        elif k == 5:
            b.t("config loaded AWS_ACCESS_KEY_ID="); b.v("AWS_ACCESS_KEY", aws_akid()); b.t(" AWS_SECRET_ACCESS_KEY="); b.v("AWS_SECRET_KEY", aws_secret())
        elif k == 6:
            b.t("payout created iban="); b.v("INTERNATIONAL_BANK_ACCOUNT_NUMBER", make_iban()); b.t(" bic="); b.v("SWIFT_CODE", R.choice(SWIFTS)); b.t(f" payout_id=po_{R.randint(10 ** 9, 10 ** 10)}")
        elif k == 7:
            b.t("ach transfer routing="); b.v("US_BANK_ROUTING_NUMBER", make_aba()); b.t(" account="); b.v("US_BANK_ACCOUNT_NUMBER", bank_acct()); b.t(" trace=" + digits(15))
        elif k == 8:
            b.t("client connected from ["); b.v("IP_ADDRESS", ipv6()); b.t(f"]:{R.randint(1024, 65535)} tls=1.3")
        else:
            b.t("sms sent to="); b.v("PHONE", R.choice([f"+1{R.randint(201, 989)}{R.randint(201, 989)}{digits(4)}", f"+44 7700 900{digits(3)}", f"+49 151 {digits(8)}"])); b.t(f" template=otp_v2 msg_id={uuid()}")
        b.t("\n")
    return b

def jstr(s): return json.dumps(s, ensure_ascii=False)[1:-1]

def structured_fields():
    types = bundle()
    out = []
    for ty in types:
        if ty == "AGE":
            out.append(("age", "Age", str(R.randint(18, 90)), "AGE"))
        else:
            gen, _, keys, labels = T[ty]
            out.append((R.choice(keys), R.choice(labels), gen(), ty))
    return out

def style_json():
    b = B(); fields = structured_fields()
    pretty = R.random() < 0.5
    b.t("{" + ("\n  " if pretty else ""))
    b.t(f'"event": "{R.choice(["customer.updated", "signup", "kyc.submitted", "payment.created"])}", ' + ("\n  " if pretty else ""))
    for i, (k, _, v, ty) in enumerate(fields):
        if i: b.t(", " + ("\n  " if pretty else ""))
        b.t(f'"{k}": ')
        if ty == "AGE" and R.random() < 0.6: b.v(ty, v)
        else: b.t('"'); b.v(ty, jstr(v)); b.t('"')
    b.t(("\n" if pretty else "") + "}")
    return b

def style_yaml():
    b = B(); fields = structured_fields()
    b.t(R.choice(["customer:\n", "user:\n", "contact:\n", "# onboarding record\nprofile:\n"]))
    for k, _, v, ty in fields:
        b.t(f"  {k}: ")
        if R.random() < 0.3 and ty != "AGE": b.t('"'); b.v(ty, v); b.t('"')
        else: b.v(ty, v)
        b.t("\n")
    return b

def style_csv():
    b = B(); types = [x for x in bundle()][:4]
    keys = [("age" if ty == "AGE" else R.choice(T[ty][2])) for ty in types]
    b.t(",".join(["id"] + keys) + "\n")
    for r in range(R.randint(1, 3)):
        b.t(str(1000 + r))
        for ty in types:
            b.t(",")
            v = str(R.randint(18, 90)) if ty == "AGE" else T[ty][0]()
            if "," in v: b.t('"'); b.v(ty, v); b.t('"')
            else: b.v(ty, v)
        b.t("\n")
    return b

def style_form():
    b = B(); fields = structured_fields()
    b.t(R.choice(["New submission from contact form\n", "--- Application form ---\n", "Form: Account update\n", ""]))
    for _, lab, v, ty in fields:
        b.t(f"{lab}: "); b.v(ty, v); b.t("\n")
    return b

def style_md():
    b = B(); fields = structured_fields()
    if R.random() < 0.5:
        b.t("| Field | Value |\n|---|---|\n")
        for _, lab, v, ty in fields:
            b.t(f"| {lab} | "); b.v(ty, v); b.t(" |\n")
    else:
        labs = [f[1] for f in fields]
        b.t("| " + " | ".join(labs) + " |\n|" + "---|" * len(labs) + "\n| ")
        for i, (_, _, v, ty) in enumerate(fields):
            if i: b.t(" | ")
            b.v(ty, v)
        b.t(" |\n")
    return b

def style_sms():
    b = B(); k = R.randint(0, 7)
    if k == 0:
        n = name(); b.t("hey its "); b.v("NAME", first_of(n).lower(), "hard"); b.t(" 👋 new number is "); b.v("PHONE", phone()); b.t(" save it pls")
    elif k == 1:
        b.t("wifi pw is "); b.v("PASSWORD", R.choice(PASSWORDS)); b.t(" and the router admin is at "); b.v("IP_ADDRESS", ipv4())
    elif k == 2:
        b.t("ur code: pin "); b.v("PIN", pin()); b.t(" dont share it lol")
    elif k == 3:
        b.t("send the money to "); b.v("INTERNATIONAL_BANK_ACCOUNT_NUMBER", make_iban().lower() if R.random() < 0.3 else make_iban()); b.t(" asap thx")
    elif k == 4:
        b.t("im "); b.v("AGE", str(R.randint(16, 60))); b.t(" not a kid lol. my email is "); b.v("EMAIL", email().lower())
    elif k == 5:
        b.t("card is "); _, c = card_raw(); b.v("CREDIT_DEBIT_CARD_NUMBER", fmt_card(c)); b.t(" exp "); b.v("CREDIT_DEBIT_CARD_EXPIRY", f"{R.randint(1, 12)}/{R.randint(25, 31)}"); b.t(" cvv "); b.v("CREDIT_DEBIT_CARD_CVV", cvv())
    elif k == 6:
        b.t("meet me at "); b.v("ADDRESS", address("us")); b.t(" at 7? call "); b.v("PHONE", phone()); b.t(" if late")
    else:
        n = name(); b.t("this is "); b.v("NAME", n.lower(), "hard"); b.t(", my login is "); b.v("USERNAME", R.choice(USERNAMES)); b.t(" and i forgot my password")
    return b

# records that probe specific format variants with minimal context (some intentionally ambiguous)
def style_variant():
    b = B(); k = R.randint(0, 25)
    if k == 0:
        _, c = card_raw(); b.t("Please use "); b.v("CREDIT_DEBIT_CARD_NUMBER", fmt_card(c)); b.t(" for this order, thanks.")
    elif k == 1:
        b.t("Payment details — "); _, c = card_raw(R.choice(["amex", "diners", "unionpay", "jcb", "maestro", "mir", "discover"])); b.v("CREDIT_DEBIT_CARD_NUMBER", fmt_card(c)); b.t(" expiring "); b.v("CREDIT_DEBIT_CARD_EXPIRY", f"{R.randint(1, 12):02d}/{R.randint(25, 31)}", "hard")
    elif k == 2:
        b.t("Beneficiary: "); n = name(); b.v("NAME", n); b.t(", "); b.v("INTERNATIONAL_BANK_ACCOUNT_NUMBER", group4(make_iban()))
    elif k == 3:
        b.t("Contact "); n = name(); b.v("NAME", n); b.t(" on "); b.v("PHONE", phone()); b.t(" or "); b.v("EMAIL", email(n))
    elif k == 4:
        b.t("Traffic spike from "); b.v("IP_ADDRESS", ipv4()); b.t(" and "); b.v("IP_ADDRESS", ipv6()); b.t(" blocked by WAF.")
    elif k == 5:
        b.t("Switch port 12 learned "); b.v("MAC_ADDRESS", mac()); b.t(" (vlan 20).")
    elif k == 6:
        b.t("Docs are at "); b.v("URL", url_noscheme(), "hard"); b.t(" if you need them.")
    elif k == 7:
        n = make_nhs(); b.t("Patient: "); nm = name(); b.v("NAME", nm); b.t(", DOB 1984, "); b.v("UK_NATIONAL_HEALTH_SERVICE_NUMBER", f"{n[:3]} {n[3:6]} {n[6:]}", "amb")
    elif k == 8:
        a, g, s = make_ssn(); b.t("Applicant ID "); b.v("US_SOCIAL_SECURITY_NUMBER", f"{a}{g}{s}", "amb"); b.t(" on file.")
    elif k == 9:
        b.t("He is "); pre = ""; b.v("AGE", f"{R.randint(20, 80)}", "ok"); b.t(" and lives at "); b.v("ADDRESS", R.choice(HARD_ADDRESSES), "hard"); b.t(".")
    elif k == 10:
        b.t("I'm "); b.v("NAME", name()); b.t(", "); b.v("AGE", f"{R.randint(20, 80)}"); b.t(", from Leeds.")
    elif k == 11:
        b.t("Call "); b.v("PHONE", R.choice([f"+44 (0)20 7946 0{digits(3)}", f"0049 30 {digits(7)}", f"+33 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)}", f"(02) 9374 {digits(4)}", f"0412 {digits(3)} {digits(3)}", f"+353 1 {digits(3)} {digits(4)}"])); b.t(" ext. " + str(R.randint(10, 999)) + " before 5pm.")
    elif k == 12:
        b.t("Our SWIFT is "); b.v("SWIFT_CODE", R.choice(SWIFTS)); b.t(" and account "); b.v("INTERNATIONAL_BANK_ACCOUNT_NUMBER", make_iban())
    elif k == 13:
        b.t("ssh "); b.v("USERNAME", R.choice(USERNAMES), "hard"); b.t("@"); b.v("IP_ADDRESS", ipv4()); b.t(" -p 2222")
    elif k == 14:
        b.t("VIN "); b.v("VEHICLE_IDENTIFICATION_NUMBER", make_vin().lower() if R.random() < 0.3 else make_vin()); b.t(", plate "); b.v("LICENSE_PLATE", plate()); b.t(", owner "); b.v("NAME", name())
    elif k == 15:
        b.t("export AWS_ACCESS_KEY_ID="); b.v("AWS_ACCESS_KEY", aws_akid()); b.t("\nexport AWS_SECRET_ACCESS_KEY="); b.v("AWS_SECRET_KEY", aws_secret()); b.t("\nexport AWS_DEFAULT_REGION=eu-west-1")
    elif k == 16:
        b.t("[default]\naws_access_key_id = "); b.v("AWS_ACCESS_KEY", aws_akid()); b.t("\naws_secret_access_key = "); b.v("AWS_SECRET_KEY", aws_secret()); b.t("\n")
    elif k == 17:
        b.t("postgres://"); b.v("USERNAME", R.choice(USERNAMES), "hard"); b.t(":"); b.v("PASSWORD", R.choice(PASSWORDS), "hard"); b.t(f"@db.internal:5432/app")
    elif k == 18:
        b.t("Applicant, "); b.v("AGE", f"{R.randint(20, 80)}"); b.t(", NI "); p, d, s = make_nino(); b.v("UK_NATIONAL_INSURANCE_NUMBER", f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}"); b.t(", UTR "); b.v("UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", utr())
    elif k == 19:
        b.t("Wire to "); b.v("NAME", name()); b.t(" at Chase, routing "); b.v("US_BANK_ROUTING_NUMBER", make_aba()); b.t(", checking "); b.v("US_BANK_ACCOUNT_NUMBER", bank_acct())
    elif k == 20:
        b.t("Canada Revenue letter for "); b.v("NAME", name()); b.t(", SIN "); b.v("CA_SOCIAL_INSURANCE_NUMBER", sin_value()); b.t(", address "); b.v("ADDRESS", address("ca"))
    elif k == 21:
        b.t("ITIN holder "); b.v("NAME", name()); b.t(": "); a, g, s = make_itin(); b.v("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", f"{a}-{g}-{s}")
    elif k == 22:
        b.t("Passport: "); b.v("US_PASSPORT_NUMBER", passport()); b.t(" exp 2031, issued to "); b.v("NAME", name())
    elif k == 23:
        b.t("Reply from "); b.v("IP_ADDRESS", ipv4()); b.t(": bytes=32 time=14ms TTL=117")
    elif k == 24:
        b.t("Card ending 4242 was replaced with "); _, c = card_raw("visa"); b.v("CREDIT_DEBIT_CARD_NUMBER", fmt_card(c, "-")); b.t(" (exp "); b.v("CREDIT_DEBIT_CARD_EXPIRY", f"{R.randint(1, 12):02d}/{R.randint(2025, 2031)}"); b.t(")")
    else:
        b.t("Sent from my iPhone\n\n> On Tue, "); n = name(); b.v("NAME", n); b.t(" <"); b.v("EMAIL", email(n)); b.t("> wrote:\n> see attached")
    return b

STYLES = [("chat", style_chat, 110), ("email", style_email, 80), ("log", style_log, 70), ("json", style_json, 60),
          ("yaml", style_yaml, 40), ("csv", style_csv, 45), ("form", style_form, 50), ("markdown", style_md, 40),
          ("sms", style_sms, 45), ("variant", style_variant, 80)]

# ---------------------------------------------------------------- negatives
def bump_digit(s, pos=None, check=None):
    """change one digit so that check(s) becomes False"""
    idx = [i for i, c in enumerate(s) if c.isdigit()]
    for _ in range(100):
        i = R.choice(idx); d = str((int(s[i]) + R.randint(1, 9)) % 10)
        t = s[:i] + d + s[i + 1:]
        if check is None or not check(t): return t
    raise RuntimeError(s)

def neg():
    """returns (text, looks_like)"""
    k = R.randint(0, 44)
    if k == 0:
        _, c = card_raw(); c = bump_digit(c, check=luhn_ok); return f"My card number is {fmt_card(c)}, can you check why it was declined?", "CARD(invalid luhn)"
    if k == 1:
        v = make_iban(); v = v[:4] + bump_digit(v[4:], check=lambda x: iban_valid(v[:4] + x)); assert not iban_valid(v)
        return f"IBAN: {group4(v) if R.random() < .5 else v} (please verify)", "IBAN(invalid mod97)"
    if k == 2:
        a = make_aba(); a = bump_digit(a, check=aba_ok); return f"routing number {a}, account to follow", "ROUTING(invalid)"
    if k == 3:
        v = make_vin(); v = bump_digit(v, check=vin_ok) if any(c.isdigit() for c in v) else v; return f"VIN {v} shows no recalls.", "VIN(invalid check)"
    if k == 4:
        n = make_nhs(); n = bump_digit(n, check=nhs_ok); return f"NHS number {n[:3]} {n[3:6]} {n[6:]} not recognised by the spine.", "NHS(invalid mod11)"
    if k == 5:
        n = make_sin(); n = bump_digit(n, check=luhn_ok); return f"SIN {n[:3]} {n[3:6]} {n[6:]} was rejected.", "SIN(invalid luhn)"
    if k == 6:
        return R.choice([f"SSN 666-{R.randint(10, 99)}-{digits(4)} is invalid", f"SSN 000-{R.randint(10, 99)}-{digits(4)} rejected", f"SSN {R.randint(100, 665)}-00-{digits(4)} rejected", f"SSN {R.randint(100, 665)}-{R.randint(10, 99)}-0000 rejected"]), "SSN(invalid)"
    if k == 7:
        return f"{LOGTS()} INFO scheduler job=nightly-export started at {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} took {R.randint(100, 9000)}ms", "timestamp"
    if k == 8:
        return R.choice([f"Meeting moved to {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2024 at 14:30.", f"Invoice dated {R.randint(1, 12)}/{R.randint(1, 28)}/2025, due in 30 days.", f"Q3 report covers 07/2024 - 09/2024.", f"The contract runs from March 1, 2024 to February 28, 2027."]), "date"
    if k == 9:
        return R.choice([f"Upgraded to version {R.randint(1, 20)}.{R.randint(0, 9)}.{R.randint(0, 99)}.{R.randint(0, 9999)} overnight.", f"User-Agent: Mozilla/5.0 Chrome/{R.randint(100, 130)}.0.{R.randint(1000, 6999)}.{R.randint(10, 200)} Safari/537.36", f"Windows build 10.0.{R.randint(19000, 22999)}.{R.randint(100, 4000)}", f"firmware 4.{R.randint(0, 20)}.{R.randint(0, 9)}.{R.randint(0, 99)} installed"]), "version-quad"
    if k == 10:
        return R.choice([f"Total: ${R.randint(1, 9)},{R.randint(100, 999)}.{R.randint(0, 99):02d} incl. VAT", f"Price dropped to €{R.randint(10, 999)}.00 from €{R.randint(1000, 1999)}.00", f"£2,400 deposit, balance £{R.randint(10, 99)},{R.randint(100, 999)}.50", f"Revenue grew to $1,234,567,890 this year."]), "price"
    if k == 11:
        return R.choice([f"Order #{digits(3)}-{digits(7)}-{digits(7)} has shipped.", f"Your order number is {digits(9)}.", f"Order ID: {digits(16)} confirmed", f"Order {digits(12)} was delivered."]), "order-number"
    if k == 12:
        return R.choice([f"Ticket INC{digits(7)} assigned to the network team.", f"See JIRA PROJ-{R.randint(100, 9999)} and case #{digits(8)}.", f"Reference number {digits(10)} for your claim.", f"Case {digits(3)}-{digits(2)}-{digits(4)} was closed."]), "ticket"
    if k == 13:
        return R.choice([f"UPS tracking 1Z{''.join(R.choice(string.ascii_uppercase + string.digits) for _ in range(16))}", f"USPS tracking number {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(2)}", f"FedEx tracking {digits(12)}", f"Tracking: {digits(4)} {digits(4)} {digits(4)}"]), "tracking"
    if k == 14:
        return f"request_id={uuid()} trace_id={'%032x' % R.getrandbits(128)} status=200", "uuid"
    if k == 15:
        return R.choice([f"Merged commit {'%040x' % R.getrandbits(160)} into main.", f"fix: revert {'%07x' % R.getrandbits(28)} (broke build)", f"sha256: {'%064x' % R.getrandbits(256)}"]), "git-hash"
    if k == 16:
        return f"Brand colours: #{'%06x' % R.getrandbits(24)}, #{'%06X' % R.getrandbits(24)} and #fff on hover.", "hex-colour"
    if k == 17:
        return R.choice(["ISBN 978-3-16-148410-0", "ISBN-13: 9780306406157", "ISBN 0-306-40615-2", "isbn 978-1-4028-9462-6"]) + " is out of print.", "isbn"
    if k == 18:
        return R.choice([f"Coordinates: {R.uniform(-80, 80):.4f}, {R.uniform(-170, 170):.4f}", f"Located at 51.5074° N, 0.1278° W.", f"lat={R.uniform(-80, 80):.6f}&lng={R.uniform(-170, 170):.6f}"]), "coordinates"
    if k == 19:
        return R.choice([f"Released v{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}-rc.{R.randint(1, 5)}+build.{R.randint(1, 999)}", f"bump lodash from 4.17.{R.randint(10, 21)} to 4.17.{R.randint(21, 30)}", f"requires python >= 3.{R.randint(8, 12)}.{R.randint(0, 9)}"]), "semver"
    if k == 20:
        return R.choice(["HTTP/1.1 404 Not Found", f'"GET /api/v1/users/{digits(6)}/orders HTTP/1.1" 200 {R.randint(100, 99999)}', "HTTP/2 503 Service Unavailable (retry-after: 30)", f"POST /v2/payments returned 402 in {R.randint(10, 999)} ms"]), "http-status"
    if k in (21, 22, 23, 24, 25, 26):
        return R.choice(PROSE), "prose-capitalised"
    if k == 27:
        return R.choice(["Please enter your password to continue.", "Password must be at least 12 characters.", "PIN required for transactions over $100.", "SSN: (not provided)", "CVV missing from request", "Forgot username? Click the link below.", "Your password was changed successfully.", "Password: ********", "Card number: **** **** **** 4242", "age: unknown", "Enter the 6-digit PIN sent to your phone."]), "keyword-no-value"
    if k == 28:
        return R.choice([f"IMEI {imei()} registered to the handset.", f"Device IMEI: {imei()}"]), "IMEI(luhn-valid)"
    if k == 29:
        return R.choice([f"OID 1.3.6.1.4.1.{R.randint(100, 60000)}.1.2", f"snmpget returned 1.3.6.1.2.1.1.{R.randint(1, 9)}.0", "ratio 16:9 at 1920x1080", f"score was {R.randint(1, 9)}:{R.randint(1, 9)} at halftime", f"uptime {R.randint(1, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}:{R.randint(0, 99):02d}"]), "oid/ratio"
    if k == 30:
        return R.choice(["a 3 year warranty on parts", f"Stage {R.randint(1, 4)} trials began", f"I'm {R.randint(2, 20)} minutes away", f"it is {R.randint(10, 40)} degrees outside", f"see page {R.randint(2, 300)}", "aged cheddar and 12-year-old scotch on the menu", f"{R.randint(2, 50)} years of experience required"]), "age-like"
    if k == 31:
        return R.choice([f"Run `std::vector<int>` tests", "C++ namespaces: foo::bar::baz", "Python slice a[::2]", f"Time 12:30:45 PM", f"Build {R.randint(1000, 9999)}::{R.randint(10, 99)} failed"]), "ipv6-like"
    if k == 32:
        return R.choice([f"The file report_2024.pdf and main.py are attached.", "Open config.yaml and index.html", "see README.md and setup.cfg", "download data.zip (2.3 GB)"]), "filename"
    if k == 33:
        return R.choice([f"PO number 45000{digits(5)} approved.", f"Employee ID {digits(6)} updated.", f"Invoice INV-2024-{digits(6)}", f"SKU {digits(12)} out of stock", f"Batch {digits(10)} processed"]), "id-number"
    if k == 34:
        return R.choice([f"epoch {R.randint(1600000000000, 1800000000000)} ms", f"ts={R.randint(1600000000, 1800000000)}", f"nonce {digits(16)}"]), "epoch/nonce"
    if k == 35:
        return R.choice([f"Call us toll-free Monday through Friday, 9am to 5pm EST.", "Text STOP to unsubscribe.", "Dial 911 in an emergency.", "Phone lines open at 08:00."]), "phone-keyword-no-value"
    if k == 36:
        p, d, s = make_nino(); return R.choice([f"NI number BG{d}{s} rejected", f"NI number {p}{d}E is malformed", f"NI number QQ{d}{s} (example only)"]), "NINO(invalid)"
    if k == 37:
        return R.choice(["Ping 999.12.3.4 failed - invalid address.", "Set mask 255.255.255.256 — invalid.", f"MAC 00:1A:2B:3C:4D (truncated)", f"value 1.2.3 and 4.5.6.7.8 in the table"]), "invalid-ip/mac"
    if k == 38:
        return R.choice(["akiaiosfodnn7example is not a key", "AKIA1234 placeholder", f"secret: {'%040x' % R.getrandbits(160)}", "token=REDACTED"]), "aws-like"
    if k == 39:
        return R.choice([f"Room 1204, Building {R.randint(1, 9)}", "We sold 40 Apple Watches in 3 Main Stores", f"Route {R.randint(1, 99)} closed near exit {R.randint(1, 40)}", f"Gate {R.randint(1, 60)} Terminal {R.randint(1, 5)}", "Level 3 Parking Lot is full"]), "address-like"
    if k == 40:
        a, g, s = make_itin(); return f"ITIN 9{R.randint(0, 99):02d}-{R.choice([10, 20, 30, 40, 66, 67, 89, 93])}-{s} is not a valid range", "ITIN(invalid)"
    if k == 41:
        return R.choice([f"Temperature {R.randint(-10, 40)}.{R.randint(0, 9)}°C, humidity {R.randint(10, 99)}%", f"CPU 93.4% mem 71.2% disk 12.25.3", f"{R.randint(100, 999)}-{R.randint(100, 999)}-{R.randint(1000, 9999)} units shipped (lot code)"]), "numeric-misc"
    if k == 42:
        return R.choice([f"Flight BA{R.randint(100, 999)} departs {R.randint(1, 12)}:{R.randint(10, 59)} from gate B{R.randint(1, 40)}", f"Train 9{R.randint(100, 999)} to Paris Nord", f"Seat 14C, PNR {''.join(R.choice(string.ascii_uppercase) for _ in range(6))}"]), "travel"
    if k == 43:
        return R.choice([f"Swift 5.9 concurrency is great", "BIC pens are cheap", "Use swiftUI for the layout", "bank holiday on Monday"]), "swift-like"
    return R.choice([f"{R.randint(1, 12):02d}/{R.randint(25, 31)} sprint review", f"Exp. results in table 3", f"license MIT", f"license key ABCD-EFGH-IJKL", f"plate tectonics lecture", f"registration opens 09/25"]), "keyword-context-false"

def make_iban_fix(v):
    return v

def imei():
    b = R.choice(["35", "49", "86", "01"]) + digits(12)
    return b + luhn_check_digit(b)

PROSE = ["Our team flew from Paris to São Paulo in April and then on to Cape Town.",
         "The Galaxy S24 Ultra and Pixel 8 Pro both ship with Android 14.",
         "Victoria Station is closed on Sunday, so take the Jubilee Line to Canary Wharf.",
         "Georgia and Jordan both reported higher tourism numbers in March.",
         "Chelsea beat Arsenal 2-1 at Stamford Bridge on Saturday.",
         "Florence, Venice and Milan are on the Grand Tour itinerary.",
         "Austin, Texas hosts South By Southwest every March.",
         "Mercedes-Benz and Tesla Model Y lead EV sales in Norway.",
         "Please mark the Summer Sale banner as live in June.",
         "Amazon Prime Day overlaps with the Fourth of July weekend.",
         "Morgan Stanley and Goldman Sachs both beat estimates.",
         "Wells Fargo, Charles Schwab and Bank of America raised rates.",
         "Lincoln Center and Madison Square Garden are both sold out.",
         "Microsoft Teams and Google Meet outages hit Europe on Tuesday.",
         "Marks & Spencer and Johnson & Johnson reported results.",
         "Black Friday and Cyber Monday sales beat Christmas Eve.",
         "The Jackson Hole symposium starts Thursday in Wyoming.",
         "Dell Latitude laptops and Apple Watch Series 9 are back in stock.",
         "Santa Monica Pier and Venice Beach are busy in August.",
         "Hope Street Bakery opens on Monday in Liverpool.",
         "Sydney Opera House, Lake Victoria and Mount Kilimanjaro are on the list.",
         "Lloyds Bank and Royal Mail Group updated their Privacy Policy.",
         "Ford Focus owners should update the Sync firmware.",
         "Jira Service Management replaced Zendesk in May.",
         "St. Louis Cardinals host the Chicago Cubs on Friday.",
         "Tommy and the team shipped Release Candidate 2 to Quality Assurance.",
         "Kingston upon Thames Council approved the Victoria Road plan.",
         "Will the New Year's Day parade pass Queen Street?",
         "Grace period ends on Friday; Summer hours start in June.",
         "Rose Gold and Midnight Blue are the new colours for the Mini.",
         "Jordan Peterson's lecture was cancelled", # person (positive-ish) — excluded below
         "Adobe Acrobat Reader crashed on Windows Server 2019.",
         "The Royal Albert Hall and Hyde Park Corner are closed.",
         "Harvard Business Review and The Wall Street Journal covered it.",
         "Dear Customer, your statement is ready.",
         "Hi Team, the Monday Standup moves to Tuesday.",
         "Thanks, Support Team",
         "Regards,\nCustomer Success",
         "Best,\nThe Billing Department"]
PROSE = [p for p in PROSE if "Peterson" not in p]


# one record per format variant, with a plain keyword context, to map format coverage
def matrix_records():
    recs = []
    def add(typ, pre, val, post="", tag="ok"):
        b = B(); b.t(pre); b.v(typ, val, tag); b.t(post); recs.append(b)
    for p in ["+44 20 7946 0958", "(212) 555-0147", "212.555.0147", "+1-212-555-0147", "0049 30 1234567", "+49 30 1234567",
              "020 7946 0958", "07700 900123", "+44 (0)20 7946 0958", "+33 1 42 68 53 00", "01 42 68 53 00", "+91 98765 43210",
              "+61 2 9374 4000", "(02) 9374 4000", "0412 345 678", "+81 3-1234-5678", "+55 11 91234-5678", "+1 (212) 555-0147",
              "212-555-0147", "2125550147", "+12125550147", "+353 1 234 5678", "0033 1 42 68 53 00", "+86 138 0013 8000", "+7 495 123-45-67",
              "+27 21 123 4567", "+234 803 123 4567", "(212) 555-0147 ext. 204"[:14]]:
        add("PHONE", "Phone: ", p, " (mobile)")
        add("PHONE", "You can reach me at ", p, " after 6pm.")
    for ipv in ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.128",
                "2a02:c7f:1234:5600::1", "FE80::0202:B3FF:FE1E:8329", "2001:db8:0:0:1:0:0:1"]:
        add("IP_ADDRESS", "client ip ", ipv, " connected")
    add("IP_ADDRESS", "ping fe80::1", "", "")  # placeholder removed below
    recs.pop()
    b = B(); b.t("ping "); b.v("IP_ADDRESS", "fe80::1"); b.t("%eth0 ok"); recs.append(b)
    b = B(); b.t("curl http://["); b.v("IP_ADDRESS", "2001:db8::42"); b.t("]:8080/health"); recs.append(b)
    b = B(); b.t("listening on "); b.v("IP_ADDRESS", "192.168.1.20"); b.t(":8443"); recs.append(b)
    for m in ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e", "001A2B3C4D5E"]:
        add("MAC_ADDRESS", "MAC address: ", m, "", "amb" if len(m) == 12 else "ok")
    for cc in ["DE", "GB", "FR", "NL", "ES", "IT", "BR", "MT", "SA", "NO"]:
        v = make_iban(cc)
        add("INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IBAN ", group4(v))
        add("INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IBAN ", v.lower() if cc in "DE GB FR" else group4(v, "-"), "", "hard")
    for br in ["visa", "mastercard", "amex", "discover", "jcb", "diners", "unionpay", "maestro", "mir"]:
        _, c = card_raw(br)
        for sep in [" ", "-", ""]:
            add("CREDIT_DEBIT_CARD_NUMBER", "Pay with ", fmt_card(c, sep), " please")
    for e in ["09/27", "09/2027", "9/27", "09-27", "0927", "Sept 2027", "09 / 27"]:
        add("CREDIT_DEBIT_CARD_EXPIRY", "exp ", e, "", "hard" if e in ("0927", "Sept 2027") else "ok")
    for u in ["https://example.com/a?b=c", "http://localhost:3000/admin", "www.example.co.uk", "example.com/path", "HTTPS://EXAMPLE.COM"]:
        add("URL", "open ", u, " now", "hard" if not u.lower().startswith(("http", "www")) else "ok")
    for a in HARD_ADDRESSES:
        add("ADDRESS", "Address: ", a, "", "hard")
    for age in [("I'm ", "34", "."), ("Age: ", "34", ""), ("", "34 years", " old"), ("a ", "34-year", "-old"), ("aged ", "34", ""),
                ("", "34", " yrs old"), ("my daughter is ", "7", "."), ("she's ", "91", " this year"), ("", "34", "yo"), ("DOB 1990 (", "34", ")")]:
        add("AGE", age[0], age[1], age[2], "hard" if age[0].startswith("DOB") else "ok")
    return recs

# ---------------------------------------------------------------- main
def main():
    out = []
    idn = 0
    for sty, fn, cnt in STYLES:
        for _ in range(cnt):
            b = fn(); idn += 1
            txt = b.text()
            for s in b.spans:
                assert txt.encode()[s["start"]:s["end"]].decode() == s["value"], (s, txt)
            out.append({"id": f"p-{idn:04d}", "text": txt, "kind": "positive", "style": sty, "spans": b.spans})
    for b in matrix_records():
        idn += 1; txt = b.text()
        out.append({"id": f"m-{idn:04d}", "text": txt, "kind": "positive", "style": "matrix", "spans": b.spans})
    for i in range(300):
        t, ll = neg(); idn += 1
        out.append({"id": f"n-{idn:04d}", "text": t, "kind": "negative", "style": "negative", "looks_like": ll, "spans": []})
    # self-checks of checksum values in gold
    bad = 0
    for r in out:
        for s in r["spans"]:
            v = s["value"]; d = "".join(c for c in v if c.isalnum())
            ty = s["type"]
            ok = True
            if ty == "CREDIT_DEBIT_CARD_NUMBER": ok = luhn_ok(d)
            elif ty == "INTERNATIONAL_BANK_ACCOUNT_NUMBER": ok = iban_valid(d)
            elif ty == "US_BANK_ROUTING_NUMBER": ok = aba_ok(d)
            elif ty == "VEHICLE_IDENTIFICATION_NUMBER": ok = vin_ok(d.upper())
            elif ty == "UK_NATIONAL_HEALTH_SERVICE_NUMBER": ok = nhs_ok(d)
            elif ty == "CA_SOCIAL_INSURANCE_NUMBER": ok = luhn_ok(d)
            if not ok: bad += 1; print("BAD", r["id"], s, file=sys.stderr)
    assert bad == 0
    import os
    where = sys.argv[1] if len(sys.argv) > 1 else "target/probe"
    os.makedirs(where, exist_ok=True)
    with open(os.path.join(where, "probe.jsonl"), "w") as f:
        for r in out: f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(where, "probe_in.jsonl"), "w") as f:
        for r in out: f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    print(len(out), "records", sum(len(r["spans"]) for r in out), "spans", file=sys.stderr)

if __name__ == "__main__":
    main()
