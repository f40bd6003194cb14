"""The second factor's pages: prove it (verify), set up a first one (enrol), see the new
recovery codes once, and prove it again before personal data (step_up). Passkeys are
checked and registered by django-otp-webauthn's views (mfa/webauthn.py) from static/js."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mfa import services
from mfa.forms import CodeForm, ConfirmAuthenticatorForm


def _next(request):
    """Where the user was going: a path on this site, else the admin's index."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url("admin:index")


def _private(view):
    return never_cache(login_required(require_http_methods(["GET", "POST"])(view)))


@_private
def verify(request):
    """The second step of signing in, for users who have a device."""
    if not services.has_device(request.user):
        return redirect(f"{resolve_url('mfa:enrol')}?{request.GET.urlencode()}")
    return _prove(request, "mfa/verify.html")


@_private
def step_up(request):
    """The same proof again, before an export or passport data (decorators.step_up_required)."""
    if not services.has_device(request.user):
        return redirect(f"{resolve_url('mfa:enrol')}?{request.GET.urlencode()}")
    return _prove(request, "mfa/step_up.html")


def _prove(request, template):
    form = CodeForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return redirect(_next(request))
    context = {
        "form": form,
        "next": _next(request),
        "passkey": services.has_passkey(request.user),
        "step_up_minutes": settings.STEP_UP_MINUTES,
    }
    return render(request, template, context)


@_private
def enrol(request):
    """A first second factor: an authenticator app (QR code and the secret as text, then a
    code to confirm it) or a passkey. Users who already have one prove it instead."""
    if services.has_device(request.user):
        if services.is_verified(request):
            return redirect(_next(request))
        return redirect(f"{resolve_url('mfa:verify')}?{request.GET.urlencode()}")
    device = services.pending_authenticator(request.user)
    form = ConfirmAuthenticatorForm(
        request, device, data=request.POST if request.method == "POST" else None
    )
    if form.is_bound and form.is_valid():
        services.enrolled(request, device)
        query = urlencode({"next": _next(request)})
        return redirect(f"{resolve_url('mfa:recovery_codes')}?{query}")
    uri = device.config_url
    qr = segno.make(uri, error="m", micro=False)
    context = {
        "form": form,
        "next": _next(request),
        # segno draws the SVG from the code's bits alone: no one's text reaches it.
        "qr": mark_safe(  # noqa: S308
            qr.svg_inline(scale=4, border=4, light="#fff", svgclass="mfa-qr", lineclass=None)
        ),
        "secret": _grouped(uri.split("secret=", 1)[1].split("&", 1)[0]),
    }
    return render(request, "mfa/enrol.html", context)


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@_private
def recovery_codes(request):
    """The recovery codes just made, shown once: the session forgets them here."""
    codes = request.session.pop(services.NEW_CODES_SESSION_KEY, None)
    if codes is None:
        return redirect(_next(request))
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": _next(request)})
