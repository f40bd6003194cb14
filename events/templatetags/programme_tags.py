"""Template tags for programme times: each time carries its UTC offset."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from events import timezones

register = template.Library()


@register.filter
def utc_offset(moment):
    """'UTC+7', 'UTC+5:45', 'UTC−4' for an aware datetime already in the zone to show."""
    if not moment:
        return ""
    return timezones.utc_offset_label(moment)


@register.simple_tag
def programme_time(starts_at, ends_at):
    """'19:00–20:30 UTC+7' as two <time> elements, with the end's day when it is a later
    one. Both instants already in the zone to show. One call, not a dozen filters, since a
    programme shows it on every row."""
    later_day = ""
    if ends_at.date() != starts_at.date():
        later_day = format_html(" ({})", date_format(ends_at, "D j M"))
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>{} '
        '<span class="text-body-secondary">{}</span>',
        starts_at.isoformat(),
        f"{starts_at:%H:%M}",
        ends_at.isoformat(),
        f"{ends_at:%H:%M}",
        later_day,
        timezones.utc_offset_label(starts_at),
    )
