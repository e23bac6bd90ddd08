"""The API's tokens: asking for one with a user name and password, and a user's own list."""
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from .. import tokens


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's own request and answers (`{"token"}`; 400 for wrong credentials), sizes bounded."""

    username = serializers.CharField(label="用户名", max_length=150, write_only=True)
    password = serializers.CharField(label="密码", max_length=1000, trim_whitespace=False,
                                     write_only=True, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="令牌，只显示这一次；请求时放在 `Authorization: Token 令牌` 中")


class OwnTokenSerializer(serializers.Serializer):
    key = serializers.SerializerMethodField(help_text="令牌的前 8 位，用来认出和撤销它")
    created = serializers.DateTimeField(help_text="取得时间")
    expiry = serializers.DateTimeField(help_text="有效期至；过期、修改或重置密码、停用账号后失效")
    current = serializers.SerializerMethodField(help_text="是否是本次请求所用的令牌")

    def get_key(self, token) -> str:
        return tokens.key_of(token)

    def get_current(self, token) -> bool:
        used = getattr(self.context["request"], "auth", None)
        return getattr(used, "digest", None) == token.digest
