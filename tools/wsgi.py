"""The site as production serves it, plus the uploaded files (MEDIA_ROOT, at MEDIA_URL:
the conference's and organisations' logos), which production's web server serves beside
the site. For the tools' throwaway sites only (tools/throwaway.py): whitenoise indexes the
uploads once, when the server starts, after tools/populate.py has made them."""

from django.conf import settings
from whitenoise import WhiteNoise

from conference_site.wsgi import application as site

application = WhiteNoise(site)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
