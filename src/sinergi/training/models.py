"""Capacity building: events (trainings, webinars) with sessions, registrations, attendance,
outcomes and certificates; cohorts; contact consent; mentoring (`mentoring_models`).

Invariants:
- An event belongs to one organisation (`organisation`); other organisations act on it
  only when the owner made them partners (`EventPartner`), as for programs
  (`training.permissions`). Every write goes through `training.actions`.
- One `Registration` per (event, business), whatever its status: registering again
  re-opens the row, never adds a second. Registered (non-cancelled, non-waiting) rows never
  exceed `Event.capacity` (when set); the waiting list is ordered by `queued_at` and moves
  up in that order when a seat frees (`actions.cancel_registration`).
- Session times are stored in UTC; `Session.timezone` (Asia/Jakarta, Asia/Makassar,
  Asia/Jayapura) is only how they are shown (WIB, WITA, WIT).
- Attendance minutes are whole minutes per (session, registration), summed across
  reconnects with overlapping intervals counted once (`training.attendance_files`).
- A certificate's `code` is unguessable (`secrets`) and never reused; a revoked
  certificate stays revoked; a reissue revokes the old one and points to the new.
- Consent is a history: the newest `Consent` row per (person, purpose) decides; a
  withdrawal is a row with `given=False`. Contact lists ask `Consent.objects.consenting`.
"""

from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.training.querysets import (
    CohortQuerySet,
    ConsentQuerySet,
    EventQuerySet,
    RegistrationQuerySet,
)

USER = settings.AUTH_USER_MODEL


class Topic(models.Model):
    """A topic from the list the office extends (digital marketing, export, ...)."""

    name = models.CharField(_("topic"), max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.name


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    HYBRID = "hybrid", _("Online and offline")


class EventStatus(models.TextChoices):
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")


class Event(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="training_events",
        verbose_name=_("organiser"),
    )
    name = models.CharField(_("name"), max_length=200)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("topic"))
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ONLINE)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    region_scope = models.CharField(
        _("region scope"),
        max_length=10,
        blank=True,
        help_text=_("Region code prefix; empty for all of Indonesia."),
    )
    # The target group: a saved registry filter (the registry list's fields).
    target_filter = models.JSONField(_("target group"), default=dict, blank=True)
    self_registration = models.BooleanField(_("owners may register themselves"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=EventStatus.choices, default=EventStatus.OPEN
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("training event")

    def __str__(self) -> str:
        return self.name


class EventPartner(models.Model):
    """An organisation the owner lets act on its event (one row per pair)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partner_events"
    )
    granted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="event_partner_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.event_id}"


# Indonesia's three time zones, as they are written on invitations.
ZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("time zone"),
        max_length=16,
        default="Asia/Jakarta",
        choices=[(k, f"{v} ({k})") for k, v in ZONES.items()],
    )
    # The attendance rule: present when at least this many minutes were attended.
    min_minutes = models.PositiveIntegerField(_("minutes needed to count as present"), default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.local_text()}"

    @property
    def zone_label(self) -> str:
        return ZONES.get(self.timezone, self.timezone)

    def local_text(self) -> str:
        """'07-12-2026 09:00–11:00 WITA': the session as its audience reads it."""
        zone = ZoneInfo(self.timezone)
        start, end = self.starts_at.astimezone(zone), self.ends_at.astimezone(zone)
        return f"{start:%d-%m-%Y %H:%M}–{end:%H:%M} {self.zone_label}"

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Cohort(models.Model):
    """A named group of businesses ("Mitra binaan 2020 – Bali") an organisation follows."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    region_scope = models.CharField(_("region scope"), max_length=10, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="cohort_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "business"], name="cohort_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.business_id} in {self.cohort_id}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Source(models.TextChoices):
    MANUAL = "manual", _("By hand")
    TARGET = "target", _("Target group invitation")
    COHORT = "cohort", _("Cohort invitation")
    UPLOAD = "upload", _("Uploaded list")
    SELF = "self", _("Owner registered")


class Outcome(models.TextChoices):
    NONE = "", _("Not assessed")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="training_registrations"
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    # Order of the waiting list (and of registration): set on every (re)registration.
    queued_at = models.DateTimeField()
    registered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=6, choices=Outcome.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            # The rule "no business registered twice for one event", held by the database.
            models.UniqueConstraint(fields=["event", "business"], name="registration_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="registration_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} @ {self.event_id} ({self.status})"


class AttendanceKind(models.TextChoices):
    ZOOM = "zoom", _("Zoom participant report (CSV)")
    SHEET = "sheet", _("Signed attendance sheet (xlsx)")


class FileStatus(models.TextChoices):
    """An uploaded file read by the background worker (`training.tasks`, one job kind per
    model in `apps.py`): reading -> done, or unreadable (the reader's message names the
    file, row and column) or refused (the event closed, the uploader lost the right)."""

    READING = "reading", _("Reading the file")
    DONE = "done", _("Read and matched")
    UNREADABLE = "unreadable", _("File could not be read")
    REFUSED = "refused", _("Refused")


class AttendanceImport(models.Model):
    """One imported attendance file of one session, with its counts (raw lines kept).

    The request stores the file (`stored_path`, by content hash) and queues its reading;
    the counts and lines are written by the worker in one transaction (`status` done)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(max_length=5, choices=AttendanceKind.choices)
    file_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=FileStatus.choices, default=FileStatus.DONE)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lines = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    review = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    imported_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name


class LineOutcome(models.TextChoices):
    MATCHED = "matched", _("Matched")
    AMBIGUOUS = "ambiguous", _("Several possible participants")
    UNMATCHED = "unmatched", _("No registered participant found")


class AttendanceLine(models.Model):
    """One person of an import: the file's lines of that person (reconnects) kept raw."""

    attendance_import = models.ForeignKey(
        AttendanceImport, on_delete=models.CASCADE, related_name="people_lines"
    )
    line_numbers = models.JSONField(default=list)
    raw = models.JSONField(default=list)
    display_name = models.CharField(max_length=300, blank=True)
    email = models.CharField(max_length=254, blank=True)
    minutes = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=LineOutcome.choices)
    matched_by = models.CharField(max_length=8, blank=True)  # email / phone / name / person
    reason = models.CharField(max_length=300, blank=True)
    candidates = models.JSONField(default=list)  # registration ids
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def shown_name(self) -> str:
        """The display name for a page: a phone number typed as the name is masked."""
        import re

        from sinergi.core.masking import mask_phone

        return re.sub(r"[+\d][\d\s.\-]{7,}\d", lambda m: mask_phone(m.group()), self.display_name)


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    minutes = models.PositiveIntegerField(default=0)
    present = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id}: {self.minutes}"


def new_code() -> str:
    """An unguessable verification code (about 120 bits), fit for a URL and a QR code."""
    return secrets.token_urlsafe(15)


class Certificate(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="certificates"
    )
    code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    name_printed = models.CharField(_("name as printed"), max_length=200)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField(max_length=300, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name_printed} ({self.code[:6]}…)"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Verification(models.Model):
    """One opening of the public verification page (who asked is not known: no login)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="verifications"
    )
    at = models.DateTimeField(auto_now_add=True)
    valid = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.at:%Y-%m-%d %H:%M}"


class Purpose(models.TextChoices):
    TRAINING = "training", _("Invitations to trainings, mentoring and cohort news")


class Consent(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    given = models.BooleanField()
    on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose} {self.given} {self.on}"


class PrakerjaStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PASSED = "passed", _("Passed")
    INCENTIVE = "incentive", _("Incentive received")


class Prakerja(models.Model):
    """Kartu Prakerja steps of one owner, each with its date (one row per step)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PrakerjaStatus.choices)
    on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "status"], name="prakerja_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.on}"


class RegistrationUpload(models.Model):
    """An uploaded list of participants, linked to the registry as nomination uploads are.

    `rows`: one dict per data row, in file order: {"row", "outcome" (registered, waiting,
    already, doubtful, not_found, refused, bad), "message", "business_id", "candidates"}.
    Raw cells are kept in `raw_rows` (masked when shown). The request stores the file
    (`stored_path`) and queues its reading; the worker links and registers (`status`)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="uploads")
    file_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=FileStatus.choices, default=FileStatus.DONE)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    headers = models.JSONField(default=list)
    raw_rows = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name


class ZipStatus(models.TextChoices):
    """A bulk ZIP of an event's certificates, built by the background worker
    (`training.certificate_zip`, job kind in `apps.py`): building -> done, or failed."""

    BUILDING = "building", _("Preparing the ZIP")
    DONE = "done", _("ZIP ready")
    FAILED = "failed", _("ZIP failed")


class CertificateZip(models.Model):
    """All valid certificates of one event as one ZIP, kept under VAR_DIR.

    `certificate_ids` is the set taken when it was requested (in order) and `fingerprint`
    a digest of everything printed on them (event, names, scores, codes): a ZIP whose
    fingerprint is no longer the event's is stale and never served. `done` of `total`
    certificates are compiled (the progress shown while building)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificate_zips")
    status = models.CharField(max_length=10, choices=ZipStatus.choices, default=ZipStatus.BUILDING)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    certificate_ids = models.JSONField(default=list)
    base_url = models.CharField(max_length=300, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    stored_path = models.CharField(max_length=500, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A second request while one is pending never starts a second job.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(status="building"),
                name="training_one_zip_building_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"ZIP {self.event_id} #{self.pk} ({self.status})"


# Mentoring lives in its own module (same app); imported here so Django finds it.
from sinergi.training.mentoring_models import (  # noqa: E402, F401
    MentorAssignment,
    MentoringLog,
    Problem,
)
