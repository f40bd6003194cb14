from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from conference_site import views
from events.sitemaps import ConferenceSitemap, ProgrammeSitemap

admin.site.site_header = _("Conference administration")
admin.site.site_title = _("Conference administration")
# "View site" leads to the home page in the admin's language (/ru/ from /ru/admin/).
admin.site.site_url = reverse_lazy("events:home")

# Site-wide endpoints that speak no language (the sitemap lists every language's pages).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"conferences": ConferenceSitemap, "programme": ProgrammeSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # A conference's stylesheet and social preview images (the language is in the path).
    path("", include("branding.urls")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True),
    ),
]

# Public pages and the calendar files linked from them, once per language: English
# unprefixed as before, /ru/... and /zh-hans/... (settings.LANGUAGES). The admin too: an
# organiser who prefers Russian works at /ru/admin/ (the language links in its header,
# templates/admin/base_site.html), and every link and redirect inside stays in Russian.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    # The second factor of staff who read personal data (mfa/): passkeys and codes.
    path("account/second-factor/", include("mfa.urls")),
    path("account/second-factor/passkeys/", include("mfa.webauthn")),
    path("", include("events.urls")),
    path("", include("registration.urls")),
    path("", include("privacy.urls")),
    path("", include("attending.urls")),
    path("", include("delegations.urls")),
    path("", include("contributions.urls")),
    path("", include("visas.urls")),
    path("", include("documents.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "conference_site.views.bad_request"
handler404 = "conference_site.views.page_not_found"
handler500 = "conference_site.views.server_error"
