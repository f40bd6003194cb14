"""The attendee's documents (behind the secret manage link) and the public verification page.

The verification page shows only what a document already says (name, conference, dates,
mode, kind), is rate-limited per client, never indexed and never stored by any cache.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from documents import printing, services
from events.spam import rate_limit_key
from registration import links
from registration.views import token_page

RATE_LIMIT_GROUP = "verify"


def pdf_response(content, *, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@token_page
@require_GET
def letter(request, registration):
    refusal = services.letter_refusal(registration)
    if refusal:
        messages.info(request, refusal)
        return redirect(links.manage_path(registration))
    return pdf_response(
        printing.letter_pdf(registration),
        filename=f"{registration.conference.slug}-registration-letter",
    )


@token_page
@require_GET
def certificate(request, registration):
    standing = services.certificate_standing(registration)
    if not standing.eligible:
        messages.info(request, standing.reason)
        return redirect(links.manage_path(registration))
    return pdf_response(
        printing.certificate_pdf(registration),
        filename=f"{registration.conference.slug}-certificate",
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        help_text=gettext_lazy("As printed on the document, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _over_limit(request):
    return is_ratelimited(
        request,
        group=RATE_LIMIT_GROUP,
        key=rate_limit_key,
        rate=settings.VERIFY_RATE_LIMIT,
        method=ALL,
        increment=True,
    )


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_GET
def verify_form(request):
    """A form to type a code; a typed code goes to its own page."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("documents:verify", code=code)
        form.add_error("code", _("Type the code printed on the document."))
    return _noindex(render(request, "documents/verify_form.html", {"form": form}))


@never_cache
@require_GET
def verify(request, code):
    if _over_limit(request):
        return _noindex(
            render(request, "documents/verify_limited.html", {"form": VerifyForm()}, status=429)
        )
    verification = services.verify(code)
    context = {"verification": verification, "form": VerifyForm(), "code": code[:40]}
    status = 200 if verification is not None else 404
    return _noindex(render(request, "documents/verify.html", context, status=status))
