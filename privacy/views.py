"""The consent document (public pages) and a person's rights behind their secret manage link
(registration.views.token_page checks the token, answers 404 for a bad one and marks the
page private): download their data, give or withdraw a consent."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditEntry
from audit.services import record
from events.spam import client_address
from privacy import consent_texts, services
from privacy.models import Purpose
from registration import links
from registration.forms import ConfirmForm
from registration.views import token_page


@require_GET
def consent_document(request):
    """The consent document: the current text of each purpose, each on its own page."""
    purposes = [
        {
            "purpose": purpose,
            "label": purpose.label,
            "version": consent_texts.current_version(purpose),
            "url": consent_texts.document_url(purpose),
        }
        for purpose in Purpose
    ]
    return render(request, "privacy/consent_document.html", {"purposes": purposes})


@require_GET
def consent_text(request, purpose, version):
    template = consent_texts.template_name(purpose, version)
    conference = consent_texts.conference_named(request.GET.get("conference"))
    operator_name, operator_address = consent_texts.operator(conference)
    return render(
        request,
        template,
        {
            "purpose": Purpose(purpose),
            "version": version,
            "current": version == consent_texts.current_version(purpose),
            "current_url": consent_texts.document_url(purpose, conference=conference),
            "operator_name": operator_name,
            "operator_address": operator_address,
        },
    )


def _purpose(value):
    if value not in Purpose.values:
        raise Http404
    return Purpose(value)


def _manage_url(registration):
    return links.manage_path(registration)


# --- behind the manage link -----------------------------------------------------------------
@token_page(open_when_cancelled=True)
@require_GET
def my_data(request, registration):
    record(
        action=AuditEntry.Action.DATA_DOWNLOAD,
        request=request,
        registration=registration,
        detail="html",
    )
    return render(
        request,
        "privacy/my_data.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "sections": services.data_of(registration),
            "token": registration.manage_token,
            "generated_at": timezone.now(),
        },
    )


@token_page(open_when_cancelled=True)
@require_GET
def my_data_json(request, registration):
    data = services.data_as_json(registration)
    record(
        action=AuditEntry.Action.DATA_DOWNLOAD,
        request=request,
        registration=registration,
        detail="json",
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{registration.conference.slug}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@token_page
@require_http_methods(["GET", "POST"])
def withdraw(request, registration, purpose):
    purpose = _purpose(purpose)
    rows = {row["purpose"]: row for row in services.consent_rows(registration)}
    if not rows[purpose]["given"]:
        messages.info(request, _("This consent is not given; there is nothing to withdraw."))
        return redirect(_manage_url(registration))
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.withdraw(
            registration=registration,
            purpose=purpose,
            client=client_address(request),
            language=translation.get_language(),
        )
        record(
            action=AuditEntry.Action.CONSENT_WITHDRAWN,
            request=request,
            registration=registration,
            detail=purpose,
        )
        if purpose == Purpose.REGISTRATION:
            return render(
                request, "registration/erased.html", {"conference": registration.conference}
            )
        messages.success(request, _("Your consent is withdrawn."))
        return redirect(_manage_url(registration))
    return render(
        request,
        "privacy/withdraw_confirm.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "purpose": purpose,
            "row": rows[purpose],
            "warning": services.withdrawal_warning(registration, purpose),
            "form": ConfirmForm(),
            "token": registration.manage_token,
        },
    )


@token_page
@require_POST
def give(request, registration, purpose):
    purpose = _purpose(purpose)
    if purpose not in services.GIVEN_ON_MANAGE_PAGE or not ConfirmForm(request.POST).is_valid():
        raise Http404
    services.give(
        registration=registration,
        purpose=purpose,
        client=client_address(request),
        language=translation.get_language(),
    )
    record(
        action=AuditEntry.Action.CONSENT_GIVEN,
        request=request,
        registration=registration,
        detail=purpose,
    )
    messages.success(request, _("Thank you: your consent is recorded."))
    return redirect(_manage_url(registration))
