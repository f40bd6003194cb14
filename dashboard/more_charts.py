"""Charts of the apps that build on registration: visa requests by state (and, once the
organisers' questions exist, their choice counts). The dashboard sits above them all, so it
imports them here and registers each chart in DashboardConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from dashboard.charts import counts_chart
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
