from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .models import Notification


@login_required
def notification_list(request):
    """The user's own notifications, newest first."""
    qs = Notification.objects.filter(recipient=request.user, in_app=True).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request):
    ids = [i for i in request.POST.getlist("id") if i.isdigit()]
    count = services.notifications_mark_read(user=request.user, ids=ids or None)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Preferences saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
