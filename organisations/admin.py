"""Django admin for reference data, scoped to the organisations a functional admin manages.

Employees and placements are changed through the app's own pages (and services),
so they are not editable here.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from . import access, services
from .models import Membership, Organisation, Team
from .roles import Role

User = get_user_model()


def _managed_org_ids(request) -> set[int]:
    return access.organisation_ids(request.user, {Role.FUNCTIONAL_ADMIN})


class ScopedAdminMixin:
    """Non-superusers see and pick only objects of organisations they administer."""

    organisation_path = "organisation"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.organisation_path}__in": _managed_org_ids(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(pk__in=_managed_org_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    organisation_path = "pk"
    list_display = ["name", "kind", "city", "cao_name", "is_mandated_care"]
    list_filter = ["kind", "is_mandated_care"]
    search_fields = ["name", "city"]


@admin.register(Team)
class TeamAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "formation_fte"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        # Go through the service so the user's Django group follows the role.
        if change:
            old = Membership.objects.get(pk=obj.pk)
            services.membership_revoke(user=old.user, organisation=old.organisation, role=old.role)
        membership = services.membership_grant(
            user=obj.user, organisation=obj.organisation, role=obj.role
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        services.membership_revoke(user=obj.user, organisation=obj.organisation, role=obj.role)


admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(UserAdmin):
    """Functional admins manage accounts of their organisations, never superuser rights."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            Q(memberships__organisation_id__in=_managed_org_ids(request))
            | Q(memberships__isnull=True, is_superuser=False)
        ).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (None, {"fields": ("username", "password")}),
            (fieldsets[1][0], {"fields": ("first_name", "last_name", "email")}),
            (None, {"fields": ("is_active",)}),
        ]
