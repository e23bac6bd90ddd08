"""The project list's columns, shared by the page and its Excel export (NetBox's tables.py).

A column knows its header, how to read its value from a project of `list_queryset` (which
annotates `year_funds` and `total_funds`), its kind (how it is formatted), its width in the
workbook and the `ordering` key that sorts by it (None: not sortable).
"""
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zhaoshang.core.money import MoneyField

from .models import FundsRecord


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text · link · money · date · datetime · stage
    width: int = 12
    order_by: str | None = None

    def value(self, project):
        if self.key == "group":
            return project.group.name
        if self.key == "origin":
            return project.get_origin_display()
        if self.key == "stage":
            return project.get_stage_display()
        return getattr(project, self.key)


def columns(year):
    """The list's columns; the two funds columns are for `year`."""
    return [
        Column("code", "项目编号", "link", 14, "code"),
        Column("name", "项目名称", "link", 36, "name"),
        Column("group", "产业招商组", "text", 22, "group"),
        Column("investor", "投资方", "text", 28),
        Column("origin", "投资方来源", "text", 10),
        Column("total_investment", "总投资（万元）", "money", 15, "total_investment"),
        Column("stage", "项目阶段", "stage", 9, "stage"),
        Column("signed_on", "签约日期", "date", 12, "signed_on"),
        Column("year_funds", f"{year}年到位资金（万元）", "money", 17),
        Column("total_funds", "累计到位资金（万元）", "money", 17),
        Column("updated_at", "更新时间", "datetime", 17, "updated_at"),
    ]


def funds_sum(**date_range):
    """Sum of a project's funds in `date_range` as one correlated subquery (0 when none)."""
    funds = FundsRecord.objects.filter(project=OuterRef("pk"), **date_range).order_by()
    total = funds.values("project").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0), output_field=MoneyField())


def with_funds(projects, start, end, upto=None):
    """`projects` annotated with `year_funds` (dated start…end) and `total_funds` (all funds
    up to `upto`, or all of them)."""
    total = {"date__lte": upto} if upto else {}
    return projects.select_related("group").annotate(
        year_funds=funds_sum(date__range=(start, end)), total_funds=funds_sum(**total))

