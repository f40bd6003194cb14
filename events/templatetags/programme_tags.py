"""Template tags for programme times: each time carries its UTC offset."""

from django import template

from events import timezones

register = template.Library()


@register.simple_tag
def programme_time(starts_at, ends_at):
    """'19:00–20:30 UTC+7' as two <time> elements (events.timezones.time_span_html)."""
    return timezones.time_span_html(starts_at, ends_at)
