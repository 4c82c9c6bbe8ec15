"""How the property tests draw: one place, three Hypothesis profiles.

- `ci` (the default, and what `.ci/run` uses): derandomized. Every run draws the same
  examples, so a red CI is a real regression, never a lucky draw.
- `replay`: only the failures kept in `tests/hypothesis-db/` (found by `make fuzz`) and
  the explicit `@example`s, read-only. `make test` runs it before the suite, so a failure
  found once is checked on every run until it is fixed.
- `fuzz` (`make fuzz`): random draws and `FUZZ_FACTOR` times the examples, saving any
  failure to `tests/hypothesis-db/`. Run it before you stop; commit what it saves, and
  turn each failure into an `@example` or a fixed test once it is understood.

Choose with `HYPOTHESIS_PROFILE`. Tests size themselves with `examples(n)` instead of
`settings(max_examples=n)`, so the fuzz profile can scale them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

FAILURES = Path(__file__).parent / "hypothesis-db"
FUZZ_FACTOR = 20

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile(
    "replay",
    database=ReadOnlyDatabase(DirectoryBasedExampleDatabase(FAILURES)),
    phases=[Phase.explicit, Phase.reuse],
    deadline=None,
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    database=DirectoryBasedExampleDatabase(FAILURES),
    deadline=None,
    print_blob=True,
    max_examples=100 * FUZZ_FACTOR,
)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(n: int, **options: Any) -> settings:
    """Settings for a property test that draws `n` examples (more under `fuzz`)."""
    factor = FUZZ_FACTOR if PROFILE == "fuzz" else 1
    return settings(max_examples=n * factor, deadline=None, **options)
