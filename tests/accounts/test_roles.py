"""What each role may do."""

from __future__ import annotations

import pytest

from sinergi.accounts.roles import Role, permissions_for, permissions_of_role


@pytest.mark.parametrize(
    ("role", "create", "deactivate", "full_pii", "audit_log"),
    [
        (Role.SYSTEM_ADMIN, True, True, True, True),
        (Role.PROVINCE_OFFICER, True, True, True, False),
        (Role.REGENCY_OFFICER, True, True, True, False),
        (Role.FIELD_ASSISTANT, True, False, True, False),
        (Role.PROGRAM_MANAGER, False, False, False, False),
        (Role.AUDITOR, False, False, False, True),
        (Role.BUSINESS_OWNER, False, False, True, False),
    ],
)
def test_each_role_has_exactly_its_permissions(role, create, deactivate, full_pii, audit_log):
    perms = permissions_of_role(role, "19")
    assert perms.view_registry
    assert (perms.create_business, perms.deactivate_business) == (create, deactivate)
    assert (perms.see_full_pii, perms.view_audit_log) == (full_pii, audit_log)


def test_an_unknown_role_may_do_nothing():
    assert not permissions_of_role("janitor", "19").view_registry


def test_the_scope_of_an_officer_is_their_region(officer_bangka):
    assert permissions_for(officer_bangka).scope == "1901"


def test_a_superuser_without_membership_is_a_national_admin(make_member):
    user = make_member("root", None, None)
    user.is_superuser = True
    perms = permissions_for(user)
    assert perms.role == Role.SYSTEM_ADMIN
    assert perms.scope == ""
