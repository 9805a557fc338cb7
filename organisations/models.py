"""Organisations, teams, employees, placements and memberships.

Everything else in Instroom hangs off these: an applicant hired in intake becomes
an Employee with a supernumerary Placement here.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role

MAX_FTE = Decimal("1.20")
FTE_VALIDATORS = [
    MinValueValidator(Decimal("0.01"), message=_("FTE must be more than 0.")),
    MaxValueValidator(MAX_FTE, message=_("FTE can be at most 1.2.")),
]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        YOUTH_PROTECTION = "jeugdbescherming", _("Youth protection (jeugdbescherming)")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        CHILD_PROTECTION_BOARD = (
            "raad",
            _("Child protection board (Raad voor de Kinderbescherming)"),
        )
        SOCIAL_WORK = "sociaal_werk", _("Social work")
        CARE_AND_WELFARE = "zorg_welzijn", _("Care and welfare")
        MUNICIPALITY = "gemeente", _("Municipality or funder")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    cao_name = models.CharField(_("collective labour agreement (cao)"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_mandated_care = models.BooleanField(
        _("mandated youth care (gedwongen kader)"),
        default=False,
        help_text=_("Main mentors must be SKJ registered in mandated youth care."),
    )
    require_two_factor = models.BooleanField(
        _("require two-step login"),
        default=False,
        help_text=_("HR advisors and support coordinators confirm each login with a code."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message=_("An organisation with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:organisation_detail", args=[self.pk])


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    formation_fte = models.DecimalField(
        _("budgeted formation (FTE)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message=_("Formation cannot be negative."))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="team_name_unique_per_organisation_ci",
                violation_error_message=_("This organisation already has a team with this name."),
            ),
            models.CheckConstraint(
                condition=Q(formation_fte__gte=0),
                name="team_formation_not_negative",
                violation_error_message=_("Formation cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"

    def get_absolute_url(self):
        return reverse("organisations:team_detail", args=[self.pk])


class Employee(models.Model):
    class Seniority(models.TextChoices):
        STARTER = "starter", _("Starter")
        MEDIOR = "medior", _("Medior")
        SENIOR = "senior", _("Senior")
        MANAGEMENT = "management", _("Management")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("team"),
    )
    job_function = models.CharField(_("job function"), max_length=150)
    fte = models.DecimalField(
        _("FTE"), max_digits=4, decimal_places=2, default=Decimal("1.00"), validators=FTE_VALIDATORS
    )
    employment_start = models.DateField(_("employment start"))
    employment_end = models.DateField(_("employment end"), null=True, blank=True)
    is_side_entrant = models.BooleanField(_("side-entrant (zij-instromer)"), default=False)
    previous_sector = models.CharField(_("previous sector"), max_length=150, blank=True)
    previous_role = models.CharField(_("previous role"), max_length=150, blank=True)
    previous_seniority = models.CharField(
        _("previous seniority"), max_length=20, choices=Seniority.choices, blank=True
    )
    skj_number = models.CharField(_("SKJ number"), max_length=20, blank=True)
    skj_registration_date = models.DateField(_("SKJ registration date"), null=True, blank=True)
    vog_date = models.DateField(_("VOG date (certificate of conduct)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                name="employee_email_unique_per_organisation_ci",
                violation_error_message=_(
                    "An employee with this email address already exists in this organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=MAX_FTE),
                name="employee_fte_range",
                violation_error_message=_("FTE must be more than 0 and at most 1.2."),
            ),
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True)
                | Q(employment_end__gte=models.F("employment_start")),
                name="employee_end_after_start",
                violation_error_message=_("Employment cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "is_side_entrant"]),
            # the employee list's order: its first page reads 50 entries instead of sorting all
            models.Index(fields=["last_name", "first_name", "id"], name="employee_name_order"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("organisations:employee_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_skj_registered(self):
        return bool(self.skj_registration_date)

    def has_left(self, today: datetime.date | None = None) -> bool:
        """Whether the employment has ended: access ends ON the end date (Dutch local date)."""
        if self.employment_end is None:
            return False
        return self.employment_end <= (today or timezone.localdate())

    def clean(self):
        super().clean()
        if (
            self.team_id
            and self.organisation_id
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"team": _("This team does not belong to the chosen organisation.")}
            )


class Placement(models.Model):
    """A period in which an employee fills FTE in a team, regular or on top of formation.

    Overlapping placements of one employee in one organisation are rejected by the
    database itself (an exclusion constraint on PostgreSQL, a trigger on SQLite).
    """

    class FormationKind(models.TextChoices):
        REGULAR = "regular", _("Within formation")
        SUPERNUMERARY = "supernumerary", _("Supernumerary (boven formatief)")

    class FundingSource(models.TextChoices):
        OWN_BUDGET = "own_budget", _("Own budget")
        SECTORPLAN_PLUS = "sectorplanplus", _("SectorplanPlus")
        PRAKTIJKLEREN = "praktijkleren", _("Praktijkleren subsidy")
        EVC_SUBSIDY = "evc_subsidy", _("EVC subsidy")
        MUNICIPAL = "municipal", _("Municipal contribution")
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="placements", verbose_name=_("employee")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="placements", verbose_name=_("team")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2, validators=FTE_VALIDATORS)
    formation_kind = models.CharField(
        _("formation"), max_length=20, choices=FormationKind.choices, default=FormationKind.REGULAR
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.OWN_BUDGET,
    )
    contract_reference = models.CharField(_("contract reference"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=MAX_FTE),
                name="placement_fte_range",
                violation_error_message=_("FTE must be more than 0 and at most 1.2."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "formation_kind", "start_date"])]

    def __str__(self):
        return f"{self.employee} – {self.team.name} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        super().clean()
        if (
            self.team_id
            and self.organisation_id
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"team": _("This team does not belong to the chosen organisation.")}
            )

    def is_active_on(self, day):
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Membership(models.Model):
    """A user's role in an organisation: the basis of every access decision."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique_role",
                violation_error_message=_("This user already has this role in this organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
