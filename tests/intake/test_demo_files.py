"""The demo's messy regency files: readable, deterministic, and messy as promised."""

from __future__ import annotations

from pathlib import Path

from sinergi.intake.demo_files import write_demo_files
from sinergi.linkage.io.columns import recognise_table
from sinergi.linkage.io.read import read_table


def test_the_three_regency_files_are_deterministic_and_messy(tmp_path: Path) -> None:
    first = write_demo_files(tmp_path / "a", seed=5, registry_count=600)
    second = write_demo_files(tmp_path / "b", seed=5, registry_count=600)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes()
    bangka, pangkalpinang, _tengah = (read_table(p) for p in first)
    assert bangka.header_row == 4  # title rows above the header
    assert "NIK" in bangka.numeric_columns  # Excel stored the NIKs as numbers
    # An unknown header, read from its values (shop words); the page says why.
    mapping = recognise_table(pangkalpinang)
    assert mapping.fields["business_name"] == "Usaha"
    assert "nilai diawali kata usaha" in mapping.choice_for("Usaha").reason_id
