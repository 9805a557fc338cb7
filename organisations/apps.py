from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations and people")

    def ready(self):
        # Register the scopes and menu entries declared at import time; leavers connects
        # the receivers that rotate calendar links with the credentials.
        from notifications.outbox import secret_context_register

        from . import access, accounts, leavers, navigation  # noqa: F401
        from .roles import Role

        secret_context_register(
            accounts.INVITATION_KIND, names=["link"], build=accounts.invitation_secrets
        )

        navigation.register(
            _("Audit log"), "organisations:audit_log", roles={Role.FUNCTIONAL_ADMIN}, order=890
        )
