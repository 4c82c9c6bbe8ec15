"""KBLI 2020 sections (kategori) with translated titles, and loading the kelompok codes."""

from __future__ import annotations

import csv
from importlib import resources

from django.utils.translation import gettext_lazy as _

EDITION = "2020"

# ISIC Rev.4 section letters as KBLI uses them; titles are UI text, so they are translated.
CATEGORIES: dict[str, object] = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply, sewerage, waste management and remediation"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade; repair of motor vehicles"),
    "H": _("Transportation and storage"),
    "I": _("Accommodation and food service activities"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support service activities"),
    "O": _("Public administration and defence; compulsory social security"),
    "P": _("Education"),
    "Q": _("Human health and social work activities"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Activities of households as employers"),
    "U": _("Activities of extraterritorial organisations and bodies"),
}


def kelompok_rows() -> list[dict[str, str]]:
    """The 1,790 five-digit KBLI 2020 codes shipped in sinergi/data/kbli."""
    path = resources.files("sinergi.data.kbli").joinpath("kbli2020_kelompok.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_kbli() -> int:
    """Upsert the KBLI 2020 kelompok codes into Sector; returns how many exist."""
    from sinergi.registry.models import Sector

    rows = [
        Sector(code=r["kode"], title=r["judul"], category=r["kategori"], edition=EDITION)
        for r in kelompok_rows()
    ]
    Sector.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["title", "category", "edition"],
    )
    return Sector.objects.count()
