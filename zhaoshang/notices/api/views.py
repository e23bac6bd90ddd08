"""/api/notices/: the signed-in user's own notices (anyone else's is a 404); marking them read
goes through `notices.services.mark_read`."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..filtersets import NoticeFilterSet
from ..models import Notification
from ..services import mark_read, unread_count
from .serializers import NoticeSerializer, ReadResult, ReadSerializer


@extend_schema_view(list=extend_schema(summary="我的消息", description="只有本人的消息，最新的在前。"),
                    retrieve=extend_schema(summary="消息详情"))
class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet

    def get_queryset(self):
        return Notification.objects.filter(recipient_id=self.request.user.pk)

    @extend_schema(summary="标为已读", request=ReadSerializer, responses={200: ReadResult})
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def read(self, request):
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = mark_read(request.user, serializer.validated_data.get("ids"))
        return Response({"marked": marked, "unread": unread_count(request.user)})
