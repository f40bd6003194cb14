"""The attendee's manage page, behind the secret manage link: the page itself, the email
confirmation, and what its forms do (details, answers, mode, language, calendar feed
link, cancelling, erasing).

Every page here goes through registration.views.token_page: a bad link gets the plain 404
page, and the response is private (never indexed, never cached, no referrer to other
sites).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditEntry
from audit.services import record
from events import timezones
from events.programme_zone import ZONE_COOKIE
from registration import extensions, links, questions, services
from registration.forms import (
    AnswersForm,
    ConfirmForm,
    DetailsForm,
    LanguageForm,
    SwitchModeForm,
)
from registration.models import Registration
from registration.views import token_page

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
