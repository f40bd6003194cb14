"""Every organiser role and its rights, in one table.

A role is granted to the members of a team (teams/models.py) for the conferences the team
covers; teams/backends.py turns a user's teams into Django permissions, and
teams/services.py answers "which conferences may this user act on with that right?".
Nothing else grants rights to organisers: no auth groups, no data migrations.

Rights are "app_label.codename" as in ``user.has_perm``. ``reads_personal_data`` marks the
roles that see people's data (names, addresses, passports, health notes, attendance): those
accounts need a second factor and their reads are recorded.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    slug: str
    label: str
    permissions: frozenset
    reads_personal_data: bool
    description: str = ""


def _rights(app_label, model, actions=("view", "add", "change", "delete")):
    """The model's rights for the given actions: _rights("events", "room") is view, add,
    change and delete of events.Room."""
    return {f"{app_label}.{action}_{model}" for action in actions}


def _all(*parts):
    return frozenset().union(*parts)


CONTENT_EDITOR = Role(
    slug="content_editor",
    label=_("Content editor"),
    description=_(
        "The conference pages: conferences, programme, rooms, speakers, topics, goals, "
        "anniversaries, organisations, date history, and the enquiries visitors send."
    ),
    # Enquiries carry a visitor's name, address and message.
    reads_personal_data=True,
    permissions=_all(
        *(
            _rights("events", model)
            for model in (
                "conference",
                "conferenceorganisation",
                "organisation",
                "goal",
                "anniversary",
                "topic",
                "datechange",
                "room",
                "speaker",
                "session",
                "deletedsession",
                "enquiry",
            )
        ),
        # The conference's look: colour, logo, pictures, and organisations' footer logos.
        _rights("branding", "branding"),
        _rights("branding", "organisationlogo"),
    ),
)

REGISTRATION_MANAGER = Role(
    slug="registration_manager",
    label=_("Registration manager"),
    description=_(
        "The attendees: registrations and their decisions, exports, invitation codes, member "
        "institutions and domains, questions and answers, mailings and group messages, the "
        "mail queue, delegations, badges and certificates, and the dashboard."
    ),
    reads_personal_data=True,
    permissions=_all(
        *(
            _rights("registration", model)
            for model in (
                "registration",
                "invitationcode",
                "memberdomain",
                "memberinstitution",
                "question",
                "questionoption",
                "answer",
                "answerchoice",
            )
        ),
        {
            "registration.decide_registration",
            "registration.export_registration",
            # The attendee's page without its secret link, each opening on the record.
            "registration.open_attendee_page",
            # Anonymise instead of delete a registration with a ticket or visa request.
            "registration.anonymise_registration",
            "privacy.view_consent",
            "messaging.view_attendeemailing",
            "messaging.send_attendeemailing",
            "events.view_conference",
            # The attendees' mail: see the queue, retry what the mail worker set aside.
            "mailer.view_message",
            "mailer.change_message",
            "delegations.view_delegation",
            "delegations.delete_delegation",
            "delegations.view_member",
            "messaging.send_groupmessage",
            "messaging.view_groupmessage",
            "messaging.view_recipient",
            "documents.view_badgeattendee",
            "documents.print_badges",
            "documents.view_verificationcode",
        },
        _rights("documents", "badge"),
        _rights("documents", "certificaterule", ("view", "add", "change")),
        _rights("documents", "certificatedecision", ("view", "add", "change")),
    ),
)

CHECKIN_STAFF = Role(
    slug="checkin_staff",
    label=_("Check-in staff"),
    description=_("The check-in desk and printing name badges at the door."),
    reads_personal_data=True,
    permissions=frozenset(
        {
            "attending.check_in",
            "documents.view_badgeattendee",
            "documents.print_badges",
        }
    ),
)

ONLINE_TEAM = Role(
    slug="online_team",
    label=_("Online team"),
    description=_(
        "Online sessions: join options, recordings and slides, the attendance record of "
        "online sessions, and revoking join links."
    ),
    # The attendance record names who joined which session.
    reads_personal_data=True,
    permissions=_all(
        _rights("attending", "onlinesession", ("view", "change")),
        _rights("attending", "joinoption"),
        _rights("attending", "sessionmaterial"),
        {
            "attending.view_sessionjoin",
            "attending.view_joinpass",
            "attending.revoke_joinpass",
        },
    ),
)

VISA_OFFICER = Role(
    slug="visa_officer",
    label=_("Visa officer"),
    description=_(
        "Visa requests with their passport data, their exports and status changes, the visa "
        "audit log and the visa settings."
    ),
    reads_personal_data=True,
    permissions=_all(
        {
            "visas.view_visarequest",
            "visas.view_passport_data",
            "visas.export_visarequest",
            "visas.change_visa_status",
            "visas.view_visaauditentry",
        },
        _rights("visas", "visasettings", ("view", "add", "change")),
    ),
)

DATA_OFFICER = Role(
    slug="data_officer",
    label=_("Data officer"),
    description=_(
        "The record of every action and read, the destruction records, and the teams: who "
        "serves which conference in which role."
    ),
    # The record names whose data was read.
    reads_personal_data=True,
    permissions=_all(
        {"audit.view_auditentry", "audit.view_destructionrecord"},
        _rights("teams", "team"),
        # To pick a team's members and conferences (the fields' autocomplete).
        {"auth.view_user", "events.view_conference"},
    ),
)

PROGRAMME_COMMITTEE = Role(
    slug="programme_committee",
    label=_("Programme committee"),
    description=_(
        "The call for contributions: its dates, limits, tracks and formats, and the "
        "contributions sent to it with their authors and files."
    ),
    # Contributions name their authors, with institutions and addresses.
    reads_personal_data=True,
    permissions=_all(
        _rights("contributions", "call", ("view", "add", "change")),
        _rights("contributions", "track"),
        _rights("contributions", "format"),
        _rights("contributions", "contribution", ("view", "change")),
        _rights("contributions", "author", ("view",)),
        _rights("contributions", "attachment", ("view",)),
        {"events.view_conference"},
    ),
)

ROLES = {
    role.slug: role
    for role in (
        CONTENT_EDITOR,
        REGISTRATION_MANAGER,
        CHECKIN_STAFF,
        ONLINE_TEAM,
        VISA_OFFICER,
        DATA_OFFICER,
        PROGRAMME_COMMITTEE,
    )
}

ROLE_CHOICES = [(role.slug, role.label) for role in ROLES.values()]


def roles_with(permission):
    """The slugs of the roles that grant ``permission`` ("app_label.codename")."""
    return {slug for slug, role in ROLES.items() if permission in role.permissions}
