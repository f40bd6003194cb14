"""Every address in its one form (outbox.addresses.normalise_address), so the constraint
on one active registration per address compares the stored strings, and a soft hyphen, a
zero-width space, capitals, fullwidth letters or an IDN domain no longer make a second
mailbox. A database that already holds two active registrations of one mailbox keeps both
(no registration is cancelled here): the older keeps the address, the ids of the others are
printed so organisers can decide."""

import stringprep
import unicodedata
from collections import defaultdict

import django.db.models.functions.text
from django.db import migrations, models

ACTIVE = ["pending_email", "confirmed", "waiting_list", "awaiting_approval"]

# --- copied from outbox.addresses.normalise_address(strict=False) as of this migration:
# NFKC, surrounding whitespace dropped, invisible characters dropped, the domain
# lower-cased and IDNA-encoded with Python's codec, the local part lower-cased.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _is_invisible(character):
    return unicodedata.category(character) in INVISIBLE_CATEGORIES or stringprep.in_table_b1(
        character
    )


def one_form(value):
    value = unicodedata.normalize("NFKC", str(value)).strip()
    value = "".join(character for character in value if not _is_invisible(character))
    local, at, domain = value.rpartition("@")
    if not at:
        return value.lower()
    domain = domain.lower()
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return f"{local.lower()}@{domain}"


def new_addresses(rows):
    """{pk: address} for rows of (pk, group, address), oldest first. Two rows of one group
    (conference for active registrations, delegation for members) whose addresses are one
    mailbox cannot both take its one form: the row already holding it (case aside), else the
    oldest, does; the others keep their address in lower case (distinct, as the old
    constraint on Lower kept them) and are listed for the organisers."""
    groups = defaultdict(list)
    for pk, group, address in rows:
        groups[(group, one_form(address))].append((pk, address))
    result, clashes = {}, []
    for (_group, form), members in groups.items():
        if len(members) == 1:
            result[members[0][0]] = form
            continue
        holder = next((pk for pk, address in members if address.lower() == form), members[0][0])
        for pk, address in members:
            result[pk] = form if pk == holder else address.lower()
            if pk != holder:
                clashes.append(pk)
    return result, clashes


def normalise_addresses(apps, schema_editor):
    Registration = apps.get_model("registration", "Registration")
    rows = list(
        Registration.objects.order_by("created_at", "pk").values_list(
            "pk", "conference_id", "status", "email", "pending_email"
        )
    )
    active = [
        (pk, conference, email) for pk, conference, status, email, _p in rows if status in ACTIVE
    ]
    emails, clashes = new_addresses(active)
    for pk, _conference, _status, email, pending in rows:
        new_email = emails.get(pk) or one_form(email)
        new_pending = one_form(pending) if pending else ""
        if (new_email, new_pending) != (email, pending):
            Registration.objects.filter(pk=pk).update(email=new_email, pending_email=new_pending)
    if clashes:
        print(
            "\nThese active registrations share a mailbox with an older one of their "
            f"conference; decide on them in the admin: {sorted(clashes)}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_remove_session_join_url"),
        ("registration", "0007_registration_export"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="one_active_registration_per_email",
        ),
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["pending_email", "confirmed", "waiting_list", "awaiting_approval"],
                    )
                ),
                fields=("email", "conference"),
                name="one_active_registration_per_email",
                violation_error_message=(
                    "This email address already has an active registration for this conference."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("email", django.db.models.functions.text.Lower("email"))),
                name="registration_email_in_lower_case",
            ),
        ),
    ]
