"""The linkage engine must run where Django is not installed (a data officer's laptop)."""

import subprocess
import sys
import textwrap

# Importing Django anywhere under sinergi.linkage must fail loudly in the child process.
_BLOCK_DJANGO = textwrap.dedent(
    """
    import importlib.abc, sys

    class NoDjango(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "django" or name.startswith("django."):
                raise ImportError("django is not installed here")
            return None

    sys.meta_path.insert(0, NoDjango())
    import pkgutil, importlib
    import sinergi.linkage as linkage
    loaded = []
    for mod in pkgutil.walk_packages(linkage.__path__, "sinergi.linkage."):
        importlib.import_module(mod.name)
        loaded.append(mod.name)
    # The `sinergi` command must build its parser (every subcommand) without Django too.
    importlib.import_module("sinergi.cli").build_parser()
    assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django leaked"
    print(len(loaded))
    """
)


def test_every_linkage_module_imports_with_django_absent():
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_DJANGO], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 2  # schema and regions at least


def test_the_blocker_really_blocks_django():
    # Guard against a test that cannot fail: the same child code must fail on a django import.
    code = _BLOCK_DJANGO.replace(
        "import sinergi.linkage as linkage", "import django.db\nimport sinergi.linkage as linkage"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "django is not installed here" in result.stderr
