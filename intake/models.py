"""Recruitment campaigns, applicants and their applications, scores, interviews and hires.

An applicant has no account: `Candidate` is one person (matched by email) across
campaigns, `Application` is their application to one campaign. When the retention
period has passed the personal data is erased, but the application row stays (without
the person) so the funnel figures keep their counts.
"""

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

from organisations.models import Employee, Organisation, Placement, Team
from organisations.uploads import private_storage, random_upload_path

_cv_path = random_upload_path("intake-cv")
_import_path = random_upload_path("intake-imports")


def cv_upload_to(instance, filename):
    """`intake-cv/<uuid>.<ext>` (a module-level function, so migrations can refer to it)."""
    return _cv_path(instance, filename)


def import_upload_to(instance, filename):
    return _import_path(instance, filename)


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The pipeline a new campaign gets; end states are always available.
DEFAULT_STAGES = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
END_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN})
CLOSED_STAGES = frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN})


class Campaign(models.Model):
    class RoleProfile(models.TextChoices):
        YOUTH_PROTECTOR = "jeugdbeschermer", _("Youth protection worker (jeugdbeschermer)")
        VEILIG_THUIS_WORKER = "mw_veilig_thuis", _("Social worker Veilig Thuis")
        COMMUNITY_WORKER = "opbouwwerker", _("Community development worker (opbouwwerker)")
        CARE_SUPPORT = "zorgondersteuner", _("Care support worker (zorgondersteuner)")
        OTHER = "other", _("Other")

    class TargetGroup(models.TextChoices):
        CAREER_SWITCHERS = "career_switchers", _("Career switchers with a related HBO degree")
        DISTANCE_TO_LABOUR_MARKET = (
            "distance",
            _("People with a distance to the labour market (status holders, benefit recipients)"),
        )
        YOUNG_PROFESSIONALS = "trainees", _("Young registered professionals (traineeship)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("team"),
        help_text=_("The team the new colleagues will join; its mentoring headroom is shown."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    role_profile = models.CharField(_("role profile"), max_length=30, choices=RoleProfile.choices)
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    description = models.TextField(_("campaign text"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    places = models.PositiveSmallIntegerField(
        _("places to fill"), default=1, validators=[MinValueValidator(1)]
    )
    application_cap = models.PositiveIntegerField(
        _("application cap"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("When this many applications are in, the form closes. Empty means no cap."),
    )
    waiting_list = models.BooleanField(
        _("waiting list when full"),
        default=True,
        help_text=_("Once the cap is reached, later applicants can join a waiting list."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    stages = models.JSONField(_("pipeline stages"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message=_("A campaign cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="campaign_places_positive",
                violation_error_message=_("A campaign has at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(application_cap__isnull=True) | Q(application_cap__gte=1),
                name="campaign_cap_positive",
                violation_error_message=_("The application cap must be at least 1."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intake:campaign_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("intake:apply", args=[self.slug])

    @property
    def pipeline(self) -> list[str]:
        """The campaign's open stages in order (the board's columns before the end states)."""
        return [s for s in (self.stages or DEFAULT_STAGES) if s in Stage.values]

    def allows_stage(self, stage: str) -> bool:
        return stage in self.pipeline or stage in END_STAGES

    def is_open_on(self, day) -> bool:
        return self.is_published and self.opens_on <= day <= self.closes_on

    def clean(self):
        super().clean()
        unknown = [s for s in self.stages or [] if s not in Stage.values]
        if unknown:
            raise ValidationError({"stages": _("Unknown stage: %(s)s") % {"s": ", ".join(unknown)}})
        if self.stages and (Stage.APPLIED not in self.stages or Stage.HIRED not in self.stages):
            raise ValidationError(
                {"stages": _("The pipeline must start with Applied and end with Hired.")}
            )
        if (
            self.team_id
            and self.organisation_id
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"team": _("This team does not belong to the chosen organisation.")}
            )


class SelectionCriterion(models.Model):
    class Kind(models.TextChoices):
        HARD = "hard", _("Hard (knock-out yes/no)")
        SOFT = "soft", _("Soft (scored 1-5)")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("campaign")
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("explanation"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Only for soft criteria: 1 to 10."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["campaign", "kind", "order", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(
                "campaign",
                Lower("name"),
                name="criterion_name_unique_per_campaign",
                violation_error_message=_("This campaign already has a criterion with this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10),
                name="criterion_weight_range",
                violation_error_message=_("The weight must be between 1 and 10."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_hard(self):
        return self.kind == self.Kind.HARD


class RejectionReason(models.Model):
    """A configurable reason for rejecting; organisation empty means available to all."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rejection_reasons",
        verbose_name=_("organisation"),
    )
    label = models.CharField(_("reason"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "label"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self):
        return self.label


class Candidate(models.Model):
    """One person across campaigns, recognised by email address."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="candidate_email_unique_ci",
                violation_error_message=_("A candidate with this email address already exists."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Application(models.Model):
    class Source(models.TextChoices):
        WEBSITE = "website", _("Own website")
        JOB_BOARD = "job_board", _("Job board")
        REFERRAL = "referral", _("Referral by an employee")
        SOCIAL_MEDIA = "social_media", _("Social media")
        UWV_MUNICIPALITY = "uwv", _("UWV or municipality")
        IMPORT = "import", _("Imported")
        OTHER = "other", _("Other")

    class EducationLevel(models.TextChoices):
        MBO = "mbo", _("MBO")
        HBO = "hbo", _("HBO (bachelor)")
        WO_BACHELOR = "wo_bachelor", _("WO bachelor")
        WO_MASTER = "wo_master", _("WO master")
        OTHER = "other", _("Other or none")

    class EducationField(models.TextChoices):
        SOCIAL_WORK_YOUTH = "sw_youth", _("Social Work, profile Youth (Jeugd)")
        SOCIAL_WORK_OTHER = "sw_other", _("Social Work, other profile (care, welfare and society)")
        RELATED = "related", _("Related (pedagogy, applied psychology, SPH, MWD, CMV)")
        PSYCHOLOGY = "psychology", _("Psychology or orthopedagogy")
        OTHER = "other", _("Other field")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("campaign")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.WEBSITE
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    on_waiting_list = models.BooleanField(_("on the waiting list"), default=False)
    consent_to_keep = models.BooleanField(_("consent to keep data for 1 year"), default=False)
    # The language the applicant used on the public form: later emails to them use it too.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    # personal data (erased by the retention task)
    cv = models.FileField(
        _("CV"),
        storage=private_storage,
        upload_to=cv_upload_to,
        blank=True,
        max_length=200,
    )
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    education_field = models.CharField(
        _("field of study"), max_length=20, choices=EducationField.choices, blank=True
    )
    diploma = models.CharField(_("diploma (name of the programme)"), max_length=200, blank=True)
    diploma_obtained = models.BooleanField(_("diploma obtained"), default=False)
    previous_sector = models.CharField(_("current or previous sector"), max_length=150, blank=True)
    previous_role = models.CharField(_("current or previous role"), max_length=150, blank=True)
    previous_seniority = models.CharField(
        _("seniority in that role"), max_length=20, choices=Employee.Seniority.choices, blank=True
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of work experience"), default=0, validators=[MaxValueValidator(60)]
    )
    years_relevant_hbo_work = models.PositiveSmallIntegerField(
        _("years in a relevant job at HBO level"), default=0, validators=[MaxValueValidator(60)]
    )
    route_code = models.CharField(_("advised route"), max_length=30, blank=True)
    life_experience = models.TextField(_("life experience"), blank=True)
    motivation = models.TextField(
        _("motivation: what picture do you have of the work?"), blank=True
    )
    # decisions
    rejection_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejection reason"),
    )
    hard_override_reason = models.TextField(_("reason for overriding a hard criterion"), blank=True)
    hard_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hard_override_at = models.DateTimeField(null=True, blank=True)
    # Kept up to date by `score_set`, so lists and the board rank without aggregating.
    weighted_total = models.FloatField(_("weighted total"), null=True, blank=True)
    fails_hard = models.BooleanField(_("fails a hard criterion"), default=False)
    ended_at = models.DateTimeField(_("procedure ended"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["stage_changed_at", "weighted_total", "fails_hard"]
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "candidate"],
                condition=Q(candidate__isnull=False),
                name="application_once_per_campaign",
                violation_error_message=_("This person has already applied to this campaign."),
            ),
            models.CheckConstraint(
                condition=~Q(stage="rejected") | Q(rejection_reason__isnull=False),
                name="application_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(consent_to_keep=False) | Q(consent_at__isnull=False),
                name="application_consent_has_date",
                violation_error_message=_("Consent needs the date it was given."),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "stage"]),
            models.Index(fields=["campaign", "weighted_total"]),
            models.Index(fields=["campaign", "submitted_at"]),  # the list's default order
            models.Index(fields=["stage", "ended_at"], name="application_retention"),
        ]
        # PostgreSQL also has `application_board_rank` (migration 0007): the board's ranking
        # order, weighted total DESC NULLS LAST, which SQLite cannot index.

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("intake:application_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.candidate_id is None:
            return _("Erased applicant #%(pk)s") % {"pk": self.pk}
        return self.candidate.full_name

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def is_closed(self) -> bool:
        """The procedure has ended: rejected, hired, withdrawn, or the data erased."""
        return self.is_erased or self.stage in {Stage.HIRED, *END_STAGES}


class Score(models.Model):
    """One assessor's judgement of one criterion: 1-5 for soft, pass/fail for hard."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        SelectionCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    value = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    passed = models.BooleanField(_("meets the requirement"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id", "assessor_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "assessor"],
                name="score_once_per_assessor_and_criterion",
                violation_error_message=_("This assessor already scored this criterion."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(value__isnull=False)
                    & Q(value__gte=1)
                    & Q(value__lte=5)
                    & Q(passed__isnull=True)
                )
                | (Q(value__isnull=True) & Q(passed__isnull=False)),
                name="score_value_or_pass",
                violation_error_message=_("A score is either 1 to 5 or a yes/no."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value if self.value else self.passed}"


class StageChange(models.Model):
    """Who moved an application from which stage to which, when and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.from_stage} -> {self.to_stage}"


class Interview(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="intake_interviews", verbose_name=_("panel")
    )
    candidate_invited = models.BooleanField(_("candidate invited"), default=False)
    # iCalendar SEQUENCE: raised on every change, so calendars replace the old event.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(video_url=""),
                name="interview_has_place_or_link",
                violation_error_message=_("Give a place or a video link."),
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.starts_at:%d-%m-%Y %H:%M}"


class InterviewNote(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notes"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "author"], name="interview_note_per_author"
            )
        ]

    def __str__(self):
        return f"{self.interview_id}/{self.author_id}"


class Hire(models.Model):
    """The hand-over from intake to the organisation: one per application, ever."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="hire", verbose_name=_("application")
    )
    employee = models.OneToOneField(
        Employee, on_delete=models.PROTECT, related_name="intake_hire", verbose_name=_("employee")
    )
    placement = models.OneToOneField(
        Placement, on_delete=models.PROTECT, related_name="+", verbose_name=_("placement")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    start_date = models.DateField(_("start date"))
    route_code = models.CharField(_("advised route"), max_length=30, blank=True)
    training_track_created = models.BooleanField(default=False)
    hired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hire")
        verbose_name_plural = _("hires")

    def __str__(self):
        return str(self.employee)

    def get_route_display(self) -> str:
        from .route_advice import route_label

        return str(route_label(self.route_code))


class ErasureLog(models.Model):
    """That an applicant's data was erased, and why; deliberately without personal data."""

    class Why(models.TextChoices):
        RETENTION = "retention", _("Retention period passed")
        REQUEST = "request", _("On the applicant's request")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="erasures")
    application_id_erased = models.PositiveBigIntegerField()
    why = models.CharField(max_length=20, choices=Why.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    had_consent = models.BooleanField(default=False)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.why} {self.erased_at:%Y-%m-%d}"


class ImportJob(models.Model):
    """A CSV/XLSX import of applications running in Celery, with its progress and report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imports")
    # Deleted when the import has finished: the applications are stored by then, and the
    # file (full of applicant data) must not outlive them.
    file = models.FileField(
        storage=private_storage, upload_to=import_upload_to, max_length=200, blank=True
    )
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    # [{"row": 3, "errors": ["..."]}]: row numbers and messages, never the row's contents
    rejected = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Failure(models.TextChoices):
        # Values as in intake/import_limits.py, which words the message for the reader.
        UNREADABLE = "unreadable", _("Unreadable file")
        TOO_LARGE = "too_large", _("File too large")
        TOO_MANY_ROWS = "too_many_rows", _("Too many rows")
        TIMED_OUT = "timed_out", _("Took too long")
        GAVE_UP = "gave_up", _("Too many attempts")

    # Why a failed job failed. A failed job is never resumed by the sweep.
    failure = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    # How often a worker claimed the job: a file that kills its worker every time is
    # failed after import_limits.MAX_ATTEMPTS instead of being resumed for ever.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set on every committed batch: a running job without progress for a while was lost
    # with its worker and is resumed (services.import_jobs_resume).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def failure_message(self) -> str:
        """Why the job failed, in the reader's language (older jobs only have `error`)."""
        from .import_limits import failure_message

        return failure_message(self.failure) if self.failure else self.error

class RateLimitCount(models.Model):
    """Public-form submissions of one address in one window, counted here only while the
    cache (Redis) is down (config/rate_limit.py). The key is a keyed hash: no address."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key[:8]}… {self.count}"
