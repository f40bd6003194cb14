"""Initial registration content: Tomsk Polytechnic University with tpu.ru as a member
institution. Idempotent: running it again changes nothing and never overwrites what
organisers edited in the admin."""

from django.core.management.base import BaseCommand
from django.db import transaction

from registration.eligibility import ensure_member_institution

DEFAULT_INSTITUTIONS = [
    {
        "name": "Tomsk Polytechnic University",
        "country": "RU",
        "domains": ["tpu.ru"],
        "network_acronyms": ["ASRTU", "CESAER"],
    },
]


class Command(BaseCommand):
    help = "Creates the initial member institutions (TPU with tpu.ru) if they are missing."

    @transaction.atomic
    def handle(self, *args, **options):
        for entry in DEFAULT_INSTITUTIONS:
            institution = ensure_member_institution(**entry)
            domains = ", ".join(d.domain for d in institution.domains.all())
            self.stdout.write(f"Member institution: {institution.name} ({domains})")
