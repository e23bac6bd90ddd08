"""Change records over the API (read-only)."""
from rest_framework import serializers

from zhaoshang.core.models import ChangeRecord


class ChangeRecordSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField(
        help_text="操作人用户名（用户已删除的仍保留）；系统（命令行）操作为 null")
    group = serializers.SerializerMethodField(help_text="产业招商组代码；全县性的记录为 null")

    class Meta:
        model = ChangeRecord
        fields = ["id", "at", "user", "action", "object_type", "object_id", "object_repr", "group",
                  "before", "after", "reason", "via", "request_id"]

    def get_user(self, record) -> str | None:
        return record.username or None

    def get_group(self, record) -> str | None:
        return self.context["group_codes"].get(record.group_id)
