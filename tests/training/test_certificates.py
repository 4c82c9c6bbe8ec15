"""Certificates: only for who passed, a PDF (A4 landscape, checked as an image), a public
verification page that records each look, revocation and reissue after a name fix."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from tests.tasks import run_worker

from sinergi.accounts.scope import NotAllowed
from sinergi.audit.models import AuditEvent
from sinergi.training import actions, certificates
from sinergi.training.actions import TrainingError
from sinergi.training.models import Certificate, Verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(event: Any, session: Any, bangka_business: Any, officer_bangka: Any) -> Any:
    registration = actions.register(officer_bangka, event, bangka_business)
    return actions.set_outcome(officer_bangka, registration, "passed", 87.5)


def test_only_a_participant_who_passed_gets_a_certificate(event, make_business, officer_bangka):
    registration = actions.register(officer_bangka, event, make_business())
    with pytest.raises(TrainingError, match="lulus"):
        certificates.issue(officer_bangka, registration)
    actions.set_outcome(officer_bangka, registration, "failed", 40)
    with pytest.raises(TrainingError):
        certificates.issue(officer_bangka, registration)


def test_issuing_twice_gives_the_same_valid_certificate(passed, officer_bangka):
    first = certificates.issue(officer_bangka, passed)
    assert certificates.issue(officer_bangka, passed) == first
    assert len(first.code) >= 20


def test_issue_all_gives_who_passed_one_valid_certificate_each_and_again_nothing_new(
    event, passed, make_business, officer_bangka
):
    failed = actions.register(officer_bangka, event, make_business(name="Gagal"))
    actions.set_outcome(officer_bangka, failed, "failed", 40)
    other = actions.register(officer_bangka, event, make_business(name="Lulus juga"))
    actions.set_outcome(officer_bangka, other, "passed", 70)
    revoked = certificates.issue(officer_bangka, other)
    certificates.revoke(officer_bangka, revoked, "dobel")
    issued = certificates.issue_all(officer_bangka, event)
    assert [c.registration_id for c in issued] == sorted([passed.pk, other.pk])
    assert revoked not in issued and all(c.is_valid for c in issued)
    assert certificates.issue_all(officer_bangka, event) == issued  # nothing new
    created = AuditEvent.objects.filter(action="create", object_type__model="certificate")
    assert created.count() == 3  # the revoked one and the two issued, one row each


def test_another_organisation_may_not_issue_or_revoke(passed, officer_bangka, manager_mitra):
    certificate = certificates.issue(officer_bangka, passed)
    with pytest.raises(NotAllowed):
        certificates.issue(manager_mitra, passed)
    with pytest.raises(NotAllowed):
        certificates.revoke(manager_mitra, certificate, "iseng")


def test_the_public_page_shows_valid_then_revoked_and_records_each_look(
    passed, officer_bangka, client
):
    certificate = certificates.issue(officer_bangka, passed)
    page = client.get(f"/training/verify/{certificate.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Siti Aminah" in text and "Webinar Pemasaran Digital" in text
    assert 'data-testid="certificate-status">VALID' in text.replace("SAH", "VALID")
    assert "1901015507850001" not in text and "Warung Makan" not in text  # name, event, date only

    certificates.revoke(officer_bangka, certificate, "nama salah ketik")
    text = client.get(f"/training/verify/{certificate.code}/").content.decode()
    assert "REVOKED" in text or "DICABUT" in text
    assert list(Verification.objects.values_list("valid", flat=True).order_by("at", "pk")) == [
        True,
        False,
    ]
    assert client.get("/training/verify/not-a-code/").status_code == 404
    assert AuditEvent.objects.filter(kind="certificate_revoked").count() == 1


def test_a_reissue_after_a_name_correction_revokes_the_old_certificate(passed, officer_bangka):
    old = certificates.issue(officer_bangka, passed)
    owner = passed.business.owner
    owner.full_name = "Siti Aminah Lubis"
    owner.save()
    new = certificates.reissue(officer_bangka, old, "nama dikoreksi sesuai KTP")
    old.refresh_from_db()
    assert not old.is_valid and old.replaced_by == new
    assert new.is_valid and new.name_printed == "Siti Aminah Lubis" and new.code != old.code


def test_the_certificate_pdf_is_a4_landscape_with_the_name_and_code(
    passed, officer_bangka, output_dir
):
    import pypdfium2

    certificate = certificates.issue(officer_bangka, passed)
    data = certificates.render_pdf(certificate, "https://sinergi.example")
    pdf = pypdfium2.PdfDocument(data)
    page = pdf[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    text = page.get_textpage().get_text_range()
    assert "SERTIFIKAT" in text and "Siti Aminah" in text and certificate.code in text
    assert f"https://sinergi.example/training/verify/{certificate.code}/" in text
    image = page.render(scale=1).to_pil()
    image.save(output_dir / "certificate.png")  # kept as a test artifact
    # Not a blank page: dark pixels (text, frame, QR) cover a real share of it.
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 0.01 * grey.width * grey.height


def test_the_qr_code_holds_the_verification_url():
    import segno

    url = "https://sinergi.example/training/verify/abc/"
    expected = io.BytesIO()
    segno.make(url, error="m", mask=0).save(expected, kind="svg", scale=4, border=1, xmldecl=False)
    assert certificates.qr_svg(url) == expected.getvalue().decode()
    assert certificates.qr_svg(url) != certificates.qr_svg(url.replace("abc", "abd"))


def test_the_event_zip_holds_one_pdf_per_valid_certificate(
    event, make_business, officer_bangka, client_of
):
    for name in ("Satu", "Dua"):
        registration = actions.register(officer_bangka, event, make_business(name=name))
        actions.set_outcome(officer_bangka, registration, "passed")
    certificates.issue_all(officer_bangka, event)
    certificates.revoke(officer_bangka, Certificate.objects.first(), "dobel")
    client = client_of(officer_bangka)
    client.post(f"/training/{event.pk}/certificates.zip")  # built by the worker
    run_worker()
    response = client.get(f"/training/{event.pk}/certificates.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 1 and archive.read(names[0]).startswith(b"%PDF")


@pytest.mark.parametrize("processes", [False, True], ids=["in-process", "worker-processes"])
def test_a_bulk_zip_compiled_in_batches_keeps_one_pdf_per_certificate_with_its_own_code(
    event, make_business, officer_bangka, monkeypatch, processes
):
    """Batches are one typst document split into pages; every PDF of the ZIP is one
    certificate with its own name, code and verification URL, in the order given. A batch
    whose document does not have one page per certificate is compiled one by one."""
    import pypdfium2

    from sinergi.training import certificate_pages

    monkeypatch.setattr(certificate_pages, "BATCH", 3)
    if processes:
        monkeypatch.setattr(certificates, "MIN_BATCHES_FOR_PROCESSES", 2)
        monkeypatch.setenv("SINERGI_CERTIFICATE_WORKERS", "2")
    names = ["Satu", "Dua", "Tiga", "Empat", "Lima", "Siti Nurhasanah", "Tujuh"]
    for i, name in enumerate(names):
        business = make_business(name=f"Usaha {i}", owner_name=name)
        actions.set_outcome(
            officer_bangka, actions.register(officer_bangka, event, business), "passed"
        )
    issued = certificates.issue_all(officer_bangka, event)
    valid = list(
        Certificate.objects.filter(pk__in=[c.pk for c in issued])
        .select_related("registration__business", "registration__event__topic",
                        "registration__event__organisation")
        .order_by("pk")
    )  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(certificates.bulk_zip(valid, "https://sinergi.example")))
    assert len(archive.namelist()) == len(valid) == 7
    codes = {c.code for c in valid}
    for entry, certificate in zip(archive.namelist(), valid, strict=True):
        assert entry == f"sertifikat-{certificate.registration_id}-{certificate.code[:6]}.pdf"
        pdf = pypdfium2.PdfDocument(archive.read(entry))
        text = "".join(p.get_textpage().get_text_range() for p in pdf).replace("\r\n", " ")
        assert len(pdf) == 1 and certificate.name_printed in text
        assert certificate.code in text
        assert f"https://sinergi.example/training/verify/{certificate.code}/" in text
        assert not {c for c in codes - {certificate.code} if c in text}  # no other's page
        pdf.close()


def test_a_batch_whose_pages_do_not_match_its_certificates_is_compiled_one_by_one(
    monkeypatch,
):
    from sinergi.training import certificate_pages

    items = [
        {"event": "E", "topic": "T", "organisation": "O", "dates": "1 Maret 2024",
         "name": f"Nama {i}", "business": "B", "score": "", "issued": "1 Maret 2024",
         "code": f"kode{i}", "verify_url": f"https://sinergi.example/training/verify/kode{i}/"}
        for i in range(3)
    ]  # fmt: skip
    template = str(certificates._template_path())
    split = certificate_pages.split_pages
    monkeypatch.setattr(certificate_pages, "split_pages", lambda pdf: split(pdf)[:-1])
    pdfs = certificate_pages.render_batch(template, items)
    assert [certificate_pages.page_count(p) for p in pdfs] == [1, 1, 1]
    import pypdfium2

    for i, pdf in enumerate(pdfs):
        document = pypdfium2.PdfDocument(pdf)
        assert f"Nama {i}" in document[0].get_textpage().get_text_range()
        document.close()
