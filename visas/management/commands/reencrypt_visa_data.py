"""After a new key is put first in VISA_ENCRYPTION_KEYS: writes every visa request again,
encrypted with the new key, so the old key can then be dropped (docs/visas.md)."""

from django.core.management.base import BaseCommand

from visas import services


class Command(BaseCommand):
    help = "Encrypts all visa requests again with the first key of VISA_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        count = services.reencrypt()
        self.stdout.write(f"Visa requests re-encrypted: {count}")
