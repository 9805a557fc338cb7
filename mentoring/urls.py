from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("mentors/new/", views.profile_create, name="profile_create"),
    path("mentors/<int:pk>/edit/", views.profile_update, name="profile_update"),
    path("settings/<int:organisation_pk>/", views.settings_update, name="settings_update"),
    path("figures/", views.figures, name="figures"),
    path("match/<int:employee_pk>/", views.match, name="match"),
    path("match-all/<int:organisation_pk>/", views.match_all, name="match_all"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("assignments/<int:pk>/change/", views.assignment_change, name="assignment_change"),
    path("assignments/<int:pk>/checkins/new/", views.checkin_add, name="checkin_add"),
    path("checkins/<int:pk>/log/", views.checkin_log, name="checkin_log"),
    path("checkins/<int:pk>/reflection/", views.checkin_reflect, name="checkin_reflect"),
    path("my-mentees/", views.my_mentees, name="my_mentees"),
    path("my-checkins/", views.my_checkins, name="my_checkins"),
    path("intervision/", views.session_list, name="session_list"),
    path("intervision/new/", views.session_create, name="session_create"),
    path("intervision/series/new/", views.series_create, name="series_create"),
    path("intervision/<int:pk>/", views.session_detail, name="session_detail"),
    path("intervision/<int:pk>/edit/", views.session_update, name="session_update"),
    path(
        "intervision/participants/<int:pk>/sign-off/", views.participant_sign_off, name="sign_off"
    ),
    path("pulse/", views.pulse_answer, name="pulse_answer"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
