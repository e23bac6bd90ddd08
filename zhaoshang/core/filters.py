"""Filters whose values the database can always take: a year the calendar has and an id an
integer column holds. An unbounded NumberFilter lets `?signed_year=10000` or
`?project=99999999999999999999` through to the query, where it fails as a 500; these refuse
it in the form, so pages and API answer 400 with the field's Chinese message."""
import django_filters as filters
from django import forms

YEARS = (1900, 2100)
LARGEST_ID = 2**63 - 1  # a bigint; SQLite and PostgreSQL both stop here


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEARS[0])
        kwargs.setdefault("max_value", YEARS[1])
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


def filter_errors(filterset):
    """The filters a page cannot use, as one line for its 400: 「年度：确保该值大于或等于1900。」."""
    return "；".join(f"{filterset.form.fields[name].label}：{'，'.join(messages)}"
                    for name, messages in filterset.errors.items())
