from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CheckIn,
    IntervisionSeries,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
    MentorPulse,
)


@admin.register(MentoringSettings)
class MentoringSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "reminder_days_ahead",
        "escalate_after_days",
        "pulse_interval_weeks",
    ]


@admin.register(MentorProfile)
class MentorProfileAdmin(SimpleHistoryAdmin):
    list_display = [
        "employee",
        "role",
        "max_main_mentees",
        "max_sub_mentees",
        "hours_per_week",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["employee"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["mentee", "mentor", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    raw_id_fields = ["mentee", "mentor"]


@admin.register(CheckIn)
class CheckInAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "planned_date", "held_on", "how_it_goes", "escalate"]
    raw_id_fields = ["assignment"]


@admin.register(IntervisionSeries)
class IntervisionSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "first_date", "interval_weeks", "count"]


@admin.register(IntervisionSession)
class IntervisionSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "organisation", "method", "duration_minutes"]
    raw_id_fields = ["facilitator", "case_owner"]


@admin.register(MentorPulse)
class MentorPulseAdmin(admin.ModelAdmin):
    list_display = [
        "profile",
        "period_start",
        "answered_at",
        "energy",
        "time_pressure",
        "still_willing",
    ]
