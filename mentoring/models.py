"""Mentor pool, assignments, check-ins (terugkommomenten), intervision and mentor pulse.

Row rules live in constraints here; rules across rows (capacity, "sub needs a main",
SKJ registration of a main mentor in mandated care) live in services/, guarded
with select_for_update on the mentor's profile.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Employee, Organisation

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Expertise(models.TextChoices):
    JEUGDBESCHERMING = "jeugdbescherming", _("Youth protection (jeugdbescherming)")
    JEUGDRECLASSERING = "jeugdreclassering", _("Juvenile probation (jeugdreclassering)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    RAAD = "raad", _("Child protection board investigations")
    OPBOUWWERK = "opbouwwerk", _("Community development (opbouwwerk)")
    CHILDREN = "children", _("Working with young children")
    AGGRESSION = "aggression", _("Dealing with aggression")
    DISABILITY = "disability", _("Care for people with a disability")
    SOCIAL_WORK = "social_work", _("Social work")


class MentoringSettings(models.Model):
    """Per-organisation numbers: reminders, cadence, pulse, matching weights."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="mentoring_settings",
        verbose_name=_("organisation"),
    )
    reminder_days_ahead = models.PositiveSmallIntegerField(
        _("remind mentors this many days ahead"), default=2, validators=[MaxValueValidator(30)]
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the practice supervisor after this many days overdue"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    pulse_interval_weeks = models.PositiveSmallIntegerField(
        _("mentor pulse every this many weeks"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    early_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins at the start"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    early_period_weeks = models.PositiveSmallIntegerField(
        _("length of the start period (weeks)"), default=13, validators=[MaxValueValidator(104)]
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins after the start period"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    hours_per_main_mentee = models.DecimalField(
        _("hours per week per main mentee"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    hours_per_sub_mentee = models.DecimalField(
        _("hours per week per sub-mentee"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    weight_team = models.PositiveSmallIntegerField(_("weight: same team"), default=30)
    weight_expertise = models.PositiveSmallIntegerField(_("weight: expertise fit"), default=25)
    weight_capacity = models.PositiveSmallIntegerField(_("weight: free capacity"), default=20)
    weight_load = models.PositiveSmallIntegerField(_("weight: low current load"), default=15)
    weight_briefed = models.PositiveSmallIntegerField(_("weight: briefed mentor"), default=10)

    class Meta:
        verbose_name = _("mentoring settings")
        verbose_name_plural = _("mentoring settings")

    def __str__(self):
        return str(self.organisation)


class MentorProfile(models.Model):
    """An employee who volunteered for the mentor pool."""

    class Role(models.TextChoices):
        MAIN = "main", _("Main mentor (hoofdbegeleider)")
        SUB = "sub", _("Sub-mentor (subbegeleider)")
        COACH = "coach", _("Coach for community workers")
        DEVELOPMENT = "development", _("Personal-development supervisor")

    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("employee"),
    )
    role = models.CharField(
        _("mentor role"),
        max_length=20,
        choices=Role.choices,
        help_text=_(
            "A sub-mentor takes no main mentees; a personal-development supervisor takes no "
            "mentees here (they work in the support pyramid): their capacities are set to 0."
        ),
    )
    max_main_mentees = models.PositiveSmallIntegerField(
        _("capacity as main mentor"), default=1, validators=[MaxValueValidator(10)]
    )
    max_sub_mentees = models.PositiveSmallIntegerField(
        _("capacity as sub-mentor"), default=2, validators=[MaxValueValidator(10)]
    )
    hours_per_week = models.DecimalField(
        _("hours per week available"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
    )
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    briefing_date = models.DateField(_("expectation briefing on"), null=True, blank=True)
    is_older_colleague = models.BooleanField(
        _("older colleague available (reduced roster)"), default=False
    )
    is_active = models.BooleanField(_("active in the pool"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["employee__last_name", "employee__first_name"]
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=40),
                name="mentor_hours_range",
                violation_error_message=_("Hours per week must be between 0 and 40."),
            ),
        ]

    def __str__(self):
        return f"{self.employee} ({self.get_role_display()})"

    def takes(self, kind: str) -> bool:
        """Whether this mentor's role takes mentees of `kind` ("main" or "sub")."""
        return kind in ROLE_KINDS.get(self.role, ())

    @property
    def capacity(self) -> int:
        return self.max_main_mentees + self.max_sub_mentees

    def expertise_labels(self) -> list[str]:
        labels = dict(Expertise.choices)
        return [str(labels.get(tag, tag)) for tag in self.expertise]


class MentorAssignment(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main mentor")
        SUB = "sub", _("Sub-mentor")

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Guidance completed")
        MENTOR_CHANGE = "mentor_change", _("Change of mentor")
        CONFLICT = "conflict", _("The pairing did not work")
        MENTOR_LEFT = "mentor_left", _("Mentor left or stopped")
        MENTEE_LEFT = "mentee_left", _("Side-entrant left")
        OTHER = "other", _("Other")

    mentee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="mentor_assignments",
        verbose_name=_("side-entrant"),
    )
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="mentee_assignments",
        verbose_name=_("mentor"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    reason_for_change = models.TextField(_("reason for change"), blank=True)
    early_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins at the start"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    early_period_weeks = models.PositiveSmallIntegerField(
        _("length of the start period (weeks)"), default=13, validators=[MaxValueValidator(104)]
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins after the start period"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(kind="main", end_date__isnull=True),
                name="mentoring_one_active_main",
                violation_error_message=_("This side-entrant already has an active main mentor."),
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(kind="sub", end_date__isnull=True),
                name="mentoring_one_active_sub",
                violation_error_message=_("This side-entrant already has an active sub-mentor."),
            ),
            models.CheckConstraint(
                condition=~Q(mentee=F("mentor")),
                name="mentoring_no_self_assignment",
                violation_error_message=_("A mentor cannot be assigned to themself."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="mentoring_assignment_end_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["mentor", "end_date"])]

    def __str__(self):
        return f"{self.mentor} → {self.mentee} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class CheckIn(models.Model):
    """A planned check-in (terugkommoment) of one assignment, logged by the mentor."""

    assignment = models.ForeignKey(
        MentorAssignment,
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("assignment"),
    )
    planned_date = models.DateField(_("planned for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    how_it_goes = models.PositiveSmallIntegerField(
        _("how it goes (1-5)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    needs = models.TextField(_("what the side-entrant needs"), blank=True)
    workload = models.PositiveSmallIntegerField(
        _("workload (1 = light, 5 = too heavy)"),
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    casework_percent = models.PositiveSmallIntegerField(
        _("share of casework (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The rest is administrative work such as report writing."),
    )
    agreements = models.TextField(_("agreements"), blank=True)
    escalate = models.BooleanField(_("escalate to the support pyramid"), default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(_("my reflection"), blank=True)
    reflection_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "planned_date"],
                name="mentoring_checkin_once_per_day",
                violation_error_message=_("There is already a check-in on this date."),
            ),
            models.CheckConstraint(
                condition=Q(how_it_goes__isnull=True) | Q(how_it_goes__gte=1, how_it_goes__lte=5),
                name="mentoring_checkin_score_range",
                violation_error_message=_("Choose a score from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(workload__isnull=True) | Q(workload__gte=1, workload__lte=5),
                name="mentoring_checkin_workload_range",
                violation_error_message=_("Choose a workload from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(casework_percent__isnull=True) | Q(casework_percent__lte=100),
                name="mentoring_checkin_casework_range",
                violation_error_message=_("The share of casework is at most 100%."),
            ),
        ]
        indexes = [
            # (planned_date, id) matches the overdue lists' order, so "the first 20
            # overdue" walks the index and stops instead of sorting every open check-in.
            models.Index(
                fields=["planned_date", "id"],
                name="mentoring_checkin_open",
                condition=Q(held_on__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.assignment} – {self.planned_date:%d-%m-%Y}"

    @property
    def is_done(self) -> bool:
        return self.held_on is not None

    @property
    def admin_percent(self):
        return None if self.casework_percent is None else 100 - self.casework_percent


class IntervisionMethod(models.TextChoices):
    INCIDENT = "incident", _("Incident method (incidentmethode)")
    BALINT = "balint", _("Balint method")
    GOSSIP = "gossip", _("Gossip method (roddelmethode)")
    OTHER = "other", _("Other")


class ReflectionDimension(models.TextChoices):
    TECHNICAL = "technical", _("Technical-instrumental")
    NORMATIVE = "normative", _("Normative")
    PERSONAL = "personal", _("Personal")


class IntervisionSeries(models.Model):
    """Fixed recurring intervision moments; each planned session appears in calendars."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=150)
    facilitator = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    method = models.CharField(_("method"), max_length=20, choices=IntervisionMethod.choices)
    first_date = models.DateField(_("first session"))
    interval_weeks = models.PositiveSmallIntegerField(
        _("every this many weeks"), default=4, validators=[MinValueValidator(1)]
    )
    count = models.PositiveSmallIntegerField(
        _("number of sessions"), default=6, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_date"]
        verbose_name = _("intervision series")
        verbose_name_plural = _("intervision series")

    def __str__(self):
        return self.title


class IntervisionSession(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="intervision_sessions",
        verbose_name=_("organisation"),
    )
    series = models.ForeignKey(
        IntervisionSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("series"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    facilitator = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    method = models.CharField(_("method"), max_length=20, choices=IntervisionMethod.choices)
    method_other = models.CharField(_("other method"), max_length=100, blank=True)
    case_owner = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case owner"),
    )
    question = models.TextField(_("case question"), blank=True)
    reflection_dimension = models.CharField(
        _("reflection dimension"), max_length=20, choices=ReflectionDimension.choices, blank=True
    )
    agreements = models.TextField(_("agreements"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("intervision session")
        verbose_name_plural = _("intervision sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=480),
                name="mentoring_intervision_duration_range",
                violation_error_message=_("A session lasts between 15 minutes and 8 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} – {self.date:%d-%m-%Y}"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(Decimal("0.01"))


class IntervisionParticipant(models.Model):
    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="participants"
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="intervision_participations",
        verbose_name=_("participant"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["employee__last_name", "employee__first_name"]
        verbose_name = _("intervision participant")
        verbose_name_plural = _("intervision participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="mentoring_participant_once",
                violation_error_message=_("This person is already a participant."),
            ),
        ]

    def __str__(self):
        return f"{self.employee} – {self.session}"


class MentorPulse(models.Model):
    """A short periodic question to a mentor: do they keep it up?"""

    profile = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="pulses", verbose_name=_("mentor")
    )
    period_start = models.DateField(_("round of"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    energy = models.PositiveSmallIntegerField(
        _("energy (1 = empty, 5 = full)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    time_pressure = models.PositiveSmallIntegerField(
        _("time pressure (1 = none, 5 = very high)"),
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    still_willing = models.BooleanField(_("I still want to mentor"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("mentor pulse")
        verbose_name_plural = _("mentor pulses")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "period_start"],
                name="mentoring_pulse_once_per_round",
                violation_error_message=_("There is already a pulse for this round."),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(energy__gte=1, energy__lte=5, time_pressure__gte=1, time_pressure__lte=5),
                name="mentoring_pulse_answer_complete",
                violation_error_message=_("Energy and time pressure are scores from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.profile.employee} – {self.period_start:%d-%m-%Y}"


# Which assignments each pool role takes: a main mentor (and a coach for community
# workers) can be main or sub-mentor, a sub-mentor only sub, and a personal-development
# supervisor neither (they belong to the support pyramid's roster).
ROLE_KINDS = {
    MentorProfile.Role.MAIN: ("main", "sub"),
    MentorProfile.Role.COACH: ("main", "sub"),
    MentorProfile.Role.SUB: ("sub",),
    MentorProfile.Role.DEVELOPMENT: (),
}


def roles_taking(kind: str) -> list[str]:
    return [str(role) for role, kinds in ROLE_KINDS.items() if kind in kinds]
