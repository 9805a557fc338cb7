"""The one place that decides what a user may see and change.

Deny by default: a user sees an organisation only through a Membership, and
every queryset a view shows is narrowed here. Views fetch objects through
`get_object_for`, so anything outside the user's scope is a 404, never a leak;
a forbidden action on a visible object is a 403 (`PermissionDenied`).

Other apps register the scope of their own models with `register_scope`, so
there is still exactly one entry point (`scoped`) for every model.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Employee, Membership, Organisation, Placement, Team
from .roles import PEOPLE_EDITOR_ROLES, REFERENCE_EDITOR_ROLES, STAFF_ROLES, TEAM_EDITOR_ROLES, Role

_CACHE_ATTR = "_instroom_roles_by_org"

ScopeFn = Callable[[object], QuerySet]
_SCOPES: dict[type[Model], ScopeFn] = {}


def roles_by_organisation(user) -> dict[int, frozenset[str]]:
    """{organisation id: roles} for the user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        # A superuser acts as functional admin everywhere; special-category data
        # stays behind the support app's own, stricter rules.
        result = {
            pk: frozenset({Role.FUNCTIONAL_ADMIN.value})
            for pk in Organisation.objects.values_list("pk", flat=True)
        }
    else:
        grouped: dict[int, set[str]] = {}
        for org_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            grouped.setdefault(org_id, set()).add(role)
        result = {org_id: frozenset(roles) for org_id, roles in grouped.items()}
    setattr(user, _CACHE_ATTR, result)
    return result


def clear_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def organisation_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of organisations where the user holds any of `roles` (any role when None)."""
    wanted = None if roles is None else {str(r) for r in roles}
    return {
        org_id
        for org_id, held in roles_by_organisation(user).items()
        if wanted is None or held & wanted
    }


def user_roles(user) -> set[str]:
    """Every role the user holds, in any organisation."""
    return set().union(*roles_by_organisation(user).values()) if user.is_authenticated else set()


def has_role(user, roles, organisation=None) -> bool:
    """Whether the user holds one of `roles` (one or several), optionally in one organisation."""
    if isinstance(roles, str):
        roles = {roles}
    org_ids = organisation_ids(user, roles)
    if organisation is None:
        return bool(org_ids)
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in org_ids


def own_employee_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Employee.objects.filter(user=user).values_list("pk", flat=True))


# --- scoped querysets -----------------------------------------------------------------


def register_scope(model: type[Model]):
    """Decorator for an app to declare the queryset of `model` a user may see."""

    def decorator(fn: ScopeFn) -> ScopeFn:
        _SCOPES[model] = fn
        return fn

    return decorator


def scoped(user, model: type[Model]) -> QuerySet:
    """The objects of `model` the user may see; nothing when the model has no declared scope."""
    try:
        fn = _SCOPES[model]
    except KeyError:
        return model._default_manager.none()
    return fn(user)


@register_scope(Organisation)
def visible_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids(user))


@register_scope(Team)
def visible_teams(user) -> QuerySet[Team]:
    return Team.objects.filter(organisation_id__in=organisation_ids(user))


EmployeeScopeFn = Callable[[object], Q]
_EMPLOYEE_SCOPES: list[EmployeeScopeFn] = []


def register_employee_scope(fn: EmployeeScopeFn) -> EmployeeScopeFn:
    """Let an app widen who sees an employee, e.g. a mentor their own mentees.

    `fn(user)` returns a Q over Employee; it is OR-ed into the base scope.
    """
    if fn not in _EMPLOYEE_SCOPES:
        _EMPLOYEE_SCOPES.append(fn)
    return fn


def extra_employee_condition(user) -> Q | None:
    """The conditions apps added with `register_employee_scope` (e.g. a mentor's mentees),
    OR-ed together, or None when no app added any."""
    condition = None
    for extra in _EMPLOYEE_SCOPES:
        condition = extra(user) if condition is None else condition | extra(user)
    return condition


@register_scope(Employee)
def visible_employees(user) -> QuerySet[Employee]:
    """Staff roles see their organisations' employees; everyone sees their own record;
    apps add more through `register_employee_scope` (a mentor's mentees)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Employee.objects.none()
    condition = Q(organisation_id__in=organisation_ids(user, STAFF_ROLES)) | Q(user=user)
    for extra in _EMPLOYEE_SCOPES:
        condition |= extra(user)
    return Employee.objects.filter(condition)


@register_scope(Placement)
def visible_placements(user) -> QuerySet[Placement]:
    staff_orgs = organisation_ids(user, STAFF_ROLES)
    if not getattr(user, "is_authenticated", False):
        return Placement.objects.none()
    return Placement.objects.filter(Q(organisation_id__in=staff_orgs) | Q(employee__user=user))


def get_object_for(user, model: type[Model], pk, *, queryset: QuerySet | None = None):
    """Fetch one object the user may see, or raise Http404 (also for malformed ids)."""
    qs = queryset if queryset is not None else scoped(user, model)
    try:
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- permissions on actions --------------------------------------------------------------


def can_create_organisation(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, REFERENCE_EDITOR_ROLES))


def can_change_organisation(user, organisation) -> bool:
    return has_role(user, REFERENCE_EDITOR_ROLES, organisation)


def can_change_team(user, organisation) -> bool:
    """Add or change teams (and their formation) in `organisation`."""
    return has_role(user, TEAM_EDITOR_ROLES, organisation)


def can_change_employee(user, organisation) -> bool:
    """Add or change employees and placements in `organisation`."""
    return has_role(user, PEOPLE_EDITOR_ROLES, organisation)


def require_role(*roles):
    """View decorator: 403 unless the user holds one of `roles` in some organisation."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_permission(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
