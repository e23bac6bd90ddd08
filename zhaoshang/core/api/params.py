"""?year= and ?as_of= of the read endpoints that look at one plan year as of a day (trips
compliance, assessment): parsed as /api/stats/ parses them, defaulted as their pages default."""
from rest_framework.exceptions import ValidationError

from zhaoshang.core.params import default_as_of, default_year
from zhaoshang.dashboard.api.views import parse_as_of, parse_year
from zhaoshang.plans.models import AnnualPlan


def year_and_as_of(params):
    """(year, as_of): year defaults to the as-of date's, else `default_year` of the plans (else
    this year);
    as_of defaults to `default_as_of(year)` and must lie in the year."""
    as_of = parse_as_of(params)
    if params.get("year", "").strip() or as_of:
        year = parse_year(params, as_of)
    else:
        years = list(AnnualPlan.objects.values_list("year", flat=True))
        year = default_year(years) if years else parse_year(params, None)
    if as_of and as_of.year != year:
        raise ValidationError({"as_of": [f"截止日期 {as_of} 不在 {year} 年内"]})
    return year, as_of or default_as_of(year)
