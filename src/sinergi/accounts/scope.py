"""The one `Scope` value: where a user may act — region subtree, organisation and role.

Why in `accounts` and not `regions`: a scope is a property of a *membership* (a user's
organisation, role and region); `regions` stays the plain Kemendagri tree that knows no
users. The region rule itself is the tree's: region X contains code Y when Y starts with
X (`regions.models` invariant). There is no other region rule: registry columns per level
(`Business.province_code`, ...) are only the indexed form of that same prefix test.

Built once per request from the user (`scope_for`, cached on the user object like
`roles.permissions_for`). Every `visible_to`, form and verb asks it:

- `contains(code)`: is region `code` inside the scope?
- `q(field, by_level=None)`: a Q for querysets (prefix on `field`, or equality on the
  per-level column of `by_level`);
- `overlaps(other)`: do two scopes (or a scope and a code) share a subtree?
- `owns(obj)`: does `obj.organisation_id` name the user's organisation?

`NotAllowed` is the one refusal: a `PermissionDenied`, so Django answers 403 and the CLI
prints it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from sinergi.accounts.roles import NOBODY, Permissions, Role, permissions_for

NOTHING = Q(pk__in=[])
# Not `Q()`: an empty Q vanishes when OR-ed (`NOTHING | Q()` is NOTHING).
EVERYTHING = Q(pk__isnull=False)


class NotAllowed(PermissionDenied):
    """The actor may not do this to this object (views: 403; CLI: printed)."""

    def __init__(self, what: str = "") -> None:
        super().__init__(what or "not allowed")
        self.what = what


def code_in(code: str | None, region: str) -> bool:
    """THE region rule: `code` lies in the subtree of `region` ('' = all of Indonesia)."""
    return code is not None and code.startswith(region)


def region_q(region: str, field: str, by_level: Mapping[int, str] | None = None) -> Q:
    """Rows whose code in `field` lies in the subtree of `region` ('' = everything).

    `by_level` maps a code length to a column holding the row's code at that level (the
    registry's indexed `regency_code` etc.): equality there is the same prefix rule,
    without a LIKE scan on millions of rows."""
    if not region:
        return EVERYTHING
    if not region.isdigit():
        return NOTHING
    if by_level is not None:
        column = by_level.get(len(region))
        if column is None:
            return NOTHING
        return Q(**{f"{field}{column}": region})
    return Q(**{f"{field}__startswith": region})


@dataclass(frozen=True)
class Scope:
    perms: Permissions
    region: str = ""
    organisation_id: int | None = None
    user_id: int | None = None

    @property
    def role(self) -> str | None:
        return self.perms.role

    @property
    def is_nobody(self) -> bool:
        return self.perms.role is None

    @property
    def is_national(self) -> bool:
        return not self.is_nobody and self.region == ""

    def contains(self, code: str | None) -> bool:
        return not self.is_nobody and code_in(code, self.region)

    def overlaps(self, other: Scope | str) -> bool:
        if self.is_nobody:
            return False
        if isinstance(other, Scope):
            if other.is_nobody:
                return False
            other = other.region
        return other.startswith(self.region) or self.region.startswith(other)

    def q(self, field: str, by_level: Mapping[int, str] | None = None) -> Q:
        if self.is_nobody:
            return NOTHING
        return region_q(self.region, field, by_level)

    def owns(self, obj: Any) -> bool:
        """True when `obj` (anything with `organisation_id`) belongs to the user's
        organisation."""
        org = getattr(obj, "organisation_id", None)
        return self.organisation_id is not None and org == self.organisation_id

    def require(self, allowed: bool, what: str = "") -> None:
        if not allowed:
            raise NotAllowed(what)


NOWHERE = Scope(perms=NOBODY)


def scope_for(user: object) -> Scope:
    """The scope of a request's user, cached on the user object for the request."""
    if user is None:
        return NOWHERE
    cached = getattr(user, "_sinergi_scope", None)
    if cached is not None:
        return cached
    perms = permissions_for(user)
    if perms.role is None:
        scope = NOWHERE
    else:
        membership = getattr(user, "membership", None) if perms.role else None
        org = getattr(membership, "organisation_id", None) if membership else None
        scope = Scope(perms=perms, region=perms.scope, organisation_id=org, user_id=user.pk)
    user._sinergi_scope = scope
    return scope


def is_owner(scope: Scope) -> bool:
    return scope.role == Role.BUSINESS_OWNER
