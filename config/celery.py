import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("instroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def configure_worker_logging(**kwargs):
    """Workers log through settings.LOGGING like the web processes.

    Connecting this signal stops Celery from installing its own root handler, so
    LOG_LEVEL, the formatter and the quieted loggers (axes, django.db.backends)
    apply to tasks as well.
    """
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
