"""Template filters for programme times: each time carries its UTC offset."""

from django import template

from events import timezones

register = template.Library()


@register.filter
def utc_offset(moment):
    """'UTC+7', 'UTC+5:45', 'UTC−4' for an aware datetime already in the zone to show."""
    if not moment:
        return ""
    return timezones.utc_offset_label(moment)
