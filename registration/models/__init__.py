"""Attendees of a conference, the institutions whose staff may attend in person, the invitation
codes organisers hand to selected guests, the organisers' own questions, and what an
attendee mailing can be about (the mailing itself is messaging.AttendeeMailing), one module
each.

The rules that move a registration from one status to another live in
``registration/services/``; the models hold the data and what the database can enforce.
"""

from registration.models.invitations import (
    InvitationCode,
    InvitationCodeQuerySet,
    MemberDomain,
    MemberInstitution,
    domain_validator,
)
from registration.models.links import (
    SecretLink,
    _new_token_salt,
)
from registration.models.mailing import (
    MailingAbout,
)
from registration.models.questions import (
    Answer,
    AnswerChoice,
    Question,
    QuestionOption,
)
from registration.models.registration import (
    TOKEN_RE,
    Registration,
    RegistrationQuerySet,
)

__all__ = [
    "TOKEN_RE",
    "Answer",
    "AnswerChoice",
    "InvitationCode",
    "InvitationCodeQuerySet",
    "MailingAbout",
    "MemberDomain",
    "MemberInstitution",
    "Question",
    "QuestionOption",
    "Registration",
    "RegistrationQuerySet",
    "SecretLink",
    "_new_token_salt",
    "domain_validator",
]
