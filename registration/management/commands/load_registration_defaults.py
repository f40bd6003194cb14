"""Initial registration content: Tomsk Polytechnic University with tpu.ru as a member
institution, and the typical questions of a conference in Tomsk (arrival and departure,
hotel, airport transfer, excursion, gala dinner) for each conference that has no question
yet. Idempotent: running it again changes nothing and never overwrites what organisers
edited in the admin."""

from django.core.management.base import BaseCommand
from django.db import transaction

from events.models import Conference
from registration.eligibility import ensure_member_institution
from registration.questions import ensure_default_questions

DEFAULT_INSTITUTIONS = [
    {
        "name": "Tomsk Polytechnic University",
        "country": "RU",
        "domains": ["tpu.ru"],
        "network_acronyms": ["ASRTU", "CESAER"],
    },
]


IN_PERSON = "in_person"
DEFAULT_QUESTIONS = [
    {
        "text_en": "Arrival date in Tomsk",
        "text_ru": "Дата приезда в Томск",
        "text_zh_hans": "抵达托木斯克的日期",
        "kind": "date",
        "asked_of": IN_PERSON,
    },
    {
        "text_en": "Departure date from Tomsk",
        "text_ru": "Дата отъезда из Томска",
        "text_zh_hans": "离开托木斯克的日期",
        "kind": "date",
        "asked_of": IN_PERSON,
    },
    {
        "text_en": "Shall we book a hotel room for you?",
        "text_ru": "Забронировать для вас номер в гостинице?",
        "text_zh_hans": "需要我们为您预订酒店房间吗？",
        "help_text_en": "At the conference rate; you pay the hotel.",
        "help_text_ru": "По цене для участников конференции; оплата в гостинице.",
        "help_text_zh_hans": "按会议价格；费用由您向酒店支付。",
        "kind": "yes_no",
        "asked_of": IN_PERSON,
    },
    {
        "text_en": "Airport transfer",
        "text_ru": "Трансфер из аэропорта",
        "text_zh_hans": "机场接送",
        "help_text_en": "Between Bogashevo airport and your hotel.",
        "help_text_ru": "Между аэропортом Богашёво и гостиницей.",
        "help_text_zh_hans": "往返博加舍沃机场与酒店之间。",
        "kind": "one_choice",
        "asked_of": IN_PERSON,
        "options": [
            {"label_en": "No, thank you", "label_ru": "Не нужен", "label_zh_hans": "不需要"},
            {"label_en": "On arrival", "label_ru": "По прилёте", "label_zh_hans": "抵达时"},
            {"label_en": "On departure", "label_ru": "При отъезде", "label_zh_hans": "离开时"},
            {"label_en": "Both ways", "label_ru": "В обе стороны", "label_zh_hans": "往返"},
        ],
    },
    {
        "text_en": "Excursions",
        "text_ru": "Экскурсии",
        "text_zh_hans": "参观游览",
        "help_text_en": "Choose any you would like to join.",
        "help_text_ru": "Отметьте все, в которых хотите участвовать.",
        "help_text_zh_hans": "可多选。",
        "kind": "several_choices",
        "asked_of": IN_PERSON,
        "options": [
            {
                "label_en": "Walk through old wooden Tomsk",
                "label_ru": "Прогулка по деревянному Томску",
                "label_zh_hans": "托木斯克木结构老城漫步",
            },
            {
                "label_en": "TPU museums and laboratories",
                "label_ru": "Музеи и лаборатории ТПУ",
                "label_zh_hans": "托木斯克理工大学博物馆和实验室",
            },
            {
                "label_en": "Siberian Botanical Garden",
                "label_ru": "Сибирский ботанический сад",
                "label_zh_hans": "西伯利亚植物园",
            },
        ],
    },
    {
        "text_en": "Gala dinner",
        "text_ru": "Торжественный ужин",
        "text_zh_hans": "欢迎晚宴",
        "kind": "one_choice",
        "asked_of": IN_PERSON,
        "options": [
            {"label_en": "I will come", "label_ru": "Приду", "label_zh_hans": "我会参加"},
            {"label_en": "I will not come", "label_ru": "Не приду", "label_zh_hans": "我不参加"},
        ],
    },
]


class Command(BaseCommand):
    help = (
        "Creates the initial member institutions (TPU with tpu.ru) if they are missing, and "
        "the typical registration questions of each conference that has none."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for entry in DEFAULT_INSTITUTIONS:
            institution = ensure_member_institution(**entry)
            domains = ", ".join(d.domain for d in institution.domains.all())
            self.stdout.write(f"Member institution: {institution.name} ({domains})")
        for conference in Conference.objects.order_by("starts_at"):
            added = ensure_default_questions(conference=conference, defaults=DEFAULT_QUESTIONS)
            if added:
                self.stdout.write(f"{conference.slug}: {len(added)} registration questions")
