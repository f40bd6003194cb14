"""The personal join redirect: a confirmed participant's link records the join and leads
to the platform; anyone and anything else gets a page saying why, never a 500. The
platform's URL appears nowhere public."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from attending import joins
from attending.models import JoinPass, SessionJoin
from events.models import Session
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

VOOV = "https://voov.example.cn/dm/opening-room"
BILIBILI = "https://live.bilibili.example.cn/opening"
ZOOM = "https://zoom.example.org/j/123456"
YOUTUBE = "https://youtube.example.com/live/opening"
PLATFORM_HOSTS = [b"voov.example.cn", b"bilibili.example.cn", b"zoom.example.org", b"youtube"]


@pytest.fixture
def opening(conference):
    """A hybrid session starting in ten minutes, with a VooV room and a Bilibili stream
    for China, Zoom for Europe and Russia, YouTube for everyone but China."""
    now = timezone.now()
    session = SessionFactory(
        conference=conference,
        title="Opening",
        slug="opening",
        format=Session.Format.HYBRID,
        starts_at=now + dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=100),
    )
    JoinOptionFactory(
        session=session, platform="youtube", url=YOUTUBE, for_russia=True, for_other=True, order=3
    )
    JoinOptionFactory(
        session=session,
        platform="bilibili",
        url=BILIBILI,
        label="Stream",
        order=2,
        for_china=True,
        for_europe=False,
        for_russia=False,
        for_other=False,
    )
    JoinOptionFactory(
        session=session,
        platform="voov",
        url=VOOV,
        access_note="Meeting ID 123 456 789",
        order=1,
        for_china=True,
        for_europe=False,
        for_russia=False,
        for_other=False,
    )
    JoinOptionFactory(session=session, platform="zoom", url=ZOOM, order=1, for_other=False)
    return session


def option(session, platform):
    return session.join_options.get(platform=platform)


def join_url(registration, session, chosen=None):
    token = joins.pass_for(registration).token
    if chosen is None:
        return reverse("attending:join", kwargs={"session_id": session.pk, "token": token})
    return reverse(
        "attending:join_option",
        kwargs={"session_id": session.pk, "token": token, "option_id": chosen.pk},
    )


def manage_url(registration):
    return reverse("registration:manage", kwargs={"token": registration.manage_token})


def panel(client, registration):
    response = client.get(manage_url(registration))
    assert response.status_code == 200
    return response.content.decode()


def test_the_link_records_the_join_and_leads_to_the_platform(client, conference, opening):
    participant = RegistrationFactory(conference=conference, country="CN")
    response = client.get(join_url(participant, opening, option(opening, "bilibili")))
    assert response.status_code == 302
    assert response["Location"] == BILIBILI
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    recorded = SessionJoin.objects.get()
    assert (recorded.registration, recorded.session, recorded.option) == (
        participant,
        opening,
        option(opening, "bilibili"),
    )
    assert abs(recorded.at - timezone.now()) < dt.timedelta(minutes=1)
    assert SessionJoin.objects.sessions_joined(participant) == 1


@pytest.mark.parametrize(
    ("country", "url"), [("CN", VOOV), ("DE", ZOOM), ("RU", ZOOM), ("BR", YOUTUBE)]
)
def test_the_link_without_an_option_leads_to_the_first_for_the_region(
    client, conference, opening, country, url
):
    participant = RegistrationFactory(conference=conference, country=country)
    response = client.get(join_url(participant, opening))
    assert (response.status_code, response["Location"]) == (302, url)


def test_every_click_is_recorded_and_sessions_are_counted_once(client, conference, opening):
    participant = RegistrationFactory(conference=conference, country="DE")
    for _ in range(3):
        client.get(join_url(participant, opening))
    assert SessionJoin.objects.filter(registration=participant).count() == 3
    assert SessionJoin.objects.sessions_joined(participant) == 1


def test_an_in_person_attendee_joins_online_only_sessions(client, conference, opening):
    guest = RegistrationFactory(conference=conference, attendance_mode="in_person")
    online = SessionFactory(
        conference=conference,
        format=Session.Format.ONLINE,
        starts_at=opening.starts_at,
        ends_at=opening.ends_at,
    )
    JoinOptionFactory(session=online, url="https://zoom.example.org/j/online-only")
    assert (
        client.get(join_url(guest, online))["Location"] == "https://zoom.example.org/j/online-only"
    )
    response = client.get(join_url(guest, opening))
    assert response.status_code == 403
    assert "You take part in person" in response.content.decode()


def refusal(client, url):
    response = client.get(url)
    text = " ".join(response.content.decode().split())
    assert SessionJoin.objects.count() == 0
    assert response["Referrer-Policy"] == "no-referrer"
    return response.status_code, text


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "0" * 32 + "x" * 32,
        "z" * 40,
        "%00" * 20,
        "a" * 200,
    ],
)
def test_a_bad_token_gets_a_clear_404(client, conference, opening, token):
    url = f"/join/{opening.pk}/{token}/"
    status, text = refusal(client, url)
    assert status == 404
    assert "This join link is not known." in text


def test_a_wrong_secret_with_a_real_public_id_is_unknown(client, conference, opening):
    participant = RegistrationFactory(conference=conference)
    join_pass = joins.pass_for(participant)
    forged = join_pass.public_id.hex + "A" * len(join_pass.secret)
    status, text = refusal(client, f"/join/{opening.pk}/{forged}/")
    assert status == 404
    assert "This join link is not known." in text


def test_the_manage_token_and_the_ticket_code_are_not_join_tokens(client, conference, opening):
    participant = RegistrationFactory(conference=conference)
    assert refusal(client, f"/join/{opening.pk}/{participant.manage_token}/")[0] == 404


@pytest.mark.parametrize("status", ["cancelled", "waiting_list", "awaiting_approval", "declined"])
def test_only_confirmed_participants_join(client, conference, opening, status):
    participant = RegistrationFactory(conference=conference)
    url = join_url(participant, opening)
    participant.status = status
    participant.save()
    code, text = refusal(client, url)
    assert code == 403
    assert "Join links work for confirmed participants only" in text


def test_a_revoked_link_says_so_and_the_new_one_works(client, conference, opening):
    participant = RegistrationFactory(conference=conference, country="DE")
    old = join_url(participant, opening)
    revoked = joins.revoke(registration=participant)
    code, text = refusal(client, old)
    assert code == 410
    assert "The organisers revoked this join link." in text
    assert "conference@example.org" in text
    assert revoked.issued.token != revoked.revoked.token
    new = join_url(participant, opening)
    assert new != old
    assert client.get(new)["Location"] == ZOOM
    assert JoinPass.objects.filter(registration=participant).count() == 2


def test_before_the_window_the_link_says_when_it_opens(client, conference):
    starts = dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC)  # 19:00 in Tomsk
    later = SessionFactory(
        conference=conference,
        format="online",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    JoinOptionFactory(session=later)
    participant = RegistrationFactory(conference=conference)
    code, text = refusal(client, join_url(participant, later))
    assert code == 403
    assert (
        "starts at 2099-05-16 19:00 (Asia/Tomsk). Its join link opens 30 minutes before, at 18:30."
        in text
    )


def test_the_window_opens_thirty_minutes_before_the_start(conference):
    session = SessionFactory(conference=conference, format="online")
    JoinOptionFactory(session=session)
    participant = RegistrationFactory(conference=conference)
    token = joins.pass_for(participant).token
    with pytest.raises(joins.JoinRefused):
        joins.join(
            token=token, session_id=session.pk, now=session.starts_at - dt.timedelta(minutes=31)
        )
    made = joins.join(
        token=token, session_id=session.pk, now=session.starts_at - dt.timedelta(minutes=30)
    )
    assert made.at == session.starts_at - dt.timedelta(minutes=30)
    joins.join(token=token, session_id=session.pk, now=session.ends_at + dt.timedelta(hours=1))
    with pytest.raises(joins.JoinRefused) as over:
        joins.join(
            token=token, session_id=session.pk, now=session.ends_at + dt.timedelta(minutes=61)
        )
    assert over.value.status == 410


def test_a_session_long_over_says_so(client, conference):
    now = timezone.now()
    past = SessionFactory(
        conference=conference,
        format="online",
        starts_at=now - dt.timedelta(hours=4),
        ends_at=now - dt.timedelta(hours=3),
    )
    JoinOptionFactory(session=past)
    participant = RegistrationFactory(conference=conference)
    code, text = refusal(client, join_url(participant, past))
    assert code == 410
    assert (
        "Its recording and slides, once the organisers add them, are on your registration page."
        in text
    )


def test_a_cancelled_session_says_so(client, conference, opening):
    participant = RegistrationFactory(conference=conference)
    url = join_url(participant, opening)
    opening.status = Session.Status.CANCELLED
    opening.save()
    code, text = refusal(client, url)
    assert (code, "“Opening” is cancelled." in text) == (410, True)


def test_an_in_person_session_cannot_be_joined(client, conference, opening):
    participant = RegistrationFactory(conference=conference)
    opening.format = Session.Format.IN_PERSON
    opening.save()
    code, text = refusal(client, join_url(participant, opening))
    assert code == 404
    assert "“Opening” takes place in the hall only" in text


def test_a_session_of_another_conference_or_an_option_of_another_session_is_unknown(
    client, conference, opening
):
    participant = RegistrationFactory(conference=conference)
    elsewhere = SessionFactory(conference=ConferenceFactory(), format="online")
    stranger = JoinOptionFactory(session=elsewhere)
    assert refusal(client, join_url(participant, elsewhere))[0] == 404
    assert refusal(client, join_url(participant, opening, stranger))[0] == 404
    assert refusal(client, f"/join/999999/{joins.pass_for(participant).token}/")[0] == 404


def test_a_session_without_options_says_so(client, conference, opening):
    opening.join_options.all().delete()
    participant = RegistrationFactory(conference=conference)
    code, text = refusal(client, join_url(participant, opening))
    assert code == 404
    assert "The organisers have not added a way to join “Opening” yet." in text


def test_the_link_is_followed_not_posted(client, conference, opening):
    participant = RegistrationFactory(conference=conference)
    assert client.post(join_url(participant, opening)).status_code == 405
    assert client.head(join_url(participant, opening)).status_code == 405
    assert SessionJoin.objects.count() == 0


def test_links_work_in_every_language(client, conference, opening):
    participant = RegistrationFactory(conference=conference, country="CN")
    response = client.get("/ru" + join_url(participant, opening))
    assert response["Location"] == VOOV
    response = client.get("/zh-hans/join/1/nonsense/")
    assert response.status_code == 404


# --- The manage page --------------------------------------------------------------------


def test_a_participant_in_china_sees_voov_first_and_all_options_on_request(
    client, conference, opening
):
    participant = RegistrationFactory(conference=conference, country="CN")
    html = panel(client, participant)
    token = joins.pass_for(participant).token
    voov = reverse(
        "attending:join_option",
        kwargs={"session_id": opening.pk, "token": token, "option_id": option(opening, "voov").pk},
    )
    bilibili = reverse(
        "attending:join_option",
        kwargs={
            "session_id": opening.pk,
            "token": token,
            "option_id": option(opening, "bilibili").pk,
        },
    )
    mine = html.split('class="join-mine')[1].split("</ul>")[0]
    assert mine.index("Join on VooV Meeting") < mine.index("Join on Bilibili: Stream")
    assert "Zoom" not in mine and "YouTube" not in mine
    assert f'href="{voov}"' in mine and f'href="{bilibili}"' in mine
    assert "Meeting ID 123 456 789" in mine
    every = html.split("<details")[1].split("</details>")[0]
    assert "All join options (4)" in every
    for name in ["VooV Meeting", "Bilibili: Stream", "Zoom", "YouTube"]:
        assert name in every
    assert (
        "Times in the venue's zone (Asia/Tomsk). The options for your region (China) come first."
        in html
    )


def test_a_participant_in_russia_sees_zoom_and_youtube_first(client, conference, opening):
    participant = RegistrationFactory(conference=conference, country="RU")
    html = panel(client, participant)
    mine = html.split('class="join-mine')[1].split("</ul>")[0]
    assert mine.index("Join on Zoom") < mine.index("Join on YouTube")
    assert "VooV" not in mine


def test_without_an_option_for_the_region_all_are_open(client, conference, opening):
    opening.join_options.exclude(platform__in=["voov", "bilibili"]).delete()
    html = panel(client, RegistrationFactory(conference=conference, country="DE"))
    assert "No option is meant for your region" in html
    assert '<details class="join-all" open>' in html


def test_the_panel_shows_times_in_the_venue_zone(client, conference):
    starts = dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC)
    later = SessionFactory(
        conference=conference,
        title="Closing",
        format="online",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1, minutes=30),
    )
    JoinOptionFactory(session=later)
    html = " ".join(panel(client, RegistrationFactory(conference=conference)).split())
    article = html.split('aria-labelledby="join-session-')[1].split("</article>")[0]
    assert "Closing" in article
    assert "19:00" in article and "20:30" in article


@pytest.mark.parametrize(
    ("mode", "status"),
    [("online", "waiting_list"), ("online", "pending_email"), ("in_person", "awaiting_approval")],
)
def test_no_join_links_for_those_not_confirmed(client, conference, opening, mode, status):
    html = panel(
        client, RegistrationFactory(conference=conference, attendance_mode=mode, status=status)
    )
    assert "/join/" not in html
    assert 'id="join-heading"' not in html


def test_platform_urls_never_reach_the_manage_page(client, conference, opening):
    html = panel(client, RegistrationFactory(conference=conference, country="CN")).encode()
    for host in PLATFORM_HOSTS:
        assert host not in html


def test_platform_urls_appear_nowhere_public(client, conference, opening):
    RegistrationFactory(conference=conference, country="CN")
    slug = conference.slug
    public = [
        reverse("events:home"),
        reverse("events:conference_list"),
        reverse("events:conference_detail", kwargs={"slug": slug}),
        reverse("events:conference_calendar", kwargs={"slug": slug}),
        reverse("events:programme", kwargs={"slug": slug}),
        reverse("events:programme_ics", kwargs={"slug": slug}),
        reverse("events:programme_regions", kwargs={"slug": slug}),
        reverse("events:speakers", kwargs={"slug": slug}),
        opening.get_absolute_url(),
        reverse("events:session_ics", kwargs={"slug": slug, "session_slug": opening.slug}),
        "/ru" + opening.get_absolute_url(),
        "/zh-hans" + reverse("events:programme", kwargs={"slug": slug}),
        "/sitemap.xml",
        "/robots.txt",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        for host in PLATFORM_HOSTS:
            assert host not in response.content, (url, host)
            # No personal join link (robots.txt names the /join/ prefix, which is no link).
            assert not re.search(rb"/join/\d+/", response.content), url


@pytest.mark.parametrize("sessions", [1, 12])
def test_manage_page_with_join_options_keeps_its_query_budget(
    client, conference, django_assert_max_num_queries, sessions
):
    now = timezone.now()
    for n in range(sessions):
        session = SessionFactory(
            conference=conference,
            format="hybrid",
            starts_at=now + dt.timedelta(hours=n),
            ends_at=now + dt.timedelta(hours=n + 1),
        )
        JoinOptionFactory.create_batch(3, session=session)
    participant = RegistrationFactory(conference=conference, country="CN")
    joins.pass_for(participant)
    # The page's own (see tests/registration/test_panel_and_budget.py), the join panel's
    # sessions, options and pass, and the programme's join links: the joinable sessions'
    # ids and the pass (registration.extensions.join_links_for); the organisers' questions;
    # the consents of the "Your data" panel (privacy/panel.py).
    with django_assert_max_num_queries(11):
        html = panel(client, participant)
    assert html.count('class="mb-3 join-session"') == sessions


@pytest.mark.parametrize("prefix", ["/ru", "/zh-hans"])
def test_the_panel_links_stay_in_the_page_language(client, conference, opening, prefix):
    participant = RegistrationFactory(conference=conference, country="CN")
    html = client.get(prefix + manage_url(participant)).content.decode()
    token = joins.pass_for(participant).token
    voov = option(opening, "voov").pk
    assert f'href="{prefix}/join/{opening.pk}/{token}/{voov}/"' in html
    assert 'id="join-heading"' in html
