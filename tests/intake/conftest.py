"""Intake fixtures: small messy source files and a batch factory.

Files are tiny CSVs written inline (fast; every test sees the exact cells it checks).
`settings.VAR_DIR` points at a temporary directory so uploads never touch var/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

BANGKA_CSV = (
    "No,Nama Pemilik,NIK,Nama Usaha,Alamat,Kecamatan,Desa,No. HP\n"
    "1,Siti Aminah,1901015507850001,Warung Bu Siti,Jl. Merdeka No. 5,Sungailiat,Sri Menanti,"
    "081234567890\n"
    "2,H. Ahmad Yani,1.90101E+15,Toko Ahmad,Jl. Sudirman 7,Sungailiat,Sri Menanti,0812-1111-2222\n"
    "3,,,,,,,\n"
    "4,Made Wirawan,5171011203800002,Kedai Made,Jl. Bypass,Denpasar Selatan,Serangan,0361222333\n"
    "5,Rina,190101550785000,Kios Rina,Jl. Melati 2,Sungailiat,Desa Entah,08123\n"
)


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _no_linking(monkeypatch: Any) -> None:
    """Intake tests test intake: the review app's linker is replaced where a test needs it."""
    from sinergi.intake import pipeline

    monkeypatch.setattr(pipeline, "link_records_function", lambda: None)


@pytest.fixture
def bangka_csv(tmp_path: Path) -> Path:
    path = tmp_path / "dinas_bangka.csv"
    path.write_text(BANGKA_CSV, encoding="utf-8")
    return path


def csv_rows(n: int, start: int = 1) -> str:
    """A header + n valid-looking rows of Kab. Bangka."""
    lines = ["Nama Pemilik,NIK,Nama Usaha,Kecamatan,Desa"]
    for i in range(start, start + n):
        lines.append(f"Pemilik {i},19010155078{i:05d},Warung {i},Sungailiat,Sri Menanti")
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_batch(officer_bangka: Any) -> Callable[..., Any]:
    """make_batch(text_or_path, user=officer_bangka, name=...) -> a draft ImportBatch."""
    from sinergi.intake.actions import Upload, create_batch

    def make(content: str | Path, user: Any = None, name: str = "dinas_bangka.csv") -> Any:
        data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8")
        return create_batch(
            user or officer_bangka,
            source_name="Dinas Kab. Bangka, pendataan UMKM",
            uploads=[Upload(name, [data])],
        )

    return make
