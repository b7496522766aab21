"""The builder's addresses, all under an organisation's: ``o/<slug>/…``."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from holos.views_on_demand import views_of

views = views_of("holos.builder.views")

ORG = "o/<slug:slug>/"

staff_routes = [
    path(ORG + "profile/", views.profile, name="community_profile"),
    path(ORG + "profile/groups/<int:pk>/", views.profile_audience, name="profile_audience"),
    path(ORG + "profile/channels/<int:pk>/", views.profile_channel, name="profile_channel"),
    path(ORG + "builder/", views.drafts, name="drafts"),
    path(ORG + "builder/<int:pk>/", views.draft_step, name="draft"),
    path(ORG + "builder/<int:pk>/step/<int:step>/", views.draft_step, name="draft_step"),
    path(ORG + "builder/<int:pk>/message/", views.message_help, name="message_help"),
    path(ORG + "builder/<int:pk>/delete/", views.draft_delete, name="draft_delete"),
    path(ORG + "plans/<int:pk>/build/", views.plan_build, name="plan_build"),
    path(ORG + "plans/<int:pk>/suggestions/", views.plan_suggestions, name="plan_suggestions"),
    path(ORG + "library/", views.library, name="library"),
    path(ORG + "library/new/", views.template_edit, name="template_create"),
    path(ORG + "library/<int:pk>/", views.template_edit, name="template_edit"),
]

# Organisation pages ask for a sign-in first; access within is checked by each view.
urlpatterns = [path(str(route.pattern), login_required(route.callback), name=route.name or "")
               for route in staff_routes]
