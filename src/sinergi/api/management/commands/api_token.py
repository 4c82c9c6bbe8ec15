"""Issue, list or revoke API tokens (as a system administrator; audited).

sinergi manage api_token issue --admin ADMIN --user USER --name "Bank X integration"
sinergi manage api_token list
sinergi manage api_token revoke --admin ADMIN PREFIX
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sinergi.api.models import ApiToken
from sinergi.api.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["issue", "list", "revoke"])
        parser.add_argument("prefix", nargs="?", default="")
        parser.add_argument("--admin", default="")
        parser.add_argument("--user", default="")
        parser.add_argument("--name", default="")

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            for t in ApiToken.objects.select_related("user"):
                state = "revoked" if t.revoked_at else "active"
                self.stdout.write(f"{t.prefix}  {t.user.get_username():20} {state:8} {t.name}")
            return
        admin = self._user(opts["admin"])
        if opts["action"] == "issue":
            if not opts["name"]:
                raise CommandError("--name is required")
            _token, key = issue_token(admin, self._user(opts["user"]), opts["name"])
            self.stdout.write(key)
            return
        token = ApiToken.objects.filter(prefix=opts["prefix"]).first()
        if token is None:
            raise CommandError(f"no token with prefix {opts['prefix']!r}")
        revoke_token(admin, token)
