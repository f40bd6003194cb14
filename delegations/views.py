"""Delegation pages: the public form, its "check your inbox" page, and the contact's page
behind its secret link (confirm the address, follow each person's status, add a person).

The contact's page never shows anyone's manage link or email details beyond what the
contact typed; like registration's token pages it is never indexed, never cached and leaks
no address to other sites."""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations import links, services
from delegations.forms import FIRST_ROWS, AddMemberForm, ContactForm, member_formset
from delegations.models import MAX_MEMBERS, Delegation
from events.models import Conference
from events.spam import is_over_rate_limit, is_same_origin, rate_limit_key
from registration import services as registration_services
from registration.forms import ConfirmForm

RATE_LIMIT_GROUP = "delegation"


def _too_many_people():
    return _(
        "Too many people were entered in delegations from your network within the hour. "
        "Please try again later."
    )


def _people_fit(request, count):
    """Counts the people entered against the client's hourly cap (services)."""
    return services.take_people_allowance(client=rate_limit_key(None, request), count=count)


def _rows(request):
    """How many empty rows the form shows: ?rows=N, within 1..MAX_MEMBERS."""
    try:
        return max(1, min(int(request.GET.get("rows", FIRST_ROWS)), MAX_MEMBERS))
    except ValueError:
        return FIRST_ROWS


def _closed(request, conference):
    return render(
        request,
        "registration/closed.html",
        {"conference": conference, "window": registration_services.registration_window(conference)},
    )


@require_http_methods(["GET", "POST"])
def register(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    if registration_services.registration_window(conference) != registration_services.OPEN:
        return _closed(request, conference)
    modes = registration_services.available_modes(conference)
    status = 200
    if request.method == "POST":
        if not is_same_origin(request):
            return HttpResponseForbidden(_("This form must be sent from this site."))
        form = ContactForm(request.POST)
        people = member_formset(modes=modes, conference=conference, data=request.POST)
        if is_over_rate_limit(request, group=RATE_LIMIT_GROUP):
            form.is_valid()
            form.add_error(
                None, _("Too many registrations from your network. Please try again later.")
            )
            status = 429
        elif form.is_bot():
            return redirect("delegations:sent", slug=conference.slug)
        elif not (form.is_valid() & people.is_valid()):
            status = 400
        elif not _people_fit(request, len(people.people())):
            form.add_error(None, _too_many_people())
            status = 429
        else:
            try:
                services.submit(
                    conference=conference,
                    contact=form.cleaned_data,
                    members=people.people(),
                    language=translation.get_language(),
                )
            except registration_services.RegistrationError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                return redirect("delegations:sent", slug=conference.slug)
    else:
        form = ContactForm()
        people = member_formset(modes=modes, conference=conference, rows=_rows(request))
    return render(
        request,
        "delegations/register.html",
        {
            "conference": conference,
            "form": form,
            "people": people,
            "max_members": MAX_MEMBERS,
            "more_rows": len(people.forms) < MAX_MEMBERS and request.method == "GET",
        },
        status=status,
    )


@require_GET
def sent(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    return render(request, "delegations/sent.html", {"conference": conference})


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def delegation_page(view):
    """Resolves the token to its delegation (or a 404 page) and marks the response private."""

    @wraps(view)
    @never_cache
    def wrapper(request, token):
        delegation = Delegation.objects.get_by_token(token)
        if delegation is None:
            return _private(render(request, "registration/link_invalid.html", status=404))
        return _private(view(request, delegation))

    return wrapper


def _page_context(delegation, **extra):
    conference = delegation.conference
    members = list(delegation.members.select_related("registration"))
    is_open = registration_services.registration_window(conference) == registration_services.OPEN
    context = {
        "delegation": delegation,
        "conference": conference,
        "members": members,
        "can_add": delegation.is_confirmed and is_open and len(members) < MAX_MEMBERS,
        "add_form": AddMemberForm(
            modes=registration_services.available_modes(conference), conference=conference
        ),
        "confirm_form": ConfirmForm(),
        "max_members": MAX_MEMBERS,
    }
    context.update(extra)
    return context


@delegation_page
@require_GET
def page(request, delegation):
    return render(request, "delegations/page.html", _page_context(delegation))


@delegation_page
@require_POST
def confirm(request, delegation):
    if not ConfirmForm(request.POST).is_valid():
        return redirect(links.page_path(delegation))
    was_confirmed = delegation.is_confirmed
    delegation = services.confirm_contact(delegation=delegation)
    if not was_confirmed:
        messages.success(
            request,
            _("Thank you: your address is confirmed. Each person now receives their own email."),
        )
    return redirect(links.page_path(delegation))


@delegation_page
@require_POST
def add(request, delegation):
    conference = delegation.conference
    form = AddMemberForm(
        request.POST, modes=registration_services.available_modes(conference), conference=conference
    )
    if not form.is_valid():
        context = _page_context(delegation, add_form=form)
        return render(request, "delegations/page.html", context, status=400)
    if not _people_fit(request, 1):
        form.add_error(None, _too_many_people())
        context = _page_context(delegation, add_form=form)
        return render(request, "delegations/page.html", context, status=429)
    try:
        member = services.add_member(delegation=delegation, data=form.cleaned_data)
    except registration_services.RegistrationError as error:
        form.add_error(None, error.message)
        context = _page_context(delegation, add_form=form)
        return render(request, "delegations/page.html", context, status=400)
    # The same words whether or not the address was registered already: the page tells no
    # stranger who is registered (the person learns it from their own mail).
    messages.success(
        request,
        _("%(name)s: %(outcome)s.")
        % {"name": member.full_name, "outcome": member.outcome_for_contact()},
    )
    return redirect(links.page_path(delegation))
