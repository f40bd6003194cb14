from django import template

from branding.services import NO_THEME, theme_for

register = template.Library()

# The pages that wear the conference's look: its public pages (events: the conference, its
# programme, speakers and sessions). Registration, attendee and desk pages keep the site's
# own look, and their query budgets (each page would pay one more query the first time it
# is drawn after a save).
BRANDED_NAMESPACES = {"events"}


@register.simple_tag(takes_context=True)
def conference_theme(context, conference):
    """The look of ``conference`` (branding.services.Theme; NO_THEME, with no colour and no
    logos, without a conference or branding or off the conference's public pages):
    ``{% conference_theme conference as theme %}``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace not in BRANDED_NAMESPACES:
        return NO_THEME
    if getattr(conference, "pk", None) is None:
        return NO_THEME
    return theme_for(conference)
