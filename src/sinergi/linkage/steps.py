"""Progress and timing of a pipeline's steps (shared by dedupe and screen)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Steps:
    """A tqdm bar over the pipeline's steps, on stderr, shown only after one second.

    Silent when `quiet`. `step(name)` moves to the next step and shows its name.
    """

    def __init__(self, total: int, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        if not quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=sys.stderr, delay=1.0, unit="langkah", leave=False)

    def step(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(name[:60])
            self.bar.update(1)

    def note(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(name[:60])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def timed(timings: dict[str, float], name: str) -> Iterator[None]:
    t = time.perf_counter()
    yield
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - t
