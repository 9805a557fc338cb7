from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeshipConfig(AppConfig):
    name = "traineeship"
    verbose_name = _("Traineeships")
