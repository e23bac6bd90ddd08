import pytest

from zhaoshang.core.tests.browser import fast_passwords  # noqa: F401
from zhaoshang.core.tests.users import make_user

GOOD = "Gx-forest-2021"      # meets the policy
NEW = "Lz#river-2022"        # another that does


@pytest.fixture(autouse=True)
def _fast(fast_passwords):
    """Every test here hashes passwords for real: MD5 keeps them fast."""


def sign_in(client, username, password=GOOD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def token_for(client, username, password=GOOD, **extra):
    return client.post("/api/token/", {"username": username, "password": password},
                       content_type="application/json", **extra)


def admin_user(**kwargs):
    """A 系统管理员 who may open the admin site (make_user gives the role only)."""
    user = make_user("admin", **kwargs)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user
