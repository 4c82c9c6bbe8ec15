"""The model's comparison SQL evaluated in Python, for a handful of pairs.

`PairScorer` scores one record against at most a few dozen candidates. Running Splink's
gamma CASE statements in DuckDB costs 20-60 ms of parsing, binding and optimising per call
(the business-name comparison alone is 14,000 characters of SQL) for well under a
millisecond of work. Here the same SQL text, as Splink generates it, is parsed once per
process with sqlglot and turned into Python closures with SQL semantics: NULL is None,
three-valued AND / OR / NOT, a CASE branch is taken only when its condition is TRUE,
DuckDB's `left`/`right`/`substr` on negative arguments, `least` ignoring NULLs,
Levenshtein, DuckDB's Jaro-Winkler (prefix up to 4, weight 0.1, boosted above 0.7),
`list_intersect`, and `CAST(... AS FLOAT)` rounding to 32 bits.

Invariants: `compile_case` either returns an evaluator that gives DuckDB's gamma for every
pair of ASCII rows, or raises `Unsupported` (an expression it does not know), and the
caller then uses DuckDB; rows holding non-ASCII text are left to DuckDB too, because its
string functions count bytes where Python counts characters. Parity with DuckDB on the
same pairs is a property test (tests/linkage/test_pair_eval.py).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]
Fn = Callable[[Row, Row], Any]


class Unsupported(ValueError):
    """The SQL holds an expression this evaluator does not implement."""


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def jaro_winkler(p: str, t: str) -> float:
    """DuckDB's `jaro_winkler_similarity` (rapidfuzz's algorithm) on ASCII text."""
    if not p or not t:
        return 0.0
    if len(p) == 1 and len(t) == 1:
        sim = float(p == t)
    else:
        bound = max(len(p), len(t)) // 2 - 1
        t_flag = [False] * len(t)
        p_matched = []
        for i, ch in enumerate(p):
            for j in range(max(0, i - bound), min(len(t), i + bound + 1)):
                if not t_flag[j] and t[j] == ch:
                    t_flag[j] = True
                    p_matched.append(ch)
                    break
        common = len(p_matched)
        if not common:
            return 0.0
        t_matched = [t[j] for j in range(len(t)) if t_flag[j]]
        transpositions = sum(a != b for a, b in zip(p_matched, t_matched, strict=True)) // 2
        sim = (common / len(p) + common / len(t) + (common - transpositions) / common) / 3.0
    if sim > 0.7:
        prefix = 0
        for a, b in zip(p[:4], t[:4], strict=False):
            if a != b:
                break
            prefix += 1
        sim += prefix * 0.1 * (1.0 - sim)
    return sim


def _left(s: str, n: int) -> str:
    return s[:n] if n >= 0 else s[: max(len(s) + n, 0)]


def _right(s: str, n: int) -> str:
    if n >= 0:
        return s[len(s) - n :] if n else ""
    return s[min(-n, len(s)) :]


def _substr(s: str, start: int, length: int | None = None) -> str:
    if start < 0:
        start = len(s) + start + 1
    end = len(s) + 1 if length is None else start + length
    begin = max(start, 1)
    return s[begin - 1 : max(end - 1, begin - 1)]


def _float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def _strict(fn: Callable[..., Any], *args: Fn) -> Fn:
    """A function of its arguments' values; NULL when any argument is NULL."""
    if len(args) == 1:
        (a,) = args

        def one(left: Row, right: Row) -> Any:
            x = a(left, right)
            return None if x is None else fn(x)

        return one
    if len(args) == 2:
        a, b = args

        def two(left: Row, right: Row) -> Any:
            x = a(left, right)
            if x is None:
                return None
            y = b(left, right)
            return None if y is None else fn(x, y)

        return two

    def many(left: Row, right: Row) -> Any:
        values = [f(left, right) for f in args]
        return None if any(v is None for v in values) else fn(*values)

    return many


_COMPARE = {
    "EQ": lambda x, y: x == y,
    "NEQ": lambda x, y: x != y,
    "GT": lambda x, y: x > y,
    "GTE": lambda x, y: x >= y,
    "LT": lambda x, y: x < y,
    "LTE": lambda x, y: x <= y,
    "Add": lambda x, y: x + y,
    "Sub": lambda x, y: x - y,
    "Mul": lambda x, y: x * y,
}
_UNARY = {
    "Length": len,
    "Radians": math.radians,
    "Sin": math.sin,
    "Cos": math.cos,
    "Acos": math.acos,
    "Neg": lambda x: -x,
}
_FUNCTIONS = {
    "levenshtein": levenshtein,
    "jaro_winkler_similarity": jaro_winkler,
    "list_intersect": lambda a, b: [x for x in dict.fromkeys(a) if x in set(b)],
    "len": len,
    "array_length": len,
}


def _compile(node: Any) -> Fn:  # noqa: C901 - one branch per SQL construct, flat by design
    from sqlglot import exp

    kind = type(node).__name__
    if isinstance(node, exp.Paren | exp.Alias):
        return _compile(node.this)
    if isinstance(node, exp.Column):
        name = node.name
        side = "l" if name.endswith("_l") else "r" if name.endswith("_r") else ""
        if not side:
            raise Unsupported(f"column {name!r} is on neither side")
        column = name[:-2]
        if side == "l":
            return lambda left, right: left[column]
        return lambda left, right: right[column]
    if isinstance(node, exp.Null):
        return lambda left, right: None
    if isinstance(node, exp.Boolean):
        value = bool(node.this)
        return lambda left, right: value
    if isinstance(node, exp.Literal):
        literal: Any = node.this if node.is_string else float(node.this)
        if not node.is_string and float(literal).is_integer() and "." not in node.this:
            literal = int(node.this)
        return lambda left, right: literal
    if kind in _COMPARE:
        return _strict(_COMPARE[kind], _compile(node.this), _compile(node.expression))
    if kind in _UNARY:
        return _strict(_UNARY[kind], _compile(node.this))
    if isinstance(node, exp.And):
        return _and(_compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Or):
        return _or(_compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Not):
        inner = _compile(node.this)
        return _strict(lambda x: not x, inner)
    if isinstance(node, exp.Is):
        if not isinstance(node.expression, exp.Null):
            raise Unsupported("IS other than IS NULL")
        inner = _compile(node.this)
        return lambda left, right: inner(left, right) is None
    if isinstance(node, exp.In):
        if node.args.get("query") or node.args.get("unnest") or node.args.get("field"):
            raise Unsupported("IN over a query")
        values = []
        for item in node.expressions:
            if not isinstance(item, exp.Literal):
                raise Unsupported("IN over non-literals")
            values.append(_compile(item)(None, None))  # type: ignore[arg-type]
        members = frozenset(values)
        return _strict(lambda x: x in members, _compile(node.this))
    if isinstance(node, exp.Case):
        if node.this is not None:
            raise Unsupported("CASE with an operand")
        branches = [(_compile(w.this), _compile(w.args["true"])) for w in node.args["ifs"]]
        default = node.args.get("default")
        otherwise = _compile(default) if default is not None else (lambda left, right: None)
        return _case(branches, otherwise)
    if isinstance(node, exp.If):
        cond, true = _compile(node.this), _compile(node.args["true"])
        false = node.args.get("false")
        return _case([(cond, true)], _compile(false) if false is not None else lambda lt, rt: None)
    if isinstance(node, exp.Coalesce):
        parts = [_compile(node.this), *(_compile(e) for e in node.expressions)]
        return _coalesce(parts)
    if isinstance(node, exp.Least):
        parts = [_compile(node.this), *(_compile(e) for e in node.expressions)]
        return _least(parts)
    if isinstance(node, exp.Left):
        return _strict(_left, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Right):
        return _strict(_right, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Substring):
        args = [_compile(node.this), _compile(node.args["start"])]
        if node.args.get("length") is not None:
            args.append(_compile(node.args["length"]))
        return _strict(_substr, *args)
    if isinstance(node, exp.Replace):
        return _strict(
            lambda s, a, b: s.replace(a, b),
            _compile(node.this),
            _compile(node.expression),
            _compile(node.args["replacement"]),
        )
    if isinstance(node, exp.Levenshtein):
        if any(node.args.get(k) is not None for k in ("ins_cost", "del_cost", "sub_cost")):
            raise Unsupported("weighted Levenshtein")
        return _strict(levenshtein, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.JarowinklerSimilarity):
        return _strict(jaro_winkler, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.ArraySize):
        return _strict(len, _compile(node.this))
    if isinstance(node, exp.Cast):
        target = node.to.this.name
        inner = _compile(node.this)
        if target == "FLOAT":
            return _strict(_float32, inner)
        if target == "DOUBLE":
            return _strict(float, inner)
        raise Unsupported(f"CAST AS {target}")
    if isinstance(node, exp.Anonymous) and node.name.lower() in _FUNCTIONS:
        fn = _FUNCTIONS[node.name.lower()]
        return _strict(fn, *(_compile(e) for e in node.expressions))
    raise Unsupported(f"{kind}: {node.sql(dialect='duckdb')[:80]}")


def _and(a: Fn, b: Fn) -> Fn:
    def both(left: Row, right: Row) -> bool | None:
        x = a(left, right)
        if x is False:
            return False
        y = b(left, right)
        if y is False:
            return False
        return None if x is None or y is None else True

    return both


def _or(a: Fn, b: Fn) -> Fn:
    def either(left: Row, right: Row) -> bool | None:
        x = a(left, right)
        if x is True:
            return True
        y = b(left, right)
        if y is True:
            return True
        return None if x is None or y is None else False

    return either


def _case(branches: list[tuple[Fn, Fn]], otherwise: Fn) -> Fn:
    def case(left: Row, right: Row) -> Any:
        for cond, value in branches:
            if cond(left, right) is True:
                return value(left, right)
        return otherwise(left, right)

    return case


def _coalesce(parts: list[Fn]) -> Fn:
    def coalesce(left: Row, right: Row) -> Any:
        for part in parts:
            value = part(left, right)
            if value is not None:
                return value
        return None

    return coalesce


def _least(parts: list[Fn]) -> Fn:
    def least(left: Row, right: Row) -> Any:
        values = [v for v in (p(left, right) for p in parts) if v is not None]
        return min(values) if values else None

    return least


def compile_case(case_sql: str) -> Fn:
    """One gamma CASE statement (Splink's DuckDB SQL) as a function of (left, right) rows,
    each a dict of the model frame's columns without the `_l`/`_r` suffix."""
    import sqlglot

    return _compile(sqlglot.parse_one(case_sql, read="duckdb"))


def plain(value: Any) -> bool:
    """True when a value is one the evaluator treats exactly as DuckDB does (no non-ASCII
    text, where DuckDB's string functions count bytes)."""
    if isinstance(value, str):
        return value.isascii()
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return True
