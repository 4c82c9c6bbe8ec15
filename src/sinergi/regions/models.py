"""The region tree.

Invariants:
- `code` is the Kemendagri code in digits: 2 (province), 4 (regency), 6 (district),
  10 (village). A region's code starts with its parent's code, so "the subtree of X" is
  "every code starting with X" — the rule region scopes are built on.
- `level` always matches the code length.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_LENGTH = {"province": 2, "regency": 4, "district": 6, "village": 10}
LEVEL_OF_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District (kecamatan)")
    VILLAGE = "village", _("Village (desa/kelurahan)")


def level_of(code: str) -> str | None:
    return LEVEL_OF_LENGTH.get(len(code)) if code and code.isdigit() else None


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, code: str) -> RegionQuerySet:
        """The subtree of `code`, itself included (empty code: everything)."""
        return self.filter(code__startswith=code) if code else self.all()

    def children_of(self, code: str) -> RegionQuerySet:
        return self.filter(parent_id=code).order_by("name")

    def regencies(self) -> RegionQuerySet:
        return self.filter(level=Level.REGENCY)


class Region(models.Model):
    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # kabupaten / kota for regencies, desa / kelurahan for villages.
    kind = models.CharField(_("kind"), max_length=12, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def dotted_code(self) -> str:
        """'1901012001' -> '19.01.01.2001', as printed in Kemendagri decrees."""
        c = self.code
        return ".".join(p for p in (c[:2], c[2:4], c[4:6], c[6:10]) if p)

    def covers(self, code: str | None) -> bool:
        return bool(code) and code.startswith(self.code)


# --- Every regency, read once per process ---------------------------------------------
# The registry's filter and business forms list the regencies of the user's scope on
# every page. Regency rows do not change while the server runs: they are written only by
# `loading.load_regions`, which always writes ALL provinces and regencies of the tables
# shipped with the code (an upsert of the same rows, however often it runs, whatever its
# prefixes); nothing else writes regions (no admin, view, API or CLI edit). So once the
# table holds regencies, they are the shipped ones until the code itself changes, which
# restarts every process. An empty answer (before the first load) is not kept, and a
# write in this process (the loader, a save or delete through the ORM) forgets the list.
_regencies: tuple[tuple[str, str], ...] | None = None


def regencies_by_name() -> tuple[tuple[str, str], ...]:
    """(code, name) of every regency, ordered by name (names are unique), per process."""
    global _regencies
    cached = _regencies
    if cached is not None:
        return cached
    rows = tuple(Region.objects.regencies().order_by("name", "code").values_list("code", "name"))
    if rows:
        _regencies = rows
    return rows


def forget_regencies(**_kwargs: object) -> None:
    global _regencies
    _regencies = None


models.signals.post_save.connect(forget_regencies, sender=Region, dispatch_uid="regions-save")
models.signals.post_delete.connect(forget_regencies, sender=Region, dispatch_uid="regions-del")
