"""The check-in desk, made for a phone: find a person by name (any script) or ticket code,
check them in, see the arrivals per day. Only for users with the check-in permission
(check-in staff, teams/roles.py), at the desks of the conferences their team serves;
everyone else signed in gets 403, and another conference's desk is not found.

The desk sees the least it needs (docs/audit.md): only confirmed in-person people
of its conference are found, never by their address; a card shows the name, institution,
status, ticket state and a masked address, never the health or dietary notes. Each search
is recorded (how many were found, not what was typed)."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import LoginView
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from attending import services
from attending.forms import CheckInForm, SearchForm
from attending.models import CODE_ALPHABET, CODE_LENGTH, CheckIn, normalise_code
from attending.tickets import ticket_for
from audit import services as audit
from mfa.decorators import second_factor_required
from registration.masking import mask_email
from registration.models import Registration
from teams.services import conferences_for

SEARCH_LIMIT = 20
DESK_SESSION_KEY = "attending_desk"

# Without ?next= (a bookmark, a typed address) the desk's home, not LOGIN_REDIRECT_URL.
login = LoginView.as_view(template_name="attending/login.html", next_page="attending:home")


CHECK_IN = "attending.check_in"


def staff_only(view):
    checked = permission_required(CHECK_IN, raise_exception=True)(view)
    # Desk staff read people's data: a second factor after the password (mfa/).
    checked = second_factor_required(checked)
    return never_cache(login_required(checked, login_url="attending:login"))


@staff_only
def desk_home(request):
    """The desk of the conference running now or next; a choice when there are several."""
    since = timezone.now() - dt.timedelta(days=1)
    conferences = list(
        conferences_for(request.user, CHECK_IN)
        .filter(ends_at__gte=since)
        .order_by("starts_at")[:10]
    )
    if len(conferences) == 1:
        return redirect("attending:desk", slug=conferences[0].slug)
    return render(request, "attending/desk_home.html", {"conferences": conferences})


def looks_like_code(value):
    code = normalise_code(value)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def name_filter(word):
    """One typed word against given name, family name and patronymic (not the address: the
    desk does not look people up by it). icontains folds case in every script on
    PostgreSQL; SQLite folds only ASCII, so the usual spellings of a word (as typed, lower,
    upper, capitalised) are tried too: "иванова" finds "Иванова"."""
    condition = Q()
    for variant in {word, word.lower(), word.upper(), word.capitalize()}:
        condition |= (
            Q(given_name__icontains=variant)
            | Q(family_name__icontains=variant)
            | Q(patronymic__icontains=variant)
        )
    return condition


def findable(conference):
    """Whom the desk may find: the confirmed in-person people of its conference."""
    return Registration.objects.holding_place(Registration.AttendanceMode.IN_PERSON).filter(
        conference=conference, erased_at__isnull=True
    )


def find(conference, query, day):
    """Registrations of the conference matching the query, each with its ticket and that
    day's check-in (two queries, at most SEARCH_LIMIT rows)."""
    found = findable(conference)
    if looks_like_code(query):
        found = found.filter(ticket__code=normalise_code(query))
    else:
        for word in query.split()[:4]:
            found = found.filter(name_filter(word))
    rows = list(
        found.select_related("ticket")
        .prefetch_related(
            Prefetch(
                "ticket__check_ins",
                queryset=CheckIn.objects.filter(day=day).select_related("by"),
                to_attr="that_day",
            )
        )
        .order_by("family_name", "given_name", "id")[:SEARCH_LIMIT]
    )
    for registration in rows:  # the mode names the conference's city: no query per row
        registration.conference = conference
    return rows


def already_message(check_in, conference):
    return _("Already checked in at %(time)s by desk %(desk)s.") % {
        "time": timezone.localtime(check_in.at, conference.zone).strftime("%H:%M"),
        "desk": check_in.desk,
    }


@staff_only
@require_http_methods(["GET", "POST"])
def desk(request, slug):
    # Only the desks of the conferences the user serves; another's is not found.
    conference = get_object_or_404(conferences_for(request.user, CHECK_IN), slug=slug)
    if request.method == "POST":
        return _check_in(request, conference)
    now = timezone.now()
    day = services.conference_day(conference, now)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = find(conference, query, day) if query else []
    if query:
        audit.record(
            action=audit.Action.CHECK_IN_SEARCH,
            request=request,
            conference=conference,
            detail="ticket code" if looks_like_code(query) else "name",
            count=len(results),
        )
    if query and not results:
        if looks_like_code(query):
            messages.error(request, _("No ticket of this conference has this code."))
        else:
            messages.info(
                request, _("Nobody of this conference matches “%(query)s”.") % {"query": query}
            )
    rows = []
    for registration in results:
        ticket = getattr(registration, "ticket", None)
        that_day = ticket.that_day[0] if ticket is not None and ticket.that_day else None
        rows.append(
            {
                "registration": registration,
                "masked_email": mask_email(registration.email),
                "refusal": services.refusal(registration),
                "checked_in": that_day,
                "already": that_day and already_message(that_day, conference),
            }
        )
    context = {
        "conference": conference,
        "form": form,
        "query": query,
        "rows": rows,
        "desk_name": request.session.get(DESK_SESSION_KEY, request.user.get_username()),
        "counts": list(CheckIn.objects.counts_per_day(conference)),
        "expected": Registration.objects.holding_place(Registration.AttendanceMode.IN_PERSON)
        .filter(conference=conference)
        .count(),
        "today": day,
    }
    return allow_camera(render(request, "attending/desk.html", context))


def allow_camera(response):
    """The desk's page, and only it, may use the camera of this site's own pages (the QR
    scanner, static/js/checkin-camera.js); every other feature stays as settings say.
    django-permissions-policy takes a response's own header value from this attribute."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
    response._permissions_policy_override = ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items()
    )
    return response


def _check_in(request, conference):
    form = CheckInForm(request.POST)
    query = request.POST.get("q", "")[:100]
    back = reverse("attending:desk", kwargs={"slug": conference.slug})
    if query:
        back = f"{back}?{urlencode({'q': query})}"
    if not form.is_valid():
        messages.error(request, _("Nothing checked in: choose a person and name your desk."))
        return redirect(back)
    desk_name = form.cleaned_data["desk"].strip()
    request.session[DESK_SESSION_KEY] = desk_name
    registration = Registration.objects.filter(
        conference=conference, pk=form.cleaned_data["registration"], erased_at__isnull=True
    ).first()
    if registration is None:
        messages.error(request, _("Nothing checked in: no such registration for this conference."))
        return redirect(back)
    reason = services.refusal(registration)
    if reason:  # no ticket is made for someone who cannot have one
        messages.error(request, reason)
        return redirect(back)
    try:
        result = services.check_in(ticket=ticket_for(registration), desk=desk_name, by=request.user)
    except services.CheckInRefused as refused:
        messages.error(request, refused.message)
    else:
        if result.created:
            messages.success(
                request, _("%(name)s is checked in.") % {"name": registration.full_name}
            )
        else:
            messages.warning(request, already_message(result.check_in, conference))
    return redirect(back)
