"""One rule for names (registration/names.py): the order a name is written in, the address a
greeting uses, the patronymic kept clean; and every place that shows a name follows it."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import translation

from delegations import services as delegations
from delegations.models import Member
from documents import printing
from registration import names
from registration.emails import send_after_commit
from registration.models import Registration
from tests.delegations.conftest import contact, run_worker
from tests.delegations.conftest import person as member
from tests.documents.conftest import pdf_text
from tests.factories import RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


def person(given, family, patronymic=""):
    return SimpleNamespace(given_name=given, family_name=family, patronymic=patronymic)


# --- the rule --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "family", "patronymic", "language", "shown"),
    [
        # A Chinese name: family name first, no space, in every language.
        ("丽", "王", "", "zh-hans", "王丽"),
        ("丽", "王", "", "en", "王丽"),
        ("丽", "王", "", "ru", "王丽"),
        ("小明", "欧阳", "", "en", "欧阳小明"),
        # Korean in Hangul is written together too; Japanese in kana with a space.
        ("민준", "김", "", "en", "김민준"),
        ("はなこ", "山田", "", "en", "山田 はなこ"),
        ("花子", "山田", "", "en", "山田花子"),
        # Mixed scripts: family name first, with a space.
        ("Li", "王", "", "en", "王 Li"),
        ("丽", "Wang", "", "en", "Wang 丽"),
        # Other names: given name first, the patronymic after it; family first in Chinese.
        ("Jane", "Doe", "", "en", "Jane Doe"),
        ("Jane", "Doe", "", "zh-hans", "Doe Jane"),
        ("Иван", "Петров", "Петрович", "ru", "Иван Петрович Петров"),
        ("Иван", "Петров", "Петрович", "en", "Иван Петрович Петров"),
        ("Иван", "Петров", "Петрович", "zh-hans", "Петров Иван Петрович"),
        ("Иван", "Петров", "", "ru", "Иван Петров"),
        # A part missing: no stray space.
        ("", "王", "", "en", "王"),
        ("", "Doe", "", "en", "Doe"),
        ("Jane", "", "", "en", "Jane"),
        ("", "", "", "en", ""),
        ("  Jane ", " Doe ", " ", "en", "Jane Doe"),
    ],
)
def test_display_name(given, family, patronymic, language, shown):
    assert names.display_name(person(given, family, patronymic), language) == shown


@pytest.mark.parametrize(
    ("given", "family", "patronymic", "language", "addressed"),
    [
        ("丽", "王", "", "zh-hans", "王丽"),
        ("丽", "王", "", "en", "王丽"),  # never the given name alone
        ("丽", "王", "", "ru", "王丽"),
        ("민준", "김", "", "en", "김민준"),
        ("Иван", "Петров", "Петрович", "ru", "Иван Петрович"),
        ("Анна", "Иванова", "", "ru", "Анна Иванова"),
        ("Иван", "Петров", "Петрович", "en", "Иван"),
        ("Jane", "Doe", "", "en", "Jane"),
        ("Jane", "Doe", "", "zh-hans", "Doe Jane"),
        ("", "Doe", "", "en", "Doe"),
        ("", "Петров", "Петрович", "ru", "Петрович Петров"),
    ],
)
def test_salutation_name(given, family, patronymic, language, addressed):
    assert names.salutation_name(person(given, family, patronymic), language) == addressed


def test_the_active_language_is_the_default():
    ivan = person("Иван", "Петров", "Петрович")
    with translation.override("ru"):
        assert names.salutation_name(ivan) == "Иван Петрович"
    with translation.override("zh-hans"):
        assert names.display_name(ivan) == "Петров Иван Петрович"
    with translation.override("en"):
        assert names.display_name(ivan) == "Иван Петрович Петров"


def test_sort_key_is_family_given_patronymic_in_any_case():
    people = [person("b", "Smith"), person("Anna", "smith"), person("Иван", "Иванов", "Б")]
    people.append(person("Иван", "Иванов", "А"))
    assert [names.display_name(p, "en") for p in sorted(people, key=names.sort_key)] == [
        "Anna smith",
        "b Smith",
        "Иван А Иванов",
        "Иван Б Иванов",
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Петрович", "Петрович"),
        ("  Петрович \t", "Петрович"),
        ("Пет\u200bрович", "Петрович"),  # zero-width space
        ("Пет\u00adрович", "Петрович"),  # soft hyphen
        ("\u202eПетрович\u202c", "Петрович"),  # bidi override
        ("\ufeffПетрович", "Петрович"),  # byte order mark
        ("Jose\u0301", "Jos\u00e9"),  # NFC
        ("Abu  Bakr", "Abu Bakr"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # the joiners scripts need stay
        ("\u200b\u200c", "\u200c"),
        ("\u200b", ""),
        (None, ""),
    ],
)
def test_clean_name(typed, stored):
    assert names.clean_name(typed) == stored


# --- stored -----------------------------------------------------------------------------------
def test_patronymic_is_stored_clean_from_the_form(browser, conference):
    response = browser.post(
        REGISTER,
        form_data(
            given_name="Иван\u200b", family_name=" Петров", patronymic="\u00adПетро\u200bвич "
        ),
    )
    assert response.status_code == 302
    stored = Registration.objects.get()
    assert (stored.given_name, stored.family_name, stored.patronymic) == (
        "Иван",
        "Петров",
        "Петрович",
    )


def test_the_patronymic_is_optional(browser, conference):
    response = browser.post(REGISTER, form_data())
    assert response.status_code == 302
    assert Registration.objects.get().patronymic == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_name": "\u200b\u200b"}, "given_name"),
        ({"family_name": "\u00ad"}, "family_name"),
        ({"patronymic": "p" * 101}, "patronymic"),
        ({"patronymic": "Петро\nвич"}, "patronymic"),
        ({"patronymic": "Петро\x00вич"}, "patronymic"),
    ],
)
def test_odd_names_are_field_errors_not_500(browser, conference, overrides, field):
    response = browser.post(REGISTER, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Registration.objects.count() == 0


def test_only_invisible_characters_is_a_blank_name_in_the_admin_too(conference):
    registration = RegistrationFactory(conference=conference)
    registration.given_name = "\u200b"
    registration.patronymic = "\u200b"
    with pytest.raises(Exception) as raised:
        registration.full_clean()
    assert set(raised.value.message_dict) == {"given_name"}


def test_the_manage_page_stores_a_patronymic_clean(browser, conference):
    registration = RegistrationFactory(conference=conference, given_name="Иван")
    data = {
        "given_name": "Иван",
        "family_name": registration.family_name,
        "patronymic": "Петрович\u200b",
        "institution": registration.institution,
        "position": "",
        "country": "RU",
    }
    response = browser.post(f"/registration/manage/{registration.manage_token}/details/", data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.patronymic == "Петрович"


def test_erasure_removes_the_patronymic(conference):
    from registration import services

    registration = RegistrationFactory(conference=conference, patronymic="Петрович")
    services.erase_personal_data(registration=registration)
    registration.refresh_from_db()
    assert registration.patronymic == ""


# --- shown ------------------------------------------------------------------------------------
def sent(registration, kind, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(registration, kind)
    [message] = mail.outbox
    return message.body, message.alternatives[0][0]


def test_chinese_mail_greets_family_name_first_without_space(
    conference, django_capture_on_commit_callbacks
):
    li = RegistrationFactory(conference=conference, given_name="丽", family_name="王")
    li.language = "zh-hans"
    li.save(update_fields=["language"])
    text, html = sent(li, "registered", django_capture_on_commit_callbacks)
    assert text.startswith("尊敬的王丽：\n")
    assert "<p>尊敬的王丽：</p>" in html
    assert "丽," not in text and "尊敬的 " not in text


def test_english_mail_to_a_chinese_name_uses_the_whole_name(
    conference, django_capture_on_commit_callbacks
):
    li = RegistrationFactory(conference=conference, given_name="丽", family_name="王")
    text, html = sent(li, "registered", django_capture_on_commit_callbacks)
    assert text.startswith("Dear 王丽,\n")
    assert "<p>Dear 王丽,</p>" in html


def test_russian_mail_greets_by_given_name_and_patronymic(
    conference, django_capture_on_commit_callbacks
):
    ivan = RegistrationFactory(
        conference=conference, given_name="Иван", family_name="Петров", patronymic="Петрович"
    )
    ivan.language = "ru"
    ivan.save(update_fields=["language"])
    text, html = sent(ivan, "registered", django_capture_on_commit_callbacks)
    assert text.startswith("Здравствуйте, Иван Петрович!\n")
    assert "<p>Здравствуйте, Иван Петрович!</p>" in html
    anna = RegistrationFactory(conference=conference, given_name="Анна", family_name="Иванова")
    anna.language = "ru"
    anna.save(update_fields=["language"])
    text, _html = sent(anna, "registered", django_capture_on_commit_callbacks)
    assert text.startswith("Здравствуйте, Анна Иванова!\n")


def test_the_greeting_is_escaped_in_html_and_plain_in_text(
    conference, django_capture_on_commit_callbacks
):
    odd = RegistrationFactory(conference=conference, given_name="<b>O'Neil</b>")
    text, html = sent(odd, "registered", django_capture_on_commit_callbacks)
    assert text.startswith("Dear <b>O'Neil</b>,\n")
    assert "<p>Dear &lt;b&gt;O&#x27;Neil&lt;/b&gt;,</p>" in html


def test_badge_and_certificate_print_a_chinese_name_family_first_in_any_language(conference):
    wang = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="丽",
        family_name="王",
        institution="Tsinghua University",
        country="CN",
    )
    assert wang.mail_language == "en"
    badge = " ".join(pdf_text(printing.badges_pdf([wang], "a6")).split())
    assert "王丽" in badge and "丽 王" not in badge and "丽王" not in badge
    certificate = " ".join(pdf_text(printing.certificate_pdf(wang)).split())
    assert "王丽" in certificate and "丽 王" not in certificate


def test_letter_prints_a_russian_name_with_its_patronymic(conference):
    ivan = RegistrationFactory(
        conference=conference,
        given_name="Иван",
        family_name="Петров",
        patronymic="Петрович",
    )
    ivan.language = "ru"
    ivan.save(update_fields=["language"])
    letter = " ".join(pdf_text(printing.letter_pdf(ivan)).split())
    assert "Иван Петрович Петров" in letter


def test_lists_show_the_name_in_the_viewers_language(client, conference):
    RegistrationFactory(
        conference=conference, given_name="丽", family_name="王", list_publicly=True
    )
    RegistrationFactory(
        conference=conference,
        given_name="Иван",
        family_name="Петров",
        patronymic="Петрович",
        list_publicly=True,
    )
    page = client.get("/events/bridge-continents/participants/").content.decode()
    assert "<td>王丽</td>" in page
    assert "<td>Иван Петрович Петров</td>" in page
    page = client.get("/zh-hans/events/bridge-continents/participants/").content.decode()
    assert "<td>王丽</td>" in page
    assert "<td>Петров Иван Петрович</td>" in page


def test_admin_list_has_one_name_column_by_the_rule(admin_client, conference):
    RegistrationFactory(conference=conference, given_name="丽", family_name="王")
    RegistrationFactory(conference=conference, given_name="Zoe", family_name="Adams")
    page = admin_client.get("/admin/registration/registration/?o=1").content.decode()
    cells = re.findall(r'<th class="field-name"><a href="[^"]+">([^<]*)</a></th>', page)
    assert cells == ["Zoe Adams", "王丽"]  # sorted by family name
    RegistrationFactory(conference=conference, given_name="Иван", patronymic="Петрович")
    found = admin_client.get("/admin/registration/registration/", {"q": "Петрович"})
    assert found.context["cl"].result_count == 1


def test_delegation_member_follows_the_rule(conference):
    member = Member(given_name="伟", family_name="李", patronymic="")
    assert member.full_name == "李伟"
    assert str(member) == "李伟"


def test_a_delegation_passes_the_patronymic_on(conference, django_capture_on_commit_callbacks):
    ivan = member("Иван", "Сидоров", "ivan.sidorov@tpu.ru", patronymic="Ильич\u200b")
    with django_capture_on_commit_callbacks(execute=True):
        delegation = delegations.submit(
            conference=conference, contact=contact(), members=[ivan], language="ru"
        )
    assert delegation.members.get().patronymic == "Ильич"
    with django_capture_on_commit_callbacks(execute=True):
        delegations.confirm_contact(delegation=delegation)
    run_worker()  # the delegation's people are registered by a background job, mails at its commits
    registration = Registration.objects.get(email="ivan.sidorov@tpu.ru")
    assert registration.patronymic == "Ильич"
    greeting = next(m for m in mail.outbox if m.to == ["ivan.sidorov@tpu.ru"])
    assert greeting.body.startswith("Здравствуйте, Иван Ильич!\n")
