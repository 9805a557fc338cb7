"""Django admin for reference data, scoped to the organisations a functional admin manages.

Employees and placements are changed through the app's own pages (and services),
so they are not editable here. Every ModelAdmin inherits a base from `admin_scoping`.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_scoping import (
    SHARED,
    OrganisationScopedAdmin,
    ScopedTabularInline,
    SharedReferenceAdmin,
    SharedReferenceInline,
    SharedTabularInline,
    register_admin_scope,
)
from .admin_system import register_system_admins
from .models import Employee, Membership, Organisation, Placement, Team

User = get_user_model()

# Re-exported for the other apps' admin modules: one import for both bases.
__all__ = [
    "SHARED",
    "OrganisationScopedAdmin",
    "ScopedTabularInline",
    "SharedReferenceAdmin",
    "SharedReferenceInline",
    "SharedTabularInline",
    "register_admin_scope",
]


def administered_users_condition(org_ids: set[int]) -> Q:
    """Users a functional admin of `org_ids` may manage: at least one membership, every
    membership inside those organisations, and never a superuser. A person who also
    works elsewhere is managed by nobody but a superuser (their password, email and
    active flag open the other organisation too)."""
    inside = Membership.objects.filter(organisation_id__in=org_ids).values("user_id")
    outside = Membership.objects.exclude(organisation_id__in=org_ids).values("user_id")
    return Q(pk__in=inside, is_superuser=False) & ~Q(pk__in=outside)


register_admin_scope(Organisation, "pk")
register_admin_scope(Team, "organisation")
register_admin_scope(Employee, "organisation")
register_admin_scope(Placement, "organisation")
register_admin_scope(Membership, "organisation")
register_admin_scope(User, administered_users_condition)

register_system_admins()


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "city", "cao_name", "is_mandated_care"]
    list_filter = ["kind", "is_mandated_care"]
    search_fields = ["name", "city"]


@admin.register(Team)
class TeamAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "formation_fte"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "organisation"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        granted_by = request.user

        class MembershipAdminForm(form_class):
            def clean(self):
                data = super().clean()
                # The service repeats this check; here it becomes a form error.
                try:
                    services.membership_grant_check(user=data.get("user"), granted_by=granted_by)
                except ValidationError as exc:
                    self.add_error("user", exc)
                return data

        return MembershipAdminForm

    def save_model(self, request, obj, form, change):
        # Go through the service so the user's Django group follows the role, the grant
        # is checked and support coordinator grants are audited and announced.
        if change:
            old = Membership.objects.get(pk=obj.pk)
            services.membership_revoke(user=old.user, organisation=old.organisation, role=old.role)
        membership = services.membership_grant(
            user=obj.user, organisation=obj.organisation, role=obj.role, granted_by=request.user
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        services.membership_revoke(user=obj.user, organisation=obj.organisation, role=obj.role)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            self.delete_model(request, membership)


admin.site.unregister(User)

# Never editable by a non-superuser, for anyone: roles are memberships, and these rights
# are bigger than any organisation.
SUPERUSER_ONLY_USER_FIELDS = ("groups", "user_permissions", "is_staff", "is_superuser")


@admin.register(User)
class ScopedUserAdmin(OrganisationScopedAdmin, UserAdmin):
    """Functional admins manage the accounts of people who work only in their
    organisations (see `administered_users_condition`); never superuser rights. New
    logins are given from the employee page (organisations/accounts.py)."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (None, {"fields": ("username", "password")}),
            (fieldsets[1][0], {"fields": ("first_name", "last_name", "email")}),
            (None, {"fields": ("is_active",)}),
        ]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [
            item
            for item in filters
            if (item[0] if isinstance(item, tuple) else item) not in SUPERUSER_ONLY_USER_FIELDS
        ]
