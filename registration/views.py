"""Registration pages: the form, the email confirmation, the secret manage page, privacy.

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
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditEntry
from audit.services import record
from events import timezones
from events.calendar import calendar_response
from events.models import Conference
from events.programme_views import ZONE_COOKIE
from events.spam import client_address, has_used_up, is_over_rate_limit
from registration import extensions, links, questions, services
from registration.calendar import attendee_calendar
from registration.forms import (
    AnswersForm,
    ConfirmForm,
    DetailsForm,
    LanguageForm,
    RegistrationForm,
    SwitchModeForm,
)
from registration.models import Registration

SEAT_REQUEST_MESSAGES = {
    Registration.SeatRequest.WAITING_LIST: gettext_lazy(
        "No seat is free yet: you are on the waiting list for one, and keep your online "
        "place until a seat is yours."
    ),
    Registration.SeatRequest.AWAITING_APPROVAL: gettext_lazy(
        "The organisers will decide about your in-person seat; you keep your online place "
        "meanwhile."
    ),
}
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


def _answers_context(registration, answers_form=None):
    """The organisers' questions on the manage page: a form while registration is open,
    else the answers read-only; answers to questions no longer asked stay, read-only."""
    editable = (
        registration.is_active
        and services.registration_window(registration.conference) == services.OPEN
    )
    asked, answers = questions.for_manage_page(registration, editable=editable)
    if asked and answers_form is None:
        answers_form = AnswersForm(registration=registration, asked=asked, answers=answers)
    asked_ids = {question.pk for question in asked}
    return {
        "answers_form": answers_form if asked else None,
        "answers_shown": [answer for answer in answers if answer.question_id not in asked_ids],
        "answers_closed": not editable,
    }


def _dates(request, conference):
    """When the conference is: in its own zone, named by its city, and in the zone the
    visitor chose on the programme pages (their cookie) when that is another one."""
    spans = [
        timezones.span_in_zone(
            conference.starts_at,
            conference.ends_at,
            conference.time_zone,
            conference.venue_city or timezones.zone_label(conference.time_zone),
        )
    ]
    visitor = timezones.get_zone(request.COOKIES.get(ZONE_COOKIE))
    if visitor is not None and visitor.key != conference.time_zone:
        spans.append(
            timezones.span_in_zone(
                conference.starts_at,
                conference.ends_at,
                visitor.key,
                timezones.zone_label(visitor.key),
            )
        )
    return spans


def _status_card(request, registration, parts=()):
    """What the status card at the top of the manage page (and the page after cancelling)
    says: when, and which of the page's parts (ticket, visa, join links, documents) it
    points to as the next thing to do."""
    shown = {part.name: part.data for part in parts}
    documents = shown.get("documents") or {}
    certificate = documents.get("certificate")
    return {
        "spans": _dates(request, registration.conference),
        "next_parts": set(shown),
        "certificate_ready": bool(certificate and getattr(certificate, "eligible", False)),
    }


def _manage_context(request, registration, **extra):
    conference = registration.conference
    modes = services.available_modes(conference)
    # Only what switch_mode would accept now (not after the end, no seat once closed).
    other_modes = services.switch_choices(registration)
    left = services.places_left(conference)
    parts = extensions.parts_for(registration)
    context = {
        "registration": registration,
        "conference": conference,
        "token": registration.manage_token,
        "calendar_feed_url": links.calendar_feed_url(registration),
        "details_form": DetailsForm(instance=registration),
        "switch_form": SwitchModeForm(
            modes=modes,
            conference=registration.conference,
            initial={"attendance_mode": other_modes[0] if other_modes else None},
        ),
        "other_modes": other_modes,
        "language_form": LanguageForm(initial={"language": registration.mail_language}),
        "can_switch": bool(other_modes) or services.can_withdraw_seat_request(registration),
        "places_left": left,
        # What apps built on registration add (attending's ticket): registration/extensions.py
        "attendee_parts": parts,
        "attendee_parts_end": extensions.parts_for(registration, slot="end"),
        "seat_outcome": (
            services.seat_request_outcome(registration, seats_left=left["in_person"])
            if registration.status == Registration.Status.CONFIRMED
            and not registration.is_in_person
            and not registration.seat_request
            and Registration.AttendanceMode.IN_PERSON in other_modes
            else None
        ),
    }
    context["card"] = _status_card(request, registration, parts)
    if "answers_form" not in extra:
        context.update(_answers_context(registration))
    context.update(extra)
    return context


@token_page
@require_http_methods(["GET", "POST"])
def confirm_email(request, registration):
    if registration.status != Registration.Status.PENDING_EMAIL:
        return redirect(links.manage_path(registration))
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            registration = services.confirm_email(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
            conference = registration.conference
            return render(
                request,
                "registration/closed.html",
                {"conference": conference, "window": services.registration_window(conference)},
            )
        messages.success(request, _("Thank you: your email address is confirmed."))
        return redirect(links.manage_path(registration))
    return render(
        request,
        "registration/confirm_email.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "form": ConfirmForm(),
        },
    )


@token_page
@require_GET
def manage(request, registration):
    return render(request, "registration/manage.html", _manage_context(request, registration))


@token_page
@require_POST
def update_details(request, registration):
    form = DetailsForm(request.POST, instance=Registration.objects.get(pk=registration.pk))
    if not form.is_valid():
        context = _manage_context(request, registration, details_form=form)
        return render(request, "registration/manage.html", context, status=400)
    try:
        services.update_details(registration=registration, data=form.cleaned_data)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your details are saved. We sent you a confirmation."))
    return redirect(links.manage_path(registration))


@token_page
@require_POST
def update_answers(request, registration):
    asked, answers = questions.for_manage_page(registration, editable=True)
    form = AnswersForm(request.POST, registration=registration, asked=asked, answers=answers)
    if not form.is_valid():
        context = _manage_context(
            request, registration, **_answers_context(registration, answers_form=form)
        )
        return render(request, "registration/manage.html", context, status=400)
    try:
        services.update_answers(registration=registration, answers=form.answers())
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect(links.manage_path(registration))


@token_page
@require_POST
def switch_mode(request, registration):
    form = SwitchModeForm(
        request.POST,
        modes=services.available_modes(registration.conference),
        conference=registration.conference,
    )
    if not form.is_valid():
        messages.error(request, _("Choose how you want to take part."))
        return redirect(links.manage_path(registration))
    try:
        registration = services.switch_mode(
            registration=registration, mode=form.cleaned_data["attendance_mode"]
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if registration.seat_request:
            messages.success(request, SEAT_REQUEST_MESSAGES[registration.seat_request])
            return redirect(links.manage_path(registration))
        messages.success(
            request,
            _("You now take part %(mode)s. Status: %(status)s.")
            % {
                "mode": registration.get_attendance_mode_display().lower(),
                "status": registration.get_status_display().lower(),
            },
        )
    return redirect(links.manage_path(registration))


@token_page
@require_POST
def change_language(request, registration):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        context = _manage_context(request, registration, language_form=form)
        return render(request, "registration/manage.html", context, status=400)
    try:
        registration = services.change_language(
            registration=registration, language=form.cleaned_data["language"]
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(links.manage_path(registration))
    # The page answers in the language chosen, at that language's address.
    with translation.override(registration.language):
        messages.success(request, _("We will write to you in this language from now on."))
        return redirect(links.manage_path(registration))


@token_page
@require_http_methods(["GET", "POST"])
def cancel(request, registration):
    if not registration.is_active:
        messages.info(request, _("This registration is no longer active; nothing to cancel."))
        return redirect(links.manage_path(registration))
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        registration = services.cancel(registration=registration)
        return render(
            request,
            "registration/cancelled.html",
            {
                "conference": registration.conference,
                "registration": registration,
                "token": registration.manage_token,
                "card": _status_card(request, registration),
            },
        )
    return render(
        request,
        "registration/cancel_confirm.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "form": ConfirmForm(),
        },
    )


@token_page(open_when_cancelled=True)
@require_http_methods(["GET", "POST"])
def erase(request, registration):
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.erase_personal_data(registration=registration)
        record(action=AuditEntry.Action.ERASURE, request=request, registration=registration)
        return render(request, "registration/erased.html", {"conference": registration.conference})
    return render(
        request,
        "registration/erase_confirm.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "form": ConfirmForm(),
        },
    )


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


@token_page
@require_POST
def reset_calendar_feed(request, registration):
    """A new feed link from the manage page; the old one stops, the manage link stays."""
    if ConfirmForm(request.POST).is_valid():
        services.reset_calendar_feed(registration=registration)
        messages.success(
            request,
            _(
                "Your calendar feed has a new link: subscribe to it again. The previous "
                "link no longer works."
            ),
        )
    return redirect(links.manage_path(registration))


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
