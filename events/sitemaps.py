from django.contrib.sitemaps import Sitemap

from events.models import Conference


class ConferenceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Conference.objects.order_by("-starts_at")

    def lastmod(self, conference):
        return conference.updated_at
