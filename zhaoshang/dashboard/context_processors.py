"""`demo_accounts` for the banner of every page (sign-in included) while the demo's accounts
can sign in with their public password."""
from django.utils.functional import SimpleLazyObject

from .demo import DEMO_PASSWORD, active_demo_accounts


def demo_accounts(request):
    # Lazy: one query, and only for pages that render the banner (not the API, not fragments).
    usernames = SimpleLazyObject(
        lambda: list(active_demo_accounts().order_by("pk").values_list("username", flat=True)))
    return {"demo_accounts": usernames, "demo_password": DEMO_PASSWORD}
