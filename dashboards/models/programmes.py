"""A programme (pilot): a bounded effort to recruit and keep side-entrants.

Goals and their evaluation, the financial plan and subsidies all hang off a programme.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation, Team


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (goals being set)")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="programmes",
        verbose_name=_("teams"),
        help_text=_("Leave empty for the whole organisation."),
    )
    campaigns = models.ManyToManyField(
        "intake.Campaign",
        blank=True,
        related_name="programmes",
        verbose_name=_("campaigns"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="programme_unique_name_per_organisation",
                violation_error_message=_(
                    "This organisation already has a programme by that name."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A programme cannot end before it starts.")})
