"""Keeping bots off the public forms: a honeypot field and a per-address rate limit.

Both public forms (the enquiry here, the registration form in the registration app) use
these, so the rules and the limit live in one place and share one cache across processes.
"""

from crispy_forms.layout import Div
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

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


def _address_key(group, request):
    return client_address(request)


def is_over_rate_limit(request, *, group, increment=True):
    """True when this address has sent more than FORM_RATE_LIMIT submissions of `group`."""
    return is_ratelimited(
        request,
        group=group,
        key=_address_key,
        rate=settings.FORM_RATE_LIMIT,
        method=ALL,
        increment=increment,
    )


def honeypot_layout_item():
    """The crispy-forms layout piece that hides the honeypot from people and screen readers."""
    return Div(HONEYPOT_FIELD, css_class="hp-field", aria_hidden="true")
