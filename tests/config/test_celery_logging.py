"""Celery workers log through settings.LOGGING, not Celery's own root handler."""

import logging
from unittest import mock

from celery.app.log import Logging
from django.conf import settings

from config.celery import app


def test_a_starting_worker_configures_logging_from_the_settings(monkeypatch):
    # A worker calls setup_logging_subsystem once at start; run it as a fresh process would.
    monkeypatch.setattr(Logging, "_setup", False)
    root_handlers = list(logging.getLogger().handlers)
    with mock.patch("logging.config.dictConfig") as dict_config:
        app.log.setup_logging_subsystem(loglevel="INFO")
    dict_config.assert_called_once_with(settings.LOGGING)
    # Celery saw a receiver, so it did not replace the root handlers with its own.
    assert logging.getLogger().handlers == root_handlers

