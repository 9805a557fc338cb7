from celery.schedules import crontab

BEAT_SCHEDULE = {
    "intake-erase-expired-applicants": {
        "task": "intake.tasks.erase_expired_applicants",
        "schedule": crontab(hour=3, minute=10),
    },
    "intake-resume-imports": {
        "task": "intake.tasks.resume_imports",
        "schedule": crontab(minute="*/10"),
    },
    "intake-send-interview-reminders": {
        "task": "intake.tasks.send_interview_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}
