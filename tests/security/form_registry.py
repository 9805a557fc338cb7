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
