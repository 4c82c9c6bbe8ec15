"""Eligibility rules as data, evaluated in one place.

A program's `eligibility_rules` is a list of dicts, each with a `type`:

- `{"type": "region", "codes": ["1901", "1971"]}` — located in one of these regions
- `{"type": "sector", "kbli": ["56", "47"]}` — KBLI code starting with one of these
- `{"type": "size_class", "classes": ["mikro", "kecil"]}`
- `{"type": "covid_affected"}` — marked affected by Covid-19
- `{"type": "min_months_in_business", "months": 6}` — counted from the END of the
  founding year (only the year is recorded), so it never over-counts
- `{"type": "not_received", "kind": "grant", "label": "BPUM"}` — has not received a
  program of that kind in the period (ledger entries and reference lists of that kind);
  `"source": "bpum"` restricts it to one reference category
- `{"type": "list", "mode": "include" | "exclude", "niks": [...], "label": "..."}` — a
  custom list of owners' NIKs

Every function here is pure: it takes a business *snapshot* (the dict
`programs.snapshots.business_snapshot` builds, the same one a nomination freezes) and its
*history* (a list of `{"kind", "period", "label", "source"}` dicts), and returns results
with a message in Bahasa Indonesia and English. Nothing else in Sinergi decides
eligibility.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

RULE_TYPES = (
    "region",
    "sector",
    "size_class",
    "covid_affected",
    "min_months_in_business",
    "not_received",
    "list",
)
KIND_LABELS_ID = {
    "grant": "hibah",
    "loan": "pinjaman kemitraan",
    "membership": "keanggotaan",
    "training": "pelatihan",
    "campaign": "kampanye",
}


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule for one business."""

    rule: Mapping[str, Any]
    passed: bool
    message_id: str
    message_en: str


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    results: tuple[RuleResult, ...]

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def explain(self, lang: str = "id") -> str:
        """'memenuhi syarat' or 'tidak memenuhi syarat: <reasons>' (or the English)."""
        if self.eligible:
            return "memenuhi syarat" if lang == "id" else "eligible"
        reasons = "; ".join(r.message_id if lang == "id" else r.message_en for r in self.failed)
        return f"tidak memenuhi syarat: {reasons}" if lang == "id" else f"not eligible: {reasons}"

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {"rule": dict(r.rule), "passed": r.passed, "id": r.message_id, "en": r.message_en}
            for r in self.results
        ]


def validate_rules(rules: Any) -> list[dict[str, Any]]:
    """The rules, checked; raises ValueError naming the rule (1-based) that is wrong."""
    if not isinstance(rules, list):
        raise ValueError("aturan harus berupa daftar / rules must be a list")
    for i, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or rule.get("type") not in RULE_TYPES:
            raise ValueError(
                f"aturan {i}: jenis tidak dikenal / rule {i}: unknown type "
                f"{rule.get('type') if isinstance(rule, dict) else rule!r}"
            )
        kind = rule["type"]
        needs = {
            "region": "codes",
            "sector": "kbli",
            "size_class": "classes",
            "min_months_in_business": "months",
            "not_received": "kind",
        }.get(kind)
        if needs and not rule.get(needs):
            raise ValueError(f"aturan {i} ({kind}): '{needs}' kosong / rule {i}: '{needs}' empty")
        if kind == "list" and rule.get("mode") not in ("include", "exclude"):
            raise ValueError(f"aturan {i} (list): mode include/exclude / rule {i}: mode?")
    return rules


def _region(rule: Mapping[str, Any], snap: Mapping[str, Any]) -> RuleResult:
    code = snap.get("village_code") or snap.get("regency_code") or ""
    codes = [str(c) for c in rule["codes"]]
    ok = any(code.startswith(c) for c in codes)
    where = ", ".join(codes)
    return RuleResult(
        rule,
        ok,
        "berada di wilayah program" if ok else f"di luar wilayah program ({where})",
        "inside the program's region" if ok else f"outside the program's region ({where})",
    )


def _sector(rule: Mapping[str, Any], snap: Mapping[str, Any]) -> RuleResult:
    code = snap.get("sector_code") or ""
    wanted = [str(c) for c in rule["kbli"]]
    ok = bool(code) and any(code.startswith(c) for c in wanted)
    shown = code or "-"
    return RuleResult(
        rule,
        ok,
        f"KBLI {shown} sesuai" if ok else f"KBLI {shown} bukan sektor program",
        f"KBLI {shown} matches" if ok else f"KBLI {shown} is not a program sector",
    )


def _size(rule: Mapping[str, Any], snap: Mapping[str, Any]) -> RuleResult:
    size = snap.get("size_class") or ""
    ok = size in rule["classes"]
    shown = size or "tidak diketahui"
    return RuleResult(
        rule,
        ok,
        f"skala usaha {shown}" if ok else f"skala usaha {shown} tidak termasuk",
        f"size class {size or 'unknown'}"
        if ok
        else f"size class {size or 'unknown'} is not included",
    )


def _covid(rule: Mapping[str, Any], snap: Mapping[str, Any]) -> RuleResult:
    ok = snap.get("covid_affected") is True
    return RuleResult(
        rule,
        ok,
        "terdampak Covid-19" if ok else "tidak tercatat terdampak Covid-19",
        "affected by Covid-19" if ok else "not recorded as affected by Covid-19",
    )


def months_in_business(founded_year: int | None, on: date) -> int | None:
    """Whole months from the end of `founded_year` to `on` (never over-counts)."""
    if not founded_year:
        return None
    return max(0, (on.year - founded_year - 1) * 12 + on.month)


def _months(rule: Mapping[str, Any], snap: Mapping[str, Any], on: date) -> RuleResult:
    need = int(rule["months"])
    have = months_in_business(snap.get("founded_year"), on)
    ok = have is not None and have >= need
    if have is None:
        return RuleResult(
            rule,
            False,
            f"tahun berdiri tidak diketahui (perlu minimal {need} bulan)",
            f"founding year unknown (needs at least {need} months)",
        )
    return RuleResult(
        rule,
        ok,
        f"usaha berjalan {have} bulan (minimal {need})",
        f"in business {have} months (at least {need})",
    )


def _not_received(
    rule: Mapping[str, Any], history: Sequence[Mapping[str, Any]], period_key: str
) -> RuleResult:
    kind = rule["kind"]
    source = rule.get("source")
    hits = [
        h
        for h in history
        if h.get("kind") == kind
        and str(h.get("period", "")) == period_key
        and (source is None or h.get("source") == source)
    ]
    label = rule.get("label") or KIND_LABELS_ID.get(kind, kind)
    if hits:
        got = hits[0].get("label") or label
        return RuleResult(
            rule,
            False,
            f"sudah menerima {got} pada {period_key}",
            f"already received {got} in {period_key}",
        )
    return RuleResult(
        rule,
        True,
        f"belum menerima {label} pada {period_key}",
        f"has not received {label} in {period_key}",
    )


def _listed(rule: Mapping[str, Any], snap: Mapping[str, Any]) -> RuleResult:
    on_list = (snap.get("nik") or "") in {str(n) for n in rule.get("niks", [])}
    label = rule.get("label") or "daftar khusus"
    if rule["mode"] == "include":
        ok = on_list
        return RuleResult(
            rule,
            ok,
            f"ada di {label}" if ok else f"tidak ada di {label}",
            f"on {label}" if ok else f"not on {label}",
        )
    ok = not on_list
    return RuleResult(
        rule,
        ok,
        f"tidak ada di {label}" if ok else f"tercantum di {label}",
        f"not on {label}" if ok else f"listed on {label}",
    )


def evaluate(
    rules: Iterable[Mapping[str, Any]],
    snapshot: Mapping[str, Any],
    history: Sequence[Mapping[str, Any]] = (),
    *,
    period_key: str,
    on: date,
) -> Verdict:
    """Every rule applied to one business; eligible iff every rule passes.

    `period_key` is the program's period (e.g. '2020'); `on` is the date months in
    business are counted to (the program's start).
    """
    results: list[RuleResult] = []
    for rule in rules:
        kind = rule.get("type")
        if kind == "region":
            results.append(_region(rule, snapshot))
        elif kind == "sector":
            results.append(_sector(rule, snapshot))
        elif kind == "size_class":
            results.append(_size(rule, snapshot))
        elif kind == "covid_affected":
            results.append(_covid(rule, snapshot))
        elif kind == "min_months_in_business":
            results.append(_months(rule, snapshot, on))
        elif kind == "not_received":
            results.append(_not_received(rule, history, period_key))
        elif kind == "list":
            results.append(_listed(rule, snapshot))
        else:
            raise ValueError(f"unknown rule type {kind!r}")
    return Verdict(all(r.passed for r in results), tuple(results))
