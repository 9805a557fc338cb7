"""Settings for child processes that use the real services (web server, Celery worker).

Like config.settings.test, but Celery talks to the broker at REDIS_URL, the cache is
the production Redis cache, database connections persist, and mail is written to
files in INSTROOM_MAIL_DIR so a test can count what was sent.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, REDIS_URL, env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A killed worker's unacknowledged task is handed out again after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_DEFAULT_QUEUE = env("INSTROOM_CELERY_QUEUE", default="celery")
# Imports have a queue of their own (config/settings/base.py); a test names its own.
CELERY_TASK_ROUTES = {
    "intake.tasks.import_applications": {"queue": env("INSTROOM_IMPORTS_QUEUE", default="imports")}
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = 60
EMAIL_BACKEND = "tests.security.mailbox.FileMailBackend"
INSTROOM_MAIL_DIR = env("INSTROOM_MAIL_DIR", default="")
INSTROOM_MAIL_DELAY = env.float("INSTROOM_MAIL_DELAY", default=0)
INSTROOM_MAIL_DELAY_WHEN = env("INSTROOM_MAIL_DELAY_WHEN", default="after")
