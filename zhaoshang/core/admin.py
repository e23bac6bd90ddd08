from django.contrib import admin

from .evidence_admin import EvidenceAdmin
from .models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(EvidenceAdmin):
    """The change log is evidence: readable and exportable here, never editable."""

    list_display = ["at", "username", "action", "object_type", "object_repr", "via"]
    list_filter = ["action", "object_type", "via"]
    search_fields = ["object_repr", "reason"]
    export_fields = ["at", "username", "action", "object_type", "object_id", "object_repr", "before",
                     "after", "reason", "via"]
