"""Who may do what with programs (the registry's role table decides scope; this module
names the program actions each role may take)."""

from __future__ import annotations

from sinergi.accounts.roles import Role, permissions_for

VIEW_ROLES = {
    Role.SYSTEM_ADMIN,
    Role.PROVINCE_OFFICER,
    Role.REGENCY_OFFICER,
    Role.PROGRAM_MANAGER,
    Role.AUDITOR,
}
# Nominate, submit, resolve findings, approve, disburse. Field assistants propose through
# officers; auditors read.
MANAGE_ROLES = VIEW_ROLES - {Role.AUDITOR}


def can_view(user: object) -> bool:
    return permissions_for(user).role in VIEW_ROLES


def can_manage(user: object) -> bool:
    return permissions_for(user).role in MANAGE_ROLES
