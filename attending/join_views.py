"""The personal join redirect and the slides download (rules in attending/joins.py).

Both pages carry a personal token in their URL: they are never cached (no-store) and never
tell the next site where the visitor came from (Referrer-Policy: no-referrer), so neither
the token nor the platform's address leaks."""

from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from attending import joins


def private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def refused(request, refusal):
    response = render(
        request,
        "attending/join_refused.html",
        {"refusal": refusal, "registration": refusal.registration},
        status=refusal.status,
    )
    return private(response)


@require_GET
@never_cache
def join_session(request, session_id, token, option_id=None):
    """Records the join and leads to the platform (302), or says why not (4xx)."""
    try:
        session_join = joins.join(token=token, session_id=session_id, option_id=option_id)
    except joins.JoinRefused as refusal:
        return refused(request, refusal)
    return private(HttpResponseRedirect(session_join.option.url))


@require_GET
@never_cache
def slides(request, session_id, token):
    """An uploaded PDF of a session's slides, for the confirmed participant whose token
    this is."""
    try:
        material = joins.slides_for(token=token, session_id=session_id)
        handle = material.slides_file.open("rb")
    except joins.JoinRefused as refusal:
        return refused(request, refusal)
    except OSError:  # the file went missing from the private storage
        return refused(request, joins.JoinRefused(404, *joins.missing_slides_message()))
    name = slugify(material.session.slug or material.session.title) or "session"
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}-slides.pdf", content_type="application/pdf"
    )
    return private(response)
