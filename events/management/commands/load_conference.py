"""Loads the initial content: the TPU conference "Science and Technology Bridge Continents".

The facts come from the conference's public page (shared/seed/conference-page.txt), in
English, with a first Russian and Chinese translation (events/seed_translations.py) flagged
for the organisers to review.
Idempotent: what exists is left alone, so running it again changes nothing and never
overwrites what organisers have edited in the admin; it only fills translations that are
still empty where the English is the seed's own (a site loaded before translations existed).
"""

import datetime as dt
import zoneinfo

from django.core.management.base import BaseCommand
from django.db import transaction

from events.models import (
    Anniversary,
    Conference,
    ConferenceOrganisation,
    DateChange,
    Goal,
    Organisation,
    Topic,
)
from events.seed_translations import translate_seed_conference

TOMSK = zoneinfo.ZoneInfo("Asia/Tomsk")
SLUG = "science-and-technology-bridge-continents"

ORGANISATIONS = {
    "TPU": {
        "name": "Tomsk Polytechnic University",
        "kind": Organisation.Kind.UNIVERSITY,
        "country": "RU",
        "website": "https://tpu.ru/",
    },
    "ASRTU": {
        "name": "Association of Sino-Russian Technical Universities",
        "kind": Organisation.Kind.NETWORK,
        "country": "",
        "website": "https://www.asrtu.net/",
    },
    "CESAER": {
        "name": "CESAER",
        "kind": Organisation.Kind.NETWORK,
        "country": "BE",
        "website": "https://www.cesaer.org/",
    },
    "AEER": {
        "name": "Association for Engineering Education of Russia",
        "kind": Organisation.Kind.ASSOCIATION,
        "country": "RU",
        "website": "https://aeer.ru/",
    },
}

SUMMARY = (
    "Tomsk Polytechnic University (TPU) will host a conference in Tomsk (Russian Federation) "
    "in May 2022 providing (i) a global stage to its (international) networks, and (ii) an "
    "opportunity to reach out and engage with universities of S&T from China, Europe and Russia."
)

DESCRIPTION = """\
The world is confronted with tremendous global challenges and Science and Technology (S&T) \
can (i) contribute to tackling them and (ii) be instrumental in influencing and improving \
international relations and stability, opening channels of communication and building trust \
across borders and continents. Cooperation with like-minded universities of S&T from \
different continents enhances the quality of research, education and innovation.

Tomsk Polytechnic University (TPU) hosts this conference in Tomsk (Russian Federation), \
providing (i) a global stage to its (international) networks such as the Association of \
Sino-Russian Technical Universities (ASRTU) and CESAER and (ii) an opportunity to reach out \
to and engage with universities of S&T from China, Europe and Russia. The Association for \
Engineering Education of Russia, ASRTU and CESAER co-organise this conference.

This concerns an in-person event hosted by TPU in Tomsk (Russia) allowing for broad online \
participation. Importantly, the timing of the contributions allows for real-time and online \
participation from China, Europe and Russia."""

POSTPONEMENT_REASON = (
    "Despite the fact that the epidemiological situation in Russia was gradually improving, "
    "it was still unclear what the conditions for international travelling between China, "
    "the EU and Russia would be by September 2021."
)

GOALS = [
    "Celebrate the hundred-twenty-fifth anniversary of TPU, the tenth anniversary of ASRTU "
    "and the thirtieth anniversary of CESAER",
    "Discuss and promote the contribution of universities of S&T to ecological, economic and "
    "social sustainability",
    "Exchange views and advance insights into the discussion topics below",
    "Explore the evolution of the idea and roles of a university of S&T",
    "Establish sustainable links between rectors and equivalent and their institutions",
]

ANNIVERSARIES = [("TPU", 125), ("ASRTU", 10), ("CESAER", 30)]

TOPICS = [
    "University-industry relationship and cooperation",
    "Link Social Sciences and Humanities (SSH) with Science, Technology, Engineering and "
    "Mathematics (STEM)",
    "Management and operation of (on-campus) infrastructures",
    "Open Science and European Open Science Cloud (EOSC) in global context",
    "Outreach and engagement of universities of S&T",
    "Contribution of universities of S&T to sustainability",
    "Responsible research and Innovation (RRI) in S&T education and training",
    "Open up national funding programmes",
    "Recruit and retain scientific talent",
    "Upskilling and lifelong learning of professional engineers",
]

ROLES = [
    ("TPU", ConferenceOrganisation.Role.HOST),
    ("ASRTU", ConferenceOrganisation.Role.CO_ORGANISER),
    ("CESAER", ConferenceOrganisation.Role.CO_ORGANISER),
    ("AEER", ConferenceOrganisation.Role.CO_ORGANISER),
]


# How the seed conference speaks in mail, and where its audience lives (the zone picker's
# first choices after Tomsk and the programme's waking-hours check): Beijing, Moscow and
# Brussels, for its audience in China, Russia and Europe.
IDENTITY = {
    "short_name_en": "STBC 2022",
    "short_name_ru": "STBC 2022",
    "short_name_zh_hans": "STBC 2022",
    "mail_sender_name_en": "STBC 2022 organising committee",
    "mail_sender_name_ru": "Оргкомитет STBC 2022",
    "mail_sender_name_zh_hans": "STBC 2022 组委会",
    "mail_sender_address": "conference@tpu.ru",
    "mail_reply_to": "conference@tpu.ru",
    "mail_signature_en": (
        "Organising committee of Science and Technology Bridge Continents\n"
        "Tomsk Polytechnic University, 30 Lenin Avenue, Tomsk 634050, Russia"
    ),
    "mail_signature_ru": (
        "Оргкомитет конференции «Science and Technology Bridge Continents»\n"
        "Томский политехнический университет, пр. Ленина, 30, Томск, 634050, Россия"
    ),
    "mail_signature_zh_hans": (
        "“Science and Technology Bridge Continents”会议组委会\n"
        "托木斯克理工大学，俄罗斯托木斯克列宁大街30号，邮编634050"
    ),
    "audience_time_zones": ["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"],
}


def fill_identity(conference):
    """Sets the seed's mail identity and audience zones where the conference has none;
    returns how many fields it filled (an organiser's own values stay)."""
    filled = [name for name, value in IDENTITY.items() if not getattr(conference, name)]
    for name in filled:
        setattr(conference, name, IDENTITY[name])
    if filled:
        conference.save(update_fields=filled)
    return len(filled)


class Command(BaseCommand):
    help = "Load the TPU conference from the seed facts. Safe to run repeatedly."

    @transaction.atomic
    def handle(self, *args, **options):
        organisations = {
            acronym: Organisation.objects.get_or_create(
                name=facts["name"], defaults={"acronym": acronym, **facts}
            )[0]
            for acronym, facts in ORGANISATIONS.items()
        }
        conference, created = Conference.objects.get_or_create(
            slug=SLUG,
            defaults={
                "title": "Science and Technology Bridge Continents",
                "summary": SUMMARY,
                "description": DESCRIPTION,
                "status": Conference.Status.RESCHEDULED,
                "attendance_mode": Conference.AttendanceMode.HYBRID,
                "time_zone": "Asia/Tomsk",
                "starts_at": dt.datetime(2022, 5, 16, 19, 0, tzinfo=TOMSK),
                "ends_at": dt.datetime(2022, 5, 20, 22, 0, tzinfo=TOMSK),
                "venue_name": "Tomsk Polytechnic University",
                "venue_street": "30 Lenin Avenue",
                "venue_postal_code": "634050",
                "venue_city": "Tomsk",
                "venue_country": "RU",
                "contact_email": "conference@tpu.ru",
                "working_language": "English",
                "language_code": "en",
                "in_person_eligibility": "Members of ASRTU and CESAER and selected guests.",
                "online_eligibility": "Anyone interested, worldwide.",
                "in_person_capacity": 150,
            },
        )
        if not created:
            filled = translate_seed_conference(conference=conference) + fill_identity(conference)
            if filled:
                self.stdout.write(
                    f"“{conference.title}” is already loaded; added {filled} Russian and "
                    "Chinese texts for the organisers to review."
                )
            else:
                self.stdout.write(f"“{conference.title}” is already loaded; nothing changed.")
            return

        for order, (acronym, role) in enumerate(ROLES):
            ConferenceOrganisation.objects.create(
                conference=conference, organisation=organisations[acronym], role=role, order=order
            )
        for order, (acronym, years) in enumerate(ANNIVERSARIES):
            Anniversary.objects.create(
                conference=conference, organisation=organisations[acronym], years=years, order=order
            )
        Goal.objects.bulk_create(
            Goal(conference=conference, text=text, order=order) for order, text in enumerate(GOALS)
        )
        Topic.objects.bulk_create(
            Topic(conference=conference, title=title, order=order)
            for order, title in enumerate(TOPICS)
        )
        DateChange.objects.create(
            conference=conference, previous_month=dt.date(2021, 9, 1), reason=POSTPONEMENT_REASON
        )
        translate_seed_conference(conference=conference)
        fill_identity(conference)
        self.stdout.write(self.style.SUCCESS(f"Loaded “{conference.title}”."))
