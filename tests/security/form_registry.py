"""Every form the fuzzer attacks: one FormCase per form, in FORMS.

Capability apps add their forms here (see docs/security.md):

    FORMS.append(FormCase(
        name="intake: candidate",
        role=Role.HR_ADVISOR,                       # a user of organisation A; None = anonymous
        url=lambda w: reverse("intake:candidate_create"),
        valid=lambda w: {"first_name": "Sanne", ..., "campaign": campaign_of(w.a).pk},
        watch=[Candidate],                          # tables that must not change on a rejected post
    ))

The fuzzer (test_fuzz_forms.py) takes the valid payload and replaces any subset of
its fields with hostile values (long strings, unicode, control characters, NUL bytes,
HTML/SQL payloads, huge and negative numbers, bad dates). It asserts: never a 5xx;
when the post is rejected (not a redirect), no watched table changed; and every row of
a watched model that the post touched still passes `full_clean()`. Each example runs
in a transaction that is rolled back, so examples do not affect each other.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse

from notifications.models import UserPreference
from notifications.services import preference_for
from organisations.models import Employee, Organisation, Placement, Team
from organisations.roles import Role
from organisations.services import placement_end

LOGIN_PASSWORD = "fuzz-wachtwoord-2026"


def _apply_valid(world):
    from tests.intake.factories import apply_form_data

    return apply_form_data(
        last_name="van 't Hek",
        email="anouk@example.org",
        motivation="Ik heb een realistisch beeld van het werk.",
    )


@dataclass(frozen=True)
class FormCase:
    name: str
    role: Role | None
    url: Callable
    valid: Callable
    watch: list = field(default_factory=list)
    # Status of an accepted post (the rows may change then).
    accepted: tuple[int, ...] = (302,)
    # Run once before the examples: setup(world, user), e.g. rows a view creates lazily.
    setup: Callable | None = None
    # Django settings overridden while the form is attacked (e.g. to lift a rate limit
    # that has its own test, so the examples reach the form instead of the 429).
    overrides: dict = field(default_factory=dict)
    # Fields full_clean() may skip per watched model, with the reason in the case.
    clean_exclude: dict = field(default_factory=dict)

    def __str__(self):
        return self.name


def _placement(w):
    return w.a.employee.placements.first()


def _login_user(w):
    user = get_user_model().objects.filter(username="fuzz-ruth").first()
    if user is None:
        user = get_user_model().objects.create_user("fuzz-ruth", "ruth@example.org", LOGIN_PASSWORD)
    return user


def _current_code(user) -> str:
    from django_otp.oath import TOTP

    from config.two_factor import _pending_device

    device = _pending_device(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def _finance_programme(w):
    from dashboards.models import Programme
    from tests.dashboards.factories import make_programme

    found = Programme.objects.filter(organisation=w.a.organisation, name="Fuzz pilot").first()
    return found or make_programme(w.a.organisation, name="Fuzz pilot")


def _fuzz_subsidy(w):
    from decimal import Decimal

    from dashboards.finance import services as finance_services

    programme = _finance_programme(w)
    return programme.subsidy_applications.first() or finance_services.subsidy_application_create(
        programme=programme,
        scheme="sectorplanplus",
        amount_requested=Decimal("1000"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


def _finance_models():
    from dashboards.models import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline

    return [FinancePlan, FinanceLine, SubsidyApplication, SubsidyDeadline]


FORMS: list[FormCase] = [
    FormCase(
        name="organisations: organisation (create)",
        role=Role.FUNCTIONAL_ADMIN,
        url=lambda w: reverse("organisations:organisation_create"),
        valid=lambda w: {
            "name": "Jeugdzorg Fuzz",
            "kind": Organisation.Kind.YOUTH_PROTECTION,
            "cao_name": "cao Jeugdzorg",
            "city": "Zwolle",
            "is_mandated_care": "on",
        },
        watch=[Organisation],
    ),
    FormCase(
        name="organisations: organisation (edit)",
        role=Role.FUNCTIONAL_ADMIN,
        url=lambda w: reverse("organisations:organisation_update", args=[w.a.organisation.pk]),
        valid=lambda w: {
            "name": "Alfa",
            "kind": w.a.organisation.kind,
            "cao_name": "cao Jeugdzorg",
            "city": "Groningen",
        },
        watch=[Organisation],
    ),
    FormCase(
        name="organisations: team (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:team_create", args=[w.a.organisation.pk]),
        valid=lambda w: {"name": "Team Fuzz", "formation_fte": "4,5"},
        watch=[Team],
    ),
    FormCase(
        name="organisations: team (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:team_update", args=[w.a.team.pk]),
        valid=lambda w: {"name": w.a.team.name, "formation_fte": "12"},
        watch=[Team],
    ),
    FormCase(
        name="organisations: employee (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:employee_create"),
        valid=lambda w: {
            "first_name": "Sanne",
            "last_name": "van 't Hek",
            "email": "sanne@example.org",
            "organisation": w.a.organisation.pk,
            "team": w.a.team.pk,
            "job_function": "Jeugdbeschermer",
            "fte": "0,89",
            "employment_start": "01-09-2025",
            "employment_end": "",
            "is_side_entrant": "on",
            "previous_sector": "onderwijs",
            "previous_role": "Leraar",
            "previous_seniority": "senior",
            "skj_number": "",
            "skj_registration_date": "",
            "vog_date": "15-08-2025",
        },
        watch=[Employee, Placement],
    ),
    FormCase(
        name="organisations: employee (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:employee_update", args=[w.a.employee.pk]),
        valid=lambda w: {
            "first_name": w.a.employee.first_name,
            "last_name": w.a.employee.last_name,
            "email": w.a.employee.email,
            "team": w.a.team.pk,
            "job_function": "Jeugdbeschermer",
            "fte": "1",
            "employment_start": "01-01-2025",
        },
        watch=[Employee, Placement],
    ),
    FormCase(
        name="organisations: placement (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:placement_create", args=[w.a.employee.pk]),
        valid=lambda w: {
            "team": w.a.team.pk,
            "start_date": "01-01-2027",
            "end_date": "",
            "fte": "0,5",
            "formation_kind": Placement.FormationKind.SUPERNUMERARY,
            "funding_source": Placement.FundingSource.SECTORPLAN_PLUS,
            "contract_reference": "AB-123",
        },
        watch=[Placement],
        # The current placement ends before the new one starts.
        setup=lambda w, user: placement_end(
            placement=_placement(w), end_date=datetime.date(2026, 12, 31)
        ),
    ),
    FormCase(
        name="organisations: placement end",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:placement_end", args=[_placement(w).pk]),
        valid=lambda w: {"end_date": "31-12-2026"},
        watch=[Placement],
    ),
    FormCase(
        name="notifications: preferences",
        role=Role.MENTOR,
        url=lambda w: reverse("notifications:preferences"),
        valid=lambda w: {"language": "nl", "email_notifications": "on"},
        watch=[UserPreference],
        # The page creates the default preferences on first visit; that is not the post.
        setup=lambda w, user: preference_for(user),
    ),
    FormCase(
        name="accounts: login",
        role=None,
        url=lambda w: reverse("login"),
        valid=lambda w: {"username": _login_user(w).username, "password": LOGIN_PASSWORD},
        watch=[get_user_model()],
    ),
    FormCase(
        name="accounts: password reset",
        role=None,
        url=lambda w: reverse("password_reset"),
        valid=lambda w: {"email": "ruth@example.org"},
        watch=[get_user_model()],
    ),
    FormCase(
        name="accounts: two-step login code",
        role=Role.MENTOR,
        url=lambda w: reverse("two_factor"),
        valid=lambda w: {"token": _current_code(w.a.user(Role.MENTOR))},
        # A wrong code counts towards throttling the device: that change is intended.
        watch=[],
    ),
    FormCase(
        name="accounts: password change",
        role=Role.SIDE_ENTRANT,
        url=lambda w: reverse("password_change"),
        valid=lambda w: {
            "old_password": "secret-password-1",
            "new_password1": "een-nieuw-wachtwoord-42",
            "new_password2": "een-nieuw-wachtwoord-42",
        },
        watch=[],
    ),
    FormCase(
        name="dashboards: financial plan assumptions",
        role=Role.MANAGER,
        url=lambda w: reverse("dashboards:finance_assumptions", args=[_finance_programme(w).pk]),
        valid=lambda w: {
            "hourly_wage_cost": "38,50",
            "hours_per_fte_per_week": "36",
            "training_cost_per_person": "6500",
            "mentor_hourly_cost": "52",
            "mentor_hours_per_month": "6",
            "alternative_cost_per_fte_month": "11500",
            "horizon_months": "36",
            "planned_hires": "2",
            "planned_hire_fte": "1",
            "planned_start": "2026-09-01",
            "planned_months_supernumerary": "12",
        },
        watch=_finance_models(),
    ),
    FormCase(
        name="dashboards: cost or funding line",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("dashboards:finance_line_create", args=[_finance_programme(w).pk]),
        valid=lambda w: {
            "kind": "recruitment",
            "description": "Wervingscampagne",
            "amount": "7500",
            "starts_on": "2026-01-01",
            "months": "1",
        },
        watch=_finance_models(),
    ),
    FormCase(
        name="dashboards: subsidy application",
        role=Role.MANAGER,
        url=lambda w: reverse("dashboards:subsidy_create"),
        valid=lambda w: {
            "programme": _finance_programme(w).pk,
            "scheme": "sectorplanplus",
            "reference": "SPP-2026-0417",
            "status": "granted",
            "amount_requested": "60000",
            "amount_granted": "54000",
            "period_start": "2026-01-01",
            "period_end": "2027-06-30",
            "notes": "Zes zij-instromers",
        },
        watch=_finance_models(),
    ),
    FormCase(
        name="dashboards: subsidy reporting deadline",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("dashboards:subsidy_deadline_create", args=[_fuzz_subsidy(w).pk]),
        valid=lambda w: {"description": "Tussenrapportage", "due_on": "2026-12-01"},
        watch=_finance_models(),
    ),
]


def _fuzz_programme(w):
    """A draft programme of organisation A (goals can still change)."""
    from dashboards.models import Programme
    from dashboards.programmes.services import programme_create

    programme = Programme.objects.filter(organisation=w.a.organisation, name="Fuzz pilot").first()
    return programme or programme_create(
        organisation=w.a.organisation, name="Fuzz pilot", starts_on=datetime.date(2026, 1, 1)
    )


def _dashboards_forms():
    from dashboards.models import Goal, Programme, Step

    return [
        FormCase(
            name="dashboards: programme (create)",
            role=Role.MANAGER,
            url=lambda w: reverse("dashboards:programme_create"),
            valid=lambda w: {
                "organisation": w.a.organisation.pk,
                "name": "Pilot Fuzz",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
                "teams": [w.a.team.pk],
            },
            watch=[Programme],
        ),
        FormCase(
            name="dashboards: programme goal",
            role=Role.HR_ADVISOR,
            url=lambda w: reverse("dashboards:programme_goal_create", args=[_fuzz_programme(w).pk]),
            valid=lambda w: {"kpi": "dropout_12", "target": "15", "note": "Sector"},
            watch=[Goal],
        ),
        FormCase(
            name="dashboards: programme step",
            role=Role.MANAGER,
            url=lambda w: reverse("dashboards:programme_step_create", args=[_fuzz_programme(w).pk]),
            valid=lambda w: {
                "kind": "checkin_cadence",
                "title": "Terugkommomenten",
                "description": "Elke twee weken",
                "settings": '{"cadence_weeks": 2}',
            },
            watch=[Step],
        ),
        FormCase(
            name="dashboards: programme template import",
            role=Role.MANAGER,
            url=lambda w: reverse("dashboards:programme_import"),
            valid=lambda w: {
                "organisation": w.a.organisation.pk,
                "starts_on": "2027-01-01",
                "name": "Geïmporteerde pilot",
                "text": (
                    '{"format": "instroom.programme-template", "version": 1, '
                    '"programme": {"name": "Pilot", "duration_days": 365}, '
                    '"goals": [{"kpi": "hired", "target": "8"}], '
                    '"steps": [{"order": 1, "kind": "criteria", "title": "Criteria"}]}'
                ),
            },
            watch=[Programme, Goal, Step],
        ),
    ]


FORMS.extend(_dashboards_forms())


# --- capability apps ------------------------------------------------------------------------
# Objects of organisation A the forms below need, built once per test through the apps'
# own factories and services (get-or-create, so url() and valid() see the same object).

TODAY = datetime.date.today()


def _iso(days=0) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def _campaign(w):
    from intake.models import Campaign
    from tests.intake.factories import CampaignFactory, CriterionFactory

    campaign = Campaign.objects.filter(organisation=w.a.organisation, title="Werving Fuzz").first()
    if campaign is None:
        campaign = CampaignFactory(organisation=w.a.organisation, title="Werving Fuzz")
        CriterionFactory(campaign=campaign, name="VOG", kind="hard")
    return campaign


def _application(w):
    from intake.models import Application
    from tests.intake.factories import ApplicationFactory

    campaign = _campaign(w)
    application = Application.objects.filter(campaign=campaign).first()
    return application or ApplicationFactory(campaign=campaign)


def _interview(w):
    from django.utils import timezone

    from intake import services as intake_services
    from intake.models import Interview

    application = _application(w)
    interview = Interview.objects.filter(application=application).first()
    if interview is None:
        intake_services.application_move(
            application=application, to_stage="interview", by=w.a.user(Role.HR_ADVISOR)
        )
        interview = intake_services.interview_schedule(
            application=application,
            starts_at=timezone.now() + datetime.timedelta(days=2),
            duration_minutes=60,
            panel=[w.a.user(Role.HR_ADVISOR)],
            location="Groningen",
            send_invitations=False,
        )
    return interview


def _mentoring(w):
    """The MENTOR user of A mentors A's side-entrant since a month ago; returns the check-in."""
    from mentoring.models import MentorAssignment
    from tests.mentoring.factories import assign, mentor_profile, registered_employee

    assignment = MentorAssignment.objects.filter(mentee=w.a.side_entrant).first()
    if assignment is None:
        employee = registered_employee(w.a, user=w.a.user(Role.MENTOR), last_name="Fuzzmentor")
        mentor_profile(employee)
        assignment = assign(w.a.side_entrant, employee, start=TODAY - datetime.timedelta(days=30))
    return assignment.checkins.order_by("planned_date").first()


def _side_entrant_without_track(w):
    from organisations.models import Employee
    from tests.organisations.factories import EmployeeFactory

    employee = Employee.objects.filter(last_name="Zonder Traject").first()
    return employee or EmployeeFactory(
        organisation=w.a.organisation,
        team=w.a.team,
        is_side_entrant=True,
        last_name="Zonder Traject",
    )


def _registering(w):
    """A's side-entrant on the 45 EC route, not yet SKJ-registered."""
    from tests.training.factories import track
    from training.models import Track

    if not Track.objects.filter(employee=w.a.side_entrant).exists():
        track(w.a.side_entrant, start=TODAY - datetime.timedelta(days=60))
    return w.a.side_entrant


def _traineeship(w):
    from tests.traineeship.factories import seed_case
    from traineeship.models import Programme

    programme = Programme.objects.first()
    return programme or seed_case(w, generate=False).programme


def _intervention(w):
    from support.models import Intervention
    from tests.support.factories import intervention

    found = Intervention.objects.filter(organisation=w.a.organisation).first()
    return found or intervention(w.a.organisation)


def _trajectory(w):
    from support.models import Trajectory
    from tests.support.factories import trajectory

    found = Trajectory.objects.filter(employee=w.a.employee).first()
    return found or trajectory(
        w.a.employee,
        start=TODAY - datetime.timedelta(days=14),
        end=TODAY + datetime.timedelta(days=90),
    )


def _models(*names):
    from django.apps import apps

    return [apps.get_model(name) for name in names]


FORMS += [
    # --- intake ---------------------------------------------------------------------------
    FormCase(
        name="intake: public application form",
        role=None,
        url=lambda w: reverse("intake:apply", args=[_campaign(w).slug]),
        valid=_apply_valid,
        watch=_models("intake.Application", "intake.Candidate"),
        # 10 posts per address per 10 minutes; tests/intake tests the limit itself.
        overrides={"INTAKE_APPLY_RATE_LIMIT": (100000, 600)},
    ),
    FormCase(
        name="intake: campaign (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:campaign_create"),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "title": "Opbouwwerkers",
            "role_profile": "opbouwwerker",
            "target_group": "career_switchers",
            "description": "",
            "opens_on": _iso(),
            "closes_on": _iso(30),
            "places": "2",
            "application_cap": "100",
            "waiting_list": "on",
            "stages": ["applied", "screening", "interview", "offer", "hired"],
            "is_published": "on",
        },
        watch=_models("intake.Campaign", "intake.SelectionCriterion"),
    ),
    FormCase(
        name="intake: selection criterion",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:criterion_add", args=[_campaign(w).pk]),
        valid=lambda w: {"name": "Veerkracht", "kind": "soft", "weight": "2"},
        watch=_models("intake.SelectionCriterion"),
    ),
    FormCase(
        name="intake: hard-criterion override",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:application_override", args=[_application(w).pk]),
        valid=lambda w: {"reason": "Besproken met de teamleider; VOG volgt."},
        watch=_models("intake.Application"),
    ),
    FormCase(
        name="intake: interview note",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:interview_note", args=[_interview(w).pk]),
        valid=lambda w: {"text": "Goed gesprek, realistisch beeld."},
        watch=_models("intake.InterviewNote"),
    ),
    # --- mentoring --------------------------------------------------------------------------
    FormCase(
        name="mentoring: check-in log",
        role=Role.MENTOR,
        url=lambda w: reverse("mentoring:checkin_log", args=[_mentoring(w).pk]),
        valid=lambda w: {
            "held_on": _iso(-1),
            "how_it_goes": "4",
            "workload": "3",
            "casework_percent": "40",
            "agreements": "Volgende keer casus bespreken.",
        },
        watch=_models("mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: reflection",
        role=Role.SIDE_ENTRANT,
        url=lambda w: reverse("mentoring:checkin_reflect", args=[_mentoring(w).pk]),
        valid=lambda w: {"reflection": "Ik leer veel van mijn begeleider."},
        watch=_models("mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: settings",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:settings_update", args=[w.a.organisation.pk]),
        valid=lambda w: _mentoring_settings(w),
        watch=_models("mentoring.MentoringSettings"),
        setup=lambda w, user: _mentoring_settings(w),
    ),
    # --- training ---------------------------------------------------------------------------
    FormCase(
        name="training: track (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:track_create"),
        valid=lambda w: {
            "employee": _side_entrant_without_track(w).pk,
            "route": _route("evc").pk,
            "start_date": _iso(7),
            "registration_deadline": "",
            "paid_by": "employer",
        },
        watch=_models("training.Track", "training.TrackMilestone"),
    ),
    FormCase(
        name="training: SKJ registration",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:register", args=[_registering(w).pk]),
        valid=lambda w: {
            "skj_number": "120099887",
            "registration_date": _iso(-1),
            "move_to_formation": "on",
        },
        watch=_models("organisations.Employee", "training.Track", "organisations.Placement"),
    ),
    # --- traineeship ------------------------------------------------------------------------
    FormCase(
        name="traineeship: funder",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:funder_create", args=[_traineeship(w).pk]),
        valid=lambda w: {
            "name": "Gemeente Deventer",
            "share_pct": "70",
            "covers": "wages_charges",
            "start_date": "2026-09-01",
            "end_date": "2028-08-31",
            "is_municipality": "on",
        },
        watch=_models("traineeship.Funder"),
    ),
    FormCase(
        name="traineeship: cohort",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:cohort_create", args=[_traineeship(w).pk]),
        valid=lambda w: {"name": "Cohort Fuzz", "start_date": "2027-02-01"},
        watch=_models("traineeship.Cohort"),
    ),
    FormCase(
        name="traineeship: guideline",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:guideline_create", args=[_traineeship(w).pk]),
        valid=lambda w: {
            "topic": "leave",
            "title": "Verlof",
            "text": "Afspraken over verlof tijdens de traineeship.",
            "agreed_on": "2026-06-01",
            "agreed_by": [p.pk for p in _traineeship(w).partners.all()],
        },
        watch=_models("traineeship.Guideline"),
    ),
    # --- support ----------------------------------------------------------------------------
    FormCase(
        name="support: intervention (create)",
        role=Role.FUNCTIONAL_ADMIN,
        url=lambda w: reverse("support:intervention_create"),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "level": "2",
            "name": "Coaching op veerkracht",
            "providers": "Bedrijfsmaatschappelijk werk",
            "themes": "werkdruk\nzelfzorg",
            "target_group": "both",
            "is_active": "on",
        },
        watch=_models("support.Intervention"),
    ),
    FormCase(
        name="support: trajectory (create)",
        role=Role.SUPPORT_COORDINATOR,
        url=lambda w: reverse("support:trajectory_create"),
        valid=lambda w: {
            "employee": w.a.employee.pk,
            "level": str(_intervention(w).level),
            "intervention": _intervention(w).pk,
            "provider": "Arbeidspsycholoog",
            "start_date": _iso(),
            "planned_end_date": _iso(90),
            "status": "active",
            "expected_duration_weeks": "12",
            "availability": "full",
            "advised_adjustments": "Minder casussen de eerste zes weken.",
            "trigger_category": "",
            "notes": "",
        },
        watch=_models("support.Trajectory", "support.TrajectoryAccessLog"),
    ),
    FormCase(
        name="support: sick leave",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("support:absence_create"),
        valid=lambda w: {
            "employee": w.a.employee.pk,
            "start_date": _iso(-10),
            "end_date": _iso(-3),
            "percentage": "100",
        },
        watch=_models("support.AbsenceRecord"),
    ),
    FormCase(
        name="support: ask for support",
        role=Role.SIDE_ENTRANT,
        url=lambda w: reverse("support:request_create"),
        valid=lambda w: {"preferred_level": "1"},
        watch=_models("support.SupportRequest"),
    ),
    FormCase(
        name="support: escalate a trajectory",
        role=Role.SUPPORT_COORDINATOR,
        url=lambda w: reverse("support:trajectory_escalate", args=[_trajectory(w).pk]),
        valid=lambda w: {
            "direction": "up",
            "date": _iso(),
            "reason": "De afspraken zijn niet genoeg; meer begeleiding nodig.",
            "intervention": "",
            "provider": "",
        },
        watch=_models("support.Trajectory", "support.Escalation"),
    ),
    # --- dashboards -------------------------------------------------------------------------
    FormCase(
        name="dashboards: capacity settings",
        role=Role.MANAGER,
        url=lambda w: reverse("dashboards:capacity_settings", args=[w.a.organisation.pk]),
        valid=lambda w: {
            "supernumerary_budget_fte": "5",
            "fte_per_side_entrant": "1",
            "hourly_wage_cost": "45,50",
            "yearly_outflow_percent": "12",
            "months_to_registration": "24",
        },
        watch=_models("dashboards.CapacitySettings"),
    ),
]


def _route(code):
    from training.models import Route

    return Route.objects.get(code=code)


def _mentoring_settings(w) -> dict:
    """The organisation's current mentoring settings as a valid post."""
    from mentoring.forms import SettingsForm
    from mentoring.services import settings_for

    form = SettingsForm(instance=settings_for(w.a.organisation))
    return {
        name: ("on" if value is True else "" if value in (None, False) else str(value))
        for name, value in ((n, form.initial.get(n)) for n in form.fields)
    }


# --- forms registered for issue #11 (the rest of every app's form pages) -----------------------


def _offer_application(w):
    """An application of A's fuzz campaign in the offer stage (hire form)."""
    from intake import services as intake_services
    from intake.models import Application
    from tests.intake.factories import ApplicationFactory

    found = Application.objects.filter(candidate__last_name="Aanbod Fuzz").first()
    if found is None:
        found = ApplicationFactory(campaign=_campaign(w), last_name="Aanbod Fuzz")
        intake_services.application_move(
            application=found, to_stage="offer", by=w.a.user(Role.HR_ADVISOR)
        )
    return found


def _xlsx_upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.intake.factories import xlsx_bytes

    content = xlsx_bytes(
        [
            ["first_name", "last_name", "email", "previous_sector", "previous_role"],
            ["Fatma", "Özdemir", "fatma@example.org", "Onderwijs", "Leraar"],
        ]
    )
    return SimpleUploadedFile(
        "sollicitanten.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _mentor_employee(w, last_name="Fuzzpool", **profile):
    """An employee of A with a mentor profile (a free place for a main mentee)."""
    from organisations.models import Employee
    from tests.mentoring.factories import mentor_profile, registered_employee

    found = Employee.objects.filter(last_name=last_name).first()
    if found is None:
        found = registered_employee(w.a, last_name=last_name)
        mentor_profile(found, **profile)
    return found


def _unmatched_side_entrant(w):
    from organisations.models import Employee
    from tests.mentoring.factories import side_entrant

    found = Employee.objects.filter(last_name="Zonder Mentor").first()
    return found or side_entrant(w.a, last_name="Zonder Mentor")


def _assignment(w):
    return _mentoring(w).assignment


def _session(w):
    from mentoring import services as mentoring_services
    from mentoring.models import IntervisionSession

    found = IntervisionSession.objects.filter(organisation=w.a.organisation).first()
    if found is None:
        found = mentoring_services.intervision_session_create(
            organisation=w.a.organisation,
            date=TODAY + datetime.timedelta(days=7),
            duration_minutes=90,
            method="incident",
            participants=[w.a.side_entrant, _mentor_employee(w)],
        )
    return found


def _pulse(w, user):
    """An open pulse for the MENTOR user of A (who mentors A's side-entrant)."""
    from mentoring.models import MentorPulse

    _mentoring(w)
    profile = w.a.user(Role.MENTOR).employee.mentor_profile
    MentorPulse.objects.get_or_create(profile=profile, period_start=TODAY)


def _milestone(w):
    _registering(w)
    track = w.a.side_entrant.tracks.first()
    return track.milestones.filter(done_on__isnull=True).order_by("pk").first()


def _track(w):
    _registering(w)
    return w.a.side_entrant.tracks.first()


def _table(w):
    from tests.training.factories import table
    from training.models import WeightingTable

    found = WeightingTable.objects.filter(organisation=w.a.organisation).first()
    return found or table(w.a.organisation)


def _also_hr_of_b(w, user):
    from organisations.services import membership_grant

    membership_grant(user=user, organisation=w.b.organisation, role=Role.HR_ADVISOR)


def _cohort(w):
    return _traineeship(w).cohorts.first()


def _trainee(w):
    from traineeship.models import Trainee

    _traineeship(w)
    return Trainee.objects.get(employee=w.a.side_entrant)


def _rotation(w):
    """A's side-entrant's first rotation (the schedule is generated on first use)."""
    from traineeship import services as traineeship_services

    trainee = _trainee(w)
    if not trainee.rotations.exists():
        traineeship_services.schedule_generate(cohort=trainee.cohort)
    return trainee.rotations.order_by("start_date").first()


def _partner(w):
    return _traineeship(w).partners.get(organisation=w.a.organisation)


def _funder(w):
    from traineeship import services as traineeship_services

    programme = _traineeship(w)
    found = programme.funders.first()
    return found or traineeship_services.funder_create(
        programme=programme,
        name="Provincie Overijssel",
        share_pct=50,
        covers="wages_charges",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )


def _support_request(w):
    from support import services as support_services
    from support.models import SupportRequest

    found = SupportRequest.objects.filter(employee=w.a.employee).first()
    return found or support_services.support_request_propose(
        employee=w.a.employee, proposed_by=w.a.user(Role.PRACTICE_SUPERVISOR), source="supervisor"
    )


FORMS += [
    # --- intake -----------------------------------------------------------------------------
    FormCase(
        name="intake: board move",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:application_move", args=[_application(w).pk]),
        valid=lambda w: {"to_stage": "screening", "reason": "", "next": "board"},
        # A refused move is a message on the board, also a redirect: rows are checked by
        # full_clean() instead.
        watch=_models("intake.Application", "intake.StageChange"),
    ),
    FormCase(
        name="intake: scores",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:application_score", args=[_application(w).pk]),
        valid=lambda w: {f"c{c.pk}": "yes" for c in _campaign(w).criteria.all()},
        watch=_models("intake.Score"),
    ),
    FormCase(
        name="intake: hire",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:application_hire", args=[_offer_application(w).pk]),
        valid=lambda w: {
            "team": w.a.team.pk,
            "start_date": _iso(14),
            "fte": "0.89",
            "job_function": "Jeugdbeschermer in opleiding",
            "funding_source": "sectorplanplus",
            "start_mode": "supporting",
            "supporting_role_until": _iso(90),
            "intake_date": _iso(30),
        },
        watch=_models(
            "intake.Application", "intake.Hire", "organisations.Employee", "organisations.Placement"
        ),
    ),
    FormCase(
        name="intake: import",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:import_create", args=[_campaign(w).pk]),
        valid=lambda w: {"file": _xlsx_upload(w)},
        watch=_models("intake.ImportJob"),
    ),
    FormCase(
        name="intake: campaign (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:campaign_update", args=[_campaign(w).pk]),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "title": "Werving Fuzz",
            "role_profile": "jeugdbeschermer",
            "target_group": "career_switchers",
            "opens_on": _iso(-1),
            "closes_on": _iso(30),
            "places": "3",
            "stages": ["applied", "screening", "interview", "offer", "hired"],
            "is_published": "on",
        },
        watch=_models("intake.Campaign"),
    ),
    FormCase(
        name="intake: campaign copy",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:campaign_copy", args=[_campaign(w).pk]),
        valid=lambda w: {
            "title": "Werving Fuzz (kopie)",
            "opens_on": _iso(),
            "closes_on": _iso(60),
        },
        watch=_models("intake.Campaign", "intake.SelectionCriterion"),
    ),
    FormCase(
        name="intake: interview (schedule)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:interview_create", args=[_interview(w).application.pk]),
        valid=lambda w: {
            "starts_at": (TODAY + datetime.timedelta(days=5)).strftime("%Y-%m-%dT10:00"),
            "duration_minutes": "45",
            "location": "Kantoor Groningen, kamer 2.14",
            "video_url": "",
            "panel": [w.a.user(Role.HR_ADVISOR).pk],
        },
        watch=_models("intake.Interview"),
    ),
    FormCase(
        name="intake: interview (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:interview_update", args=[_interview(w).pk]),
        valid=lambda w: {
            "starts_at": (TODAY + datetime.timedelta(days=3)).strftime("%Y-%m-%dT14:00"),
            "duration_minutes": "60",
            "location": "Groningen",
            "video_url": "https://meet.example.org/abc",
            "panel": [w.a.user(Role.HR_ADVISOR).pk],
        },
        watch=_models("intake.Interview"),
    ),
    FormCase(
        name="intake: interview cancel",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:interview_cancel", args=[_interview(w).pk]),
        valid=lambda w: {"reason": "De kandidaat is ziek."},
        watch=_models("intake.Interview"),
    ),
    FormCase(
        name="intake: erase an applicant",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:application_erase", args=[_application(w).pk]),
        valid=lambda w: {"confirm": "on"},
        watch=_models("intake.Application", "intake.Candidate"),
    ),
    # --- mentoring --------------------------------------------------------------------------
    FormCase(
        name="mentoring: mentor profile (create)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:profile_create"),
        valid=lambda w: {
            "employee": w.a.employee.pk,
            "role": "sub",
            "max_main_mentees": "0",
            "max_sub_mentees": "2",
            "hours_per_week": "2,5",
            "expertise": ["aggression", "children"],
            "briefing_date": _iso(-30),
            "is_active": "on",
        },
        watch=_models("mentoring.MentorProfile"),
    ),
    FormCase(
        name="mentoring: mentor profile (edit)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse(
            "mentoring:profile_update", args=[_mentor_employee(w).mentor_profile.pk]
        ),
        valid=lambda w: {
            "employee": _mentor_employee(w).pk,
            "role": "main",
            "max_main_mentees": "2",
            "max_sub_mentees": "1",
            "hours_per_week": "4",
            "expertise": ["jeugdbescherming"],
            "is_active": "on",
            "notes": "Ervaren",
        },
        watch=_models("mentoring.MentorProfile"),
    ),
    FormCase(
        name="mentoring: match a mentor",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:match", args=[_unmatched_side_entrant(w).pk]),
        valid=lambda w: {
            "mentor": _mentor_employee(w).pk,
            "kind": "main",
            "start_date": _iso(),
            "reason_for_change": "",
        },
        watch=_models("mentoring.MentorAssignment", "mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: match all (confirm)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:match_all", args=[w.a.organisation.pk]),
        valid=lambda w: {"accept": f"{_unmatched_side_entrant(w).pk}:{_mentor_employee(w).pk}"},
        watch=_models("mentoring.MentorAssignment", "mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: end an assignment",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:assignment_end", args=[_assignment(w).pk]),
        valid=lambda w: {"end_date": _iso(), "end_reason": "completed", "reason_for_change": ""},
        watch=_models("mentoring.MentorAssignment", "mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: change mentor",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:assignment_change", args=[_assignment(w).pk]),
        valid=lambda w: {
            "new_mentor": _mentor_employee(w).pk,
            "change_date": _iso(),
            "end_reason": "mentor_change",
            "reason_for_change": "Andere werktijden.",
        },
        watch=_models("mentoring.MentorAssignment", "mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: extra check-in",
        role=Role.MENTOR,
        url=lambda w: reverse("mentoring:checkin_add", args=[_assignment(w).pk]),
        valid=lambda w: {"planned_date": _iso(3)},
        watch=_models("mentoring.CheckIn"),
    ),
    FormCase(
        name="mentoring: intervision session (create)",
        role=Role.MENTOR,
        url=lambda w: reverse("mentoring:session_create"),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "date": _iso(10),
            "start_time": "14:00",
            "duration_minutes": "90",
            "method": "incident",
            "participants": [_mentor_employee(w).pk, w.a.side_entrant.pk],
            "case_owner": w.a.side_entrant.pk,
            "question": "Hoe bewaak ik mijn grenzen?",
            "reflection_dimension": "personal",
        },
        watch=_models("mentoring.IntervisionSession", "mentoring.IntervisionParticipant"),
    ),
    FormCase(
        name="mentoring: intervision session (edit)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:session_update", args=[_session(w).pk]),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "date": _iso(7),
            "duration_minutes": "120",
            "method": "other",
            "method_other": "Socratisch gesprek",
            "participants": [_mentor_employee(w).pk, w.a.side_entrant.pk],
            "agreements": "Over vier weken opnieuw.",
        },
        watch=_models("mentoring.IntervisionSession", "mentoring.IntervisionParticipant"),
    ),
    FormCase(
        name="mentoring: intervision series",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:series_create"),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "title": "Intervisie Stad",
            "method": "incident",
            "first_date": _iso(7),
            "start_time": "14:00",
            "duration_minutes": "90",
            "interval_weeks": "4",
            "count": "3",
            "participants": [_mentor_employee(w).pk, w.a.side_entrant.pk],
        },
        watch=_models(
            "mentoring.IntervisionSeries",
            "mentoring.IntervisionSession",
            "mentoring.IntervisionParticipant",
        ),
    ),
    FormCase(
        name="mentoring: pulse",
        role=Role.MENTOR,
        url=lambda w: reverse("mentoring:pulse_answer"),
        valid=lambda w: {
            "energy": "2",
            "time_pressure": "4",
            "still_willing": "no",
            "comment": "Druk",
        },
        watch=_models("mentoring.MentorPulse"),
        setup=_pulse,
    ),
    # --- training ---------------------------------------------------------------------------
    FormCase(
        name="training: track (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:track_update", args=[_track(w).pk]),
        valid=lambda w: {
            "status": "active",
            "start_date": _track(w).start_date.isoformat(),
            "institution": "Hogeschool Windesheim",
            "credits_earned": "15",
            "credits_required": "45",
            "areas_done": "1",
            "areas_required": "3",
            "cost_tuition": "4500",
            "cost_exam": "0",
            "cost_materials": "150,50",
            "cost_study_time": "0",
            "paid_by": "employer",
        },
        watch=_models("training.Track"),
    ),
    FormCase(
        name="training: milestone done",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:milestone_done", args=[_milestone(w).pk]),
        valid=lambda w: {"done_on": _iso(-1), "note": "Toets gehaald."},
        watch=_models("training.TrackMilestone"),
    ),
    FormCase(
        name="training: task log",
        role=Role.MENTOR,
        url=lambda w: reverse("training:task_page", args=[w.a.side_entrant.pk]),
        valid=lambda w: {
            "task": _table(w).tasks.get(name="Rapportage schrijven").pk,
            "date": _iso(-1),
            "explanation": "Samen met de begeleider.",
        },
        watch=_models("training.TaskLogEntry"),
        # The MENTOR user logs for the side-entrant they mentor.
        setup=lambda w, user: _mentoring(w),
    ),
    FormCase(
        name="training: learning activity",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:learning_plan", args=[w.a.side_entrant.pk]),
        valid=lambda w: {
            "kind": "social",
            "title": "Meelopen met een ervaren collega",
            "planned_date": _iso(14),
            "hours": "4",
        },
        watch=_models("training.LearningActivity"),
    ),
    FormCase(
        name="training: weighting thresholds",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("training:table_detail", args=[w.a.organisation.pk]),
        valid=lambda w: {"independent_max": "6", "registered_only_min": "11"},
        watch=_models("training.WeightingTable"),
        setup=lambda w, user: _table(w),
    ),
    FormCase(
        name="training: weighted task (create)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("training:task_create", args=[w.a.organisation.pk]),
        valid=lambda w: {
            "name": "Crisisinterventie",
            "category": "casework",
            "unsafe": "3",
            "responsibility": "3",
            "complexity": "3",
            "impact": "3",
        },
        watch=_models("training.WeightedTask", "training.WeightingTable"),
        setup=lambda w, user: _table(w),
    ),
    FormCase(
        name="training: weighted task (edit)",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("training:task_update", args=[_table(w).tasks.first().pk]),
        valid=lambda w: {
            "name": "Huisbezoek",
            "category": "casework",
            "unsafe": "2",
            "responsibility": "2",
            "complexity": "3",
            "impact": "2",
        },
        watch=_models("training.WeightedTask"),
    ),
    # --- traineeship ------------------------------------------------------------------------
    FormCase(
        name="traineeship: programme (create)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:programme_create"),
        valid=lambda w: {
            "name": "Traineeship Twente",
            "region": "Twente",
            "total_months": "24",
            "rotation_months": "8",
            "requires_skj": "on",
            "organisations": [w.a.organisation.pk, w.b.organisation.pk],
        },
        watch=_models("traineeship.Programme", "traineeship.Partner"),
        # A programme needs two partners: the HR advisor is HR of B as well.
        setup=lambda w, user: _also_hr_of_b(w, user),
    ),
    FormCase(
        name="traineeship: programme (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:programme_update", args=[_traineeship(w).pk]),
        valid=lambda w: {
            "name": "Traineeship IJsselland",
            "region": "IJsselland",
            "total_months": "24",
            "rotation_months": "8",
            "onboarding": "Introductieweek",
        },
        watch=_models("traineeship.Programme"),
    ),
    FormCase(
        name="traineeship: partner",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:partner_update", args=[_partner(w).pk]),
        valid=lambda w: {
            "coordinator": w.a.employee.pk,
            "capacity": "2",
            "hourly_cost": "38,50",
            "employer_charges_pct": "30",
        },
        watch=_models("traineeship.Partner"),
    ),
    FormCase(
        name="traineeship: partner blocked period",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:partner_update", args=[_partner(w).pk]),
        valid=lambda w: {
            "block-start_date": "2027-07-01",
            "block-end_date": "2027-08-31",
            "block-reason": "Zomer",
        },
        watch=_models("traineeship.BlockedPeriod"),
    ),
    FormCase(
        name="traineeship: payment",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:payment_create", args=[_funder(w).pk]),
        valid=lambda w: {"received_on": _iso(-5), "amount": "12500,00", "reference": "F-2026-1"},
        watch=_models("traineeship.Payment"),
    ),
    FormCase(
        name="traineeship: add a trainee",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:trainee_add", args=[_cohort(w).pk]),
        valid=lambda w: {"employee": _side_entrant_without_track(w).pk, "source": "direct"},
        watch=_models("traineeship.Trainee"),
    ),
    FormCase(
        name="traineeship: contract",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:contract_update", args=[_rotation(w).contract.pk]),
        valid=lambda w: {
            "number": "DET-2026-001",
            "hours_per_week": "36",
            "cao": "cao Jeugdzorg",
            "start_date": _rotation(w).start_date.isoformat(),
            "end_date": _rotation(w).end_date.isoformat(),
        },
        watch=_models("traineeship.Contract"),
    ),
    FormCase(
        name="traineeship: absence",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:absence_create", args=[_trainee(w).pk]),
        valid=lambda w: {"kind": "sick", "start_date": "2026-10-05", "expected_days": "5"},
        watch=_models("traineeship.Absence"),
    ),
    FormCase(
        name="traineeship: preference",
        role=Role.SIDE_ENTRANT,
        url=lambda w: reverse("traineeship:preference_update", args=[_trainee(w).pk]),
        valid=lambda w: {"preferred_partner": _partner(w).pk},
        watch=_models("traineeship.Trainee"),
    ),
    FormCase(
        name="traineeship: outcome",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:outcome_update", args=[_trainee(w).pk]),
        valid=lambda w: {
            "outcome": "permanent",
            "outcome_partner": _partner(w).pk,
            "outcome_date": "2028-09-01",
        },
        watch=_models("traineeship.Trainee"),
    ),
    FormCase(
        name="traineeship: review",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:review_create", args=[_rotation(w).pk]),
        valid=lambda w: {
            "moment": "mid",
            "by": "coordinator",
            "held_on": _iso(-1),
            "notes": "Gaat goed.",
            "enthusiasm": "4",
            "energy": "4",
            "eagerness": "5",
            "realism": "3",
            "confidence": "4",
        },
        watch=_models("traineeship.Review"),
    ),
    FormCase(
        name="traineeship: host rating",
        role=Role.SIDE_ENTRANT,
        url=lambda w: reverse("traineeship:host_rating", args=[_rotation(w).pk]),
        valid=lambda w: {"score": "4", "notes": "Fijne plek."},
        watch=_models("traineeship.HostRating"),
    ),
    # --- support ----------------------------------------------------------------------------
    FormCase(
        name="support: propose support",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("support:request_propose"),
        valid=lambda w: {"employee": w.a.employee.pk},
        watch=_models("support.SupportRequest"),
    ),
    FormCase(
        name="support: close a request",
        role=Role.SUPPORT_COORDINATOR,
        url=lambda w: reverse("support:request_close", args=[_support_request(w).pk]),
        valid=lambda w: {},
        watch=_models("support.SupportRequest"),
    ),
    FormCase(
        name="support: trajectory (edit)",
        role=Role.SUPPORT_COORDINATOR,
        url=lambda w: reverse("support:trajectory_update", args=[_trajectory(w).pk]),
        valid=lambda w: {
            "intervention": "",
            "provider": "Bedrijfsarts",
            "start_date": _trajectory(w).start_date.isoformat(),
            "planned_end_date": _iso(120),
            "status": "active",
            "availability": "partial",
            "advised_adjustments": "Halve caseload.",
            "trigger_category": "incident",
            "notes": "Na een incident op huisbezoek.",
        },
        watch=_models("support.Trajectory"),
    ),
    FormCase(
        name="support: onboarding choice",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("support:onboarding_record", args=[w.a.side_entrant.pk]),
        valid=lambda w: {
            "start_mode": "supporting",
            "supporting_role_until": _iso(90),
            "intake_date": _iso(14),
        },
        watch=_models("support.OnboardingChoice"),
    ),
    FormCase(
        name="support: development supervisors",
        role=Role.SUPPORT_COORDINATOR,
        url=lambda w: reverse("support:roster_plan"),
        valid=lambda w: {
            "organisation": w.a.organisation.pk,
            "employees": [w.a.employee.pk],
            "term_start": _iso(),
            "term_end": _iso(730),
            "training_date": _iso(30),
        },
        watch=_models("support.DevelopmentSupervisor"),
    ),
]


# --- the last forms: buttons and small posts (issue #11: every form is fuzzed) -------------


def _withdraw_url(w):
    from intake.services import withdraw_token

    return reverse("intake:withdraw", args=[withdraw_token(_application(w))])


def _participant(w):
    return _session(w).participants.order_by("pk").first()


def _task_entry(w):
    """A task A's side-entrant logged, waiting for the mentor's sign-off."""
    from training import services as training_services
    from training.models import TaskLogEntry

    _mentoring(w)
    found = TaskLogEntry.objects.filter(employee=w.a.side_entrant).first()
    return found or training_services.task_log_create(
        employee=w.a.side_entrant,
        task=_table(w).tasks.get(name="Rapportage schrijven"),
        date=TODAY - datetime.timedelta(days=1),
    )


def _activity(w):
    from training import services as training_services
    from training.models import LearningActivity

    found = LearningActivity.objects.filter(employee=w.a.side_entrant).first()
    return found or training_services.learning_activity_create(
        employee=w.a.side_entrant, kind="social", title="Meelopen", hours=4
    )


def _registered_professional(w):
    from organisations.models import Employee
    from tests.training.factories import registered

    found = Employee.objects.filter(last_name="Geregistreerd Fuzz").first()
    return found or registered(w.a.organisation, w.a.team, last_name="Geregistreerd Fuzz")


def _table_of_b(w, user):
    """The supervisor of A also supervises B, whose table A can copy."""
    from organisations.services import membership_grant
    from tests.training.factories import table

    membership_grant(user=user, organisation=w.b.organisation, role=Role.PRACTICE_SUPERVISOR)
    if (
        not _models("training.WeightingTable")[0]
        .objects.filter(organisation=w.b.organisation)
        .exists()
    ):
        table(w.b.organisation)
    _table(w)


def _rotation_plan(w) -> dict:
    """The trainee's current plan as the formset posts it."""
    trainee = _rotation(w).trainee
    rotations = list(trainee.rotations.order_by("start_date"))
    data = {
        "form-TOTAL_FORMS": str(len(rotations)),
        "form-INITIAL_FORMS": str(len(rotations)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "24",
    }
    for i, rotation in enumerate(rotations):
        data |= {
            f"form-{i}-rotation_id": str(rotation.pk),
            f"form-{i}-partner": str(rotation.partner_id),
            f"form-{i}-team": str(rotation.team_id or ""),
            f"form-{i}-mentor": str(rotation.mentor_id or ""),
            f"form-{i}-start_date": rotation.start_date.isoformat(),
            f"form-{i}-end_date": rotation.end_date.isoformat(),
        }
    return data


def _link_side_entrant(w):
    employee = w.a.side_entrant
    if employee.user_id is None:
        employee.user = w.a.user(Role.SIDE_ENTRANT)
        employee.save(update_fields=["user"])


def _without_login(w):
    from organisations.models import Employee
    from tests.organisations.factories import EmployeeFactory

    found = Employee.objects.filter(last_name="Zonder Login").first()
    return found or EmployeeFactory(
        organisation=w.a.organisation, team=w.a.team, last_name="Zonder Login"
    )


def _absence(w):
    from support import services as support_services
    from support.models import AbsenceRecord

    found = AbsenceRecord.objects.filter(employee=w.a.employee).first()
    return found or support_services.absence_record_create(
        employee=w.a.employee, start_date=TODAY - datetime.timedelta(days=3)
    )


def _late_trainee(w):
    """A trainee added after the plan was generated: no rotations yet."""
    from tests.organisations.factories import EmployeeFactory
    from traineeship import services as traineeship_services
    from traineeship.models import Trainee

    _rotation(w)  # the plan of the others exists
    found = Trainee.objects.filter(employee__last_name="Laatkomer").first()
    return found or traineeship_services.trainee_add(
        cohort=_cohort(w),
        employee=EmployeeFactory(organisation=w.a.organisation, last_name="Laatkomer"),
    )


def _free_host(w, user):
    """Room at A's partner for the late trainee."""
    from traineeship import services as traineeship_services

    traineeship_services.partner_update(partner=_partner(w), capacity=5)


FORMS += [
    FormCase(
        name="support: sick leave (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("support:absence_update", args=[_absence(w).pk]),
        valid=lambda w: {"start_date": _iso(-3), "end_date": _iso(-1), "percentage": "50"},
        watch=_models("support.AbsenceRecord"),
    ),
    FormCase(
        name="traineeship: add a rotation",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:schedule_edit", args=[_late_trainee(w).pk]),
        valid=lambda w: {
            "action": "add",
            "add-partner": _partner(w).pk,
            "add-team": "",
            "add-mentor": "",
            "add-start_date": _cohort(w).start_date.isoformat(),
            "add-end_date": (_cohort(w).start_date + datetime.timedelta(days=200)).isoformat(),
        },
        watch=_models("traineeship.Rotation", "traineeship.Contract"),
        setup=_free_host,
    ),
    FormCase(
        name="organisations: give a login",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:employee_access", args=[_without_login(w).pk]),
        valid=lambda w: {
            "action": "create",
            "username": "zonder.login@example.org",
            "roles": ["side_entrant", "mentor"],
        },
        watch=[Employee, get_user_model(), _models("organisations.Membership")[0]],
    ),
    FormCase(
        name="organisations: roles of a login",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("organisations:employee_access", args=[w.a.side_entrant.pk]),
        valid=lambda w: {"action": "roles", "roles": ["side_entrant", "mentor"]},
        watch=[Employee, _models("organisations.Membership")[0]],
        # A's side-entrant logs in as the SIDE_ENTRANT user of the world.
        setup=lambda w, user: _link_side_entrant(w),
    ),
    FormCase(
        name="intake: criterion delete",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("intake:criterion_delete", args=[_campaign(w).criteria.first().pk]),
        valid=lambda w: {},
        watch=_models("intake.SelectionCriterion"),
    ),
    FormCase(
        name="intake: public withdraw link",
        role=None,
        url=_withdraw_url,
        valid=lambda w: {"confirm": "1"},
        watch=_models("intake.Application"),
        # The page answers 200 both when it withdrew and when it could not.
        accepted=(200,),
    ),
    FormCase(
        name="mentoring: intervision sign-off",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("mentoring:sign_off", args=[_participant(w).pk]),
        valid=lambda w: {},
        watch=_models("mentoring.IntervisionParticipant"),
    ),
    FormCase(
        name="mentoring: calendar link reset",
        role=Role.MENTOR,
        url=lambda w: reverse("mentoring:calendar"),
        valid=lambda w: {},
        watch=[UserPreference],
        setup=lambda w, user: preference_for(user),
    ),
    FormCase(
        name="support: intervention (edit)",
        role=Role.FUNCTIONAL_ADMIN,
        url=lambda w: reverse("support:intervention_update", args=[_intervention(w).pk]),
        valid=lambda w: {
            "level": str(_intervention(w).level),
            "name": "Intervisie voor nieuwe medewerkers",
            "providers": "Intervisiecoach",
            "themes": "reflectie\nsteun",
            "target_group": "new",
            "is_active": "on",
        },
        watch=_models("support.Intervention"),
    ),
    FormCase(
        name="training: task sign-off",
        role=Role.MENTOR,
        url=lambda w: reverse("training:task_sign_off", args=[_task_entry(w).pk]),
        valid=lambda w: {},
        watch=_models("training.TaskLogEntry"),
    ),
    FormCase(
        name="training: learning activity done",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:activity_done", args=[_activity(w).pk]),
        valid=lambda w: {"done_on": _iso(-1)},
        watch=_models("training.LearningActivity"),
    ),
    FormCase(
        name="training: SKJ ledger entry",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("training:ledger_detail", args=[_registered_professional(w).pk]),
        valid=lambda w: {
            "kind": "reflection",
            "reflection_form": "intervision",
            "date": _iso(-3),
            "amount": "2",
            "description": "Intervisie over een onveilige thuissituatie",
        },
        watch=_models("training.LedgerEntry"),
    ),
    FormCase(
        name="training: weighting-table copy",
        role=Role.PRACTICE_SUPERVISOR,
        url=lambda w: reverse("training:table_copy", args=[w.a.organisation.pk]),
        valid=lambda w: {
            "source": _models("training.WeightingTable")[0]
            .objects.get(organisation=w.b.organisation)
            .pk
        },
        watch=_models("training.WeightingTable", "training.WeightedTask"),
        setup=_table_of_b,
    ),
    FormCase(
        name="traineeship: schedule generation",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:schedule_generate", args=[_cohort(w).pk]),
        valid=lambda w: {"replace": "1"},
        watch=_models("traineeship.Rotation", "traineeship.Contract"),
    ),
    FormCase(
        name="traineeship: rotation plan (edit)",
        role=Role.HR_ADVISOR,
        url=lambda w: reverse("traineeship:schedule_edit", args=[_rotation(w).trainee.pk]),
        valid=_rotation_plan,
        watch=_models("traineeship.Rotation", "traineeship.Contract"),
    ),
]
