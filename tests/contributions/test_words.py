import pytest

from contributions.forms import ContributionTextsForm
from contributions.words import count_words
from tests.contributions.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, words",
    [
        ("Hello world, state-of-the-art results!", 4),
        ("Привет, мир: это — тест.", 4),
        ("我们研究了量子计算。", 9),
        ("用 Python 3 编程", 5),
        ("", 0),
        ("  \n\t ", 0),
    ],
)
def test_words_are_counted_in_each_script(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(
    "field, unit",
    [("abstract_en", "word "), ("abstract_ru", "слово "), ("abstract_zh_hans", "字")],
)
def test_the_limit_holds_in_each_language(call, field, unit):
    title = field.replace("abstract", "title")
    language = {"abstract_en": "en", "abstract_ru": "ru", "abstract_zh_hans": "zh-hans"}[field]
    limit = call.abstract_word_limit
    base = {
        "original_language": language,
        "track": call.tracks.first().pk,
        "format": call.formats.first().pk,
        "title_en": "",
        "abstract_en": "",
        "title_ru": "",
        "abstract_ru": "",
        title: "T",
    }
    at_limit = ContributionTextsForm({**base, field: unit * limit}, call=call)
    assert at_limit.is_valid(), at_limit.errors
    over = ContributionTextsForm({**base, field: unit * (limit + 1)}, call=call)
    assert not over.is_valid()
    assert over.errors[field] == [
        f"The abstract has {limit + 1} words; at most {limit} are allowed."
    ]


def test_the_form_says_how_words_are_counted(call):
    form = ContributionTextsForm(form_data(call), call=call)
    assert "in Chinese each character counts as one word" in str(form["abstract_zh_hans"].help_text)
