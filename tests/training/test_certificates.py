"""Certificates: only for who passed, a PDF (A4 landscape, checked as an image), a public
verification page that records each look, revocation and reissue after a name fix."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

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
    response = client_of(officer_bangka).get(f"/training/{event.pk}/certificates.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 1 and archive.read(names[0]).startswith(b"%PDF")
