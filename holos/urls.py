from django.contrib.auth.decorators import login_required
from django.urls import include, path

from holos.surveys.urls import public_urlpatterns as public_survey_urls
from holos.views_on_demand import views_of

auth_views = views_of("django.contrib.auth.views")
health = views_of("holos.health")
metrics = views_of("holos.metrics")
accounts = views_of("holos.accounts.views")
api = views_of("holos.api.views")
api_routing = views_of("holos.api.routing")
audit = views_of("holos.audit.views")
imports = views_of("holos.imports.views")
outbox = views_of("holos.outbox.views")
plans = views_of("holos.plans.views")
public = views_of("holos.public.views")
reports = views_of("holos.reports.views")
feeds = views_of("holos.work.feeds")
progress = views_of("holos.work.progress_views")
cascade = views_of("holos.plans.cascade_views")
programmes = views_of("holos.programmes.views")
work = views_of("holos.work.views")

auth = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("language/", accounts.set_language, name="set_language"),
    path("language/<str:language>/", accounts.choose_language, name="choose_language"),
    path("invitations/<str:token>/", accounts.invitation, name="invitation"),
    path("work/", work.my_work, name="my_work"),
    path("programmes/", login_required(programmes.programme_list), name="programmes"),
    path("work/settings/", accounts.my_settings, name="my_settings"),
    path("calendars/", feeds.calendars, name="calendars"),
    path("feeds/<str:token>.ics", feeds.feed, name="feed"),
    path("api/docs/", api.documentation, name="api_docs"),
    path("api/v1/<path:rest>", api_routing.dispatch, name="api"),
    path("p/<slug:slug>/", public.organization_page, name="public_organization"),
    path("p/<slug:slug>/plans/<int:pk>/", public.plan_page, name="public_plan"),
    path("p/<slug:slug>/plans/<int:pk>/plan.<str:fmt>", public.plan_data, name="public_plan_data"),
    path("p/<slug:slug>/plans/<int:pk>/reports/<int:report_pk>/", reports.public_report, name="public_report"),
]

organization_routes = [
    path("o/<slug:slug>/", plans.organization_home, name="organization"),
    path("o/<slug:slug>/members/", accounts.members, name="members"),
    path("o/<slug:slug>/settings/", accounts.organization_settings, name="organization_settings"),
    path("o/<slug:slug>/members/<int:pk>/", accounts.member_edit, name="member_edit"),
    path("o/<slug:slug>/members/lockouts/", accounts.member_lockouts, name="member_lockouts"),
    path("o/<slug:slug>/mail/", outbox.undelivered, name="outbox"),
    path("o/<slug:slug>/settings/tokens/", api.tokens, name="api_tokens"),
    path("o/<slug:slug>/plans/new/", plans.plan_create, name="plan_create"),
    path("o/<slug:slug>/plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("o/<slug:slug>/plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("o/<slug:slug>/plans/<int:pk>/delete/", plans.plan_delete, name="plan_delete"),
    path("o/<slug:slug>/plans/<int:pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("o/<slug:slug>/plans/<int:pk>/reports/", reports.reports, name="reports"),
    path("o/<slug:slug>/reports/<int:pk>/", reports.report_detail, name="report"),
    path("o/<slug:slug>/reports/<int:pk>/report.<str:fmt>", reports.report_file, name="report_file"),
    path("o/<slug:slug>/plans/<int:pk>/checks/", plans.plan_checks, name="plan_checks"),
    path("o/<slug:slug>/plans/<int:pk>/history/", plans.plan_history, name="plan_history"),
    path("o/<slug:slug>/plans/<int:pk>/dashboard/", progress.plan_dashboard, name="plan_dashboard"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/", progress.plan_indicators, name="plan_indicators"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/new/", progress.indicator_add, name="indicator_add"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/<int:indicator_pk>/measure/", progress.indicator_measure,
         name="indicator_measure"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/<int:indicator_pk>/target/", progress.indicator_target,
         name="indicator_target"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/<int:indicator_pk>/definition/", progress.indicator_definition,
         name="indicator_definition"),
    path("o/<slug:slug>/plans/<int:pk>/indicators/<int:indicator_pk>/source/", progress.indicator_source,
         name="indicator_source"),
    path("o/<slug:slug>/plans/<int:pk>/export/<str:fmt>/", plans.plan_export, name="plan_export"),
    path("o/<slug:slug>/plans/<int:pk>/checks/dismiss/", plans.finding_dismiss, name="finding_dismiss"),
    path("o/<slug:slug>/plans/<int:pk>/goals/new/", plans.goal_create, name="goal_create"),
    path("o/<slug:slug>/goals/<int:pk>/edit/", plans.goal_edit, name="goal_edit"),
    path("o/<slug:slug>/goals/<int:pk>/delete/", plans.goal_delete, name="goal_delete"),
    path("o/<slug:slug>/goals/<int:pk>/tasks/new/", plans.task_create, name="task_create"),
    path("o/<slug:slug>/tasks/<int:pk>/edit/", plans.task_edit, name="task_edit"),
    path("o/<slug:slug>/tasks/<int:pk>/delete/", plans.task_delete, name="task_delete"),
    path("o/<slug:slug>/tasks/<int:pk>/activities/new/", plans.activity_create, name="activity_create"),
    path("o/<slug:slug>/activities/<int:pk>/", plans.activity_row, name="activity_row"),
    path("o/<slug:slug>/activities/<int:pk>/edit/", plans.activity_edit, name="activity_edit"),
    path("o/<slug:slug>/activities/<int:pk>/delete/", plans.activity_delete, name="activity_delete"),
    path("o/<slug:slug>/activities/<int:pk>/slot/", plans.activity_toggle_slot, name="activity_slot"),
    path("o/<slug:slug>/<str:kind>/<int:pk>/move/", plans.move, name="move"),
    path("o/<slug:slug>/catalogues/<str:kind>/", plans.catalogue, name="catalogue"),
    path("o/<slug:slug>/catalogues/<str:kind>/new/", plans.catalogue_entry_create, name="catalogue_entry_create"),
    path("o/<slug:slug>/catalogues/<str:kind>/merge/", plans.catalogue_merge, name="catalogue_merge"),
    path("o/<slug:slug>/units/<int:pk>/", work.unit_work, name="unit_work"),
    path("o/<slug:slug>/occurrences/<int:pk>/", work.occurrence_detail, name="occurrence"),
    path("o/<slug:slug>/occurrences/<int:pk>/record/", work.occurrence_record, name="occurrence_record"),
    path("o/<slug:slug>/evidence/<int:pk>/", work.attachment_file, name="attachment_file"),
    path("o/<slug:slug>/evidence/<int:pk>/delete/", work.attachment_delete, name="attachment_delete"),
    path("o/<slug:slug>/events/", work.events, name="events"),
    path("o/<slug:slug>/events/<int:pk>/", work.event_edit, name="event_edit"),
    path("o/<slug:slug>/dashboard/", progress.organization_dashboard, name="organization_dashboard"),
    path("o/<slug:slug>/audit/", audit.organization_log, name="audit_log"),
    path("o/<slug:slug>/imports/new/", imports.import_new, name="import_new"),
    path("o/<slug:slug>/imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("o/<slug:slug>/imports/<int:pk>/source/", imports.import_source, name="import_source"),
    path("o/<slug:slug>/imports/<int:pk>/reread/", imports.import_reread, name="import_reread"),
    path("o/<slug:slug>/imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("o/<slug:slug>/imports/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("o/<slug:slug>/catalogues/<str:kind>/<int:pk>/", plans.catalogue_entry_edit, name="catalogue_entry"),
    path("o/<slug:slug>/plans/<int:pk>/cascade/", cascade.plan_cascade, name="plan_cascade"),
    path("o/<slug:slug>/programmes/", programmes.organization_programmes, name="organization_programmes"),
    path("o/<slug:slug>/programmes/<int:pk>/", programmes.participation_edit, name="participation"),
    path("o/<slug:slug>/templates/<int:pk>/", programmes.template_start, name="template_start"),
]

# A programme's pages: its members only; access within is checked by each view.
programme_routes = [
    path("programmes/<slug:slug>/", programmes.programme_dashboard, name="programme"),
    path("programmes/<slug:slug>/dashboard.xlsx", programmes.programme_export, name="programme_export"),
    path("programmes/<slug:slug>/organisations/", programmes.programme_organizations,
         name="programme_organizations"),
    path("programmes/<slug:slug>/organisations/<int:pk>/", programmes.programme_organization,
         name="programme_organization"),
    path("programmes/<slug:slug>/plans/<int:pk>/", programmes.programme_plan, name="programme_plan"),
    path("programmes/<slug:slug>/members/", programmes.programme_members, name="programme_members"),
    path("programmes/<slug:slug>/tokens/", api.programme_tokens, name="programme_tokens"),
    path("programmes/<slug:slug>/members/<int:pk>/remove/", programmes.programme_member_remove,
         name="programme_member_remove"),
    path("programmes/<slug:slug>/indicators/", programmes.programme_indicators, name="programme_indicators"),
    path("programmes/<slug:slug>/templates/", programmes.programme_templates, name="programme_templates"),
    path("programmes/<slug:slug>/templates/<int:pk>/", programmes.programme_template, name="programme_template"),
    path("programmes/<slug:slug>/templates/<int:pk>/items/<str:where>/", programmes.programme_template_item,
         name="programme_template_item"),
]

# Organisation pages ask for a sign-in first; access within is checked by each view.
organization = [
    path(str(route.pattern), login_required(route.callback), name=route.name or "")
    for route in organization_routes + programme_routes
]

urlpatterns = [
    # First, as they take the most requests: residents answering a survey, many at once.
    *public_survey_urls,
    path("", accounts.home, name="home"),
    path("favicon.ico", public.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    *auth,
    *organization,
    path("", include("holos.surveys.urls")),
    path("", include("holos.suggestions.urls")),
    path("", include("holos.publishing.urls")),
    path("", include("holos.builder.urls")),
]
