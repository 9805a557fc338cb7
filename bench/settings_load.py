"""Settings for the load test: production, but over plain HTTP on 127.0.0.1.

Everything else stays as in production (DEBUG off, Redis cache and broker when
REDIS_URL is set, axes, CSRF). Only what needs HTTPS or a build step is relaxed:
secure cookies and the HTTPS redirect (locust talks plain HTTP to gunicorn), the
static-file manifest (no collectstatic for a benchmark), and mail (not sent).
"""

import os

os.environ.setdefault("SECRET_KEY", "load-test-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from config.settings.production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
