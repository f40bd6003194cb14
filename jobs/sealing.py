"""A job's result at rest: exports hold personal data (a visa export, passport numbers),
so the file in private storage is one Fernet token, opened only to answer a download.

Keys: MAIL_ENCRYPTION_KEYS (by default derived from the visa key ring), each entry giving a
Fernet key of its own for job results (HKDF-SHA256, salt "jobs.results"), never the key of
the mail queue or of passport data. The first entry seals, every entry opens; results are
kept a day or a few (each kind's retention), so a rotated key may be dropped after that.
"""

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile

from outbox.sealing import keyring_for


class UnreadableResult(Exception):
    """The stored result cannot be opened with any of MAIL_ENCRYPTION_KEYS."""


def keyring():
    return keyring_for(salt=b"jobs.results", info=b"job result")


def store_result(job, *, content, filename):
    """Saves ``content`` (bytes) sealed as the job's result file (the job is not saved)."""
    job.result_file.save(filename or "result", ContentFile(keyring().encrypt(content)), save=False)


def read_result(job):
    """The job's result as it was made (bytes)."""
    with job.result_file.open("rb") as stored:
        token = stored.read()
    try:
        return keyring().decrypt(token)
    except InvalidToken as error:
        raise UnreadableResult(job.pk) from error
