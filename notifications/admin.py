from django.contrib import admin

from .models import ReminderClaim


@admin.register(ReminderClaim)
class ReminderClaimAdmin(admin.ModelAdmin):
    list_display = ["key", "claimed_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "claimed_at"]
