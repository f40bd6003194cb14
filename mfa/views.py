"""The second factor's pages: prove it (verify), set up a first one (enrol), see the new
recovery codes once, and prove it again before personal data (step_up). Passkeys are
checked and registered by django-otp-webauthn's views (mfa/webauthn.py) from static/js."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mfa import services
from mfa.decorators import second_factor_required, step_up_required
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


@_private
@second_factor_required
def devices(request):
    """The user's own second factors: a new set of recovery codes, or one device removed
    (never the last of an account that needs a second factor); both after a step-up."""
    if request.method == "POST":
        return _change_devices(request)
    context = {
        "devices": services.devices_of(request.user),
        "remaining_codes": services.remaining_recovery_codes(request.user),
    }
    return render(request, "mfa/devices.html", context)


@step_up_required
def _change_devices(request):
    here = resolve_url("mfa:devices")
    if request.POST.get("do") == "new_codes":
        services.replace_recovery_codes(request)
        return redirect(f"{resolve_url('mfa:recovery_codes')}?{urlencode({'next': here})}")
    kind = request.POST.get("kind")
    pk = request.POST.get("device", "")
    if request.POST.get("do") != "remove" or kind not in services.DEVICE_KINDS or not pk.isdigit():
        raise Http404
    model = services.DEVICE_KINDS[kind]
    try:
        services.remove_device(request, kind=kind, pk=int(pk))
    except model.DoesNotExist as error:
        raise Http404 from error
    except services.LastDeviceError:
        messages.error(
            request,
            _("This is your last second factor; add another before you remove it."),
        )
        return redirect(here)
    messages.success(request, _("The device was removed."))
    return redirect(here)
