"""The support pyramid: levels, the intervention catalogue, requests and confidential trajectories.

Privacy by design (DESIGN.md "Sickness and support data"): there is deliberately no
field for the nature or cause of an illness, and no clinical content. The trigger
category, notes and escalation reasons are special-category data: only the support
coordinators of the employee's organisation and the employee see them (see
`support.access`). Absence records hold dates only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Employee, Organisation


class Level(models.IntegerChoices):
    """The three levels of the pyramid, bottom to top; escalation moves one level up."""

    VERSTERKEN = 1, _("Versterken (strengthen)")
    VOORKOMEN = 2, _("Voorkomen (prevent)")
    HERSTEL = 3, _("Herstel en behandeling (recover and treat)")


LEVEL_MIN, LEVEL_MAX = Level.VERSTERKEN.value, Level.HERSTEL.value


class TargetGroup(models.TextChoices):
    NEW = "new", _("New employees (< 1 year)")
    CURRENT = "current", _("Current employees (> 1 year)")
    BOTH = "both", _("New and current employees")


class Intervention(models.Model):
    """One offer in an organisation's catalogue; reference data the functional admin edits."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("organisation"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name"), max_length=150)
    providers = models.CharField(
        _("providers"),
        max_length=300,
        help_text=_("Who offers it, e.g. occupational psychologist, internal coaching."),
    )
    themes = models.TextField(_("themes"), blank=True, help_text=_("One theme per line."))
    target_group = models.CharField(
        _("meant for"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.BOTH
    )
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "level", "name"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="intervention_name_unique_per_organisation_ci",
                violation_error_message=_(
                    "This organisation already has an intervention with this name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=LEVEL_MIN) & Q(level__lte=LEVEL_MAX),
                name="intervention_level_valid",
                violation_error_message=_("Choose a level of the pyramid."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]


class SupportRequest(models.Model):
    """Somebody asks for support, or proposes it for an employee. Never carries health details."""

    class Source(models.TextChoices):
        SELF = "self", _("Asked by the employee")
        CHECKIN = "checkin", _("Proposed after a mentor check-in")
        SUPERVISOR = "supervisor", _("Proposed by a practice supervisor")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TRAJECTORY = "trajectory", _("Trajectory opened")
        CLOSED = "closed", _("Closed without trajectory")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("organisation"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("employee"),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    preferred_level = models.PositiveSmallIntegerField(
        _("preferred level"), choices=Level.choices, null=True, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status="open"),
                name="support_request_one_open_per_employee",
                violation_error_message=_("There is already an open request for this employee."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "created_at"])]

    def __str__(self):
        return f"{self.employee} ({self.get_source_display()})"


class Trajectory(models.Model):
    """A temporary support trajectory, on top of the team's own guidance.

    Stores who provides it, dates, status, expected duration, availability and
    advised adjustments; never the nature or cause of an illness, never clinical
    content. Overlapping trajectories of one employee at one level are rejected by
    the database (exclusion constraint on PostgreSQL, triggers on SQLite).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    class Availability(models.TextChoices):
        FULL = "full", _("Fully available for work")
        PARTIAL = "partial", _("Partly available for work")
        NONE = "none", _("Not available for work")

    class Trigger(models.TextChoices):
        TRAUMA = "trauma", _("Trauma")
        AGGRESSION = "aggression", _("Aggression")
        INCIDENT = "incident", _("Incident")
        ILLNESS = "illness", _("Illness")
        PSYCHOLOGICAL = "psychological", _("Psychological problems")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_trajectories",
        verbose_name=_("organisation"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="support_trajectories",
        verbose_name=_("employee"),
    )
    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("request"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("intervention"),
    )
    provider = models.CharField(_("provider"), max_length=150)
    start_date = models.DateField(_("start"))
    planned_end_date = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    expected_duration_weeks = models.PositiveSmallIntegerField(
        _("expected duration (weeks)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(260)],
    )
    availability = models.CharField(
        _("availability for work"),
        max_length=10,
        choices=Availability.choices,
        default=Availability.FULL,
    )
    advised_adjustments = models.TextField(
        _("advised adjustments"),
        blank=True,
        help_text=_("Work adjustments only, e.g. fewer cases for six weeks. No medical details."),
    )
    # Special-category data: support coordinators of the organisation and the employee only.
    trigger_category = models.CharField(
        _("reason category"), max_length=15, choices=Trigger.choices, blank=True
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Arrangements only. Never the nature or cause of an illness."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The history keeps level, status and dates; the special-category fields are left
    # out so erasing a trajectory does not leave copies of them behind.
    history = HistoricalRecords(excluded_fields=["trigger_category", "notes"])

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=LEVEL_MIN) & Q(level__lte=LEVEL_MAX),
                name="trajectory_level_valid",
                violation_error_message=_("Choose a level of the pyramid."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="trajectory_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="trajectory_ended_after_start",
                violation_error_message=_("A trajectory cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["completed", "stopped"], ended_on__isnull=False)
                | Q(~Q(status__in=["completed", "stopped"]), ended_on__isnull=True),
                name="trajectory_finished_has_end_date",
                violation_error_message=_(
                    "A completed or stopped trajectory has an end date, and only then."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "start_date"]),
            models.Index(fields=["employee", "level"]),
        ]

    def __str__(self):
        return f"{self.employee} – {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("support:trajectory_detail", args=[self.pk])

    @property
    def end(self):
        return self.ended_on or self.planned_end_date

    @property
    def can_escalate(self) -> bool:
        return self.level < LEVEL_MAX

    @property
    def can_deescalate(self) -> bool:
        return self.level > LEVEL_MIN

    def clean(self):
        super().clean()
        errors = {}
        if self.intervention_id and self.level and self.intervention.level != self.level:
            errors["intervention"] = _("This intervention belongs to another level.")
        if (
            self.intervention_id
            and self.organisation_id
            and self.intervention.organisation_id != self.organisation_id
        ):
            errors["intervention"] = _("This intervention is not offered by this organisation.")
        if (
            self.employee_id
            and self.organisation_id
            and self.employee.organisation_id != self.organisation_id
        ):
            errors["employee"] = _("This employee does not belong to this organisation.")
        finished = self.status in {self.Status.COMPLETED, self.Status.STOPPED}
        if finished and not self.ended_on:
            errors["ended_on"] = _("Give the date the trajectory ended.")
        elif self.ended_on and not finished:
            errors["status"] = _("A trajectory with an end date is completed or stopped.")
        if errors:
            raise ValidationError(errors)


class Escalation(models.Model):
    """One step up (escalation) or down (de-escalation) of a trajectory, with date and reason."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("trajectory"),
    )
    # Copied from the trajectory so the manager figures count escalations per organisation
    # and person from this table alone, without a join whose plan depends on statistics.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("employee")
    )
    from_level = models.PositiveSmallIntegerField(_("from level"), choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(_("to level"), choices=Level.choices)
    date = models.DateField(_("date"))
    # Special-category: same visibility as the trajectory's notes.
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_level__gte=LEVEL_MIN) & Q(to_level__lte=LEVEL_MAX),
                name="escalation_level_valid",
                violation_error_message=_("There is no level beyond the pyramid."),
            ),
            models.CheckConstraint(
                condition=Q(to_level=F("from_level") + 1) | Q(to_level=F("from_level") - 1),
                name="escalation_one_step",
                violation_error_message=_("A trajectory moves one level at a time."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self):
        return f"{self.get_from_level_display()} -> {self.get_to_level_display()} ({self.date})"

    @property
    def is_up(self) -> bool:
        return self.to_level > self.from_level


class TrajectoryAccessLog(models.Model):
    """Who opened (or tried to open) a trajectory, and when. The employee can read it."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("trajectory"),
    )
    requested_pk = models.CharField(_("requested id"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    allowed = models.BooleanField(_("allowed"))
    path = models.CharField(_("page"), max_length=300)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("trajectory access")
        verbose_name_plural = _("trajectory access log")
        indexes = [models.Index(fields=["trajectory", "at"])]

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {'ok' if self.allowed else 'refused'}"


class OnboardingChoice(models.Model):
    """At hire: start directly in the role or first in a supporting role; the intake date."""

    class StartMode(models.TextChoices):
        DIRECT = "direct", _("Directly in the role")
        SUPPORTING = "supporting", _("First in a supporting role")

    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="onboarding_choice",
        verbose_name=_("employee"),
    )
    start_mode = models.CharField(_("start"), max_length=12, choices=StartMode.choices)
    supporting_role_until = models.DateField(_("supporting role until"), null=True, blank=True)
    intake_date = models.DateField(_("personal-development intake"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("onboarding choice")
        verbose_name_plural = _("onboarding choices")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_mode="direct", supporting_role_until__isnull=True)
                | Q(start_mode="supporting", supporting_role_until__isnull=False),
                name="onboarding_supporting_role_has_end",
                violation_error_message=_(
                    "Give an end date for the supporting role, and only for a supporting role."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.employee} – {self.get_start_mode_display()}"

    def clean(self):
        super().clean()
        if self.start_mode == self.StartMode.SUPPORTING and not self.supporting_role_until:
            raise ValidationError(
                {"supporting_role_until": _("Until when does the supporting role last?")}
            )
        if self.start_mode == self.StartMode.DIRECT and self.supporting_role_until:
            raise ValidationError(
                {"supporting_role_until": _("Only a supporting role has an end date.")}
            )
        if (
            self.supporting_role_until
            and self.employee_id
            and self.supporting_role_until < self.employee.employment_start
        ):
            raise ValidationError(
                {"supporting_role_until": _("The supporting role cannot end before employment.")}
            )


class DevelopmentSupervisor(models.Model):
    """A personal-development supervisor (begeleider persoonlijke ontwikkeling) and their term."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="development_supervisors",
        verbose_name=_("organisation"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="development_supervisor_terms",
        verbose_name=_("employee"),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    training_date = models.DateField(_("training date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term_end", "employee__last_name"]
        verbose_name = _("personal-development supervisor")
        verbose_name_plural = _("personal-development supervisors")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="supervisor_term_end_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["employee", "term_start"],
                name="supervisor_term_unique_start",
                violation_error_message=_("This person already has a term starting that day."),
            ),
        ]

    def __str__(self):
        return f"{self.employee} ({self.term_start} – {self.term_end})"

    def clean(self):
        super().clean()
        if (
            self.employee_id
            and self.organisation_id
            and self.employee.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"employee": _("This employee does not belong to this organisation.")}
            )


class AbsenceRecord(models.Model):
    """A period of sick leave: dates only (the law allows no reason or diagnosis)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="absence_records",
        verbose_name=_("organisation"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="absence_records",
        verbose_name=_("employee"),
    )
    start_date = models.DateField(_("first sick day"))
    end_date = models.DateField(_("last sick day"), null=True, blank=True)
    percentage = models.PositiveSmallIntegerField(
        _("percentage absent"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("absence record")
        verbose_name_plural = _("absence records")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="support_absence_end_after_start",
                violation_error_message=_("Absence cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=1) & Q(percentage__lte=100),
                name="support_absence_percentage_range",
                violation_error_message=_("The percentage is between 1 and 100."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "start_date"])]

    def __str__(self):
        return f"{self.employee} {self.start_date} – {self.end_date or '…'}"
