from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/copy/", views.campaign_copy, name="campaign_copy"),
    path("campaigns/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("campaigns/<int:pk>/applications/", views.application_list, name="application_list"),
    path("campaigns/<int:pk>/board/", views.board, name="board"),
    path("campaigns/<int:pk>/funnel/", views.campaign_funnel, name="funnel"),
    path("campaigns/<int:pk>/import/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/score/", views.application_score, name="application_score"),
    path(
        "applications/<int:pk>/override/", views.application_override, name="application_override"
    ),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("applications/<int:pk>/hire/", views.application_hire, name="application_hire"),
    path("applications/<int:pk>/interview/", views.interview_create, name="interview_create"),
    path("applications/<int:pk>/export/", views.application_export, name="application_export"),
    path("applications/<int:pk>/erase/", views.application_erase, name="application_erase"),
    path("interviews/<int:pk>/notes/", views.interview_note, name="interview_note"),
    path("interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path("interviews/<int:pk>/cancel/", views.interview_cancel, name="interview_cancel"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("apply/<slug:slug>/thanks/", views.apply_thanks, name="apply_thanks"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
]
