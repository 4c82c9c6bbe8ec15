"""The Splink model on tiny hand-made normalised rows.

A few hundred background rows (people with one to three records each, seeded) give EM
something to learn from; the rows under test are appended with known ids. Training
runs once per module to keep the suite fast.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import random
import shutil

import polars as pl
import pytest

from sinergi.linkage.clusters import cluster
from sinergi.linkage.model import scoring as M

FIRST = [
    "siti",
    "muhammad",
    "agus",
    "budi",
    "dewi",
    "rina",
    "joko",
    "ahmad",
    "sri",
    "eko",
    "wayan",
    "made",
    "nur",
    "dian",
    "yanti",
    "hendra",
    "putu",
    "rudi",
]
LAST = [
    "rahayu",
    "santoso",
    "wijaya",
    "lestari",
    "saputra",
    "hidayat",
    "nugroho",
    "kurniawan",
    "putra",
    "sari",
    "setiawan",
    "handayani",
    "pratama",
    "susanti",
]
BUSINESS = [
    ("warung", "56102"),
    ("toko", "47111"),
    ("laundry", "96201"),
    ("bengkel", "45201"),
    ("kedai kopi", "56303"),
    ("salon", "96111"),
    ("konveksi", "14111"),
]
SUFFIX = ["jaya", "makmur", "abadi", "berkah", "sejahtera", "mandiri"]


def _row(uid: int, **values: object) -> dict[str, object]:
    name = values.get("name_key")
    tokens = str(name).split() if name else []
    base: dict[str, object] = {
        "unique_id": uid,
        "name_phonetic": name.replace("y", "i") if isinstance(name, str) else None,
        "name_first": tokens[0] if tokens else None,
        "name_last": tokens[-1] if tokens else None,
    }
    base.update(values)
    phone = base.get("phone_e164")
    base.setdefault("phones", [phone] if phone else [])
    return base


def background(seed: int = 7, people: int = 160) -> list[dict[str, object]]:
    """Seeded people with 1-3 noisy records each; ids from 0."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for _ in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        kind, kbli = rng.choice(BUSINESS)
        business = f"{kind} {rng.choice(LAST)} {rng.choice(SUFFIX)}"
        nik = f"3201{rng.randint(10, 99)}{rng.randint(10**9, 10**10 - 1)}"
        phone = f"+628{rng.randint(10**8, 10**9 - 1)}"
        district = f"3201{rng.randint(10, 40)}"
        village = f"{district}{rng.randint(1001, 1020)}"
        street = rng.choice(["merdeka", "sudirman", "diponegoro", "ahmad yani", "pemuda"])
        house = str(rng.randint(1, 120))
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 15000))
        for _ in range(rng.choice([1, 1, 2, 3])):
            name = f"{first} {last}" if rng.random() < 0.8 else f"{first} {last[:-1]}"
            rows.append(
                _row(
                    len(rows),
                    nik_full=nik if rng.random() < 0.75 else None,
                    nik15=nik[:15] if rng.random() < 0.9 else None,
                    name_key=name,
                    business_key=business if rng.random() < 0.85 else None,
                    address_clean=f"{street} {house}",
                    street=street,
                    house_number=house,
                    rt=str(rng.randint(1, 9)),
                    rw=str(rng.randint(1, 5)),
                    village_code=village,
                    district_code=district,
                    regency_code="3201",
                    phone_e164=phone if rng.random() < 0.8 else None,
                    sector_code=kbli if rng.random() < 0.5 else None,
                    sector_clean=kind,
                    birth_date_clean=born if rng.random() < 0.7 else None,
                )
            )
    return rows


def _person(uid: int, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "nik_full": "3201014107850003",
        "nik15": "320101410785000",
        "name_key": "siti rahayu",
        "business_key": "siti",
        "address_clean": "melati 7",
        "street": "melati",
        "house_number": "7",
        "rt": "2",
        "rw": "5",
        "village_code": "3201011001",
        "district_code": "320101",
        "regency_code": "3201",
        "phone_e164": "+6281234500001",
        "sector_code": None,
        "sector_clean": "makanan",
        "birth_date_clean": dt.date(1985, 7, 1),
    }
    values.update(overrides)
    return _row(uid, **values)


def special_rows(start: int) -> dict[str, dict[str, object]]:
    """The rows each test is about, keyed by a readable name."""
    rows = {
        # "H. Muhammad Rizki, S.E." and "Moch. Rizky" normalise to these keys.
        "rizki_a": _person(
            0,
            nik_full=None,
            nik15=None,
            name_key="muhammad rizki",
            business_key="rizki cell",
            phone_e164="+6281299887766",
            sector_clean="konter pulsa",
            birth_date_clean=None,
        ),
        "rizki_b": _person(
            0,
            nik_full=None,
            nik15=None,
            name_key="muhammad rizky",
            business_key=None,
            phone_e164="+6281299887766",
            sector_clean=None,
            birth_date_clean=None,
            address_clean=None,
            street=None,
            house_number=None,
            rt=None,
            rw=None,
        ),
        # The same owner with two businesses: a food stall and a laundry.
        "siti_warung": _person(0, business_key="siti", sector_code="56102", sector_clean="makanan"),
        "siti_laundry": _person(
            0, business_key="laundry siti bersih", sector_code="96201", sector_clean="laundry"
        ),
        # A NIK typed into Excel as a number: the last digit became 0.
        "nik_intact": _person(
            0,
            nik_full="3374115508790007",
            nik15="337411550879000",
            name_key="dewi anggraini",
            business_key="dewi collection",
            phone_e164="+6285640001122",
            village_code="3374111002",
            district_code="337411",
            regency_code="3374",
            address_clean="pandanaran 12",
            street="pandanaran",
            house_number="12",
            sector_clean="pakaian",
        ),
        "nik_damaged": _person(
            0,
            nik_full=None,
            nik15="337411550879000",
            name_key="dewi anggraini",
            business_key="dewi collection",
            phone_e164=None,
            village_code="3374111002",
            district_code="337411",
            regency_code="3374",
            address_clean=None,
            street=None,
            house_number=None,
            sector_clean=None,
        ),
    }
    for i, row in enumerate(rows.values()):
        row["unique_id"] = start + i
    return rows


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture(scope="module")
def data() -> tuple[pl.DataFrame, dict[str, int]]:
    rows = background()
    special = special_rows(len(rows))
    frame = _frame(rows + list(special.values()))
    return frame, {k: int(v["unique_id"]) for k, v in special.items()}


@pytest.fixture(scope="module")
def run(data: tuple[pl.DataFrame, dict[str, int]]) -> tuple[M.Scored, dict[str, str]]:
    frame, ids = data
    scored = M.score(M.model_frame(frame))
    clusters = cluster(frame["unique_id"], scored.pairs, threshold=0.9).clusters
    by_id = dict(
        zip(clusters["unique_id"].to_list(), clusters["cluster_id"].to_list(), strict=True)
    )
    return scored, {name: by_id[uid] for name, uid in ids.items()}


def test_a_titled_name_and_its_short_spelling_with_the_same_phone_cluster_together(run):
    _, clusters = run
    assert clusters["rizki_a"] == clusters["rizki_b"]


def test_two_businesses_of_the_same_owner_stay_apart(run):
    _, clusters = run
    assert clusters["siti_warung"] != clusters["siti_laundry"]


def test_the_hard_negative_pair_is_scored_low_and_kept_for_clustering(run, data):
    scored, _ = run
    _, ids = data
    a, b = sorted((ids["siti_warung"], ids["siti_laundry"]))
    pair = scored.pairs.filter((pl.col("unique_id_l") == a) & (pl.col("unique_id_r") == b))
    assert pair.height == 1
    assert pair["gamma_business_name"][0] == 0
    assert pair["mw_business_name"][0] < -10
    assert pair["match_probability"][0] < 0.5


def test_a_nik_damaged_by_excel_matches_its_intact_twin(run, data):
    scored, clusters = run
    _, ids = data
    assert clusters["nik_intact"] == clusters["nik_damaged"]
    a, b = sorted((ids["nik_intact"], ids["nik_damaged"]))
    pair = scored.pairs.filter((pl.col("unique_id_l") == a) & (pl.col("unique_id_r") == b))
    assert pair["gamma_nik"][0] == 3 - 1  # the "15 digits equal, one NIK damaged" level
    assert pair["mw_nik"][0] > 5


def test_the_same_input_gives_the_same_model_and_the_same_pairs(run, data):
    scored, _ = run
    frame, _ = data
    again = M.score(M.model_frame(frame))
    assert again.pairs.select("unique_id_l", "unique_id_r", "gamma_nik").equals(
        scored.pairs.select("unique_id_l", "unique_id_r", "gamma_nik")
    )
    diff = (again.pairs["match_weight"] - scored.pairs["match_weight"]).abs().max()
    assert diff < 1e-6


def test_a_saved_model_scores_without_training_and_gives_the_same_weights(run, data, tmp_path):
    scored, _ = run
    frame, _ = data
    M.save_model(scored.model, tmp_path / "model.json")
    reused = M.score(M.model_frame(frame), model=M.load_model(tmp_path / "model.json"))
    assert not reused.trained
    assert "training" not in reused.timings
    diff = (reused.pairs["match_weight"] - scored.pairs["match_weight"]).abs().max()
    assert diff < 1e-6


def test_blocking_counts_are_exact_pair_counts_per_rule(run, data):
    scored, _ = run
    frame, _ = data
    # The first rule (capped NIK) adds every pair of rows sharing a blk_nik value.
    groups = M.model_frame(frame).drop_nulls("blk_nik").group_by("blk_nik").len()["len"]
    first = scored.blocking[0]
    assert "blk_nik" in first["rule"]
    assert first["pairs"] == int((groups * (groups - 1) // 2).sum()) > 0
    assert scored.blocking[-1]["cumulative"] == sum(b["pairs"] for b in scored.blocking)
    assert not any(b["estimate"] for b in scored.blocking)


def test_training_pair_counts_in_one_query_equal_splinks_blocking_analysis(data):
    # The prior's rules (pairs found by any of them) and each EM rule's pairs, counted
    # in one query, are the counts Splink's blocking analysis gives rule by rule.
    from splink import block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    frame, _ = data
    spec = M.load_spec()
    db_api = M.make_db_api("duckdb")
    sdf = M.register_frame(db_api, M.model_frame(frame), "count_check")

    def splink_count(rules):
        records = count_comparisons_from_blocking_rules(
            sdf,
            blocking_rules=[block_on(*cols) for cols in rules],
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            record_sample_proportion=1.0,
        )
        return int(records[-1]["cumulative_comparison_count"])

    prior, em = M.count_training_pairs(sdf, spec)
    training = spec["training"]
    assert prior == splink_count(training["prior_rules"]) > 0
    assert em == [splink_count([cols]) for cols in training["em_rules"]]
    assert em[0] > 0


def test_only_pairs_above_the_floor_or_hard_negatives_leave_the_engine(run):
    scored, _ = run
    pairs = scored.pairs
    low = pairs.filter(pl.col("match_probability") < 0.01)
    # Everything below the floor is a hard negative: business names differ, and the rest
    # of the evidence says "same owner".
    assert low.height > 0
    assert (low["gamma_business_name"] == 0).all()
    assert (low["match_weight"] - low["mw_business_name"] > 0).all()
    blocked = sum(b["pairs"] for b in scored.blocking)
    assert pairs.height < blocked


def test_a_model_for_other_comparisons_is_refused(run):
    scored, _ = run
    spec = M.load_spec()
    spec["comparisons"] = spec["comparisons"][:-1]
    with pytest.raises(ValueError, match="different comparisons"):
        M.build_settings(spec, trained=scored.model)


def test_regularising_bounds_every_weight_and_keeps_the_pinned_hard_negative():
    spec = M.load_spec()
    raw = {
        "probability_two_random_records_match": 0.001,
        "comparisons": [
            {
                "output_column_name": "x",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.99, "u_probability": 1e-12},
                    {"m_probability": 1e-30, "u_probability": 0.9},
                    {"m_probability": 1e-5, "u_probability": 0.1, "fix_m_probability": True},
                ],
            }
        ],
    }
    out = M.regularise(raw, spec)
    levels = out["comparisons"][0]["comparison_levels"]
    assert levels[1]["u_probability"] == pytest.approx(1e-5)
    assert levels[2]["m_probability"] == pytest.approx(1e-3)
    assert levels[3]["m_probability"] == pytest.approx(1e-5)
    assert M.regularise(out, spec) == out


def test_a_phone_shared_by_many_rows_is_not_a_blocking_key():
    rows = [_row(i, name_key=f"orang {i}", phone_e164="+628111") for i in range(60)]
    rows.append(_row(60, name_key="sendiri", phone_e164="+628222"))
    rows.append(_row(61, name_key="sendiri", phone_e164="+628222"))
    frame = M.model_frame(_frame(rows))
    assert frame["blk_phone"].null_count() == 60
    assert frame["blk_phone"][60] == "+628222"


def test_blank_text_and_empty_phone_lists_are_unknown_not_different():
    frame = M.model_frame(_frame([_row(0, name_key=" ", phone_e164=None, phones=[])]))
    assert frame["name_key"][0] is None
    assert frame["phones"][0] is None


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark not installed")
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark")
def test_spark_scores_the_same_pairs_as_duckdb_with_the_same_model(run, data):
    scored, _ = run
    frame, _ = data
    spark = M.score(M.model_frame(frame), engine="spark", model=scored.model)
    joined = scored.pairs.join(spark.pairs, on=["unique_id_l", "unique_id_r"], how="full")
    assert joined.height == scored.pairs.height
    diff = (joined["match_weight"] - joined["match_weight_right"]).abs().max()
    assert diff < 1e-6


def test_a_file_too_small_to_train_on_uses_the_built_in_model_and_still_links_twins():
    rows = [
        _person(0),
        _person(1),
        _person(2, nik_full=None, nik15=None, name_key="budi", phone_e164=None,
                business_key=None, address_clean=None, street=None),
    ]  # fmt: skip
    scored = M.score(M.model_frame(_frame(rows)))
    assert scored.builtin and not scored.trained
    labels = cluster([0, 1, 2], scored.pairs, threshold=0.9).clusters["cluster_id"].to_list()
    assert labels[0] == labels[1] != labels[2]


def test_training_samples_grow_with_the_rows_between_a_floor_and_a_bound():
    training = M.load_spec()["training"]
    u_small, u_mid, u_big = (M.sample_size(training, "u", n) for n in (2_000, 50_000, 10**6))
    assert u_small == training["u_min_pairs"]
    assert u_mid == training["u_pairs_per_row"] * 50_000
    assert u_big == training["u_max_pairs"]
    em_small, em_mid, em_big = (M.sample_size(training, "em", n) for n in (2_000, 60_000, 10**6))
    assert em_small == training["em_min_sample"]
    assert em_mid == training["em_pairs_per_row"] * 60_000
    assert em_big == training["em_max_pairs"]
    # Without the row count (or a per-row figure) the bound is used, as before.
    assert M.sample_size(training, "em", 0) == training["em_max_pairs"]


def test_training_on_small_samples_of_the_pairs_still_links_the_twins(data):
    """Samples far smaller than the pairs (u: 2,000 random pairs; EM: 100 blocked pairs
    per rule) still give a model that links the twins and keeps the owner's two
    businesses apart."""
    frame, ids = data
    spec = copy.deepcopy(M.load_spec())
    spec["training"].update(
        u_min_pairs=2_000, u_pairs_per_row=0, u_max_pairs=2_000,
        em_min_sample=100, em_pairs_per_row=0, em_max_pairs=100,
    )  # fmt: skip
    scored = M.score(M.model_frame(frame), spec=spec)
    assert scored.trained
    clusters = cluster(frame["unique_id"], scored.pairs, threshold=0.9).clusters
    by_id = dict(
        zip(clusters["unique_id"].to_list(), clusters["cluster_id"].to_list(), strict=True)
    )
    assert by_id[ids["rizki_a"]] == by_id[ids["rizki_b"]]
    assert by_id[ids["nik_intact"]] == by_id[ids["nik_damaged"]]
    assert by_id[ids["siti_warung"]] != by_id[ids["siti_laundry"]]


def test_remembered_exact_level_answers_are_splinks_own(run, tmp_path, monkeypatch):
    """Every level's "exact match? on which columns?" answer, as the run used it (from
    memory or the per-machine cache), equals Splink's own parse of the level's SQL."""
    from splink import Linker
    from splink.internals.comparison_level import ComparisonLevel

    from sinergi.linkage.model.engines import make_db_api, register_frame

    scored, _ = run
    splink_is_exact = ComparisonLevel._is_exact_match.fget.splink  # type: ignore[attr-defined]
    splink_columns = ComparisonLevel._exact_match_colnames.fget.splink  # type: ignore[attr-defined]
    frame = M.model_frame(_frame([_person(0), _person(1)]))
    linker = Linker(
        register_frame(make_db_api(), frame, "exact_levels_check"),
        M.build_settings(M.load_spec(), trained=scored.model),
        validate_settings=False,
    )
    exact = 0
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            assert level._is_exact_match == splink_is_exact(level)
            if level._is_exact_match:
                exact += 1
                assert level._exact_match_colnames == splink_columns(level)
    assert exact >= 5  # same NIK, same name key, same phone, ...
    # A damaged cache file is ignored, not trusted.
    monkeypatch.setenv("SINERGI_CACHE_DIR", str(tmp_path))
    (tmp_path / f"{M._EXACT_CACHE}-{M._exact_answers_key()}.bin").write_bytes(b"\xff{not json")
    assert M._load_exact_answers() == {}
