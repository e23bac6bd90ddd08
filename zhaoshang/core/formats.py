"""Number formats for pages, exports, the bulletin and the CLI: thousands separators, two
decimals, percent, "—" for nothing (the template filters of `numfmt` are these functions).

Rounding is half up (四舍五入), as the office rounds by hand; only the display is rounded.
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhaoshang.core.money import yi as to_yi

DASH = "—"


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(value, places=2):
    """12345.6 → 12,345.60; None → —."""
    number = _decimal(value)
    if number is None:
        return DASH
    places = int(places)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number:,.{places}f}"


def thousands(value):
    """1234 → 1,234; None → —."""
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{number.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def percent(value, places=2):
    """A ratio: 0.4959 → 49.59%; None → —."""
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{money(number * 100, places)}%"


def dash(value):
    """The value, or — where there is none."""
    return DASH if value is None or value == "" else value


def yi(value):
    """万元 → 亿元, exact (format it with `money`)."""
    number = _decimal(value)
    return None if number is None else to_yi(number)


# In JSON (the API, `--json`): exact strings, not floats; None for nothing.
def json_money(value):
    """An amount as a string with two places."""
    return None if value is None else f"{value:.2f}"


def json_ratio(value):
    """A rate as a string with four places."""
    return None if value is None else f"{Decimal(value):.4f}"
