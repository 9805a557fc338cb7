import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _routes(db):
    """The routes of the data migration (transactional tests elsewhere flush them)."""
    module = importlib.import_module("training.migrations.0002_seed_routes")
    module.seed_routes(apps, None)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
