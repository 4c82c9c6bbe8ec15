"""The engine's per-machine cache: built once, read after, never in the way."""

from __future__ import annotations

from sinergi.linkage.disk_cache import cached_bytes, digest


def test_a_value_is_built_once_and_read_back_on_the_next_call(tmp_path, monkeypatch):
    monkeypatch.setenv("SINERGI_CACHE_DIR", str(tmp_path))
    calls = []

    def build() -> bytes:
        calls.append(1)
        return b"outlines"

    key = digest("input", "v1")
    assert cached_bytes("thing", key, build) == b"outlines"
    assert cached_bytes("thing", key, build) == b"outlines"
    assert calls == [1]
    assert cached_bytes("thing", digest("input", "v2"), build) == b"outlines"
    assert calls == [1, 1]


def test_a_cache_that_cannot_be_written_still_gives_the_value(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SINERGI_CACHE_DIR", str(blocker / "cache"))
    assert cached_bytes("thing", "k", lambda: b"value") == b"value"


def test_the_kecamatan_index_from_the_cache_places_points_as_the_one_just_built(
    tmp_path, monkeypatch
):
    from sinergi.linkage.normalize import geo_index

    monkeypatch.setenv("SINERGI_CACHE_DIR", str(tmp_path))
    lat, lng = [-6.9147, -7.2575, 0.0, -2.5], [107.6098, 112.7521, 0.0, 140.7]
    geo_index._index.cache_clear()
    built = geo_index.place_points(lat, lng)  # builds and stores
    assert list(tmp_path.iterdir())
    geo_index._index.cache_clear()
    assert geo_index.place_points(lat, lng) == built  # read from the cache
    geo_index._index.cache_clear()
    codes = built[0]
    assert codes[0].startswith("3273") and codes[1].startswith("3578")  # Bandung, Surabaya
    assert codes[2] is None  # 0,0: the sea off Africa


def test_the_region_index_read_from_the_cache_equals_the_one_built(tmp_path, monkeypatch):
    from sinergi.linkage.normalize import region_index

    monkeypatch.setenv("SINERGI_CACHE_DIR", str(tmp_path))
    region_index.index_of.cache_clear()
    try:
        first = region_index.index_of("regency")  # built, stored
        assert any(p.name.startswith("region-index-regency-") for p in tmp_path.iterdir())
        region_index.index_of.cache_clear()
        cached = region_index.index_of("regency")  # read back
        built = region_index.build_index("regency")
        assert cached is not first
        assert dict(cached.exact) == dict(built.exact)
        assert dict(cached.alias) == dict(built.alias)
        assert cached.regions is built.regions
    finally:
        region_index.index_of.cache_clear()
