"""Traineeships span organisations: a programme belongs to every partner organisation, a
trainee also to their employer. The admin scopes them as the app does (traineeship
selectors): through the programme's partners, or the trainee's employee organisation."""

from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import OrganisationScopedAdmin, ScopedTabularInline, register_admin_scope

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


def _programme_ids(org_ids):
    return Partner.objects.filter(organisation_id__in=org_ids).values("programme_id")


def _through_programme(path: str):
    return lambda org_ids: Q(**{f"{path}__in": _programme_ids(org_ids)})


def _trainee_ids(org_ids):
    return Trainee.objects.filter(
        Q(cohort__programme__in=_programme_ids(org_ids)) | Q(employee__organisation__in=org_ids)
    ).values("pk")


def _through_trainee(path: str):
    return lambda org_ids: Q(**{f"{path}__in": _trainee_ids(org_ids)})


register_admin_scope(Programme, _through_programme("pk"))
register_admin_scope(Partner, _through_programme("programme"))
register_admin_scope(Cohort, _through_programme("programme"))
register_admin_scope(Funder, _through_programme("programme"))
register_admin_scope(Guideline, _through_programme("programme"))
register_admin_scope(Payment, _through_programme("funder__programme"))
register_admin_scope(BlockedPeriod, _through_programme("partner__programme"))
register_admin_scope(Trainee, _through_trainee("pk"))
register_admin_scope(Rotation, _through_trainee("trainee"))
register_admin_scope(Absence, _through_trainee("trainee"))
register_admin_scope(Contract, _through_trainee("rotation__trainee"))
register_admin_scope(Review, _through_trainee("rotation__trainee"))
register_admin_scope(HostRating, _through_trainee("rotation__trainee"))


class PartnerInline(ScopedTabularInline):
    model = Partner
    extra = 0
    raw_id_fields = ["coordinator"]


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "region", "total_months", "rotation_months"]
    inlines = [PartnerInline]


@admin.register(Rotation)
class RotationAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["trainee", "partner", "start_date", "end_date", "mentor"]
    list_select_related = ["trainee__employee", "partner__organisation", "mentor"]
    raw_id_fields = ["trainee", "mentor", "team"]


@admin.register(Contract)
class ContractAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "rotation", "hours_per_week", "cao", "start_date", "end_date"]
    raw_id_fields = ["rotation"]


@admin.register(Trainee)
class TraineeAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["employee", "cohort", "outcome"]
    raw_id_fields = ["employee"]


for model in (BlockedPeriod, Cohort, Funder, Payment, Guideline, Absence, Review, HostRating):
    admin.site.register(model, OrganisationScopedAdmin)
