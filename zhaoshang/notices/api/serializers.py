"""The signed-in user's notices over the API."""
from rest_framework import serializers

from ..models import Notification


class NoticeSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField(help_text="是否已读")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read", "read_at"]
        read_only_fields = fields

    def get_read(self, notice) -> bool:
        return notice.read_at is not None


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, allow_empty=False,
        help_text="要标为已读的消息ID；不传则全部标为已读（他人的消息ID被忽略）")


class ReadResult(serializers.Serializer):
    marked = serializers.IntegerField(help_text="本次标为已读的条数")
    unread = serializers.IntegerField(help_text="仍未读的条数")
