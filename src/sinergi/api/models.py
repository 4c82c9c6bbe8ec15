"""API tokens: one per user or per integration, stored hashed.

Invariants:
- Only the SHA-256 of a token is stored (`key_hash`); the token itself is shown once,
  when issued (`tokens.issue_token`). `prefix` (its first 8 characters) names it in lists.
- A token acts as its `user`: same role, scope and organisation as on the web (the API's
  reads and writes go through the same `visible_to` querysets and verbs).
- A revoked token (`revoked_at` set) never authenticates again; tokens are not deleted,
  so the audit trail keeps pointing at them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
