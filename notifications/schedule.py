from datetime import timedelta

BEAT_SCHEDULE = {
    "notifications-deliver-pending": {
        "task": "notifications.tasks.deliver_pending_notifications",
        "schedule": timedelta(minutes=5),
    },
}
