"""Private files: uploaded and generated files that only their owners may read (visa
invitations, slides of online sessions, badge print runs). They live under
PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which DEBUG serves publicly), have no URL, and reach
people only through views that check a token or a permission."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="conference_site.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage at settings.PRIVATE_MEDIA_ROOT, read on each use, so a test (or a
    deployment's settings) can move it after the models are loaded. Without a base URL,
    asking a file for its URL raises ValueError."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # not MEDIA_URL, FileSystemStorage's default


private_storage = PrivateStorage()
