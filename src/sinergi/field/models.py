"""What the phone sent: one row per finished field form, keyed by the phone's key.

A field assistant's phone makes an idempotency key (a random UUID) when a form is
finished, and sends the form with it until the server has confirmed it — after a lost
answer it sends it again. `Submission.key` is unique: the first arrival creates the
business, every repeat is answered from this row and creates nothing.

Invariants:
- One row per key; the key belongs to the user who sent it first (another user's repeat
  of the key is refused, never answered with someone else's result).
- `payload` keeps what was typed, as sent (raw rows kept), even after the business is
  merged or changed.
- `status` is `created` (a new business), `in_review` (created, and queued in the
  review queue beside the existing business it looks like: never silently a second one)
  or `recorded` (a visit to an existing business, `Visit`), or `updated` (the business
  fields of an existing business changed, as the registry's edit verb does it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_BUSINESS = "new_business", _("New business")
    VISIT = "visit", _("Visit log")
    UPDATE_BUSINESS = "update_business", _("Update business")


class SubmissionStatus(models.TextChoices):
    CREATED = "created", _("Business added")
    IN_REVIEW = "in_review", _("Added, waiting for duplicate review")
    RECORDED = "recorded", _("Visit recorded")
    UPDATED = "updated", _("Business updated")


class Submission(models.Model):
    key = models.UUIDField(_("idempotency key"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("form"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=SubmissionStatus.choices)
    business = models.ForeignKey(
        "registry.Business", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    looks_like = models.ForeignKey(
        "registry.Business", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(_("as typed"))
    finished_on_phone_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Purpose(models.TextChoices):
    VERIFICATION = "verification", _("Verify the data")
    ASSISTANCE = "assistance", _("Assistance")
    MONITORING = "monitoring", _("Monitoring")
    OTHER = "other", _("Other")


class Visit(models.Model):
    """A field assistant's visit to a business, as logged on the phone (possibly offline).

    `visited_on` is the day the assistant says; `received_at` of its submission is when
    the server heard of it. The coordinates are where the phone was, with consent.
    """

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="field_visits"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visit date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, related_name="visit"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.business_id} {self.visited_on}"
