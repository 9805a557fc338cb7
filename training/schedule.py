from celery.schedules import crontab

BEAT_SCHEDULE = {
    "training-deadline-warnings": {
        "task": "training.tasks.send_training_deadline_warnings",
        "schedule": crontab(hour=7, minute=10),
    },
}
