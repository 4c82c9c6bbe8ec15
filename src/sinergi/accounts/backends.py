"""The project's authentication backend: Django's `ModelBackend`, with the user's
membership and organisation read in the same query as the user.

Every signed-in page needs the membership (`roles.permissions_for`: role and region
scope; the user menu names the organisation). `ModelBackend.get_user` reads the user
alone, and the membership then cost a second query on every request (about 1 ms of web
CPU each: docs/benchmarks.md, "Session 6, second round"). Here `get_user` joins both and
hands the membership (or None) to `permissions_for` as `user._sinergi_membership`, the
same contract as the API's tokens (`api.tokens.user_of`).

Settings list this backend after django-axes' (which only refuses locked-out logins)
and before `django.contrib.auth.backends.ModelBackend`: a session stores the path of the
backend that logged it in, and sessions made before this backend existed name
ModelBackend, so that path stays listed and those sessions stay valid (they read the
membership in its own query until their next login).

Invariant: authentication itself is ModelBackend's, unchanged; a login refused here is
not tried again by the ModelBackend listed after it (the same check would hash the
password a second time): see `authenticate`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class MembershipBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            # ModelBackend, listed next (for old sessions only), would check the same
            # credentials again. PermissionDenied stops `django.contrib.auth.authenticate`
            # here; it then reports the failure exactly as when every backend fails
            # (`user_login_failed`, which django-axes counts).
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> Any | None:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("membership__organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # Read with the user (None when there is none): see `roles.permissions_for`.
        user._sinergi_membership = user._state.fields_cache.get("membership")
        return user
