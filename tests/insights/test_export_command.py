"""`sinergi manage export_registry`: the web export's verb from the command line, as one
user sees the list (scope, masking), audited as that user's export."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sinergi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_users_list_with_the_nik_as_text(
    officer_bangka: Any, bangka_business: Any, make_business: Any, villages: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    make_business(villages["denpasar"], name="Warung Bali")
    out = tmp_path / "daftar.xlsx"
    said = io.StringIO()
    call_command("export_registry", "--user", "officer.bangka", "--format", "xlsx",
                 "--out", str(out), stdout=said)  # fmt: skip
    rows = list(load_workbook(out).active.values)
    assert [r[0] for r in rows[1:]] == ["Warung Makan Bu Siti"]  # not Denpasar's
    assert rows[1][2] == "1901015507850001"
    assert "1 businesses written" in said.getvalue()
    assert AuditEvent.objects.get(action="export").fields == "registry,xlsx,1,full,cli"


def test_the_command_masks_for_a_masked_role_and_refuses_an_unknown_user(
    manager_mitra: Any, bangka_business: Any, tmp_path: Path
) -> None:
    out = tmp_path / "daftar.csv"
    call_command("export_registry", "--user", "manager.mitra", "--format", "csv",
                 "--q", "Siti", "--out", str(out), stdout=io.StringIO())  # fmt: skip
    text = out.read_text(encoding="utf-8-sig")
    assert "1901********0001" in text and "1901015507850001" not in text
    with pytest.raises(CommandError, match="unknown user"):
        call_command("export_registry", "--user", "nobody", "--out", str(out))
