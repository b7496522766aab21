"""Survey addresses: ``s/<token>/`` for the public, ``o/<slug>/surveys/…`` for staff."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from holos.views_on_demand import views_of

public = views_of("holos.surveys.public")
views = views_of("holos.surveys.views")

STAFF = "o/<slug:slug>/surveys/"
ONE = STAFF + "<int:pk>/"

staff_routes = [
    path(STAFF, views.survey_list, name="surveys"),
    path(STAFF + "new/", views.survey_create, name="survey_create"),
    path(ONE, views.survey_detail, name="survey"),
    path(ONE + "edit/", views.survey_edit, name="survey_edit"),
    path(ONE + "delete/", views.survey_delete, name="survey_delete"),
    path(ONE + "status/", views.survey_set_status, name="survey_status"),
    path(ONE + "questions/new/", views.question_create, name="survey_question_create"),
    path(ONE + "questions/<int:qpk>/edit/", views.question_edit, name="survey_question_edit"),
    path(ONE + "questions/<int:qpk>/delete/", views.question_delete, name="survey_question_delete"),
    path(ONE + "questions/<int:qpk>/move/", views.question_move, name="survey_question_move"),
    path(ONE + "questions/<int:qpk>/answers/", views.survey_text_answers, name="survey_text_answers"),
    path(ONE + "results/", views.survey_results, name="survey_results"),
    path(ONE + "bursts/", views.survey_bursts, name="survey_bursts"),
    path(ONE + "export.<str:fmt>", views.survey_export, name="survey_export"),
    path(ONE + "codes/", views.survey_codes, name="survey_codes"),
    path(ONE + "codes.csv", views.survey_codes_csv, name="survey_codes_csv"),
    path(ONE + "indicators/", views.survey_indicators, name="survey_indicators"),
    path(ONE + "indicators/record/", views.survey_indicators_record, name="survey_indicators_record"),
    path(ONE + "indicators/<int:link_pk>/delete/", views.survey_indicator_unlink, name="survey_indicator_unlink"),
    path(ONE + "publish/", views.survey_publish, name="survey_publish"),
]

# The residents' pages: ``holos.urls`` puts them first of all, so that resolving an answer
# sent under a rush does not try every other address before these.
public_urlpatterns = [
    path("s/<str:token>/", public.survey_page, name="survey_public"),
    path("s/<str:token>/results/", public.survey_public_results, name="survey_public_results"),
]

urlpatterns = [
    # Staff pages ask for a sign-in first; access within is checked by each view.
    *[path(str(route.pattern), login_required(route.callback), name=route.name or "") for route in staff_routes],
]
