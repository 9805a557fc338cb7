"""Beat schedule of the traineeship app (merged into config/schedule.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "traineeship-send-rotation-reminders": {
        "task": "traineeship.tasks.send_rotation_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
}
