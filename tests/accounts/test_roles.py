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


@pytest.mark.parametrize(
    ("role", "view_programs", "manage_programs"),
    [
        (Role.SYSTEM_ADMIN, True, True),
        (Role.PROVINCE_OFFICER, True, True),
        (Role.REGENCY_OFFICER, True, True),
        (Role.FIELD_ASSISTANT, False, False),
        (Role.PROGRAM_MANAGER, True, True),
        (Role.AUDITOR, True, False),
        (Role.BUSINESS_OWNER, False, False),
    ],
)
def test_each_role_has_exactly_its_program_permissions(role, view_programs, manage_programs):
    perms = permissions_of_role(role, "19")
    assert (perms.view_programs, perms.manage_programs) == (view_programs, manage_programs)


def test_the_roles_table_in_the_docstring_says_what_the_code_does():
    """The module docstring is the documentation of who may do what: keep it true."""
    from sinergi.accounts import roles

    rows = {}
    for line in roles.__doc__.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 5:
            rows[cells[0]] = cells  # role as written -> its cells
    for role in Role:
        _, _, programs, data, _ = rows[role.value.replace("_", " ")]
        perms = permissions_of_role(role, "19")
        if perms.manage_any_program:
            assert programs.startswith("read all; manage any"), role
        elif perms.manage_programs:
            assert "manage own organisation's (or granted) programs" in programs, role
        elif perms.view_programs:
            assert programs == "read all (read only)", role
        else:
            assert programs.startswith("—"), role
        if "read programs in the" in programs or "read all" in programs:
            assert perms.read_programs_in_region, role
        if "programs only" in programs:
            assert not perms.read_programs_in_region, role
        assert ("approve shared" in programs) == perms.approve_shared_lists, role
        assert ("import" in data) == perms.import_data, role
        assert ("review pairs" in data) == perms.review_pairs, role
        assert ("linkage model" in data) == perms.manage_linkage_model, role


@pytest.mark.parametrize("module", ["sinergi.programs.permissions", "sinergi.loans.permissions"])
def test_programs_loans_and_memberships_read_the_one_table(
    module, officer_bangka, assistant_bangka, manager_mitra, auditor, make_member
):
    import importlib

    perms = importlib.import_module(module)
    owner = make_member("pemilik", Role.BUSINESS_OWNER, None)
    expected = {
        officer_bangka: (True, True),
        manager_mitra: (True, True),
        auditor: (True, False),
        assistant_bangka: (False, False),
        owner: (False, False),
    }
    for user, (view, manage) in expected.items():
        assert (perms.can_view(user), perms.can_manage(user)) == (view, manage), user


def test_a_regional_role_without_a_region_may_not_touch_programs(make_member):
    from sinergi.programs.permissions import can_manage, can_view

    user = make_member("officer.nowhere", Role.REGENCY_OFFICER, None)
    assert not can_view(user) and not can_manage(user)
