from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake and selection")

    def ready(self):
        from notifications.outbox import secret_context_register
        from organisations import navigation, panels

        from . import selectors  # noqa: F401  (registers the scopes)
        from .services import applying

        # The withdraw link is a bearer token: signed when the confirmation is sent,
        # never stored in the outbox.
        secret_context_register(
            applying.CONFIRMATION_KIND,
            names=["withdraw_url"],
            build=applying.confirmation_secrets,
        )

        panels.register_employee_panel(
            "intake/_employee_handover.html", selectors.employee_handover
        )

        navigation.register(
            _("Recruitment"), "intake:campaign_list", roles=selectors.VIEW_ROLES, order=30
        )
