"""Reference data for the functional admin: routes with milestone templates, registration
rules and weighting tables. Tracks and logs are changed through the app's own pages.

Routes and the registration rule are shared by every organisation (the SKJ rules are
national), so only superusers change them; a functional admin sees them read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import (
    SHARED,
    OrganisationScopedAdmin,
    ScopedTabularInline,
    SharedReferenceAdmin,
    SharedTabularInline,
    register_admin_scope,
)

from .models import (
    RegistrationRule,
    Route,
    RouteMilestone,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

register_admin_scope(Route, SHARED)
register_admin_scope(RouteMilestone, SHARED)
register_admin_scope(RegistrationRule, SHARED)
register_admin_scope(WeightingTable, "organisation")
register_admin_scope(WeightedTask, "table__organisation")
register_admin_scope(Track, "employee__organisation")
register_admin_scope(TrackMilestone, "track__employee__organisation")
register_admin_scope(TaskLogEntry, "employee__organisation")


class RouteMilestoneInline(SharedTabularInline):
    model = RouteMilestone
    extra = 1
    ordering = ["order"]


@admin.register(Route)
class RouteAdmin(SharedReferenceAdmin):
    list_display = [
        "name",
        "code",
        "institution",
        "expected_duration_months",
        "typical_cost",
        "study_time",
        "registration_deadline_months",
        "is_active",
    ]
    list_filter = ["study_time", "is_active"]
    inlines = [RouteMilestoneInline]

    def has_delete_permission(self, request, obj=None):
        # Tracks refer to routes; switch a route off with "in use" instead.
        return False


@admin.register(RegistrationRule)
class RegistrationRuleAdmin(SharedReferenceAdmin):
    list_display = [
        "period_years",
        "work_hours",
        "formal_points",
        "reflection_hours",
        "apply_months_before",
        "warning_days",
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RegistrationRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class WeightedTaskInline(ScopedTabularInline):
    model = WeightedTask
    extra = 1


@admin.register(WeightingTable)
class WeightingTableAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "independent_max", "registered_only_min", "copied_from"]
    readonly_fields = ["copied_from"]
    inlines = [WeightedTaskInline]
    list_select_related = ["organisation", "copied_from"]


@admin.register(Track)
class TrackAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    """Read-only audit view (with history) for superusers; changes go through the track
    pages. Functional admins get no track permission: tracks are for HR and supervisors."""

    list_display = ["employee", "route", "status", "start_date", "registration_deadline"]
    list_filter = ["status", "route"]
    search_fields = ["employee__last_name", "employee__first_name"]
    list_select_related = ["employee", "route"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
