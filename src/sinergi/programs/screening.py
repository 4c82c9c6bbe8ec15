"""Screening a cycle's frozen lines with the linkage engine (`sinergi.linkage.screen`).

The ORM feeds plain rows (`Line`); each list goes to the engine as a frame whose columns
are named by field (`ListFrame`: nothing written to disk, no headers for the engine to
guess); `screen()` does the matching; `map_findings` turns its findings back into
(nomination, reason, related, ...) tuples. The web platform screens exactly as
`sinergi screen` does, minus reading the files.

Lists given to the engine:
- proposed: the cycle's active nominations, from their frozen snapshots, in id order;
- received: the ledger of programs of the same kind in the same period (net paid > 0),
  and reference lists of categories dtks/bpum/prakerja overlapping the period;
- exclude:<category>: reference lists asn, bumn, deceased, credit, other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

# The engine's field names for `Line.cells()`, in order.
FIELDS = [
    "owner_name",
    "nik",
    "business_name",
    "address",
    "village",
    "district",
    "regency",
    "phone",
]
PROPOSED_FILE = "nominasi.csv"
LEDGER_FILE = "penyaluran.csv"


@dataclass(frozen=True)
class Line:
    """One row given to the engine; `ref` says what it is ("nomination:12", ...)."""

    ref: str
    label: str
    owner_name: str = ""
    nik: str = ""
    business_name: str = ""
    address: str = ""
    village: str = ""
    district: str = ""
    regency: str = ""
    phone: str = ""
    amount_idr: int | None = None
    aid_kind: str = ""

    def cells(self) -> list[str]:
        return [
            self.owner_name,
            self.nik,
            self.business_name,
            self.address,
            self.village,
            self.district,
            self.regency,
            self.phone,
        ]


@dataclass(frozen=True)
class FoundIssue:
    nomination_ref: str
    reason: str
    related: str
    probability: float | None
    evidence: str
    message_id: str
    message_en: str


def line_from_snapshot(ref: str, snap: dict[str, Any], amount: int | None, kind: str) -> Line:
    return Line(
        ref=ref,
        label=snap.get("name", ""),
        owner_name=snap.get("owner_name", ""),
        nik=snap.get("nik", ""),
        business_name=snap.get("name", ""),
        address=snap.get("address", ""),
        village=snap.get("village", ""),
        district=snap.get("district", ""),
        regency=snap.get("regency", ""),
        phone=snap.get("phone", ""),
        amount_idr=amount,
        aid_kind=kind,
    )


def _frame(name: str, lines: Sequence[Line], with_kind: bool) -> Any:
    """One list as the engine's in-memory list: text columns named by field."""
    from sinergi.linkage import ListFrame

    columns = FIELDS + (["aid_kind", "amount"] if with_kind else [])
    rows = [
        line.cells() + ([line.aid_kind, str(line.amount_idr or "")] if with_kind else [])
        for line in lines
    ]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.Utf8), orient="row")
    return ListFrame(name=name, frame=frame)


def screen_lines(
    proposed: Sequence[Line],
    received: dict[str, Sequence[Line]],
    exclude: dict[str, dict[str, Sequence[Line]]],
) -> list[FoundIssue]:
    """Run the engine on these lines; one FoundIssue per engine finding.

    `received` maps a file stem to lines (e.g. {"penyaluran": ledger, "bpum_3": rows});
    `exclude` maps a category to {file stem: lines}. Empty lists are left out.
    """
    from sinergi.linkage import ScreenOptions, screen_lists

    if not proposed:
        return []
    files: dict[str, Sequence[Line]] = {PROPOSED_FILE: proposed}
    received_lists = []
    for stem, lines in received.items():
        if lines:
            name = f"{stem}.csv"
            with_kind = stem == LEDGER_FILE.removesuffix(".csv")
            received_lists.append(_frame(name, lines, with_kind=with_kind))
            files[name] = lines
    exclude_lists: dict[str, list[Any]] = {}
    for category, groups in exclude.items():
        for stem, lines in groups.items():
            if lines:
                name = f"{stem}.csv"
                exclude_lists.setdefault(category, []).append(_frame(name, lines, with_kind=False))
                files[name] = lines
    options = ScreenOptions(received=received_lists, exclude=exclude_lists)
    result = screen_lists([_frame(PROPOSED_FILE, proposed, with_kind=True)], options)
    return map_findings(result.findings.to_dicts(), files)


def map_findings(
    findings: Sequence[dict[str, Any]], files: dict[str, Sequence[Line]]
) -> list[FoundIssue]:
    """Engine rows (source_file/source_row 1-based) back to our line references."""
    out: list[FoundIssue] = []
    for f in findings:
        line = files[f["source_file"]][int(f["source_row"]) - 1]
        related = ""
        if f.get("related_file") and f.get("related_row") is not None:
            other = files.get(f["related_file"])
            if other is not None:
                rel = other[int(f["related_row"]) - 1]
                related = f"{rel.ref} {rel.label}".strip()
        prob = f.get("match_probability")
        out.append(
            FoundIssue(
                nomination_ref=line.ref,
                reason=f["reason"],
                related=related[:200],
                probability=float(prob) if prob is not None else None,
                evidence=f.get("evidence") or "",
                message_id=f.get("message_id") or "",
                message_en=f.get("message_en") or "",
            )
        )
    return out
