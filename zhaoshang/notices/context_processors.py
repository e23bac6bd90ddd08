"""`unread_notices` for the bell in the top bar of every page."""
from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread_notices(request):
    user = getattr(request, "user", None)
    # Lazy: one COUNT query, and only for templates that show the bell (not htmx fragments).
    return {"unread_notices": SimpleLazyObject(lambda: unread_count(user))}
