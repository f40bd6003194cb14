"""The site's URLs plus a page that fails, in every language, for the 500 page's tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from conference_site.urls import handler400, handler404, handler500, urlpatterns  # noqa: F401


def failing_page(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(path("failing/", failing_page), prefix_default_language=False),
]
