import datetime as dt
import io
import re

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import ConferenceFactory, RegistrationFactory, team_member


def pdf_pages(content):
    """The text of each page of a PDF, read back with pypdf."""
    assert content[:5] == b"%PDF-"
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def pdf_text(content):
    """All the text, each run of white space as one space (lines wrap where they fit)."""
    return re.sub(r"\s+", " ", " ".join(pdf_pages(content)))


def pdf_fonts(content):
    """The names of the fonts embedded in a PDF, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def pdf_page_sizes(content):
    """Each page's size in millimetres, rounded."""
    return [
        (
            round(float(page.mediabox.width) / 72 * 25.4),
            round(float(page.mediabox.height) / 72 * 25.4),
        )
        for page in pypdf.PdfReader(io.BytesIO(content)).pages
    ]


@pytest.fixture(autouse=True)
def _private_documents(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def conference(db):
    """A hybrid conference in Tomsk that ended yesterday."""
    now = timezone.now()
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        starts_at=now - dt.timedelta(days=4),
        ends_at=now - dt.timedelta(days=1),
        venue_name="Tomsk Polytechnic University",
        venue_street="Lenin Avenue 30",
        venue_city="Tomsk",
        venue_city_ru="Томск",
        venue_city_zh_hans="托木斯克",
        contact_email="bridge@tpu.ru",
    )


@pytest.fixture
def upcoming(db):
    now = timezone.now()
    return ConferenceFactory(
        title="Bridge Continents 2099",
        slug="bridge-2099",
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=33),
    )


@pytest.fixture
def ivan(conference):
    registration = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="Иван",
        family_name="Петров",
        email="ivan.petrov@tpu.ru",
        institution="Томский политехнический университет",
        country="RU",
    )
    registration.language = "ru"
    registration.save(update_fields=["language"])
    return registration


@pytest.fixture
def xiaoming(conference):
    registration = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="小明",
        family_name="王",
        email="wang@hit.edu.cn",
        institution="哈尔滨工业大学",
        country="CN",
    )
    registration.language = "zh-hans"
    registration.save(update_fields=["language"])
    return registration


@pytest.fixture
def jane(conference):
    return RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="Jane",
        family_name="Doe",
        email="jane.doe@tudelft.nl",
        institution="Delft University of Technology",
        country="NL",
    )


@pytest.fixture
def organiser(db):
    """A signed-in admin user in one group: organiser("Registration managers")."""

    def make(group, *, username=None):
        user = get_user_model().objects.create_user(
            username or group.lower().replace(" ", "-"), password="x", is_staff=True
        )
        team_member(group, user=user)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
