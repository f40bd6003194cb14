"""Every delegation member's and contact's address in its one form
(outbox.addresses.normalise_address), so the constraint on one row per address and
delegation compares the stored strings. Two rows of one delegation that are one mailbox
both stay: the older takes the address, the ids of the others are printed."""

import stringprep
import unicodedata
from collections import defaultdict

import django.db.models.functions.text
from django.db import migrations, models

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
    Delegation = apps.get_model("delegations", "Delegation")
    Member = apps.get_model("delegations", "Member")
    for pk, contact_email in Delegation.objects.values_list("pk", "contact_email"):
        if one_form(contact_email) != contact_email:
            Delegation.objects.filter(pk=pk).update(contact_email=one_form(contact_email))
    rows = list(
        Member.objects.order_by("created_at", "pk").values_list("pk", "delegation_id", "email")
    )
    emails, clashes = new_addresses(rows)
    for pk, _delegation, email in rows:
        if emails[pk] != email:
            Member.objects.filter(pk=pk).update(email=emails[pk])
    if clashes:
        print(
            "\nThese delegation members share a mailbox with an older row of their "
            f"delegation: {sorted(clashes)}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0002_registration_managers_see_delegations"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="member",
            name="one_row_per_email_per_delegation",
        ),
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.UniqueConstraint(
                fields=("email", "delegation"),
                name="one_row_per_email_per_delegation",
                violation_error_message="This address is already in the delegation.",
            ),
        ),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.CheckConstraint(
                condition=models.Q(("email", django.db.models.functions.text.Lower("email"))),
                name="member_email_in_lower_case",
            ),
        ),
    ]
