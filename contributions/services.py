"""Business rules of the call for contributions, each a plain function and one transaction.

How a contribution goes:

1. ``submit``: someone sends the call's form (no account). The contribution is stored as a
   draft with its submitter as first author, and the submitter is mailed a link to confirm
   the address. The same form sent twice (a double click, a reload) finds the first
   contribution (a constraint on the call, address and original title decides, not a
   check two requests could both pass) and mails nothing more.
2. ``confirm``: the submitter presses the button behind the link: the address is
   confirmed and the contribution is submitted.
3. Until the call closes (``Call.closes_at``, typed in the conference's zone):
   ``update`` (title, abstract, languages, track, format), ``add_author`` and
   ``remove_author`` (co-authors, within the call's limit), ``attach_pdf`` (one PDF,
   re-written without active content and metadata: contributions/pdf.py), ``withdraw``.
   After it the page is read-only.

Each change locks the contribution's row (and for the per-author limit, the call's), so
two requests at once are decided one after the other.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions import pdf
from contributions.emails import send_after_commit
from contributions.models import (
    LANGUAGE_SUFFIXES,
    Attachment,
    Author,
    Call,
    Contribution,
    text_fields,
)
from contributions.words import count_words
from outbox.addresses import normalise_address
from registration import names
from registration import services as registration_services

Status = Contribution.Status
TEXT_FIELDS = [name for language in LANGUAGE_SUFFIXES for name in text_fields(language)]


class ContributionError(Exception):
    """A rule stops the change; the message is fit to show to the submitter."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CallClosed(ContributionError):
    pass


def _check_open(call, now):
    window = call.window(now)
    if window == Call.NOT_YET:
        raise CallClosed(_("The call for contributions is not open yet."))
    if window == Call.CLOSED:
        raise CallClosed(
            _("The call for contributions has closed: contributions can no longer be changed.")
        )


def _address(value):
    try:
        return normalise_address(value)
    except ValidationError as error:
        raise ContributionError(" ".join(error.messages)) from None


def _validated(instance, *, exclude):
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False, validate_unique=False)
    except ValidationError as error:
        raise ContributionError(" ".join(error.messages)) from None


def abstract_problems(call, texts):
    """The messages for each language whose abstract is over the call's limit."""
    problems = {}
    for language in LANGUAGE_SUFFIXES:
        _title, abstract = text_fields(language)
        words = count_words(texts.get(abstract, ""))
        if words > call.abstract_word_limit:
            problems[abstract] = _(
                "The abstract has %(words)d words; at most %(limit)d are allowed."
            ) % {"words": words, "limit": call.abstract_word_limit}
    return problems


def _check_texts(call, texts):
    problems = abstract_problems(call, texts)
    if problems:
        raise ContributionError(" ".join(problems.values()))


def _check_choices(call, track, format):
    if track.call_id != call.pk:
        raise ContributionError(_("Choose a track of this call."))
    if format.call_id != call.pk:
        raise ContributionError(_("Choose a format of this call."))


def _check_author_limit(call, email, *, exclude=None):
    """`email` may be an author of one more contribution to the call."""
    taken = Contribution.objects.counted().filter(call=call, authors__email=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.distinct().count() >= call.max_contributions_per_author:
        raise ContributionError(
            _(
                "%(email)s is already an author of %(count)d contributions, "
                "the most this call takes."
            )
            % {"email": email, "count": call.max_contributions_per_author}
        )


def _clean_texts(data):
    texts = {}
    for name in TEXT_FIELDS:
        value = data.get(name, "") or ""
        texts[name] = names.clean_name(value) if name.startswith("title") else value.strip()
    return texts


@transaction.atomic
def submit(*, call, submitter, texts, original_language, track, format, language=None, now=None):
    """Stores a draft contribution and mails the submitter the link to confirm it.

    `submitter`: name, email, institution, country. `texts`: title_<lang> and
    abstract_<lang> for each language given. Returns (contribution, created): a form sent
    twice returns the first contribution and created False, and mails nothing."""
    now = now or timezone.now()
    call = Call.objects.select_for_update().select_related("conference").get(pk=call.pk)
    _check_open(call, now)
    _check_choices(call, track, format)
    email = _address(submitter["email"])
    texts = _clean_texts(texts)
    _check_texts(call, texts)
    contribution = Contribution(
        call=call,
        track=track,
        format=format,
        original_language=original_language,
        submitter_email=email,
        language=registration_services.offered_language(language or "en"),
        **texts,
    )
    _validated(contribution, exclude=["call", "track", "format", "fingerprint"])
    contribution.fingerprint = Contribution.make_fingerprint(email, contribution.title)
    existing = Contribution.objects.filter(call=call, fingerprint=contribution.fingerprint).first()
    if existing is not None:
        return existing, False
    _check_author_limit(call, email)
    author = Author(
        order=0,
        name=names.clean_name(submitter["name"]),
        institution=names.clean_name(submitter["institution"]),
        country=submitter["country"],
        email=email,
        is_speaker=True,
        is_submitter=True,
    )
    _validated(author, exclude=["contribution"])
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:
        # The same form at the same moment on another connection: its contribution stands.
        existing = Contribution.objects.filter(
            call=call, fingerprint=contribution.fingerprint
        ).first()
        if existing is None:
            raise
        return existing, False
    author.contribution = contribution
    author.save()
    send_after_commit(contribution, "confirm")
    return contribution, True


def _lock(contribution):
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("call__conference", "track", "format")
        .get(pk=contribution.pk)
    )


def _check_changeable(contribution, now):
    if contribution.is_withdrawn:
        raise ContributionError(_("This contribution was withdrawn."))
    if contribution.status in (Status.ACCEPTED, Status.REJECTED):
        raise ContributionError(
            _("This contribution has been decided on and can no longer be changed.")
        )
    _check_open(contribution.call, now)


@transaction.atomic
def confirm(*, contribution, now=None):
    """The submitter's address is theirs: the contribution is submitted. Again: nothing
    changes. Confirming is allowed until the deadline."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    if contribution.email_confirmed:
        return contribution
    _check_changeable(contribution, now)
    contribution.email_confirmed = True
    contribution.status = Status.SUBMITTED
    contribution.submitted_at = now
    contribution.save(update_fields=["email_confirmed", "status", "submitted_at", "updated_at"])
    return contribution


@transaction.atomic
def update(*, contribution, texts, original_language, track, format, now=None):
    now = now or timezone.now()
    contribution = _lock(contribution)
    _check_changeable(contribution, now)
    call = contribution.call
    _check_choices(call, track, format)
    texts = _clean_texts(texts)
    _check_texts(call, texts)
    for name, value in texts.items():
        setattr(contribution, name, value)
    contribution.original_language = original_language
    contribution.track = track
    contribution.format = format
    _validated(contribution, exclude=["call", "fingerprint"])
    # The fingerprint stays the first one: it only tells a repeated form from a new one.
    contribution.save()
    return contribution


@transaction.atomic
def add_author(*, contribution, data, now=None):
    now = now or timezone.now()
    contribution = _lock(contribution)
    _check_changeable(contribution, now)
    call = Call.objects.select_for_update().get(pk=contribution.call_id)
    coauthors = contribution.authors.filter(is_submitter=False).count()
    if coauthors >= call.max_coauthors:
        raise ContributionError(
            _("A contribution has at most %(count)d co-authors.") % {"count": call.max_coauthors}
        )
    email = _address(data["email"])
    if contribution.authors.filter(email=email).exists():
        raise ContributionError(_("This author is on the contribution already."))
    _check_author_limit(call, email, exclude=contribution)
    last = contribution.authors.order_by("-order").values_list("order", flat=True).first() or 0
    author = Author(
        contribution=contribution,
        order=last + 1,
        name=names.clean_name(data["name"]),
        institution=names.clean_name(data["institution"]),
        country=data["country"],
        email=email,
        is_speaker=bool(data.get("is_speaker")),
    )
    _validated(author, exclude=[])
    try:
        with transaction.atomic():
            author.save()
    except IntegrityError:
        raise ContributionError(_("This author is on the contribution already.")) from None
    return author


@transaction.atomic
def remove_author(*, contribution, author_id, now=None):
    now = now or timezone.now()
    contribution = _lock(contribution)
    _check_changeable(contribution, now)
    author = contribution.authors.filter(pk=author_id).first()
    if author is None:
        raise ContributionError(_("This author is not on the contribution."))
    if author.is_submitter:
        raise ContributionError(_("The submitter stays an author."))
    author.delete()


@transaction.atomic
def attach_pdf(*, contribution, upload, now=None):
    """Checks the PDF and keeps it re-written (contributions/pdf.py), replacing the one
    before. PdfRefused's message says why a file is not taken."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _check_changeable(contribution, now)
    try:
        cleaned = pdf.clean_pdf(upload)
    except pdf.PdfRefused as refused:
        raise ContributionError(refused.message) from None
    original_name = names.clean_name(getattr(upload, "name", "") or "")[:255]
    previous = Attachment.objects.filter(contribution=contribution).first()
    if previous is not None:
        old_file = previous.file.name
        attachment = previous
    else:
        old_file = None
        attachment = Attachment(contribution=contribution)
    attachment.original_name = original_name
    attachment.size = cleaned.size
    attachment.pages = cleaned.pages
    attachment.sha256 = cleaned.sha256
    attachment.file.save("contribution.pdf", ContentFile(cleaned.content), save=False)
    attachment.save()
    if old_file:
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return attachment


@transaction.atomic
def withdraw(*, contribution, now=None):
    now = now or timezone.now()
    contribution = _lock(contribution)
    if contribution.is_withdrawn:
        return contribution
    _check_changeable(contribution, now)
    contribution.status = Status.WITHDRAWN
    contribution.withdrawn_at = now
    contribution.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return contribution
