from django.contrib import admin

from .models import AnnualPlan, GroupTarget, TargetAdjustment


class ReadOnlyTargets(admin.TabularInline):
    """Targets change only through an approved adjustment (SPEC §7), never here."""

    model = GroupTarget
    extra = 0
    can_delete = False
    readonly_fields = ["group", "funds_target", "signed_target", "industrial_target",
                       "major_industrial_target"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "document"]
    inlines = [ReadOnlyTargets]
    # County targets are set by the city; kept read-only here like the group targets.
    readonly_fields = ["funds_target", "signed_target", "planned_investment_target",
                       "industrial_target", "major_industrial_target"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a plan would drop its targets and their adjustment record.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Adjustments are written by plans.workflow only; the admin may look, not change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TargetAdjustment)
class TargetAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "target", "status", "number", "requested_by", "requested_at"]
    list_filter = ["status"]
