from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from organisations import navigation
        from organisations.roles import Role

        from . import permissions  # noqa: F401 - registers the scopes

        oversight = {Role.PRACTICE_SUPERVISOR, Role.HR_ADVISOR}
        navigation.register(_("Mentor pool"), "mentoring:pool", roles=oversight, order=40)
        navigation.register(_("My mentees"), "mentoring:my_mentees", roles={Role.MENTOR}, order=41)
        navigation.register(
            _("My check-ins"), "mentoring:my_checkins", roles={Role.SIDE_ENTRANT}, order=42
        )
        navigation.register(
            _("Intervision"),
            "mentoring:session_list",
            roles={Role.MENTOR, Role.PRACTICE_SUPERVISOR, Role.HR_ADVISOR, Role.SIDE_ENTRANT},
            order=43,
        )
        navigation.register(
            _("Mentoring figures"), "mentoring:figures", roles={Role.MANAGER}, order=44
        )
