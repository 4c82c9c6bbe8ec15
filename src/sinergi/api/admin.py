"""API tokens in the Django admin: list and revoke; issue with the `api_token` command."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sinergi.api.models import ApiToken
from sinergi.api.tokens import issue_token, revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    fields = ("user", "name")
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001
        token, key = issue_token(request.user, obj.user, obj.name)
        obj.pk = token.pk
        messages.warning(request, _("The token (shown once): %(key)s") % {"key": key})

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:  # noqa: ANN001
        for token in queryset:
            revoke_token(request.user, token)
