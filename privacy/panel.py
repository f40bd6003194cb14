"""The "Your data" part of the attendee's manage page (registration/extensions.py): the
consents with their buttons, the download of everything held, and the way to erasure."""

from privacy import services


def part_context(registration):
    return {
        "registration": registration,
        "consents": services.consent_rows(registration),
        "token": registration.manage_token,
    }
