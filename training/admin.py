"""Reference data for the functional admin: routes with milestone templates, registration
rules and weighting tables. Tracks and logs are changed through the app's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import ScopedAdminMixin

from .models import RegistrationRule, Route, RouteMilestone, Track, WeightedTask, WeightingTable


class RouteMilestoneInline(admin.TabularInline):
    model = RouteMilestone
    extra = 1
    ordering = ["order"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
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
class RegistrationRuleAdmin(admin.ModelAdmin):
    list_display = [
        "period_years",
        "work_hours",
        "formal_points",
        "reflection_hours",
        "apply_months_before",
        "warning_days",
    ]

    def has_add_permission(self, request):
        return not RegistrationRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class WeightedTaskInline(admin.TabularInline):
    model = WeightedTask
    extra = 1


@admin.register(WeightingTable)
class WeightingTableAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["organisation", "independent_max", "registered_only_min", "copied_from"]
    readonly_fields = ["copied_from"]
    inlines = [WeightedTaskInline]


@admin.register(Track)
class TrackAdmin(SimpleHistoryAdmin):
    """Read-only audit view (with history) for superusers; changes go through the track
    pages. Functional admins get no track permission: tracks are for HR and supervisors."""

    list_display = ["employee", "route", "status", "start_date", "registration_deadline"]
    list_filter = ["status", "route"]
    search_fields = ["employee__last_name", "employee__first_name"]

    def get_queryset(self, request):
        from organisations import access

        qs = super().get_queryset(request).select_related("employee", "route")
        if request.user.is_superuser:
            return qs
        return qs.filter(employee__organisation_id__in=access.organisation_ids(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
