"""The per-address cap counts within a sliding hour, per kind of mail, in the database."""

import datetime as dt

import pytest
from django.core.management import call_command

from outbox import services
from outbox.models import SendAllowance

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2099, 5, 1, 9, 0, tzinfo=dt.UTC)


def take(minutes, address="anna@tpu.ru", kind="link_again"):
    return services.take_allowance(
        kind=kind, address=address, limit=3, now=T0 + dt.timedelta(minutes=minutes)
    )


def test_three_an_hour_then_one_more_as_each_hour_passes():
    assert [take(m) for m in (0, 10, 20, 30, 59)] == [True, True, True, False, False]
    # 60 minutes after the first, its place is free again; not before the second's hour.
    assert [take(m) for m in (60.5, 61, 70.5)] == [True, False, True]


def test_addresses_and_kinds_are_counted_apart_and_case_blind():
    for minute in range(3):
        assert take(minute)
    assert take(5, address="ANNA@tpu.ru") is False
    assert take(5, address="li@example.cn") is True
    assert take(5, kind="another_kind") is True


def test_the_address_is_not_stored_in_clear():
    take(0)
    [row] = SendAllowance.objects.all()
    assert "anna" not in row.key
    assert row.key == services.allowance_key(kind="link_again", address=" Anna@TPU.ru ")


def test_old_counts_are_purged():
    take(0)
    take(0, address="li@example.cn")
    assert services.purge_allowances() == 0
    assert services.purge_allowances(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2)) == 2
    assert SendAllowance.objects.count() == 0


def test_the_mail_worker_purges_counts_a_day_old(db):
    take(0)
    take(0, address="li@example.cn")
    SendAllowance.objects.filter(key__contains="link_again").update(
        updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1, minutes=1)
    )
    take(0, address="new@example.org")

    call_command("run_mail_worker", "--once")

    assert SendAllowance.objects.get().key == services.allowance_key(
        kind="link_again", address="new@example.org"
    )
