"""A programme (pilot): a bounded effort to recruit and keep side-entrants.

Goals and their evaluation, the financial plan and subsidies all hang off a programme.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation, Team


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (goals being set)")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="programmes",
        verbose_name=_("teams"),
        help_text=_("Leave empty for the whole organisation."),
    )
    campaigns = models.ManyToManyField(
        "intake.Campaign",
        blank=True,
        related_name="programmes",
        verbose_name=_("campaigns"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="programme_unique_name_per_organisation",
                violation_error_message=_(
                    "This organisation already has a programme by that name."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboards:programme_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A programme cannot end before it starts.")})


class Kpi(models.TextChoices):
    """What a programme can set a goal on; the comparison follows from the KPI."""

    HIRED = "hired", _("Number of side-entrants hired")
    DROPOUT_6 = "dropout_6", _("Dropout within 6 months (%)")
    DROPOUT_12 = "dropout_12", _("Dropout within 12 months (%)")
    DROPOUT_24 = "dropout_24", _("Dropout within 24 months (%)")
    REGISTRATION_MONTHS = "registration_months", _("Months to SKJ registration")
    CHECKIN_SCORE = "checkin_score", _("Average check-in score (1-5)")
    MENTOR_ENERGY = "mentor_energy", _("Mentor pulse energy (1-5)")
    TRAINEESHIP_SUCCESS = "traineeship_success", _("Traineeship success criteria met (%)")
    COST_PER_REGISTERED = "cost_per_registered", _("Cost per registered professional (EUR)")


# KPIs where lower is better ("at most"); every other KPI is "at least".
AT_MOST_KPIS = frozenset(
    {
        Kpi.DROPOUT_6,
        Kpi.DROPOUT_12,
        Kpi.DROPOUT_24,
        Kpi.REGISTRATION_MONTHS,
        Kpi.COST_PER_REGISTERED,
    }
)
PERCENT_KPIS = frozenset({Kpi.DROPOUT_6, Kpi.DROPOUT_12, Kpi.DROPOUT_24, Kpi.TRAINEESHIP_SUCCESS})
SCORE_KPIS = frozenset({Kpi.CHECKIN_SCORE, Kpi.MENTOR_ENERGY})
# The highest sensible target per KPI (in the order of Kpi, so migrations are stable).
TARGET_MAXIMUM = {
    kpi: (
        100
        if kpi in PERCENT_KPIS
        else 5
        if kpi in SCORE_KPIS
        else {Kpi.HIRED: 10000, Kpi.REGISTRATION_MONTHS: 120, Kpi.COST_PER_REGISTERED: 1000000}[kpi]
    )
    for kpi in Kpi
}


def _target_range() -> Q:
    """Per KPI: the target lies between its minimum and its maximum."""
    condition = Q()
    for kpi, maximum in TARGET_MAXIMUM.items():
        minimum = 1 if kpi in SCORE_KPIS else 0
        condition |= Q(kpi=kpi, target__gte=minimum, target__lte=maximum)
    return condition


class Goal(models.Model):
    """A KPI with a target, set before the programme starts."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("programme")
    )
    kpi = models.CharField(_("KPI"), max_length=30, choices=Kpi.choices)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kpi"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kpi"],
                name="goal_one_per_kpi",
                violation_error_message=_("This programme already has a goal for this KPI."),
            ),
            models.CheckConstraint(
                condition=_target_range(),
                name="goal_target_in_range",
                violation_error_message=_("This target is outside the possible range."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kpi_display()}: {self.comparison_symbol} {self.target}"

    @property
    def at_most(self) -> bool:
        return self.kpi in AT_MOST_KPIS

    @property
    def comparison_symbol(self) -> str:
        return "≤" if self.at_most else "≥"

    def clean(self):
        super().clean()
        if self.target is None or self.kpi not in TARGET_MAXIMUM:
            return
        minimum = 1 if self.kpi in SCORE_KPIS else 0
        maximum = TARGET_MAXIMUM[self.kpi]
        if not minimum <= self.target <= maximum:
            raise ValidationError(
                {
                    "target": _("For this KPI the target lies between %(min)s and %(max)s.")
                    % {"min": minimum, "max": maximum}
                }
            )


class Step(models.Model):
    """One step of a programme's step-by-step plan (stappenplan)."""

    class Kind(models.TextChoices):
        CAMPAIGN_SETUP = "campaign_setup", _("Campaign setup")
        CRITERIA = "criteria", _("Selection criteria")
        MENTOR_BRIEFING = "mentor_briefing", _("Mentor briefing")
        ONBOARDING_CHOICE = "onboarding_choice", _("Onboarding choice")
        CHECKIN_CADENCE = "checkin_cadence", _("Check-in cadence")
        TRAINING_ROUTE = "training_route", _("Training route")
        EVALUATION_MOMENT = "evaluation_moment", _("Evaluation moment")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="steps", verbose_name=_("programme")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    settings = models.JSONField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_('Optional structured settings, e.g. {"cadence_weeks": 2}.'),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"],
                name="step_order_unique_per_programme",
                violation_error_message=_("Another step already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1) & Q(order__lte=200),
                name="step_order_range",
                violation_error_message=_("The step number lies between 1 and 200."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def clean(self):
        super().clean()
        if not isinstance(self.settings, dict):
            raise ValidationError({"settings": _("Settings must be a JSON object.")})
