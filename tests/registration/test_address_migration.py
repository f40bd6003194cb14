"""Migrations registration/0008 and delegations/0003 put every stored address in its one
form, so the constraints compare stored strings; two active registrations that were one
mailbox both stay (nobody is cancelled by a migration), the older one keeps the address."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

EVENTS = ("events", "0005_remove_session_join_url")
BEFORE = [
    ("registration", "0007_registration_export"),
    ("delegations", "0002_registration_managers_see_delegations"),
    EVENTS,
]
AFTER = [
    ("registration", "0008_email_in_one_form"),
    ("delegations", "0003_member_email_in_one_form"),
    EVENTS,
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_addresses_take_their_one_form(capsys):
    apps = migrate(BEFORE)
    Conference = apps.get_model("events", "Conference")
    Registration = apps.get_model("registration", "Registration")
    Delegation = apps.get_model("delegations", "Delegation")
    Member = apps.get_model("delegations", "Member")
    conference = Conference.objects.create(
        title="Bridge", slug="bridge", starts_at="2099-05-16T12:00Z", ends_at="2099-05-20T15:00Z"
    )

    def register(email, status="confirmed", pending=""):
        return Registration.objects.create(
            conference=conference,
            given_name="Anna",
            family_name="Ivanova",
            email=email,
            pending_email=pending,
            status=status,
            institution="TPU",
            country="RU",
            privacy_consent_at="2099-01-01T00:00:00Z",
        ).pk

    plain = register("Lab.Head@CS.TPU.RU", pending="New@BÜCHER.example")
    first = register("anna@t\u00adpu.ru")  # the older of two registrations of one mailbox
    second = register("Anna@tp\u200bu.ru")
    third = register("\uff41\uff4e\uff4e\uff41@tpu.ru", status="pending_email")
    cancelled = register("ANNA@tpu.ru", status="cancelled")
    delegation = Delegation.objects.create(
        conference=conference,
        contact_name="Li",
        contact_email="Li@Example.CN",
        contact_institution="HIT",
        contact_role="Office",
        country="CN",
    )
    for email in ["Wei@Example.CN", "wei@exa\u200bmple.cn", "zhang@example.cn"]:
        Member.objects.create(
            delegation=delegation,
            given_name="Wei",
            family_name="Li",
            email=email,
            institution="HIT",
            attendance_mode="online",
            language="en",
        )

    apps = migrate(AFTER)
    Registration = apps.get_model("registration", "Registration")
    stored = dict(Registration.objects.values_list("pk", "email"))
    assert stored == {
        plain: "lab.head@cs.tpu.ru",
        first: "anna@tpu.ru",
        second: "anna@tp\u200bu.ru",
        third: "\uff41\uff4e\uff4e\uff41@tpu.ru",
        cancelled: "anna@tpu.ru",
    }
    assert Registration.objects.get(pk=plain).pending_email == "new@xn--bcher-kva.example"
    assert apps.get_model("delegations", "Delegation").objects.get().contact_email == (
        "li@example.cn"
    )
    members = apps.get_model("delegations", "Member").objects.order_by("pk")
    assert list(members.values_list("email", flat=True)) == [
        "wei@example.cn",
        "wei@exa\u200bmple.cn",
        "zhang@example.cn",
    ]
    output = capsys.readouterr().out
    assert f"decide on them in the admin: {[second, third]}" in output
    assert f"older row of their delegation: {[members[1].pk]}" in output

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
