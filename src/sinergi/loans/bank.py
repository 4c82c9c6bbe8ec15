"""Bank statement CSV of a loan program's repayment account: parse, then match to loans.

Pure functions, no ORM. The file has a header row; columns are recognised by name
(Indonesian or English, case-insensitive):

- date:        tanggal / tgl / date            (YYYY-MM-DD or DD/MM/YYYY or DD-MM-YYYY)
- amount:      jumlah / nominal / kredit / amount / credit   (whole rupiah; "1.250.000",
               "1,250,000", "1250000" and a zero cents part ",00"/".00" are accepted)
- description: keterangan / uraian / berita / description
- reference:   referensi / ref / no. referensi / reference   (optional)

Bad cells are reported as `ParseError(row, column, message)` (row 1 is the header, as in a
spreadsheet) and the row is not used; nothing is silently altered.

Matching (first rule that gives exactly one loan wins; several candidates = unmatched):
1. the agreement number appears in the description (case-insensitive, spaces ignored);
2. a 16-digit run in the description equals the partner's NIK;
3. the partner's (owner's) name, or the business name, appears in the description after
   normalisation (case, punctuation and titles such as H./Hj./Bu/Pak ignored) — all name
   words present (the longest such name wins), else a close fuzzy match (difflib ratio
   ≥ 0.9) of the whole name; when one name holds several loans (one owner, two
   businesses), the one whose instalment equals the amount;
4. the amount equals the expected instalment of exactly one running loan.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

COLUMN_NAMES = {
    "date": {"tanggal", "tgl", "date", "tanggal transaksi"},
    "amount": {"jumlah", "nominal", "kredit", "amount", "credit", "mutasi kredit"},
    "description": {"keterangan", "uraian", "berita", "description", "deskripsi"},
    "reference": {"referensi", "ref", "no. referensi", "no referensi", "reference"},
}
REQUIRED = ("date", "amount", "description")
TITLES = {"h", "hj", "bu", "ibu", "pak", "bapak", "sdr", "sdri", "dr", "drs", "ir", "tn", "ny"}


@dataclass(frozen=True)
class StatementRow:
    row_number: int  # spreadsheet row (header = 1)
    date: dt.date
    amount: int
    description: str
    reference: str


@dataclass(frozen=True)
class ParseError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"


@dataclass(frozen=True)
class Candidate:
    """A running loan as the matcher sees it."""

    agreement_id: int
    number: str
    owner_name: str
    nik: str
    business_name: str
    instalment_amount: int


@dataclass(frozen=True)
class Match:
    row: StatementRow
    agreement_id: int | None
    method: str  # "number", "nik", "name", "amount" or "" when unmatched


def parse_amount(text: str) -> int:
    """'1.250.000' / '1,250,000' / '1250000,00' -> 1250000; refuses fractions and signs."""
    cleaned = text.strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    match = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})*|\d+)(?:[.,](\d{2}))?", cleaned)
    if not match:
        raise ValueError(f"'{text}' is not a whole rupiah amount")
    whole, _, cents = match.groups()
    if cents and cents != "00":
        raise ValueError(f"'{text}' has a fraction of a rupiah")
    return int(re.sub(r"[.,]", "", whole))


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def parse_statement(text: str) -> tuple[list[StatementRow], list[ParseError]]:
    """Rows and problems of a statement CSV (comma or semicolon separated)."""
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return [], [ParseError(1, "", "the file is empty")]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        for field, names in COLUMN_NAMES.items():
            if key in names and field not in positions:
                positions[field] = index
    missing = [f for f in REQUIRED if f not in positions]
    if missing:
        return [], [ParseError(1, f, "column not found in the header") for f in missing]
    rows: list[StatementRow] = []
    errors: list[ParseError] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        try:
            date = parse_date(cells[positions["date"]])
        except ValueError as exc:
            errors.append(ParseError(number, header[positions["date"]], str(exc)))
            continue
        try:
            amount = parse_amount(cells[positions["amount"]])
        except ValueError as exc:
            errors.append(ParseError(number, header[positions["amount"]], str(exc)))
            continue
        if amount <= 0:
            errors.append(ParseError(number, header[positions["amount"]], "amount is Rp0"))
            continue
        reference = cells[positions["reference"]].strip() if "reference" in positions else ""
        rows.append(
            StatementRow(number, date, amount, cells[positions["description"]].strip(), reference)
        )
    return rows, errors


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return [w for w in words if w not in TITLES]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def _name_score(name: str, description_words: list[str], *, fuzzy: bool) -> int:
    """How many words of `name` the description holds (0 = not there).

    Exact: every word of the name is in the description. Fuzzy (typos): a window of the
    description as long as the name is close (difflib ratio >= 0.9) to the whole name.
    """
    words = _words(name)
    if not words:
        return 0
    if not fuzzy:
        present = set(description_words)
        return len(words) if all(w in present for w in words) else 0
    target = " ".join(words)
    n = len(words)
    for start in range(0, max(len(description_words) - n + 1, 0)):
        window = " ".join(description_words[start : start + n])
        matcher = difflib.SequenceMatcher(None, target, window)
        if matcher.real_quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            return n
    return 0


def _best_by_name(candidates: Sequence[Candidate], words: list[str]) -> set[int]:
    """Loans whose owner or business name is in the description; the longest name wins
    ("Siti" and "Siti Aminah" both in "IBU SITI AMINAH": Siti Aminah's loan)."""
    for fuzzy in (False, True):
        scores: dict[int, int] = {}
        for c in candidates:
            score = max(
                _name_score(c.owner_name, words, fuzzy=fuzzy),
                _name_score(c.business_name, words, fuzzy=fuzzy),
            )
            if score:
                scores[c.agreement_id] = max(score, scores.get(c.agreement_id, 0))
        if scores:
            best = max(scores.values())
            return {aid for aid, score in scores.items() if score == best}
    return set()


def match_rows(rows: Sequence[StatementRow], candidates: Sequence[Candidate]) -> list[Match]:
    """One Match per row, in order (see module doc for the rules)."""
    by_number = {_squash(c.number): c.agreement_id for c in candidates}
    by_nik: dict[str, list[int]] = {}
    by_amount: dict[int, list[int]] = {}
    for c in candidates:
        if c.nik:
            by_nik.setdefault(c.nik, []).append(c.agreement_id)
        by_amount.setdefault(c.instalment_amount, []).append(c.agreement_id)
    out = []
    for row in rows:
        squashed = _squash(row.description)
        hits = {aid for number, aid in by_number.items() if number and number in squashed}
        if len(hits) == 1:
            out.append(Match(row, hits.pop(), "number"))
            continue
        niks = set(re.findall(r"(?<!\d)\d{16}(?!\d)", row.description))
        nik_hits = {aid for nik in niks for aid in by_nik.get(nik, [])}
        if len(nik_hits) == 1:
            out.append(Match(row, nik_hits.pop(), "nik"))
            continue
        words = _words(row.description)
        name_hits = _best_by_name(candidates, words)
        if len(name_hits) > 1:
            # One owner with several loans: the amount tells which instalment this is.
            name_hits &= set(by_amount.get(row.amount, []))
        if len(name_hits) == 1:
            out.append(Match(row, name_hits.pop(), "name"))
            continue
        amount_hits = by_amount.get(row.amount, [])
        if len(amount_hits) == 1:
            out.append(Match(row, amount_hits[0], "amount"))
            continue
        out.append(Match(row, None, ""))
    return out
