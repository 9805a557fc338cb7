"""Filters of a campaign's application list (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import route_advice
from .models import Application, Stage


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    source = django_filters.ChoiceFilter(choices=Application.Source.choices, label=_("Source"))
    route = django_filters.ChoiceFilter(
        field_name="route_code",
        choices=[(k or "unknown", v) for k, v in route_advice.ROUTE_LABELS.items()],
        method="by_route",
        label=_("Advised route"),
    )
    min_score = django_filters.NumberFilter(
        method="by_score", label=_("Weighted total at least"), min_value=1, max_value=5
    )
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__gte",
        label=_("Applied from"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__lte",
        label=_("Applied until"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    waiting_list = django_filters.BooleanFilter(
        field_name="on_waiting_list",
        label=_("Waiting list"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Application
        fields = ["q", "stage", "source", "route", "min_score", "submitted_from", "submitted_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            is_select = name in {"stage", "source", "route", "waiting_list"}
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:5]:
            condition &= (
                Q(candidate__first_name__icontains=word)
                | Q(candidate__last_name__icontains=word)
                | Q(candidate__email__icontains=word)
                | Q(previous_sector__icontains=word)
                | Q(previous_role__icontains=word)
            )
        return queryset.filter(condition)

    def by_route(self, queryset, name, value):
        return queryset.filter(route_code="" if value == "unknown" else value)

    def by_score(self, queryset, name, value):
        return queryset.filter(weighted_total__gte=float(value))
