"""The admin's pages of records kept as evidence (the change log, the sign-in log; SPEC §16):
readable and exportable, never added, changed or deleted in the application.

导出 Excel gives the rows the list's filters and search select, one column per `export_fields`.
"""
import json

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import JSONField
from django.http import HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from .xlsx import Workbook, workbook_response


class EvidenceAdmin(admin.ModelAdmin):
    change_list_template = "admin/export_change_list.html"
    export_fields = []  # model field names, in column order

    def get_urls(self):
        opts = self.model._meta
        export = path("export.xlsx", self.admin_site.admin_view(self.export_view),
                      name=f"{opts.app_label}_{opts.model_name}_export")
        return [export, *super().get_urls()]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            rows = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("筛选条件无效，请回到列表重新筛选后再导出")
        fields = [self.model._meta.get_field(name) for name in self.export_fields]
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(self.model._meta.verbose_name))
        sheet.append([str(field.verbose_name) for field in fields])
        for obj in rows.iterator(chunk_size=2000):
            sheet.append([self._value(field, obj) for field in fields])
        day = timezone.localdate().isoformat()
        return workbook_response(workbook, f"{self.model._meta.verbose_name}-{day}.xlsx")

    @staticmethod
    def _value(field, obj):  # core.xlsx.Workbook keeps text beginning with = as text
        value = getattr(obj, field.attname)
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        elif isinstance(field, JSONField):
            value = json.dumps(value, ensure_ascii=False) if value is not None else ""
        elif hasattr(value, "tzinfo"):
            return timezone.localtime(value).replace(tzinfo=None)
        return "" if value is None else str(value)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
