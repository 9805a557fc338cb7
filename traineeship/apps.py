from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeshipConfig(AppConfig):
    name = "traineeship"
    verbose_name = _("Traineeships")

    def ready(self):
        # Register the scopes (selectors) and the menu entry.
        from organisations import navigation
        from organisations.roles import Role

        from . import selectors  # noqa: F401

        navigation.register(
            _("Traineeships"),
            "traineeship:programme_list",
            roles={
                Role.HR_ADVISOR,
                Role.FUNCTIONAL_ADMIN,
                Role.MENTOR,
                Role.SIDE_ENTRANT,
                Role.PRACTICE_SUPERVISOR,
            },
            order=60,
        )
