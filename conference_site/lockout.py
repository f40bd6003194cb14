"""The client address the admin login lockout (django-axes) keys on."""

import ipaddress

from events.spam import client_address as forwarded_client_address


def client_address(request):
    """The visitor's address as the public forms see it (X-Forwarded-For believed only
    from TRUSTED_PROXIES), or the connecting address when that hop is not an IP address:
    axes stores it in an address column, and a forged header must not break the login
    page."""
    address = forwarded_client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None
