import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()
