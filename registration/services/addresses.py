"""The calendar feed's link and the change of address, confirmed from the new address."""

import datetime as dt
import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from outbox.addresses import normalise_address
from registration.emails import absolute, send_after_commit
from registration.models import Registration
from registration.services.seats import _lock_registration
from registration.services.window import NotAllowed

logger = logging.getLogger(__name__)

Mode = Registration.AttendanceMode
Status = Registration.Status
Route = Registration.EligibilityRoute
SeatRequest = Registration.SeatRequest


def reset_calendar_feed(*, registration):
    """The person gives their calendar feed a new link (manage page): the old feed link
    stops working, the manage link stays as it is."""
    registration = _lock_registration(registration)
    registration.reset_feed_token()
    registration.save(update_fields=["feed_token_salt", "updated_at"])
    return registration


# --- changing the address -----------------------------------------------------------------
EMAIL_CHANGE_SALT = "registration.email-change"
EMAIL_CHANGE_MAX_AGE = dt.timedelta(days=7)


def email_change_url(registration):
    """The link mailed to a new address: it names the registration and that address,
    signed, and works for a week as long as the address is still the one requested."""
    signed = signing.dumps(
        [registration.public_id.hex, registration.pending_email], salt=EMAIL_CHANGE_SALT
    )
    with translation.override(registration.mail_language):
        path = reverse("registration:confirm_email_change", kwargs={"signed": signed})
    return absolute(path)


def registration_for_email_change(signed):
    """The registration whose pending address a link confirms, or None. Never raises."""
    try:
        public_id, email = signing.loads(
            signed, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE
        )
        registration = (
            Registration.objects.active().select_related("conference").get(public_id=public_id)
        )
    except (
        signing.BadSignature,
        ValueError,
        TypeError,
        ValidationError,
        Registration.DoesNotExist,
    ):
        return None
    if not email or registration.pending_email != email:
        return None
    return registration


@transaction.atomic
def request_email_change(*, registration, email, request=None):
    """Organisers change a person's address, the one door for it (the admin's change form
    calls it): the new address gets a link to confirm it; the old one is told, in the
    person's language and without any link, that the organisers changed it; the audit log
    records who did (`request`: the staff member and their client). Until the link is
    followed the old address stays in force (it receives the mails, its link keeps
    working); once it is, confirm_email_change kills the old manage link and sends a new
    one to the new address. Changing back cancels the request."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise NotAllowed(_("This registration is no longer active."))
    email = normalise_address(email)
    if email == registration.email:
        registration.pending_email = ""
        registration.save(update_fields=["pending_email", "updated_at"])
        return registration
    registration.pending_email = email
    registration.clean_fields(
        exclude=[f.name for f in Registration._meta.fields if f.name != "pending_email"]
    )
    registration.save(update_fields=["pending_email", "updated_at"])
    send_after_commit(
        registration,
        "email_change_confirm",
        to=email,
        extra={"new_email": email, "confirm_change_url": email_change_url(registration)},
    )
    send_after_commit(registration, "email_change_notice", extra={"new_email": email})
    audit.record(
        action=audit.Action.EMAIL_CHANGED,
        request=request,
        registration=registration,
        detail="email change requested by staff; the new address is asked to confirm",
    )
    return registration


@transaction.atomic
def confirm_email_change(*, registration, request=None):
    """The new address is confirmed: it replaces the old one, and the personal link is
    renewed (the old address no longer opens the registration) and mailed to it. The
    calendar feed keeps its own link. Recorded, with the client that confirmed."""
    registration = _lock_registration(registration)
    if not registration.is_active or not registration.pending_email:
        raise NotAllowed(_("There is no change of address to confirm."))
    registration.email = registration.pending_email
    registration.pending_email = ""
    registration.revoke_token()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise NotAllowed(
            _("This address already has an active registration for this conference.")
        ) from None
    send_after_commit(registration, "email_changed")
    audit.record(
        action=audit.Action.EMAIL_CHANGED,
        request=request,
        registration=registration,
        detail="new address confirmed; the old manage link is revoked, a new one sent",
    )
    return registration
