"""Checks on what organisers upload or type for a conference's look: a colour that keeps
text readable (WCAG AA) and image files that are what they say and carry nothing active."""

import io
import math
import xml.etree.ElementTree as ET
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from branding.contrast import AA_MINIMUM, HEX_COLOUR, WHITE, contrast_ratio

LOGO_MAX_BYTES = 1024 * 1024
IMAGE_MAX_BYTES = 5 * 1024 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code, load other documents or embed foreign markup.
FORBIDDEN_SVG_TAGS = {"script", "foreignObject", "iframe", "embed", "object", "handler"}


def validate_primary_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits, e.g. #005aa0."), code="format"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_MINIMUM:
        # Rounded down, so a colour shown as "4.5" never fails.
        shown = math.floor(ratio * 100) / 100
        raise ValidationError(
            _(
                "This colour has a contrast ratio of %(ratio)s:1 with white; WCAG AA asks at "
                "least %(minimum)s:1 for white text on it and for it as text on the white "
                "page. Choose a darker colour."
            ),
            code="contrast",
            params={"ratio": f"{shown:.2f}", "minimum": f"{AA_MINIMUM:g}"},
        )


def _read(file, limit):
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB."),
            code="too_large",
            params={"size": limit // (1024 * 1024)},
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


class _RefusedMarkup(Exception):
    pass


def _refuse(*args):
    raise _RefusedMarkup


def parse_svg(data):
    """The root element of ``data``, parsed with no document type and no entity at all
    (defusedxml's rules, without the package): expat calls these handlers before anything
    could be expanded or fetched. Raises _RefusedMarkup or ET.ParseError."""
    check = expat.ParserCreate()
    check.StartDoctypeDeclHandler = _refuse
    check.EntityDeclHandler = _refuse
    check.UnparsedEntityDeclHandler = _refuse
    check.ExternalEntityRefHandler = _refuse
    try:
        check.Parse(data, True)
    except expat.ExpatError as error:
        raise ET.ParseError(str(error)) from None
    return ET.fromstring(data)  # noqa: S314 - no DTD, no entity: checked just above


def _local_name(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def check_svg(data):
    """Refuses an SVG that is not well-formed or that could run code or fetch anything:
    a document type or entity, <script> and kin, on* attributes, links other than to a
    fragment of itself or an embedded image."""
    refused = ValidationError(
        _("This SVG contains scripts, event handlers or external references."), code="unsafe"
    )
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise refused
    try:
        root = parse_svg(data)
    except _RefusedMarkup:
        raise refused from None
    except ET.ParseError:
        raise ValidationError(_("This file is not a valid SVG image."), code="invalid") from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise ValidationError(_("This file is not a valid SVG image."), code="invalid")
    for element in root.iter():
        if _local_name(element.tag) in FORBIDDEN_SVG_TAGS:
            raise refused
        for name, value in element.attrib.items():
            local = _local_name(name).lower()
            if local.startswith("on"):
                raise refused
            linked = local == "href" or name == XLINK_HREF
            if linked and not value.startswith(("#", "data:image/")):
                raise refused
            if "url(" in value.replace(" ", "") and "url(#" not in value.replace(" ", ""):
                raise refused
        if _local_name(element.tag) == "style" and element.text and "@import" in element.text:
            raise refused
    return root


def svg_size(root):
    """(width, height) of an SVG from its width/height or its viewBox, or None."""

    def number(text):
        try:
            return float((text or "").strip().removesuffix("px"))
        except ValueError:
            return None

    width, height = number(root.get("width")), number(root.get("height"))
    if width and height:
        return round(width), round(height)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        width, height = number(box[2]), number(box[3])
        if width and height:
            return round(width), round(height)
    return None


def check_raster(data, formats):
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                raise UnidentifiedImageError
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a valid %(formats)s image."),
            code="invalid",
            params={"formats": " / ".join(sorted(formats))},
        ) from None


def is_svg(name):
    return (name or "").lower().endswith(".svg")


def validate_logo(file):
    """An SVG (checked as above) or a PNG (read with Pillow), at most 1 MB."""
    data = _read(file, LOGO_MAX_BYTES)
    if is_svg(file.name):
        check_svg(data)
    elif (file.name or "").lower().endswith(".png"):
        check_raster(data, {"PNG"})
    else:
        raise ValidationError(_("Upload an SVG or PNG file."), code="extension")


def validate_picture(file):
    """A JPEG or PNG photograph or banner, read with Pillow, at most 5 MB."""
    data = _read(file, IMAGE_MAX_BYTES)
    if not (file.name or "").lower().endswith((".png", ".jpg", ".jpeg")):
        raise ValidationError(_("Upload a JPEG or PNG file."), code="extension")
    check_raster(data, {"PNG", "JPEG"})


def image_size(file):
    """(width, height) of a checked logo or picture, or None when it cannot be told."""
    try:
        file.seek(0)
        data = file.read()
        file.seek(0)
    except (OSError, ValueError):
        return None
    try:
        if is_svg(file.name):
            return svg_size(parse_svg(data))
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (_RefusedMarkup, ET.ParseError, UnidentifiedImageError, OSError):
        return None
