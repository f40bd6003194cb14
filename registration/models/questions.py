"""The organisers' own questions on the registration form, the person's answers, and the exports of
registrations with them.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration.models.registration import Registration


class Question(models.Model):
    """A question organisers add to a conference's registration form (hotel wanted, arrival
    date, excursion...). Its text, help text and choices are written in each language
    (registration/translation.py). A question with answers is archived, never deleted:
    answers keep what was asked (Answer.question_text, AnswerChoice.label)."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        ONE_CHOICE = "one_choice", _("One choice")
        SEVERAL_CHOICES = "several_choices", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")

    class AskedOf(models.TextChoices):
        EVERYONE = "everyone", _("Everyone (in person and online)")
        IN_PERSON = "in_person", _("In-person attendees only")
        ONLINE = "online", _("Online attendees only")

    CHOICE_KINDS = [Kind.ONE_CHOICE, Kind.SEVERAL_CHOICES]

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="questions", verbose_name=_("conference")
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    asked_of = models.CharField(
        _("asked of"), max_length=20, choices=AskedOf.choices, default=AskedOf.EVERYONE
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_(
            "No longer asked; the answers already given stay in the admin and the exports."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["conference", "order", "id"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "short_text",
                        "long_text",
                        "one_choice",
                        "several_choices",
                        "yes_no",
                        "date",
                    ]
                ),
                name="question_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(asked_of__in=["everyone", "in_person", "online"]),
                name="question_asked_of_known",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in self.CHOICE_KINDS

    def is_asked_of(self, mode):
        return self.asked_of in (self.AskedOf.EVERYONE, mode)


class QuestionOption(models.Model):
    """One of the choices of a one-choice or several-choices question."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    label = models.CharField(_("choice"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("No longer offered; given answers stay.")
    )

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label


class Answer(models.Model):
    """A registrant's answer to one question, with the question as it was asked."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    question_text = models.CharField(
        _("question as asked"),
        max_length=300,
        help_text=_("The question's text when it was answered, in the person's language."),
    )
    text = models.TextField(_("text"), max_length=2000, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["registration", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                "registration",
                "question",
                name="one_answer_per_question",
                violation_error_message=_("This question is already answered."),
            ),
        ]

    def __str__(self):
        return f"{self.question_text}: {self.display()}"

    def display(self):
        """The answer as one line of text, in the active language: the chosen labels as
        they were chosen, a date as YYYY-MM-DD."""
        choices = [choice.label for choice in self.choices.all()]
        if choices:
            return "; ".join(choices)
        if self.date is not None:
            return self.date.isoformat()
        if self.yes is not None:
            return str(_("Yes") if self.yes else _("No"))
        return self.text


class AnswerChoice(models.Model):
    """An option chosen in an answer, with its label as it read when chosen."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="choices", verbose_name=_("answer")
    )
    option = models.ForeignKey(
        QuestionOption, on_delete=models.PROTECT, related_name="chosen", verbose_name=_("option")
    )
    label = models.CharField(_("choice as chosen"), max_length=200)

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        ordering = ["answer", "option__order", "option_id"]
        constraints = [
            models.UniqueConstraint("answer", "option", name="one_choice_per_option"),
        ]

    def __str__(self):
        return self.label
