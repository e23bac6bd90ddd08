"""FilterSets within the one scope rule: every list's filters start from `restrict(user)`.

A `ScopedFilterSet` filters only the rows the requesting user may see, and its `group` filter
offers only their groups: another group's code is "not a valid choice", like a typo, so no
group's name leaks through a filter either.
"""
import django_filters as filters

from .models import IndustryGroup
from .scope import restrict


def group_filter(label="产业招商组代码", **kwargs):
    """A group chosen by its code; the choices are set per request (see ScopedFilterSet)."""
    return filters.ModelChoiceFilter(queryset=IndustryGroup.objects.none(), to_field_name="code",
                                     label=label, **kwargs)


class ScopedFilterSet(filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = getattr(request, "user", None)
        if queryset is None:
            queryset = self._meta.model.objects.all()
        super().__init__(data, restrict(user, queryset), request=request, prefix=prefix)
        if "group" in self.filters:
            self.filters["group"].queryset = restrict(user, IndustryGroup.objects.all())
