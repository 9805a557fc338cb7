from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training and registration")

    def ready(self):
        from organisations import navigation
        from organisations.roles import Role

        from . import permissions  # noqa: F401  (registers the scopes)

        navigation.register(
            _("Training tracks"),
            "training:track_list",
            roles={Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR, Role.MENTOR},
            order=40,
        )
        navigation.register(
            _("Training figures"), "training:track_summary", roles={Role.MANAGER}, order=41
        )
        navigation.register(
            _("SKJ registration"),
            "training:ledger_list",
            roles={Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR},
            order=42,
        )
        navigation.register(
            _("Weighting tables"),
            "training:table_list",
            roles={
                Role.HR_ADVISOR,
                Role.PRACTICE_SUPERVISOR,
                Role.MENTOR,
                Role.FUNCTIONAL_ADMIN,
            },
            order=43,
        )
        navigation.register(
            _("My development"), "training:my", roles={Role.SIDE_ENTRANT, Role.MENTOR}, order=44
        )
