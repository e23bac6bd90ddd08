"""Settings of 投资促进管理系统, read from the environment (Healthchecks' habit).

DATABASE_URL picks the database (any dj-database-url URL); without it a SQLite file
under var/ in the checkout is used.
"""
import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zhaoshang.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key():
    """SECRET_KEY from the environment, else from the file SECRET_KEY_FILE (`make install` writes
    a random one to var/secret_key for a checkout). There is no fixed fallback: a key everybody
    knows signs anybody's session, so without one the system refuses to start (SPEC §16)."""
    key = env_str("SECRET_KEY").strip()
    path = Path(env_str("SECRET_KEY_FILE", str(PROJECT_DIR / "var" / "secret_key")))
    if not key and path.is_file():
        key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ImproperlyConfigured(
            f"未设置 SECRET_KEY：请设置环境变量 SECRET_KEY（所有应用服务器相同），或把密钥写入文件 {path}"
            "（make install 会为本机生成一个）。见 docs/deployment.md。")
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Behind nginx terminating HTTPS the POST Origin is https://host: list it here (docs/deployment.md).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Served over HTTPS (nginx in front, docs/deployment.md): HTTPS=1 turns on secure cookies, HSTS
# and the redirect; the proxy's X-Forwarded-Proto is trusted only when it is the proxy that set it.
HTTPS = env_bool("HTTPS", False)
if env_bool("BEHIND_PROXY", HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
    # An intranet host is not on the browsers' preload list: not asking for it is deliberate.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "zhaoshang.core",
    "zhaoshang.org",
    "zhaoshang.plans",
    "zhaoshang.projects",
    "zhaoshang.stats",
    "zhaoshang.reports",
    "zhaoshang.dashboard",
    "zhaoshang.trips",
    "zhaoshang.notices",
    "zhaoshang.workcal",
    "zhaoshang.assessment",
    "zhaoshang.changes",
]

MIDDLEWARE = [
    "zhaoshang.core.middleware.request_context",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhaoshang.core.middleware.LoginRequired",
    "zhaoshang.core.middleware.no_store",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhaoshang.dashboard.context_processors.navigation",
                "zhaoshang.notices.context_processors.unread_notices",
                "zhaoshang.dashboard.context_processors.demo_accounts",
            ],
        },
    },
]

WSGI_APPLICATION = "zhaoshang.wsgi.application"

DEFAULT_SQLITE = PROJECT_DIR / "var" / "zhaoshang.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=int(env_str("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer side by side; a busy writer waits instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         # Take the write lock when a transaction begins, so two writers queue instead of one
         # failing with "database is locked" when it upgrades a read to a write.
         "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Errors (with the request id) go to stderr and to a rotating var/log/zhaoshang.log;
# LOG_FILE moves the file, LOG_FILE=off keeps only stderr, LOG_LEVEL sets the level.
LOG_FILE = env_str("LOG_FILE", str(PROJECT_DIR / "var" / "log" / "zhaoshang.log")).strip()
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO").strip().upper() or "INFO",
                         None if LOG_FILE.lower() in {"", "off", "none"} else LOG_FILE)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "/login/"

# The region this deployment serves; its name heads titles and exports.
REGION_NAME = env_str("REGION_NAME", "鹿寨县")
# 月报 due day of the month (SPEC §6, configurable); moved to the nearest earlier working day.
REPORT_DUE_DAY = int(env_str("REPORT_DUE_DAY", "20"))
# 台账导入 limits (SPEC §16): rows of each sheet below its header, and the workbook unpacked.
LEDGER_MAX_ROWS = int(env_str("LEDGER_MAX_ROWS", "20000"))
LEDGER_MAX_UNPACKED_MB = int(env_str("LEDGER_MAX_UNPACKED_MB", "50"))

# Notices by e-mail (docs/deployment.md): printed to the console unless an SMTP server is set.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhaoshang@localhost")
# The site's address as users reach it (https://host), for links in e-mails and robot messages.
SITE_URL = env_str("SITE_URL")

LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: a script without credentials gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "zhaoshang.core.api.Pagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "投资促进管理系统 API",
    "DESCRIPTION": "招商项目、到位资金、产业招商组、目标任务、统计与变更记录，报送、消息、外出招商考察、"
                   "目标调整、项目退出、绩效考评和工作日历。金额单位：万元。",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every endpoint and field: for signed-in users only (SPEC §16).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI and ReDoc load from our own static files: intranets have no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Endpoints folded and the models section left out: the UI is usable at once.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "defaultModelsExpandDepth": -1, "filter": True,
                            "displayRequestDuration": True},
    # Several models have a "status" or "kind": each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStatusEnum": "zhaoshang.reports.models.Submission.Status",
        "BoardStatusEnum": "zhaoshang.reports.cycle.STATUS_LABELS",
        "ReportKindEnum": "zhaoshang.reports.models.ReportPeriod.Kind",
        "NoticeKindEnum": "zhaoshang.notices.models.Notification.Kind",
        "AdjustmentStatusEnum": "zhaoshang.plans.models.TargetAdjustment.Status",
        "ExitRequestStatusEnum": "zhaoshang.projects.models.ExitRequest.Status",
        "ExitReasonEnum": "zhaoshang.projects.models.ExitReason",
        "WindowStatusEnum": "zhaoshang.trips.compliance.Status",
    },
}


# ---- Identity and sign-in audit (SPEC §16, 等保2.0 level 3; docs/deployment.md) ---------------
INSTALLED_APPS += ["axes", "knox", "zhaoshang.identity"]
# axes last: it turns a locked sign-in's answer into the lockout page (SPEC §16).
MIDDLEWARE += ["zhaoshang.identity.middleware.IdleTimeout",
               "zhaoshang.identity.middleware.PasswordChangeRequired",
               "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["zhaoshang.identity.lockout.LockoutBackend",
                           "django.contrib.auth.backends.ModelBackend"]

# Passwords: length, three of upper/lower/digit/symbol, not the user name, not common, not one
# of the last PASSWORD_HISTORY; changed every PASSWORD_MAX_AGE_DAYS (0: never).
PASSWORD_MIN_LENGTH = int(env_str("PASSWORD_MIN_LENGTH", "10"))
PASSWORD_MIN_CLASSES = int(env_str("PASSWORD_MIN_CLASSES", "3"))
PASSWORD_HISTORY = int(env_str("PASSWORD_HISTORY", "5"))
PASSWORD_MAX_AGE_DAYS = int(env_str("PASSWORD_MAX_AGE_DAYS", "90"))
_PASSWORDS = "zhaoshang.identity.passwords."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _PASSWORDS + "MinimumLengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": _PASSWORDS + "CharacterClassesValidator",
     "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES}},
    {"NAME": _PASSWORDS + "NotUsernameValidator"},
    {"NAME": _PASSWORDS + "UserAttributeSimilarityValidator"},
    {"NAME": _PASSWORDS + "CommonPasswordValidator"},
    # Also where a new password is remembered and the user's API tokens are revoked.
    {"NAME": _PASSWORDS + "PasswordHistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY}},
]

# Lockout (django-axes): LOGIN_FAILURE_LIMIT failures of one user name lock that name, and
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address lock the address, for
# LOGIN_LOCK_MINUTES; an unknown name is counted and locked like a real one.
LOGIN_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(env_str("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_LOCK_MINUTES = int(env_str("LOGIN_LOCK_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: identity.lockout reads it
AXES_HANDLER = "zhaoshang.identity.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "zhaoshang.identity.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "zhaoshang.core.client.client_address"
AXES_RESET_ON_SUCCESS = True  # a sign-in forgets its user name's failures (not the address's)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # locked for 15 minutes, not longer
AXES_DISABLE_ACCESS_LOG = True  # identity.SignInRecord is the sign-in log
# Behind nginx every request comes from 127.0.0.1: with TRUSTED_PROXY_COUNT=1 the client's
# address is the last X-Forwarded-For entry (nginx's $proxy_add_x_forwarded_for). Left at 0 the
# header is ignored, as anyone can send it.
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))

# An idle session ends after SESSION_IDLE_MINUTES: its expiry moves on with each request
# (identity.middleware.IdleTimeout, at most once a minute).
SESSION_IDLE_MINUTES = int(env_str("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# API tokens (django-rest-knox): only a hash is stored; each expires after TOKEN_TTL_DAYS or when
# its owner's password must be changed; at most TOKEN_LIMIT_PER_USER per user (oldest dropped).
TOKEN_TTL_DAYS = int(env_str("TOKEN_TTL_DAYS", "30"))
TOKEN_LIMIT_PER_USER = int(env_str("TOKEN_LIMIT_PER_USER", "20"))
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=TOKEN_TTL_DAYS), "AUTH_HEADER_PREFIX": "Token"}

# Change records and sign-in records are kept at least 180 days (网络安全法 §21); `purge_audit`
# refuses younger ones. A longer period may be set, never a shorter one (a system check).
AUDIT_RETENTION_DAYS = int(env_str("AUDIT_RETENTION_DAYS", "180"))
