"""Joining online in the real browser: a participant in China sees the VooV room first,
opens the list of all options, follows the personal link and lands on the platform (here a
page of the live server), without a Referer; the join is recorded; after the organisers
revoke the link, it says so."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attending import joins
from attending.models import SessionJoin
from tests.e2e.checks import screenshot
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RegistrationFactory,
    SessionFactory,
)


@pytest.fixture
def opening(transactional_db, live_server):
    """A hybrid session starting in ten minutes with a VooV room for China and Zoom and
    YouTube elsewhere, each "platform" a page of the live server."""
    now = timezone.now()
    conference = ConferenceFactory(
        title="Bridge Continents",
        slug="bridge-continents",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
    )
    session = SessionFactory(
        conference=conference,
        title="Opening: three anniversaries",
        format="hybrid",
        starts_at=now + dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=100),
    )
    for order, platform in enumerate(["zoom", "youtube"]):
        JoinOptionFactory(
            session=session,
            platform=platform,
            order=order,
            url=f"{live_server.url}/healthz?platform={platform}",
        )
    JoinOptionFactory(
        session=session,
        platform="voov",
        order=5,
        url=f"{live_server.url}/healthz?platform=voov",
        access_note="Meeting ID 123 456 789",
        for_china=True,
        for_europe=False,
        for_russia=False,
        for_other=False,
    )
    return session


def test_a_participant_in_china_joins_through_the_personal_link(page, live_server, opening):
    participant = RegistrationFactory(
        conference=opening.conference, given_name="Wei", family_name="Li", country="CN"
    )
    page.goto(reverse("registration:manage", kwargs={"token": participant.manage_token}))
    panel = page.get_by_role("region", name="Join online, recordings and slides")
    session = panel.get_by_role("article", name="Opening: three anniversaries")
    first = session.locator(".join-mine a").first
    expect(first).to_have_text("Join on VooV Meeting")
    expect(session.get_by_text("Meeting ID 123 456 789").first).to_be_visible()

    every = session.locator("details.join-all")
    zoom = every.get_by_role("link", name="Zoom")
    expect(zoom).to_be_hidden()
    every.get_by_text("All join options (3)").click()
    expect(zoom).to_be_visible()
    expect(every.get_by_role("link", name="YouTube")).to_be_visible()
    screenshot(page, "join-panel", accessible=True)

    landing = []
    page.on(
        "request",
        lambda request: landing.append(request) if "/healthz" in request.url else None,
    )
    first.click()
    page.wait_for_url(f"{live_server.url}/healthz?platform=voov")
    expect(page.locator("body")).to_have_text("ok")
    assert [request.headers.get("referer") for request in landing] == [None]

    recorded = SessionJoin.objects.select_related("option").get()
    assert (recorded.registration_id, recorded.session_id, recorded.option.platform) == (
        participant.pk,
        opening.pk,
        "voov",
    )
    old_link = reverse(
        "attending:join_option",
        kwargs={
            "session_id": opening.pk,
            "token": joins.pass_for(participant).token,
            "option_id": recorded.option_id,
        },
    )

    joins.revoke(registration=participant)
    response = page.goto(old_link)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Join link revoked")
    expect(page.get_by_text("The organisers revoked this join link.")).to_be_visible()
    assert SessionJoin.objects.count() == 1

    # The page now carries the new link, which works.
    page.goto(reverse("registration:manage", kwargs={"token": participant.manage_token}))
    new_first = page.locator(".join-mine a").first
    assert new_first.get_attribute("href") != old_link
    new_first.click()
    page.wait_for_url(f"{live_server.url}/healthz?platform=voov")
    assert SessionJoin.objects.count() == 2


def test_the_programme_s_join_link_leads_to_the_platform(page, live_server, opening):
    """The "Your programme" list carries the personal link, not the platform's URL."""
    participant = RegistrationFactory(
        conference=opening.conference, attendance_mode="online", country="DE"
    )
    page.goto(reverse("registration:manage", kwargs={"token": participant.manage_token}))
    programme = page.get_by_role("region", name="Your programme")
    link = programme.get_by_role("link", name="Join online")
    token = joins.pass_for(participant).token
    expect(link).to_have_attribute("href", f"/join/{opening.pk}/{token}/")
    assert "/healthz" not in programme.inner_html()
    link.click()
    page.wait_for_url(f"{live_server.url}/healthz?platform=zoom")
    recorded = SessionJoin.objects.select_related("option").get()
    assert (recorded.registration_id, recorded.option.platform) == (participant.pk, "zoom")
