"""Every mail's HTML part in the conference's look (outbox/look.py, outbox/composition.py):
a table layout with inline styles, the conference's colour as a band, its PNG logo carried
in the message (multipart/related, cid:) and never fetched, readable in dark mode, saying
what the text part says. Checked on the mail as the SMTP server receives it, after the
queue has pickled and sealed it (outbox/sealing.py), parsed back with Python's email
package."""

import email
import email.policy
import html
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from mailer.models import Message
from PIL import Image

from branding import mail as branding_mail
from branding.contrast import AA_MINIMUM, contrast_ratio
from branding.models import DEFAULT_COLOUR, Branding
from delegations import emails as delegation_emails
from outbox import look
from registration.emails import build_message, send_after_commit
from tests.factories import DelegationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

COLOUR = "#7b2d8e"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "mail"
SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#7b2d8e"/></svg>'
)


def png(width=160, height=48):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (123, 45, 142)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def brand(conference, *, colour=COLOUR, logo=None, name="logo.png"):
    branding = Branding(conference=conference, primary_colour=colour)
    if logo is not None:
        branding.logo = SimpleUploadedFile(name, logo)
    branding.save()
    return branding


def received_mail(smtp_peer, registration, kind, capture):
    """The mail of `kind` as the SMTP server got it: queued (pickled, sealed), then sent by
    the mail worker."""
    smtp_peer.received.clear()
    with capture(execute=True):
        send_after_commit(registration, kind)
    assert Message.objects.count() == 1
    call_command("run_mail_worker", "--once")
    [(_recipients, content)] = smtp_peer.received
    return email.message_from_bytes(content, policy=email.policy.default)


def parts(message):
    return {part.get_content_type(): part for part in message.walk()}


def visible_text(markup):
    """What a reader sees of the mail's own part of the HTML (inside the layout's body
    cell), whitespace made single."""
    body = re.search(r'<td style="padding:24px;[^"]*">(.*?)</td>\s*</tr>\s*</table>', markup, re.S)
    text = re.sub(r"<br\s*/?>|</p>", " ", body.group(1))
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def declarations(style):
    pairs = (item.partition(":") for item in style.split(";") if item.strip())
    return {name.strip(): value.strip() for name, _sep, value in pairs}


def assert_readable_in_both_modes(markup):
    """Colours come in pairs (background and text on one element, 4.5:1 at least); an
    element that sets one alone would meet the client's dark default on the other side."""
    assert '<meta name="color-scheme" content="light dark">' in markup
    for style in re.findall(r'style="([^"]*)"', markup):
        given = declarations(style)
        has_text, has_background = "color" in given, "background-color" in given
        assert has_text == has_background, style
        if has_text:
            assert contrast_ratio(given["color"], given["background-color"]) >= AA_MINIMUM


def assert_nothing_fetched(markup):
    assert "<style" not in markup and "<link" not in markup
    assert "@import" not in markup and "url(" not in markup
    sources = re.findall(r'\ssrc="([^"]*)"', markup)
    assert all(source.startswith("cid:") for source in sources), sources
    assert not re.search(r"\ssrc=\S*http", markup)


LANGUAGES = [
    ("en", "Anna", "Ivanova", "Dear Anna,"),
    ("ru", "Анна", "Иванова", None),
    ("zh-hans", "丽", "王", "尊敬的王丽："),
]


@pytest.mark.parametrize(("language", "given", "family", "greeting"), LANGUAGES)
def test_the_mail_through_the_queue_has_the_conference_look_and_the_same_text(
    smtp_peer,
    media,
    conference,
    django_capture_on_commit_callbacks,
    language,
    given,
    family,
    greeting,
):
    brand(conference, logo=png())
    person = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name=given,
        family_name=family,
        language=language,
    )

    message = received_mail(smtp_peer, person, "registered", django_capture_on_commit_callbacks)

    # mixed (the calendar) > alternative (text first) > related (HTML and its logo)
    assert message.get_content_type() == "multipart/mixed"
    alternative = message.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    text_part, related = alternative.get_payload()
    assert text_part.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, logo = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert logo.get_content_type() == "image/png"
    assert logo.get_payload(decode=True) == png()
    markup = html_part.get_content()
    text = text_part.get_content().replace("\r\n", "\n")

    assert f'<html lang="{language}">' in markup
    assert '<table role="presentation"' in markup and "max-width:600px" in markup
    content_id = str(logo["Content-ID"]).strip().strip("<>")
    assert f'src="cid:{content_id}"' in markup
    assert f"background-color:{COLOUR};color:#ffffff" in markup
    assert_nothing_fetched(markup)
    assert_readable_in_both_modes(markup)
    assert visible_text(markup) == " ".join(text.split())
    if greeting:
        assert text.startswith(greeting + "\n")
        assert f"<p>{greeting}</p>" in markup
    # The screenshots (make screenshots) show this file.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"registered-{language}.html").write_text(markup, encoding="utf-8")


def test_the_text_of_each_kind_of_mail_is_the_same_in_both_parts(conference, media):
    brand(conference)
    person = RegistrationFactory(conference=conference, attendance_mode="in_person")
    for kind in ["confirm_email", "approved", "waiting_list", "seat_available", "moved_online"]:
        message = build_message(person, kind)
        markup = message.alternatives[0][0]
        assert visible_text(markup) == " ".join(message.body.split()), kind
    person.status = "cancelled"
    message = build_message(person, "cancelled")
    assert visible_text(message.alternatives[0][0]) == " ".join(message.body.split())


def test_an_svg_logo_is_not_sent_and_the_band_names_the_conference(conference, media):
    brand(conference, logo=SVG_LOGO, name="logo.svg")
    person = RegistrationFactory(conference=conference, language="ru")

    message = build_message(person, "confirm_email")

    assert message.related == []
    raw = message.message()
    assert [part.get_content_type() for part in raw.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    markup = message.alternatives[0][0]
    assert "<img" not in markup and "<svg" not in markup
    band = re.search(r'background-color:#7b2d8e;color:#ffffff;[^"]*">([^<]*)</td>', markup)
    with translation.override("ru"):
        assert band.group(1) == conference.title


def test_without_branding_the_band_has_the_fallback_colour(conference):
    message = build_message(RegistrationFactory(conference=conference), "confirm_email")
    markup = message.alternatives[0][0]
    assert f"background-color:{DEFAULT_COLOUR};color:#ffffff" in markup
    assert_readable_in_both_modes(markup)


def test_a_light_colour_gets_dark_text_on_its_band(conference):
    # The branding admin refuses such a colour; one saved before that rule still reads.
    brand(conference, colour="#ffd84d")
    markup = build_message(RegistrationFactory(conference=conference), "confirm_email")
    markup = markup.alternatives[0][0]
    assert "background-color:#ffd84d;color:#1a1a1a" in markup
    assert_readable_in_both_modes(markup)


def test_a_large_logo_is_left_out_of_every_mail(conference, media, monkeypatch):
    monkeypatch.setattr(branding_mail, "MAIL_LOGO_MAX_BYTES", 100)
    brand(conference, logo=png())
    message = build_message(RegistrationFactory(conference=conference), "confirm_email")
    assert message.related == []
    assert "<img" not in message.alternatives[0][0]


def test_a_logo_missing_from_the_storage_leaves_the_name(conference, media):
    branding = brand(conference, logo=png())
    branding.logo.storage.delete(branding.logo.name)
    message = build_message(RegistrationFactory(conference=conference), "confirm_email")
    assert message.related == []
    assert conference.title in message.alternatives[0][0]


def test_the_look_is_read_once_until_the_branding_changes(
    conference, media, django_assert_num_queries
):
    brand(conference, logo=png())
    first = look.look_of(conference)
    assert first.logo is not None
    with django_assert_num_queries(0):
        assert look.look_of(conference) is first
    Branding.objects.get(conference=conference).delete()
    assert look.look_of(conference) == look.FALLBACK


def test_each_mail_has_a_content_id_of_its_own(conference, media):
    brand(conference, logo=png())
    person = RegistrationFactory(conference=conference)
    one, other = build_message(person, "confirm_email"), build_message(person, "confirm_email")
    assert one.related[0][0] != other.related[0][0]
    assert one.related[0][0].endswith("@conference.example.org")


def test_a_delegation_contact_mail_has_the_look_too(conference, media):
    brand(conference, logo=png())
    delegation = DelegationFactory(conference=conference)
    message = delegation_emails.build_message(delegation, "confirm_contact")
    markup = message.alternatives[0][0]
    assert f"background-color:{COLOUR}" in markup
    assert f'src="cid:{message.related[0][0]}"' in markup
    assert visible_text(markup) == " ".join(message.body.split())
