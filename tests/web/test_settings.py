"""Settings from the environment; `check --deploy` passes with production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-production-secret-key-with-enough-entropy-9f8e7d6c",
    "ALLOWED_HOSTS": "sinergi.example.go.id",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _run(code: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DEBUG"))}
    base.update(DJANGO_SETTINGS_MODULE="sinergi.web.settings", SINERGI_VAR_DIR=str(tmp_path))
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _run(
        "import django, sys; from django.core.management import call_command; django.setup();"
        "call_command('check', deploy=True, fail_level='WARNING')",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _run("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secrets_can_be_read_from_files(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("from-a-file-" + "k" * 40 + "\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(key_file)
    result = _run("from django.conf import settings; print(settings.SECRET_KEY)", env, tmp_path)
    assert result.stdout.strip() == "from-a-file-" + "k" * 40


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _run(code, {"DEBUG": "true"}, tmp_path).stdout.strip()
    second = _run(code, {"DEBUG": "true"}, tmp_path).stdout.strip()
    assert len(first) > 40
    assert first == second
    assert (tmp_path / "secret_key").exists()


def test_the_database_defaults_to_a_sqlite_file_in_var(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    env = {"DEBUG": "true", "DATABASE_URL": ""}
    result = _run(code, env, tmp_path)
    assert result.stdout.strip() == str(tmp_path / "sinergi.sqlite3")


def test_a_misspelt_boolean_is_an_error_not_a_guess(tmp_path):
    result = _run("import django; django.setup()", {"DEBUG": "ya"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_debug_is_off_unless_someone_turns_it_on(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    env = {"SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    assert _run(code, env, tmp_path).stdout.strip() == "False"


def test_the_tests_themselves_run_without_debug(settings):
    assert settings.DEBUG is False
