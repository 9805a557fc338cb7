"""Routes to SKJ registration, tracks and milestones, the registration ledger,
the weighting table (wegingstabel) with its task log, and the 70-20-10 learning plan."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Employee, Organisation
from organisations.uploads import private_storage, random_upload_path, validate_document

MONEY = {"max_digits": 9, "decimal_places": 2, "default": Decimal("0")}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("An amount cannot be negative."))]
AXIS_VALIDATORS = [
    MinValueValidator(1, message=_("A score is 1, 2 or 3.")),
    MaxValueValidator(3, message=_("A score is 1, 2 or 3.")),
]


_evidence_path = random_upload_path("training/evidence")


def evidence_upload_to(instance, filename):
    """`training/evidence/<uuid>.<ext>`: a named function so migrations can refer to it."""
    return _evidence_path(instance, filename)


class Route(models.Model):
    """A way to SKJ registration (or an internal programme), with its milestone template."""

    class Code(models.TextChoices):
        EC45 = "45ec", _("45 EC supplementary education")
        EVC = "evc", _("EVC procedure")
        PRACTICE_PROGRAMME = "practice_programme", _("Accredited practice programme (WO master)")
        HBO_PARTTIME = "hbo_parttime", _("Part-time HBO Social Work")
        INTERNAL = "internal", _("Internal programme")
        ONBOARDING = "onboarding", _("Onboarding programme")

    class StudyTime(models.TextChoices):
        OWN_TIME = "own_time", _("In own time")
        PARTLY_PAID = "partly_paid", _("Partly in paid time")
        PAID = "paid", _("In paid time")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution"), max_length=150, blank=True)
    expected_duration_months = models.PositiveSmallIntegerField(
        _("expected duration (months)"), default=12
    )
    typical_cost = models.DecimalField(_("typical cost (EUR)"), validators=NOT_NEGATIVE, **MONEY)
    study_time = models.CharField(
        _("study time"), max_length=20, choices=StudyTime.choices, default=StudyTime.OWN_TIME
    )
    credits_required = models.PositiveSmallIntegerField(
        _("credits required (EC)"), default=0, help_text=_("45 for the 45 EC route, else 0.")
    )
    assessment_areas = models.PositiveSmallIntegerField(
        _("areas of expertise assessed"), default=0, help_text=_("6 for EVC, else 0.")
    )
    registration_deadline_months = models.PositiveSmallIntegerField(
        _("registration deadline after start (months)"),
        null=True,
        blank=True,
        help_text=_("Empty when the route does not lead to SKJ registration."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return self.name


class RouteMilestone(models.Model):
    """A step of a route's template, copied into each new track."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("route")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=150)
    offset_days = models.PositiveIntegerField(
        _("expected after start (days)"), default=0, help_text=_("Planned date = start + days.")
    )

    class Meta:
        ordering = ["route", "order"]
        verbose_name = _("route milestone")
        verbose_name_plural = _("route milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["route", "order"],
                name="route_milestone_order_unique",
                violation_error_message=_("This route already has a milestone at this position."),
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


class Track(models.Model):
    """A side-entrant's enrolment in a route."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    class Payer(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        EMPLOYEE = "employee", _("Employee")
        SUBSIDY = "subsidy", _("Subsidy")
        SHARED = "shared", _("Shared")

    OPEN = (Status.PLANNED, Status.ACTIVE, Status.PAUSED)

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="tracks", verbose_name=_("employee")
    )
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="tracks", verbose_name=_("route")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    start_date = models.DateField(_("start date"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    institution = models.CharField(_("institution"), max_length=150, blank=True)
    credits_earned = models.PositiveSmallIntegerField(_("credits earned (EC)"), default=0)
    credits_required = models.PositiveSmallIntegerField(_("credits required (EC)"), default=0)
    areas_done = models.PositiveSmallIntegerField(_("areas of expertise assessed"), default=0)
    areas_required = models.PositiveSmallIntegerField(_("areas of expertise"), default=0)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    cost_tuition = models.DecimalField(_("tuition (EUR)"), validators=NOT_NEGATIVE, **MONEY)
    cost_exam = models.DecimalField(_("exam fees (EUR)"), validators=NOT_NEGATIVE, **MONEY)
    cost_materials = models.DecimalField(_("materials (EUR)"), validators=NOT_NEGATIVE, **MONEY)
    cost_study_time = models.DecimalField(
        _("wage cost of study time (EUR)"), validators=NOT_NEGATIVE, **MONEY
    )
    paid_by = models.CharField(
        _("paid by"), max_length=20, choices=Payer.choices, default=Payer.EMPLOYER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.CheckConstraint(
                condition=Q(credits_earned__lte=F("credits_required")),
                name="track_credits_within_required",
                violation_error_message=_(
                    "Credits earned cannot be more than the credits required."
                ),
            ),
            models.CheckConstraint(
                condition=Q(areas_done__lte=F("areas_required")),
                name="track_areas_within_required",
                violation_error_message=_(
                    "Areas assessed cannot be more than the areas of expertise."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start_date")),
                name="track_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("start_date")),
                name="track_completed_after_start",
                violation_error_message=_("The completion date cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="track_completed_has_date",
                violation_error_message=_("A completed track needs a completion date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stop_reason=""),
                name="track_stopped_has_reason",
                violation_error_message=_("Give the reason for stopping."),
            ),
            models.CheckConstraint(
                condition=Q(cost_tuition__gte=0)
                & Q(cost_exam__gte=0)
                & Q(cost_materials__gte=0)
                & Q(cost_study_time__gte=0),
                name="track_costs_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["employee", "route"],
                condition=Q(status__in=["planned", "active", "paused"]),
                name="track_one_open_per_route",
                violation_error_message=_("This employee already has an open track on this route."),
            ),
        ]
        indexes = [models.Index(fields=["status", "registration_deadline"])]

    def __str__(self):
        return f"{self.employee} – {self.route}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def total_cost(self):
        return self.cost_tuition + self.cost_exam + self.cost_materials + self.cost_study_time


class TrackMilestone(models.Model):
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("track")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=150)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence"),
        storage=private_storage,
        upload_to=evidence_upload_to,
        validators=[validate_document],
        blank=True,
        max_length=200,
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["track", "order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "order"],
                name="track_milestone_order_unique",
                violation_error_message=_("This track already has a milestone at this position."),
            )
        ]
        indexes = [models.Index(fields=["done_on", "planned_date"])]

    def __str__(self):
        return f"{self.order}. {self.name}"


# --- registration ledger ------------------------------------------------------------------


class RegistrationRule(models.Model):
    """The numbers of SKJ (re-)registration, editable by the functional admin (one row)."""

    period_years = models.PositiveSmallIntegerField(_("registration period (years)"), default=5)
    work_hours = models.PositiveIntegerField(_("work hours required"), default=3368)
    formal_points = models.PositiveIntegerField(_("formal-learning points required"), default=60)
    reflection_hours = models.PositiveIntegerField(_("reflection hours required"), default=60)
    apply_months_before = models.PositiveSmallIntegerField(
        _("apply this many months before the due date"), default=3
    )
    vog_valid_years = models.PositiveSmallIntegerField(
        _("a VOG counts as valid for (years)"), default=3
    )
    warning_days = models.CharField(
        _("deadline warnings (days before, comma separated)"), max_length=60, default="90,30,7"
    )

    class Meta:
        verbose_name = _("registration rules")
        verbose_name_plural = _("registration rules")

    def __str__(self):
        return str(_("Registration rules"))

    @classmethod
    def current(cls) -> "RegistrationRule":
        return cls.objects.order_by("pk").first() or cls()

    @property
    def warning_day_list(self) -> list[int]:
        days = []
        for part in self.warning_days.split(","):
            part = part.strip()
            if part.isdigit():
                days.append(int(part))
        return sorted(set(days), reverse=True) or [90, 30, 7]


class LedgerEntry(models.Model):
    """Hours and points toward re-registration that a registered professional logs."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work hours")
        FORMAL = "formal", _("Formal learning (points)")
        REFLECTION = "reflection", _("Reflection (hours)")

    class ReflectionForm(models.TextChoices):
        INTERVISION = "intervision", _("Intervision")
        SUPERVISION = "supervision", _("Supervision")
        PEER_CONSULTATION = "peer_consultation", _("Peer consultation (casuïstiekbespreking)")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="ledger_entries",
        verbose_name=_("employee"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reflection_form = models.CharField(
        _("form of reflection"),
        max_length=20,
        choices=ReflectionForm.choices,
        blank=True,
        help_text=_("Self-reflection does not count."),
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("hours or points"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("Enter more than 0."))],
    )
    description = models.CharField(_("description"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="ledger_amount_positive",
                violation_error_message=_("Enter more than 0."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="reflection") | (Q(amount__gte=1) & ~Q(reflection_form="")),
                name="ledger_reflection_at_least_one_hour",
                violation_error_message=_(
                    "A reflection session counts from 1 hour and needs its form "
                    "(intervision, supervision or peer consultation)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["employee", "kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.date:%d-%m-%Y})"


# --- weighting table and task log ------------------------------------------------------------


class Level(models.TextChoices):
    INDEPENDENT = "independent", _("Zelfstandig")
    UNDER_RESPONSIBILITY = (
        "under_responsibility",
        _("Onder verantwoordelijkheid van een geregistreerde"),
    )
    REGISTERED_ONLY = "registered_only", _("Alleen geregistreerd")


class WeightingTable(models.Model):
    """An organisation's wegingstabel: the thresholds that turn axis scores into a level."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="weighting_table",
        verbose_name=_("organisation"),
    )
    independent_max = models.PositiveSmallIntegerField(
        _("zelfstandig up to total score"),
        default=6,
        help_text=_("A task whose four scores add up to at most this is done alone."),
    )
    registered_only_min = models.PositiveSmallIntegerField(
        _("alleen geregistreerd from total score"),
        default=10,
        help_text=_("From this total on, only registered professionals do the task."),
    )
    registered_only_when_any_axis_3 = models.BooleanField(
        _("alleen geregistreerd when unsafe situation scores 3"),
        default=False,
        help_text=_("A 3 on the unsafe/risky axis then means registered only, whatever the total."),
    )
    copied_from = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weighting table")
        verbose_name_plural = _("weighting tables")
        constraints = [
            models.CheckConstraint(
                condition=Q(independent_max__gte=4)
                & Q(registered_only_min__lte=12)
                & Q(independent_max__lt=F("registered_only_min")),
                name="weighting_thresholds_ordered",
                violation_error_message=_(
                    "Thresholds must satisfy 4 <= zelfstandig < alleen geregistreerd <= 12."
                ),
            )
        ]

    def __str__(self):
        return str(_("Weighting table of %(organisation)s") % {"organisation": self.organisation})

    def level_for(self, task: "WeightedTask") -> str:
        if self.registered_only_when_any_axis_3 and task.unsafe == 3:
            return Level.REGISTERED_ONLY
        total = task.total
        if total >= self.registered_only_min:
            return Level.REGISTERED_ONLY
        if total <= self.independent_max:
            return Level.INDEPENDENT
        return Level.UNDER_RESPONSIBILITY


class WeightedTask(models.Model):
    class Category(models.TextChoices):
        CASEWORK = "casework", _("Casework")
        ADMINISTRATIVE = "administrative", _("Administrative")

    table = models.ForeignKey(
        WeightingTable, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("table")
    )
    name = models.CharField(_("task"), max_length=150)
    category = models.CharField(
        _("kind of work"), max_length=20, choices=Category.choices, default=Category.CASEWORK
    )
    unsafe = models.PositiveSmallIntegerField(
        _("unsafe/risky situation"), validators=AXIS_VALIDATORS
    )
    responsibility = models.PositiveSmallIntegerField(
        _("responsibility"), validators=AXIS_VALIDATORS
    )
    complexity = models.PositiveSmallIntegerField(_("complexity"), validators=AXIS_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact on the child"), validators=AXIS_VALIDATORS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("weighted task")
        verbose_name_plural = _("weighted tasks")
        constraints = [
            models.UniqueConstraint(
                "table",
                Lower("name"),
                name="weighted_task_name_unique_ci",
                violation_error_message=_("This table already has a task with this name."),
            ),
            models.CheckConstraint(
                condition=Q(unsafe__gte=1, unsafe__lte=3)
                & Q(responsibility__gte=1, responsibility__lte=3)
                & Q(complexity__gte=1, complexity__lte=3)
                & Q(impact__gte=1, impact__lte=3),
                name="weighted_task_scores_1_to_3",
                violation_error_message=_("A score is 1, 2 or 3."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def total(self):
        return self.unsafe + self.responsibility + self.complexity + self.impact


class TaskLogEntry(models.Model):
    """A task a not-yet-registered worker did: comply (responsible professional) or explain."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="task_log", verbose_name=_("employee")
    )
    task = models.ForeignKey(
        WeightedTask, on_delete=models.PROTECT, related_name="log_entries", verbose_name=_("task")
    )
    date = models.DateField(_("date"))
    # The level the table gave the task on that day; the table may change later.
    level = models.CharField(_("level"), max_length=30, choices=Level.choices)
    category = models.CharField(
        _("kind of work"), max_length=20, choices=WeightedTask.Category.choices
    )
    responsible = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_tasks",
        verbose_name=_("responsible registered professional"),
    )
    explanation = models.TextField(
        _("explanation (leg uit)"),
        blank=True,
        help_text=_("Why the task was done outside the level of the weighting table."),
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("task log entry")
        verbose_name_plural = _("task log entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="independent") | Q(responsible__isnull=False),
                name="task_log_responsible_when_required",
                violation_error_message=_("This task needs a responsible registered professional."),
            ),
            models.CheckConstraint(
                condition=~Q(level="registered_only") | ~Q(explanation=""),
                name="task_log_explain_outside_level",
                violation_error_message=_(
                    "This task is for registered professionals only: explain why it was done "
                    "(leg uit)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["employee", "date"])]

    def __str__(self):
        return f"{self.task} ({self.date:%d-%m-%Y})"


# --- learning plan (70-20-10) -------------------------------------------------------------


class LearningActivity(models.Model):
    class Kind(models.TextChoices):
        ON_THE_JOB = "on_the_job", _("On the job (70)")
        SOCIAL = "social", _("Social (20)")
        FORMAL = "formal", _("Formal (10)")

    SHARE = {Kind.ON_THE_JOB: 70, Kind.SOCIAL: 20, Kind.FORMAL: 10}

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="learning_activities",
        verbose_name=_("employee"),
    )
    kind = models.CharField(_("kind of learning"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("activity"), max_length=200)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.1"), message=_("Enter more than 0."))],
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="learning_activity_hours_positive",
                violation_error_message=_("Enter more than 0."),
            )
        ]

    def __str__(self):
        return self.title
