"""Opens a call for contributions on the demo edition, with two tracks, two formats and a
few submissions, so a newcomer running `make try` can send a contribution at once.

    python manage.py load_call_demo [--conference SLUG]

Without --conference: the latest upcoming conference labelled "demo edition" (the one
`make try` clones). Idempotent: run again, it adds nothing that is there already (and
never moves a call an organiser has changed)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from contributions.models import Author, Call, Contribution, Format, Track
from events.models import Conference

TRACKS = [
    {
        "name_en": "Materials and energy",
        "name_ru": "Материалы и энергетика",
        "name_zh_hans": "材料与能源",
    },
    {
        "name_en": "Digital engineering",
        "name_ru": "Цифровая инженерия",
        "name_zh_hans": "数字工程",
    },
]
FORMATS = [
    {
        "kind": "talk",
        "length_minutes": 20,
        "name_en": "Talk",
        "name_ru": "Доклад",
        "name_zh_hans": "报告",
    },
    {
        "kind": "poster",
        "length_minutes": 90,
        "name_en": "Poster",
        "name_ru": "Стендовый доклад",
        "name_zh_hans": "墙报",
    },
]
INTRO = {
    "intro_en": (
        "We invite talks and posters on materials, energy and digital engineering from "
        "researchers and students of the partner universities and beyond.\n\n"
        "Send a title and an abstract in English, Russian or Chinese; say which one you wrote "
        "in. Each contribution is reviewed by two members of the programme committee."
    ),
    "intro_ru": (
        "Приглашаем доклады и стендовые доклады по материаловедению, энергетике и цифровой "
        "инженерии от исследователей и студентов университетов-партнёров и не только.\n\n"
        "Пришлите название и аннотацию на английском, русском или китайском языке и укажите, "
        "на каком из них вы писали. Каждый доклад рецензируют два члена программного комитета."
    ),
    "intro_zh_hans": (
        "我们诚邀合作高校及其他单位的研究人员和学生就材料、能源与数字工程提交报告和墙报。\n\n"
        "请用英文、俄文或中文提交题目和摘要，并注明原文语言。每篇投稿由两位程序委员会成员评审。"
    ),
}
SUBMISSIONS = [
    {
        "track": 0,
        "format": 0,
        "original_language": "en",
        "title_en": "Perovskite solar cells that survive a Siberian winter",
        "abstract_en": "We report on outdoor tests of encapsulated perovskite cells at -40 °C.",
        "title_ru": "Перовскитные солнечные элементы, переживающие сибирскую зиму",
        "abstract_ru": "Мы сообщаем о натурных испытаниях перовскитных элементов при -40 °C.",
        "authors": [
            ("Anna Smirnova", "Tomsk Polytechnic University", "RU", "anna.demo@example.org"),
            ("Li Wei", "Harbin Institute of Technology", "CN", "li.demo@example.org"),
        ],
    },
    {
        "track": 1,
        "format": 1,
        "original_language": "zh-hans",
        "title_zh_hans": "基于数字孪生的电网故障预测",
        "abstract_zh_hans": "本文提出一种基于数字孪生的配电网故障预测方法，并在实际电网中验证。",
        "title_en": "Predicting grid faults with digital twins",
        "abstract_en": "A digital-twin method predicts faults in a distribution grid.",
        "authors": [
            ("Zhang Min", "Harbin Institute of Technology", "CN", "zhang.demo@example.org"),
        ],
    },
    {
        "track": 1,
        "format": 0,
        "original_language": "ru",
        "title_ru": "Цифровые двойники учебных лабораторий",
        "abstract_ru": "Как мы перенесли лабораторные работы по физике в цифровые двойники.",
        "authors": [
            ("Иван Петров", "Томский государственный университет", "RU", "ivan.demo@example.org"),
        ],
    },
]


class Command(BaseCommand):
    help = "Open a call for contributions on the demo edition, with a few submissions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--conference", help="The conference's slug (default: the demo edition)."
        )

    def _conference(self, slug):
        if slug:
            conference = Conference.objects.filter(slug=slug).first()
            if conference is None:
                raise CommandError(f"No conference with the slug “{slug}”.")
            return conference
        conference = (
            Conference.objects.filter(slug__contains="demo-edition", ends_at__gt=timezone.now())
            .order_by("-starts_at")
            .first()
        )
        if conference is None:
            raise CommandError("No upcoming demo edition: run `make try` (clone_conference) first.")
        return conference

    @transaction.atomic
    def handle(self, *args, conference=None, **options):
        conference = self._conference(conference)
        now = timezone.now()
        closes_at = max(conference.starts_at - dt.timedelta(days=14), now + dt.timedelta(days=14))
        call, created = Call.objects.get_or_create(
            conference=conference,
            defaults={
                "opens_at": now - dt.timedelta(days=7),
                "closes_at": closes_at,
                "abstract_word_limit": 300,
                "max_coauthors": 5,
                "max_contributions_per_author": 3,
                "anonymous_review": True,
                **INTRO,
            },
        )
        tracks = []
        for order, names in enumerate(TRACKS):
            track, _new = Track.objects.get_or_create(
                call=call, name_en=names["name_en"], defaults={**names, "order": order}
            )
            tracks.append(track)
        formats = []
        for order, values in enumerate(FORMATS):
            format, _new = Format.objects.get_or_create(
                call=call, name_en=values["name_en"], defaults={**values, "order": order}
            )
            formats.append(format)
        added = 0
        for data in SUBMISSIONS:
            data = dict(data)
            authors = data.pop("authors")
            track, format = tracks[data.pop("track")], formats[data.pop("format")]
            email = authors[0][3]
            title = data[f"title_{data['original_language'].replace('-', '_')}"]
            fingerprint = Contribution.make_fingerprint(email, title)
            if Contribution.objects.filter(call=call, fingerprint=fingerprint).exists():
                continue
            contribution = Contribution.objects.create(
                call=call,
                track=track,
                format=format,
                submitter_email=email,
                fingerprint=fingerprint,
                status=Contribution.Status.SUBMITTED,
                email_confirmed=True,
                submitted_at=now,
                **data,
            )
            for order, (name, institution, country, address) in enumerate(authors):
                Author.objects.create(
                    contribution=contribution,
                    order=order,
                    name=name,
                    institution=institution,
                    country=country,
                    email=address,
                    is_speaker=order == 0,
                    is_submitter=order == 0,
                )
            added += 1
        local = call.closes_at.astimezone(conference.zone)
        self.stdout.write(
            f"Call for “{conference.title}” {'opened' if created else 'was there'}: closes "
            f"{local:%d %b %Y %H:%M} ({conference.time_zone}); {added} contributions added. "
            f"Page: {call.get_absolute_url()}"
        )
