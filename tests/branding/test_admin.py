import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertInHTML

from branding.models import Branding, OrganisationLogo
from tests.branding.conftest import CLEAN_SVG, png_bytes, upload
from tests.factories import ConferenceFactory, OrganisationFactory, team_member

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alpha():
    return ConferenceFactory(title="Alpha", slug="alpha")


@pytest.fixture
def beta():
    return ConferenceFactory(title="Beta", slug="beta")


def form_data(conference, colour="#00549f", **files):
    return {"conference": conference.pk, "primary_colour": colour, **files}


def test_admin_list_add_and_change_pages_open(admin_client, alpha):
    branding = Branding.objects.create(conference=alpha, primary_colour="#00549f")
    assert admin_client.get(reverse("admin:branding_branding_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:branding_branding_add")).status_code == 200
    response = admin_client.get(reverse("admin:branding_branding_change", args=[branding.pk]))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:branding_organisationlogo_add")).status_code == 200


def test_the_preview_shows_the_swatch_the_ratio_and_the_images(admin_client, alpha):
    branding = Branding.objects.create(
        conference=alpha, primary_colour="#00549f", logo=upload("logo.svg", CLEAN_SVG)
    )
    html = admin_client.get(
        reverse("admin:branding_branding_change", args=[branding.pk])
    ).content.decode()
    assert '<rect width="180" height="96" fill="#00549f"/>' in html
    assert "Contrast with white: 7.58:1" in html
    assertInHTML(
        f'<img class="branding-thumb" src="/media/{branding.logo.name}" alt="Logo" height="80">',
        html,
    )
    assertInHTML(
        '<img class="branding-thumb" src="/branding/alpha/og/en.png" '
        'alt="Social preview image" height="80">',
        html,
    )
    assert ' style="' not in html.split('id="content"')[1].split("</form>")[0]


def test_a_content_editor_saves_a_colour_and_a_logo(alpha):
    client = signed_in(team_member("content_editor", alpha))
    response = client.post(
        reverse("admin:branding_branding_add"),
        form_data(alpha, logo=upload("logo.png", png_bytes(size=(300, 100)))),
    )
    assert response.status_code == 302
    branding = Branding.objects.get(conference=alpha)
    assert (branding.primary_colour, branding.logo_width, branding.logo_height) == (
        "#00549f",
        300,
        100,
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_low_contrast_colour_is_refused_in_the_admin(admin_client, alpha, language):
    prefix = "" if language == "en" else f"/{language}"
    response = admin_client.post(
        prefix + reverse("admin:branding_branding_add"), form_data(alpha, colour="#ffff99")
    )
    assert response.status_code == 200
    expected = {
        "en": "contrast ratio of 1.04:1 with white",
        "ru": "контраст с белым 1.04:1",
    }[language]
    assertContains(response, expected)
    assert not Branding.objects.exists()


def test_an_svg_with_a_script_is_refused_in_the_admin(admin_client, alpha):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = admin_client.post(
        reverse("admin:branding_branding_add"), form_data(alpha, logo=upload("x.svg", svg))
    )
    assertContains(response, "This SVG contains scripts, event handlers or external references.")
    assert not Branding.objects.exists()


def test_another_conferences_team_cannot_see_or_edit_its_branding(alpha, beta):
    theirs = Branding.objects.create(conference=beta, primary_colour="#0b5d3b")
    client = signed_in(team_member("content_editor", alpha))
    listed = client.get(reverse("admin:branding_branding_changelist"))
    assert listed.status_code == 200
    assert "Beta" not in listed.content.decode()
    change_url = reverse("admin:branding_branding_change", args=[theirs.pk])
    # Answered as a missing object: the admin redirects to its index with a message.
    response = client.get(change_url)
    assert response.status_code == 302
    response = client.post(change_url, form_data(beta, colour="#000000"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    theirs.refresh_from_db()
    assert theirs.primary_colour == "#0b5d3b"
    # Nor can they create one for the other conference: it is not among the choices.
    response = client.post(reverse("admin:branding_branding_add"), form_data(beta))
    assert response.status_code == 200
    assert Branding.objects.filter(conference=beta).count() == 1


def test_a_team_without_the_content_right_is_refused(alpha):
    client = signed_in(team_member("registration_manager", alpha))
    assert client.get(reverse("admin:branding_branding_add")).status_code == 403


def test_organisation_logos_are_saved_with_their_size(admin_client):
    organisation = OrganisationFactory(name="CESAER")
    response = admin_client.post(
        reverse("admin:branding_organisationlogo_add"),
        {"organisation": organisation.pk, "file": upload("cesaer.svg", CLEAN_SVG)},
    )
    assert response.status_code == 302
    logo = OrganisationLogo.objects.get()
    assert (logo.width, logo.height) == (120, 40)
