"""Recordings and slides after a session: the Online team adds them in the admin (slides as
a link or a PDF kept in private storage); confirmed participants see them on their manage
page and download the PDF through their personal, token-checked link."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attending import joins
from attending.models import SessionMaterial
from events.models import Session
from tests.factories import ConferenceFactory, RegistrationFactory, SessionFactory, team_member

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def past_session(conference):
    now = timezone.now()
    return SessionFactory(
        conference=conference,
        title="Opening",
        slug="opening",
        format=Session.Format.HYBRID,
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=2),
        recording_url="https://video.example.org/opening",
    )


def online_team():
    user = get_user_model().objects.create_user("online", password="x" * 20, is_staff=True)
    team_member("Online team", user=user)
    client = Client()
    client.force_login(user)
    return client


def upload(client, session, *, slides_file=None, slides_url=""):
    data = {
        "recording_url": session.recording_url,
        "join_options-TOTAL_FORMS": "0",
        "join_options-INITIAL_FORMS": "0",
        "join_options-MIN_NUM_FORMS": "0",
        "join_options-MAX_NUM_FORMS": "1000",
        "material-TOTAL_FORMS": "1",
        "material-INITIAL_FORMS": "0",
        "material-MIN_NUM_FORMS": "0",
        "material-MAX_NUM_FORMS": "1",
        "material-0-slides_url": slides_url,
    }
    if slides_file is not None:
        data["material-0-slides_file"] = slides_file
    return client.post(reverse("admin:attending_onlinesession_change", args=[session.pk]), data)


def slides_url(registration, session):
    token = joins.pass_for(registration).token
    return reverse("attending:slides", kwargs={"session_id": session.pk, "token": token})


def manage(client, registration):
    url = reverse("registration:manage", kwargs={"token": registration.manage_token})
    return " ".join(client.get(url).content.decode().split())


def test_uploaded_slides_are_kept_private_and_downloaded_with_the_personal_link(
    client, conference, past_session, private_root
):
    response = upload(online_team(), past_session, slides_file=SimpleUploadedFile("talk.pdf", PDF))
    assert response.status_code == 302
    material = SessionMaterial.objects.get()
    stored = Path(material.slides_file.path)
    assert stored.read_bytes() == PDF
    assert stored.is_relative_to(private_root)
    assert not Path(settings.MEDIA_ROOT).exists()

    participant = RegistrationFactory(conference=conference)
    download = client.get(slides_url(participant, past_session))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="opening-slides.pdf"'
    assert download["Referrer-Policy"] == "no-referrer"
    assert "no-store" in download["Cache-Control"]


def test_a_file_that_is_not_a_pdf_is_refused(past_session):
    fake = SimpleUploadedFile("talk.pdf", b"<html>not a pdf</html>")
    response = upload(online_team(), past_session, slides_file=fake)
    assert response.status_code == 200
    assert "This file is not a PDF. Please upload the slides as a PDF." in response.content.decode()
    assert SessionMaterial.objects.count() == 0


def test_a_pdf_must_be_named_so(past_session):
    response = upload(online_team(), past_session, slides_file=SimpleUploadedFile("talk.exe", PDF))
    assert response.status_code == 200
    assert "File extension “exe” is not allowed." in response.content.decode()
    assert SessionMaterial.objects.count() == 0


def test_slides_are_a_link_or_a_file_not_both(past_session):
    response = upload(
        online_team(),
        past_session,
        slides_file=SimpleUploadedFile("talk.pdf", PDF),
        slides_url="https://slides.example.org/opening",
    )
    assert response.status_code == 200
    assert "Give the slides as a link or as a PDF, not both." in response.content.decode()
    assert SessionMaterial.objects.count() == 0


@pytest.mark.parametrize("mode", ["online", "in_person"])
def test_confirmed_participants_see_the_recording_and_slides(
    client, conference, past_session, mode
):
    SessionMaterial.objects.create(session=past_session, slides_url="https://slides.example.org/o")
    html = manage(client, RegistrationFactory(conference=conference, attendance_mode=mode))
    material = html.split('class="mb-1 join-material">')[1].split("</p>")[0]
    recording = "https://video.example.org/opening"
    assert f'<a href="{recording}" rel="noopener noreferrer">Watch the recording</a>' in material
    assert '<a href="https://slides.example.org/o" rel="noopener noreferrer">Slides</a>' in material


def test_the_panel_links_uploaded_slides_through_the_personal_link(
    client, conference, past_session
):
    SessionMaterial.objects.create(
        session=past_session, slides_file=SimpleUploadedFile("talk.pdf", PDF)
    )
    participant = RegistrationFactory(conference=conference)
    html = manage(client, participant)
    assert (
        f'<a href="{slides_url(participant, past_session)}">Download the slides (PDF)</a>' in html
    )
    assert "slides/" + str(past_session.pk) not in html  # the storage path is never shown


@pytest.mark.parametrize("status", ["waiting_list", "awaiting_approval", "pending_email"])
def test_no_material_for_those_not_confirmed(client, conference, past_session, status):
    SessionMaterial.objects.create(session=past_session, slides_url="https://slides.example.org/o")
    html = manage(client, RegistrationFactory(conference=conference, status=status))
    assert "slides.example.org" not in html
    assert 'id="join-heading"' not in html


def test_slides_refuse_anyone_else(client, conference, past_session):
    SessionMaterial.objects.create(
        session=past_session, slides_file=SimpleUploadedFile("talk.pdf", PDF)
    )
    revoked = RegistrationFactory(conference=conference)
    revoked_url = slides_url(revoked, past_session)
    joins.revoke(registration=revoked)
    assert client.get(revoked_url).status_code == 404

    cancelled = RegistrationFactory(conference=conference)
    cancelled_url = slides_url(cancelled, past_session)
    cancelled.status = "cancelled"
    cancelled.save()
    response = client.get(cancelled_url)
    assert response.status_code == 403
    assert "Slides are for confirmed participants only." in response.content.decode()

    stranger = RegistrationFactory(conference=ConferenceFactory())
    response = client.get(slides_url(stranger, past_session))
    assert response.status_code == 404
    assert "This session has no slides to download." in response.content.decode()

    assert client.get(f"/join/{past_session.pk}/nonsense/slides/").status_code == 404


def test_slides_given_as_a_link_have_nothing_to_download(client, conference, past_session):
    SessionMaterial.objects.create(session=past_session, slides_url="https://slides.example.org/o")
    participant = RegistrationFactory(conference=conference)
    assert client.get(slides_url(participant, past_session)).status_code == 404


def test_a_file_missing_from_the_storage_is_a_clear_404(client, conference, past_session):
    material = SessionMaterial.objects.create(
        session=past_session, slides_file=SimpleUploadedFile("talk.pdf", PDF)
    )
    Path(material.slides_file.path).unlink()
    response = client.get(slides_url(RegistrationFactory(conference=conference), past_session))
    assert response.status_code == 404
    assert "This session has no slides to download." in response.content.decode()


def test_the_private_storage_has_no_public_address(past_session):
    material = SessionMaterial.objects.create(
        session=past_session, slides_file=SimpleUploadedFile("talk.pdf", PDF)
    )
    with pytest.raises(ValueError, match="not accessible via a URL"):
        material.slides_file.url  # noqa: B018
