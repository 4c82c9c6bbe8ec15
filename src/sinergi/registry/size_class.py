"""Business size classes per PP 7/2021 (Pasal 35), as pure functions.

Thresholds (inclusive upper bounds, rupiah):
    mikro     capital <= 1 bn   or yearly sales <= 2 bn
    kecil     capital <= 5 bn   or yearly sales <= 15 bn
    menengah  capital <= 10 bn  or yearly sales <= 50 bn
    besar     above

Capital ("modal usaha") excludes land and buildings. When both figures are known, the
larger of the two classes wins: a business above either limit cannot be treated as the
smaller class when aid eligibility is checked (conservative for screening). When neither
is known the class is unknown (None), never guessed.
"""

from __future__ import annotations

MIKRO, KECIL, MENENGAH, BESAR = "mikro", "kecil", "menengah", "besar"
ORDER: tuple[str, ...] = (MIKRO, KECIL, MENENGAH, BESAR)

BILLION = 1_000_000_000
CAPITAL_LIMITS: tuple[tuple[int, str], ...] = (
    (1 * BILLION, MIKRO),
    (5 * BILLION, KECIL),
    (10 * BILLION, MENENGAH),
)
SALES_LIMITS: tuple[tuple[int, str], ...] = (
    (2 * BILLION, MIKRO),
    (15 * BILLION, KECIL),
    (50 * BILLION, MENENGAH),
)


def _classify(amount: int, limits: tuple[tuple[int, str], ...]) -> str:
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    for limit, label in limits:
        if amount <= limit:
            return label
    return BESAR


def by_capital(capital: int) -> str:
    return _classify(capital, CAPITAL_LIMITS)


def by_sales(yearly_sales: int) -> str:
    return _classify(yearly_sales, SALES_LIMITS)


def size_class(capital: int | None, yearly_sales: int | None) -> str | None:
    """The PP 7/2021 class from capital and/or yearly sales (rupiah); None when both unknown.

    >>> size_class(500_000_000, None)
    'mikro'
    >>> size_class(500_000_000, 3_000_000_000)
    'kecil'
    """
    classes = []
    if capital is not None:
        classes.append(by_capital(capital))
    if yearly_sales is not None:
        classes.append(by_sales(yearly_sales))
    if not classes:
        return None
    return max(classes, key=ORDER.index)
