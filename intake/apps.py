from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake and selection")

    def ready(self):
        from organisations import navigation

        from . import selectors  # noqa: F401  (registers the scopes)

        navigation.register(
            _("Recruitment"), "intake:campaign_list", roles=selectors.VIEW_ROLES, order=30
        )
