"""SPEC §16 headers and settings: no default secret key, `check --deploy` clean, HTTPS settings
from the environment, no caching of what a signed-in user sees."""
import json
import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from zhaoshang.core.tests.users import liaison_user

# The production environment of docs/deployment.md (its §3), with a fresh key.
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "HTTPS": "1",
              "ALLOWED_HOSTS": "zhaoshang.example.gov.cn",
              "CSRF_TRUSTED_ORIGINS": "https://zhaoshang.example.gov.cn"}


def run(code_or_args, env, tmp_path):
    # Not this test process's own: the browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE (a deployment
    # error for check --deploy), nor a key or mode set here.
    base = {k: v for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "HTTPS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    base.update({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
                 "SECRET_KEY_FILE": str(tmp_path / "no-key-here"), **env})
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run([sys.executable, *args], env=base, capture_output=True, text=True,
                          timeout=300)


def test_without_a_secret_key_the_system_refuses_to_start(tmp_path):
    result = run("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='zhaoshang.settings';"
                 "django.setup()", {}, tmp_path)
    assert result.returncode != 0
    assert "未设置 SECRET_KEY" in result.stderr


def test_the_key_file_is_read_when_the_environment_has_none(tmp_path):
    (tmp_path / "key").write_text("k" * 60)
    result = run("import zhaoshang.settings as s; print(s.SECRET_KEY)",
                 {"SECRET_KEY_FILE": str(tmp_path / "key")}, tmp_path)
    assert result.stdout.strip() == "k" * 60


def test_check_deploy_is_clean_in_the_documented_production_environment(tmp_path):
    result = run(["-m", "zhaoshang.manage", "check", "--deploy", "--fail-level", "WARNING"],
                 PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_turns_on_secure_cookies_hsts_and_the_proxy_header(tmp_path):
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
             "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"]
    code = f"import json, zhaoshang.settings as s; print(json.dumps([getattr(s, n, None) for n in {names}]))"
    on = json.loads(run(code, PRODUCTION, tmp_path).stdout)
    assert on == [True, True, True, 31536000, ["HTTP_X_FORWARDED_PROTO", "https"]]
    off = json.loads(run(code, {"SECRET_KEY": "x" * 50}, tmp_path).stdout)
    assert off == [False, False, False, 0, None]


def test_every_answer_has_the_security_headers(db):
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_over_https(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("url", ["/", "/projects/", "/api/projects/"])
def test_what_a_signed_in_user_sees_is_never_cached(plan2021, url):
    client = Client()
    client.force_login(liaison_user("forestry"))
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_api_is_not_cached_even_when_refused(db):
    assert "no-store" in Client().get("/api/projects/")["Cache-Control"]
