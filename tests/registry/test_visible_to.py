"""`Business.objects.visible_to(user)`: the one place region scoping is decided."""

from __future__ import annotations

from sinergi.registry.models import Business

DENPASAR_VILLAGE = "5171011001"
PANGKALPINANG_VILLAGE = "1971011004"


def _names(user):
    return set(Business.objects.visible_to(user).values_list("name", flat=True))


def test_a_regency_officer_of_bangka_sees_only_kab_bangka(officer_bangka, make_business):
    make_business(name="Bangka")
    make_business(PANGKALPINANG_VILLAGE, name="Pangkalpinang")
    make_business(DENPASAR_VILLAGE, name="Denpasar")
    assert _names(officer_bangka) == {"Bangka"}


def test_a_province_officer_sees_every_regency_of_the_province(officer_babel, make_business):
    make_business(name="Bangka")
    make_business(PANGKALPINANG_VILLAGE, name="Pangkalpinang")
    make_business(DENPASAR_VILLAGE, name="Denpasar")
    assert _names(officer_babel) == {"Bangka", "Pangkalpinang"}


def test_an_officer_of_denpasar_sees_nothing_of_bangka(officer_denpasar, make_business):
    make_business(name="Bangka")
    make_business(DENPASAR_VILLAGE, name="Denpasar")
    assert _names(officer_denpasar) == {"Denpasar"}


def test_a_system_admin_sees_the_whole_country(admin, make_business):
    make_business(name="Bangka")
    make_business(DENPASAR_VILLAGE, name="Denpasar")
    assert _names(admin) == {"Bangka", "Denpasar"}


def test_a_business_owner_sees_only_their_own_business(make_member, make_business):
    own = make_business(name="Milik Sendiri")
    make_business(name="Tetangga")
    owner = make_member("owner", "business_owner", "1901")
    own.owner.user = owner
    own.owner.save()
    assert _names(owner) == {"Milik Sendiri"}


def test_a_regional_role_without_a_region_sees_nothing(make_member, make_business):
    make_business(name="Bangka")
    lost = make_member("lost.officer", "regency_officer", None)
    assert _names(lost) == set()


def test_an_inactive_user_sees_nothing(officer_bangka, make_business):
    make_business(name="Bangka")
    officer_bangka.is_active = False
    officer_bangka.save()
    assert _names(officer_bangka) == set()


def test_scoping_is_an_equality_filter_on_an_indexed_code(officer_bangka):
    sql = str(Business.objects.visible_to(officer_bangka).query)
    assert '"regency_code" = 1901' in sql or "regency_code\" = '1901'" in sql
