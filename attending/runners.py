"""The attending app's background job (jobs/registry.py), added in AttendingConfig.ready():
chosen join links revoked and reissued, one after the other through ``joins.revoke``, as
the admin's action asks (attending/admin.py)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from attending import joins
from attending.models import JoinPass
from jobs.admin_actions import chosen
from jobs.registry import JobError, JobKind, Result, add_kind
from teams import services as teams

REVOKE_JOB = "attending.revoke_joinpasses"
REVOKE_PERMISSION = "attending.revoke_joinpass"


def revoke_and_reissue(job, report_progress):
    user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None or not teams.may(user, REVOKE_PERMISSION, job.conference_id):
        raise JobError(_("The account that started this job may no longer revoke join links."))
    # A link revoked since it was chosen (by another job, or this one run again) is skipped.
    passes = list(
        chosen(
            job,
            JoinPass.objects.active().select_related("registration").order_by("pk"),
            "registration__conference",
        )
    )
    report_progress(0, len(passes))
    for position, join_pass in enumerate(passes, start=1):
        joins.revoke(registration=join_pass.registration, by=user)
        report_progress(position)
    count = len(passes)
    return Result(
        message=ngettext(
            "%(count)d join link revoked and reissued.",
            "%(count)d join links revoked and reissued.",
            count,
        )
        % {"count": count},
        count=count,
    )


def add_kinds():
    add_kind(
        JobKind(
            name=REVOKE_JOB,
            label=_("Join links revoked and reissued"),
            run=revoke_and_reissue,
            permission=REVOKE_PERMISSION,
            result_for="team",
        )
    )
