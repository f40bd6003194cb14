"""Where generated documents are kept: the site's private storage (conference_site.storage),
under badges/, so the web server never serves them; only the admin's download view
(permission-checked) reads them."""

from conference_site.storage import private_storage

__all__ = ["private_storage"]
