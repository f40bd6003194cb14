import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from audit import services
from audit.models import AppendOnlyError, AuditEntry, DestructionRecord
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


def request_by(user, **meta):
    request = RequestFactory().get("/admin/", **meta)
    request.user = user
    return request


def test_record_takes_account_role_and_address_from_the_request():
    user = User.objects.create_user("manager", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Registration managers")[0])
    user.groups.add(Group.objects.get_or_create(name="Check-in staff")[0])
    registration = RegistrationFactory()

    entry = services.record(
        action=Action.EXPORT,
        request=request_by(user, REMOTE_ADDR="192.0.2.10"),
        registration=registration,
        detail="csv",
        count=1,
    )

    entry.refresh_from_db()
    assert (
        entry.user,
        entry.username,
        entry.role,
        entry.client_address,
        entry.action,
        entry.conference,
        entry.conference_label,
        entry.subject_type,
        entry.subject_id,
        entry.detail,
        entry.count,
    ) == (
        user,
        "manager",
        "Check-in staff, Registration managers",
        "192.0.2.10",
        "export",
        registration.conference,
        registration.conference.slug,
        "registration.registration",
        registration.pk,
        "csv",
        1,
    )


def test_the_address_is_the_one_the_site_trusts(settings):
    """One proxy trusted: the last hop of X-Forwarded-For, not the first the client wrote."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = User.objects.create_user("manager", is_staff=True)
    entry = services.record(
        action=Action.ADMIN_VIEW,
        request=request_by(
            user, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
        ),
    )
    assert entry.client_address == "198.51.100.7"


def test_a_forged_address_is_not_stored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = User.objects.create_user("manager", is_staff=True)
    entry = services.record(
        action=Action.ADMIN_VIEW,
        request=request_by(user, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>"),
    )
    assert entry.client_address == "10.0.0.1"


def test_superuser_role_and_explicit_user_win_over_the_request():
    admin = User.objects.create_superuser("root", password="x")
    other = User.objects.create_user("other")
    entry = services.record(action=Action.ADMIN_VIEW, request=request_by(other), user=admin)
    assert (entry.username, entry.role) == ("root", "superuser")


def test_anonymous_request_records_no_account():
    from django.contrib.auth.models import AnonymousUser

    registration = RegistrationFactory()
    entry = services.record(
        action=Action.DATA_DOWNLOAD,
        request=request_by(AnonymousUser(), REMOTE_ADDR="2001:db8::1"),
        registration=registration,
    )
    assert (entry.user, entry.username, entry.role, entry.client_address) == (
        None,
        "",
        "",
        "2001:db8::1",
    )


def test_a_model_subject_gives_its_label_id_and_conference():
    conference = ConferenceFactory()
    entry = services.record(action=Action.ADMIN_CHANGE, subject=conference)
    assert (entry.subject_type, entry.subject_id, entry.conference) == (
        "events.conference",
        conference.pk,
        conference,
    )
    registration = RegistrationFactory()
    entry = services.record(action=Action.ADMIN_CHANGE, subject=registration)
    assert (entry.subject_type, entry.subject_id, entry.conference) == (
        "registration.registration",
        registration.pk,
        registration.conference,
    )


def test_a_text_subject_and_a_long_detail():
    entry = services.record(action=Action.OTHER, subject="visas.visarequest", detail="x" * 400)
    assert (entry.subject_type, entry.subject_id, len(entry.detail)) == (
        "visas.visarequest",
        None,
        300,
    )


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        services.record(action="looked around")
    assert AuditEntry.objects.count() == 0


def test_record_destruction_keeps_counts_and_no_data():
    conference = ConferenceFactory(slug="bridge")
    record = services.record_destruction(
        rule="visa data 30 days after the conference",
        categories={"passport data": 12, "invitation files": 3, "photos": 0},
        conference=conference,
    )
    record.refresh_from_db()
    assert (record.rule, record.categories, record.conference, record.conference_label) == (
        "visa data 30 days after the conference",
        {"passport data": 12, "invitation files": 3},
        conference,
        "bridge",
    )


def test_record_destruction_of_nothing_writes_no_row():
    assert services.record_destruction(rule="r", categories={"passport data": 0}) is None
    assert DestructionRecord.objects.count() == 0


@pytest.mark.parametrize("model", ["entry", "destruction"])
def test_rows_are_never_changed_or_deleted_through_the_orm(model):
    if model == "entry":
        row = services.record(action=Action.EXPORT, detail="before")
        row.detail = "after"
    else:
        row = services.record_destruction(rule="before", categories={"a": 1})
        row.rule = "after"
    queryset = type(row).objects.all()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        queryset.update(at=row.at - dt.timedelta(days=1))
    with pytest.raises(AppendOnlyError):
        queryset.delete()
    assert queryset.count() == 1
    assert queryset.get().at == row.at


def test_deleting_the_account_or_conference_keeps_the_entry():
    user = User.objects.create_user("leaver")
    conference = ConferenceFactory(slug="gone")
    entry = services.record(action=Action.EXPORT, user=user, conference=conference)
    destruction = services.record_destruction(rule="r", categories={"a": 1}, conference=conference)
    user.delete()
    conference.delete()
    entry.refresh_from_db()
    destruction.refresh_from_db()
    assert (entry.user, entry.username, entry.conference, entry.conference_label) == (
        None,
        "leaver",
        None,
        "gone",
    )
    assert (destruction.conference, destruction.conference_label) == (None, "gone")


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["audit_auditentry", "audit_destructionrecord"])
def test_postgresql_refuses_raw_update_and_delete(table):
    user = User.objects.create_user("someone")
    if table == "audit_auditentry":
        row = services.record(action=Action.EXPORT, user=user, detail="kept")
        column = "detail"
    else:
        row = services.record_destruction(rule="kept", categories={"a": 1})
        column = "rule"
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"):
        _raw(f"UPDATE {table} SET {column} = %s WHERE id = %s", ["changed", row.pk])  # noqa: S608
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"):
        _raw(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
    if table == "audit_auditentry":
        # Pointing the entry at another account is a change too; only NULL is allowed.
        other = User.objects.create_user("other")
        with pytest.raises(DatabaseError, match="append-only: UPDATE refused"):
            _raw(f"UPDATE {table} SET user_id = %s WHERE id = %s", [other.pk, row.pk])  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only: UPDATE refused"):
            _raw(
                f"UPDATE {table} SET user_id = NULL, detail = 'x' WHERE id = %s",  # noqa: S608
                [row.pk],
            )
    assert type(row).objects.filter(pk=row.pk).values_list(column, flat=True).get() == "kept"
