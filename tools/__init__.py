"""Tools around the site (not part of it): `make screenshots` and `make check-web`."""
