"""Per-organisation figures the dashboards compute with; every number is configurable."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation


class CapacitySettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="capacity_settings"
    )
    supernumerary_budget_fte = models.DecimalField(
        _("budget for supernumerary staff (FTE)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
        help_text=_("How many FTE on top of formation the organisation can pay for."),
    )
    fte_per_side_entrant = models.DecimalField(
        _("FTE per new side-entrant"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.2"))],
    )
    hourly_wage_cost = models.DecimalField(
        _("hourly wage cost (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("38.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("500"))],
    )
    yearly_outflow_percent = models.DecimalField(
        _("yearly outflow from formation (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("12.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    months_to_registration = models.PositiveSmallIntegerField(
        _("planned months from start to SKJ registration"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Used when a side-entrant has no planned date from a training track."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capacity settings")
        verbose_name_plural = _("capacity settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(supernumerary_budget_fte__gte=0),
                name="capacity_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage_cost__gt=0) & Q(hourly_wage_cost__lte=500),
                name="capacity_hourly_cost_range",
            ),
            models.CheckConstraint(
                condition=Q(yearly_outflow_percent__gte=0) & Q(yearly_outflow_percent__lte=100),
                name="capacity_outflow_range",
            ),
            models.CheckConstraint(
                condition=Q(fte_per_side_entrant__gt=0)
                & Q(fte_per_side_entrant__lte=Decimal("1.2")),
                name="capacity_fte_per_side_entrant_range",
            ),
        ]

    def __str__(self):
        return str(self.organisation)
