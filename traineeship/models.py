"""Multi-organisation traineeships: programmes run by two or more partner organisations,
cohorts of trainees, rotations through the partners (each with its own employment
contract and host mentor), funders, shared HR guidelines, reviews and the final choice.

Seed 02 is the reference case: three trainees rotating 3 x 8 months through Veilig
Thuis IJsselland, Jeugdbescherming Overijssel and the Raad voor de Kinderbescherming.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Employee, Organisation, Team

SCORE_VALIDATORS = [
    MinValueValidator(1, message=_("A score is between 1 and 5.")),
    MaxValueValidator(5, message=_("A score is between 1 and 5.")),
]
# The programme's success criteria (seed 02): "as enthusiastic, energetic and eager to
# learn as at their interviews, a more realistic view of mandated youth care, more
# self-confident".
CRITERIA = [
    ("enthusiasm", _("Enthusiasm")),
    ("energy", _("Energy")),
    ("eagerness", _("Eagerness to learn")),
    ("realism", _("Realistic expectations of mandated youth care")),
    ("confidence", _("Self-confidence")),
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus a number of calendar months (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.CharField(_("region"), max_length=120)
    total_months = models.PositiveSmallIntegerField(
        _("total length (months)"),
        default=24,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    rotation_months = models.PositiveSmallIntegerField(
        _("rotation length (months)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    entry_requirements = models.TextField(_("entry requirements"), blank=True)
    requires_skj = models.BooleanField(
        _("trainees must be SKJ registered"),
        default=False,
        help_text=_("Only employees with an SKJ registration can be added as trainee."),
    )
    onboarding = models.TextField(_("onboarding programme"), blank=True)
    regular_training = models.TextField(_("regular training"), blank=True)
    activities = models.TextField(_("activities offered"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("traineeship programme")
        verbose_name_plural = _("traineeship programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(rotation_months__lte=F("total_months")),
                name="programme_rotation_within_total",
                violation_error_message=_("A rotation cannot be longer than the programme."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("traineeship:programme_detail", args=[self.pk])

    @property
    def period_count(self) -> int:
        return self.total_months // self.rotation_months

    def clean(self):
        super().clean()
        if self.total_months and self.rotation_months and self.total_months % self.rotation_months:
            raise ValidationError(
                {"rotation_months": _("The total length must be a whole number of rotations.")}
            )


class Partner(models.Model):
    """An organisation taking part in a programme, with its coordinator and hosting terms."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="partners", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="traineeship_partnerships",
        verbose_name=_("organisation"),
    )
    coordinator = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator (HR contact)"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("trainees hosted at a time"), default=1, validators=[MaxValueValidator(100)]
    )
    hourly_cost = models.DecimalField(
        _("hourly wage cost (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("32.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    employer_charges_pct = models.DecimalField(
        _("employer charges (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                name="partner_unique_per_programme",
                violation_error_message=_("This organisation is already a partner."),
            ),
        ]

    def __str__(self):
        return self.organisation.name

    def clean(self):
        super().clean()
        if (
            self.coordinator_id
            and self.organisation_id
            and self.coordinator.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"coordinator": _("The coordinator must work for this partner organisation.")}
            )


class BlockedPeriod(models.Model):
    """Dates in which a partner hosts no trainees (reorganisation, summer, ...)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="blocked_periods", verbose_name=_("partner")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="blocked_period_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.partner}: {self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y}"


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=120)
    start_date = models.DateField(_("start date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="cohort_name_unique_per_programme",
                violation_error_message=_("This programme already has a cohort with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} – {self.name}"

    def get_absolute_url(self):
        return reverse("traineeship:cohort_detail", args=[self.pk])

    def periods(self) -> list[tuple[int, datetime.date, datetime.date]]:
        """(number, first day, last day) of every rotation period of this cohort."""
        months = self.programme.rotation_months
        result = []
        for index in range(self.programme.period_count):
            start = add_months(self.start_date, index * months)
            end = add_months(self.start_date, (index + 1) * months) - datetime.timedelta(days=1)
            result.append((index + 1, start, end))
        return result

    @property
    def end_date(self) -> datetime.date:
        return add_months(self.start_date, self.programme.total_months) - datetime.timedelta(days=1)


class Trainee(models.Model):
    class Source(models.TextChoices):
        DIRECT = "direct", _("Added directly")
        INTAKE = "intake", _("Hired through intake")

    class Outcome(models.TextChoices):
        PENDING = "", _("Not known yet")
        PERMANENT = "permanent", _("Permanent contract at a partner")
        SECTOR = "sector", _("Elsewhere in the sector")
        LEFT = "left", _("Left the sector")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="trainees", verbose_name=_("cohort")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="traineeships",
        verbose_name=_("employee"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.DIRECT
    )
    preferred_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred organisation"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default="", blank=True
    )
    outcome_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("permanent contract at"),
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["employee__last_name", "employee__first_name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "employee"],
                name="trainee_once_per_cohort",
                violation_error_message=_("This employee is already a trainee in this cohort."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="permanent") | Q(outcome_partner__isnull=False),
                name="trainee_permanent_names_partner",
                violation_error_message=_("Choose the organisation of the permanent contract."),
            ),
        ]

    def __str__(self):
        return self.employee.full_name

    def get_absolute_url(self):
        return reverse("traineeship:trainee_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.outcome == self.Outcome.PERMANENT and not self.outcome_partner_id:
            raise ValidationError(
                {"outcome_partner": _("Choose the organisation of the permanent contract.")}
            )
        if self.outcome != self.Outcome.PERMANENT:
            self.outcome_partner = None


class Rotation(models.Model):
    """A trainee's period at one host organisation.

    Overlapping rotations of one trainee are rejected by the database (an exclusion
    constraint on PostgreSQL, triggers on SQLite; migration 0002).
    """

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="rotations", verbose_name=_("trainee")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("host")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_rotations",
        verbose_name=_("host mentor"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="rotation_end_after_start",
                violation_error_message=_("A rotation cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["partner", "start_date", "end_date"])]

    def __str__(self):
        return f"{self.trainee} – {self.partner} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        super().clean()
        errors = {}
        if self.partner_id:
            org_id = self.partner.organisation_id
            if self.team_id and self.team.organisation_id != org_id:
                errors["team"] = _("This team does not belong to the host organisation.")
            if self.mentor_id and self.mentor.organisation_id != org_id:
                errors["mentor"] = _("The host mentor must work for the host organisation.")
        if errors:
            raise ValidationError(errors)

    def is_current(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date


class Contract(models.Model):
    """The separate employment contract a trainee has with the host of a rotation."""

    rotation = models.OneToOneField(
        Rotation, on_delete=models.CASCADE, related_name="contract", verbose_name=_("rotation")
    )
    number = models.CharField(_("contract number"), max_length=60)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("1"), message=_("Hours per week must be 1 to 40.")),
            MaxValueValidator(Decimal("40"), message=_("Hours per week must be 1 to 40.")),
        ],
    )
    cao = models.CharField(_("collective labour agreement (cao)"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="contract_end_after_start",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=40),
                name="contract_hours_range",
                violation_error_message=_("Hours per week must be 1 to 40."),
            ),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        super().clean()
        if self.rotation_id and self.start_date and self.end_date:
            rotation = self.rotation
            if self.end_date < rotation.end_date:
                raise ValidationError(
                    {"end_date": _("The contract cannot end before the rotation ends.")}
                )
            if self.start_date > rotation.start_date:
                raise ValidationError(
                    {"start_date": _("The contract cannot start after the rotation starts.")}
                )


class Funder(models.Model):
    class Covers(models.TextChoices):
        WAGES_AND_CHARGES = "wages_charges", _("Wage costs and employer charges")
        WAGES = "wages", _("Wage costs")
        CHARGES = "charges", _("Employer charges")
        OTHER = "other", _("Other costs")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="funders", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=150)
    is_municipality = models.BooleanField(_("municipality"), default=True)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), message=_("Enter a positive amount."))],
    )
    share_pct = models.DecimalField(
        _("share of cost (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("A share is between 0 and 100%.")),
            MaxValueValidator(Decimal("100"), message=_("A share is between 0 and 100%.")),
        ],
    )
    covers = models.CharField(
        _("covers"), max_length=20, choices=Covers.choices, default=Covers.WAGES_AND_CHARGES
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__isnull=False) & Q(share_pct__isnull=True))
                | (Q(amount__isnull=True) & Q(share_pct__isnull=False)),
                name="funder_amount_or_share",
                violation_error_message=_("Enter either an amount or a share, not both."),
            ),
            models.CheckConstraint(
                condition=Q(share_pct__isnull=True) | (Q(share_pct__gt=0) & Q(share_pct__lte=100)),
                name="funder_share_range",
                violation_error_message=_("A share is between 0 and 100%."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="funder_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="funder_unique_per_programme",
                violation_error_message=_("This funder is already listed."),
            ),
        ]

    def __str__(self):
        return self.name


class Payment(models.Model):
    """An invoice sent to a funder or a payment received from it."""

    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, related_name="payments", verbose_name=_("funder")
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("Enter a positive amount."))],
    )
    reference = models.CharField(_("invoice or reference"), max_length=80, blank=True)

    class Meta:
        ordering = ["received_on"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_positive",
                violation_error_message=_("Enter a positive amount."),
            ),
        ]

    def __str__(self):
        return f"{self.funder}: {self.amount} ({self.received_on:%d-%m-%Y})"


class Guideline(models.Model):
    """One version of a shared HR guideline the partners agreed on."""

    class Topic(models.TextChoices):
        LEAVE = "leave", _("Leave")
        SICK_LEAVE = "sick_leave", _("Sick leave")
        REVIEWS = "reviews", _("Progress reviews")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="guidelines", verbose_name=_("programme")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    agreed_on = models.DateField(_("agreed on"))
    agreed_by = models.ManyToManyField(Partner, related_name="+", verbose_name=_("agreed by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "-version"]
        verbose_name = _("HR guideline")
        verbose_name_plural = _("HR guidelines")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "topic", "version"],
                name="guideline_version_unique",
                violation_error_message=_("This version already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class Absence(models.Model):
    """Leave or sick leave of a trainee; follows the trainee across rotations.

    Only the facts the law allows: dates and expected duration, never a cause.
    """

    class Kind(models.TextChoices):
        LEAVE = "leave", _("Leave")
        SICK = "sick", _("Sick leave")

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="absences", verbose_name=_("trainee")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    expected_days = models.PositiveSmallIntegerField(
        _("expected duration (days)"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="traineeship_absence_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date:%d-%m-%Y}"


class Review(models.Model):
    """A mid-point or end review of a rotation, scoring the programme's success criteria."""

    class Moment(models.TextChoices):
        MID = "mid", _("Mid-point")
        END = "end", _("End")

    class By(models.TextChoices):
        MENTOR = "mentor", _("Host mentor")
        COORDINATOR = "coordinator", _("Coordinator")

    rotation = models.ForeignKey(
        Rotation, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("rotation")
    )
    moment = models.CharField(_("moment"), max_length=4, choices=Moment.choices)
    by = models.CharField(_("reviewed by"), max_length=12, choices=By.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    held_on = models.DateField(_("held on"))
    enthusiasm = models.PositiveSmallIntegerField(_("Enthusiasm"), validators=SCORE_VALIDATORS)
    energy = models.PositiveSmallIntegerField(_("Energy"), validators=SCORE_VALIDATORS)
    eagerness = models.PositiveSmallIntegerField(
        _("Eagerness to learn"), validators=SCORE_VALIDATORS
    )
    realism = models.PositiveSmallIntegerField(
        _("Realistic expectations of mandated youth care"), validators=SCORE_VALIDATORS
    )
    confidence = models.PositiveSmallIntegerField(_("Self-confidence"), validators=SCORE_VALIDATORS)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "moment", "by"],
                name="review_once_per_moment",
                violation_error_message=_("This review has already been recorded."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1}) & Q(**{f"{name}__lte": 5}),
                    name=f"review_{name}_1_to_5",
                    violation_error_message=_("A score is between 1 and 5."),
                )
                for name, _label in CRITERIA
            ],
        ]

    def __str__(self):
        return f"{self.get_moment_display()} – {self.get_by_display()} ({self.held_on:%d-%m-%Y})"

    def scores(self) -> list[int]:
        return [getattr(self, name) for name, _label in CRITERIA]

    @property
    def average(self) -> Decimal:
        return Decimal(sum(self.scores())) / len(CRITERIA)


class HostRating(models.Model):
    """The trainee's rating of the host organisation of a rotation."""

    rotation = models.OneToOneField(
        Rotation, on_delete=models.CASCADE, related_name="host_rating", verbose_name=_("rotation")
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    notes = models.TextField(_("what went well, what could be better"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host rating")
        verbose_name_plural = _("host ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="host_rating_1_to_5",
                violation_error_message=_("A score is between 1 and 5."),
            ),
        ]

    def __str__(self):
        return f"{self.rotation}: {self.score}"
