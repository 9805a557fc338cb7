"""The financial plan of a programme and its subsidy applications.

A programme has one set of cost assumptions (FinancePlan), any number of one-off or
spread cost and funding lines (recruitment, own budget, municipal contributions) and
subsidy applications with reporting deadlines. The arithmetic is in
`dashboards/finance/plan.py`; these models only hold validated inputs.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Placement

from .programmes import Programme

MAX_HOURLY = Decimal("500")
MAX_MONTHLY = Decimal("50000")
MAX_AMOUNT = Decimal("10000000")
MAX_MONTHS = 60
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)


def _range(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


class FinancePlan(models.Model):
    """The cost assumptions of one programme; every figure is per FTE or per person."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="finance_plan"
    )
    hourly_wage_cost = models.DecimalField(
        _("hourly wage cost of a side-entrant (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("38.00"),
        validators=_range(Decimal("1"), MAX_HOURLY),
        help_text=_("Including employer's charges; paid while they work on top of formation."),
    )
    hours_per_fte_per_week = models.DecimalField(
        _("hours per FTE per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("36.0"),
        validators=_range(Decimal("1"), Decimal("60")),
    )
    training_cost_per_person = models.DecimalField(
        _("training cost per side-entrant (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=_range(Decimal("0"), Decimal("100000")),
        help_text=_("One-off, counted in the month the side-entrant starts."),
    )
    mentor_hourly_cost = models.DecimalField(
        _("hourly cost of a mentor (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("45.00"),
        validators=_range(Decimal("0"), MAX_HOURLY),
    )
    mentor_hours_per_month = models.DecimalField(
        _("mentor hours per side-entrant per month"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("8.0"),
        validators=_range(Decimal("0"), Decimal("160")),
    )
    alternative_cost_per_fte_month = models.DecimalField(
        _("cost of temporary or agency staff per FTE per month (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("9500.00"),
        validators=_range(Decimal("0"), MAX_MONTHLY),
        help_text=_(
            "What filling an open position in formation costs without side-entrants. "
            "A converted side-entrant saves this minus their own wage cost, every month."
        ),
    )
    horizon_months = models.PositiveSmallIntegerField(
        _("horizon (months)"), default=24, validators=_range(1, MAX_MONTHS)
    )
    planned_hires = models.PositiveSmallIntegerField(
        _("side-entrants still to be hired"),
        default=0,
        validators=_range(0, 500),
        help_text=_("Counted on top of the placements the programme already has."),
    )
    planned_hire_fte = models.DecimalField(
        _("FTE per side-entrant to be hired"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=_range(Decimal("0.1"), Decimal("1.2")),
    )
    planned_start = models.DateField(
        _("planned start of the new side-entrants"), null=True, blank=True
    )
    planned_months_supernumerary = models.PositiveSmallIntegerField(
        _("planned months on top of formation"),
        default=12,
        validators=_range(1, MAX_MONTHS),
        help_text=_("After this they fill formation."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financial plan")
        verbose_name_plural = _("financial plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_wage_cost__gt=0) & Q(hourly_wage_cost__lte=MAX_HOURLY),
                name="finance_hourly_wage_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_fte_per_week__gt=0) & Q(hours_per_fte_per_week__lte=60),
                name="finance_hours_per_week_range",
            ),
            models.CheckConstraint(
                condition=Q(training_cost_per_person__gte=0)
                & Q(training_cost_per_person__lte=100000),
                name="finance_training_cost_range",
            ),
            models.CheckConstraint(
                condition=Q(mentor_hourly_cost__gte=0) & Q(mentor_hourly_cost__lte=MAX_HOURLY),
                name="finance_mentor_hourly_range",
            ),
            models.CheckConstraint(
                condition=Q(mentor_hours_per_month__gte=0) & Q(mentor_hours_per_month__lte=160),
                name="finance_mentor_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(alternative_cost_per_fte_month__gte=0)
                & Q(alternative_cost_per_fte_month__lte=MAX_MONTHLY),
                name="finance_alternative_cost_range",
            ),
            models.CheckConstraint(
                condition=Q(horizon_months__gte=1) & Q(horizon_months__lte=MAX_MONTHS),
                name="finance_horizon_range",
            ),
            models.CheckConstraint(
                condition=Q(planned_hires__lte=500)
                & Q(planned_hire_fte__gt=0)
                & Q(planned_hire_fte__lte=Decimal("1.2"))
                & Q(planned_months_supernumerary__gte=1)
                & Q(planned_months_supernumerary__lte=MAX_MONTHS),
                name="finance_planned_hires_range",
            ),
            models.CheckConstraint(
                condition=Q(planned_hires=0) | Q(planned_start__isnull=False),
                name="finance_planned_hires_have_start",
                violation_error_message=_("Give the planned start of the new side-entrants."),
            ),
        ]

    def __str__(self):
        return str(self.programme)

    def clean(self):
        super().clean()
        if self.planned_hires and self.planned_start is None:
            raise ValidationError(
                {"planned_start": _("Give the planned start of the new side-entrants.")}
            )
        if self.planned_start and not EARLIEST_DAY <= self.planned_start <= LATEST_DAY:
            raise ValidationError({"planned_start": _("Choose a date between 2000 and 2100.")})


class FinanceLine(models.Model):
    """A cost or funding amount of a programme, one-off or spread over some months."""

    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment cost")
        OTHER_COST = "other_cost", _("Other cost")
        OWN_BUDGET = "own_budget", _("Own budget")
        MUNICIPAL = "municipal", _("Municipal contribution")
        OTHER_FUNDING = "other_funding", _("Other funding")

    COST_KINDS = frozenset({Kind.RECRUITMENT, Kind.OTHER_COST})

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="finance_lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=11,
        decimal_places=2,
        validators=_range(Decimal("0"), MAX_AMOUNT),
    )
    starts_on = models.DateField(_("first month"))
    months = models.PositiveSmallIntegerField(
        _("spread over months"),
        default=1,
        validators=_range(1, MAX_MONTHS),
        help_text=_("1 for a one-off amount."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("cost or funding line")
        verbose_name_plural = _("cost and funding lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=MAX_AMOUNT),
                name="finance_line_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=MAX_MONTHS),
                name="finance_line_months_range",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=EARLIEST_DAY) & Q(starts_on__lte=LATEST_DAY),
                name="finance_line_date_range",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_cost(self) -> bool:
        return self.kind in self.COST_KINDS


SCHEME_CHOICES = [
    (value, label)
    for value, label in Placement.FundingSource.choices
    if value != Placement.FundingSource.OWN_BUDGET
]


class SubsidyApplication(models.Model):
    """An application for a subsidy or contribution, from plan to settlement."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        SETTLED = "settled", _("Settled")

    FUNDED = frozenset({Status.GRANTED, Status.SETTLED})

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="subsidy_applications",
        verbose_name=_("programme"),
    )
    scheme = models.CharField(_("scheme"), max_length=20, choices=SCHEME_CHOICES)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    amount_requested = models.DecimalField(
        _("amount requested (EUR)"),
        max_digits=11,
        decimal_places=2,
        validators=_range(Decimal("0"), MAX_AMOUNT),
    )
    amount_granted = models.DecimalField(
        _("amount granted (EUR)"),
        max_digits=11,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_range(Decimal("0"), MAX_AMOUNT),
        help_text=_("Counts as funding, spread over the period, once granted."),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0) & Q(amount_requested__lte=MAX_AMOUNT),
                name="subsidy_requested_range",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | (Q(amount_granted__gte=0) & Q(amount_granted__lte=MAX_AMOUNT)),
                name="subsidy_granted_range",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="subsidy_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__gte=EARLIEST_DAY) & Q(period_end__lte=LATEST_DAY),
                name="subsidy_period_range",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "settled"]) | Q(amount_granted__isnull=False),
                name="subsidy_granted_has_amount",
                violation_error_message=_("A granted subsidy needs the amount granted."),
            ),
        ]

    def __str__(self):
        label = self.get_scheme_display()
        return f"{label} {self.reference}".strip()

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = _("The period cannot end before it starts.")
            elif (self.period_end - self.period_start).days > 5 * 366:
                errors["period_end"] = _("A subsidy period can be at most five years.")
        for name in ("period_start", "period_end"):
            value = getattr(self, name)
            if value and not EARLIEST_DAY <= value <= LATEST_DAY:
                errors[name] = _("Choose a date between 2000 and 2100.")
        if self.status in self.FUNDED and self.amount_granted is None:
            errors["amount_granted"] = _("A granted subsidy needs the amount granted.")
        if errors:
            raise ValidationError(errors)


class SubsidyDeadline(models.Model):
    """Something due to the funder (a report, a declaration) by a date."""

    application = models.ForeignKey(
        SubsidyApplication,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("subsidy application"),
    )
    due_on = models.DateField(_("due on"))
    description = models.CharField(
        _("what is due"), max_length=200, help_text=_("E.g. interim report, final declaration.")
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=EARLIEST_DAY) & Q(due_on__lte=LATEST_DAY),
                name="subsidy_deadline_date_range",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="subsidy_deadline_due_idx")]

    def __str__(self):
        return f"{self.description} ({self.due_on:%d-%m-%Y})"

    def clean(self):
        super().clean()
        application = self.application if self.application_id else None
        if self.due_on is None or application is None:
            return
        earliest = application.period_start - datetime.timedelta(days=366)
        latest = application.period_end + datetime.timedelta(days=3 * 366)
        if not earliest <= self.due_on <= latest:
            raise ValidationError(
                {
                    "due_on": _(
                        "A deadline must fall between a year before the period starts and "
                        "three years after it ends."
                    )
                }
            )
