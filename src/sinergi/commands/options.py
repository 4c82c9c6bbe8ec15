"""Options shared by the file commands (`dedupe`, `screen`): one spelling, one parser."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bukan angka / not a number: {text!r}") from None


def probability(text: str) -> float:
    """A probability in the closed range 0..1 (review-band limits may be 0 or 1)."""
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"harus 0..1 / must be within 0..1: {text}")
    return value


def open_probability(text: str) -> float:
    """A probability strictly between 0 and 1 (a threshold of 0 or 1 decides nothing)."""
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"harus di antara 0 dan 1 / must be in (0, 1): {text}")
    return value


def add_input_options(p: argparse.ArgumentParser) -> None:
    """--map and --sheet, read the same way by every command that reads source files."""
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="'FILE:Header=field'",
        help="petakan kolom secara manual / map a column by hand (repeatable)",
    )
    p.add_argument("--sheet", metavar="NAME", help="lembar Excel / spreadsheet sheet")


def require_spark() -> None:
    """--engine spark needs the optional extra; say how to get it instead of a traceback."""
    from sinergi.linkage import EngineUnavailable

    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise EngineUnavailable(
            "--engine spark: pyspark belum terpasang (pip install 'sinergi[spark]') / "
            "pyspark is not installed (pip install 'sinergi[spark]')"
        ) from None


def apply_model_inputs(args: argparse.Namespace, options: Any) -> None:
    """Fill the options both file commands take the same way: --map, --model, the engine."""
    from sinergi.linkage import load_model, parse_map_args

    options.maps = parse_map_args(args.map)
    if args.model:
        options.model = load_model(args.model)
    if args.engine == "spark":
        require_spark()


@contextmanager
def input_errors() -> Iterator[None]:
    """An input that cannot be used at all becomes exit 2 with one line (sinergi.cli)."""
    from sinergi.cli import UsageError
    from sinergi.linkage import EngineUnavailable, InputError

    try:
        yield
    except (InputError, EngineUnavailable) as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        # A model made for other settings, or options out of range.
        raise UsageError(str(exc).splitlines()[0]) from None


@contextmanager
def output_errors(out: str) -> Iterator[None]:
    """A folder we cannot write to becomes exit 2 naming it."""
    from sinergi.cli import UsageError

    try:
        yield
    except OSError as exc:
        raise UsageError(f"{out}: tidak bisa menulis / cannot write ({exc.strerror})") from None
