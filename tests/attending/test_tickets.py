"""Tickets: a random check-in code, separate from the manage link, shown as a QR code on the
manage page and in the emails that confirm a seat."""

import re

import pytest
import segno

from attending.models import CODE_ALPHABET, CODE_LENGTH, Ticket
from attending.tickets import qr_svg, ticket_for
from registration import emails
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

SVG_RE = re.compile(r"<svg .*?</svg>", re.S)


def expected_svg(code):
    """What segno draws for exactly this content, re-encoded independently here."""
    qr = segno.make(code, error="m", micro=False)
    return qr.svg_inline(scale=4, border=4, light="#fff", svgclass="ticket-qr", lineclass=None)


def test_ticket_code_is_random_stored_and_not_the_manage_token(guest):
    ticket = ticket_for(guest)
    assert ticket_for(guest) == ticket  # one per registration
    assert len(ticket.code) == CODE_LENGTH
    assert set(ticket.code) <= set(CODE_ALPHABET)
    assert ticket.code not in guest.manage_token
    assert ticket.code.lower() not in guest.manage_token
    other = ticket_for(
        RegistrationFactory(conference=guest.conference, attendance_mode="in_person")
    )
    assert other.code != ticket.code


def test_ticket_code_opens_nothing_of_the_manage_page(client, guest):
    ticket = ticket_for(guest)
    for token in (ticket.code, ticket.display_code, ticket.code.lower()):
        for path in ("", "cancel/", "erase/", "calendar.ics"):
            response = client.get(f"/registration/manage/{token}/{path}")
            assert response.status_code == 404, (token, path)


def test_manage_page_shows_the_ticket_qr(client, guest):
    response = client.get(f"/registration/manage/{guest.manage_token}/")
    ticket = Ticket.objects.get(registration=guest)
    html = response.content.decode()
    assert SVG_RE.findall(html) == [expected_svg(ticket.code)]
    assert ticket.display_code in html
    assert guest.manage_token not in SVG_RE.findall(html)[0]


def test_qr_matrix_holds_exactly_the_code(guest):
    """Parse the drawn path back into modules and compare with segno's matrix of the code."""
    code = ticket_for(guest).code
    svg = str(qr_svg(code))
    qr = segno.make(code, error="m", micro=False)
    size = len(qr.matrix) + 8
    drawn = [[0] * size for _ in range(size)]
    path = re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, number, rest in re.findall(r"([Mmhv])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(number), float(rest)
        elif command == "m":
            x, y = x + float(number), y + float(rest)
        elif command == "h":
            for i in range(int(float(number))):
                drawn[int(y)][int(x) + i] = 1
            x += float(number)
    inner = [row[4:-4] for row in drawn[4:-4]]
    assert inner == [[1 if module else 0 for module in row] for row in qr.matrix]


@pytest.mark.parametrize(
    ("mode", "status"),
    [("online", "confirmed"), ("in_person", "waiting_list"), ("in_person", "cancelled")],
)
def test_no_ticket_without_a_confirmed_seat(client, conference, mode, status):
    person = RegistrationFactory(conference=conference, attendance_mode=mode, status=status)
    response = client.get(f"/registration/manage/{person.manage_token}/")
    assert "<svg" not in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("kind", ["registered", "approved", "seat_available"])
def test_seat_emails_carry_the_qr_and_the_code(guest, kind):
    message = emails.build_message(guest, kind)
    ticket = Ticket.objects.get(registration=guest)
    html = message.alternatives[0][0]
    assert SVG_RE.findall(html) == [expected_svg(ticket.code)]
    assert f"the hall (it lets you in and nothing else): {ticket.display_code}" in message.body
    assert "<svg" not in message.body


@pytest.mark.parametrize("kind", ["waiting_list", "details_changed", "cancelled"])
def test_other_emails_carry_no_ticket(guest, kind):
    message = emails.build_message(guest, kind)
    assert "<svg" not in message.alternatives[0][0]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("ru", "Код Вашего билета для стойки регистрации в зале (он даёт право только на вход):"),
        ("zh-hans", "您在会场签到台使用的票码（仅用于入场，别无他用）："),
    ],
)
def test_ticket_in_the_attendees_language(guest, language, sentence):
    guest.language = language
    guest.save()
    message = emails.build_message(guest, "registered")
    code = Ticket.objects.get(registration=guest).display_code
    assert f"{sentence} {code}" in message.body
