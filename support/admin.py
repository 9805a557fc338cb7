"""Django admin: the intervention catalogue is reference data the functional admin edits.

Trajectories, requests and the access log are deliberately not in the admin:
special-category data is only shown on the support pages, to the organisation's
support coordinators and the employee (a superuser is no exception).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import OrganisationScopedAdmin, register_admin_scope

from . import services
from .models import Intervention

register_admin_scope(Intervention, "organisation")


@admin.register(Intervention)
class InterventionAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "level", "target_group", "is_active"]
    list_filter = ["level", "target_group", "is_active"]
    search_fields = ["name", "providers", "themes"]
    list_select_related = ["organisation"]

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "organisation"}
        if change:
            services.intervention_update(intervention=obj, **fields)
        else:
            saved = services.intervention_create(organisation=obj.organisation, **fields)
            obj.pk = saved.pk
