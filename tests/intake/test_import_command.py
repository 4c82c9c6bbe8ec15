"""`sinergi import FILE --source NAME --org ORG`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sinergi.cli import main
from sinergi.intake.models import ImportBatch, Source, SourceRecord

pytestmark = pytest.mark.django_db

ORG = "Dinas KUKM Kab. Bangka"


def test_it_imports_a_file_and_reports_the_counts(
    officer_bangka: Any, bangka_csv: Path, capsys: Any
) -> None:
    code = main(["import", str(bangka_csv), "--source", "Pendataan 2020", "--org", ORG])
    assert code == 0
    out = capsys.readouterr().out
    assert "5 baris dibaca / rows read" in out
    batch = ImportBatch.objects.get()
    assert batch.status == "done" and batch.scope_code == "1901"  # the organisation's region
    assert SourceRecord.objects.filter(batch=batch).count() == 5


def test_it_refuses_the_same_file_twice_unless_told_again(
    officer_bangka: Any, bangka_csv: Path, capsys: Any
) -> None:
    args = ["import", str(bangka_csv), "--source", "Pendataan 2020", "--org", ORG]
    assert main(args) == 0
    assert main(args) == 2
    assert "--again" in capsys.readouterr().err
    assert SourceRecord.objects.count() == 5
    assert main([*args, "--again"]) == 0
    assert SourceRecord.objects.count() == 10


def test_a_map_argument_corrects_the_mapping_and_is_remembered(
    officer_bangka: Any, tmp_path: Path
) -> None:
    path = tmp_path / "lain.csv"
    path.write_text("Pemilik,Catatan\nSiti,Kopi\n", encoding="utf-8")
    args = ["import", str(path), "--source", "S", "--org", ORG, "--map", "Catatan=product"]
    assert main(args) == 0
    assert SourceRecord.objects.get().canonical["product"] == "Kopi"
    assert Source.objects.get(name="S").column_map["Catatan"] == "product"


def test_an_unknown_organisation_is_a_usage_error(bangka_csv: Path, capsys: Any) -> None:
    assert main(["import", str(bangka_csv), "--source", "S", "--org", "Tidak Ada"]) == 2
    assert "Tidak Ada" in capsys.readouterr().err


def test_a_missing_file_is_a_usage_error(capsys: Any, tmp_path: Path) -> None:
    assert main(["import", str(tmp_path / "x.csv"), "--source", "S", "--org", ORG]) == 2
    assert "x.csv" in capsys.readouterr().err


def test_without_a_secret_key_in_production_it_says_so_without_a_traceback(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="sinergi.web.settings", SINERGI_VAR_DIR=str(tmp_path))
    csv = tmp_path / "umkm.csv"
    csv.write_text("Nama Usaha,Pemilik\nWarung Bu Siti,Siti\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sinergi.cli", "import", str(csv), "--source", "Uji", "--org", "X"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "SECRET_KEY" in done.stderr and "Traceback" not in done.stderr
