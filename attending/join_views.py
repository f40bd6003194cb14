"""The personal join redirect and the slides download (rules in attending/joins.py).

Both pages carry a personal token in their URL: they are never cached (no-store) and never
tell the next site where the visitor came from (Referrer-Policy: no-referrer), so neither
the token nor the platform's address leaks."""

from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from attending import joins
from events.spam import has_used_up, is_over_rate_limit

# Unknown join links per client address per hour (JOIN_RATE_LIMIT): each is a guess at a
# token. Past it, every join link from that address answers 429 for the rest of the hour,
# so a guess that happens to be right is not told apart from one that is wrong.
RATE_LIMIT_GROUP = "join"


def private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many():
    return joins.JoinRefused(
        429,
        _("Too many unknown links"),
        _(
            "Too many unknown join links were opened from your network. Please try again in "
            "an hour, with the links on your registration page."
        ),
    )


def refused(request, refusal):
    if refusal.unknown:
        is_over_rate_limit(request, group=RATE_LIMIT_GROUP)  # counts the unknown link
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
    if has_used_up(request, group=RATE_LIMIT_GROUP):
        return refused(request, too_many())
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
    if has_used_up(request, group=RATE_LIMIT_GROUP):
        return refused(request, too_many())
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
