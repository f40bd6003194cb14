"""The organisers' own questions on the registration form: which are asked of whom, the form
field each one becomes, saving the answers with what was asked, and the counts of choices
for the dashboard.

The models are in registration/models.py (Question, QuestionOption, Answer, AnswerChoice);
the state changes that save answers are in registration/services.py (register,
update_answers), which call ``save_answers`` here inside their transaction.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from registration.models import Answer, AnswerChoice, Question, QuestionOption, Registration

Kind = Question.Kind
YES, NO = "yes", "no"
TEXT_MAX_LENGTH = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 2000}


# --- which questions ----------------------------------------------------------------------
def asked_questions(conference, modes):
    """The questions `conference` asks now of someone taking part in any of `modes`, in
    order, with their choices still offered: two queries whatever their number."""
    asked_of = [Question.AskedOf.EVERYONE, *modes]
    return list(
        Question.objects.filter(conference=conference, archived=False, asked_of__in=asked_of)
        .prefetch_related(
            Prefetch("options", queryset=QuestionOption.objects.filter(archived=False))
        )
        .order_by("order", "id")
    )


# An answer's choices with their options: one query for both, so an answer can be read by
# option (``answer_text``) as well as as chosen (``Answer.display``).
def chosen_options():
    return Prefetch("choices", queryset=AnswerChoice.objects.select_related("option"))


def answers_of(registration):
    """The registration's answers in the questions' order, with the choices as chosen."""
    return list(
        registration.answers.select_related("question")
        .prefetch_related(chosen_options())
        .order_by("question__order", "question_id")
    )


def answer_text(answer):
    """The answer as organisers read it, in the active language: each chosen option by its
    label in that language, whatever language the person chose it in ("No, thank you" and
    "Не нужен" are one option), so an export or a list reads in one language; yes/no, a
    date (YYYY-MM-DD) and a text as ``Answer.display`` gives them. The person's own pages
    keep ``Answer.display``: the labels as they read them when choosing."""
    options = [choice.option for choice in answer.choices.all()]
    if options:
        return "; ".join(option.label for option in options)
    return answer.display()


def for_manage_page(registration, *, editable):
    """(asked, answers) for the manage page: the questions asked now of the registration's
    mode when `editable` (else none), and all its answers, each with its question, in the
    questions' order. One query when the conference asks nothing; four at most."""
    answered = registration.answers.values("question_id")
    shown = Q(pk__in=answered)
    if editable:
        asked_of = [Question.AskedOf.EVERYONE, registration.attendance_mode]
        shown |= Q(archived=False, asked_of__in=asked_of)
    found = list(
        Question.objects.filter(shown, conference_id=registration.conference_id)
        .prefetch_related(
            # An archived choice this person chose stays offered to them (checked), so
            # saving their other answers does not drop it.
            Prefetch(
                "options",
                queryset=QuestionOption.objects.filter(
                    Q(archived=False)
                    | Q(
                        pk__in=AnswerChoice.objects.filter(
                            answer__registration=registration
                        ).values("option_id")
                    )
                ),
            ),
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(registration=registration).prefetch_related(
                    "choices"
                ),
                to_attr="answers_of_registration",
            ),
        )
        .order_by("order", "id")
    )
    asked = [
        question
        for question in found
        if editable and not question.archived and question.is_asked_of(registration.attendance_mode)
    ]
    answers = [answer for question in found for answer in question.answers_of_registration]
    return asked, answers


# --- form fields ----------------------------------------------------------------------------
def field_name(question):
    return f"question_{question.pk}"


def form_field(question, *, required):
    common = {
        "label": question.text,
        "help_text": question.help_text,
        "required": required,
    }
    options = [(str(option.pk), option.label) for option in question.options.all()]
    if question.kind in TEXT_MAX_LENGTH:
        max_length = TEXT_MAX_LENGTH[question.kind]
        widget = forms.Textarea(attrs={"rows": 3}) if question.kind == Kind.LONG_TEXT else None
        return forms.CharField(max_length=max_length, widget=widget, **common)
    if question.kind == Kind.ONE_CHOICE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == Kind.SEVERAL_CHOICES:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Kind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2026-09-14.")},
        **common,
    )


def add_fields(form, questions):
    """Adds one field per question to `form`, required as the question says (the register
    form relaxes those asked of one mode: it checks them with ``check_required``)."""
    for question in questions:
        form.fields[field_name(question)] = form_field(question, required=question.required)


def initial_values(answers):
    """The form's initial data for saved answers."""
    initial = {}
    for answer in answers:
        question = answer.question
        name = field_name(question)
        if question.kind == Kind.ONE_CHOICE:
            chosen = [str(choice.option_id) for choice in answer.choices.all()]
            initial[name] = chosen[0] if chosen else None
        elif question.kind == Kind.SEVERAL_CHOICES:
            initial[name] = [str(choice.option_id) for choice in answer.choices.all()]
        elif question.kind == Kind.YES_NO:
            initial[name] = None if answer.yes is None else (YES if answer.yes else NO)
        elif question.kind == Kind.DATE:
            initial[name] = answer.date
        else:
            initial[name] = answer.text
    return initial


def _is_empty(value):
    return value in (None, "", [], ())


def check_required(form, questions, mode):
    """Adds an error to each required question asked of `mode` that is not answered."""
    for question in questions:
        name = field_name(question)
        if (
            question.required
            and question.is_asked_of(mode)
            and name not in form.errors
            and _is_empty(form.cleaned_data.get(name))
        ):
            form.add_error(name, _("Please answer this question."))


def cleaned_answers(form, questions, mode=None):
    """{question: value} from a valid form, for the questions asked of `mode` (all of them
    when None). A value is text, a date, True/False, or a list of QuestionOption; an empty
    value removes an earlier answer."""
    answers = {}
    for question in questions:
        if mode is not None and not question.is_asked_of(mode):
            continue
        value = form.cleaned_data.get(field_name(question))
        options = {str(option.pk): option for option in question.options.all()}
        if question.kind == Kind.ONE_CHOICE:
            value = [options[value]] if value else []
        elif question.kind == Kind.SEVERAL_CHOICES:
            value = [options[pk] for pk in value or []]
        elif question.kind == Kind.YES_NO:
            value = {YES: True, NO: False}.get(value)
        answers[question] = value
    return answers


# --- saving -----------------------------------------------------------------------------
def save_answers(registration, answers):
    """Writes `answers` ({question: value}, see ``cleaned_answers``) for `registration`,
    keeping each question's text as shown in the active language. Called by the services
    inside their transaction; returns the questions whose answer changed."""
    existing = {answer.question_id: answer for answer in answers_of(registration)}
    changed = []
    for question, value in answers.items():
        answer = existing.get(question.pk)
        if _is_empty(value):
            if answer is not None:
                answer.delete()
                changed.append(question)
            continue
        if answer is not None and _same(answer, question, value):
            continue
        if answer is None:
            answer = Answer(registration=registration, question=question)
        answer.question_text = question.text
        answer.text = value if question.kind in TEXT_MAX_LENGTH else ""
        answer.date = value if question.kind == Kind.DATE else None
        answer.yes = value if question.kind == Kind.YES_NO else None
        answer.full_clean(exclude=["registration", "question"], validate_constraints=False)
        answer.save()
        if question.has_choices:
            answer.choices.all().delete()
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, option=option, label=option.label) for option in value
            )
        changed.append(question)
    return changed


def _same(answer, question, value):
    if question.has_choices:
        return sorted(c.option_id for c in answer.choices.all()) == sorted(o.pk for o in value)
    if question.kind == Kind.DATE:
        return answer.date == value
    if question.kind == Kind.YES_NO:
        return answer.yes == value
    return answer.text == value


# --- counts for the dashboard -------------------------------------------------------------
@dataclass
class ChoiceCount:
    question: Question
    rows: list  # [(label, count)] in the choices' order

    @property
    def total(self):
        return sum(count for _label, count in self.rows)


def choice_counts(conference):
    """For each one-choice, several-choices and yes/no question of `conference`: how many
    active registrations chose each choice. Labels in the active language; archived
    questions and choices only where someone chose them. Four queries."""
    active = Registration.ACTIVE_STATUSES
    questions = list(
        Question.objects.filter(
            conference=conference, kind__in=[*Question.CHOICE_KINDS, Kind.YES_NO]
        )
        .prefetch_related("options")
        .order_by("order", "id")
    )
    by_option = dict(
        AnswerChoice.objects.filter(
            option__question__conference=conference, answer__registration__status__in=active
        )
        .values_list("option_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_yes = {
        (question_id, yes): n
        for question_id, yes, n in Answer.objects.filter(
            question__conference=conference,
            question__kind=Kind.YES_NO,
            registration__status__in=active,
        )
        .values_list("question_id", "yes")
        .annotate(n=Count("id"))
        .order_by()
    }
    counts = []
    for question in questions:
        if question.kind == Kind.YES_NO:
            rows = [
                (_("Yes"), by_yes.get((question.pk, True), 0)),
                (_("No"), by_yes.get((question.pk, False), 0)),
            ]
        else:
            rows = [
                (option.label, by_option.get(option.pk, 0))
                for option in question.options.all()
                if not option.archived or by_option.get(option.pk)
            ]
        count = ChoiceCount(question=question, rows=rows)
        if not question.archived or count.total:
            counts.append(count)
    return counts


# --- the typical questions, for a conference that has none (load_registration_defaults) ----
def ensure_default_questions(*, conference, defaults):
    """Adds `defaults` (dicts of Question fields, with "options": [label dicts]) to a
    conference that has no question at all, archived ones included; a conference whose
    organisers made or removed any keeps what they made. Returns the questions added."""
    if Question.objects.filter(conference=conference).exists():
        return []
    added = []
    for order, entry in enumerate(defaults, start=1):
        entry = dict(entry)
        options = entry.pop("options", [])
        question = Question.objects.create(conference=conference, order=order * 10, **entry)
        QuestionOption.objects.bulk_create(
            QuestionOption(question=question, order=n, **labels)
            for n, labels in enumerate(options, start=1)
        )
        added.append(question)
    return added
