"""Public conference pages. Thin: parse the request, ask the models or services, render."""

import hashlib
import re
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_http_methods

from events import at_a_glance, calendar, page_cache, services
from events.forms import EnquiryForm
from events.models import Anniversary, Conference, ConferenceOrganisation
from events.page_cache import cache_public_page
from events.programme_zone import apply_zone_choice, cache_programme_page, choose_zone
from events.spam import is_over_rate_limit, is_same_origin
from events.structured_data import conference_json_ld
from events.timezones import span_in_reference_zones, span_in_zone, zone_label

# The moment a calendar file was built, left out of its ETag.
DTSTAMP_LINE = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", re.M)


def conference_page_queryset():
    """Everything the event page shows, fetched in a fixed number of queries."""
    return Conference.objects.prefetch_related(
        Prefetch(
            "roles",
            queryset=ConferenceOrganisation.objects.select_related("organisation"),
        ),
        Prefetch("anniversaries", queryset=Anniversary.objects.select_related("organisation")),
        "goals",
        "topics",
        "date_changes",
    )


# The event page shows the dates in the zone a visitor chose on any of the conference's
# pages (`?tz=`, remembered in a cookie), so its cached copy varies on that zone too.
@require_GET
@cache_programme_page
def home(request):
    conference = Conference.objects.featured()
    if conference is None:
        return render(request, "events/no_conferences.html")
    conference = conference_page_queryset().get(pk=conference.pk)
    return _render_conference(request, conference, is_home=True)


@require_GET
@cache_public_page
def conference_list(request):
    now = timezone.now()
    return render(
        request,
        "events/conference_list.html",
        {
            "upcoming": Conference.objects.upcoming(now),
            "past": Conference.objects.past(now),
        },
    )


@require_GET
@cache_programme_page
def conference_detail(request, slug):
    conference = get_object_or_404(conference_page_queryset(), slug=slug)
    return _render_conference(request, conference)


def _render_conference(request, conference, *, is_home=False):
    date_changes = list(conference.date_changes.all())
    choice = choose_zone(request, conference)
    visitor_span = None
    if choice.name != conference.time_zone:
        visitor_span = span_in_zone(
            conference.starts_at, conference.ends_at, choice.name, zone_label(choice.name)
        )
    response = render(
        request,
        "events/conference_detail.html",
        {
            "conference": conference,
            "is_home": is_home,
            "local_span": span_in_zone(
                conference.starts_at,
                conference.ends_at,
                conference.time_zone,
                conference.venue_city or zone_label(conference.time_zone),
            ),
            "visitor_span": visitor_span,
            "zone": choice,
            "zone_error": choice.error,
            "reference_spans": span_in_reference_zones(
                conference.starts_at,
                conference.ends_at,
                conference=conference,
                exclude={conference.time_zone, choice.name},
            ),
            "glance": at_a_glance.programme_at_a_glance(conference, choice.zone),
            "date_changes": date_changes,
            "json_ld": conference_json_ld(conference, date_changes=date_changes),
            "hosts": conference.host_roles,
            "co_organisers": conference.partner_roles,
            "canonical_url": calendar.absolute_url(conference.get_absolute_url()),
        },
    )
    return apply_zone_choice(request, response, choice)


@dataclass(frozen=True)
class CalendarFile:
    body: bytes
    etag: str


def conference_calendar_file(slug):
    """The conference's .ics and its ETag, built once per process until organisers change
    anything (the content version), or None for an unknown slug. The ETag is a digest of
    what the file says (all but DTSTAMP, the moment it was built), so it only changes when
    the entry does, and a calendar that checks gets a 304 for the cost of a dictionary
    lookup."""

    def build():
        conference = (
            Conference.objects.prefetch_related(
                Prefetch(
                    "roles",
                    queryset=ConferenceOrganisation.objects.select_related("organisation"),
                )
            )
            .filter(slug=slug)
            .first()
        )
        if conference is None:
            return None
        body = calendar.conference_calendar(conference)
        digest = hashlib.sha256(DTSTAMP_LINE.sub(b"", body)).hexdigest()[:32]
        return CalendarFile(body=body, etag=f'W/"{digest}"')

    # The file's links and country name follow the language (/ru/...calendar.ics).
    return page_cache.remember(
        f"conference-ics:{translation.get_language()}:{slug}", build, slug=slug
    )


def _conference_calendar_etag(request, slug):
    file = conference_calendar_file(slug)
    return file.etag if file else None


@require_GET
@condition(etag_func=_conference_calendar_etag)
def conference_calendar(request, slug):
    file = conference_calendar_file(slug)
    if file is None:
        raise Http404(_("No such conference."))
    response = calendar.calendar_response(file.body, filename=slug)
    # Calendars may keep a copy but must ask (cheaply, with the ETag) each time.
    patch_cache_control(response, no_cache=True)
    return response


# No CSRF token: the form sits on cached public pages, where a per-visitor token cannot.
# A cross-site post is refused by its Origin instead; the honeypot and rate limit guard the
# rest.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def enquiry(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    action = reverse("events:enquiry", kwargs={"slug": conference.slug})
    if request.method == "GET":
        form = EnquiryForm(action=action)
        return render(request, "events/enquiry.html", {"conference": conference, "form": form})

    if not is_same_origin(request):
        return render(
            request,
            "events/enquiry.html",
            {"conference": conference, "form": EnquiryForm(action=action), "cross_site": True},
            status=403,
        )

    form = EnquiryForm(request.POST, action=action)
    if form.is_bot():
        # Tell a bot nothing useful; a person never sees this field.
        return redirect("events:enquiry_sent", slug=conference.slug)
    if is_over_rate_limit(request, group="enquiry"):
        form.add_error(
            None,
            _(
                "You have sent several requests in a short time. Please try again in an hour, "
                "or write to %(email)s."
            )
            % {"email": conference.contact_email},
        )
        return render(
            request, "events/enquiry.html", {"conference": conference, "form": form}, status=429
        )
    if not form.is_valid():
        return render(
            request, "events/enquiry.html", {"conference": conference, "form": form}, status=400
        )
    services.submit_enquiry(
        conference=conference,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        organisation=form.cleaned_data["organisation"],
        message=form.cleaned_data["message"],
    )
    messages.success(request, _("Thank you. Your request has been sent to the organisers."))
    return redirect("events:enquiry_sent", slug=conference.slug)


@require_GET
def enquiry_sent(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    return render(request, "events/enquiry_sent.html", {"conference": conference})
