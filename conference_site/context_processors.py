from django.conf import settings


def site(request):
    """Values every page needs: the absolute site URL for canonical and Open Graph links."""
    return {"SITE_URL": settings.SITE_URL}
