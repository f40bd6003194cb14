import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded logos go to a fresh folder per test, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes(size=(200, 100), colour="#00549f", image_format="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=image_format)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


CLEAN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#00549f"/><use href="#a"/></svg>'
)
