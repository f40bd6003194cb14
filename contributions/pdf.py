"""A contribution's PDF: checked, and stored re-written without active content or metadata.

1. The size first (settings.CONTRIBUTION_PDF_MAX_BYTES, 20 MB), before anything reads it.
2. The type by its first bytes ("%PDF-"), never by the name or the browser's word, then the
   file must open in pypdf.
3. Refused if any object reachable from the document holds active content or an attached
   file: /JavaScript or /JS, /OpenAction, /AA (additional actions), /Launch, /EmbeddedFiles,
   /XFA (forms with scripts). pypdf reads names with their #xx escapes decoded and objects
   inside object streams, which a search of the raw bytes would miss.
4. What is kept is a new file with the pages only: no document information (author,
   creator, the software and its user), no XMP metadata, no outline, no forms. Reviewers
   reading anonymously learn nothing from it.
"""

import hashlib
import io

from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAGIC = b"%PDF-"
ACTIVE_NAMES = frozenset(
    {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/XFA"}
)
# A file with more objects than this is refused rather than walked.
MAX_OBJECTS = 500_000


class PdfRefused(Exception):
    """The file is not taken; the message is fit to show to the author."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Cleaned:
    def __init__(self, content, pages):
        self.content = content
        self.pages = pages
        self.size = len(content)
        self.sha256 = hashlib.sha256(content).hexdigest()


def max_bytes():
    return settings.CONTRIBUTION_PDF_MAX_BYTES


def _too_big():
    return _("The file is larger than %(size)d MB.") % {"size": max_bytes() // (1024 * 1024)}


def active_content(reader):
    """The first active name found in an object reachable from the trailer, or None."""
    seen = set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                return "too many objects"
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # a stream's dictionary too
            for name, value in obj.items():
                if name in ACTIVE_NAMES:
                    return name
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, NameObject) and obj in ACTIVE_NAMES:
            return str(obj)
    return None


def clean_pdf(upload):
    """`upload` (a file-like object with .size, or bytes) checked and re-written: a Cleaned
    with the new file's bytes, or PdfRefused with the reason."""
    size = len(upload) if isinstance(upload, bytes) else upload.size
    if size > max_bytes():
        raise PdfRefused(_too_big())
    data = upload if isinstance(upload, bytes) else b"".join(upload.chunks())
    if not data.startswith(MAGIC):
        raise PdfRefused(_("This is not a PDF file. Please upload your contribution as a PDF."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused(_("The PDF is protected by a password. Please upload it without one."))
        found = active_content(reader)
        pages = list(reader.pages)
    except PdfRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise PdfRefused(
            _("This PDF cannot be read. Please save it again and upload it.")
        ) from None
    if found:
        raise PdfRefused(
            _(
                "The PDF holds scripts, actions or attached files, which we do not accept. "
                "Please print it to a new PDF (“Save as PDF”) and upload that."
            )
        )
    if not pages:
        raise PdfRefused(_("The PDF has no pages."))
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page)
    for page in writer.pages:
        for name in ("/Annots", "/AA", "/Metadata", "/PieceInfo"):
            if name in page:
                del page[name]
    writer.metadata = None  # no document information, not even pypdf's own "Producer"
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue()
    if len(content) > max_bytes():
        raise PdfRefused(_too_big())
    return Cleaned(content, len(pages))
