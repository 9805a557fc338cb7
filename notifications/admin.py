from django.contrib import admin

from organisations.admin import SharedReferenceAdmin

from .models import ReminderClaim


@admin.register(ReminderClaim)
class ReminderClaimAdmin(SharedReferenceAdmin):
    """Claims keep scheduled reminders from going out twice: system data, superusers only."""

    superuser_only = True
    list_display = ["key", "claimed_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "claimed_at"]
