from django.contrib import admin

from .models import CoUnit, IndustryGroup, Liaison, Membership, Unit

admin.site.site_header = "投资促进管理系统 · 配置"
admin.site.site_title = "投资促进管理系统"
admin.site.index_title = "系统配置"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class CoUnitInline(admin.TabularInline):
    model = CoUnit
    extra = 0
    autocomplete_fields = ["unit"]


class LiaisonInline(admin.TabularInline):
    model = Liaison
    extra = 0


@admin.register(IndustryGroup)
class IndustryGroupAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "code", "lead_unit", "commander"]
    list_display_links = ["name"]
    autocomplete_fields = ["lead_unit"]
    inlines = [CoUnitInline, LiaisonInline]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "group", "unit"]
    list_filter = ["role", "group"]
    autocomplete_fields = ["user", "group", "unit"]
