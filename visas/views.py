"""The attendee's visa pages, behind the secret manage link (registration.views.token_page
checks the token, answers 404 for a bad one and marks the page private).

Every answer that shows stored passport data or the invitation is recorded
(services.record_read), whatever the method; methods that would show it unrecorded are
refused (405)."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.spam import client_address
from registration import links
from registration.views import token_page
from visas import services
from visas.forms import VisaRequestForm
from visas.models import VisaAuditEntry

Action = VisaAuditEntry.Action


def _initial(registration):
    """A new request starts from what the registration already says."""
    return {
        "employer": registration.institution,
        "position": registration.position,
        "citizenship": registration.country,
    }


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def visa_request(request, registration):
    manage_url = links.manage_path(registration)
    if not services.may_request(registration):
        messages.info(request, _("Visa support is for confirmed in-person attendees."))
        return redirect(manage_url)
    conference = registration.conference
    existing = services.request_of(registration, personal=True)
    context = {
        "registration": registration,
        "conference": conference,
        "visa_request": existing,
        "token": registration.manage_token,
        "contact_email": services.contact_email(conference),
        "deadline": services.deadline_of(conference),
        "deadline_display": services.deadline_display(conference),
        "country": conference.venue_country.name if conference.venue_country else "",
    }
    if not services.can_edit(registration, existing):
        return render(request, "visas/request_closed.html", context)
    form_kwargs = {"conference": conference, "instance": existing}
    if existing is None:
        form_kwargs["initial"] = _initial(registration)
    status = 200
    if request.method == "POST":
        form = VisaRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.save_request(
                    registration=registration,
                    data=form.cleaned_data,
                    client=client_address(request),
                    language=translation.get_language(),
                )
            except services.VisaError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Your visa request is saved. The organisers will write to you."),
                )
                return redirect(manage_url)
        status = 400
    else:
        form = VisaRequestForm(**form_kwargs)
        if existing is not None:
            services.record_read(
                request=request, action=Action.ATTENDEE_VIEWED, requests=[existing]
            )
    return render(request, "visas/request_form.html", {**context, "form": form}, status=status)


@token_page
@require_http_methods(services.READ_METHODS)
def invitation(request, registration):
    """The official invitation, for its attendee only."""
    existing = services.request_of(registration)
    if existing is None or not existing.has_invitation:
        messages.info(request, _("There is no invitation to download yet."))
        return redirect(links.manage_path(registration))
    services.record_read(
        request=request, action=Action.ATTENDEE_DOWNLOADED_INVITATION, requests=[existing]
    )
    return FileResponse(
        existing.invitation.open("rb"),
        as_attachment=True,
        filename="invitation.pdf",
        content_type="application/pdf",
    )
