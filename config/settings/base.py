"""Settings shared by every environment; everything configurable comes from the environment.

With no environment at all the project runs on SQLite with Celery eager: the embedded default.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.project_apps import PROJECT_APPS
from config.rate_limit import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
INSTALLED_APPS += PROJECT_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything that needs the database: /healthz answers 503, not 500, while the
    # database is down (config/health.py). The two above only add headers.
    "config.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and CSRF middleware, which read the body (config/request_limits.py).
    "config.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "organisations.middleware.EndedAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Recover from a restarted database without restarting the app.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- login protection (docs/security.md) -------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user before the password is even checked.
    "config.auth.LoginProtectionBackend",
    # The model backend, except that access ends with employment (organisations/leavers.py).
    "config.auth.EmploymentBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Lock the combination of account and address after this many failures: a typo-prone
# colleague behind the same office NAT does not lock everybody else out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Cut to the attempts table's 255 characters (a longer username was a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "config.login_throttle.attempt_username"
# The client address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT reverse proxies sit in front
# (then X-Forwarded-For, which a client could otherwise forge to dodge the lockout). One
# helper for every per-address rule (config/client_address.py); the AXES_IPWARE_* settings
# were never used (django-ipware is not installed), so the setting had no effect before.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"
AXES_VERBOSE = False
# Never store the password of a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["password"]

# Optional two-factor login (config/two_factor.py), required per organisation.
OTP_TOTP_ISSUER = "Instroom"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (CVs, evidence) live outside the web root and are only served
# through views that check permission.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "uploads")
MEDIA_URL = "/uploads-not-served/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Instroom <noreply@instroom.local>")

# Celery: with no REDIS_URL everything runs eagerly in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Imports parse big files for minutes: they run on their own queue so mails and reminders
# never wait behind them (`make worker` and docker-compose consume both queues).
CELERY_TASK_ROUTES = {"intake.tasks.import_applications": {"queue": "imports"}}
# Code is the source of truth for the schedule; the DatabaseScheduler loads it.
# Apps add their entries in config/schedule.py.
from config.schedule import BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Limits on an imported CSV/XLSX (intake/import_limits.py), checked before it is parsed:
# one upload must not keep a worker busy for minutes or fill its memory.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {
        "default": {
            # A cache outage is a cache miss, never a 500 (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# --- public application form: rate limit and request size (docs/security.md) -------------
# Submissions per client address per this many seconds, e.g. "10/600". Counted in the cache
# (Redis); while the cache is down in the database instead (intake/throttle.py), never open.
INTAKE_APPLY_RATE_LIMIT = parse_rate(env("INTAKE_APPLY_RATE_LIMIT", default="10/600"))
# django-ratelimit reports a cache that could not count instead of letting the request by.
RATELIMIT_FAIL_OPEN = False
# The largest body read at all, refused from its Content-Length before anything reads it
# (config/request_limits.py); the reverse proxy refuses the same (deploy/nginx.conf).
# Everywhere: the largest upload (a 20 MB import file) plus room for the other fields.
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_MB", default=25) * 1024 * 1024
# Per URL name, stricter: the public form takes one CV (organisations.uploads:
# MAX_DOCUMENT_BYTES, 10 MB) plus 1 MB for its text fields and the multipart framing.
REQUEST_BODY_LIMITS = {"intake:apply": 11 * 1024 * 1024}
# Text fields in memory; files above this size go to a temporary file (Django's defaults,
# set here on purpose).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
# Inactivity timeout: every request renews the session, so it ends this many minutes
# after the last request. SESSION_COOKIE_AGE (seconds) is still honoured when set.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=SESSION_IDLE_MINUTES * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline
# script or style, no eval. Bootstrap's icons are data: SVGs in its stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Absolute links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

DEMO_PASSWORD = env("DEMO_PASSWORD", default="instroom-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failed logins and lockouts are WARNING; successful logins are not logged.
        "axes": {"level": "WARNING"},
    },
}
