"""THE table of who may reach which URL: one entry per named URL pattern.

`test_url_matrix.py` walks the URL configuration (`get_resolver()`) and fails when
a named URL has no entry here (or an entry names a URL that no longer exists).

How to add your app's URLs (see docs/security.md):

    "intake:candidate_detail": case(
        kwargs=lambda w: {"pk": candidate_of(w.a).pk},   # an object of organisation A
        a={HR: OK, FA: OK}, a_else=NOT_FOUND,              # roles of A
    ),

- `kwargs(world)` builds the URL arguments from the `world` fixture (organisations
  A and B, a user for every role). Use objects of organisation **A**; create extra
  objects inside the callable with your factories when `world` has none.
- `a` / `b`: outcome per role for users of organisation A / B; `a_else` / `b_else`:
  the outcome for every role not listed. Keys may be a Role or a set of roles.
- Outcomes: OK (200), LOGIN (302 to the login page), REDIRECT (any other 302),
  FORBIDDEN (403), NOT_FOUND (404), NOT_ALLOWED (405), TOO_MANY (429).
- A URL that takes an object id must answer NOT_FOUND to every role of B (IDOR);
  the test enforces this unless the case says `shared=True` (and why).
- POST-only URLs: `method="post"` with `data` that changes nothing (invalid or
  empty), since every principal runs against the same objects.
- Several cases for one URL (e.g. GET and POST, or an own object): a list of cases.
- Whole namespaces (the Django admin) are covered by RULES instead.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from organisations.roles import PEOPLE_EDITOR_ROLES, STAFF_ROLES, TEAM_EDITOR_ROLES, Role

OK, REDIRECT, LOGIN = 200, "redirect", "login"
FORBIDDEN, NOT_FOUND, NOT_ALLOWED, TOO_MANY = 403, 404, 405, 429

HR = Role.HR_ADVISOR
MANAGER = Role.MANAGER
FA = Role.FUNCTIONAL_ADMIN
MENTOR = Role.MENTOR
SIDE = Role.SIDE_ENTRANT
STAFF = STAFF_ROLES
PEOPLE_EDITORS = PEOPLE_EDITOR_ROLES
TEAM_EDITORS = TEAM_EDITOR_ROLES
EVERYONE = frozenset(Role)


def _expand(spec) -> dict[Role, object]:
    result: dict[Role, object] = {}
    for key, outcome in dict(spec or {}).items():
        roles = key if isinstance(key, Iterable) and not isinstance(key, str) else [key]
        for role in roles:
            result[Role(role)] = outcome
    return result


@dataclass(frozen=True)
class Case:
    kwargs: Callable = field(default=lambda w: {})
    method: str = "get"
    data: Callable | dict | None = None
    anonymous: object = LOGIN
    a: dict = field(default_factory=dict)
    a_else: object = FORBIDDEN
    b: dict = field(default_factory=dict)
    b_else: object = NOT_FOUND
    shared: bool = False
    note: str = ""

    def expected(self, side: str | None, role: Role | None):
        if side is None:
            return self.anonymous
        table, default = (self.a, self.a_else) if side == "a" else (self.b, self.b_else)
        return _expand(table).get(role, default)


def case(**kwargs) -> Case:
    return Case(**kwargs)


def everyone(outcome, *, anonymous=LOGIN, **kwargs) -> Case:
    """The same outcome for every signed-in user of A and B."""
    return Case(anonymous=anonymous, a_else=outcome, b_else=outcome, **kwargs)


def _placement(w):
    return w.a.employee.placements.first()


def _org(w):
    return {"pk": w.a.organisation.pk}


def _team(w):
    return {"pk": w.a.team.pk}


def _employee(w):
    return {"pk": w.a.employee.pk}


def _programme_of(w, status="draft"):
    """A programme of organisation A with one goal and one step, in `status`."""
    from dashboards.models import Programme
    from dashboards.programmes import services as programme_services

    name = f"Matrix {status}"
    programme = Programme.objects.filter(organisation=w.a.organisation, name=name).first()
    if programme is None:
        programme = programme_services.programme_create(
            organisation=w.a.organisation, name=name, starts_on=datetime.date(2026, 1, 1)
        )
        programme_services.goal_create(programme=programme, kpi="hired", target=5)
        programme_services.step_create(programme=programme, kind="other", title="Stap")
        if status != "draft":
            programme_services.programme_update(programme=programme, status=status)
    return programme


def _is_world(w) -> bool:
    """False for the IDOR guard's stand-in world, which only asks whether ids are taken."""
    from organisations.models import Organisation

    return isinstance(w.a.organisation, Organisation)


def _programme(w):
    return {"pk": _programme_of(w).pk if _is_world(w) else 0}


def _goal_of(w, status="draft"):
    if not _is_world(w):
        return {"pk": 0, "goal_pk": 0}
    programme = _programme_of(w, status)
    return {"pk": programme.pk, "goal_pk": programme.goals.first().pk}


def _step_of(w, status="draft"):
    if not _is_world(w):
        return {"pk": 0, "step_pk": 0}
    programme = _programme_of(w, status)
    return {"pk": programme.pk, "step_pk": programme.steps.first().pk}


PROGRAMME_READERS = {MANAGER: OK, HR: OK, FA: OK}
PROGRAMME_WRITERS = {MANAGER: OK, HR: OK}


class _NoObject:
    pk = 0

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self


def _finance_programme(w):
    from dashboards.models import Programme
    from organisations.models import Organisation
    from tests.dashboards.factories import make_programme

    if not isinstance(w.a.organisation, Organisation):  # the IDOR guard's stand-in world
        return _NoObject()
    found = Programme.objects.filter(organisation=w.a.organisation, name="Matrix pilot").first()
    return found or make_programme(w.a.organisation, name="Matrix pilot")


def _subsidy(w):
    import datetime
    from decimal import Decimal

    from dashboards.finance import services
    from dashboards.models import SubsidyApplication

    programme = _finance_programme(w)
    if isinstance(programme, _NoObject):
        return programme
    found = SubsidyApplication.objects.filter(programme=programme).first()
    if found is None:
        found = services.subsidy_application_create(
            programme=programme,
            scheme="sectorplanplus",
            amount_requested=Decimal("1000"),
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )
        services.subsidy_deadline_create(
            application=found, due_on=datetime.date(2026, 6, 1), description="Rapportage"
        )
    return found


def _finance_line(w):
    import datetime
    from decimal import Decimal

    from dashboards.finance import services

    programme = _finance_programme(w)
    if isinstance(programme, _NoObject):
        return programme
    return programme.finance_lines.first() or services.finance_line_create(
        programme=programme,
        kind="recruitment",
        description="Campagne",
        amount=Decimal("100"),
        starts_on=datetime.date(2026, 1, 1),
    )


FINANCE = frozenset({MANAGER, HR, FA})


def _traineeship_cohort(w):
    """The seed-02 cohort (A and two new partners); built once per world."""
    if not _is_world(w):
        return 0
    from tests.traineeship.factories import seed_case
    from traineeship.models import Cohort

    found = Cohort.objects.filter(programme__partners__organisation=w.a.organisation).first()
    return (found or seed_case(w, generate=False).cohort).pk


URLS: dict[str, Case | list[Case]] = {
    # --- platform ---------------------------------------------------------------------
    "home": everyone(OK),
    "healthz": everyone(OK, anonymous=OK, note="public: health probe, no data"),
    "set_language": [
        everyone(REDIRECT, anonymous=REDIRECT, note="GET only redirects back"),
        everyone(REDIRECT, anonymous=REDIRECT, method="post", data={"language": "nl"}),
    ],
    # --- accounts ---------------------------------------------------------------------
    "login": everyone(REDIRECT, anonymous=OK, note="signed-in users go home"),
    "logout": [
        everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED, note="logging out is POST only"),
        everyone(LOGIN, anonymous=LOGIN, method="post", note="back to the login page"),
    ],
    "two_factor": [
        everyone(OK, note="set up or confirm two-step login (anyone may set it up)"),
        everyone(OK, method="post", data={"token": "12"}, note="a wrong code: the form again"),
    ],
    "password_change": everyone(OK),
    "password_change_done": everyone(OK),
    "password_reset": everyone(OK, anonymous=OK),
    "password_reset_done": everyone(OK, anonymous=OK),
    "password_reset_confirm": everyone(
        OK,
        anonymous=OK,
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        shared=True,
        note="no object: an invalid link shows the 'link no longer valid' page",
    ),
    "password_reset_complete": everyone(OK, anonymous=OK),
    # --- organisations ----------------------------------------------------------------
    "organisations:organisation_list": everyone(OK, note="lists only own organisations"),
    "organisations:organisation_create": case(a={FA: OK}, b={FA: OK}, b_else=FORBIDDEN),
    "organisations:organisation_detail": case(kwargs=_org, a_else=OK),
    "organisations:organisation_update": case(kwargs=_org, a={FA: OK}),
    "organisations:team_create": case(
        kwargs=lambda w: {"organisation_pk": w.a.organisation.pk}, a={TEAM_EDITORS: OK}
    ),
    "organisations:team_list": everyone(OK, note="lists only teams of own organisations"),
    "organisations:team_detail": case(kwargs=_team, a_else=OK),
    "organisations:team_update": case(kwargs=_team, a={TEAM_EDITORS: OK}),
    "organisations:employee_list": case(a={STAFF: OK}, b={STAFF: OK}, b_else=FORBIDDEN),
    "organisations:employee_create": case(
        a={PEOPLE_EDITORS: OK}, b={PEOPLE_EDITORS: OK}, b_else=FORBIDDEN
    ),
    "organisations:employee_detail": [
        case(kwargs=_employee, a={STAFF: OK}, a_else=NOT_FOUND),
        case(
            kwargs=lambda w: {"pk": w.a.side_entrant.pk},
            a={STAFF: OK, SIDE: OK},
            a_else=NOT_FOUND,
            note="a side-entrant sees their own record",
        ),
    ],
    "organisations:employee_update": [
        case(
            kwargs=_employee,
            a={PEOPLE_EDITORS: OK, STAFF - PEOPLE_EDITORS: FORBIDDEN},
            a_else=NOT_FOUND,
        ),
        case(
            kwargs=lambda w: {"pk": w.a.side_entrant.pk},
            a={PEOPLE_EDITORS: OK, MENTOR: NOT_FOUND},
            a_else=FORBIDDEN,
            b_else=NOT_FOUND,
            note="seeing your own record does not mean editing it; a mentor does not see it",
        ),
    ],
    "organisations:employee_access": [
        case(
            kwargs=_employee,
            a={PEOPLE_EDITORS: OK, STAFF - PEOPLE_EDITORS: FORBIDDEN},
            a_else=NOT_FOUND,
        ),
        case(
            kwargs=lambda w: {"pk": w.a.side_entrant.pk},
            a={PEOPLE_EDITORS: OK, MENTOR: NOT_FOUND},
            a_else=FORBIDDEN,
            b_else=NOT_FOUND,
            note="a side-entrant cannot give themselves roles",
        ),
    ],
    "organisations:placement_create": case(
        kwargs=lambda w: {"employee_pk": w.a.employee.pk},
        a={PEOPLE_EDITORS: OK, STAFF - PEOPLE_EDITORS: FORBIDDEN},
        a_else=NOT_FOUND,
    ),
    "organisations:placement_end": [
        everyone(
            NOT_ALLOWED, kwargs=lambda w: {"pk": _placement(w).pk}, note="POST only", shared=True
        ),
        case(
            kwargs=lambda w: {"pk": _placement(w).pk},
            method="post",
            data={"end_date": "geen datum"},
            a={PEOPLE_EDITORS: REDIRECT, STAFF - PEOPLE_EDITORS: FORBIDDEN},
            a_else=NOT_FOUND,
        ),
    ],
    "organisations:audit_log": case(
        a={FA: OK}, b={FA: OK}, a_else=FORBIDDEN, b_else=FORBIDDEN, note="own organisations only"
    ),
    # --- dashboards (managers and HR of their own organisations) -------------------------
    "dashboards:capacity": case(a={MANAGER: OK, HR: OK}, b={MANAGER: OK, HR: OK}, b_else=FORBIDDEN),
    "dashboards:forecast": case(a={MANAGER: OK, HR: OK}, b={MANAGER: OK, HR: OK}, b_else=FORBIDDEN),
    "dashboards:capacity_team": case(
        kwargs=_team, a={MANAGER: OK, HR: OK}, note="another organisation's team: 404"
    ),
    "dashboards:team_headroom": case(
        data=lambda w: {"team": w.a.team.pk},
        a={MANAGER: OK, HR: OK},
        note="the campaign form's headroom fragment; another organisation's team: 404",
    ),
    "dashboards:capacity_settings": case(
        kwargs=lambda w: {"organisation_pk": w.a.organisation.pk},
        a={MANAGER: OK, FA: OK},
    ),
    "dashboards:programme_list": case(a=PROGRAMME_READERS, b=PROGRAMME_READERS, b_else=FORBIDDEN),
    "dashboards:programme_create": case(a=PROGRAMME_WRITERS, b=PROGRAMME_WRITERS, b_else=FORBIDDEN),
    "dashboards:programme_import": case(a=PROGRAMME_WRITERS, b=PROGRAMME_WRITERS, b_else=FORBIDDEN),
    "dashboards:programme_detail": case(kwargs=_programme, a=PROGRAMME_READERS),
    "dashboards:programme_edit": case(kwargs=_programme, a=PROGRAMME_WRITERS),
    "dashboards:programme_evaluation": case(kwargs=_programme, a=PROGRAMME_READERS),
    "dashboards:programme_template": case(kwargs=_programme, a=PROGRAMME_READERS),
    "dashboards:programme_goal_create": case(kwargs=_programme, a=PROGRAMME_WRITERS),
    "dashboards:programme_goal_edit": case(kwargs=_goal_of, a=PROGRAMME_WRITERS),
    "dashboards:programme_goal_delete": [
        case(
            kwargs=_goal_of,
            a={MANAGER: NOT_ALLOWED, HR: NOT_ALLOWED},
            note="POST only; other organisations 404 first",
        ),
        case(
            kwargs=lambda w: _goal_of(w, "running"),
            method="post",
            data={},
            a={MANAGER: REDIRECT, HR: REDIRECT},
            note="a running programme's goals cannot be removed: nothing changes",
        ),
    ],
    "dashboards:programme_step_create": case(kwargs=_programme, a=PROGRAMME_WRITERS),
    "dashboards:programme_step_edit": case(kwargs=_step_of, a=PROGRAMME_WRITERS),
    "dashboards:programme_step_delete": [
        case(
            kwargs=_step_of,
            a={MANAGER: NOT_ALLOWED, HR: NOT_ALLOWED},
            note="POST only; other organisations 404 first",
        ),
        case(
            kwargs=lambda w: _step_of(w, "closed"),
            method="post",
            data={},
            a={MANAGER: REDIRECT, HR: REDIRECT},
            note="a closed programme's steps cannot be removed: nothing changes",
        ),
    ],
    "dashboards:finance_plan": case(
        kwargs=lambda w: {"pk": _finance_programme(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:finance_export": case(
        kwargs=lambda w: {"pk": _finance_programme(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:finance_assumptions": case(
        kwargs=lambda w: {"pk": _finance_programme(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:finance_line_create": case(
        kwargs=lambda w: {"pk": _finance_programme(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:finance_line_update": case(
        kwargs=lambda w: {"pk": _finance_line(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:finance_line_delete": [
        everyone(
            NOT_ALLOWED,
            kwargs=lambda w: {"pk": _finance_line(w).pk},
            note="POST only",
            shared=True,
        ),
        case(
            kwargs=lambda w: {"pk": _finance_line(w).pk},
            method="post",
            data={"confirm": "no"},
            a={FINANCE: REDIRECT},
            note="without confirm=1 nothing is removed",
        ),
    ],
    "dashboards:subsidy_list": case(a={FINANCE: OK}, b={FINANCE: OK}, b_else=FORBIDDEN),
    "dashboards:subsidy_create": case(a={FINANCE: OK}, b={FINANCE: OK}, b_else=FORBIDDEN),
    "dashboards:subsidy_update": case(kwargs=lambda w: {"pk": _subsidy(w).pk}, a={FINANCE: OK}),
    "dashboards:subsidy_deadline_create": case(
        kwargs=lambda w: {"pk": _subsidy(w).pk}, a={FINANCE: OK}
    ),
    "dashboards:subsidy_deadline_done": [
        everyone(
            NOT_ALLOWED,
            kwargs=lambda w: {"pk": _subsidy(w).deadlines.get().pk},
            note="POST only",
            shared=True,
        ),
        case(
            kwargs=lambda w: {"pk": _subsidy(w).deadlines.get().pk},
            method="post",
            data={"done": "maybe"},
            a={FINANCE: REDIRECT},
            note="only done=0 or done=1 changes the deadline",
        ),
    ],
    # --- notifications (always the user's own) ----------------------------------------
    "notifications:list": everyone(OK),
    "notifications:mark_read": [
        everyone(NOT_ALLOWED, note="POST only"),
        everyone(REDIRECT, method="post", data={"id": ["x"]}),
    ],
    "notifications:preferences": everyone(OK),
    # --- traineeship (the rest of the namespace: the rule below) ------------------------
    "traineeship:trainee_search": case(
        kwargs=lambda w: {"pk": _traineeship_cohort(w)},
        a={PEOPLE_EDITORS: OK},
        a_else=NOT_FOUND,
        note="the add-a-trainee search of a cohort whose programme A is a partner in",
    ),
}


@dataclass(frozen=True)
class Rule:
    """Covers every URL name starting with `prefix`; `check(client, world, principal)`."""

    prefix: str
    description: str


RULES = [
    Rule(
        "support:",
        "Support pyramid: its own permission matrix in tests/support/test_views.py (every "
        "support URL x every role of A and B x anonymous, with refused reads logged); "
        "test_every_support_url_is_in_the_matrix fails on a support URL without an entry.",
    ),
    Rule(
        "intake:",
        "Intake: the access matrix in tests/intake/test_views.py (PAGES and POSTS: every "
        "role of A and B x anonymous) plus test_criterion_delete_and_import_detail_are_scoped "
        "and the public apply/withdraw tests; test_every_intake_url_is_covered fails on an "
        "intake URL without an entry.",
    ),
    Rule(
        "mentoring:",
        "Mentoring: the access matrix in tests/mentoring/test_views.py plus the calendar-token "
        "and sign-off tests; test_every_mentoring_url_is_in_the_matrix fails on a mentoring URL "
        "without an entry.",
    ),
    Rule(
        "training:",
        "Training: the access matrix in tests/training/test_views.py (every page x every "
        "role of A and B x anonymous); test_every_training_url_is_in_the_matrix fails on "
        "a training URL without an entry.",
    ),
    Rule(
        "traineeship:",
        "Traineeships: the access matrix in tests/traineeship/test_views.py (every page x "
        "every role of A and B x anonymous) plus test_post_only_actions_refuse_everyone_else; "
        "test_every_traineeship_url_is_covered fails on a URL without an entry.",
    ),
    Rule(
        "admin:",
        "Django admin: anonymous and non-staff users are sent to the admin login; staff "
        "functional admins reach it and see only their own organisations' objects "
        "(test_admin_rule in test_url_matrix.py). For every registered model, B's "
        "functional admin gets 404 on the change, delete, history, version and password "
        "URLs of A's objects and no choice of A in any form "
        "(test_admin_object_urls_of_a_are_not_found_for_b in test_url_matrix.py, built from "
        "the admin registry by tests/security/test_admin_scoping.py).",
    ),
]
