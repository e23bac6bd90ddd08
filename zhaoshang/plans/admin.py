from django.contrib import admin

from zhaoshang.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import AnnualPlan, GroupTarget, TargetAdjustment


class ReadOnlyTargets(ReadOnlyInline):
    """Targets change only through an approved adjustment (SPEC §7), never here."""

    model = GroupTarget
    readonly_fields = ["group", "funds_target", "signed_target", "industrial_target",
                       "major_industrial_target"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ReadOnlyAdmin):
    """Plans are entered and issued at 年度计划 (plans.annual) or loaded by `loadplan`."""

    list_display = ["year", "title", "document"]
    inlines = [ReadOnlyTargets]


@admin.register(TargetAdjustment)
class TargetAdjustmentAdmin(ReadOnlyAdmin):
    """Adjustments are written by plans.workflow only."""

    list_display = ["id", "target", "status", "number", "requested_by", "requested_at"]
    list_filter = ["status"]
