"""The engine's shape: layers without cycles, one front door, Splink behind it.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` checks them on
the import graph of the `sinergi` package found on sys.path (the worktree's `src/` under
`PYTHONPATH=src`, the editable install under `make test`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sinergi
import sinergi.linkage as linkage

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(sinergi.__file__).resolve().parent


def test_the_engine_keeps_its_import_contracts():
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _names_taken_from_the_engine() -> dict[str, set[str]]:
    """{module file: names it imports from `sinergi.linkage`}, outside the engine."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if "linkage" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sinergi.linkage":
                found.setdefault(str(path.relative_to(SRC)), set()).update(
                    a.name for a in node.names
                )
    return found


def test_the_platform_imports_only_names_the_engine_declares_public():
    taken = _names_taken_from_the_engine()
    assert taken, "the platform uses the engine; the scan found no import of it"
    public = set(linkage.__all__)
    stray = {f: sorted(names - public) for f, names in taken.items() if names - public}
    assert stray == {}


def test_every_public_name_exists_and_none_is_private():
    for name in linkage.__all__:
        assert not name.startswith("_"), name
        assert hasattr(linkage, name), name
    assert len(set(linkage.__all__)) == len(linkage.__all__)


def test_no_module_outside_the_engine_reads_splink_internals():
    """`linker._settings_obj` and friends belong to the engine (model/pair_scorer.py)."""
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "linkage" not in p.relative_to(SRC).parts
        and ("_settings_obj" in (text := p.read_text("utf-8")) or "splink.internals" in text)
    ]
    assert offenders == []
