"""/api/token/ (a token for a user name and password) and /api/tokens/ (one's own tokens)."""
from django.contrib.auth.signals import user_logged_in
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from knox.models import AuthToken
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import passwords, tokens
from ..lockout import lockout_response
from .serializers import OwnTokenSerializer, TokenRequestSerializer, TokenSerializer


class ObtainToken(APIView):
    """POST /api/token/: `{"username", "password"}` → `{"token"}`, under the sign-in lockout."""

    authentication_classes = []
    permission_classes = []
    serializer_class = TokenRequestSerializer

    @extend_schema(summary="用户名、密码换令牌",
                   description="令牌只在这里显示一次，有效 30 天（部署可调整）；与网页登录共用失败锁定。",
                   request=TokenRequestSerializer,
                   responses={200: TokenSerializer,
                              400: OpenApiResponse(description="用户名或密码不正确"),
                              403: OpenApiResponse(description="须先在网页上修改密码"),
                              429: OpenApiResponse(description="登录失败次数过多，暂停登录")})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):  # set by axes on DRF's request
                return lockout_response(request)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        # A sign-in like the page's: recorded, and axes forgets the name's failures.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        reason = passwords.change_reason(user, serializer.validated_data["password"])
        if reason:
            raise PermissionDenied(passwords.api_refusal(reason))
        _, token = tokens.issue(user, request)
        return Response({"token": token})


@extend_schema_view(list=extend_schema(summary="我的令牌", description="本人仍有效的令牌，最新的在前。"),
                    destroy=extend_schema(summary="撤销令牌", description="按令牌的前 8 位撤销本人的一个令牌。"))
class OwnTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = OwnTokenSerializer
    lookup_field = "key"
    lookup_value_regex = "[0-9a-f]{%d}" % tokens.SHOWN
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks without a user
            return AuthToken.objects.none()
        return tokens.live(self.request.user)

    def get_object(self):
        token = tokens.find(self.request.user, self.kwargs["key"])
        if token is None:
            raise Http404
        return token

    def perform_destroy(self, token):
        tokens.revoke(token, actor=self.request.user, via="api")
