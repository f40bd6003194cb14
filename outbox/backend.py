"""EMAIL_BACKEND: django-mailer's database queue, each message sealed (outbox/sealing.py)."""

from mailer.backend import DbBackend

from outbox.sealing import seal


class SealedDbBackend(DbBackend):
    def send_messages(self, email_messages):
        return super().send_messages([seal(message) for message in email_messages])
