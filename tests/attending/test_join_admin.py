"""The Online team edits join options, recordings and slides of sessions, reads the
attendance record and revokes join links; the other organiser groups cannot."""

import datetime as dt

import pytest
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attending import joins
from attending.models import JoinOption, JoinPass, OnlineSession, SessionJoin
from events.models import Session
from jobs.models import Job
from teams.roles import ROLES
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RegistrationFactory,
    SessionFactory,
    team_member,
)
from tests.jobs.helpers import act_and_run
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

ONLINE_TEAM = "Online team"
OTHER_GROUPS = ["Content editors", "Registration managers", "Check-in staff"]


def organiser(group, conference=None):
    user = get_user_model().objects.create_user(
        username=f"organiser-{get_user_model().objects.count()}",
        password="correct horse battery",
        is_staff=True,
    )
    team_member(group, conference, user=user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def opening(conference):
    now = timezone.now()
    return SessionFactory(
        conference=conference,
        title="Opening",
        format=Session.Format.HYBRID,
        starts_at=now + dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=100),
    )


def change_url(session):
    return reverse("admin:attending_onlinesession_change", args=[session.pk])


def form_data(*options, recording_url="", slides_url=""):
    data = {
        "recording_url": recording_url,
        "join_options-TOTAL_FORMS": str(len(options)),
        "join_options-INITIAL_FORMS": "0",
        "join_options-MIN_NUM_FORMS": "0",
        "join_options-MAX_NUM_FORMS": "1000",
        "material-TOTAL_FORMS": "1" if slides_url else "0",
        "material-INITIAL_FORMS": "0",
        "material-MIN_NUM_FORMS": "0",
        "material-MAX_NUM_FORMS": "1",
    }
    if slides_url:
        data["material-0-slides_url"] = slides_url
    for n, option in enumerate(options):
        for key, value in option.items():
            data[f"join_options-{n}-{key}"] = value
    return data


VOOV = {
    "platform": "voov",
    "label": "Main hall",
    "url": "https://voov.example.cn/dm/opening",
    "access_note": "Meeting ID 123 456 789",
    "for_china": "on",
    "order": "1",
}


def test_the_online_team_adds_join_options_and_the_recording(opening):
    team = organiser(ONLINE_TEAM)
    response = team.post(
        change_url(opening),
        form_data(VOOV, recording_url="https://video.example.org/opening"),
    )
    assert response.status_code == 302
    added = JoinOption.objects.get()
    assert (added.session_id, added.platform, added.label, added.url) == (
        opening.pk,
        "voov",
        "Main hall",
        "https://voov.example.cn/dm/opening",
    )
    assert added.regions == ["china"]
    opening.refresh_from_db()
    assert opening.recording_url == "https://video.example.org/opening"
    assert opening.calendar_sequence == 0  # nothing a calendar shows changed


def test_an_option_for_no_region_is_refused(opening):
    team = organiser(ONLINE_TEAM)
    without_region = {key: value for key, value in VOOV.items() if key != "for_china"}
    response = team.post(change_url(opening), form_data(without_region))
    assert response.status_code == 200
    assert "Choose at least one region for this join option." in response.content.decode()
    assert JoinOption.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.org/room", "not a url"]
)
def test_an_option_must_be_a_web_address(opening, url):
    team = organiser(ONLINE_TEAM)
    response = team.post(change_url(opening), form_data({**VOOV, "url": url}))
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert JoinOption.objects.count() == 0


def test_the_database_holds_the_region_rule(opening):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        JoinOption.objects.create(
            session=opening, platform="zoom", url="https://zoom.example.org/j/1"
        )


@pytest.mark.parametrize("group", OTHER_GROUPS)
def test_other_groups_cannot_edit_join_options(opening, group):
    other = organiser(group)
    assert other.get(reverse("admin:attending_onlinesession_changelist")).status_code == 403
    assert other.post(change_url(opening), form_data(VOOV)).status_code == 403
    assert other.get(reverse("admin:attending_sessionjoin_changelist")).status_code == 403
    assert other.get(reverse("admin:attending_joinpass_changelist")).status_code == 403
    assert JoinOption.objects.count() == 0


def test_sessions_are_not_made_or_deleted_here(opening):
    team = organiser(ONLINE_TEAM)
    assert team.get(reverse("admin:attending_onlinesession_add")).status_code == 403
    delete = reverse("admin:attending_onlinesession_delete", args=[opening.pk])
    assert team.post(delete, {"post": "yes"}).status_code == 403
    assert Session.objects.filter(pk=opening.pk).exists()


def test_the_attendance_record_is_read_only(conference, opening):
    JoinOptionFactory(session=opening, platform="zoom")
    participant = RegistrationFactory(conference=conference, given_name="Li", family_name="Wei")
    joined = joins.join(token=joins.pass_for(participant).token, session_id=opening.pk)
    team = organiser(ONLINE_TEAM)
    listing = team.get(
        reverse("admin:attending_sessionjoin_changelist"), {"session__id__exact": opening.pk}
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [joined]
    assert "Li Wei" in listing.content.decode()
    assert team.get(reverse("admin:attending_sessionjoin_add")).status_code == 403
    change = reverse("admin:attending_sessionjoin_change", args=[joined.pk])
    assert team.post(change, {"at": "2020-01-01 00:00"}).status_code == 403
    delete = reverse("admin:attending_sessionjoin_delete", args=[joined.pk])
    assert team.post(delete, {"post": "yes"}).status_code == 403
    assert SessionJoin.objects.get().at == joined.at


def revoke(client, *passes):
    return client.post(
        reverse("admin:attending_joinpass_changelist"),
        {"action": "revoke_and_reissue", "_selected_action": [p.pk for p in passes]},
        follow=True,
    )


def test_the_online_team_revokes_and_reissues_a_link(
    conference, django_capture_on_commit_callbacks
):
    participant = RegistrationFactory(conference=conference)
    old = joins.pass_for(participant)
    team = organiser(ONLINE_TEAM)
    job = act_and_run(
        team,
        django_capture_on_commit_callbacks,
        reverse("admin:attending_joinpass_changelist"),
        "revoke_and_reissue",
        [old],
    )
    assert (job.kind, job.state, job.message) == (
        "attending.revoke_joinpasses",
        "done",
        "1 join link revoked and reissued.",
    )
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert old.revoked_by == team.user
    assert joins.pass_for(participant) != old
    assert JoinPass.objects.active().filter(registration=participant).count() == 1


def test_revoking_a_revoked_link_again_does_nothing(conference):
    participant = RegistrationFactory(conference=conference)
    old = joins.pass_for(participant)
    joins.revoke(registration=participant)
    response = revoke(organiser(ONLINE_TEAM), old)
    assert [str(m) for m in response.context["messages"]] == ["Nothing was chosen."]
    assert JoinPass.objects.filter(registration=participant).count() == 2
    assert Job.objects.count() == 0


def test_a_link_revoked_between_the_choice_and_the_job_is_skipped(
    conference, django_capture_on_commit_callbacks
):
    participant = RegistrationFactory(conference=conference)
    old = joins.pass_for(participant)
    team = organiser(ONLINE_TEAM)
    with django_capture_on_commit_callbacks(execute=True):
        revoke(team, old)
    joins.revoke(registration=participant)
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    assert Job.objects.get().message == "0 join links revoked and reissued."
    assert JoinPass.objects.active().filter(registration=participant).count() == 1


def test_another_conferences_online_team_cannot_revoke_its_links(
    conference, django_capture_on_commit_callbacks
):
    theirs = joins.pass_for(RegistrationFactory(conference=ConferenceFactory()))
    with django_capture_on_commit_callbacks(execute=True):
        response = revoke(organiser(ONLINE_TEAM, conference), theirs)
    assert [str(m) for m in response.context["messages"]] == ["Nothing was chosen."]
    assert Job.objects.count() == 0
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_who_may_only_read_links_cannot_revoke_them(conference):
    participant = RegistrationFactory(conference=conference)
    old = joins.pass_for(participant)
    user = get_user_model().objects.create_user("reader", password="x" * 20, is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_joinpass"))
    client = Client()
    client.force_login(user)
    listing = client.get(reverse("admin:attending_joinpass_changelist"))
    assert "revoke_and_reissue" not in listing.content.decode()
    revoke(client, old)
    old.refresh_from_db()
    assert old.revoked_at is None


def test_every_joins_admin_action_declares_its_permission():
    model_admin = site._registry[JoinPass]
    for name in model_admin.actions:
        assert list(getattr(model_admin, name).allowed_permissions) == ["revoke"]


def test_the_token_is_never_shown_to_organisers(admin_client, conference):
    join_pass = joins.pass_for(RegistrationFactory(conference=conference))
    for url in [
        reverse("admin:attending_joinpass_changelist"),
        reverse("admin:attending_joinpass_change", args=[join_pass.pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert join_pass.secret not in response.content.decode()


def test_admin_pages(admin_client, conference, opening):
    JoinOptionFactory(session=opening)
    participant = RegistrationFactory(conference=conference)
    joined = joins.join(token=joins.pass_for(participant).token, session_id=opening.pk)
    for path in [
        reverse("admin:attending_onlinesession_changelist"),
        reverse("admin:attending_onlinesession_changelist") + "?q=Opening",
        reverse("admin:attending_onlinesession_changelist") + "?format__exact=hybrid",
        change_url(opening),
        "/ru" + change_url(opening),
        reverse("admin:attending_sessionjoin_changelist"),
        reverse("admin:attending_sessionjoin_changelist") + "?q=Ivanova",
        reverse("admin:attending_sessionjoin_change", args=[joined.pk]),
        reverse("admin:attending_joinpass_changelist") + "?state=active",
        reverse("admin:attending_joinpass_changelist") + "?state=revoked",
    ]:
        assert admin_client.get(path).status_code == 200, path
    assert OnlineSession.objects.get().pk == opening.pk


def test_the_online_team_group_holds_exactly_its_permissions():
    codenames = sorted(right.split(".")[1] for right in ROLES["online_team"].permissions)
    assert codenames == [
        "add_joinoption",
        "add_sessionmaterial",
        "change_joinoption",
        "change_onlinesession",
        "change_sessionmaterial",
        "delete_joinoption",
        "delete_sessionmaterial",
        "revoke_joinpass",
        "view_joinoption",
        "view_joinpass",
        "view_onlinesession",
        "view_sessionjoin",
        "view_sessionmaterial",
    ]


@pytest.mark.parametrize("size", [1, 40])
def test_admin_lists_keep_their_query_budget(
    admin_client, conference, django_assert_max_num_queries, size
):
    now = timezone.now()
    for n in range(size):
        session = SessionFactory(
            conference=conference,
            format="online",
            starts_at=now + dt.timedelta(minutes=n // 2),
            ends_at=now + dt.timedelta(minutes=n + 60),
        )
        JoinOptionFactory.create_batch(2, session=session)
        participant = RegistrationFactory(conference=conference)
        joins.join(token=joins.pass_for(participant).token, session_id=session.pk)
    for name in ["onlinesession", "sessionjoin", "joinpass"]:
        with django_assert_max_num_queries(12):
            response = admin_client.get(reverse(f"admin:attending_{name}_changelist"))
        assert len(response.context["cl"].result_list) == size, name


def test_the_list_names_the_regions_without_a_join_option(admin_client, opening):
    JoinOptionFactory(
        session=opening,
        platform="voov",
        for_europe=False,
        for_russia=False,
        for_other=False,
        for_china=True,
    )
    JoinOptionFactory(session=opening, platform="zoom", for_russia=False, for_other=False)
    in_hall = SessionFactory(conference=opening.conference, format="in_person")
    response = admin_client.get(reverse("admin:attending_onlinesession_changelist"))
    model_admin = site._registry[OnlineSession]
    rows = {session.pk: session for session in response.context["cl"].result_list}
    assert model_admin.regions_without_option(rows[opening.pk]) == "Russia, other countries"
    assert model_admin.regions_without_option(rows[in_hall.pk]) == "-"
    JoinOptionFactory(session=opening, platform="youtube")
    response = admin_client.get(reverse("admin:attending_onlinesession_changelist"))
    rows = {session.pk: session for session in response.context["cl"].result_list}
    assert model_admin.regions_without_option(rows[opening.pk]) == "none"
    assert "Russia, other countries" not in response.content.decode()
