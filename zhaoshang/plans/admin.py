from django.contrib import admin

from .models import AnnualPlan, GroupTarget


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
