"""Chinese line breaking: <wbr> between BudouX's phrases on Simplified Chinese pages only,
with everything escaped (events/line_breaks.py, the |phrase_breaks filter)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from events.line_breaks import phrases, with_phrase_breaks
from tests.factories import ConferenceFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template(source).render(Context(context))


def test_phrases_are_budoux_phrases():
    assert phrases("科技桥梁连接大陆") == ["科技", "桥梁", "连接", "大陆"]
    assert phrases("Bridge Continents") == ["Bridge Continents"]
    assert phrases("") == []


def test_a_chinese_page_gets_wbr_between_phrases():
    with translation.override("zh-hans"):
        assert render("{{ t|phrase_breaks }}", t="科技桥梁连接大陆") == (
            "科技<wbr>桥梁<wbr>连接<wbr>大陆"
        )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_other_languages_get_the_text_escaped_and_unchanged(language):
    with translation.override(language):
        assert render("{{ t|phrase_breaks }}", t="科技桥梁 <b>") == "科技桥梁 &lt;b&gt;"


def test_text_is_escaped_before_the_breaks_are_added():
    with translation.override("zh-hans"):
        html = render("{{ t|phrase_breaks }}", t='科技<script>alert("会议")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.replace("<wbr>", "") == ("科技&lt;script&gt;alert(&quot;会议&quot;)&lt;/script&gt;")


def test_safe_markup_keeps_its_tags_and_entities_and_leaves_scripts_alone():
    markup = mark_safe(
        '<p class="会议">科技桥梁 &amp; 连接大陆</p><script>var a = "科技桥梁";</script>'
    )
    html = with_phrase_breaks(markup, "zh-hans")
    assert isinstance(html, SafeData)
    assert html == (
        '<p class="会议">科技<wbr>桥梁 &amp; <wbr>连接<wbr>大陆</p>'
        '<script>var a = "科技桥梁";</script>'
    )


def test_a_translated_heading_through_the_filter_tag():
    with translation.override("zh-hans"):
        html = render("{% filter phrase_breaks %}<h2>{{ t }}</h2>{% endfilter %}", t="日程概览")
    assert html == "<h2>日程<wbr>概览</h2>"


def test_none_is_empty():
    assert with_phrase_breaks(None, "zh-hans") == ""
    assert with_phrase_breaks(None, "en") == ""


def test_a_chinese_description_gets_breaks_in_each_paragraph():
    conference = ConferenceFactory(
        description="English.", description_zh_hans="科技桥梁连接大陆\n\n会议日程"
    )
    with translation.override("zh-hans"):
        html = render('{{ c|paragraphs_in_language:"description" }}', c=conference)
    assert html == "<p>科技<wbr>桥梁<wbr>连接<wbr>大陆</p>\n\n<p>会议<wbr>日程</p>"


def test_the_chinese_event_page_breaks_its_title_and_summary_between_phrases(client):
    conference = ConferenceFactory(
        title="Bridge", title_zh_hans="科技桥梁连接大陆", summary_zh_hans="会议日程"
    )
    html = client.get(f"/zh-hans/events/{conference.slug}/").content.decode()
    assert ">科技<wbr>桥梁<wbr>连接<wbr>大陆</h1>" in html
    assert '<p class="lead">会议<wbr>日程</p>' in html
    # Never inside the <title> or an attribute.
    assert "<title>科技桥梁连接大陆 ·" in html
    assert '<meta property="og:title" content="科技桥梁连接大陆">' in html
    english = client.get(f"/events/{conference.slug}/").content.decode()
    assert "<wbr>" not in english


def test_chinese_session_titles_break_between_phrases_on_programme_session_and_speakers_pages(
    client,
):
    conference = ConferenceFactory(title="Bridge")
    session = SessionFactory(
        conference=conference, title="Opening", title_zh_hans="科技桥梁连接大陆"
    )
    session.speakers.add(SpeakerFactory())
    pages = [
        f"/zh-hans/events/{conference.slug}/programme/",
        f"/zh-hans{session.get_absolute_url()}",
        f"/zh-hans/events/{conference.slug}/speakers/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert "科技<wbr>桥梁<wbr>连接<wbr>大陆" in html, path
    english = client.get(f"/events/{conference.slug}/programme/").content.decode()
    assert "<wbr>" not in english
