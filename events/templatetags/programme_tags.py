"""Template tags for programme times: each time carries its UTC offset."""

from django import template

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
    """'19:00–20:30 UTC+7' as two <time> elements (events.timezones.time_span_html)."""
    return timezones.time_span_html(starts_at, ends_at)
