"""Where generated documents are kept: DOCUMENTS_ROOT, outside MEDIA_ROOT, so the web server
never serves them; only the admin's download view (permission-checked) reads them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="documents.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage at settings.DOCUMENTS_ROOT, read on each use (tests move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.DOCUMENTS_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private documents have no public URL.")


private_storage = PrivateStorage()
