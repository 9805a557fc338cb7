"""The Celery beat schedule, defined in code and loaded into django-celery-beat.

Each app may define `BEAT_SCHEDULE` in its own `<app>/schedule.py`; they are merged
here. The DatabaseScheduler syncs these entries into the database on start, so the
admin shows them but code stays the source of truth.
"""

import importlib

from celery.schedules import crontab

from config.project_apps import PROJECT_APPS

BEAT_SCHEDULE: dict[str, dict] = {
    "organisations-deactivate-departed-users": {
        "task": "organisations.tasks.deactivate_departed_users",
        "schedule": crontab(hour=2, minute=15),
    },
}

for _app in PROJECT_APPS:
    try:
        _module = importlib.import_module(f"{_app}.schedule")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_app}.schedule":
            raise
        continue
    BEAT_SCHEDULE.update(_module.BEAT_SCHEDULE)
