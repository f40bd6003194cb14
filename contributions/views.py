"""The call's public page and form, its "check your inbox" page, and the submitter's page
behind the secret link (confirm, edit until the deadline, co-authors, the PDF, withdraw).

The private pages, like registration's and delegations', are never indexed or cached and
leak no address to other sites; a wrong or stale link gets the "link not valid" page."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contributions import links, services
from contributions.emails import deadline_label
from contributions.forms import (
    AuthorForm,
    ContributionTextsForm,
    SubmitterForm,
    UploadForm,
    initial_texts,
)
from contributions.models import Attachment, Call, Contribution
from events.models import Conference
from events.programme_zone import choose_zone
from events.spam import is_over_rate_limit
from registration.forms import ConfirmForm

RATE_LIMIT_GROUP = "contribution"


def _call_or_404(slug):
    call = Call.objects.select_related("conference").filter(conference__slug=slug).first()
    if call is None:
        get_object_or_404(Conference, slug=slug)  # the conference's own 404 when unknown
        raise Http404(_("This conference has no call for contributions."))
    return call


def _moments(call, zone):
    """The call's two moments in the conference's zone and, when it differs, the visitor's."""
    conference_zone = call.conference.zone
    rows = [
        {
            "label": _("Opens"),
            "at": call.opens_at,
            "local": call.opens_at.astimezone(conference_zone),
            "visitor": call.opens_at.astimezone(zone) if zone.key != conference_zone.key else None,
        },
        {
            "label": _("Closes"),
            "at": call.closes_at,
            "local": call.closes_at.astimezone(conference_zone),
            "visitor": call.closes_at.astimezone(zone) if zone.key != conference_zone.key else None,
        },
    ]
    return rows


@require_http_methods(["GET", "POST"])
def call_page(request, slug):
    call = _call_or_404(slug)
    conference = call.conference
    window = call.window()
    status = 200
    submitter = texts = None
    if window == Call.OPEN:
        if request.method == "POST":
            submitter = SubmitterForm(request.POST)
            texts = ContributionTextsForm(request.POST, call=call)
            if submitter.is_bot():
                return redirect("contributions:sent", slug=conference.slug)
            if is_over_rate_limit(request, group=RATE_LIMIT_GROUP):
                submitter.is_valid()
                submitter.add_error(
                    None, _("Too many contributions from your network. Please try again later.")
                )
                status = 429
            elif not (submitter.is_valid() & texts.is_valid()):
                status = 400
            else:
                try:
                    services.submit(
                        call=call,
                        submitter=submitter.cleaned_data,
                        texts=texts.texts(),
                        original_language=texts.cleaned_data["original_language"],
                        track=texts.cleaned_data["track"],
                        format=texts.cleaned_data["format"],
                        language=translation.get_language(),
                    )
                except services.ContributionError as error:
                    submitter.add_error(None, error.message)
                    status = 400
                else:
                    return redirect("contributions:sent", slug=conference.slug)
        else:
            submitter = SubmitterForm()
            texts = ContributionTextsForm(
                call=call, initial={"original_language": translation.get_language()}
            )
    elif request.method == "POST":
        status = 400
    choice = choose_zone(request, conference)
    return render(
        request,
        "contributions/call.html",
        {
            "call": call,
            "conference": conference,
            "window": window,
            "tracks": list(call.tracks.all()),
            "formats": list(call.formats.all()),
            "moments": _moments(call, choice.zone),
            "visitor_zone": choice.zone,
            "submitter_form": submitter,
            "texts_form": texts,
        },
        status=status,
    )


@require_GET
def sent(request, slug):
    call = _call_or_404(slug)
    return render(request, "contributions/sent.html", {"call": call, "conference": call.conference})


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def contribution_page(view):
    """Resolves the token to its contribution (or the "link not valid" page, 404) and marks
    the response private."""

    @wraps(view)
    @never_cache
    def wrapper(request, token, **kwargs):
        contribution = Contribution.objects.get_by_token(token)
        if contribution is None:
            return _private(render(request, "registration/link_invalid.html", status=404))
        return _private(view(request, contribution, **kwargs))

    return wrapper


def _page(request, contribution, *, status=200, **forms):
    call = contribution.call
    authors = list(contribution.authors.all())
    attachment = Attachment.objects.filter(contribution=contribution).first()
    editable = (
        call.is_open()
        and not contribution.is_withdrawn
        and contribution.status not in (Contribution.Status.ACCEPTED, Contribution.Status.REJECTED)
    )
    coauthors = sum(1 for author in authors if not author.is_submitter)
    context = {
        "contribution": contribution,
        "call": call,
        "conference": call.conference,
        "authors": authors,
        "attachment": attachment,
        "editable": editable,
        "closed": call.window() == Call.CLOSED,
        "deadline": deadline_label(call),
        "can_add_author": editable and coauthors < call.max_coauthors,
        "confirm_form": ConfirmForm(),
        "texts_form": forms.get("texts_form")
        or ContributionTextsForm(call=call, initial=initial_texts(contribution)),
        "author_form": forms.get("author_form") or AuthorForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
    }
    return render(request, "contributions/page.html", context, status=status)


@contribution_page
@require_GET
def page(request, contribution):
    return _page(request, contribution)


def _refused(request, contribution, error, form_name=None, form=None):
    if form is not None:
        form.add_error(None, error.message)
        return _page(request, contribution, status=400, **{form_name: form})
    messages.error(request, error.message)
    return redirect(links.page_path(contribution))


@contribution_page
@require_POST
def confirm(request, contribution):
    if not ConfirmForm(request.POST).is_valid():
        return redirect(links.page_path(contribution))
    was_confirmed = contribution.email_confirmed
    try:
        contribution = services.confirm(contribution=contribution)
    except services.ContributionError as error:
        return _refused(request, contribution, error)
    if not was_confirmed:
        messages.success(
            request, _("Thank you: your address is confirmed and your contribution is submitted.")
        )
    return redirect(links.page_path(contribution))


@contribution_page
@require_POST
def edit(request, contribution):
    form = ContributionTextsForm(request.POST, call=contribution.call)
    if not form.is_valid():
        return _page(request, contribution, status=400, texts_form=form)
    try:
        services.update(
            contribution=contribution,
            texts=form.texts(),
            original_language=form.cleaned_data["original_language"],
            track=form.cleaned_data["track"],
            format=form.cleaned_data["format"],
        )
    except services.ContributionError as error:
        return _refused(request, contribution, error, "texts_form", form)
    messages.success(request, _("Your changes are saved."))
    return redirect(links.page_path(contribution))


@contribution_page
@require_POST
def add_author(request, contribution):
    form = AuthorForm(request.POST)
    if not form.is_valid():
        return _page(request, contribution, status=400, author_form=form)
    try:
        author = services.add_author(contribution=contribution, data=form.cleaned_data)
    except services.ContributionError as error:
        return _refused(request, contribution, error, "author_form", form)
    messages.success(request, _("%(name)s is added as an author.") % {"name": author.name})
    return redirect(links.page_path(contribution))


@contribution_page
@require_POST
def remove_author(request, contribution, author_id):
    try:
        services.remove_author(contribution=contribution, author_id=author_id)
    except services.ContributionError as error:
        return _refused(request, contribution, error)
    messages.success(request, _("The author is removed."))
    return redirect(links.page_path(contribution))


@contribution_page
@require_POST
def upload(request, contribution):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, contribution, status=400, upload_form=form)
    try:
        services.attach_pdf(contribution=contribution, upload=form.cleaned_data["file"])
    except services.ContributionError as error:
        return _refused(request, contribution, error, "upload_form", form)
    messages.success(request, _("Your PDF is saved."))
    return redirect(links.page_path(contribution))


@contribution_page
@require_http_methods(["GET", "POST"])
def withdraw(request, contribution):
    if request.method == "POST":
        if not ConfirmForm(request.POST).is_valid():
            return redirect(links.page_path(contribution))
        try:
            services.withdraw(contribution=contribution)
        except services.ContributionError as error:
            return _refused(request, contribution, error)
        messages.success(request, _("Your contribution is withdrawn."))
        return redirect(links.page_path(contribution))
    return render(
        request,
        "contributions/withdraw_confirm.html",
        {
            "contribution": contribution,
            "conference": contribution.call.conference,
            "confirm_form": ConfirmForm(),
        },
    )
