"""`sinergi manage loans_demo` writes a bank statement that matches >= 99% of its rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from sinergi.loans.bank_import import import_statement
from sinergi.programs.models import Program


@pytest.fixture
def demo_registry(reference_data, settings, tmp_path):
    from sinergi.regions.loading import load_regions
    from sinergi.registry.demo import ensure_businesses, ensure_users

    settings.VAR_DIR = tmp_path
    load_regions(["51"])  # the generator also uses the rest of Bali
    ensure_users()
    ensure_businesses(2026, 150)


def test_the_demo_bank_file_is_matched_and_posted(demo_registry, tmp_path, capsys) -> None:
    call_command("loans_demo", loans=20)
    path = Path(tmp_path) / "demo" / "mutasi-rekening-demo.csv"
    program = Program.objects.get(kind="loan")
    # The program's own manager imports it: verbs refuse an actor outside the organisation.
    from sinergi.accounts.models import Membership

    manager = Membership.objects.filter(organisation=program.organisation).first().user
    text = path.read_text(encoding="utf-8")
    statement = import_statement(manager, program, path.name, text)
    rows = statement.rows.count()
    assert rows >= 15
    assert statement.rows.filter(entry__isnull=False).count() >= 0.99 * rows
    # Repeating the command changes nothing.
    call_command("loans_demo", loans=20)
    assert Program.objects.filter(kind="loan").count() == 1
