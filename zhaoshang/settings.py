"""Settings of 投资促进管理系统, read from the environment (Healthchecks' habit).

DATABASE_URL picks the database (any dj-database-url URL); without it a SQLite file
under var/ in the checkout is used.
"""
import os
from pathlib import Path

import dj_database_url

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


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Behind nginx terminating HTTPS the POST Origin is https://host: list it here (docs/deployment.md).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
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
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhaoshang.core.middleware.LoginRequired",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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
SESSION_COOKIE_AGE = 12 * 3600

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: a script without credentials gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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
    # Swagger UI and ReDoc load from our own static files: intranets have no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
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
