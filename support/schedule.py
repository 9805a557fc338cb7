from celery.schedules import crontab

BEAT_SCHEDULE = {
    "support-erase-expired-trajectories": {
        "task": "support.tasks.erase_expired_trajectories",
        "schedule": crontab(hour=3, minute=10),
    },
}
