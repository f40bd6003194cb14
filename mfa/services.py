"""Who needs a second factor, and every way one is enrolled, checked and asked for again.

A second factor is a django-otp device of the user's: a passkey (django-otp-webauthn's
WebAuthnCredential), an authenticator app (TOTPDevice) or one of the ten recovery codes (the
StaticDevice named RECOVERY_DEVICE_NAME). django-otp's OTPMiddleware marks a request verified
once ``otp_login`` has put a device in the session; this module adds when that happened, so
that reading passport data or exporting personal data can ask again after
settings.STEP_UP_MINUTES (the step-up, ``is_fresh``)."""

import secrets
import time
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from audit.services import Action, record
from teams.services import add_member, reads_personal_data

RECOVERY_DEVICE_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_DEVICE_NAME = "authenticator app"
# When the session's user last proved a second factor (seconds since the epoch).
VERIFIED_AT_SESSION_KEY = "mfa_verified_at"
# Recovery codes just made, shown once by the next page that pops them.
NEW_CODES_SESSION_KEY = "mfa_new_recovery_codes"


def kind_of(device):
    """What the record calls a device: never its name (the user's own words) or a secret."""
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    if isinstance(device, StaticDevice):
        return "recovery code"
    return "authenticator app"


def needs_second_factor(user):
    """Superusers always; everyone whose team roles read personal data; and anyone holding
    rights given to the account itself, outside the role table (teams/roles.py), which no
    one has reviewed for what they reveal."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or reads_personal_data(user) or bool(user.get_user_permissions())


def has_device(user):
    """Whether the user has any confirmed second factor (passkey, app or recovery codes)."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(request):
    return request.user.is_authenticated and request.user.is_verified()


def is_fresh(request):
    """A second factor proved in this session within the last STEP_UP_MINUTES."""
    if not is_verified(request):
        return False
    at = request.session.get(VERIFIED_AT_SESSION_KEY)
    if not isinstance(at, (int, float)):
        return False
    return 0 <= time.time() - at <= settings.STEP_UP_MINUTES * 60


def mark_verified(request, device):
    """The one door into a verified session: the device joins the session (django-otp) and
    the moment is kept for the step-up."""
    # A new session key for the more powerful session, as Django gives one at sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[VERIFIED_AT_SESSION_KEY] = time.time()
    if isinstance(device, StaticDevice):
        record(
            action=Action.RECOVERY_CODE_USED,
            request=request,
            detail=kind_of(device),
            count=remaining_recovery_codes(request.user),
        )
    else:
        record(action=Action.SECOND_FACTOR_PASSED, request=request, detail=kind_of(device))


def clean_code(value):
    """What was typed, as the devices compare it: compatibility forms folded (full-width
    digits), invisible format characters and spaces dropped, lower case."""
    value = unicodedata.normalize("NFKC", str(value))
    kept = (ch for ch in value if unicodedata.category(ch) not in {"Cf", "Cc", "Zs", "Zl", "Zp"})
    return "".join(kept).replace("-", "").lower()


def verify_code(request, *, code):
    """Checks a code from the authenticator app or a recovery code against the signed-in
    user's devices; on success marks the session verified and returns the device, otherwise
    None. A TOTP code is accepted once (django-otp keeps the last time step used), a recovery
    code is deleted when used, and wrong codes slow the device down (django-otp's
    throttling). Each device is locked while it is checked, so the same code sent twice at
    once passes once."""
    code = clean_code(code)
    if not code or len(code) > 16:
        record(action=Action.SECOND_FACTOR_FAILED, request=request)
        return None
    user = request.user
    with transaction.atomic():
        if code.isdigit():
            candidates = TOTPDevice.objects.filter(user=user, confirmed=True)
        else:
            candidates = StaticDevice.objects.filter(user=user, confirmed=True)
        for device in candidates.select_for_update().order_by("pk"):
            if device.verify_token(code):
                mark_verified(request, device)
                return device
    record(action=Action.SECOND_FACTOR_FAILED, request=request)
    return None


# --- enrolment ---------------------------------------------------------------------------
def pending_authenticator(user):
    """The authenticator-app device being set up (unconfirmed), made on first ask."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=False
        )
    return device


def confirm_authenticator(request, *, device, code):
    """Confirms the app being set up with a code it shows; returns whether it matched."""
    code = clean_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
        if device.confirmed or not code.isdigit() or not device.verify_token(code):
            failed = True
        else:
            failed = False
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if failed:
        record(
            action=Action.SECOND_FACTOR_FAILED, request=request, detail="authenticator app setup"
        )
        return False
    record(action=Action.SECOND_FACTOR_ADDED, request=request, detail=kind_of(device))
    mark_verified(request, device)
    return True


def new_recovery_codes(user):
    """Replaces the user's recovery codes with RECOVERY_CODE_COUNT new ones and returns them
    (the only time they are shown)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = []
        while len(codes) < RECOVERY_CODE_COUNT:
            code = StaticToken.random_token()
            # All digits would be taken for an app's code (verify_code): draw again.
            if code not in codes and not code.isdigit():
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME, device__confirmed=True
    ).count()


def has_recovery_codes(user):
    return StaticDevice.objects.filter(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    ).exists()


def enrolled(request, device):
    """After a first device is set up: the session is verified, and recovery codes are made
    if the user has none yet, kept in the session for the page that shows them once."""
    if not is_fresh(request):
        # A passkey just registered; an app was proved by confirm_authenticator already.
        mark_verified(request, device)
    if not has_recovery_codes(request.user):
        request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(request.user)
        record(
            action=Action.RECOVERY_CODES_MADE,
            request=request,
            detail="recovery codes",
            count=RECOVERY_CODE_COUNT,
        )


def create_authenticator(user):
    """A confirmed authenticator-app device for scripts and new accounts (the
    create_staff_account command): the caller prints its secret once."""
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=True)


def has_passkey(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def create_staff_account(*, username, email, role, conference=None):
    """A staff account in the team of ``role`` for ``conference`` (None: all conferences),
    with a random password, an authenticator app and recovery codes, in one transaction.
    Returns (user, password, device, recovery codes): the caller shows them once."""
    User = get_user_model()
    password = secrets.token_urlsafe(18)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValueError(f"An account named {username!r} exists already.")
        user = User.objects.create_user(username, email=email, password=password, is_staff=True)
        add_member(user=user, role=role, conference=conference)
        device = create_authenticator(user)
        codes = new_recovery_codes(user)
        record(
            action=Action.STAFF_ACCOUNT_CREATED,
            conference=conference,
            subject=user,
            detail=f"role {role}, with an authenticator app and recovery codes",
        )
    return user, password, device, codes


# --- an account's own devices ------------------------------------------------------------
DEVICE_KINDS = {"passkey": WebAuthnCredential, "app": TOTPDevice, "codes": StaticDevice}


def devices_of(user):
    """The user's confirmed devices as (kind, device), passkeys first; the test devices
    (tests/factories.py) and recovery codes are all StaticDevices of kind "codes"."""
    return [
        (kind, device)
        for kind, model in DEVICE_KINDS.items()
        for device in model.objects.filter(user=user, confirmed=True).order_by("pk")
    ]


class LastDeviceError(Exception):
    pass


def remove_device(request, *, kind, pk):
    """Removes one of the signed-in user's own devices; never the last one of an account
    that needs a second factor (LastDeviceError). Another user's device is not found
    (DoesNotExist). Locks the user's row so that two removals at once cannot leave none."""
    user = request.user
    model = DEVICE_KINDS[kind]
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        device = model.objects.get(pk=pk, user=user, confirmed=True)
        if needs_second_factor(user) and len(devices_of(user)) <= 1:
            raise LastDeviceError
        device.delete()
    record(action=Action.SECOND_FACTOR_REMOVED, request=request, detail=kind_of(device))


def replace_recovery_codes(request):
    """A new set of recovery codes for the signed-in user, kept in the session for the page
    that shows them once; the old ones stop working."""
    request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(request.user)
    record(
        action=Action.RECOVERY_CODES_MADE,
        request=request,
        detail="recovery codes",
        count=RECOVERY_CODE_COUNT,
    )
