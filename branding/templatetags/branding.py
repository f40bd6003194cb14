from django import template

from branding.services import theme_for

register = template.Library()


@register.simple_tag
def conference_theme(conference):
    """The look of ``conference`` (branding.services.Theme), or None without a conference
    or branding: ``{% conference_theme conference as theme %}``. One query per page."""
    if conference is None or getattr(conference, "pk", None) is None:
        return None
    return theme_for(conference)
