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
- `status` is `created` (a new business) or `in_review` (created, and queued in the
  review queue beside the existing business it looks like: never silently a second one).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_BUSINESS = "new_business", _("New business")


class SubmissionStatus(models.TextChoices):
    CREATED = "created", _("Business added")
    IN_REVIEW = "in_review", _("Added, waiting for duplicate review")


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
