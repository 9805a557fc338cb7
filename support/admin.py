"""Django admin: the intervention catalogue is reference data the functional admin edits.

Trajectories, requests and the access log are deliberately not in the admin:
special-category data is only shown on the support pages, to the organisation's
support coordinators and the employee (a superuser is no exception).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations import access
from organisations.roles import Role

from . import services
from .models import Intervention


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "level", "target_group", "is_active"]
    list_filter = ["level", "target_group", "is_active"]
    search_fields = ["name", "providers", "themes"]

    def _org_ids(self, request):
        return access.organisation_ids(request.user, {Role.FUNCTIONAL_ADMIN})

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("organisation")
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation_id__in=self._org_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            from organisations.models import Organisation

            kwargs["queryset"] = Organisation.objects.filter(pk__in=self._org_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "organisation"}
        if change:
            services.intervention_update(intervention=obj, **fields)
        else:
            saved = services.intervention_create(organisation=obj.organisation, **fields)
            obj.pk = saved.pk
