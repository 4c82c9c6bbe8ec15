"""Audit events.

Invariants: events are only ever inserted (no view or verb updates or deletes them);
`object_type`/`object_id` point at any model (generic, so later apps — intake, review,
programs — write to the same trail); `actor_username` keeps the name even if the user is
deleted; `changes` maps a field name to {"old": ..., "new": ...} in JSON-safe values (either
key may be missing); `kind`/`payload` hold one declared event (`sinergi.audit.events`) or
nothing. `record()` validates both; old rows with flat values were moved to the "legacy"
kind by migration 0003.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW_PII = "view_pii", _("Viewed personal data")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DEACTIVATE = "deactivate", _("Deactivated")
    REACTIVATE = "reactivate", _("Reactivated")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    EXPORT = "export", _("Exported")
    # Registry upkeep by the review app: linking, decisions, merge/split and their undo.
    LINK = "link", _("Linked records")
    DECIDE = "decide", _("Review decision")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    UNDO = "undo", _("Undone")
    TRAIN = "train", _("Trained linkage model")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(
            object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    fields = models.CharField(
        _("fields"), max_length=200, blank=True, help_text=_("Fields viewed or changed.")
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    kind = models.CharField(_("event kind"), max_length=40, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"
