from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Conference


class LanguagesSitemap(Sitemap):
    """Every page once per language (settings.LANGUAGES), each with its `hreflang`
    alternates and English as the x-default."""

    i18n = True
    alternates = True
    x_default = True


class ConferenceSitemap(LanguagesSitemap):
    changefreq = "weekly"

    def items(self):
        return Conference.objects.order_by("-starts_at")

    def lastmod(self, conference):
        return conference.updated_at


class ProgrammeSitemap(LanguagesSitemap):
    """The programme and speakers pages of every conference that has sessions."""

    changefreq = "daily"
    sections = ["events:programme", "events:speakers"]

    def items(self):
        conferences = Conference.objects.filter(sessions__isnull=False).distinct()
        return [(conference, name) for conference in conferences for name in self.sections]

    def location(self, item):
        conference, name = item
        return reverse(name, kwargs={"slug": conference.slug})

    def lastmod(self, item):
        return item[0].updated_at
