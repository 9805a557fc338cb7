"""Optional TOTP two-factor login, enforced per organisation for HR and support coordinators.

An organisation with `require_two_factor` makes its HR advisors and support coordinators
confirm every login with a code from an authenticator app (django-otp's TOTP device).
Whether a user needs it is decided once at login and kept in the session, so ordinary
requests cost no extra query; a change of the setting applies from the next login.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import Membership
from organisations.roles import Role

SESSION_FLAG = "instroom_two_factor_required"
TWO_FACTOR_ROLES = (Role.HR_ADVISOR, Role.SUPPORT_COORDINATOR)
DEVICE_NAME = "Instroom"


def two_factor_required(user) -> bool:
    """Whether `user` holds a 2FA role in an organisation that requires two-factor login."""
    return Membership.objects.filter(
        user=user, role__in=TWO_FACTOR_ROLES, organisation__require_two_factor=True
    ).exists()


@receiver(user_logged_in, dispatch_uid="instroom-two-factor-flag")
def _remember_requirement(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_FLAG] = two_factor_required(user)


class TwoFactorMiddleware:
    """Send a signed-in user who must use two-factor to the code page until verified."""

    EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_FLAG):
            user = request.user
            if user.is_authenticated and not user.is_verified():
                allowed = {reverse("two_factor"), reverse("logout")}
                if request.path not in allowed and not request.path.startswith(
                    self.EXEMPT_PREFIXES
                ):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('two_factor')}?{query}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits from your authenticator app."))
        return token


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@login_required
def two_factor(request):
    """Set up (first time: scan the code) or confirm a login with a six-digit code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    setting_up = device is None
    if setting_up:
        device = _pending_device(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(next_url or "home")
        form.add_error("token", _("This code is not correct. Try the current code."))
    context = {"form": form, "setting_up": setting_up, "next": next_url}
    if setting_up:
        context["secret"] = b32encode(device.bin_key).decode()
        context["qr_data_uri"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(request, "registration/two_factor.html", context)
