"""Adding, editing and deactivating businesses, with validation and the audit trail."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.registry.models import Business


def form_data(**overrides):
    data = {
        "owner-full_name": "Ni Made Ayu Lestari",
        "owner-nik": "1901014512900002",
        "owner-phone": "0813 1111 2222",
        "owner-email": "ayu@example.id",
        "business-name": "Kue Basah Bu Made",
        "business-regency": "1901",
        "business-district": "190101",
        "business-village": "1901011002",
        "business-address": "Jl. Depati Amir No. 3",
        "business-rt_rw": "002/005",
        "business-postcode": "33215",
        "business-sector": "10792",
        "business-nib": "9120001234567",
        "business-founded_year": "2019",
        "business-workers": "3",
        "business-capital": "Rp1.250.000",
        "business-yearly_sales": "",
        "business-monthly_revenue": "2.500.000",
        "business-covid_affected": "true",
        "business-covid_revenue_drop_pct": "40",
        "business-covid_workers_laid_off": "1",
        "business-marketplace_url": "",
        "business-social_url": "instagram.com/kuebumade",
    }
    data.update(overrides)
    return data


def _create(client, **overrides):
    return client.post(reverse("registry:create"), form_data(**overrides))


def test_an_officer_adds_a_business(client_of, officer_bangka):
    response = _create(client_of(officer_bangka))
    item = Business.objects.get(name="Kue Basah Bu Made")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:detail", args=[item.pk])
    assert item.owner.sex == "P"  # day 45 = 5 + 40: a woman
    assert item.owner.birth_date == dt.date(1990, 12, 5)
    assert item.owner.phone == "+6281311112222"
    assert item.capital == 1_250_000
    assert item.size_class == "mikro"
    assert (item.regency_code, item.district_code) == ("1901", "190101")
    assert item.social_url == "https://instagram.com/kuebumade"
    assert item.created_by == officer_bangka
    assert AuditEvent.objects.filter(action="create").count() == 2  # person and business


def test_a_nik_with_an_impossible_birth_date_is_refused_with_a_clear_message(
    client_of, officer_bangka
):
    response = _create(client_of(officer_bangka), **{"owner-nik": "1901017513900002"})
    assert response.status_code == 200
    assert "Tanggal lahir pada NIK" in response.content.decode()
    assert not Business.objects.exists()


def test_a_nik_with_an_unknown_province_is_refused(client_of, officer_bangka):
    response = _create(client_of(officer_bangka), **{"owner-nik": "9901014512900002"})
    assert "Kode provinsi 99 tidak dikenal" in response.content.decode()


def test_a_short_nik_says_how_many_digits_it_has(client_of, officer_bangka):
    response = _create(client_of(officer_bangka), **{"owner-nik": "190101451290"})
    assert "NIK harus 16 angka" in response.content.decode()


def test_messages_follow_the_language(client_of, officer_bangka):
    client = client_of(officer_bangka)
    client.cookies["django_language"] = "en"
    response = _create(client, **{"owner-nik": "9901014512900002"})
    assert "Unknown province code 99" in response.content.decode()


def test_a_bad_phone_and_nib_are_refused(client_of, officer_bangka):
    response = _create(
        client_of(officer_bangka), **{"owner-phone": "12345", "business-nib": "12345"}
    )
    body = response.content.decode()
    assert "nomor telepon" in body.lower()
    assert "13 angka" in body
    assert not Business.objects.exists()


def test_a_village_outside_the_officers_regency_is_refused(client_of, officer_bangka):
    response = _create(
        client_of(officer_bangka),
        **{
            "business-regency": "1971",
            "business-district": "197101",
            "business-village": "1971011004",
        },
    )
    assert response.status_code == 200
    assert not Business.objects.exists()


def test_a_program_manager_cannot_add_businesses(client_of, manager_mitra):
    assert _create(client_of(manager_mitra)).status_code == 403
    assert client_of(manager_mitra).get(reverse("registry:create")).status_code == 403


def test_editing_records_old_and_new_values(client_of, officer_bangka, bangka_business):
    client = client_of(officer_bangka)
    url = reverse("registry:edit", args=[bangka_business.pk])
    data = form_data(
        **{
            "owner-full_name": "Siti Aminah",
            "owner-nik": "1901015507850001",
            "owner-phone": "+6281234567890",
            "owner-email": "",
            "business-name": "Warung Makan Bu Siti Sungailiat",
            "business-sector": "56102",
            "business-capital": "50.000.000",
            "business-monthly_revenue": "",
            "business-yearly_sales": "3.000.000.000",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    bangka_business.refresh_from_db()
    assert bangka_business.name == "Warung Makan Bu Siti Sungailiat"
    assert bangka_business.size_class == "kecil"  # sales above Rp2 bn
    event = AuditEvent.objects.for_object(bangka_business).get(action="update")
    assert event.changes["name"] == {
        "old": "Warung Makan Bu Siti",
        "new": "Warung Makan Bu Siti Sungailiat",
    }
    assert event.changes["size_class"] == {"old": "mikro", "new": "kecil"}
    assert event.actor == officer_bangka


def test_deactivating_keeps_the_business_and_its_history(
    client_of, officer_bangka, bangka_business
):
    client = client_of(officer_bangka)
    url = reverse("registry:deactivate", args=[bangka_business.pk])
    assert client.post(url, {}).status_code == 200  # confirmation is required
    assert client.post(url, {"confirm": "on"}).status_code == 302
    bangka_business.refresh_from_db()
    assert bangka_business.status == "inactive"
    assert AuditEvent.objects.filter(action="deactivate").count() == 1
    client.post(reverse("registry:reactivate", args=[bangka_business.pk]))
    bangka_business.refresh_from_db()
    assert bangka_business.status == "active"


def test_a_field_assistant_may_edit_but_not_deactivate(
    client_of, assistant_bangka, bangka_business
):
    client = client_of(assistant_bangka)
    assert client.get(reverse("registry:edit", args=[bangka_business.pk])).status_code == 200
    response = client.post(
        reverse("registry:deactivate", args=[bangka_business.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403


def test_the_detail_page_formats_rupiah_and_dates_the_indonesian_way(
    client_of, officer_bangka, bangka_business
):
    bangka_business.monthly_revenue = 1_250_000
    bangka_business.save()
    body = client_of(officer_bangka).get(reverse("registry:detail", args=[bangka_business.pk]))
    assert "Rp1.250.000" in body.content.decode()
    assert "Rp50.000.000" in body.content.decode()
