"""The admin's menu and index show the apps that run the site (mail queue internals, tasks,
jobs, the record, sign-in locks: conference_site.admin_site.INTERNAL_APPS) to superusers
only; an organiser keeps a model of them only when a role of theirs grants a right on it
(teams/roles.py): the registration manager the mail queue, the data officer the record."""

import pytest
from django.contrib.auth.models import Permission

from tests.dashboard.conftest import organiser
from tests.factories import ConferenceFactory, team_member

pytestmark = pytest.mark.django_db

INTERNAL = {"outbox", "django_tasks", "django_tasks_db", "jobs", "audit", "axes", "otp_static"}


def menu(client, path="/admin/"):
    response = client.get(path)
    assert response.status_code == 200
    index = {
        app["app_label"]: [m["object_name"] for m in app["models"]]
        for app in response.context["app_list"]
    }
    sidebar = {app["app_label"] for app in response.context["available_apps"]}
    return index, sidebar, response.content.decode()


def test_a_registration_manager_sees_the_mail_queue_but_no_internals():
    client = organiser(group="Registration managers")

    index, sidebar, page = menu(client)

    assert index["mailer"] == ["Message"]
    assert "registration" in index and "messaging" in index
    assert INTERNAL.isdisjoint(index) and INTERNAL.isdisjoint(sidebar)
    assert 'href="/admin/jobs/' not in page and 'href="/admin/outbox/' not in page
    # What the menu no longer lists stays reachable where the manager needs it.
    assert client.get("/admin/mailer/message/").status_code == 200
    assert client.get("/admin/jobs/job/").status_code == 200
    assert client.get("/admin/jobs/").status_code == 200  # the job page's breadcrumbs


def test_a_content_editor_sees_the_conference_pages_only():
    client = organiser(group="Content editors")

    index, sidebar, _page = menu(client)

    assert set(index) == {"branding", "events"}
    assert sidebar == {"branding", "events"}


def test_a_registration_manager_of_one_conference_has_no_mail_queue():
    user = team_member("registration_manager", ConferenceFactory())
    from django.test import Client

    client = Client()
    client.force_login(user)
    index, _sidebar, _page = menu(client)
    assert "mailer" not in index
    assert "registration" in index


def test_a_right_given_outside_the_roles_does_not_show_an_internal_app():
    client = organiser(group="Content editors")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username__startswith="organiser", is_superuser=False)
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))

    index, _sidebar, _page = menu(client)

    assert "audit" not in index
    # The right itself still works where the page is asked for directly.
    assert client.get("/admin/audit/").status_code == 200


def test_a_data_officer_keeps_the_record_its_role_grants():
    client = organiser(group="Data officers")

    index, _sidebar, _page = menu(client)

    assert "audit" in index
    assert {"outbox", "mailer", "jobs", "django_tasks_db"}.isdisjoint(index)


def test_a_superuser_sees_everything():
    client = organiser(superuser=True)

    index, _sidebar, _page = menu(client)

    assert {"mailer", "audit", "jobs"} <= set(index)
    assert "Message" in index["mailer"]


def test_the_russian_menu_is_filtered_the_same():
    client = organiser(group="Registration managers")

    index, _sidebar, _page = menu(client, "/ru/admin/")

    assert index["mailer"] == ["Message"]
    assert INTERNAL.isdisjoint(index)
