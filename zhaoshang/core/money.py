"""Money in 万元 as exact decimals (SPEC §3).

Amounts are stored as whole hundredths of 万元 in a BIGINT column: SQLite keeps DECIMAL
columns as floating point and sums them as floats, an integer column sums exactly on
every database. Code outside this module only ever sees `Decimal` with two places.
"""
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
YI = Decimal("10000")  # 1 亿元 = 10 000 万元


def parse_money(value):
    """Return `value` as a Decimal with two places, or raise ValueError with a Chinese reason."""
    if value is None or value == "":
        raise ValueError("金额不能为空")
    if isinstance(value, float):
        # Excel cells arrive as floats; their shortest repr is the number the user typed.
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"「{value}」不是数字") from None
    if not amount.is_finite():
        raise ValueError(f"「{value}」不是数字")
    if amount != amount.quantize(CENT):
        raise ValueError(f"「{value}」超过两位小数（单位：万元）")
    return amount.quantize(CENT)


def yi(amount):
    """万元 → 亿元, exact."""
    return (amount or ZERO) / YI


class MoneyField(models.BigIntegerField):
    """A Decimal amount in 万元 with two places, stored as an integer count of 0.01 万元."""

    description = "金额（万元）"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(value) * CENT).quantize(CENT)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal) and value.is_finite():
            return value if value is None else value.quantize(CENT)
        try:
            return parse_money(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def get_prep_value(self, value):
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            return value
        amount = self.to_python(value)
        return int(amount / CENT)

    def formfield(self, **kwargs):
        defaults = {"form_class": forms.DecimalField, "max_digits": 14, "decimal_places": 2}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    def get_internal_type(self):
        return "BigIntegerField"
