from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dashboards import views as dashboard_views

from .auth import LoginForm
from .health import healthz
from .two_factor import two_factor

admin.site.site_header = _("Instroom – reference data")
admin.site.site_title = _("Instroom")

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisations/", include("organisations.urls")),
    path("notifications/", include("notifications.urls")),
    path("intake/", include("intake.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("training/", include("training.urls")),
    path("traineeships/", include("traineeship.urls")),
    path("support/", include("support.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
