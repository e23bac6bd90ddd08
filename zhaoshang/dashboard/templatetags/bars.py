"""The width of a progress bar: a ratio as a CSS percentage, capped at 100%."""
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def bar_width(ratio):
    """0.4664 → "46.6%"; over 1 → "100%"; None → "0%"."""
    if ratio is None:
        return "0%"
    share = min(max(Decimal(ratio), Decimal(0)), Decimal(1)) * 100
    return f"{share.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
