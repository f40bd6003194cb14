from django import template

from dashboard.panel import dashboard_context

register = template.Library()


@register.inclusion_tag("dashboard/panel.html", takes_context=True)
def conference_dashboard(context):
    """The dashboard for the admin index; draws nothing for a user who may not see it."""
    return {"dashboard": dashboard_context(context["request"])}
