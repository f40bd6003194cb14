"""How wide a label is drawn, and how to make it fit its room in an SVG chart.

An SVG ``<text>`` neither wraps nor clips: a label anchored at its end and wider than the
room before it runs out of the drawing (a long institution name started at x = -15). The
server cannot know the font the browser picks (the admin asks for the system's), so widths
are estimated from above: per character, the advance of the widest of DejaVu Sans, Noto Sans
and Liberation Sans (Arial's metrics). A label that fits by this estimate fits in any of
them; one that does not is wrapped onto a second line and, if still too long, shortened
with an ellipsis (the chart keeps the whole name in a ``<title>`` and in its table).
"""

import unicodedata

ELLIPSIS = "…"
# The advance of each Latin, Greek, Cyrillic and Vietnamese letter, digit and sign, in em:
# the widest of DejaVu Sans, Noto Sans and Liberation Sans, rounded up to the next step.
# Measured with fontTools from Debian's fonts-dejavu-core, fonts-noto-core and
# fonts-liberation (regular weight, as the charts draw).
WIDTHS = {
    0.35: "'ijlìíîïĩīĭįıĵĺļłʹ͵Ϳϳіїјỉị ,.:;I\xa0·ÌÍÎÏĨĪĬĮİŀ;·ΐΙΪίιϊІЇỈỊ‘’‚‛",
    0.45: "()-/[\\]ftľţťŧſ‐‑!r¡²³¹ŕŗř",
    0.55: '"J`ª°´¸ºĴΊϝЈ․cszçćĉċčśŝşšźżžͻͼͽέεζϯϲгзсэѓєѕỻỿ“”„‟',
    0.65: (
        "*?L_kvxy|¦§¨¯ýÿĳķĸĹĻĽĿŁŷͱͺ΄΅ΓγκλνξςχϛϜвтухьўỳỵỷỹỽ–‖‗†‡•‣$012"
        "3456789FTabdeghnopqu{}¢£¤¥«µ»¿ßàáâãäåèéêëðñòóôõöøùúûüþāăąďđē"
        "ĕėęěĝğġģĥńņňŋōŏőŢŤŦũūŭůűųͳͷΞΣΤήΰβδηθμορστυϋόύϐϑϙϚϡϧϩϫϭϮϱϵ϶Ϸϸ"
        "ϼЃЎГЗТУабеийклорчяѐёђќѝạảấầẩẫậắằẳẵặẸẹẺẻẼẽẾếỀềỂểỄễỆệọỏốồổỗộớờ"
        "ởỡợụủỴỶỸỾ‒€"
    ),
    0.75: (
        "ABEKPSVXYZ¶ÀÁÂÃÄÅÈÉÊËÝÞĀĂĄĒĔĖĘĚħĶŚŜŞŠŶŸŹŻŽͰΆΑΒΔΕΖΚΛΡΥΧΫάαπϏϒ"
        "ϔϗϞϟϥϨϬϰϹϾЀЁЅАБВЕРХЧЬднпцћџẠẢẤẦẨẪẬẮẰẲẴẶứừửữựỲ‥CRUÇÙÚÛÜĆĈĊČĲŔ"
        "ŖŘŨŪŬŮŰŲφϕϻϽϿЄЌКСЭЯъỤỦỼ"
    ),
    0.85: (
        "&DGHNOQÐÑÒÓÔÕÖØĎĐĜĞĠĢĤŃŅŇŊŌŎŐͶΈΗΘΝΟΠΩψϘϤϦϪϴЍЏДИЙЛНОПЦмыỌỎỐỒỔỖỘỺ#+<=>^w~¬±×÷ŉŵΌΏΦΨωώϓϣЪю"
    ),
    0.95: "ͲΉΎϖϠЂЋФЫфњỨỪỬỮỰMĦΜϢϺМжшщљỚỜỞỠỢ",
    1.1: "%Wm©®¼½¾ÆæŴ—―…™@œЊŒЉЖШЩЮ№",
}
ADVANCES = {char: em for em, chars in WIDTHS.items() for char in chars}
# Chinese, Japanese and Korean characters and full-width forms are one em; any other
# character is taken as the widest letter.
FULL_EM = 1.0
UNKNOWN_EM = max(WIDTHS)


def char_width(char):
    """The most room, in em, that `char` takes in a common sans-serif font."""
    if char in ADVANCES:
        return ADVANCES[char]
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    if unicodedata.east_asian_width(char) in {"W", "F"}:
        return FULL_EM
    return UNKNOWN_EM


def text_width(text, *, font_size):
    """The most room `text` takes, in the drawing's units, at `font_size`."""
    return sum(char_width(char) for char in text) * font_size


def _shortened(text, room, font_size):
    """`text` cut to fit `room` with an ellipsis (whole if it fits)."""
    if text_width(text, font_size=font_size) <= room:
        return text
    kept = ""
    for char in text:
        if text_width(kept + char + ELLIPSIS, font_size=font_size) > room:
            break
        kept += char
    return kept.rstrip() + ELLIPSIS


def _break(text, room, font_size):
    """The longest start of `text` that fits `room`, ending at a space where there is one
    (at any character where there is none, as in Chinese), and the rest."""
    if text_width(text, font_size=font_size) <= room:
        return text, ""
    end = 0
    while end < len(text) and text_width(text[: end + 1], font_size=font_size) <= room:
        end += 1
    space = text.rfind(" ", 0, end + 1)
    if space > 0:
        end = space
    end = max(end, 1)
    return text[:end].rstrip(), text[end:].lstrip()


def fit_lines(text, *, room, font_size, lines=2):
    """`text` as at most `lines` lines, each at most `room` wide; the last one shortened
    with an ellipsis when the text does not fit them all."""
    text = " ".join(text.split())
    fitted = []
    while text and len(fitted) < lines - 1:
        line, text = _break(text, room, font_size)
        fitted.append(line)
    if text:
        fitted.append(_shortened(text, room, font_size))
    return fitted or [""]
