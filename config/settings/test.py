"""Test settings: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise."""

import os
import re

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REDIS_URL

# Parallel test runs (pytest-xdist): each worker gets its own Redis database, so a
# real Celery worker started by one test process never takes another's tasks. The
# environment is rewritten too, because tests hand it to the processes they start.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):
    REDIS_URL = re.sub(r"(/\d+)?$", f"/{int(_xdist_worker[2:]) + 1}", REDIS_URL, count=1)
    os.environ["REDIS_URL"] = REDIS_URL
    CELERY_BROKER_URL = REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that exercise a real worker switch this off themselves.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"
DATABASES["default"]["CONN_MAX_AGE"] = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders; tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
