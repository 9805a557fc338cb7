"""The Celery beat schedule, defined in code and loaded into django-celery-beat.

Each app adds its periodic tasks here; the DatabaseScheduler syncs these entries
into the database on start, so the admin shows them but code stays the source of truth.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "organisations-close-ended-memberships": {
        "task": "organisations.tasks.deactivate_departed_users",
        "schedule": crontab(hour=2, minute=15),
    },
}
