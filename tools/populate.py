"""Fills a throwaway site's database (tools/throwaway.py runs this with its settings):

- the seed as `make setup` loads it (conference, branding, programme, registration
  defaults), and its next edition (clone_conference), which is open for registration;
- the edition's look: the seed's colour, a logo (tools/brand/logo.svg) and a plain
  lettered logo for each of its organisations (stand-ins, not their real logos);
- 240 sample registrations for the dashboard's charts (tests/dashboard/sample.py) and
  three people who register as a visitor does, through the registration service: Ingrid
  Berg in person (English), Алексей Петрович Смирнов online (Russian) and 王丽 in person
  (Chinese); each confirms the address, so each gets the "you are registered" mail
  ("your place is confirmed" for those the organiser admits);
- an organiser (superuser), who admits the in-person guests, with a recovery code for the
  second factor.

Then it reads each person's last mail from django-mailer's queue (opened from its seal)
and writes its HTML part to a file, with inline images (cid:) made data: URLs, so a
browser shows it as a mail client would; the manage link is taken from that mail.

Writes what it made to the JSON file named on the command line.
"""

import base64
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from mailer.models import Message  # noqa: E402

from branding import services as branding_services  # noqa: E402
from branding.models import Branding, OrganisationLogo  # noqa: E402
from events.models import Conference, Organisation  # noqa: E402
from mfa import services as mfa_services  # noqa: E402
from registration import services  # noqa: E402
from registration.models import Registration  # noqa: E402
from tests.dashboard import sample  # noqa: E402

SEED = "science-and-technology-bridge-continents"
COLOUR = "#00549f"
ORGANISER = ("organiser", "a long organiser password for the screenshots")
PEOPLE = {
    "en": {
        "given_name": "Ingrid",
        "family_name": "Berg",
        "email": "ingrid.berg@example.org",
        "institution": "Technische Universität Dresden",
        "country": "DE",
        "attendance_mode": Registration.AttendanceMode.IN_PERSON,
    },
    "ru": {
        "given_name": "Алексей",
        "family_name": "Смирнов",
        "patronymic": "Петрович",
        "email": "a.smirnov@example.org",
        "institution": "Томский политехнический университет",
        "country": "RU",
        "attendance_mode": Registration.AttendanceMode.ONLINE,
    },
    "zh-hans": {
        "given_name": "丽",
        "family_name": "王",
        "email": "wang.li@example.org",
        "institution": "清华大学",
        "country": "CN",
        "attendance_mode": Registration.AttendanceMode.IN_PERSON,
    },
}
MANAGE_LINK = re.compile(r"https?://[^\s\"'<>]+/registration/manage/[^/\s\"'<>]+/")


def quiet(command, *args):
    call_command(command, *args, stdout=io.StringIO())


def seed():
    for command in (
        "migrate",
        "createcachetable",
        "load_conference",
        "load_branding",
        "load_programme",
        "load_registration_defaults",
    ):
        quiet(command)
    quiet("clone_conference", SEED)
    return Conference.objects.exclude(slug=SEED).get(slug__startswith=SEED)


def lettered_logo(name):
    """A plain SVG with the organisation's initials: a stand-in for its real logo."""
    initials = "".join(word[0] for word in name.split() if word[0].isupper())[:5]
    width = 24 + 16 * len(initials)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" '
        f'viewBox="0 0 {width} 40"><rect width="{width}" height="40" rx="6" fill="#4b5563"/>'
        f'<text x="{width / 2}" y="27" font-family="sans-serif" font-size="18" '
        f'font-weight="700" fill="#fff" text-anchor="middle">{initials}</text></svg>'
    ).encode()


def brand(conference):
    branding = Branding(conference=conference, primary_colour=COLOUR)
    logo = (Path(__file__).parent / "brand" / "logo.svg").read_bytes()
    branding.logo.save("logo.svg", ContentFile(logo), save=False)
    branding.full_clean()
    branding_services.save_branding(branding=branding)
    organisations = Organisation.objects.filter(conference_roles__conference=conference)
    for organisation in organisations.distinct():
        logo = OrganisationLogo(organisation=organisation)
        logo.file.save("logo.svg", ContentFile(lettered_logo(organisation.name)), save=False)
        logo.full_clean()
        branding_services.save_organisation_logo(logo=logo)


def register_people(conference, organiser):
    people = {}
    for language, data in PEOPLE.items():
        outcome = services.register(
            conference=conference,
            data={**data, "list_publicly": True},
            language=language,
        )
        registration = services.confirm_email(registration=outcome.registration)
        if registration.status == Registration.Status.AWAITING_APPROVAL:
            # The organisers admit in-person guests (the seed's rule): the mail is then the
            # one that says the place is theirs.
            registration = services.approve(registration=registration, user=organiser)
        people[language] = registration
    return people


def html_with_inline_images(email):
    """The HTML part of `email`, its cid: images as data: URLs."""
    message = email.message()
    html, images = None, {}
    for part in message.walk():
        if part.is_multipart():
            continue
        content_id = (part.get("Content-ID") or "").strip("<>")
        if content_id:
            data = base64.b64encode(part.get_payload(decode=True)).decode()
            images[content_id] = f"data:{part.get_content_type()};base64,{data}"
        elif part.get_content_type() == "text/html" and html is None:
            html = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    if html is None:
        raise SystemExit(f"The mail “{email.subject}” has no HTML part.")
    for content_id, url in images.items():
        html = html.replace(f"cid:{content_id}", url)
    return html


def last_mail(registration):
    messages = [
        message.email
        for message in Message.objects.order_by("pk")
        if registration.email in (message.email.to if message.email else [])
    ]
    if not messages:
        raise SystemExit(f"No mail queued for {registration.email}.")
    return messages[-1].opened()


def main():
    output = Path(sys.argv[1])
    conference = seed()
    brand(conference)
    now = timezone.now()
    sample.fill(conference, 240, until=now - dt.timedelta(hours=1))
    organiser = get_user_model().objects.create_superuser(
        username=ORGANISER[0], email="organiser@example.org", password=ORGANISER[1]
    )
    people = register_people(conference, organiser)

    mails, manage = {}, {}
    for language, registration in people.items():
        email = last_mail(registration)
        path = output.parent / f"mail-{language}.html"
        path.write_text(html_with_inline_images(email), encoding="utf-8")
        mails[language] = {"file": str(path), "subject": email.subject}
        link = MANAGE_LINK.search(email.body)
        if link is None:
            raise SystemExit(f"No manage link in “{email.subject}”.")
        manage[language] = link[0]

    code = mfa_services.new_recovery_codes(organiser)[0]
    output.write_text(
        json.dumps(
            {
                "slug": conference.slug,
                "seed_slug": SEED,
                "mails": mails,
                "manage": manage,
                "organiser": {"username": ORGANISER[0], "password": ORGANISER[1], "code": code},
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
