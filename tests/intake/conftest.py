import shutil

import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded CVs go to a temporary folder per test."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    yield
    shutil.rmtree(tmp_path / "uploads", ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
