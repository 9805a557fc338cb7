from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from organisations import navigation
        from organisations.roles import Role

        from .finance import selectors as _finance  # noqa: F401  (registers finance scopes)
        from .programmes import selectors  # noqa: F401  (registers the programme scope)

        navigation.register(
            _("Capacity"), "dashboards:capacity", roles={Role.MANAGER, Role.HR_ADVISOR}, order=60
        )
        navigation.register(
            _("Forecast"), "dashboards:forecast", roles={Role.MANAGER, Role.HR_ADVISOR}, order=61
        )
        navigation.register(
            _("Programmes"),
            "dashboards:programme_list",
            roles={Role.MANAGER, Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN},
            order=62,
        )
        navigation.register(
            _("Finance"),
            "dashboards:subsidy_list",
            roles={Role.MANAGER, Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN},
            order=63,
        )
