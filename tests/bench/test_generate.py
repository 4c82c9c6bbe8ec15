"""Properties of the synthetic UMKM generator: deterministic, truthful, and its rates mean
what they say. Small sets only (a few thousand rows), so the file runs in seconds."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.corrupt import Rates, format_phone, old_spelling, render_nik, scientific, typo
from bench.generate import generate
from bench.names_data import COMMON_NAMES_FEMALE, COMMON_NAMES_MALE, SECTORS
from sinergi.linkage.normalize.region_tables import load_tables

ROWS = 3000


def _read_rows(data: Path) -> tuple[dict, dict[tuple[str, int], dict[str, str]]]:
    """Manifest, and every data row keyed by (file, 1-based row) as the truth counts them."""
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[tuple[str, int], dict[str, str]] = {}
    for f in manifest["files"]:
        with (data / "sources" / f["file"]).open(encoding=f["encoding"], newline="") as fh:
            lines = list(csv.reader(fh, delimiter=f["delimiter"]))
        header, body = lines[f["title_rows"]], lines[f["title_rows"] + 1 :]
        for i, cells in enumerate(body, start=1):
            rows[(f["file"], i)] = dict(zip(header, cells, strict=True))
    return manifest, rows


def _truth(data: Path, name: str = "truth_detail.csv") -> list[dict[str, str]]:
    with (data / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def default_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default")
    generate(out, ROWS, seed=11)
    return out


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


def test_it_writes_the_same_bytes_for_the_same_seed(tmp_path: Path, default_set: Path) -> None:
    generate(tmp_path, ROWS, seed=11)
    assert _digest(tmp_path) == _digest(default_set)


def test_a_different_seed_gives_different_lists(tmp_path: Path, default_set: Path) -> None:
    generate(tmp_path, ROWS, seed=12)
    assert _digest(tmp_path)["truth.csv"] != _digest(default_set)["truth.csv"]


def test_it_writes_exactly_the_rows_asked_for_with_one_truth_row_each(default_set: Path) -> None:
    manifest, rows = _read_rows(default_set)
    truth = _truth(default_set, "truth.csv")
    assert len(rows) == ROWS == len(truth) == sum(f["rows"] for f in manifest["files"])
    assert {(t["source_file"], int(t["source_row"])) for t in truth} == set(rows)


def test_source_row_counts_data_rows_below_the_header_and_skips_title_rows(
    default_set: Path,
) -> None:
    manifest, rows = _read_rows(default_set)
    assert any(f["title_rows"] for f in manifest["files"]), "no file with title rows to check"
    for (_, i), cells in rows.items():
        assert cells.get("No", cells.get("NO")) == str(i)


def test_rows_without_nik_damage_carry_the_owners_one_true_nik(default_set: Path) -> None:
    manifest, rows = _read_rows(default_set)
    nik_col = {f["file"]: f["columns"].get("nik") for f in manifest["files"]}
    nik_of_person: dict[str, str] = {}
    seen = 0
    for t in _truth(default_set):
        col = nik_col[t["source_file"]]
        if not col or "nik" in t["tags"]:
            continue
        damaged = next(f for f in manifest["files"] if f["file"] == t["source_file"])
        if damaged["excel_damaged"]:
            continue
        digits = re.sub(r"\D", "", rows[(t["source_file"], int(t["source_row"]))][col])
        assert len(digits) == 16
        assert nik_of_person.setdefault(t["person_id"], digits) == digits
        seen += 1
    assert seen > ROWS // 3
    # One NIK, one person: no two owners share a NIK.
    assert len(set(nik_of_person.values())) == len(nik_of_person)


def test_every_true_nik_is_valid_for_a_real_district_and_birth_date(default_set: Path) -> None:
    manifest, rows = _read_rows(default_set)
    tables = load_tables()
    nik_col = {
        f["file"]: f["columns"].get("nik") for f in manifest["files"] if not f["excel_damaged"]
    }
    for t in _truth(default_set):
        col = nik_col.get(t["source_file"])
        if not col or "nik" in t["tags"]:
            continue
        nik = re.sub(r"\D", "", rows[(t["source_file"], int(t["source_row"]))][col])
        assert nik[:6] in tables.districts
        day, month = int(nik[6:8]), int(nik[8:10])
        assert 1 <= day <= 31 or 41 <= day <= 71
        assert 1 <= month <= 12
        assert nik[12:] != "0000"


def test_an_owner_with_two_businesses_is_two_entities(default_set: Path) -> None:
    entities_of_person: dict[str, set[str]] = {}
    for t in _truth(default_set):
        entities_of_person.setdefault(t["person_id"], set()).add(t["entity_id"])
    assert any(len(e) == 2 for e in entities_of_person.values())


def test_very_common_names_are_carried_by_different_people(default_set: Path) -> None:
    manifest, rows = _read_rows(default_set)
    name_col = {f["file"]: f["columns"]["owner_name"] for f in manifest["files"]}
    commons = set(COMMON_NAMES_FEMALE) | set(COMMON_NAMES_MALE)
    people_by_name: dict[str, set[str]] = {}
    for t in _truth(default_set):
        if t["common_name"] == "1" and not t["tags"]:
            name = rows[(t["source_file"], int(t["source_row"]))][name_col[t["source_file"]]]
            if name.strip().title() in commons:
                people_by_name.setdefault(name.strip().title(), set()).add(t["person_id"])
    assert any(len(p) > 1 for p in people_by_name.values())


def test_zero_rates_write_every_value_clean(tmp_path: Path) -> None:
    generate(tmp_path, 1000, seed=3, rates=Rates().scaled(0.0))
    assert all(t["tags"] == "" for t in _truth(tmp_path))


def test_per_cell_rates_are_respected_within_sampling_error(tmp_path: Path) -> None:
    rates = Rates(nik_missing=0.3, phone_missing=0.2, name_typo=0.25, nik_excel_file=0.0)
    generate(tmp_path, 4000, seed=5, rates=rates)
    manifest, _ = _read_rows(tmp_path)
    kind_has = {f["file"]: f["columns"] for f in manifest["files"]}
    detail = _truth(tmp_path)
    for tag, rate, column in (
        ("nik_missing", 0.3, "nik"),
        ("phone_missing", 0.2, "phone"),
        ("name_typo", 0.25, "owner_name"),
    ):
        eligible = [t for t in detail if column in kind_has[t["source_file"]]]
        observed = sum(tag in t["tags"].split(";") for t in eligible) / len(eligible)
        # Typos on very short names are no-ops, so allow a little below the rate.
        assert rate - 0.04 < observed < rate + 0.03, (tag, observed)


def test_scaled_rates_raise_corruption_but_not_the_world() -> None:
    base, raised = Rates(), Rates().scaled(1.5)
    for f in fields(Rates):
        before, after = getattr(base, f.name), getattr(raised, f.name)
        if f.metadata.get("scale"):
            assert after == pytest.approx(min(0.95, before * 1.5))
        else:
            assert after == before


def test_an_excel_damaged_file_shows_only_zeroed_scientific_or_missing_niks(
    tmp_path: Path,
) -> None:
    generate(tmp_path, 1500, seed=9, rates=Rates(nik_excel_file=1.0, nik_kk=0.0))
    manifest, rows = _read_rows(tmp_path)
    damaged = [f for f in manifest["files"] if f["excel_damaged"]]
    assert damaged
    sci = re.compile(r"^\d[.,]\d{1,5}E\+1[45]$")  # 15 digits after a dropped-digit typo
    for f in damaged:
        for i in range(1, f["rows"] + 1):
            v = rows[(f["file"], i)][f["columns"]["nik"]]
            assert v in ("", "-", "0", "belum ada") or sci.match(v) or v.endswith("0"), v


def test_xlsx_lists_keep_their_title_rows_above_the_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rates = Rates(title_rows_file=1.0)
    manifest = generate(tmp_path, 600, seed=2, rates=rates, xlsx=True)
    xlsx = [f for f in manifest["files"] if f["file"].endswith(".xlsx")]  # type: ignore[union-attr]
    assert xlsx
    for f in xlsx:
        ws = load_workbook(tmp_path / "sources" / f["file"], read_only=True).active
        values = list(ws.iter_rows(values_only=True))
        assert values[f["title_rows"]][0] in ("No", "NO")
        assert len(values) == f["title_rows"] + 1 + f["rows"]


def test_every_sector_uses_a_real_kbli_2020_code() -> None:
    path = Path(__file__).parents[2] / "src/sinergi/data/kbli/kbli2020_kelompok.csv"
    with path.open(encoding="utf-8") as fh:
        codes = {row["kode"] for row in csv.DictReader(fh)}
    assert {code for _, code, _, _ in SECTORS} <= codes


@given(st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,2}", fullmatch=True), st.randoms())
def test_a_typo_keeps_the_first_letter_and_the_number_of_words(name: str, rng) -> None:
    out = typo(name, rng)
    assert out[0] == name[0]
    assert len(out.split(" ")) == len(name.split(" "))
    assert abs(len(out) - len(name)) <= 2


@given(st.from_regex(r"08[1-9][0-9]{8,10}", fullmatch=True), st.randoms())
def test_a_formatted_phone_keeps_the_subscriber_digits(phone: str, rng) -> None:
    digits = re.sub(r"\D", "", format_phone(phone, rng))
    assert digits.removeprefix("62").removeprefix("0") == phone[1:]


@given(st.from_regex(r"[1-9][0-9]{15}", fullmatch=True), st.randoms())
def test_scientific_notation_keeps_six_significant_digits(nik: str, rng) -> None:
    text = scientific(nik, rng).replace(",", ".")
    assert text.endswith("E+15")
    assert abs(float(text) - int(nik)) <= 5 * 10**10


def test_old_spelling_writes_names_as_before_1972() -> None:
    assert old_spelling("Cahyono Wijaya") == "Tjahjono Widjaja"
    assert old_spelling("Nyoman Syaiful") == "Njoman Sjaifoel"
    assert old_spelling("Khadijah") == "Chadidjah"


def test_a_nik_in_an_undamaged_file_keeps_its_digits_when_only_formatted() -> None:
    import random

    rng = random.Random(1)
    rates = Rates().scaled(0.0)
    rates = Rates(**{**rates.__dict__, "nik_format": 1.0})
    for _ in range(50):
        tags: list[str] = []
        out = render_nik("3271024501900003", rng, rates, tags)
        assert re.sub(r"\D", "", out) == "3271024501900003" and not tags
