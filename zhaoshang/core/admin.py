"""The admin site (系统配置) looks, it does not write: every change of state goes through a
service that checks its rules and writes the change log, which the admin would skip (the last
office user, the admin-only role, the next `loadplan` overwriting an edit). The exception is
configuration with no page of its own (the group robots): `AuditedAdmin` records its changes."""
from django.contrib import admin

from .audit import record, snapshot
from .evidence_admin import EvidenceAdmin
from .models import ChangeRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable here, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """An admin that writes the change log (via "admin") for what it saves or deletes;
    `audit_fields` are the fields recorded."""

    audit_fields = []

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), self.audit_fields) if change else None
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self.audit_fields)
        if before != after:
            action = ChangeRecord.Action.UPDATE if change else ChangeRecord.Action.CREATE
            record(obj, action, user=request.user, before=before, after=after, via="admin",
                   group_id=getattr(obj, "group_id", None))

    def delete_model(self, request, obj):
        record(obj, ChangeRecord.Action.DELETE, user=request.user, via="admin",
               before=snapshot(obj, self.audit_fields), group_id=getattr(obj, "group_id", None))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(EvidenceAdmin):
    """The change log is evidence: readable and exportable here, never editable."""

    list_display = ["at", "username", "action", "object_type", "object_repr", "via"]
    list_filter = ["action", "object_type", "via"]
    search_fields = ["object_repr", "reason"]
    export_fields = ["at", "username", "action", "object_type", "object_id", "object_repr", "before",
                     "after", "reason", "via"]
