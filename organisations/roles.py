"""The roles a user can hold in an organisation, and the Django groups behind them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADVISOR = "hr_advisor", _("HR advisor")
    PRACTICE_SUPERVISOR = "practice_supervisor", _("Practice supervisor")
    MENTOR = "mentor", _("Mentor")
    MANAGER = "manager", _("Manager")
    SUPPORT_COORDINATOR = "support_coordinator", _("Support coordinator")
    SIDE_ENTRANT = "side_entrant", _("Zij-instromer / trainee")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional admin")


# Roles that see every employee of their organisation (names, placements).
STAFF_ROLES = frozenset(
    {
        Role.HR_ADVISOR,
        Role.PRACTICE_SUPERVISOR,
        Role.MANAGER,
        Role.SUPPORT_COORDINATOR,
        Role.FUNCTIONAL_ADMIN,
    }
)
# Roles that may add and change employees and placements.
PEOPLE_EDITOR_ROLES = frozenset({Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN})
# Roles that may change reference data (organisations, teams, formation).
REFERENCE_EDITOR_ROLES = frozenset({Role.FUNCTIONAL_ADMIN})
TEAM_EDITOR_ROLES = frozenset({Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN})

# One Django group per role, named by the role value; the data migration creates
# them with the model permissions the Django admin needs.
GROUP_NAMES = {role: role.value for role in Role}
