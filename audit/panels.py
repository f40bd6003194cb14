"""The record of one person, as the organisers of their conference see it on the admin page
of the registration (registration/admin.py): the latest entries about that registration,
in that conference only."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from audit.models import AuditEntry

PANEL_LIMIT = 50


def entries_for(obj, *, limit=PANEL_LIMIT):
    """The latest entries about ``obj`` in its own conference (one query)."""
    return list(
        AuditEntry.objects.filter(
            subject_type=obj._meta.label_lower,
            subject_id=obj.pk,
            conference_id=obj.conference_id,
        ).order_by("-at", "-id")[:limit]
    )


def record_table(obj):
    """An HTML table of ``entries_for(obj)``. (A data officer finds all of them in the
    record's own admin list, filtered by subject.)"""
    entries = entries_for(obj) if obj is not None and obj.pk else []
    if not entries:
        return _("Nothing recorded yet.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                entry.username or _("the person or the site"),
                entry.role,
                entry.get_action_display(),
                entry.detail,
            )
            for entry in entries
        ),
    )
    table = format_html(
        '<table class="audit-record"><caption>{}</caption><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("The latest %(count)d entries, newest first") % {"count": len(entries)},
        _("When"),
        _("Who"),
        _("Role"),
        _("Action"),
        _("Detail"),
        rows,
    )
    return table
