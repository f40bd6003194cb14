import socket

import pytest
from aiosmtpd.controller import Controller

from tests.registration.conftest import conference  # noqa: F401 - the hybrid conference


class Peer:
    """A real SMTP server's handler: accepts mail, except for the addresses told to refuse
    (550, permanent) or to come back later (451, temporary), at RCPT, or at DATA (the
    message refused once sent: `reject_data` and `delay_data`), and the senders told to
    refuse at MAIL FROM (`refuse_sender`)."""

    def __init__(self):
        self.received = []
        self.refuse = set()
        self.busy = set()
        self.reject_data = set()
        self.delay_data = set()
        self.refuse_sender = set()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address in self.refuse_sender:
            return "553 5.7.1 Sender address rejected"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.busy:
            return "451 4.3.2 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data.intersection(envelope.rcpt_tos):
            return "550 5.7.1 Message content rejected"
        if self.delay_data.intersection(envelope.rcpt_tos):
            return "451 4.7.1 Greylisted, try again later"
        self.received.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"

    @property
    def recipients(self):
        return [address for rcpt_tos, _content in self.received for address in rcpt_tos]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_peer(settings):
    """An SMTP server in a thread, and the mail queue set to send through it as production
    does (django-mailer's database queue, Django's SMTP backend)."""
    peer = Peer()
    port = free_port()
    controller = Controller(peer, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.MAILER_USE_FILE_LOCK = False
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield peer
    controller.stop()
