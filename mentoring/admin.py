from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import OrganisationScopedAdmin, register_admin_scope

from .models import (
    CheckIn,
    IntervisionParticipant,
    IntervisionSeries,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
    MentorPulse,
)

# A mentor works in the mentee's organisation; the mentee decides whose assignment it is.
register_admin_scope(MentoringSettings, "organisation")
register_admin_scope(MentorProfile, "employee__organisation")
register_admin_scope(MentorAssignment, "mentee__organisation")
register_admin_scope(CheckIn, "assignment__mentee__organisation")
register_admin_scope(IntervisionSeries, "organisation")
register_admin_scope(IntervisionSession, "organisation")
register_admin_scope(IntervisionParticipant, "session__organisation")
register_admin_scope(MentorPulse, "profile__employee__organisation")


@admin.register(MentoringSettings)
class MentoringSettingsAdmin(OrganisationScopedAdmin):
    list_display = [
        "organisation",
        "reminder_days_ahead",
        "escalate_after_days",
        "pulse_interval_weeks",
    ]


@admin.register(MentorProfile)
class MentorProfileAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
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
class MentorAssignmentAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["mentee", "mentor", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    raw_id_fields = ["mentee", "mentor"]


@admin.register(CheckIn)
class CheckInAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["assignment", "planned_date", "held_on", "how_it_goes", "escalate"]
    raw_id_fields = ["assignment"]


@admin.register(IntervisionSeries)
class IntervisionSeriesAdmin(OrganisationScopedAdmin):
    list_display = ["title", "organisation", "first_date", "interval_weeks", "count"]


@admin.register(IntervisionSession)
class IntervisionSessionAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["date", "organisation", "method", "duration_minutes"]
    raw_id_fields = ["facilitator", "case_owner"]


@admin.register(MentorPulse)
class MentorPulseAdmin(OrganisationScopedAdmin):
    list_display = [
        "profile",
        "period_start",
        "answered_at",
        "energy",
        "time_pressure",
        "still_willing",
    ]
