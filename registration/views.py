"""Registration pages: the form, the participant list, privacy; the gate of the pages
behind the secret link (token_page), the calendar feed and the email change link. The
manage page itself and its forms are in registration/manage_views.py.

Pages reached through a secret link are never indexed, never leak their address to other
sites (Referrer-Policy: same-origin) and never stored by shared caches. An unknown or
revoked link gets a plain 404 page. Tokens never reach the logs: the request log is off in
settings and nothing here logs a URL.
"""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events.calendar import calendar_response
from events.models import Conference
from events.spam import client_address, has_used_up, is_over_rate_limit
from registration import links, services
from registration.calendar import attendee_calendar
from registration.forms import ConfirmForm, RegistrationForm
from registration.models import Registration

RATE_LIMIT_GROUP = "registration"
CODE_RATE_GROUP = "invitation-code"
PARTICIPANTS_PER_PAGE = 200


def _form_kwargs(conference, left):
    modes = services.available_modes(conference)
    return {
        "conference": conference,
        "modes": modes,
        "in_person_full": Registration.AttendanceMode.IN_PERSON in modes
        and left[Registration.AttendanceMode.IN_PERSON.value] == 0,
    }


@require_http_methods(["GET", "POST"])
def register(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    window = services.registration_window(conference)
    if window != services.OPEN:
        return render(
            request,
            "registration/closed.html",
            {"conference": conference, "window": window},
        )
    left = services.places_left(conference)
    form_kwargs = _form_kwargs(conference, left)
    status = 200
    if request.method == "POST":
        # A wrong invitation code counts as a guess; past CODE_RATE_GROUP's rate no code
        # from this client is looked up for the rest of the hour (429).
        code_tried = bool(request.POST.get("invitation_code", "").strip())
        codes_blocked = code_tried and has_used_up(request, group=CODE_RATE_GROUP)
        form = RegistrationForm(request.POST, codes_blocked=codes_blocked, **form_kwargs)
        if is_over_rate_limit(request, group=RATE_LIMIT_GROUP):
            form.is_valid()
            form.add_error(
                None, _("Too many registrations from your network. Please try again later.")
            )
            status = 429
        elif form.is_bot():
            # Answer as if it worked, so the bot learns nothing; store nothing.
            return redirect("registration:register_sent", slug=conference.slug)
        elif codes_blocked:
            form.is_valid()
            status = 429
        elif not form.is_valid():
            if code_tried and "invitation_code" in form.errors:
                is_over_rate_limit(request, group=CODE_RATE_GROUP)  # counts the wrong code
        else:
            try:
                services.register(
                    conference=conference,
                    data=form.cleaned_data,
                    language=translation.get_language(),
                    answers=form.answers(),
                    consents=form.consents(),
                    client=client_address(request),
                )
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                return redirect("registration:register_sent", slug=conference.slug)
    else:
        form = RegistrationForm(**form_kwargs)
    return render(
        request,
        "registration/register.html",
        {
            "conference": conference,
            "form": form,
            "places_left": left,
            "in_person_full": form_kwargs["in_person_full"],
            "in_person_offered": Registration.AttendanceMode.IN_PERSON in form_kwargs["modes"],
            "has_questions": form.has_questions,
        },
        status=status,
    )


@require_GET
def register_sent(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    return render(request, "registration/register_sent.html", {"conference": conference})


@require_GET
def participants(request, slug):
    """The public participant list: confirmed people who opted in, and only their name,
    institution and country."""
    conference = get_object_or_404(Conference, slug=slug)
    listed = (
        Registration.objects.filter(conference=conference)
        .listed_publicly()
        .only("given_name", "family_name", "patronymic", "institution", "country")
        .order_by("family_name", "given_name", "id")
    )
    page = Paginator(listed, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registration/participants.html",
        {"conference": conference, "page": page},
    )


@require_GET
def privacy(request):
    return render(request, "registration/privacy.html")


# --- pages behind the secret link -------------------------------------------------------
def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def token_page(view=None, *, open_when_cancelled=False):
    """Resolves the token to its registration (or a 404 page) and marks the response
    private. Erased data no longer opens any page; a cancelled registration opens only the
    pages marked `open_when_cancelled` (erasing, as the privacy notice promises)."""
    if view is None:
        return lambda view: token_page(view, open_when_cancelled=open_when_cancelled)

    @wraps(view)
    @never_cache
    def wrapper(request, token, **kwargs):
        registration = Registration.objects.get_by_token(token)
        if registration is None or (
            registration.status == Registration.Status.CANCELLED and not open_when_cancelled
        ):
            return _private(render(request, "registration/link_invalid.html", status=404))
        return _private(view(request, registration, **kwargs))

    return wrapper


@never_cache
def link_invalid(request, token):
    """An address that no longer opens anything (the calendar under the manage link)."""
    return _private(render(request, "registration/link_invalid.html", status=404))


@never_cache
@require_GET
def calendar_feed(request, token):
    """The personal calendar feed, by its own read-only link (never the manage link, which
    answers 404 here as anywhere else it is not the manage link). While the place is not
    confirmed there is nothing to subscribe to: the same 404 as an unknown link, and no
    way from here to the manage page."""
    registration = Registration.objects.get_by_feed_token(token)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return _private(render(request, "registration/link_invalid.html", status=404))
    # In the registration's language whatever address it is fetched at: a subscription
    # follows the person's choice of language (registration/calendar.py).
    return _private(
        calendar_response(
            attendee_calendar(registration),
            filename=f"{registration.conference.slug}-registration",
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email_change(request, signed):
    """The link mailed to a new address: a button (mail scanners follow links, people
    press buttons) makes it the registration's address."""
    registration = services.registration_for_email_change(signed)
    if registration is None:
        return _private(render(request, "registration/link_invalid.html", status=404))
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            registration = services.confirm_email_change(registration=registration, request=request)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your new address is confirmed. We sent your new personal link to it."),
            )
            return _private(redirect(links.manage_path(registration)))
    return _private(
        render(
            request,
            "registration/email_change_confirm.html",
            {
                "registration": registration,
                "conference": registration.conference,
                "form": ConfirmForm(),
                "signed": signed,
            },
        )
    )
