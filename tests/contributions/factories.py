"""Factories of the call for contributions (the rest are in tests/factories.py)."""

import datetime as dt
import io

import factory
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from contributions.models import Author, Call, Contribution, Format, Track
from tests.factories import ConferenceFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    conference = factory.SubFactory(ConferenceFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    intro = "We invite talks and posters on science and technology."
    abstract_word_limit = 50
    max_coauthors = 2
    max_contributions_per_author = 2


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Track {n}")


class FormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Format

    call = factory.SubFactory(CallFactory)
    kind = Format.Kind.TALK
    name = "Talk"
    length_minutes = 20


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    call = factory.SubFactory(CallFactory)
    track = factory.LazyAttribute(lambda o: TrackFactory(call=o.call))
    format = factory.LazyAttribute(lambda o: FormatFactory(call=o.call))
    title_en = factory.Sequence(lambda n: f"Contribution {n}")
    abstract_en = "We measured something carefully."
    original_language = "en"
    status = Contribution.Status.SUBMITTED
    email_confirmed = True
    submitter_email = factory.Sequence(lambda n: f"author{n}@example.org")
    fingerprint = factory.LazyAttribute(
        lambda o: Contribution.make_fingerprint(o.submitter_email, o.title_en)
    )


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    contribution = factory.SubFactory(ContributionFactory)
    name = factory.Sequence(lambda n: f"Author {n}")
    institution = "Tomsk Polytechnic University"
    country = "RU"
    email = factory.Sequence(lambda n: f"coauthor{n}@example.org")


def pdf_bytes(*, metadata=None, active=None, pages=1):
    """A small PDF made with pypdf: `metadata` as document information, `active` one of
    "javascript", "launch", "aa", "embedded", "xfa" to plant active content."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    if metadata:
        writer.add_metadata(metadata)
    root = writer.root_object
    if active == "javascript":
        root[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello')"),
            }
        )
    elif active == "launch":
        page = writer.pages[0]
        page[NameObject("/AA")] = DictionaryObject(
            {
                NameObject("/O"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/Launch"),
                        NameObject("/F"): TextStringObject("calc.exe"),
                    }
                )
            }
        )
    elif active == "embedded":
        writer.add_attachment("payload.exe", b"MZ not really")
    elif active == "xfa":
        root[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/XFA"): TextStringObject("<xdp/>")}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
