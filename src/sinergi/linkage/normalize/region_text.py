"""Text side of the region resolver: match keys, level prefixes, aliases, edit distance.

Everything here is pure and table-free, so it is cheap to test on its own.

Invariants:
- ``match_key`` is applied identically to official names and to user text, so every
  expansion it does ("tj" -> "tanjung", "kep" -> "kepulauan", "sei" -> "sungai") can only
  make equal things equal; the key has no spaces, which makes "Pangkal Pinang",
  "Pangkalpinang" and "PANGKAL-PINANG" the same key.
- ``split_kind`` never guesses a kind: it returns "kota" or "kabupaten" only when the
  text says so in a prefix, otherwise ``None``.
"""

from __future__ import annotations

import re
import unicodedata

from sinergi.linkage.normalize.text import fold

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Abbreviations officers use inside names. Applied to every token, on both sides.
_TOKEN_EXPANSIONS: dict[str, str] = {
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "tj": "tanjung",
    "tg": "tanjung",
    "tjg": "tanjung",
    "tanjong": "tanjung",
    "sei": "sungai",
    "sungei": "sungai",
    "gn": "gunung",
    "gng": "gunung",
    "kp": "kampung",
    "kpg": "kampung",
    "mns": "meunasah",
    "tgk": "teungku",
    "sumatra": "sumatera",
    "jkt": "jakarta",
    "jak": "jakarta",
    "adm": "administrasi",
    "admin": "administrasi",
}

# Direction abbreviations: only after the first token ("Jakarta Sel.", "Bangka Bar"),
# because a first token "Tim" or "Bar" is more likely part of a real name.
_DIRECTION_EXPANSIONS: dict[str, str] = {
    "ut": "utara",
    "utr": "utara",
    "sel": "selatan",
    "slt": "selatan",
    "sltn": "selatan",
    "bar": "barat",
    "brt": "barat",
    "tim": "timur",
    "tmr": "timur",
    "teng": "tengah",
    "tgh": "tengah",
    "pus": "pusat",
    "pst": "pusat",
}

# Old (pre-1972) spelling, for a second-chance key only: "Djakarta", "Tjilatjap".
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("j", "y"))

# Prefixes that say which level (and for regencies which kind) the text names.
# Longest first so "kota administrasi" wins over "kota".
_KOTA_PREFIXES = (
    ("kota", "administrasi"),
    ("kotamadya",),
    ("kodya",),
    ("kotif",),
    ("kota",),
    ("kot",),
)
_KAB_PREFIXES = (
    ("kabupaten", "administrasi"),
    ("kab", "administrasi"),
    ("kabupaten",),
    ("kabupatan",),
    ("kabuapten",),
    ("kab",),
    ("kb",),
)
# "Kab/Kota Bogor" names no kind at all.
EITHER_PREFIXES = (
    ("kabupaten", "kota"),
    ("kab", "kota"),
    ("kota", "kabupaten"),
    ("kota", "kab"),
    ("kabkota",),
    ("kabkot",),
)
PROVINCE_PREFIXES = (("provinsi",), ("propinsi",), ("prov",), ("prop",), ("pro",))
DISTRICT_PREFIXES = (("kecamatan",), ("kec",), ("kcmt",), ("kc",), ("distrik",), ("dist",))
VILLAGE_PREFIXES = (
    ("kelurahan",),
    ("kalurahan",),
    ("kel",),
    ("kelr",),
    ("desa",),
    ("ds",),
    ("nagari",),
    ("gampong",),
    ("kampung",),
    ("pekon",),
    ("negeri",),
    ("lembang",),
)


def raw_tokens(text: str) -> list[str]:
    """Fold, drop accents and apostrophes, split on anything that is not a letter or digit."""
    s = fold(text)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("'", "")
    return _NON_ALNUM.sub(" ", s).split()


def expand(tokens: list[str]) -> list[str]:
    """Expand abbreviations token by token (see module invariants)."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        tok = _TOKEN_EXPANSIONS.get(tok, tok)
        if i > 0:
            tok = _DIRECTION_EXPANSIONS.get(tok, tok)
        out.append(tok)
    return out


def match_key(text: str) -> str:
    """The spacing- and punctuation-blind key two spellings of one name share."""
    return "".join(expand(raw_tokens(text)))


def old_spelling_key(key: str) -> str:
    """A looser key that also equates old and new spelling ("djogjakarta" ~ "yogyakarta")."""
    for old, new in _OLD_SPELLING:
        key = key.replace(old, new)
    return key


def strip_prefix(tokens: list[str], prefixes: tuple[tuple[str, ...], ...]) -> list[str] | None:
    """Remove the first matching prefix; ``None`` when none matches or nothing would remain."""
    for prefix in prefixes:
        n = len(prefix)
        if len(tokens) > n and tuple(tokens[:n]) == prefix:
            return tokens[n:]
    return None


def split_kind(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Split a regency text into (kind, name tokens): kind is "kota", "kabupaten" or None."""
    rest = strip_prefix(tokens, EITHER_PREFIXES)
    if rest is not None:
        return None, rest
    rest = strip_prefix(tokens, _KOTA_PREFIXES)
    if rest is not None:
        return "kota", _drop_administrasi(rest)
    rest = strip_prefix(tokens, _KAB_PREFIXES)
    if rest is not None:
        return "kabupaten", _drop_administrasi(rest)
    return None, _drop_administrasi(tokens)


def lone_kind(tokens: list[str]) -> str | None:
    """The kind when the tokens are nothing but a kind word ("Kota", "Kab.", "Kab. Adm.")."""
    t = tuple(tokens)
    if any(t == p for p in EITHER_PREFIXES):
        return None
    if any(t == p for p in _KOTA_PREFIXES):
        return "kota"
    if any(t == p for p in _KAB_PREFIXES):
        return "kabupaten"
    return None


def _drop_administrasi(tokens: list[str]) -> list[str]:
    # "Kota Adm. Jakarta Selatan", "Kab. Adm. Kep. Seribu": the word says nothing about place.
    if len(tokens) > 1 and tokens[0] in ("administrasi", "adm"):
        return tokens[1:]
    return tokens


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (edits + adjacent swaps), or ``limit + 1`` if above.

    Only the diagonal band |i - j| <= limit of the table is computed and cells are capped
    at ``limit + 1``: a cell outside the band is at least |i - j| > limit, and capping
    never changes a value that is within the limit, so the answer is exact.
    """
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if a == b:
        return 0
    # A common prefix or suffix costs no edit and no optimal alignment needs to edit inside
    # it, so only the differing middle goes through the table (a typo leaves it tiny).
    n = min(la, lb)
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and a[la - 1 - j] == b[lb - 1 - j]:
        j += 1
    if i or j:
        a, b = a[i : la - j], b[i : lb - j]
        la, lb = len(a), len(b)
        if not la or not lb:
            return la + lb if la + lb <= limit else limit + 1
    big = limit + 1
    prev2: list[int] = []
    prev = [j if j <= limit else big for j in range(lb + 1)]
    for i in range(1, la + 1):
        cur = [big] * (lb + 1)
        row_min = cur[0] = i if i < big else big
        ai = a[i - 1]
        for j in range(max(1, i - limit), min(lb, i + limit) + 1):
            v = prev[j - 1] + (ai != b[j - 1])
            t = prev[j] + 1
            if t < v:
                v = t
            t = cur[j - 1] + 1
            if t < v:
                v = t
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                t = prev2[j - 2] + 1
                if t < v:
                    v = t
            if v > big:
                v = big
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return big
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else big


def allowed_edits(key: str) -> int:
    """How many typos a key of this length may carry and still be matched.

    Short names are too close to each other ("Bima"/"Bina", "Poso"/"Soe") to forgive typos.
    """
    if len(key) >= 9:
        return 2
    if len(key) >= 5:
        return 1
    return 0


# Separators between the parts of one cell: "Kab. Bangka, Prov. Babel", "Semarang (Kota)".
_SEPARATORS = re.compile(r"[,;/|()\[\]\n]+|\s+-\s+")


def name_variants(name: str) -> list[str]:
    """Official name plus its parts: "Misool (Misool Utara)", "Tiro/Truseb" -> each part too."""
    parts = [p for p in re.split(r"[/()]", name) if p.strip()]
    return [name, *parts] if len(parts) > 1 else [name]


def deletes(key: str, depth: int) -> set[str]:
    """The key and every string made from it by deleting up to `depth` characters."""
    out = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {k[:i] + k[i + 1 :] for k in frontier for i in range(len(k))}
        out |= frontier
    return out


def segments(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SEPARATORS.split(text)) if s]


def split_province_words(text: str) -> list[str]:
    # "Kab. Bangka Prov. Kep. Babel": a province prefix inside the text starts a new segment.
    return re.split(r"(?i)\s+(?=(?:provinsi|propinsi|prov|prop)\b)", text)


_MARKERS: tuple[tuple[str, str], ...] = (
    ("province", r"provinsi|propinsi|prov|prop"),
    ("regency", r"kabupaten|kab|kota\s+administrasi|kota\s+adm|kotamadya|kodya|kota"),
    ("district", r"kecamatan|kec|distrik"),
    ("village", r"kelurahan|kalurahan|kel|desa|ds|nagari|gampong"),
)
# The pieces below are shared with the vectorised twin of `marked_texts` in region_frame,
# which must find exactly the markers, stops and street words this module finds.
MARKER_LEVELS = _MARKERS
# Every marker word, in the order the alternation of _MARKER_RE tries them.
MARKER_WORDS = "|".join(pattern for _, pattern in _MARKERS)
# Characters that split an address into the parts `marked_texts` reads one by one.
ADDRESS_PART_SEPARATORS = ",;\n()"
# Words that end a region name inside an address (street parts that follow it).
STOP_WORDS = (
    r"rt|rw|no|nomor|jl|jln|jalan|gg|gang|blok|dusun|dsn|dukuh|lingk"
    r"|kode\s*pos|kodepos|telp|hp"
)
# Street words: a marker right after one names the street ("Jl. Kota Baru").
STREET_WORDS = r"jl|jln|jalan|gg|gang|lr|lorong|komp|komplek"

_MARKER_RE = re.compile(
    r"(?i)(?<![\w'])(?:" + "|".join(f"(?P<{lvl}>{pat})" for lvl, pat in _MARKERS) + r")(?:\.|\b)"
)
_TRAILING_NOISE = re.compile(r"(?i)[\s.:]*(?:\d{5})?[\s.]*$")
# Where a region name inside an address ends: street parts that follow it on the same line.
_ADDRESS_STOP = re.compile(rf"(?i)(?<![\w'])(?:{STOP_WORDS})(?:\.|\b)")


_STREET_END = re.compile(rf"(?i)(?<![\w'])(?:{STREET_WORDS})\.?\s*$")


_ADDRESS_PARTS = re.compile(f"[{ADDRESS_PART_SEPARATORS}]+")


def marked_texts(address: str) -> dict[str, str]:
    """Level -> text after the first marker of that level ("Kec. Sungailiat" -> Sungailiat).

    The text runs to the next separator or marker. Regency texts keep their marker so
    that "Kota Semarang" stays a kota.
    """
    out: dict[str, str] = {}
    for segment in _ADDRESS_PARTS.split(address):
        # "Jl. Kota Baru", "Gg. Desa": a marker right after a street word names the street.
        matches = [
            m for m in _MARKER_RE.finditer(segment) if not _STREET_END.search(segment[: m.start()])
        ]
        for i, m in enumerate(matches):
            level = m.lastgroup or ""
            end = matches[i + 1].start() if i + 1 < len(matches) else len(segment)
            value = segment[m.end() : end]
            stop = _ADDRESS_STOP.search(value)
            value = _TRAILING_NOISE.sub("", value[: stop.start()] if stop else value).strip(" .:-")
            if not value or level in out:
                continue
            out[level] = f"{m.group(0)} {value}" if level == "regency" else value
    return out


# Province aliases: name as written in decrees or by officers -> code.
PROVINCE_ALIASES: dict[str, str] = {
    "nad": "11",
    "nanggroe aceh darussalam": "11",
    "daerah istimewa aceh": "11",
    "di aceh": "11",
    "sumut": "12",
    "north sumatra": "12",
    "sumbar": "13",
    "west sumatra": "13",
    "sumsel": "16",
    "south sumatra": "16",
    "babel": "19",
    "kepulauan babel": "19",
    "bangka belitung": "19",
    "bangka belitung islands": "19",
    "kepri": "21",
    "riau islands": "21",
    "dki": "31",
    "dki jakarta": "31",
    "jakarta": "31",
    "dkj": "31",
    "daerah khusus jakarta": "31",
    "dki jakarta raya": "31",
    "jakarta raya": "31",
    "jabar": "32",
    "west java": "32",
    "jateng": "33",
    "central java": "33",
    "diy": "34",
    "di yogyakarta": "34",
    "yogyakarta": "34",
    "jogja": "34",
    "jogjakarta": "34",
    "yogya": "34",
    "daerah istimewa jogjakarta": "34",
    "jatim": "35",
    "east java": "35",
    "ntb": "52",
    "west nusa tenggara": "52",
    "ntt": "53",
    "east nusa tenggara": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "pabar": "92",
    "west papua": "92",
    "papua selatan": "93",
    "papua tengah": "94",
    "papua pegunungan": "95",
    "pbd": "96",
}

# Regency aliases: abbreviation or former name -> official name(s). Several official
# names make the alias ambiguous on purpose ("Jakarta" alone is five cities).
_JAKARTA_CITIES = tuple(
    f"Kota Administrasi Jakarta {d}" for d in ("Pusat", "Utara", "Barat", "Selatan", "Timur")
)
REGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "jakarta": _JAKARTA_CITIES,
    "dki jakarta": _JAKARTA_CITIES,
    "dki": _JAKARTA_CITIES,
    "jakpus": ("Kota Administrasi Jakarta Pusat",),
    "jakut": ("Kota Administrasi Jakarta Utara",),
    "jakbar": ("Kota Administrasi Jakarta Barat",),
    "jaksel": ("Kota Administrasi Jakarta Selatan",),
    "jaktim": ("Kota Administrasi Jakarta Timur",),
    "seribu": ("Kabupaten Administrasi Kepulauan Seribu",),
    "pulau seribu": ("Kabupaten Administrasi Kepulauan Seribu",),
    "babar": ("Kabupaten Bangka Barat",),
    "bateng": ("Kabupaten Bangka Tengah",),
    "basel": ("Kabupaten Bangka Selatan",),
    "beltim": ("Kabupaten Belitung Timur",),
    "pkp": ("Kota Pangkal Pinang",),
    "tanjab barat": ("Kabupaten Tanjung Jabung Barat",),
    "tanjabbar": ("Kabupaten Tanjung Jabung Barat",),
    "tanjab timur": ("Kabupaten Tanjung Jabung Timur",),
    "tanjabtim": ("Kabupaten Tanjung Jabung Timur",),
    "tapsel": ("Kabupaten Tapanuli Selatan",),
    "tapteng": ("Kabupaten Tapanuli Tengah",),
    "taput": ("Kabupaten Tapanuli Utara",),
    "toba samosir": ("Kabupaten Toba",),
    "tobasa": ("Kabupaten Toba",),
    "humbahas": ("Kabupaten Humbang Hasundutan",),
    "madina": ("Kabupaten Mandailing Natal",),
    "sergai": ("Kabupaten Serdang Bedagai",),
    "labusel": ("Kabupaten Labuhanbatu Selatan",),
    "labura": ("Kabupaten Labuhanbatu Utara",),
    "paluta": ("Kabupaten Padang Lawas Utara",),
    "palas": ("Kabupaten Padang Lawas",),
    "siantar": ("Kota Pematangsiantar",),
    "padang sidempuan": ("Kota Padangsidimpuan",),
    "lima puluh koto": ("Kabupaten Lima Puluh Kota",),
    "50 koto": ("Kabupaten Lima Puluh Kota",),
    "abdya": ("Kabupaten Aceh Barat Daya",),
    "agara": ("Kabupaten Aceh Tenggara",),
    "bireun": ("Kabupaten Bireuen",),
    "50 kota": ("Kabupaten Lima Puluh Kota",),
    "limapuluh kota": ("Kabupaten Lima Puluh Kota",),
    "mentawai": ("Kabupaten Kepulauan Mentawai",),
    "inhu": ("Kabupaten Indragiri Hulu",),
    "inhil": ("Kabupaten Indragiri Hilir",),
    "rohul": ("Kabupaten Rokan Hulu",),
    "rohil": ("Kabupaten Rokan Hilir",),
    "kuansing": ("Kabupaten Kuantan Singingi",),
    "meranti": ("Kabupaten Kepulauan Meranti",),
    "siak sri indrapura": ("Kabupaten Siak",),
    "oku": ("Kabupaten Ogan Komering Ulu",),
    "oki": ("Kabupaten Ogan Komering Ilir",),
    "oku timur": ("Kabupaten Ogan Komering Ulu Timur",),
    "okut": ("Kabupaten Ogan Komering Ulu Timur",),
    "oku selatan": ("Kabupaten Ogan Komering Ulu Selatan",),
    "okus": ("Kabupaten Ogan Komering Ulu Selatan",),
    "muba": ("Kabupaten Musi Banyuasin",),
    "mura": ("Kabupaten Musi Rawas",),
    "muratara": ("Kabupaten Musi Rawas Utara",),
    "pali": ("Kabupaten Penukal Abab Lematang Ilir",),
    "4 lawang": ("Kabupaten Empat Lawang",),
    "lubuklinggau": ("Kota Lubuk Linggau",),
    "lamsel": ("Kabupaten Lampung Selatan",),
    "lamteng": ("Kabupaten Lampung Tengah",),
    "lampura": ("Kabupaten Lampung Utara",),
    "lambar": ("Kabupaten Lampung Barat",),
    "lamtim": ("Kabupaten Lampung Timur",),
    "tuba": ("Kabupaten Tulang Bawang",),
    "tubaba": ("Kabupaten Tulang Bawang Barat",),
    "pesibar": ("Kabupaten Pesisir Barat",),
    "anambas": ("Kabupaten Kepulauan Anambas",),
    "kbb": ("Kabupaten Bandung Barat",),
    "jogja": ("Kota Yogyakarta",),
    "jogjakarta": ("Kota Yogyakarta",),
    "yogya": ("Kota Yogyakarta",),
    "solo": ("Kota Surakarta",),
    "tangsel": ("Kota Tangerang Selatan",),
    "kukar": ("Kabupaten Kutai Kartanegara",),
    "kubar": ("Kabupaten Kutai Barat",),
    "kutim": ("Kabupaten Kutai Timur",),
    "ppu": ("Kabupaten Penajam Paser Utara",),
    "pasir": ("Kabupaten Paser",),
    "kobar": ("Kabupaten Kotawaringin Barat",),
    "kotim": ("Kabupaten Kotawaringin Timur",),
    "hss": ("Kabupaten Hulu Sungai Selatan",),
    "hst": ("Kabupaten Hulu Sungai Tengah",),
    "hsu": ("Kabupaten Hulu Sungai Utara",),
    "bolmong": ("Kabupaten Bolaang Mongondow",),
    "minut": ("Kabupaten Minahasa Utara",),
    "minsel": ("Kabupaten Minahasa Selatan",),
    "mitra": ("Kabupaten Minahasa Tenggara",),
    "sangihe": ("Kabupaten Kepulauan Sangihe",),
    "talaud": ("Kabupaten Kepulauan Talaud",),
    "sitaro": ("Kabupaten Kep. Siau Tagulandang Biaro",),
    "siau tagulandang biaro": ("Kabupaten Kep. Siau Tagulandang Biaro",),
    "bangkep": ("Kabupaten Banggai Kepulauan",),
    "touna": ("Kabupaten Tojo Una Una",),
    "parimo": ("Kabupaten Parigi Moutong",),
    "selayar": ("Kabupaten Kepulauan Selayar",),
    "pangkep": ("Kabupaten Pangkajene dan Kepulauan",),
    "pangkajene kepulauan": ("Kabupaten Pangkajene dan Kepulauan",),
    "sidrap": ("Kabupaten Sidenreng Rappang",),
    "tator": ("Kabupaten Tana Toraja",),
    "torut": ("Kabupaten Toraja Utara",),
    "lutra": ("Kabupaten Luwu Utara",),
    "lutim": ("Kabupaten Luwu Timur",),
    "pare": ("Kota Parepare",),
    "konkep": ("Kabupaten Konawe Kepulauan",),
    "konsel": ("Kabupaten Konawe Selatan",),
    "baubau": ("Kota Bau Bau",),
    "mamuju utara": ("Kabupaten Pasangkayu",),
    "polman": ("Kabupaten Polewali Mandar",),
    "malteng": ("Kabupaten Maluku Tengah",),
    "maluku tenggara barat": ("Kabupaten Kepulauan Tanimbar",),
    "mtb": ("Kabupaten Kepulauan Tanimbar",),
    "tanimbar": ("Kabupaten Kepulauan Tanimbar",),
    "aru": ("Kabupaten Kepulauan Aru",),
    "sbt": ("Kabupaten Seram Bagian Timur",),
    "sbb": ("Kabupaten Seram Bagian Barat",),
    "mbd": ("Kabupaten Maluku Barat Daya",),
    "sula": ("Kabupaten Kepulauan Sula",),
    "morotai": ("Kabupaten Pulau Morotai",),
    "taliabu": ("Kabupaten Pulau Taliabu",),
    "tidore": ("Kota Tidore Kepulauan",),
    "yapen": ("Kabupaten Kepulauan Yapen",),
    "yapen waropen": ("Kabupaten Kepulauan Yapen",),
    "biak": ("Kabupaten Biak Numfor",),
    "fakfak": ("Kabupaten Fak Fak",),
    "tts": ("Kabupaten Timor Tengah Selatan",),
    "ttu": ("Kabupaten Timor Tengah Utara",),
    "sbd": ("Kabupaten Sumba Barat Daya",),
    "mabar": ("Kabupaten Manggarai Barat",),
    "lobar": ("Kabupaten Lombok Barat",),
    "loteng": ("Kabupaten Lombok Tengah",),
    "lotim": ("Kabupaten Lombok Timur",),
    "klu": ("Kabupaten Lombok Utara",),
    "ksb": ("Kabupaten Sumbawa Barat",),
}
