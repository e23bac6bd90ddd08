"""?year= and ?as_of= of the API reads: core.params' parsers and defaults, a BadParameter as a
400 under the parameter's name. The callers pass the plans' years (core knows no plans)."""
from contextlib import contextmanager

from django.utils import timezone
from rest_framework.exceptions import ValidationError

from zhaoshang.core import params


@contextmanager
def bad_parameter():
    try:
        yield
    except params.BadParameter as exc:
        raise ValidationError({exc.field or "non_field_errors": [str(exc)]}) from None


def parse_as_of(query):
    """?as_of= or None."""
    text = query.get("as_of", "").strip()
    if not text:
        return None
    with bad_parameter():
        return params.parse_as_of(text)


def parse_year(query, as_of=None):
    """?year=, else the as-of date's year, else this year."""
    text = query.get("year", "").strip()
    if not text:
        return as_of.year if as_of else timezone.localdate().year
    with bad_parameter():
        return params.parse_year(text)


def year_and_as_of(query, years):
    """(year, as_of) as the pages default them (`core.params.year_and_as_of`, any year allowed):
    years are the plans' (none: this year)."""
    with bad_parameter():
        return params.year_and_as_of(query, years or [timezone.localdate().year], known_only=False)
