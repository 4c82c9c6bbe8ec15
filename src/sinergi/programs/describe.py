"""Eligibility rules and region scopes in words, for people (never the raw data).

A program page once showed `{'type': 'region', 'codes': ['1901']}` and a scope `1901`:
correct, but unreadable to an officer on a phone. `describe_rules` turns each rule of
`programs.eligibility` into one sentence in the active language ("Berada di Kabupaten
Bangka", "Belum pernah menerima BPUM pada periode program"), and `region_label` names a
region code. Region names come from the region table in ONE query per call; a code the
table does not know is shown as the code itself, so nothing is hidden.

A rule type this module does not know (a newer rule written by another part) is shown by
its type name, never dropped: the page must list every rule the program applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KIND_LABELS = {
    "grant": lambda: _("grant"),
    "loan": lambda: _("partnership loan"),
    "membership": lambda: _("membership"),
    "training": lambda: _("training"),
    "campaign": lambda: _("campaign"),
}
SIZE_LABELS = {
    "mikro": lambda: _("micro"),
    "kecil": lambda: _("small"),
    "menengah": lambda: _("medium"),
}


def _region_name(level: str, name: str, kind: str) -> str:
    """Regency names already carry their kind ("Kabupaten Bangka", "Kota Denpasar");
    villages carry theirs in `kind` (desa / kelurahan, official words in every language)."""
    if level == "province":
        return _("Province %(name)s") % {"name": name}
    if level == "district":
        return _("District %(name)s") % {"name": name}
    if level == "village" and kind:
        return f"{kind.title()} {name}"
    return name


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """{code: 'Kabupaten Bangka'} for the codes the region table knows (one query)."""
    from sinergi.regions.models import Region

    wanted = {str(c) for c in codes if c}
    if not wanted:
        return {}
    regions = Region.objects.filter(code__in=wanted).only("code", "name", "level", "kind")
    return {r.code: _region_name(r.level, r.name, r.kind) for r in regions}


def region_label(code: str | None, names: Mapping[str, str] | None = None) -> str:
    """A region scope in words; '' is all of Indonesia."""
    if not code:
        return _("All of Indonesia")
    names = names if names is not None else region_names([code])
    return names.get(code, code)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(list)s or %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def _one(rule: Mapping[str, Any], names: Mapping[str, str]) -> str:
    kind = rule.get("type")
    if kind == "region":
        places = [names.get(str(c), str(c)) for c in rule.get("codes", [])]
        return _("Located in %(places)s") % {"places": _join(places)}
    if kind == "sector":
        codes = [str(c) for c in rule.get("kbli", [])]
        return _("Sector (KBLI) starting with %(codes)s") % {"codes": _join(codes)}
    if kind == "size_class":
        sizes = [SIZE_LABELS.get(c, lambda c=c: c)() for c in rule.get("classes", [])]
        return _("Size class: %(sizes)s") % {"sizes": _join(sizes)}
    if kind == "covid_affected":
        return _("Affected by Covid-19")
    if kind == "min_months_in_business":
        months = int(rule.get("months") or 0)
        return ngettext(
            "In business for at least %(n)d month",
            "In business for at least %(n)d months",
            months,
        ) % {"n": months}
    if kind == "not_received":
        label = rule.get("label") or KIND_LABELS.get(rule.get("kind", ""), lambda: "?")()
        return _("Has not yet received %(what)s in the program's period") % {"what": label}
    if kind == "list":
        label = rule.get("label") or _("a custom list")
        count = len(rule.get("niks") or [])
        if rule.get("mode") == "include":
            return ngettext(
                "Owner is on %(label)s (%(n)d NIK)", "Owner is on %(label)s (%(n)d NIKs)", count
            ) % {"label": label, "n": count}
        return ngettext(
            "Owner is not on %(label)s (%(n)d NIK)", "Owner is not on %(label)s (%(n)d NIKs)", count
        ) % {"label": label, "n": count}
    return _("Rule of type “%(type)s”") % {"type": kind}


def describe_rules(rules: Iterable[Mapping[str, Any]]) -> list[str]:
    """One sentence per rule, in the active language, in the rules' order."""
    rules = [r for r in rules if isinstance(r, Mapping)]
    codes = [str(c) for r in rules if r.get("type") == "region" for c in r.get("codes", [])]
    names = region_names(codes)
    return [_one(rule, names) for rule in rules]
