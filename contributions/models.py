"""The call for contributions of a conference, and what authors send to it.

A call (one per conference) says when contributions are taken (in the conference's zone),
the limits (abstract length, co-authors, contributions per author) and whether review is
anonymous; its tracks and formats are what a contribution chooses from. A contribution is
sent without an account: the submitter confirms their address and keeps a secret link
(registration's SecretLink: a public id signed with the SECRET_KEY, so the database never
holds a usable link) to edit it until the deadline, add co-authors, upload a PDF or
withdraw it. The rules the database can hold it holds; clean() says the same in words.
"""

import hashlib
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference_site.storage import private_storage
from events.models import Conference
from registration.models import SecretLink

# The languages a title and abstract may be written in: the site's (settings.LANGUAGES).
LANGUAGE_SUFFIXES = {"en": "en", "ru": "ru", "zh-hans": "zh_hans"}
TOKEN_RE = re.compile(r"[0-9a-f]{32}[0-9a-f]{64}")


def _new_token_salt():
    return secrets.token_hex(16)


def text_fields(language):
    """The (title, abstract) columns of `language` ("en", "ru", "zh-hans")."""
    suffix = LANGUAGE_SUFFIXES[language]
    return f"title_{suffix}", f"abstract_{suffix}"


class Call(models.Model):
    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="call",
        verbose_name=_("conference"),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("The deadline: after it, contributions can only be read.")
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "What is wanted, shown at the top of the call. Paragraphs separated by blank lines."
        ),
    )
    abstract_word_limit = models.PositiveIntegerField(
        _("abstract word limit"),
        default=300,
        validators=[MinValueValidator(20), MaxValueValidator(5000)],
        help_text=_("Words in English and Russian; in Chinese each character counts as one word."),
    )
    max_coauthors = models.PositiveSmallIntegerField(
        _("co-authors at most"),
        default=5,
        validators=[MaxValueValidator(50)],
        help_text=_("Authors besides the submitter."),
    )
    max_contributions_per_author = models.PositiveSmallIntegerField(
        _("contributions per author at most"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Counted by email address, among the contributions not withdrawn."),
    )
    anonymous_review = models.BooleanField(
        _("anonymous review"),
        default=True,
        help_text=_("Reviewers see no author's name, institution or file metadata."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="contributions_call_closes_after_opening",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(abstract_word_limit__gte=20),
                name="contributions_call_word_limit_at_least_20",
                violation_error_message=_("An abstract must be allowed 20 words at least."),
            ),
            models.CheckConstraint(
                condition=Q(max_contributions_per_author__gte=1),
                name="contributions_call_one_contribution_at_least",
                violation_error_message=_("Each author must be allowed one contribution at least."),
            ),
        ]

    def __str__(self):
        return str(_("Call for contributions: %(title)s") % {"title": self.conference.title})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("contributions:call", kwargs={"slug": self.conference.slug})

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})
        if self.conference_id and (
            Call.objects.filter(conference_id=self.conference_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"conference": _("This conference has a call already.")})

    OPEN = "open"
    NOT_YET = "not_yet"
    CLOSED = "closed"

    def window(self, now=None):
        """ "not_yet", "open" or "closed" at `now`: open from opens_at up to (not at)
        closes_at, absolute moments the admin types in the conference's zone."""
        now = now or timezone.now()
        if now < self.opens_at:
            return self.NOT_YET
        if now >= self.closes_at:
            return self.CLOSED
        return self.OPEN

    def is_open(self, now=None):
        return self.window(now) == self.OPEN


class Track(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Format(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        POSTER = "poster", _("Poster")
        WORKSHOP = "workshop", _("Workshop")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="formats", verbose_name=_("call")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    name = models.CharField(_("name"), max_length=200)
    length_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=1),
                name="contributions_format_has_a_length",
                violation_error_message=_("A format lasts one minute at least."),
            ),
        ]

    def __str__(self):
        return self.name


def _filled(field):
    return ~Q(**{field: ""})


def _pair_condition(language):
    """A language's title and abstract are both given or both empty."""
    title, abstract = text_fields(language)
    return Q(**{title: "", abstract: ""}) | (_filled(title) & _filled(abstract))


def _original_condition():
    """The original language is one of the site's and its title and abstract are given."""
    condition = Q(pk__in=[])
    for language in LANGUAGE_SUFFIXES:
        title, abstract = text_fields(language)
        condition |= Q(original_language=language) & _filled(title) & _filled(abstract)
    return condition


class ContributionQuerySet(models.QuerySet):
    def get_by_token(self, token):
        """The contribution a secret link belongs to, or None. Never raises."""
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return None
        contribution = (
            self.select_related("call__conference", "track", "format")
            .filter(public_id=uuid.UUID(token[:32]))
            .first()
        )
        if contribution is None or not contribution.token_matches(token):
            return None
        return contribution

    def counted(self):
        """The contributions counted against an author's limit: all but the withdrawn."""
        return self.exclude(status=Contribution.Status.WITHDRAWN)


class Contribution(SecretLink, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: address not yet confirmed")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    # The states that need a confirmed address.
    CONFIRMED_STATES = (Status.SUBMITTED, Status.ACCEPTED, Status.REJECTED)

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("call")
    )
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("track")
    )
    format = models.ForeignKey(
        Format, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("format")
    )
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_zh_hans = models.CharField(_("title in Chinese"), max_length=300, blank=True)
    abstract_en = models.TextField(_("abstract in English"), blank=True)
    abstract_ru = models.TextField(_("abstract in Russian"), blank=True)
    abstract_zh_hans = models.TextField(_("abstract in Chinese"), blank=True)
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        help_text=_("The language the contribution was written in; the others are translations."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitter_email = models.EmailField(_("submitter's email address"), max_length=254)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the submitter's emails and links."),
    )
    email_confirmed = models.BooleanField(_("address confirmed"), default=False)
    # One contribution per (call, address, original title): the same form sent twice
    # (a double click, a reload) finds the first one instead of making another.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    token_salt = models.CharField(
        max_length=32, default=_new_token_salt, editable=False, verbose_name=_("link salt")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    link_purpose = "contributions.page-link"

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "fingerprint"],
                name="contributions_one_per_address_and_title",
                violation_error_message=_(
                    "A contribution with this title was already sent from this address."
                ),
            ),
            models.CheckConstraint(
                condition=_original_condition(),
                name="contributions_original_language_filled",
                violation_error_message=_("Give the title and abstract in the original language."),
            ),
            *(
                models.CheckConstraint(
                    condition=_pair_condition(language),
                    name=f"contributions_title_and_abstract_{suffix}",
                    violation_error_message=_(
                        "In each language, give both the title and the abstract, or neither."
                    ),
                )
                for language, suffix in LANGUAGE_SUFFIXES.items()
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "accepted", "rejected"])
                | Q(email_confirmed=True),
                name="contributions_submitted_after_confirmation",
                violation_error_message=_(
                    "A contribution is submitted only once its address is confirmed."
                ),
            ),
        ]

    def __str__(self):
        return self.title or str(_("Contribution %(id)s") % {"id": self.pk})

    # No get_absolute_url: the page is reached by a secret link (contributions/links.py).

    @property
    def page_token(self):
        return self.secret_token

    def title_in(self, language):
        return getattr(self, text_fields(language)[0])

    def abstract_in(self, language):
        return getattr(self, text_fields(language)[1])

    @property
    def title(self):
        """The title in the original language."""
        if self.original_language in LANGUAGE_SUFFIXES:
            return self.title_in(self.original_language)
        return ""

    @property
    def abstract(self):
        if self.original_language in LANGUAGE_SUFFIXES:
            return self.abstract_in(self.original_language)
        return ""

    def texts(self):
        """[(language code, language name, title, abstract, is original)] for each language
        given, the original first."""
        names = dict(settings.LANGUAGES)
        rows = [
            (
                code,
                names[code],
                self.title_in(code),
                self.abstract_in(code),
                code == self.original_language,
            )
            for code in LANGUAGE_SUFFIXES
            if self.title_in(code)
        ]
        return sorted(rows, key=lambda row: not row[4])

    @property
    def mail_language(self):
        known = dict(settings.LANGUAGES)
        return self.language if self.language in known else settings.LANGUAGE_CODE

    @staticmethod
    def make_fingerprint(email, title):
        key = f"{email.strip().lower()}\n{' '.join(title.split()).casefold()}"
        return hashlib.sha256(key.encode()).hexdigest()

    def clean(self):
        super().clean()
        errors = {}
        for language in LANGUAGE_SUFFIXES:
            title, abstract = text_fields(language)
            if bool(getattr(self, title)) != bool(getattr(self, abstract)):
                missing = abstract if getattr(self, title) else title
                errors[missing] = _(
                    "In each language, give both the title and the abstract, or neither."
                )
        if self.original_language not in LANGUAGE_SUFFIXES or not (
            self.title_in(self.original_language) and self.abstract_in(self.original_language)
        ):
            errors.setdefault(
                "original_language",
                _("Give the title and abstract in the original language."),
            )
        if self.status in self.CONFIRMED_STATES and not self.email_confirmed:
            errors["status"] = _("A contribution is submitted only once its address is confirmed.")
        if self.call_id and self.track_id and self.track.call_id != self.call_id:
            errors["track"] = _("Choose a track of this call.")
        if self.call_id and self.format_id and self.format.call_id != self.call_id:
            errors["format"] = _("Choose a format of this call.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN


class Author(models.Model):
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="authors",
        verbose_name=_("contribution"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=300)
    country = CountryField(_("country"))
    email = models.EmailField(_("email address"), max_length=254)
    is_speaker = models.BooleanField(_("speaker"), default=False)
    is_submitter = models.BooleanField(_("submitter"), default=False, editable=False)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "email"],
                name="contributions_author_once_per_contribution",
                violation_error_message=_("This author is on the contribution already."),
            ),
            models.UniqueConstraint(
                fields=["contribution"],
                condition=Q(is_submitter=True),
                name="contributions_one_submitter",
                violation_error_message=_("A contribution has one submitter."),
            ),
        ]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # A name of its own: the author's file name (often their own name) is kept aside.
    return f"contributions/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    """The contribution's PDF, stored re-written without active content and metadata."""

    contribution = models.OneToOneField(
        Contribution,
        on_delete=models.CASCADE,
        related_name="attachment",
        verbose_name=_("contribution"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name as uploaded"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.original_name or self.file.name
