from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Absence,
    BlockedPeriod,
    Cohort,
    Contract,
    Funder,
    Guideline,
    HostRating,
    Partner,
    Payment,
    Programme,
    Review,
    Rotation,
    Trainee,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    raw_id_fields = ["coordinator"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "total_months", "rotation_months"]
    inlines = [PartnerInline]


@admin.register(Rotation)
class RotationAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "partner", "start_date", "end_date", "mentor"]
    list_select_related = ["trainee__employee", "partner__organisation", "mentor"]
    raw_id_fields = ["trainee", "mentor", "team"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "rotation", "hours_per_week", "cao", "start_date", "end_date"]
    raw_id_fields = ["rotation"]


@admin.register(Trainee)
class TraineeAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "cohort", "outcome"]
    raw_id_fields = ["employee"]


for model in (BlockedPeriod, Cohort, Funder, Payment, Guideline, Absence, Review, HostRating):
    admin.site.register(model)
