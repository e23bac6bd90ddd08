from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from zhaoshang.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CoUnit, IndustryGroup, Liaison, Membership, Unit

admin.site.site_header = "投资促进管理系统 · 配置"
admin.site.site_title = "投资促进管理系统"
admin.site.index_title = "系统配置"


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    """Units change at 单位与招商组 (org.units)."""

    search_fields = ["name"]


class CoUnitInline(ReadOnlyInline):
    model = CoUnit


class LiaisonInline(ReadOnlyInline):
    model = Liaison


@admin.register(IndustryGroup)
class IndustryGroupAdmin(ReadOnlyAdmin):
    """Groups change at 单位与招商组 (org.units) and by `loadplan`."""

    list_display = ["position", "name", "code", "lead_unit", "commander"]
    list_display_links = ["name"]
    inlines = [CoUnitInline, LiaisonInline]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Roles change at 人员管理 (org.services: the last office user, the admin-only role)."""

    list_display = ["user", "role", "group", "unit"]
    list_filter = ["role", "group"]


# People change at 人员管理 or by `adduser` (org.services), which check and record it.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PersonAdmin(ReadOnlyAdmin, UserAdmin):
    pass


@admin.register(Group)
class PermissionGroupAdmin(ReadOnlyAdmin, GroupAdmin):
    pass
