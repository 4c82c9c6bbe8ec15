"""Roles and what each may do: the one table of permissions.

Region scoping itself (which rows) lives in `Business.objects.visible_to(user)` and
`Program.objects.visible_to(user)`; this module says which *actions* a role may take
within its scope. `sinergi.programs.permissions` and `sinergi.loans.permissions` only read
the fields below; no other module decides who may act.

| role | registry | programs, cycles, ledger, loans, memberships |
|---|---|---|
| system admin | view, add, edit, deactivate; full NIK/phone; audit log; model | view, manage |
| province officer | view, add, edit, deactivate; full NIK/phone; model | view, manage |
| regency officer | view, add, edit, deactivate; full NIK/phone | view, manage |
| field assistant | view, add, edit; full NIK/phone | — (proposes through officers) |
| program manager | view (masked) | view, manage |
| auditor | view (masked); audit log | view (read only) |
| business owner | own businesses: view, edit; own NIK/phone | — |

*Manage programs* (`manage_programs`) covers every write on programs and what is built on
them: create and edit a program, close it, open and cancel cycles, nominate, submit,
resolve findings, verify, approve, disburse and reverse; loan applications, agreements,
repayments, bank imports; membership plans, years and payments. A program may only be
edited inside the editor's own scope (`programs.lifecycle.update_program`). *Model* is
`manage_linkage_model`: training, tuning and rolling back the one linkage model.

Privacy choice (UU 27/2022 PDP, least privilege): full NIK and phone numbers are shown
to roles that verify or contact owners in the field — system admin, province and regency
officers, field assistants — and to a business owner for their own record. Program
managers and auditors see masked values: programs will get their own contact lists with
their own purpose, and auditors check the trail (who looked at what), not the people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    REGENCY_OFFICER = "regency_officer", _("Regency/city officer")
    FIELD_ASSISTANT = "field_assistant", _("Field assistant (pendamping)")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    AUDITOR = "auditor", _("Auditor")
    BUSINESS_OWNER = "business_owner", _("Business owner")


OFFICERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER, Role.REGENCY_OFFICER}
EDITORS = OFFICERS | {Role.FIELD_ASSISTANT}
FULL_PII = EDITORS | {Role.BUSINESS_OWNER}
AUDIT_READERS = {Role.SYSTEM_ADMIN, Role.AUDITOR}
# One linkage model serves the whole installation: it is trained, tuned and rolled back
# at province level or above (the review app's model page).
MODEL_MANAGERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER}
PROGRAM_MANAGERS = OFFICERS | {Role.PROGRAM_MANAGER}
PROGRAM_READERS = PROGRAM_MANAGERS | {Role.AUDITOR}


@dataclass(frozen=True)
class Permissions:
    """What one user may do. `scope` is a region-code prefix ('' = all of Indonesia)."""

    role: str | None
    scope: str
    view_registry: bool = False
    create_business: bool = False
    edit_business: bool = False
    deactivate_business: bool = False
    see_full_pii: bool = False
    view_audit_log: bool = False
    manage_linkage_model: bool = False
    view_programs: bool = False
    manage_programs: bool = False

    @property
    def is_owner(self) -> bool:
        return self.role == Role.BUSINESS_OWNER


NOBODY = Permissions(role=None, scope="")


def permissions_of_role(role: str | None, scope: str) -> Permissions:
    if role is None or role not in Role.values:
        return NOBODY
    return Permissions(
        role=role,
        scope=scope,
        view_registry=True,
        create_business=role in EDITORS,
        edit_business=role in EDITORS or role == Role.BUSINESS_OWNER,
        deactivate_business=role in OFFICERS,
        see_full_pii=role in FULL_PII,
        view_audit_log=role in AUDIT_READERS,
        manage_linkage_model=role in MODEL_MANAGERS,
        view_programs=role in PROGRAM_READERS,
        manage_programs=role in PROGRAM_MANAGERS,
    )


def permissions_for(user: object) -> Permissions:
    """Permissions of a request's user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOBODY
    cached = getattr(user, "_sinergi_permissions", None)
    if cached is not None:
        return cached
    from sinergi.accounts.models import Membership

    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        perms = permissions_of_role(membership.role, membership.scope_id or "")
        if membership.scope_id is None and membership.role not in {
            Role.SYSTEM_ADMIN,
            Role.AUDITOR,
            Role.PROGRAM_MANAGER,
            Role.BUSINESS_OWNER,
        }:
            # A regional role without a region would see the whole country: refuse.
            perms = NOBODY
    elif getattr(user, "is_superuser", False):
        perms = permissions_of_role(Role.SYSTEM_ADMIN, "")
    else:
        perms = NOBODY
    user._sinergi_permissions = perms
    return perms
