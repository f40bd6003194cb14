"""Charts drawn from other apps' figures: visa requests by state, and the answers to the
organisers' choice questions. The dashboard sits above every app, so it imports them here
and registers each provider in DashboardConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from dashboard.charts import counts_chart
from registration import questions
from visas.models import VisaRequest


def visa_requests_chart(conference):
    """One bar per state, every state shown (one aggregate query); nothing for a conference
    without visa requests (an online one, say)."""
    counts = VisaRequest.objects.counts_by_status(conference)
    if not any(counts.values()):
        return None
    labels = dict(VisaRequest.Status.choices)
    return counts_chart(
        key="visas",
        title=_("Visa requests by state"),
        label_heading=_("State"),
        series_label=_("Requests"),
        counts=[(labels[status], count) for status, count in counts.items()],
    )


def question_charts(conference):
    """One bar chart per one-choice, several-choices and yes/no question (four queries in
    all, whatever the number of questions or registrations)."""
    return [
        counts_chart(
            key=f"question-{count.question.pk}",
            title=count.question.text,
            label_heading=_("Answer"),
            series_label=_("Registrations"),
            counts=count.rows,
        )
        for count in questions.choice_counts(conference)
    ]
