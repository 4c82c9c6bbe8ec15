"""The training block of the role table: who reads, manages, registers their own."""

from __future__ import annotations

import pytest

from sinergi.accounts.roles import Role, permissions_of_role


@pytest.mark.parametrize(
    ("role", "view", "manage", "own"),
    [
        (Role.SYSTEM_ADMIN, True, True, False),
        (Role.PROVINCE_OFFICER, True, True, False),
        (Role.REGENCY_OFFICER, True, True, False),
        (Role.FIELD_ASSISTANT, False, False, False),
        (Role.PROGRAM_MANAGER, True, True, False),
        (Role.AUDITOR, True, False, False),
        (Role.BUSINESS_OWNER, False, False, True),
    ],
)
def test_each_role_has_exactly_its_training_permissions(role, view, manage, own):
    perms = permissions_of_role(role, "19")
    assert (perms.view_training, perms.manage_training, perms.register_own_business) == (
        view,
        manage,
        own,
    )
