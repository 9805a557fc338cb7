"""The configurable list of rejection reasons, kept by functional admins."""

from django.contrib import admin
from django.db.models import Q

from organisations import access
from organisations.models import Organisation
from organisations.roles import Role

from .models import RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "organisation", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["label"]

    def _org_ids(self, request):
        return access.organisation_ids(request.user, {Role.FUNCTIONAL_ADMIN})

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Reasons shared by all organisations are shown but only superusers change them.
        return qs.filter(Q(organisation__isnull=True) | Q(organisation__in=self._org_ids(request)))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.organisation_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(pk__in=self._org_ids(request))
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
