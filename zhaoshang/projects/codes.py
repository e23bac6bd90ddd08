"""The 项目编号 a new project is offered: the next free one of its group's pattern.

A group numbers its projects as prefix + counter (LZ2021-007); the next is the highest counter
with that prefix plus one, its width kept, so a clerk never types a code already taken.
"""
import re

from .models import Project

PATTERN = re.compile(r"^(.*?)(\d+)$")


def next_in_pattern(latest, codes):
    """The code after the highest of `codes` sharing `latest`'s prefix: LZ2021-007 → LZ2021-008.

    "" where `latest` has no trailing number (nothing to count on).
    """
    match = PATTERN.match(latest or "")
    if not match:
        return ""
    prefix, digits = match.groups()
    highest = int(digits)
    for code in codes:
        other = PATTERN.match(code)
        if other and other.group(1) == prefix:
            highest = max(highest, int(other.group(2)))
    return f"{prefix}{highest + 1:0{len(digits)}d}"


def suggested_code(projects):
    """The next free code after the newest of `projects` (a queryset the user may see)."""
    latest = projects.order_by("-created_at", "-pk").values_list("code", flat=True).first()
    match = PATTERN.match(latest or "")
    if not match:
        return ""
    # Codes are unique county-wide: count on every project of the prefix, not only visible ones.
    taken = Project.objects.filter(code__startswith=match.group(1)).values_list("code", flat=True)
    return next_in_pattern(latest, taken.iterator())
