"""Third-party admins (auth groups, the beat schedule, login attempts, two-step devices)
re-registered on the shared base: superusers only. Groups follow the roles (memberships),
beat entries come from code, and a TOTP device holds a secret: no functional admin has
business there, whatever permissions a group might be given later."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_celery_beat import admin as beat_admin
from django_celery_beat import models as beat_models
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_scoping import SharedReferenceAdmin

SYSTEM_ADMINS = [
    (Group, GroupAdmin),
    (beat_models.PeriodicTask, beat_admin.PeriodicTaskAdmin),
    (beat_models.ClockedSchedule, beat_admin.ClockedScheduleAdmin),
    (beat_models.CrontabSchedule, beat_admin.CrontabScheduleAdmin),
    (beat_models.SolarSchedule, beat_admin.SolarScheduleAdmin),
    (beat_models.IntervalSchedule, beat_admin.IntervalScheduleAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
]


def register_system_admins(site=admin.site) -> None:
    for model, original in SYSTEM_ADMINS:
        if site.is_registered(model):
            site.unregister(model)
        system_admin = type(
            f"System{original.__name__}",
            (SharedReferenceAdmin, original),
            {"superuser_only": True, "__module__": __name__},
        )
        site.register(model, system_admin)
