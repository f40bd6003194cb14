"""WCAG 2.x contrast: relative luminance and the ratio between two colours.

https://www.w3.org/TR/WCAG21/#dfn-relative-luminance and #dfn-contrast-ratio. AA asks 4.5:1
for body text; a primary colour is used both as a background under white text (buttons,
header) and as text on the white page (links, headings), so it must pass both ways."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_MINIMUM = 4.5


def _channel(value):
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
