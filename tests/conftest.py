"""Shared fixtures for the web platform: named actors and a small region subset.

The actors (see docs/glossary.md for the roles):
- `officer_bangka`   regency officer of Kab. Bangka (scope 1901)
- `officer_babel`    province officer of Kepulauan Bangka Belitung (scope 19)
- `officer_denpasar` regency officer of Kota Denpasar (scope 5171) — must see nothing of
                     Bangka
- `assistant_bangka` field assistant (pendamping) in Kab. Bangka
- `manager_mitra`    program manager of a state-company partnership program (scope 19)
- `auditor`          national auditor; `admin` national system administrator

`client_of(user)` gives a logged-in client that, after every response, fails the test if
the page shows a person's full NIK, or a NIK held by any stored source row (uploaded file
preview, problem list, record page), without a `view_pii` (or, for a download, `export`)
audit event written during that request — so every full-NIK view in the HTTP tests is
proven audited.

Only the regions the tests use are loaded (Bangka Belitung, Kota Denpasar, Jakarta
Selatan: about 900 rows), once per test database; the full loader has its own test.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tests.properties  # noqa: F401  (loads the Hypothesis profile before any test module)

TEST_REGIONS = ("19", "5171", "3174")
BANGKA_VILLAGE = "1901011002"  # Kel. Sri Menanti, Kec. Sungailiat, Kab. Bangka
PANGKALPINANG_VILLAGE = "1971011004"  # Kel. Semabung Lama, Kota Pangkal Pinang
DENPASAR_VILLAGE = "5171011001"  # Kel. Serangan, Kec. Denpasar Selatan
PASSWORD = "correct-horse-battery-staple-7"


def ensure_reference_data() -> None:
    """Load the test regions and KBLI unless present (transactional tests flush them)."""
    from sinergi.regions.loading import load_regions
    from sinergi.regions.models import Region
    from sinergi.registry.kbli import load_kbli
    from sinergi.registry.models import Sector

    if not Region.objects.filter(code=DENPASAR_VILLAGE).exists():
        load_regions(TEST_REGIONS)
    if not Sector.objects.exists():
        load_kbli()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: Any
) -> None:
    """Test on SQLite in a file, never in memory.

    With an in-memory database every thread (the browser tests' live server, the task
    worker, concurrency tests) shares one connection, which is not what production does
    and fails under load ("cannot open savepoint - SQL statements in progress"). A file
    gives each thread its own connection, with the same WAL mode and immediate
    transactions as the production settings. The file sits in this session's own
    temporary folder, so parallel runs never share it.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("sqlite")
        db.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from django.conf import settings

    # Real password hashing costs ~0.3 s per login or set_password; tests need no security.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        ensure_reference_data()
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions() -> None:
    """End connections that threads of the tests (live server, task workers, concurrency
    tests) left open on the PostgreSQL test database, so that it can be dropped.

    Without this, pytest-django warns that the test database "is being accessed by other
    users" and leaves it behind."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session", autouse=True)
def _csrf_tokens_spell_no_words() -> Iterator[None]:
    """CSRF tokens in test pages are drawn from three lowercase letters.

    Django's masked token is 64 random letters and digits, printed on every page with a
    form. Tests that assert a label, code or abbreviation is *absent* from a page
    ("JW", "1901") would then fail once in a few thousand runs, whenever the token
    happens to spell it. Here the mask is all "a" (so the token is "a" * 32 followed by
    the secret) and the secret is random over "qxz": still a fresh, valid token per
    session and rotation, but one that can never spell an uppercase word, a digit or a
    region code.
    """
    import random

    from django.middleware import csrf

    def secret() -> str:
        return "".join(random.SystemRandom().choice("qxz") for _ in range(csrf.CSRF_SECRET_LENGTH))

    def mask(secret: str) -> str:
        return "a" * len(secret) + secret  # a mask of index 0 leaves the secret as it is

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csrf, "_get_new_csrf_string", secret)
        patch.setattr(csrf, "_mask_cipher_secret", mask)
        yield


@pytest.fixture(autouse=True)
def _empty_catalog_page_cache() -> None:
    """Every test starts with an empty public-catalog page cache: a flushed test database
    counts the catalog version from 0 again, and a page cached by an earlier test under
    the same number must not be served."""
    from django.core.cache import caches

    caches["catalog"].clear()


@pytest.fixture(autouse=True)
def _browser_pages_load_cleanly(request: Any) -> Iterator[None]:
    """A browser test fails when the server logged a missing page or an error.

    Everything a page loads (styles, scripts, icon, htmx calls) is served by the app
    itself; a 404 or 500 behind the scenes is a defect even when the visible page passes.
    """
    if request.node.get_closest_marker("e2e") is None:
        yield
        return
    caplog = request.getfixturevalue("caplog")
    yield
    logged = [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
        if r.name == "django.request" and r.levelno >= logging.WARNING
    ]
    assert not logged, "the server logged:\n" + "\n".join(logged)


@pytest.fixture
def reference_data(db: Any) -> None:
    ensure_reference_data()


def make_user(username: str, role: str | None, scope: str | None, org: str = "") -> Any:
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Membership, Organisation

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.go.id", password=PASSWORD
    )
    if role is not None:
        organisation, _ = Organisation.objects.get_or_create(
            name=org or f"Organisation of {username}",
            defaults={"kind": "other", "region_id": scope},
        )
        Membership.objects.create(user=user, organisation=organisation, role=role, scope_id=scope)
    return user


@pytest.fixture
def make_member(reference_data: None) -> Callable[..., Any]:
    """make_member(username, role, scope, org='') -> a user with that membership."""
    return make_user


@pytest.fixture
def villages() -> dict[str, str]:
    return {
        "bangka": BANGKA_VILLAGE,
        "pangkalpinang": PANGKALPINANG_VILLAGE,
        "denpasar": DENPASAR_VILLAGE,
    }


@pytest.fixture
def officer_bangka(reference_data: None) -> Any:
    return make_user("officer.bangka", "regency_officer", "1901", "Dinas KUKM Kab. Bangka")


@pytest.fixture
def officer_babel(reference_data: None) -> Any:
    return make_user("officer.babel", "province_officer", "19", "Dinas KUKM Prov. Babel")


@pytest.fixture
def officer_denpasar(reference_data: None) -> Any:
    return make_user("officer.denpasar", "regency_officer", "5171", "Dinas KUKM Kota Denpasar")


@pytest.fixture
def assistant_bangka(reference_data: None) -> Any:
    return make_user("pendamping.bangka", "field_assistant", "1901", "Dinas KUKM Kab. Bangka")


@pytest.fixture
def manager_mitra(reference_data: None) -> Any:
    return make_user("manager.mitra", "program_manager", "19", "Program Kemitraan BUMN")


@pytest.fixture
def auditor(reference_data: None) -> Any:
    return make_user("auditor", "auditor", None, "Inspektorat")


@pytest.fixture
def admin(reference_data: None) -> Any:
    return make_user("admin", "system_admin", None, "Kementerian Koperasi dan UKM")


_serial = itertools.count(1)


@pytest.fixture
def make_business(reference_data: None) -> Callable[..., Any]:
    """make_business(village=..., owner_name=..., nik=..., **business_fields)."""
    from sinergi.registry.models import Business, Person

    def make(
        village: str = BANGKA_VILLAGE,
        *,
        name: str | None = None,
        owner_name: str | None = None,
        nik: str | None = None,
        phone: str = "+6281234567890",
        **fields: Any,
    ) -> Business:
        n = next(_serial)
        person = Person.objects.create(
            full_name=owner_name or f"Pemilik {n}",
            nik=nik if nik is not None else f"{village[:6]}5507850{n:03d}",
            phone=phone,
            sex="P",
        )
        fields.setdefault("sector_id", "56102")
        return Business.objects.create(
            name=name or f"Warung Uji {n}", owner=person, village_id=village, **fields
        )

    return make


@pytest.fixture
def bangka_business(make_business: Callable[..., Any]) -> Any:
    return make_business(
        BANGKA_VILLAGE,
        name="Warung Makan Bu Siti",
        owner_name="Siti Aminah",
        nik="1901015507850001",
        phone="+6281234567890",
        capital=50_000_000,
    )


NIK_IN_TEXT = re.compile(r"(?<!\d)\d{16}(?!\d)")


def source_record_niks() -> set[str]:
    """Every 16-digit NIK a stored source row holds: raw cells, recognised, corrected."""
    from sinergi.intake.models import SourceRecord

    niks: set[str] = set()
    for raw, canonical, corrected in SourceRecord.objects.values_list(
        "raw", "canonical", "corrected"
    ):
        niks.update(NIK_IN_TEXT.findall(str(raw)))
        niks.update(NIK_IN_TEXT.findall(str(canonical)))
        niks.update(NIK_IN_TEXT.findall(str(corrected)))
    return niks


@pytest.fixture
def client_of(db: Any) -> Callable[[Any], Any]:
    from django.test import Client

    from sinergi.audit.models import AuditEvent
    from sinergi.registry.models import Person

    class AuditCheckingClient(Client):
        _typed = ""

        def generic(self, method: str, path: str, data: Any = "", *args: Any, **kw: Any) -> Any:
            # What the user typed into a POSTed form (a search box) is echoed, not revealed.
            self._typed = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
            try:
                return super().generic(method, path, data, *args, **kw)
            finally:
                self._typed = ""

        def request(self, **request: Any) -> Any:
            before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = super().request(**request)
            body = getattr(response, "content", b"").decode("utf-8", "replace")
            typed = str(request.get("QUERY_STRING", "")) + self._typed
            # A download of full values is audited by its `export` event.
            viewed = AuditEvent.objects.filter(id__gt=before, action__in=["view_pii", "export"])
            from_sources = source_record_niks()
            for person_id, nik in Person.objects.exclude(nik="").values_list("id", "nik"):
                # A NIK the user typed themselves (search box) is echoed, not revealed.
                if nik in body and nik not in typed:
                    audited = viewed.filter(object_id=str(person_id)).exists() or (
                        nik in from_sources and viewed.exists()
                    )
                    assert audited, f"full NIK {nik} shown without a view_pii audit event"
            # NIKs in uploaded files (preview, problem list, source row pages) likewise.
            for nik in from_sources:
                if nik in body and nik not in typed:
                    assert viewed.exists(), f"full NIK {nik} of a source row shown unaudited"
            return response

    def make(user: Any) -> Client:
        client = AuditCheckingClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def output_dir(request) -> Path:
    """A folder for what a browser test saves (screenshots), named after the test."""
    path = Path("test-results") / re.sub(r"[^\w.-]+", "_", request.node.name)
    path.mkdir(parents=True, exist_ok=True)
    return path
