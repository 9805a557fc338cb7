from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support pyramid")

    def ready(self):
        from organisations import navigation
        from organisations.roles import Role

        from . import permissions  # noqa: F401  (registers the scopes)

        navigation.register(_("Support"), "support:pyramid", order=70)
        navigation.register(
            _("Support trajectories"),
            "support:trajectory_list",
            roles={Role.SUPPORT_COORDINATOR},
            order=71,
        )
        navigation.register(_("Support figures"), "support:figures", roles={Role.MANAGER}, order=72)
