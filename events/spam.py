"""Keeping bots and other sites off the public forms: a honeypot field, a per-client rate
limit, and a same-origin check for the form that cannot carry a CSRF token.

Both public forms (the enquiry here, the registration form in the registration app) use
these, so the rules and the limit live in one place and share one cache across processes.
"""

import ipaddress
from urllib.parse import urlsplit

from crispy_forms.layout import Div
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited

HONEYPOT_FIELD = "website_url"


class HoneypotFormMixin(forms.Form):
    """Adds a field people never see or fill in; a bot that fills it is rejected.

    The field is hidden by CSS (class ``hp-field``) and from assistive technology, so a
    person cannot trip it by accident.
    """

    website_url = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))


def client_address(request):
    """The visitor's address, trusting X-Forwarded-For only as far as our own proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_key(group, request):
    """Who a rate limit counts: the client address, an IPv6 client by its /64 network (one
    household or machine commonly holds a whole /64, so each of its addresses is not a new
    client)."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# Groups with a rate of their own; every other group uses FORM_RATE_LIMIT.
OWN_RATES = {
    "enquiry": "ENQUIRY_RATE_LIMIT",
    # Wrong invitation codes and unknown join links: guesses, counted when they fail.
    "invitation-code": "INVITATION_CODE_RATE_LIMIT",
    "join": "JOIN_RATE_LIMIT",
    # Delegations mail each person entered (people are capped in delegations.services).
    "delegation": "DELEGATION_RATE_LIMIT",
}


def rate_for(group):
    """Submissions allowed per client: enquiries reach the organisers' inbox, so few;
    registration many, as a whole university may sit behind one NAT address (each address
    registered is then capped on its own: see registration.emails)."""
    if group in OWN_RATES:
        return getattr(settings, OWN_RATES[group])
    return settings.FORM_RATE_LIMIT


def is_over_rate_limit(request, *, group, increment=True):
    """True when this client has sent more submissions of `group` than its rate allows."""
    return is_ratelimited(
        request,
        group=group,
        key=rate_limit_key,
        rate=rate_for(group),
        method=ALL,
        increment=increment,
    )


def has_used_up(request, *, group):
    """True when this client has already used all its rate of `group`; counts nothing.
    For limits that count only failures (a wrong code, an unknown link): ask first, count
    with is_over_rate_limit(...) when the attempt fails."""
    usage = get_usage(
        request, group=group, key=rate_limit_key, rate=rate_for(group), method=ALL, increment=False
    )
    return usage is not None and usage["count"] >= usage["limit"]


def is_same_origin(request):
    """True when the browser says this POST comes from a page of this site.

    For the enquiry form, which sits on cached public pages and so carries no CSRF token.
    Browsers send Origin with every form POST (Referer, of the same origin, where an older
    one does not); another site cannot set either, so a cross-site post is refused."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def honeypot_layout_item():
    """The crispy-forms layout piece that hides the honeypot from people and screen readers."""
    return Div(HONEYPOT_FIELD, css_class="hp-field", aria_hidden="true")
