from celery.schedules import crontab

BEAT_SCHEDULE = {
    "mentoring-checkin-reminders": {
        "task": "mentoring.tasks.send_due_checkin_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "mentoring-plan-checkins-ahead": {
        "task": "mentoring.tasks.plan_checkins_ahead",
        "schedule": crontab(hour=6, minute=45, day_of_week="sun"),
    },
    "mentoring-mentor-pulses": {
        "task": "mentoring.tasks.request_mentor_pulses",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}
