"""Writing the demo data set: organisations, users of every role, businesses.

Idempotent: organisations and users are looked up by name; businesses are generated
deterministically and only the ones not yet present (counted by `origin=demo`) are
inserted, so re-running never duplicates anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from sinergi.accounts.models import Membership, Organisation, OrganisationKind
from sinergi.accounts.roles import Role
from sinergi.registry.demo_data import generate
from sinergi.registry.models import Business, Origin, Person, Sector, Status

DEMO_PASSWORD = "sinergi-demo"

ORGANISATIONS: tuple[tuple[str, str, str | None], ...] = (
    ("Kementerian Koperasi dan UKM", OrganisationKind.MINISTRY, None),
    ("Dinas Koperasi dan UKM Provinsi Kepulauan Bangka Belitung", "province_office", "19"),
    ("Dinas Koperasi dan UKM Kabupaten Bangka", "regency_office", "1901"),
    ("Dinas Koperasi dan UKM Kota Denpasar", "regency_office", "5171"),
    ("Dinas PPKUKM Kota Administrasi Jakarta Selatan", "regency_office", "3174"),
    ("Program Kemitraan BUMN — Mitra Binaan (demo)", "soe_partnership", "19"),
    ("Kadin Kota Denpasar", "chamber", "5171"),
    ("Universitas Bangka Belitung", "university", "19"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str
    scope: str | None
    description: str


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.SYSTEM_ADMIN, ORGANISATIONS[0][0], None, "admin sistem, seluruh RI"),
    DemoUser(
        "officer.babel", Role.PROVINCE_OFFICER, ORGANISATIONS[1][0], "19", "petugas provinsi Babel"
    ),
    DemoUser(
        "officer.bangka", Role.REGENCY_OFFICER, ORGANISATIONS[2][0], "1901", "petugas Kab. Bangka"
    ),
    DemoUser(
        "officer.denpasar",
        Role.REGENCY_OFFICER,
        ORGANISATIONS[3][0],
        "5171",
        "petugas Kota Denpasar",
    ),
    DemoUser(
        "officer.jaksel",
        Role.REGENCY_OFFICER,
        ORGANISATIONS[4][0],
        "3174",
        "petugas Kota Jakarta Selatan",
    ),
    DemoUser(
        "pendamping.bangka",
        Role.FIELD_ASSISTANT,
        ORGANISATIONS[2][0],
        "1901",
        "pendamping lapangan Kab. Bangka",
    ),
    DemoUser(
        "manager.mitra",
        Role.PROGRAM_MANAGER,
        ORGANISATIONS[5][0],
        "19",
        "manajer program kemitraan (data tersamar)",
    ),
    DemoUser(
        "manager.kadin",
        Role.PROGRAM_MANAGER,
        ORGANISATIONS[6][0],
        "5171",
        "manajer keanggotaan Kadin Denpasar",
    ),
    DemoUser("auditor", Role.AUDITOR, ORGANISATIONS[0][0], None, "auditor, baca log audit"),
    DemoUser("owner", Role.BUSINESS_OWNER, ORGANISATIONS[2][0], "1901", "pemilik usaha"),
)


@transaction.atomic
def ensure_users() -> list[DemoUser]:
    """Create (or reset to the demo password) every demo organisation and user."""
    orgs = {}
    for name, kind, region in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "region_id": region}
        )
    User = get_user_model()
    for spec in USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.is_staff = user.is_superuser = spec.role == Role.SYSTEM_ADMIN
        user.email = f"{spec.username}@demo.sinergi.local"
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "organisation": orgs[spec.organisation],
                "role": spec.role,
                "scope_id": spec.scope,
            },
        )
    return list(USERS)


@transaction.atomic
def ensure_businesses(seed: int, count: int) -> int:
    """Insert the demo businesses not yet present; returns how many were inserted."""
    existing = Business.objects.filter(origin=Origin.DEMO).count()
    if existing >= count:
        return 0
    rows = generate(seed, count)[existing:]
    known_sectors = set(Sector.objects.values_list("code", flat=True))
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=r.owner_name,
                nik=r.nik,
                sex=r.sex,
                birth_date=r.birth_date,
                phone=r.phone,
                email=r.email,
            )
            for r in rows
        ],
        batch_size=500,
    )
    items = []
    for r, person in zip(rows, people, strict=True):
        item = Business(
            name=r.name,
            owner=person,
            address=r.address,
            rt_rw=r.rt_rw,
            postcode=r.postcode,
            village_id=r.village_code,
            sector_id=r.sector_code if r.sector_code in known_sectors else None,
            capital=r.capital,
            yearly_sales=r.yearly_sales,
            monthly_revenue=r.monthly_revenue,
            workers=r.workers,
            nib=r.nib,
            founded_year=r.founded_year,
            covid_affected=r.covid_affected,
            covid_revenue_drop_pct=r.covid_revenue_drop_pct,
            covid_workers_laid_off=r.covid_workers_laid_off,
            marketplace_url=r.marketplace_url,
            social_url=r.social_url,
            status=Status.ACTIVE if r.active else Status.INACTIVE,
            origin=Origin.DEMO,
        )
        item.refresh_derived()  # bulk_create skips save(): derive codes and size here
        items.append(item)
    Business.objects.bulk_create(items, batch_size=500)
    link_owner_account()
    return len(items)


def link_owner_account() -> None:
    """The demo `owner` login manages the first demo business in Kab. Bangka."""
    User = get_user_model()
    user = User.objects.filter(username="owner").first()
    if user is None or Person.objects.filter(user=user).exists():
        return
    first = (
        Business.objects.filter(origin=Origin.DEMO, regency_code="1901", status=Status.ACTIVE)
        .order_by("id")
        .select_related("owner")
        .first()
    )
    if first is not None:
        first.owner.user = user
        first.owner.save(update_fields=["user"])
