from celery.schedules import crontab

BEAT_SCHEDULE = {
    "dashboards-subsidy-deadline-reminders": {
        "task": "dashboards.tasks.send_subsidy_deadline_reminders",
        "schedule": crontab(hour=7, minute=20),
    },
}
