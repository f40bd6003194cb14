"""With the production mail backend, a failing mail server never loses a registration mail:
it waits in the database queue and goes out when the server is back."""

import pytest
from django.core import mail
from django.core.management import call_command
from mailer.models import Message

from registration.models import Registration
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db


class RefusingBackend:
    """A mail server that is down: every connection is refused."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    settings.MAILER_USE_FILE_LOCK = False
    settings.MAILER_EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    return settings


def test_registration_survives_a_failing_mail_server(browser, conference, queued_mail):
    response = browser.post("/events/bridge-continents/register/", form_data())
    assert response.status_code == 302
    assert Registration.objects.get().status == "pending_email"
    assert mail.outbox == []
    [queued] = Message.objects.all()
    assert queued.to_addresses == ["anna.ivanova@tpu.ru"]
    assert "Please confirm your email address" in queued.subject

    # The server is down: the worker defers the message instead of losing it.
    call_command("run_mail_worker", "--once")
    queued.refresh_from_db()
    assert Message.objects.deferred().count() == 1
    assert Registration.objects.get().status == "pending_email"

    # The server is back: the next round retries and sends it.
    queued_mail.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("run_mail_worker", "--once")
    assert Message.objects.count() == 0
    [sent] = mail.outbox
    assert sent.to == ["anna.ivanova@tpu.ru"]
    assert "/registration/manage/" in sent.body
    assert sent.alternatives[0][1] == "text/html"
