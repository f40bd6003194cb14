"""The seed conference in Russian and Chinese: a first translation of the English seed facts
(events/management/commands/load_conference.py and load_programme.py), written by the
developers for the organisers to review. Loading it sets the conference's "translations to
review" flag; the admin lists what is still missing per language.

Each translation is keyed by the exact English text it translates, so it is used only where
the English is still the seed's own: content an organiser has rewritten keeps no stale
translation, and a translation an organiser typed is never replaced (only empty ones are
filled).
"""

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from events import translation

RU = "ru"
ZH = "zh-hans"
LANGUAGES = [(RU, "Russian"), (ZH, "Simplified Chinese")]  # the ones the seed is written in


def column(field, language):
    """'title_ru': the column of `field` in `language`."""
    return build_localized_fieldname(field, language)


# English text -> {language: translation}. Official names: Томский политехнический
# университет / 托木斯克理工大学; ASRTU is Ассоциация технических университетов России и
# Китая (АТУРК) / 中俄工科大学联盟; the Association for Engineering Education of Russia is
# Ассоциация инженерного образования России / 俄罗斯工程教育协会; CESAER keeps its name.
TEXT = {
    # Organisations
    "Tomsk Polytechnic University": {
        RU: "Томский политехнический университет",
        ZH: "托木斯克理工大学",
    },
    "TPU": {RU: "ТПУ", ZH: "TPU"},
    "Association of Sino-Russian Technical Universities": {
        RU: "Ассоциация технических университетов России и Китая",
        ZH: "中俄工科大学联盟",
    },
    "ASRTU": {RU: "АТУРК", ZH: "ASRTU"},
    "CESAER": {RU: "CESAER", ZH: "CESAER"},
    "Association for Engineering Education of Russia": {
        RU: "Ассоциация инженерного образования России",
        ZH: "俄罗斯工程教育协会",
    },
    "AEER": {RU: "АИОР", ZH: "AEER"},
    # The conference
    "Science and Technology Bridge Continents": {
        RU: "Наука и технологии: мост между континентами",
        ZH: "科学技术：连接各大洲的桥梁",
    },
    (
        "Tomsk Polytechnic University (TPU) will host a conference in Tomsk (Russian "
        "Federation) in May 2022 providing (i) a global stage to its (international) networks, "
        "and (ii) an opportunity to reach out and engage with universities of S&T from China, "
        "Europe and Russia."
    ): {
        RU: (
            "Томский политехнический университет (ТПУ) проводит в мае 2022 года в Томске "
            "(Российская Федерация) конференцию, которая (i) станет глобальной площадкой для его "
            "(международных) сетей и (ii) даст возможность наладить связи и сотрудничество с "
            "научно-техническими университетами Китая, Европы и России."
        ),
        ZH: (
            "托木斯克理工大学将于2022年5月在托木斯克（俄罗斯联邦）举办会议，(i) 为其（国际）"
            "合作网络提供全球舞台，(ii) 为与中国、欧洲和俄罗斯的理工类大学建立联系、开展合作"
            "提供机会。"
        ),
    },
    "Tomsk": {RU: "Томск", ZH: "托木斯克"},
    "30 Lenin Avenue": {RU: "проспект Ленина, 30", ZH: "列宁大街30号"},
    "Members of ASRTU and CESAER and selected guests.": {
        RU: "Члены АТУРК и CESAER, а также приглашённые гости.",
        ZH: "中俄工科大学联盟和CESAER的成员以及受邀嘉宾。",
    },
    "Anyone interested, worldwide.": {
        RU: "Все желающие из любой страны мира.",
        ZH: "全球所有感兴趣的人士。",
    },
    (
        "Despite the fact that the epidemiological situation in Russia was gradually improving, "
        "it was still unclear what the conditions for international travelling between China, "
        "the EU and Russia would be by September 2021."
    ): {
        RU: (
            "Несмотря на постепенное улучшение эпидемиологической ситуации в России, оставалось "
            "неясным, какими будут условия международных поездок между Китаем, ЕС и Россией к "
            "сентябрю 2021 года."
        ),
        ZH: (
            "尽管俄罗斯的疫情形势逐步好转，但到2021年9月中国、欧盟和俄罗斯之间的国际旅行条件"
            "仍不明朗。"
        ),
    },
    # Goals
    (
        "Celebrate the hundred-twenty-fifth anniversary of TPU, the tenth anniversary of ASRTU "
        "and the thirtieth anniversary of CESAER"
    ): {
        RU: "Отметить 125-летие ТПУ, 10-летие АТУРК и 30-летие CESAER",
        ZH: "庆祝托木斯克理工大学建校125周年、中俄工科大学联盟成立10周年和CESAER成立30周年",
    },
    (
        "Discuss and promote the contribution of universities of S&T to ecological, economic "
        "and social sustainability"
    ): {
        RU: (
            "Обсудить вклад научно-технических университетов в экологическую, экономическую и "
            "социальную устойчивость и содействовать ему"
        ),
        ZH: "探讨并推动理工类大学为生态、经济和社会可持续发展作出贡献",
    },
    "Exchange views and advance insights into the discussion topics below": {
        RU: "Обменяться мнениями и углубить понимание тем для обсуждения, перечисленных ниже",
        ZH: "就以下议题交流观点、深化认识",
    },
    "Explore the evolution of the idea and roles of a university of S&T": {
        RU: "Проследить эволюцию идеи и роли научно-технического университета",
        ZH: "探讨理工类大学理念与作用的演变",
    },
    "Establish sustainable links between rectors and equivalent and their institutions": {
        RU: (
            "Установить устойчивые связи между ректорами (и руководителями равного уровня) и "
            "их университетами"
        ),
        ZH: "在校长（及同级负责人）及其所在院校之间建立持久联系",
    },
    # Discussion topics
    "University-industry relationship and cooperation": {
        RU: "Взаимодействие и сотрудничество университетов и промышленности",
        ZH: "大学与产业的关系与合作",
    },
    (
        "Link Social Sciences and Humanities (SSH) with Science, Technology, Engineering and "
        "Mathematics (STEM)"
    ): {
        RU: (
            "Связь социальных и гуманитарных наук (SSH) с естественными науками, технологиями, "
            "инженерией и математикой (STEM)"
        ),
        ZH: "将社会科学与人文学科（SSH）同科学、技术、工程和数学（STEM）相结合",
    },
    "Management and operation of (on-campus) infrastructures": {
        RU: "Управление (университетской) инфраструктурой и её эксплуатация",
        ZH: "（校园）基础设施的管理与运营",
    },
    "Open Science and European Open Science Cloud (EOSC) in global context": {
        RU: "Открытая наука и Европейское облако открытой науки (EOSC) в глобальном контексте",
        ZH: "全球背景下的开放科学与欧洲开放科学云（EOSC）",
    },
    "Outreach and engagement of universities of S&T": {
        RU: "Открытость научно-технических университетов обществу и их взаимодействие с ним",
        ZH: "理工类大学的社会联系与参与",
    },
    "Contribution of universities of S&T to sustainability": {
        RU: "Вклад научно-технических университетов в устойчивое развитие",
        ZH: "理工类大学对可持续发展的贡献",
    },
    "Responsible research and Innovation (RRI) in S&T education and training": {
        RU: "Ответственные исследования и инновации (RRI) в научно-техническом образовании",
        ZH: "科技教育与培训中的负责任研究与创新（RRI）",
    },
    "Open up national funding programmes": {
        RU: "Открытость национальных программ финансирования",
        ZH: "开放国家资助计划",
    },
    "Recruit and retain scientific talent": {
        RU: "Привлечение и удержание научных кадров",
        ZH: "吸引和留住科研人才",
    },
    "Upskilling and lifelong learning of professional engineers": {
        RU: "Повышение квалификации и непрерывное образование инженеров",
        ZH: "专业工程师的技能提升与终身学习",
    },
    # The provisional programme's closing session
    "Closing: sustainable links between rectors and their institutions": {
        RU: "Закрытие: устойчивые связи между ректорами и их университетами",
        ZH: "闭幕式：校长及其所在院校之间的持久联系",
    },
}

# The description's paragraphs, translated one by one (load_conference.DESCRIPTION).
PARAGRAPHS = {
    (
        "The world is confronted with tremendous global challenges and Science and Technology "
        "(S&T) can (i) contribute to tackling them and (ii) be instrumental in influencing and "
        "improving international relations and stability, opening channels of communication "
        "and building trust across borders and continents. Cooperation with like-minded "
        "universities of S&T from different continents enhances the quality of research, "
        "education and innovation."
    ): {
        RU: (
            "Мир стоит перед огромными глобальными вызовами, и наука и технологии могут (i) "
            "помочь в их решении и (ii) стать инструментом улучшения международных отношений и "
            "укрепления стабильности, открывая каналы общения и укрепляя доверие между "
            "странами и континентами. Сотрудничество с близкими по духу научно-техническими "
            "университетами разных континентов повышает качество исследований, образования и "
            "инноваций."
        ),
        ZH: (
            "当今世界面临巨大的全球性挑战，科学技术能够 (i) 为应对这些挑战作出贡献，(ii) 在影响"
            "和改善国际关系与稳定、打开沟通渠道、跨越国界和大洲建立信任方面发挥重要作用。与各大洲"
            "志同道合的理工类大学开展合作，能够提升科研、教育和创新的质量。"
        ),
    },
    (
        "Tomsk Polytechnic University (TPU) hosts this conference in Tomsk (Russian "
        "Federation), providing (i) a global stage to its (international) networks such as the "
        "Association of Sino-Russian Technical Universities (ASRTU) and CESAER and (ii) an "
        "opportunity to reach out to and engage with universities of S&T from China, Europe and "
        "Russia. The Association for Engineering Education of Russia, ASRTU and CESAER "
        "co-organise this conference."
    ): {
        RU: (
            "Томский политехнический университет (ТПУ) проводит эту конференцию в Томске "
            "(Российская Федерация), предоставляя (i) глобальную площадку своим (международным) "
            "сетям, таким как Ассоциация технических университетов России и Китая (АТУРК) и "
            "CESAER, и (ii) возможность наладить связи и сотрудничество с научно-техническими "
            "университетами Китая, Европы и России. Соорганизаторы конференции — Ассоциация "
            "инженерного образования России, АТУРК и CESAER."
        ),
        ZH: (
            "托木斯克理工大学在托木斯克（俄罗斯联邦）举办本次会议，(i) 为其（国际）合作网络，如"
            "中俄工科大学联盟（ASRTU）和CESAER，提供全球舞台，(ii) 为与中国、欧洲和俄罗斯的理工类"
            "大学建立联系、开展合作提供机会。本次会议由俄罗斯工程教育协会、中俄工科大学联盟和"
            "CESAER联合主办。"
        ),
    },
    (
        "This concerns an in-person event hosted by TPU in Tomsk (Russia) allowing for broad "
        "online participation. Importantly, the timing of the contributions allows for "
        "real-time and online participation from China, Europe and Russia."
    ): {
        RU: (
            "Это очное мероприятие, которое ТПУ проводит в Томске (Россия), с широкими "
            "возможностями онлайн-участия. Важно, что время выступлений позволяет участвовать "
            "онлайн в режиме реального времени из Китая, Европы и России."
        ),
        ZH: (
            "这是一场由托木斯克理工大学在托木斯克（俄罗斯）举办的线下活动，同时支持广泛的线上参与。"
            "重要的是，各项报告的时间安排便于来自中国、欧洲和俄罗斯的参会者实时在线参加。"
        ),
    },
}

# The provisional programme (load_programme): its sentences in each language.
PROVISIONAL_NOTE = {
    RU: "Часть предварительной программы: время, название и докладчики ещё могут измениться.",
    ZH: "本场属于暂定日程：时间、题目和发言人仍可能调整。",
}
OPENING_TITLE = {RU: "Открытие: {phrase}", ZH: "开幕式：{phrase}"}
OPENING_DESCRIPTION = {
    RU: "Добро пожаловать на конференцию! Мы отмечаем: {phrase}.",
    ZH: "欢迎参加本次会议，共同庆祝{phrase}。",
}
TOPIC_DESCRIPTION = {
    RU: "Дискуссия по одной из тем конференции: {title}.",
    ZH: "围绕会议议题之一展开讨论：{title}。",
}
CLOSING_DESCRIPTION = {
    RU: (
        "Как ректорам и руководителям равного уровня сохранить связи, установленные на "
        "конференции, между их университетами в Китае, Европе и России."
    ),
    ZH: "校长及同级负责人如何让会议上建立的联系在中国、欧洲和俄罗斯的院校之间延续下去。",
}


def russian_years(years):
    """'125 лет', '21 год', '22 года': the Russian plural of years."""
    if years % 10 == 1 and years % 100 != 11:
        return f"{years} год"
    if 2 <= years % 10 <= 4 and not 12 <= years % 100 <= 14:
        return f"{years} года"
    return f"{years} лет"


def anniversary_phrase(anniversaries, language):
    """'125 лет ТПУ, 10 лет АТУРК' or '托木斯克理工大学125周年、CESAER 30周年' from
    (organisation, years) pairs; None when an organisation's name is not translated."""
    parts = []
    for organisation, years in anniversaries:
        if language == RU:
            name = _own(organisation, "acronym", RU) or _own(organisation, "name", RU)
            parts.append(f"{russian_years(years)} {name}" if name else None)
        else:
            name = _own(organisation, "name", language)
            spacer = " " if name and name[-1].isascii() else ""
            parts.append(f"{name}{spacer}{years}周年" if name else None)
    if None in parts:
        return None
    return (", " if language == RU else "、").join(parts)


def _own(obj, field, language):
    """obj's own text in `language`, without falling back to English."""
    return getattr(obj, build_localized_fieldname(field, language)) or ""


def translated(english, language):
    """The seed translation of an English seed text, or None: whole texts first, then a
    description paragraph by paragraph (every paragraph must be known)."""
    if english in TEXT:
        return TEXT[english][language]
    paragraphs = english.split("\n\n")
    if english and all(paragraph in PARAGRAPHS for paragraph in paragraphs):
        return "\n\n".join(PARAGRAPHS[paragraph][language] for paragraph in paragraphs)
    return None


def _fill(obj, translations):
    """Sets each empty translation from `translations` ({field: {language: text}}); returns
    the names of the columns filled."""
    filled = []
    for field, by_language in translations.items():
        for language, text in by_language.items():
            column = build_localized_fieldname(field, language)
            if text and not getattr(obj, column):
                setattr(obj, column, text)
                filled.append(column)
    return filled


def _seed_translations(obj):
    """{field: {language: text}} for each translated field whose English is seed text."""
    result = {}
    for field in translation.translated_fields(type(obj)):
        english = getattr(obj, build_localized_fieldname(field, "en")) or ""
        result[field] = {
            language: translated(english, language) for language in (RU, ZH) if english
        }
    return result


@transaction.atomic
def translate_seed_conference(*, conference):
    """Fills the empty Russian and Chinese columns of a conference, its organisations, goals,
    topics and date history wherever the English is still the seed's text, and flags the
    conference's translations for review. Returns how many fields were filled."""
    filled = 0
    related = [role.organisation for role in conference.roles.select_related("organisation")]
    related += list(conference.goals.all())
    related += list(conference.topics.all())
    related += list(conference.date_changes.all())
    for obj in related:
        columns = _fill(obj, _seed_translations(obj))
        if columns:
            obj.save(update_fields=columns)
            filled += len(columns)
    columns = _fill(conference, _seed_translations(conference))
    filled += len(columns)
    if filled:
        # A save, not an update: cached pages in every language are dropped (events/apps.py).
        conference.translations_to_review = True
        conference.save(update_fields=[*columns, "translations_to_review"])
    return filled


def session_translations(*, conference, kind, topic=None, phrase_for=None):
    """{field: {language: text}} for a provisional session: `kind` is "opening", "topic" or
    "closing". A language is left out where the text it builds on (a topic's title, an
    organisation's name) has no translation, so the page shows the English."""
    result = {"title": {}, "description": {}}
    for language in (RU, ZH):
        note = PROVISIONAL_NOTE[language]
        if kind == "opening":
            phrase = phrase_for(language)
            if phrase is None:
                continue
            title = OPENING_TITLE[language].format(phrase=phrase)
            description = OPENING_DESCRIPTION[language].format(phrase=phrase)
        elif kind == "topic":
            title = _own(topic, "title", language) if topic else ""
            if not title:
                continue
            description = TOPIC_DESCRIPTION[language].format(title=title)
        else:
            title = TEXT["Closing: sustainable links between rectors and their institutions"][
                language
            ]
            description = CLOSING_DESCRIPTION[language]
        result["title"][language] = title
        result["description"][language] = f"{description}\n\n{note}"
    return result


def apply_to_session(session, translations):
    """Sets a session's empty translations (an unsaved one from the programme loader)."""
    return _fill(session, translations)
