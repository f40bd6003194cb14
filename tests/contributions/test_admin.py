import pytest
from django.test import Client

from contributions.models import Call, Contribution
from tests.contributions.factories import AuthorFactory, CallFactory, ContributionFactory
from tests.factories import prove_second_factor, team_member

pytestmark = pytest.mark.django_db


def _signed_in(user):
    client = Client()
    client.force_login(user)
    prove_second_factor(client, user)
    return client


@pytest.fixture
def two_calls(call):
    other = CallFactory()
    mine = ContributionFactory(call=call, title_en="Tomsk contribution")
    AuthorFactory(contribution=mine, name="Anna Smirnova")
    theirs = ContributionFactory(call=other, title_en="Other contribution")
    AuthorFactory(contribution=theirs, name="Hidden Person")
    return call, other, mine, theirs


def test_a_committee_sees_only_its_conferences_contributions(two_calls):
    call, other, mine, theirs = two_calls
    user = team_member("programme_committee", call.conference)
    client = _signed_in(user)
    listing = client.get("/admin/contributions/contribution/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Tomsk contribution" in body
    assert "Other contribution" not in body
    assert client.get(f"/admin/contributions/contribution/{mine.pk}/change/").status_code == 200
    response = client.get(f"/admin/contributions/contribution/{theirs.pk}/change/")
    assert response.status_code == 302  # "does not exist", back to the admin's index
    search = client.get("/admin/contributions/contribution/?q=Hidden").content.decode()
    assert "Other contribution" not in search
    calls = client.get("/admin/contributions/call/").content.decode()
    assert str(other.conference) not in calls
    assert client.get(f"/admin/contributions/call/{other.pk}/change/").status_code == 302


def test_another_role_sees_no_contributions(two_calls):
    call, *_rest = two_calls
    user = team_member("checkin_staff", call.conference)
    client = _signed_in(user)
    assert client.get("/admin/contributions/contribution/").status_code == 403


def test_admin_pages_render_for_a_superuser(admin_client, two_calls):
    call, _other, mine, _theirs = two_calls
    for url in [
        "/admin/contributions/call/",
        "/admin/contributions/call/add/",
        f"/admin/contributions/call/{call.pk}/change/",
        "/admin/contributions/contribution/",
        "/admin/contributions/contribution/?q=Anna",
        f"/admin/contributions/contribution/?conference={call.conference_id}",
        f"/admin/contributions/contribution/{mine.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    body = admin_client.get(f"/admin/contributions/contribution/{mine.pk}/change/")
    assert mine.page_token not in body.content.decode()


def test_the_call_admin_shows_times_in_the_conference_zone(admin_client, call):
    import datetime as dt
    import zoneinfo

    call.closes_at = dt.datetime(2099, 3, 1, 23, 59, tzinfo=zoneinfo.ZoneInfo("Asia/Tomsk"))
    call.save()
    body = admin_client.get(f"/admin/contributions/call/{call.pk}/change/").content.decode()
    assert 'value="23:59:00"' in body
    assert "In Asia/Tomsk, the conference’s time zone." in body


def test_the_programme_committee_needs_a_second_factor():
    from teams.roles import PROGRAMME_COMMITTEE

    assert PROGRAMME_COMMITTEE.reads_personal_data is True
    assert "contributions.view_contribution" in PROGRAMME_COMMITTEE.permissions
    assert Call and Contribution


def test_a_call_typed_in_the_admin_closes_in_the_conference_zone(admin_client):
    import datetime as dt
    import zoneinfo

    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(time_zone="Asia/Tomsk")
    data = {
        "conference": conference.pk,
        "opens_at_0": "2027-01-10",
        "opens_at_1": "09:00",
        "closes_at_0": "2027-03-01",
        "closes_at_1": "23:59",
        "intro_en": "Send us your work.",
        "abstract_word_limit": 300,
        "max_coauthors": 5,
        "max_contributions_per_author": 3,
        "anonymous_review": "on",
    }
    for prefix in ("tracks", "formats"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    response = admin_client.post("/admin/contributions/call/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(conference=conference)
    tomsk = zoneinfo.ZoneInfo("Asia/Tomsk")
    assert call.closes_at == dt.datetime(2027, 3, 1, 23, 59, tzinfo=tomsk)
    assert call.closes_at.astimezone(dt.UTC).hour == 16
    # Backwards: refused on the form with the model's words, nothing stored.
    other = ConferenceFactory(time_zone="Asia/Tomsk")
    backwards = {**data, "conference": other.pk, "closes_at_0": "2027-01-01"}
    response = admin_client.post("/admin/contributions/call/add/", backwards)
    assert response.status_code == 200
    assert "The call must close after it opens." in response.content.decode()
    assert not Call.objects.filter(conference=other).exists()


def test_the_committee_downloads_its_own_pdfs_only_and_each_download_is_recorded(two_calls):
    from django.core.files.base import ContentFile

    from audit.models import AuditEntry
    from contributions.models import Attachment

    call, _other, mine, theirs = two_calls
    for contribution in (mine, theirs):
        attachment = Attachment(contribution=contribution, size=9, pages=1, sha256="0" * 64)
        attachment.file.save("x.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        attachment.save()
    client = _signed_in(team_member("programme_committee", call.conference))
    page = client.get(f"/admin/contributions/contribution/{mine.pk}/change/").content.decode()
    assert f"/admin/contributions/contribution/{mine.pk}/pdf/" in page
    response = client.get(f"/admin/contributions/contribution/{mine.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
    assert f'filename="contribution-{mine.pk}.pdf"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(detail="PDF downloaded", subject_id=mine.pk).count() == 1
    assert client.get(f"/admin/contributions/contribution/{theirs.pk}/pdf/").status_code == 404
    assert client.post(f"/admin/contributions/contribution/{mine.pk}/pdf/").status_code == 405
