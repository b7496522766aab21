"""Routes of the suggestion box, included at the site root.

Public pages live under ``/p/<slug>/`` beside the organisation's public page; the inbox
under ``/o/<slug>/inbox/`` asks for a sign-in first, and each view checks membership.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path

from holos.views_on_demand import views_of

views = views_of("holos.suggestions.views")

urlpatterns = [
    path("p/<slug:slug>/suggest/", views.public_form, name="suggestion_form"),
    path("p/<slug:slug>/suggest/thanks/", views.public_thanks, name="suggestion_thanks"),
    path("p/<slug:slug>/answers/", views.public_answers, name="public_answers"),
    path("o/<slug:slug>/inbox/", login_required(views.inbox), name="inbox"),
    path("o/<slug:slug>/inbox/call/", login_required(views.log_call), name="inbox_log_call"),
    path("o/<slug:slug>/inbox/settings/", login_required(views.inbox_settings), name="inbox_settings"),
    path("o/<slug:slug>/inbox/<int:pk>/", login_required(views.inbox_item), name="inbox_item"),
    path("o/<slug:slug>/inbox/<int:pk>/erase/", login_required(views.erase), name="inbox_erase"),
    path("o/<slug:slug>/inbox/<int:pk>/contact/", login_required(views.inbox_contact), name="inbox_contact"),
    path("o/<slug:slug>/inbox/<int:pk>/handle/", login_required(views.inbox_handle), name="inbox_handle"),
    path("o/<slug:slug>/inbox/<int:pk>/note/", login_required(views.inbox_note), name="inbox_note"),
    path("o/<slug:slug>/inbox/<int:pk>/answer/", login_required(views.inbox_answer), name="inbox_answer"),
    path("o/<slug:slug>/inbox/<int:pk>/publish/", login_required(views.inbox_publish), name="inbox_publish"),
    path("o/<slug:slug>/inbox/<int:pk>/unpublish/", login_required(views.inbox_unpublish), name="inbox_unpublish"),
]
