"""Certificates: issue, reissue (a name corrected), revoke, verify, and render as PDF.

- Issued only to a registered participant who passed; at most one VALID certificate per
  registration at a time (issuing again returns the valid one).
- `name_printed` is the owner's name at issue time; after a correction in the registry,
  `reissue` revokes the old certificate (pointing to the new) and issues a new code.
- Verification is public (no login): `verify(code)` records one `Verification` and
  returns the certificate (or None for an unknown code); the page shows only the printed
  name, the event, the date and valid/revoked.
- Rendering: typst (templates/training/certificate.typ), data as a JSON list in
  `sys.inputs.data` (nothing spliced into markup) and the QR codes of the verification
  URLs as SVG made by segno in memory (`sys.inputs.qrs`). A bulk ZIP compiles batches of
  certificates as one document each and splits it into one PDF per certificate, in up to
  one process per core (`certificate_pages`, `bulk_zip`).
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sinergi.audit.actions import record
from sinergi.audit.events import CertificateRevoked
from sinergi.audit.models import Action
from sinergi.loans.pdf import tanggal
from sinergi.training import certificate_pages as pages
from sinergi.training.actions import TrainingError
from sinergi.training.models import (
    Certificate,
    Outcome,
    Registration,
    RegistrationStatus,
    Verification,
)
from sinergi.training.permissions import require_event

log = logging.getLogger(__name__)

TEMPLATE = "training/certificate.typ"
# Worker processes start (~1 s each) only for a ZIP of at least this many batches.
MIN_BATCHES_FOR_PROCESSES = 4


def issue(user: Any, registration: Registration) -> Certificate:
    require_event(user, registration.event, "issue_certificate")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("business__owner")
            .get(pk=registration.pk)
        )
        if (
            registration.status != RegistrationStatus.REGISTERED
            or registration.outcome != Outcome.PASSED
        ):
            raise TrainingError("hanya peserta yang lulus / only participants who passed")
        valid = registration.certificates.filter(revoked_at__isnull=True).first()
        if valid is not None:
            return valid
        return _create(user, registration)


def _create(user: Any, registration: Registration) -> Certificate:
    """A new certificate with the owner's name now, audited (inside the caller's lock)."""
    certificate = Certificate.objects.create(
        registration=registration,
        name_printed=registration.business.owner.full_name,
        issued_by=user,
    )
    record(
        user,
        Action.CREATE,
        certificate,
        changes={
            "registration": (None, registration.pk),
            "name_printed": (None, certificate.name_printed),
        },
    )
    return certificate


def issue_all(user: Any, event: Any) -> list[Certificate]:
    """A certificate for every registered participant who passed (their valid one when
    they have it), in registration order.

    One transaction with the event's passed registrations locked at once: the same rules
    and audit rows as `issue` per participant, without a commit per certificate (5,000
    participants: docs/benchmarks.md)."""
    require_event(user, event, "issue_certificate")
    with transaction.atomic():
        passed = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, outcome=Outcome.PASSED)
            .active()
            .select_related("business__owner")
            .order_by("pk")
        )
        valid = {
            c.registration_id: c
            for c in Certificate.objects.filter(
                registration__event=event, revoked_at__isnull=True
            ).order_by("pk")
        }
        return [valid.get(r.pk) or _create(user, r) for r in passed]


def revoke(
    user: Any, certificate: Certificate, reason: str, replaced_by: Certificate | None = None
) -> Certificate:
    require_event(user, certificate.registration.event, "revoke_certificate")
    reason = " ".join((reason or "").split())
    if not reason:
        raise TrainingError("alasan pencabutan wajib diisi / a reason is required")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise TrainingError("sertifikat sudah dicabut / already revoked")
        certificate.revoked_at, certificate.revoked_by = timezone.now(), user
        certificate.revoked_reason, certificate.replaced_by = reason[:300], replaced_by
        certificate.save(
            update_fields=["revoked_at", "revoked_by", "revoked_reason", "replaced_by"]
        )
        record(
            user,
            Action.UPDATE,
            certificate,
            event=CertificateRevoked(
                reason=certificate.revoked_reason,
                replaced_by=replaced_by.pk if replaced_by else None,
            ),
        )
    return certificate


def reissue(user: Any, certificate: Certificate, reason: str) -> Certificate:
    """A new certificate with the owner's current name; the old one is revoked."""
    require_event(user, certificate.registration.event, "reissue_certificate")
    with transaction.atomic():
        # Read the owner's name now: the correction is what this reissue is for.
        registration = Registration.objects.select_related("business__owner").get(
            pk=certificate.registration_id
        )
        if certificate.revoked_at is not None:
            raise TrainingError("sertifikat sudah dicabut / already revoked")
        new = Certificate.objects.create(
            registration=registration,
            name_printed=registration.business.owner.full_name,
            issued_by=user,
        )
        revoke(user, certificate, reason, replaced_by=new)
        record(
            user,
            Action.CREATE,
            new,
            changes={"name_printed": (certificate.name_printed, new.name_printed)},
        )
    return new


def verify(code: str) -> Certificate | None:
    """The certificate of a code, with this verification recorded (None if unknown)."""
    certificate = (
        Certificate.objects.select_related("registration__event", "replaced_by")
        .filter(code=code)
        .first()
    )
    if certificate is not None:
        Verification.objects.create(certificate=certificate, valid=certificate.is_valid)
    return certificate


qr_svg = pages.qr_svg  # the QR code of a verification URL (certificate_pages)


def event_data(event: Any) -> dict[str, str]:
    """What every certificate of one event shares (read once for a bulk ZIP)."""
    sessions = list(event.sessions.all())
    dates = ""
    if sessions:
        first, last = sessions[0].starts_at.date(), sessions[-1].starts_at.date()
        dates = tanggal(first) if first == last else f"{tanggal(first)} – {tanggal(last)}"
    return {
        "event": event.name,
        "topic": event.topic.name,
        "organisation": str(event.organisation),
        "dates": dates,
    }


def data_of(
    certificate: Certificate, base_url: str = "", shared: dict[str, str] | None = None
) -> dict[str, str]:
    registration = certificate.registration
    shared = shared or event_data(registration.event)
    return {
        **shared,
        "dates": shared["dates"] or tanggal(certificate.issued_at.date()),
        "name": certificate.name_printed,
        "business": registration.business.name,
        "score": "" if registration.score is None else f"{registration.score:g}".replace(".", ","),
        "issued": tanggal(timezone.localtime(certificate.issued_at).date()),
        "code": certificate.code,
        "verify_url": verify_url(certificate.code, base_url),
    }


def verify_url(code: str, base_url: str = "") -> str:
    """The public page of a code, absolute: the request's site (views pass it), else the
    `SINERGI_PUBLIC_URL` setting (bulk jobs), else a path."""
    from django.urls import reverse

    base = base_url or getattr(settings, "SINERGI_PUBLIC_URL", "")
    return base.rstrip("/") + reverse("training:verify", kwargs={"code": code})


def _template_path() -> Path:
    return Path(settings.PACKAGE_DIR) / "templates" / TEMPLATE


def render_pdf(
    certificate: Certificate, base_url: str = "", shared: dict[str, str] | None = None
) -> bytes:
    """One certificate's PDF (the same template as the bulk ZIP, a list of one)."""
    data = data_of(certificate, base_url, shared)
    return pages.compile_document(str(_template_path()), [data])


def workers_for(batches: int) -> int:
    """Processes for a bulk ZIP: one per CPU core this process may use, never more than
    the batches nor than SINERGI_CERTIFICATE_WORKERS (environment) when set; 1 = here."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    limit = int(os.environ.get("SINERGI_CERTIFICATE_WORKERS") or 0) or cores or 1
    return max(1, min(batches, cores or 1, limit))


def zip_items(
    certificates: list[Certificate], base_url: str = ""
) -> tuple[list[str], list[dict[str, str]]]:
    """The file name in the ZIP and the printed data of each certificate, in order."""
    shared: dict[int, dict[str, str]] = {}
    names, items = [], []
    for certificate in certificates:
        event = certificate.registration.event
        if event.pk not in shared:
            shared[event.pk] = event_data(event)
        names.append(f"sertifikat-{certificate.registration_id}-{certificate.code[:6]}.pdf")
        items.append(data_of(certificate, base_url, shared[event.pk]))
    return names, items


def render_batches(batches: list[list[dict[str, str]]]) -> Iterator[list[bytes]]:
    """One list of PDFs per batch, in the order of `batches`, each yielded when compiled.

    With several batches and several cores, the batches are compiled in that many worker
    processes, each with its own compiler; without processes, here."""
    template = str(_template_path())
    workers = workers_for(len(batches)) if len(batches) >= MIN_BATCHES_FOR_PROCESSES else 1
    given = 0
    if workers > 1:
        try:
            # spawn: a fresh interpreter imports only certificate_pages (no Django, no
            # database connection or threads inherited from this process).
            pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            try:
                for pdfs in pool.map(pages.render_batch, [template] * len(batches), batches):
                    given += 1
                    yield pdfs
            finally:  # a caller that stops early (the worker stopping) waits for no more
                pool.shutdown(wait=True, cancel_futures=True)
            return
        except (OSError, BrokenProcessPool):  # no processes to be had: compile here
            log.warning("certificate ZIP: worker processes failed; compiling in-process")
    for batch in batches[given:]:
        yield pages.render_batch(template, batch)


def batches_of(items: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    return [items[i : i + pages.BATCH] for i in range(0, len(items), pages.BATCH)]


def bulk_zip(certificates: list[Certificate], base_url: str = "") -> bytes:
    """All certificates as one ZIP in memory, one PDF each (its own code and QR code).

    Compiled in batches of `certificate_pages.BATCH` (one typst document per batch, split
    into pages, `render_batches`). The ZIP keeps the order of `certificates`. An event's
    ZIP is built by the worker (`certificate_zip`) with the same steps."""
    names, items = zip_items(certificates, base_url)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        pdfs = (pdf for batch in render_batches(batches_of(items)) for pdf in batch)
        for name, pdf in zip(names, pdfs, strict=True):
            archive.writestr(name, pdf)
    return buffer.getvalue()
