from django.urls import path

from . import views

app_name = "traineeship"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_update, name="programme_update"),
    path("<int:pk>/budget/", views.budget, name="budget"),
    path("<int:pk>/funders/new/", views.funder_create, name="funder_create"),
    path("<int:pk>/guidelines/new/", views.guideline_create, name="guideline_create"),
    path("<int:programme_pk>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("partners/<int:pk>/", views.partner_update, name="partner_update"),
    path("funders/<int:pk>/payments/new/", views.payment_create, name="payment_create"),
    path("guidelines/<int:pk>/", views.guideline_detail, name="guideline_detail"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:cohort_pk>/trainees/new/", views.trainee_add, name="trainee_add"),
    path("cohorts/<int:pk>/candidates/", views.trainee_search, name="trainee_search"),
    path("cohorts/<int:pk>/generate/", views.schedule_generate, name="schedule_generate"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/plan/", views.schedule_edit, name="schedule_edit"),
    path("trainees/<int:pk>/absences/new/", views.absence_create, name="absence_create"),
    path("trainees/<int:pk>/preference/", views.preference_update, name="preference_update"),
    path("trainees/<int:pk>/outcome/", views.outcome_update, name="outcome_update"),
    path("contracts/<int:pk>/", views.contract_update, name="contract_update"),
    path("rotations/<int:pk>/review/", views.review_create, name="review_create"),
    path("rotations/<int:pk>/rating/", views.host_rating, name="host_rating"),
]
