"""`screen()` on the small story of tests/linkage/test_screen_story.py.

The lists are far below MIN_TRAINING_ROWS, so the deterministic default model scores
them; each configuration runs once per module.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sinergi.linkage.screen.findings import clean_mask
from sinergi.linkage.screen.pipeline import ScreenOptions, screen


def _load_story():
    """The shared story module, loaded by path (tests are not a package)."""
    import importlib.util

    path = Path(__file__).with_name("test_screen_story.py")
    spec = importlib.util.spec_from_file_location("screen_story", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STORY = _load_story()
PERIOD, write_all = STORY.PERIOD, STORY.write_all


def _run(folder: Path, **kw) -> tuple[set[tuple[str, int, str]], object]:
    paths = write_all(folder)
    options = ScreenOptions(
        received=[paths["received"]],
        exclude={"asn": [paths["asn"]], "deceased": [paths["deceased"]]},
        period_from=date.fromisoformat(PERIOD[0]),
        period_to=date.fromisoformat(PERIOD[1]),
        **kw,
    )
    result = screen([paths["a"], paths["b"]], options)
    found = {
        (f, r, reason)
        for f, r, reason in result.findings.select(
            "source_file", "source_row", "reason"
        ).iter_rows()
    }
    return found, result


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("screen_default"))


@pytest.fixture(scope="module")
def any_kind_run(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("screen_any"), per_kind=False)


EXPECTED = {
    ("usulan_a.csv", 3, "DUPLICATE_IN_LIST"),
    ("usulan_a.csv", 4, "ALREADY_RECEIVED"),
    ("usulan_a.csv", 5, "EXCLUDED_ASN"),
    ("usulan_a.csv", 5, "NIK_SHARED"),
    ("usulan_a.csv", 6, "NIK_MISSING"),
    ("usulan_a.csv", 7, "NIK_INVALID"),
    ("usulan_a.csv", 8, "EXCLUDED_ASN"),
    ("usulan_a.csv", 8, "NIK_SHARED"),
    ("usulan_b.csv", 1, "NIK_DAMAGED"),
    ("usulan_b.csv", 1, "DUPLICATE_IN_LIST"),
    ("usulan_b.csv", 2, "EXCLUDED_DECEASED"),
}


def test_it_reports_every_case_of_the_story_and_nothing_else(default_run):
    found, _ = default_run
    assert found == EXPECTED


def test_the_earliest_row_of_a_duplicate_group_is_kept_and_named_as_related(default_run):
    _, result = default_run
    dup = result.findings.filter(pl.col("reason") == "DUPLICATE_IN_LIST").sort(
        "source_file", "source_row"
    )
    assert dup.select("source_file", "source_row", "related_file", "related_row").rows() == [
        ("usulan_a.csv", 3, "usulan_a.csv", 1),
        ("usulan_b.csv", 1, "usulan_a.csv", 2),
    ]
    assert dup["match_probability"].min() >= 0.6


def test_a_nik_damaged_by_excel_is_still_matched_to_the_same_person(default_run):
    found, result = default_run
    assert ("usulan_b.csv", 1, "NIK_DAMAGED") in found
    assert ("usulan_b.csv", 1, "DUPLICATE_IN_LIST") in found
    evidence = result.findings.filter(
        (pl.col("source_file") == "usulan_b.csv") & (pl.col("reason") == "DUPLICATE_IN_LIST")
    )["evidence"][0]
    assert "nama pemilik sama" in evidence and "alamat" in evidence


def test_an_exact_nik_match_is_explained_as_such_with_probability_one(default_run):
    _, result = default_run
    asn = result.findings.filter(
        (pl.col("reason") == "EXCLUDED_ASN") & (pl.col("source_row") == 5)
    ).row(0, named=True)
    assert asn["match_probability"] == 1.0
    assert asn["evidence"].startswith("NIK sama (16 digit)")
    assert asn["related_file"] == "asn.csv" and asn["related_row"] == 1


def test_a_payment_outside_the_period_is_not_already_received(default_run):
    found, result = default_run
    assert ("usulan_b.csv", 2, "ALREADY_RECEIVED") not in found
    received = next(f for f in result.files if f.role == "received")
    assert received.date_column == "TANGGAL CAIR"
    assert received.outside_period == 1


def test_every_proposed_row_is_either_clean_or_has_a_finding(default_run):
    _, result = default_run
    flagged = set(result.findings["unique_id"].to_list())
    clean = set(result.proposed.filter(clean_mask(result.proposed, result.findings))["unique_id"])
    assert flagged | clean == set(result.proposed["unique_id"].to_list())
    assert not flagged & clean
    # a:1, a:2 (kept rows of duplicates), a:9 (another aid kind), a:10, b:3
    assert len(clean) == 5


def test_any_kind_makes_two_aid_kinds_one_duplicate_and_counts_other_kinds_received(
    any_kind_run,
):
    found, _ = any_kind_run
    assert ("usulan_a.csv", 9, "DUPLICATE_IN_LIST") in found
    assert ("usulan_b.csv", 3, "ALREADY_RECEIVED") in found
    assert found - EXPECTED == {
        ("usulan_a.csv", 9, "DUPLICATE_IN_LIST"),
        ("usulan_b.csv", 3, "ALREADY_RECEIVED"),
    }


def test_keep_last_keeps_the_latest_row_instead(tmp_path):
    found, _ = _run(tmp_path, keep="last")
    assert ("usulan_a.csv", 1, "DUPLICATE_IN_LIST") in found
    assert ("usulan_a.csv", 3, "DUPLICATE_IN_LIST") not in found


def test_the_two_pass_path_for_large_reference_lists_finds_the_same(tmp_path, default_run):
    found, _ = _run(tmp_path, prefilter_from_rows=0)
    assert found == default_run[0]


def test_it_refuses_a_period_that_ends_before_it_starts(tmp_path):
    paths = write_all(tmp_path)
    with pytest.raises(ValueError, match="after"):
        screen(
            [paths["a"]],
            ScreenOptions(period_from=date(2022, 1, 1), period_to=date(2021, 1, 1)),
        )


UNDERFLOW = (
    "m_probability value 1e-320 is below the minimum allowed value of 1e-300. Values this "
    "small cannot be represented accurately as float64 and will underflow to 0.0."
)


def test_an_em_underflow_screens_with_the_default_model_and_finds_the_same(
    tmp_path, monkeypatch, default_run
):
    """Lists with almost no true matches can make EM underflow (Splink refuses the m
    value): the run goes on with the engine's parameters for small inputs."""
    import sinergi.linkage.screen.pipeline as link

    def degenerate(*args, **kwargs):
        raise ValueError(UNDERFLOW)

    monkeypatch.setattr(link, "train_model", degenerate)
    found, _ = _run(tmp_path)
    assert found == default_run[0]


def test_any_other_training_error_still_stops_the_run(tmp_path, monkeypatch):
    import sinergi.linkage.screen.pipeline as link

    def broken(*args, **kwargs):
        raise ValueError("a model made for other settings")

    monkeypatch.setattr(link, "train_model", broken)
    with pytest.raises(ValueError, match="other settings"):
        _run(tmp_path)


def _in_memory(path: Path):
    """The list at `path` as the platform hands lists over: a frame named by field."""
    from sinergi.linkage import ListFrame, read_table, recognise_table

    table = read_table(path)
    mapping = recognise_table(table)
    named = {header: fld for fld, header in mapping.fields.items()}
    frame = table.frame.select([pl.col(h).alias(named.get(h, h)) for h in table.headers])
    return ListFrame(name=table.file, frame=frame)


def test_lists_in_memory_screen_as_the_same_lists_read_from_files(tmp_path, default_run):
    paths = write_all(tmp_path)
    options = ScreenOptions(
        received=[_in_memory(paths["received"])],
        exclude={"asn": [_in_memory(paths["asn"])], "deceased": [_in_memory(paths["deceased"])]},
        period_from=date.fromisoformat(PERIOD[0]),
        period_to=date.fromisoformat(PERIOD[1]),
    )
    result = screen([_in_memory(paths["a"]), _in_memory(paths["b"])], options)
    found = set(result.findings.select("source_file", "source_row", "reason").iter_rows())
    assert found == default_run[0] == EXPECTED
