import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contributions import services
from contributions.models import Author, Contribution
from tests.contributions.conftest import form_data
from tests.contributions.factories import ContributionFactory, TrackFactory

pytestmark = pytest.mark.django_db

PAGE_LINK_RE = re.compile(
    r"https://conference\.example\.org((?:/ru|/zh-hans)?/contribution/([0-9a-f]{96})/)"
)
TOMSK = zoneinfo.ZoneInfo("Asia/Tomsk")


def page_path(message):
    return PAGE_LINK_RE.search(message.body)[1]


def _submit(browser, call, **overrides):
    return browser.post(
        reverse("contributions:call", kwargs={"slug": "bridge"}), form_data(call, **overrides)
    )


def test_submit_mails_a_link_and_confirming_submits(browser, call):
    response = _submit(browser, call)
    assert response.status_code == 302
    assert response["Location"] == "/events/bridge/call/sent/"
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.DRAFT
    assert contribution.original_language == "ru"
    assert contribution.title == "Новые материалы"
    [submitter] = contribution.authors.all()
    assert (submitter.name, submitter.is_submitter, submitter.is_speaker) == (
        "Анна Смирнова",
        True,
        True,
    )
    [message] = mail.outbox
    assert message.to == ["anna@tpu.ru"]
    assert "Confirm your address to submit your contribution" in message.subject
    page = page_path(message)
    response = browser.get(page)
    assert response.status_code == 200
    assert "Confirm my address and submit" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    response = browser.post(page + "confirm/", {"confirm": "True"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.email_confirmed is True


def test_the_link_is_not_stored_and_not_logged(browser, call, caplog):
    _submit(browser, call)
    token = PAGE_LINK_RE.search(mail.outbox[0].body)[2]
    contribution = Contribution.objects.get()
    stored = " ".join(
        str(value) for value in Contribution.objects.values_list().get() if value is not None
    )
    assert token not in stored
    assert contribution.public_id.hex == token[:32]
    assert token[32:] not in stored  # only the salt and the id are kept: the HMAC is not
    assert contribution.token_matches(token)
    assert not contribution.token_matches(token[:-1] + ("0" if token[-1] != "0" else "1"))
    with caplog.at_level("DEBUG"):
        browser.get(f"/contribution/{token}/nonexistent/")
        browser.get(f"/contribution/{'0' * 96}/")
    from conference_site.log_redaction import redact

    assert token not in redact(f'"GET /ru/contribution/{token}/ HTTP/1.1" 200')
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert token not in logged


def test_a_double_submit_gives_one_contribution_and_one_mail(browser, call):
    first = _submit(browser, call)
    second = _submit(browser, call)
    assert first.status_code == second.status_code == 302
    assert Contribution.objects.count() == 1
    assert Author.objects.count() == 1
    assert len(mail.outbox) == 1


def test_invisible_characters_are_taken_out_of_names_and_refused_in_addresses(browser, call):
    _submit(browser, call, name="Анна\u200b Смир\u00adнова", institution="\u202eTPU")
    author = Author.objects.get()
    assert author.name == "Анна Смирнова"
    assert author.institution == "TPU"
    response = _submit(
        browser, call, email="anna@t\u00adpu.ru", title_ru="Другое", title_en="Other"
    )
    assert response.status_code == 400
    assert Contribution.objects.count() == 1
    assert "invisible" in response.content.decode().lower()


def test_an_address_in_capitals_or_fullwidth_is_the_same_address(browser, call):
    _submit(browser, call)
    _submit(browser, call, email="ＡＮＮＡ@TPU.RU")
    assert Contribution.objects.count() == 1
    assert Contribution.objects.get().submitter_email == "anna@tpu.ru"


@pytest.mark.parametrize(
    "method, name, kwargs",
    [
        ("put", "contributions:call", {"slug": "bridge"}),
        ("delete", "contributions:call", {"slug": "bridge"}),
        ("post", "contributions:sent", {"slug": "bridge"}),
    ],
)
def test_wrong_methods_on_public_pages_are_405(client, call, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 405


@pytest.mark.parametrize("suffix", ["confirm/", "edit/", "authors/", "attachment/"])
def test_state_changes_need_a_post(client, call, suffix):
    contribution = ContributionFactory(call=call)
    response = client.get(f"/contribution/{contribution.page_token}/{suffix}")
    assert response.status_code == 405
    response = client.post(f"/contribution/{contribution.page_token}/")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "prefix, heading",
    [
        ("", "Call for contributions: Bridge"),
        ("/ru", "Приём докладов: Bridge"),
        ("/zh-hans", "征稿：Bridge"),
    ],
)
def test_each_language_renders_the_call(client, call, prefix, heading):
    response = client.get(f"{prefix}/events/bridge/call/")
    assert response.status_code == 200
    body = response.content.decode()
    assert heading in body
    assert "Materials" in body and "Poster" in body
    assert 'name="abstract_zh_hans"' in body


def test_the_call_shows_dates_in_the_conference_zone_and_the_visitors(client, call):
    call.closes_at = dt.datetime(2099, 3, 1, 23, 59, tzinfo=TOMSK)
    call.save()
    body = client.get("/events/bridge/call/").content.decode()
    assert "Asia/Tomsk" in body
    assert "2099-03-01T16:59:00+00:00" in body
    assert "Europe/Paris" not in body
    from events.programme_zone import ZONE_COOKIE

    client.cookies[ZONE_COOKIE] = "Europe/Paris"
    body = client.get("/events/bridge/call/").content.decode()
    assert "Europe/Paris, your time" in body
    assert "Asia/Tomsk, the conference’s time" in body


def _build(call, count):
    for index in range(count):
        TrackFactory(call=call, name=f"Extra track {index}")
        ContributionFactory(call=call)


def test_the_call_page_has_a_bounded_query_count(client, call, django_assert_max_num_queries):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/events/bridge/call/").status_code == 200
        return len(context.captured_queries)

    small = queries()
    _build(call, 20)
    large = queries()
    assert large == small
    assert small <= 8


def test_a_minute_before_the_deadline_in_tomsk_is_taken_and_a_minute_after_is_not(call):
    call.closes_at = dt.datetime(2027, 3, 1, 23, 59, tzinfo=TOMSK)
    call.opens_at = dt.datetime(2027, 1, 1, tzinfo=TOMSK)
    call.save()
    submitter = {"name": "A", "email": "a@tpu.ru", "institution": "TPU", "country": "RU"}
    texts = {"title_en": "T", "abstract_en": "A"}
    args = {
        "call": call,
        "submitter": submitter,
        "texts": texts,
        "original_language": "en",
        "track": call.tracks.first(),
        "format": call.formats.first(),
    }
    before = dt.datetime(2027, 3, 1, 23, 58, tzinfo=TOMSK)
    contribution, created = services.submit(**args, now=before)
    assert created
    after = dt.datetime(2027, 3, 2, 0, 0, tzinfo=TOMSK)
    # 2027-03-01 23:59 in Tomsk is 16:59 UTC: the same moment in Moscow is still 19:59.
    assert after.astimezone(zoneinfo.ZoneInfo("UTC")).hour == 17
    with pytest.raises(services.CallClosed):
        services.submit(**{**args, "texts": {"title_en": "U", "abstract_en": "B"}}, now=after)
    with pytest.raises(services.CallClosed):
        services.update(
            contribution=contribution,
            texts={"title_en": "Changed", "abstract_en": "A"},
            original_language="en",
            track=call.tracks.first(),
            format=call.formats.first(),
            now=after,
        )
    services.update(
        contribution=contribution,
        texts={"title_en": "Changed", "abstract_en": "A"},
        original_language="en",
        track=call.tracks.first(),
        format=call.formats.first(),
        now=before,
    )
    contribution.refresh_from_db()
    assert contribution.title_en == "Changed"


def test_after_the_deadline_the_page_is_read_only_with_a_message(client, call):
    contribution = ContributionFactory(call=call)
    call.opens_at = dt.datetime(2020, 1, 1, tzinfo=TOMSK)
    call.closes_at = dt.datetime(2020, 3, 1, 23, 59, tzinfo=TOMSK)
    call.save()
    body = client.get(f"/contribution/{contribution.page_token}/").content.decode()
    assert "The call closed on" in body
    assert "(Asia/Tomsk)" in body
    assert 'action="/contribution/' not in body  # no form at all
    response = client.post(
        f"/contribution/{contribution.page_token}/edit/",
        {**form_data(call), "title_en": "Late", "original_language": "en"},
    )
    assert response.status_code == 400
    contribution.refresh_from_db()
    assert contribution.title_en != "Late"


def test_coauthors_up_to_the_limit(client, call):
    contribution = ContributionFactory(call=call)
    Author.objects.create(
        contribution=contribution,
        name="S",
        institution="I",
        country="RU",
        email=contribution.submitter_email,
        is_submitter=True,
    )
    url = f"/contribution/{contribution.page_token}/authors/"
    for number in range(call.max_coauthors):
        response = client.post(
            url,
            {
                "name": f"Co {number}",
                "institution": "TPU",
                "country": "CN",
                "email": f"co{number}@example.cn",
                "is_speaker": "on",
            },
        )
        assert response.status_code == 302
    response = client.post(
        url,
        {"name": "One too many", "institution": "TPU", "country": "CN", "email": "x@example.cn"},
    )
    assert response.status_code == 400
    assert f"at most {call.max_coauthors} co-authors" in response.content.decode()
    assert contribution.authors.count() == call.max_coauthors + 1
    coauthor = contribution.authors.filter(is_submitter=False).first()
    response = client.post(f"/contribution/{contribution.page_token}/authors/{coauthor.pk}/remove/")
    assert response.status_code == 302
    assert contribution.authors.count() == call.max_coauthors
    submitter = contribution.authors.get(is_submitter=True)
    client.post(f"/contribution/{contribution.page_token}/authors/{submitter.pk}/remove/")
    assert contribution.authors.filter(is_submitter=True).count() == 1


def test_an_author_on_too_many_contributions_is_refused(browser, call):
    for title in ("One", "Two"):
        _submit(browser, call, title_en=title, title_ru=title)
    response = _submit(browser, call, title_en="Three", title_ru="Три")
    assert response.status_code == 400
    assert "already an author of 2 contributions" in response.content.decode()
    assert Contribution.objects.count() == 2


def test_withdraw_asks_first_then_withdraws_by_post(client, call):
    contribution = ContributionFactory(call=call)
    url = f"/contribution/{contribution.page_token}/withdraw/"
    response = client.get(url)
    assert "Withdraw the contribution?" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    response = client.post(url, {"confirm": "True"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.WITHDRAWN
    assert contribution.withdrawn_at is not None


def test_a_bad_link_is_a_404_page(client, call):
    response = client.get(f"/contribution/{'a' * 96}/")
    assert response.status_code == 404
    response = client.get("/contribution/short/")
    assert response.status_code == 404


def test_a_conference_without_a_call_is_a_404(client, call):
    from tests.factories import ConferenceFactory

    ConferenceFactory(slug="no-call")
    assert client.get("/events/no-call/call/").status_code == 404


def test_the_edit_form_keeps_the_original_marked(client, call):
    contribution = ContributionFactory(call=call, title_ru="Заголовок", abstract_ru="Текст")
    response = client.post(
        f"/contribution/{contribution.page_token}/edit/",
        {**form_data(call), "original_language": "zh-hans"},
    )
    assert response.status_code == 400
    assert "Give the title and abstract in the original language." in response.content.decode()
    with translation.override("en"):
        response = client.post(
            f"/contribution/{contribution.page_token}/edit/",
            {**form_data(call), "original_language": "en"},
        )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.original_language, contribution.title_en) == ("en", "New materials")


def test_a_bot_filling_the_honeypot_stores_and_mails_nothing(browser, call):
    response = _submit(browser, call, website_url="http://spam.example")
    assert response.status_code == 302
    assert Contribution.objects.count() == 0
    assert mail.outbox == []


def test_the_rate_limit_stops_a_client(browser, call, settings):
    settings.FORM_RATE_LIMIT = "3/h"  # the site's public-form limit, made small
    statuses = [
        _submit(browser, call, title_en=f"T{n}", title_ru=f"Т{n}", email=f"a{n}@tpu.ru").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Contribution.objects.count() == 3


def test_a_link_of_another_kind_opens_no_contribution(client, call):
    from tests.factories import DelegationFactory

    delegation = DelegationFactory(conference=call.conference)
    response = client.get(f"/contribution/{delegation.page_token}/")
    assert response.status_code == 404
    contribution = ContributionFactory(call=call)
    assert client.get(f"/delegation/{contribution.page_token}/").status_code == 404


def test_a_call_not_yet_open_shows_no_form_and_takes_nothing(browser, call):
    call.opens_at = call.closes_at - dt.timedelta(days=1)
    call.save()
    page = browser.get("/events/bridge/call/").content.decode()
    assert "The call is not open yet" in page
    assert 'name="abstract_en"' not in page
    assert _submit(browser, call).status_code == 400
    assert Contribution.objects.count() == 0


def test_the_mail_speaks_the_language_of_the_page_and_names_the_deadline_zone(browser, call):
    response = browser.post("/ru/events/bridge/call/", form_data(call))
    assert response["Location"] == "/ru/events/bridge/call/sent/"
    [message] = mail.outbox
    assert "Подтвердите адрес, чтобы подать доклад" in message.subject
    assert page_path(message).startswith("/ru/contribution/")
    assert "(Asia/Tomsk)" in message.body
    assert message.extra_headers["Content-Language"] == "ru"
    body = browser.get("/ru/events/bridge/call/sent/").content.decode()
    assert "Проверьте почту" in body
