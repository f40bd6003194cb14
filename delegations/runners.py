"""The delegations' background job (jobs/registry.py), added in DelegationsConfig.ready():
registering the people of a delegation whose contact just confirmed their address
(delegations/services.py ``register_waiting``). Registration managers of the conference see
it on the jobs page."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delegations import services
from delegations.models import Delegation
from jobs.registry import JobError, JobKind, Result, add_kind


def register_members(job, report_progress):
    delegation = Delegation.objects.filter(pk=job.params["delegation"]).first()
    if delegation is None:
        raise JobError(_("The delegation was deleted before its people were registered."))
    now = dt.datetime.fromisoformat(job.params["at"])
    count = services.register_waiting(
        delegation=delegation, now=now, report_progress=report_progress
    )
    return Result(
        message=ngettext(
            "%d person's registration made or refused (see the delegation's rows).",
            "%d people's registrations made or refused (see the delegation's rows).",
            count,
        )
        % count,
        count=count,
    )


def add_kinds():
    add_kind(
        JobKind(
            name=services.REGISTER_JOB,
            label=_("A delegation's people registered"),
            run=register_members,
            permission="delegations.view_delegation",
            result_for="team",
        )
    )
