"""The configurable list of rejection reasons, kept by functional admins."""

from django.contrib import admin
from django.db.models import Q

from organisations.admin import OrganisationScopedAdmin, register_admin_scope

from .models import RejectionReason

# Reasons without an organisation are shared by all: shown read-only to every functional
# admin, changed by superusers only.
register_admin_scope(
    RejectionReason, lambda org_ids: Q(organisation__isnull=True) | Q(organisation__in=org_ids)
)


@admin.register(RejectionReason)
class RejectionReasonAdmin(OrganisationScopedAdmin):
    list_display = ["label", "organisation", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["label"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.organisation_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation" and not request.user.is_superuser:
            # A functional admin's reasons always belong to one of their organisations.
            field.required = True
        return field
