"""manage.py create_staff_account <username> --email ... --role <slug>
(--conference <slug> | --all-conferences)

A staff account for a person or a script, ready to sign in: its role in that conference's
team, a random password, an authenticator app (TOTP) and ten recovery codes. The password,
the otpauth:// URI, the secret and the codes are printed once and kept nowhere else readable."""

from base64 import b32encode

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from events.models import Conference
from mfa import services
from teams.roles import ROLES


class Command(BaseCommand):
    help = (
        "Creates a staff account with its role in a conference's team and an authenticator "
        "app; prints the password, the TOTP secret and the recovery codes once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--conference", help="the conference's slug")
        where.add_argument("--all-conferences", action="store_true")

    def handle(self, *args, username, email, role, conference, all_conferences, **options):
        username = username.strip()
        if not username or any(not ch.isprintable() or ch.isspace() for ch in username):
            raise CommandError("The username must be printable characters without spaces.")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}.") from error
        target = None
        if not all_conferences:
            target = Conference.objects.filter(slug=conference).first()
            if target is None:
                raise CommandError(f"No conference with the slug {conference!r}.")
        try:
            user, password, device, codes = services.create_staff_account(
                username=username, email=email, role=role, conference=target
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        where = "all conferences" if target is None else target.slug
        secret = b32encode(device.bin_key).decode()
        self.stdout.write(f"Created {user.username} ({ROLES[role].label}, {where}).")
        self.stdout.write("Shown once; keep them in the account's password manager or vault.")
        self.stdout.write(f"Password: {password}")
        self.stdout.write(f"TOTP URI: {device.config_url}")
        self.stdout.write(f"TOTP secret: {secret}")
        self.stdout.write("Recovery codes: " + " ".join(codes))
