"""Who is asking: the client's address, as sign-in records, lockout and change records see it."""
import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the entry of
    X-Forwarded-For the nearest of them added (each proxy appends the address it saw; whatever
    lies to the left of that came from the client and proves nothing)."""
    address = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count > 0 and len(forwarded) >= count and forwarded[-count]:
        address = forwarded[-count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
