"""Business rules of registration, each a plain function and one transaction, by the work they do:

- ``window``: when registration is open, modes, capacity, places left, the errors;
- ``seats``: the conference lock, seats and the waiting list, what organisers decide;
- ``signup``: what the person does, from registering to cancelling;
- ``addresses``: the calendar feed's link and the change of address;
- ``erasure``: erasure, anonymisation, deletion and retention.

Capacity follows pretalx's pattern: inside ``transaction.atomic()`` the conference row (the
owner of the capacities) is locked with ``select_for_update()``, places are counted, then
the decision is written. Every function that can take or free a place locks the conference
first and the registration second, always in that order, so two of them cannot deadlock.
On SQLite ``select_for_update`` does nothing, but the settings open every transaction with
``BEGIN IMMEDIATE``, which serialises writers just the same.

Emails go out after the commit (``registration.emails.send_after_commit``).
"""

from registration.services.addresses import (
    EMAIL_CHANGE_MAX_AGE,
    EMAIL_CHANGE_SALT,
    confirm_email_change,
    email_change_url,
    registration_for_email_change,
    request_email_change,
    reset_calendar_feed,
)
from registration.services.erasure import (
    RULE_AFTER_CONFERENCE,
    RULE_ANONYMISED,
    RULE_CANCELLED,
    RULE_DELETED,
    RULE_ERASURE,
    RULE_UNCONFIRMED,
    RULE_WITHDRAWAL,
    anonymise,
    delete_registration,
    delete_unconfirmed,
    erase_after_conferences,
    erase_personal_data,
    erase_url,
)
from registration.services.seats import (
    approve,
    decline,
    move_online,
    on_conference_changed,
    promote,
    promote_waiting_list,
    seat_request_outcome,
)
from registration.services.signup import (
    NOT_VALIDATED,
    archive_questions,
    can_withdraw_seat_request,
    cancel,
    change_language,
    confirm_email,
    register,
    resend_link,
    switch_choices,
    switch_mode,
    update_answers,
    update_details,
)
from registration.services.window import (
    CANCELLED,
    CLOSED,
    DETAIL_FIELDS,
    ENDED,
    NOT_YET_OPEN,
    OPEN,
    NoPlaceLeft,
    NotAllowed,
    RegisterOutcome,
    RegistrationClosed,
    RegistrationError,
    available_modes,
    capacity_of,
    offered_language,
    places_left,
    registration_window,
)

__all__ = [
    "CANCELLED",
    "CLOSED",
    "DETAIL_FIELDS",
    "EMAIL_CHANGE_MAX_AGE",
    "EMAIL_CHANGE_SALT",
    "ENDED",
    "NOT_VALIDATED",
    "NOT_YET_OPEN",
    "OPEN",
    "RULE_AFTER_CONFERENCE",
    "RULE_ANONYMISED",
    "RULE_CANCELLED",
    "RULE_DELETED",
    "RULE_ERASURE",
    "RULE_UNCONFIRMED",
    "RULE_WITHDRAWAL",
    "NoPlaceLeft",
    "NotAllowed",
    "RegisterOutcome",
    "RegistrationClosed",
    "RegistrationError",
    "anonymise",
    "approve",
    "archive_questions",
    "available_modes",
    "can_withdraw_seat_request",
    "cancel",
    "capacity_of",
    "change_language",
    "confirm_email",
    "confirm_email_change",
    "decline",
    "delete_registration",
    "delete_unconfirmed",
    "email_change_url",
    "erase_after_conferences",
    "erase_personal_data",
    "erase_url",
    "move_online",
    "offered_language",
    "on_conference_changed",
    "places_left",
    "promote",
    "promote_waiting_list",
    "register",
    "registration_for_email_change",
    "registration_window",
    "request_email_change",
    "resend_link",
    "reset_calendar_feed",
    "seat_request_outcome",
    "switch_choices",
    "switch_mode",
    "update_answers",
    "update_details",
]
