from django.conf import settings
from django.urls import reverse


def site(request):
    """Values every page needs: the absolute site URL for canonical and Open Graph links,
    and the privacy page the footer links to."""
    return {"SITE_URL": settings.SITE_URL, "privacy_url": reverse("registration:privacy")}
