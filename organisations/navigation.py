"""The main menu, per role. Apps add their own entries in AppConfig.ready()."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import access
from .roles import STAFF_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Shown when the user holds one of these roles; empty means every signed-in user.
    roles: frozenset = field(default_factory=frozenset)
    order: int = 100


_ITEMS: list[NavItem] = []


def register(label, url_name, roles=(), order=100) -> None:
    if any(item.url_name == url_name for item in _ITEMS):
        return
    _ITEMS.append(NavItem(label, url_name, frozenset(str(r) for r in roles), order))
    _ITEMS.sort(key=lambda item: item.order)


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    held = access.user_roles(user)
    result = []
    for item in _ITEMS:
        if item.roles and not (item.roles & held):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        result.append({"label": item.label, "url": url, "url_name": item.url_name})
    return result


register(_("Home"), "home", order=0)
register(_("Organisations"), "organisations:organisation_list", order=10)
register(_("Teams"), "organisations:team_list", roles=STAFF_ROLES, order=15)
register(_("Employees"), "organisations:employee_list", roles=STAFF_ROLES, order=20)
register(_("Audit and reference data"), "admin:index", roles={Role.FUNCTIONAL_ADMIN}, order=900)
