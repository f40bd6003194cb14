import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from branding.contrast import contrast_ratio
from branding.validators import validate_logo, validate_picture, validate_primary_colour
from tests.branding.conftest import CLEAN_SVG, png_bytes, upload

LIGHT_YELLOW = "#ffff99"
TPU_BLUE = "#00549f"


def messages_of(error):
    return [str(message) for message in error.value.messages]


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the classic AA grey


def test_the_tpu_blue_is_accepted():
    assert validate_primary_colour(TPU_BLUE) is None
    assert validate_primary_colour("#767676") is None


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "contrast ratio of 1.04:1 with white; WCAG AA asks at least 4.5:1"),
        ("ru", "контраст с белым 1.04:1; WCAG AA требует не меньше 4.5:1"),
        ("zh-hans", "与白色的对比度为 1.04:1；WCAG AA 要求至少 4.5:1"),
    ],
)
def test_a_light_yellow_is_refused_with_its_ratio(language, words):
    with translation.override(language), pytest.raises(ValidationError) as error:
        validate_primary_colour(LIGHT_YELLOW)
    assert error.value.code == "contrast"
    with translation.override(language):
        (message,) = messages_of(error)
    assert words in message


def test_a_colour_just_under_the_minimum_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_primary_colour("#777777")  # 4.48:1
    assert "4.47:1" in messages_of(error)[0]


@pytest.mark.parametrize("value", ["blue", "#fff", "005aa0", "#00549g", ""])
def test_a_colour_that_is_not_six_hex_digits_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_primary_colour(value)
    assert error.value.code == "format"


def test_a_clean_svg_and_a_png_are_accepted():
    assert validate_logo(upload("logo.svg", CLEAN_SVG)) is None
    assert validate_logo(upload("logo.png", png_bytes())) is None


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<a xlink:href="javascript:alert(1)"><rect/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/#p)"/></svg>',
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    ],
)
def test_an_svg_with_scripts_handlers_or_external_references_is_refused(svg):
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.svg", svg))
    assert error.value.code == "unsafe"
    assert messages_of(error) == [
        "This SVG contains scripts, event handlers or external references."
    ]


def test_a_broken_svg_is_refused_as_invalid():
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.svg", b"<svg"))
    assert error.value.code == "invalid"
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.svg", b"<html/>"))
    assert error.value.code == "invalid"


def test_a_png_with_wrong_content_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.png", b"<svg>not a png</svg>"))
    assert messages_of(error) == ["This file is not a valid PNG image."]
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.png", png_bytes(image_format="JPEG")))
    assert error.value.code == "invalid"


def test_another_kind_of_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.gif", b"GIF89a"))
    assert messages_of(error) == ["Upload an SVG or PNG file."]
    with pytest.raises(ValidationError) as error:
        validate_picture(upload("header.svg", CLEAN_SVG))
    assert messages_of(error) == ["Upload a JPEG or PNG file."]


def test_size_limits():
    big_logo = png_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("logo.png", big_logo))
    assert messages_of(error) == ["The file is larger than 1 MB."]
    # The same file is small enough for a header image, and a JPEG is accepted there.
    assert validate_picture(upload("header.jpg", png_bytes(image_format="JPEG"))) is None
    with pytest.raises(ValidationError) as error:
        validate_picture(upload("header.png", png_bytes() + b"\0" * (5 * 1024 * 1024)))
    assert messages_of(error) == ["The file is larger than 5 MB."]
