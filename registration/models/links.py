"""Secret links: a token mailed to the person, kept in the database only as a salted digest."""

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac


def _new_token_salt():
    return secrets.token_hex(16)


class SecretLink:
    """A secret link of a row: its public id (32 hex digits) and an HMAC of that id and a
    salt of the row (64 hex digits). Changing the salt revokes the link; a link signed with
    a key in SECRET_KEY_FALLBACKS still opens during a key rotation. For models with
    `public_id`, `token_salt` and a `link_purpose` of their own (a registration's
    manage link, a delegation's page link), so one link never opens another kind of page.
    A row with a second link (a registration's calendar feed) signs it with another
    purpose and another salt field: `_link_token(purpose, salt)`.

    A secret link is a password: it is never a model's get_absolute_url (the admin's "view
    on site" would hand it to any staff account), never on an admin page, never logged.
    Each app builds its links in its `links` module (registration/links.py)."""

    link_purpose = ""

    def _signature(self, secret=None, *, purpose=None, salt=None):
        return salted_hmac(
            purpose or self.link_purpose,
            f"{self.public_id.hex}:{self.token_salt if salt is None else salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def _link_token(self, *, purpose=None, salt=None):
        return f"{self.public_id.hex}{self._signature(purpose=purpose, salt=salt)}"

    def _link_matches(self, token, *, purpose=None, salt=None):
        given = token[32:]
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            if constant_time_compare(given, self._signature(secret, purpose=purpose, salt=salt)):
                return True
        return False

    @property
    def secret_token(self):
        return self._link_token()

    def token_matches(self, token):
        """Constant-time check, also against SECRET_KEY_FALLBACKS during a key rotation."""
        return self._link_matches(token)
