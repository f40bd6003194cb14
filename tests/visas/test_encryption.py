"""Passport data at rest: ciphertext in the column, in the database file, after a key
rotation; production refuses to start without a key."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import database_dump
from tests.factories import VisaRequestFactory
from visas.fields import UnreadableVisaData
from visas.models import VisaRequest

pytestmark = pytest.mark.django_db

PASSPORT = "E98765432"
BORN = dt.date(1979, 11, 23)
ROOT = Path(__file__).resolve().parents[2]


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, birth_date, surname FROM visas_visarequest WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def fresh_fields():
    """The encrypted fields cache their keys; a test that changes the keys starts them anew."""
    for field in VisaRequest._meta.concrete_fields:
        for cached in ("keys", "f"):
            field.__dict__.pop(cached, None)


@pytest.fixture
def keys(settings):
    def use(values):
        settings.SALT_KEY = settings.VISA_ENCRYPTION_KEYS = values
        fresh_fields()

    yield use
    fresh_fields()


def test_the_columns_hold_ciphertext_only():
    visa_request = VisaRequestFactory(passport_number=PASSPORT, birth_date=BORN, surname="KOWALSKA")
    passport, born, surname = raw_row(visa_request.pk)
    for stored in (passport, born, surname):
        assert stored.startswith("gAAAAA")  # a Fernet token
    assert PASSPORT not in passport
    assert "1979" not in born
    assert "KOWALSKA" not in surname
    again = VisaRequest.objects.get(pk=visa_request.pk)
    assert (again.passport_number, again.birth_date, again.surname) == (PASSPORT, BORN, "KOWALSKA")


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_never_holds_the_passport_data(tmp_path):
    VisaRequestFactory(passport_number=PASSPORT, birth_date=BORN, surname="KOWALSKA")
    data = database_dump(tmp_path)
    assert b"visas_visarequest" in data
    assert b"gAAAAA" in data  # the Fernet tokens are there
    assert b"Tsinghua" not in data  # the employer is encrypted too
    assert PASSPORT.encode() not in data
    assert b"KOWALSKA" not in data
    assert b"1979-11-23" not in data


def test_a_rotated_key_reads_the_old_data_and_reencrypts_it(keys, settings):
    old = settings.VISA_ENCRYPTION_KEYS[0]
    visa_request = VisaRequestFactory(passport_number=PASSPORT, birth_date=BORN)
    before = raw_row(visa_request.pk)[0]
    keys(["new-visa-key", old])  # the new key first: it encrypts, both decrypt
    assert VisaRequest.objects.get(pk=visa_request.pk).passport_number == PASSPORT
    call_command("reencrypt_visa_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    after = raw_row(visa_request.pk)[0]
    assert after != before
    keys(["new-visa-key"])  # the old key dropped
    again = VisaRequest.objects.get(pk=visa_request.pk)
    assert (again.passport_number, again.birth_date) == (PASSPORT, BORN)


def test_without_the_old_key_old_data_is_not_readable(keys, settings):
    visa_request = VisaRequestFactory(passport_number=PASSPORT)
    keys(["another-key-altogether"])
    # Said plainly (visas/fields.py), never handed back as the token it cannot open.
    with pytest.raises(UnreadableVisaData):
        VisaRequest.objects.values_list("passport_number", flat=True).get(pk=visa_request.pk)


def production_settings(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VISA_ENCRYPTION_KEYS", "DEBUG", "DATABASE_URL"}
    }
    env.update({"DEBUG": "False", "SECRET_KEY": "x" * 50, **extra})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "conference_site.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_key():
    result = production_settings()
    assert result.returncode == 1
    assert "VISA_ENCRYPTION_KEYS must be set when DEBUG is off." in result.stderr
    assert production_settings(VISA_ENCRYPTION_KEYS="k1,k0").returncode == 0
