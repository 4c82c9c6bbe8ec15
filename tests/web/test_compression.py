"""Pages and static files travel compressed (issue 15: light on a slow network).

Pages: Django's GZipMiddleware (BREACH: see docs/security.md "Compression"). Static files:
WhiteNoise's CompressedManifestStaticFilesStorage, as `sinergi serve` and the container
image use it: hashed names with a .gz beside each file, and the service worker's shell
list (built with `static()`) names exactly those files.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.django_db
def test_a_page_is_gzipped_for_a_browser_that_accepts_it(
    client_of: Any, assistant_bangka: Any
) -> None:
    client = client_of(assistant_bangka)
    plain = client.get("/field/new/")
    packed = client.get("/field/new/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert 'id="field-form"' in html
    assert len(packed.content) * 3 < len(plain.content)  # at least 3× smaller


@pytest.mark.django_db
def test_the_service_worker_keeps_the_compressed_hashed_static_files(
    client: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    fresh = Client()  # a new handler: WhiteNoise reads the collected files
    source = fresh.get("/sw.js").content.decode()
    lists = json.loads(re.search(r"const LISTS = (\{.*\});", source).group(1))
    statics = [url for url in lists["shell"] if url.startswith("/static/")]
    assert len(statics) >= 7
    for url in statics:
        name = url.removeprefix("/static/")
        assert re.search(r"\.[0-9a-f]{12}\.", name), f"{url} is not a hashed name"
        collected = tmp_path / "static" / name
        assert collected.exists() and collected.with_name(collected.name + ".gz").exists()
        answer = fresh.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert answer.status_code == 200, url
        assert answer.get("Content-Encoding") == "gzip", url
        assert "immutable" in answer["Cache-Control"]
        answer.close()
