"""`PairScorer` evaluates the model's comparison SQL in Python (`model.sql_eval`); for
every pair it must give the gammas DuckDB gives for the same SQL on the same rows."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage import PairScorer, load_spec, model_frame, normalise_frame
from sinergi.linkage.model.scoring import builtin_model
from sinergi.linkage.schema import ROW_ID

SPEC = load_spec()
SCORER = PairScorer(builtin_model(SPEC, 1e-4), SPEC)
SCHEMA = model_frame(pl.DataFrame({ROW_ID: [0]}, schema={ROW_ID: pl.Int64}), SPEC).schema

# Few letters, so that equal, near and one-typo values are common; shop forms and their
# typos in front of names, so the business-name levels (owner inside, misspelt form) fire.
word = st.text("abdejot", min_size=1, max_size=7)
prefix = st.sampled_from(["", "toko", "took", "warung", "waroeng", "bengkel", "benngkel", "kedai"])
business = st.builds(lambda p, w: p + w, prefix, word)
digits = st.text("0129", min_size=15, max_size=16)
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731


@st.composite
def rows(draw: st.DrawFn) -> dict:
    name = draw(maybe(st.lists(word, min_size=1, max_size=3).map(" ".join)))
    nik = draw(maybe(digits))
    lat = draw(maybe(st.floats(-3.0, -2.99)))
    return {
        "nik_full": nik if nik and len(nik) == 16 else None,
        "nik15": nik[:15] if nik else None,
        "name_key": name,
        "name_phonetic": name.replace("j", "y") if name else None,
        "business_key": draw(maybe(business)),
        "owner_business_key": draw(maybe(business)),
        "address_clean": draw(maybe(st.lists(word, min_size=1, max_size=3).map(" ".join))),
        "street": draw(maybe(word)),
        "house_number": draw(maybe(st.sampled_from(["1", "2", "12"]))),
        "rt": draw(maybe(st.sampled_from(["001", "002"]))),
        "rw": draw(maybe(st.sampled_from(["001", "003"]))),
        "village_code": draw(maybe(st.sampled_from(["1901011001", "1901011002"]))),
        "district_code": draw(maybe(st.sampled_from(["190101", "190102"]))),
        "regency_code": draw(maybe(st.sampled_from(["1901", "1971"]))),
        "phones": draw(
            maybe(st.lists(st.sampled_from(["+62811", "+62812", "+62813"]), min_size=1, max_size=2))
        ),  # fmt: skip
        "nib_clean": draw(maybe(st.sampled_from(["1234567890123", "1234567890124"]))),
        "birth_date": draw(maybe(st.sampled_from(["1980-01-01", "1980-01-02", "1981-11-01"]))),
        "sector_code": draw(maybe(st.sampled_from(["10110", "10120", "47111"]))),
        "sector_text": draw(maybe(st.sampled_from(["kuliner", "kulinerr", "bengkel"]))),
        "email_clean": draw(maybe(st.sampled_from(["a@b.id", "c@b.id"]))),
        "lat": lat,
        "lng": None if lat is None else draw(st.floats(106.0, 106.01)),
    }


def _frame(records: list[dict]) -> pl.DataFrame:
    full = [{c: None for c in SCHEMA} | r | {ROW_ID: i} for i, r in enumerate(records)]
    frame = pl.DataFrame(full, schema=SCHEMA)
    return frame.with_columns(pl.col("sector_code").str.slice(0, 2).alias("sector_group"))


@given(st.lists(rows(), min_size=2, max_size=8))
@examples(100)
def test_the_python_gammas_are_duckdbs_for_every_pair(records: list[dict]) -> None:
    frame = _frame(records)
    left, right = frame.head(1), frame.slice(1)
    assert SCORER.evaluators is not None
    assert SCORER._gammas(left, right) == [tuple(r) for r in SCORER.sql_gammas(left, right)]


def test_normalised_records_score_the_same_both_ways() -> None:
    text = ["owner_name", "business_name", "nik", "phone", "address", "rt_rw"]
    raw = [
        ("Hj. Siti Aminah", "Warung Makan Bu Siti", "1901015507850001", "0812-7788-9900",
         "Jl. Merdeka No. 5", "001/002"),
        ("Siti Aminah", "Warung Siti", "1901015507850000", "+62 812 7788 9900",
         "Jalan Merdeka 5", "1/2"),
        ("Budi Santoso", "Bengkel Budi", "1971010101800003", None, "Jl. Sudirman 1", None),
        ("Budi Santoso", "Benngkel Budi", None, "0812 7788 9900", None, None),
        ("Tjahjono Widjaja", "Toko Sinar Djaja", None, None, "Gg. Mawar", "003/004"),
        ("Cahyono Wijaya", "Sinarjaya", None, None, "Gang Mawar", "3/4"),
    ]  # fmt: skip
    frame = pl.DataFrame([dict(zip(text, r, strict=True)) for r in raw], orient="row")
    frame = frame.with_row_index(ROW_ID).with_columns(
        pl.col(ROW_ID).cast(pl.Int64), pl.lit("t").alias("source_file"),
        pl.col(ROW_ID).cast(pl.Int64).alias("source_row"),
    )  # fmt: skip
    model = model_frame(normalise_frame(frame), SPEC)
    for i in range(model.height):
        left = model.slice(i, 1)
        python = SCORER._gammas(left, model)
        assert python == [tuple(r) for r in SCORER.sql_gammas(left, model)]
        assert any(g > 0 for row in python for g in row[1:])
