from django.contrib.admin.apps import AdminConfig


class ConferenceAdminConfig(AdminConfig):
    """django.contrib.admin with the site's own AdminSite (conference_site/admin_site.py)."""

    default_site = "conference_site.admin_site.ConferenceAdminSite"
