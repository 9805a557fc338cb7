from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake and selection")

    def ready(self):
        from organisations import navigation, panels

        from . import selectors  # noqa: F401  (registers the scopes)

        panels.register_employee_panel(
            "intake/_employee_handover.html", selectors.employee_handover
        )

        navigation.register(
            _("Recruitment"), "intake:campaign_list", roles=selectors.VIEW_ROLES, order=30
        )
