"""The two doors of this app into other apps' views: ``second_factor_required`` (the
check-in desk; the admin gets the same check from the middleware) and ``step_up_required``
(a fresh second factor before an export of personal data or a page with passport data)."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from mfa import services
from mfa.forms import CodeForm

# Fields of the step-up form itself, never copied back into the repeated request.
OWN_FIELDS = {"csrfmiddlewaretoken", CodeForm.prefix_field}


def _to(name, request):
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def second_factor_redirect(request):
    """None when the request may go on; otherwise the way to enrol a first device or to
    prove one, coming back to this page afterwards."""
    user = request.user
    if services.is_verified(request) or not services.needs_second_factor(user):
        return None
    if services.has_device(user):
        return _to("mfa:verify", request)
    return _to("mfa:enrol", request)


def second_factor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapped


def _request_of(args):
    """The request among a view's, a model admin view's or an admin action's arguments."""
    return next(arg for arg in args[:2] if isinstance(arg, HttpRequest))


def step_up_required(view):
    """Runs `view` only if a second factor was proved within settings.STEP_UP_MINUTES.

    Works on a view, a ModelAdmin method taking the request, and an admin action. A GET goes
    to the step-up page and comes back to the same address. A POST (an admin action on the
    chosen rows) is answered with the step-up form in place, carrying the chosen rows; sent
    back with a valid code (or after a passkey check) it runs the action it was asked for."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        request = _request_of(args)
        if services.is_fresh(request):
            return view(*args, **kwargs)
        if not services.is_verified(request):
            # Never proved one in this session (or has none): the full second step first.
            has_device = services.has_device(request.user)
            return _to("mfa:verify" if has_device else "mfa:enrol", request)
        if request.method != "POST":
            return _to("mfa:step_up", request)
        data = request.POST if CodeForm.prefix_field in request.POST else None
        form = CodeForm(request, data=data)
        if form.is_bound and form.is_valid():
            return view(*args, **kwargs)
        carried = [
            (name, value)
            for name in request.POST
            if name not in OWN_FIELDS
            for value in request.POST.getlist(name)
        ]
        context = {
            "form": form,
            "carried": carried,
            "title": _("Confirm it is you"),
            "passkey": services.has_passkey(request.user),
            "step_up_minutes": settings.STEP_UP_MINUTES,
        }
        return TemplateResponse(request, "mfa/step_up_in_place.html", context)

    return wrapped
