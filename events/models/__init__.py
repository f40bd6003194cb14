"""The conference, who organises it, what it is about, when it happens and its programme,
one module each.
"""

from events.models.about import (
    Anniversary,
    DateChange,
    Goal,
    Topic,
)
from events.models.conference import (
    Conference,
    ConferenceQuerySet,
    validate_time_zone,
)
from events.models.enquiries import (
    Enquiry,
)
from events.models.organisations import (
    ConferenceOrganisation,
    Organisation,
)
from events.models.programme import (
    DeletedSession,
    DeletedSessionQuerySet,
    Room,
    Session,
    Speaker,
)

__all__ = [
    "Anniversary",
    "Conference",
    "ConferenceOrganisation",
    "ConferenceQuerySet",
    "DateChange",
    "DeletedSession",
    "DeletedSessionQuerySet",
    "Enquiry",
    "Goal",
    "Organisation",
    "Room",
    "Session",
    "Speaker",
    "Topic",
    "validate_time_zone",
]
