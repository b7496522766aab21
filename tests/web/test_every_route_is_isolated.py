"""Every page and endpoint under an organisation's address keeps other organisations out.

The routes are read from the URL configuration itself, so a page added later is in this
test from the start: it fails until the page is given the objects its address needs.
The outsider (an administrator of another community) gets 404 from each, reading and
writing, with every kind of object of the first community in its address, and nothing
changes.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from holos.audit.models import AuditEntry
from holos.builder import actions as builder_actions
from holos.imports import actions as import_actions
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Audience, Goal, Indicator, Task
from holos.programmes import actions as programme_actions
from holos.reports import actions as report_actions
from holos.suggestions import actions as suggestion_actions
from holos.surveys import actions as survey_actions
from holos.surveys.models import Metric, QuestionKind
from holos.work import actions as work_actions
from holos.work.models import Occurrence
from tests.surveys.conftest import make_survey


def all_routes() -> dict[str, str]:
    """Every named route of the URL configuration: name → pattern."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name
    return {name: route for route, name in walk(get_resolver().url_patterns)}


def organization_routes() -> dict[str, str]:
    """Every named route whose address starts with an organisation's: name → pattern."""
    return {name: route for name, route in all_routes().items() if route.startswith("o/<slug:slug>/")}


def programme_routes() -> dict[str, str]:
    """Every named route whose address starts with a programme's."""
    return {name: route for name, route in all_routes().items() if route.startswith("programmes/<slug:slug>/")}


def community_objects(world) -> dict[str, dict]:
    """One of each thing the community's addresses name, as the keyword arguments of each route."""
    plan = world.plan
    goal = Goal.objects.filter(plan=plan).first()
    task = Task.objects.filter(plan=plan).first()
    activity = Activity.objects.filter(plan=plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    occurrence = Occurrence.objects.get(activity=activity)
    attachment = work_actions.add_attachment(actor=None, occurrence=occurrence, upload=SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"))
    event = work_actions.save_event(actor=None, organization=world.community, event=None, name="День громади",
                                    day=dt.date(2025, 9, 1))
    report = report_actions.create_report(actor=None, plan=plan, kind="quarter", year=2025, index=1)
    record = import_actions.start_import(actor=None, organization=world.community, name="plan.txt",
                                         content="План\n\n№\tНазва активності\tКанали\n1\tЕфір\tРадіо\n".encode())
    audience = Audience.objects.filter(organization=world.community).first()
    survey = make_survey(world.community)
    question = survey.questions.first()
    indicator = Indicator.objects.create(activity=activity, text="Кількість респондентів")
    link = survey_actions.link_indicator(actor=None, survey=survey, indicator=indicator, metric=Metric.RESPONDENTS,
                                         question=None)
    message = suggestion_actions.receive_message(organization=world.community, category="question", text="Коли?")
    post, image, post_file, channel, topic, subscriber = publishing_objects(world)
    programme = programme_actions.create_programme(actor=None, name="Програма", slug="programa")
    participation = programme_actions.invite_organization(actor=None, programme=programme,
                                                          organization=world.community)
    programme_actions.accept_participation(actor=None, participation=participation, plans=[plan])
    plan_template = programme_actions.save_template(actor=None, programme=programme, template=None, title="Шаблон",
                                                    description="", plan=plan_actions.plan_to_document(plan))
    programme_actions.publish_template(actor=None, template=plan_template, published=True)
    membership = world.viewer.memberships.get(organization=world.community)
    group = builder_actions.add_profile_audience(actor=None, organization=world.community, name="Молодь", size=900)
    profile_channel = builder_actions.add_profile_channel(actor=None, organization=world.community, name="Радіо",
                                                          measure="listeners", figure=4000, as_of=dt.date(2025, 1, 1))
    draft = builder_actions.start_draft(actor=None, organization=world.community)
    template = builder_actions.save_template(actor=None, organization=world.community, row=None, data={
        "language": "uk", "title": "Толока", "level": "involve", "groups": ["general"], "audience": "Жителі",
        "channels": ["Зустріч"], "responsible": "ЦНАП", "result": "30 учасників", "indicator": "Учасники",
        "target": 30, "unit": "осіб", "schedule": "щокварталу"})
    slug = world.community.slug
    return {
        "organization": {}, "members": {}, "organization_settings": {}, "plan_create": {},
        "member_edit": {"pk": membership.pk}, "member_lockouts": {}, "outbox": {},
        **{name: {"pk": plan.pk} for name in (
            "plan", "plan_edit", "plan_delete", "plan_publish", "plan_checks", "reports", "plan_history",
            "plan_dashboard",
            "plan_indicators", "finding_dismiss", "goal_create")},
        "report": {"pk": report.pk}, "report_file": {"pk": report.pk, "fmt": "pdf"},
        "plan_export": {"pk": plan.pk, "fmt": "docx"}, "indicator_add": {"pk": plan.pk},
        **{name: {"pk": plan.pk, "indicator_pk": indicator.pk} for name in (
            "indicator_measure", "indicator_target", "indicator_definition", "indicator_source")},
        "goal_edit": {"pk": goal.pk}, "goal_delete": {"pk": goal.pk}, "task_create": {"pk": goal.pk},
        "task_edit": {"pk": task.pk}, "task_delete": {"pk": task.pk}, "activity_create": {"pk": task.pk},
        **{name: {"pk": activity.pk} for name in ("activity_row", "activity_edit", "activity_delete", "activity_slot")},
        "move": {"kind": "activity", "pk": activity.pk},
        "catalogue": {"kind": "audiences"}, "catalogue_entry": {"kind": "audiences", "pk": audience.pk},
        "catalogue_entry_create": {"kind": "audiences"}, "catalogue_merge": {"kind": "audiences"},
        "unit_work": {"pk": world.unit.pk}, "occurrence": {"pk": occurrence.pk},
        "occurrence_record": {"pk": occurrence.pk}, "attachment_delete": {"pk": attachment.pk},
        "attachment_file": {"pk": attachment.pk}, "events": {}, "event_edit": {"pk": event.pk},
        "organization_dashboard": {}, "audit_log": {},
        "import_new": {}, "import_preview": {"pk": record.pk}, "import_source": {"pk": record.pk},
        **{name: {"pk": record.pk} for name in ("import_reread", "import_confirm", "import_discard")},
        "surveys": {}, "survey_create": {},
        **{name: {"pk": survey.pk} for name in (
            "survey", "survey_edit", "survey_delete", "survey_status", "survey_question_create", "survey_results",
            "survey_bursts",
            "survey_codes", "survey_codes_csv", "survey_indicators", "survey_indicators_record", "survey_publish")},
        **{name: {"pk": survey.pk, "qpk": question.pk} for name in (
            "survey_question_edit", "survey_question_delete", "survey_question_move")},
        "survey_text_answers": {"pk": survey.pk, "qpk": survey.questions.get(kind=QuestionKind.LONG_TEXT).pk},
        "survey_export": {"pk": survey.pk, "fmt": "csv"},
        "survey_indicator_unlink": {"pk": survey.pk, "link_pk": link.pk},
        "inbox": {}, "inbox_log_call": {}, "inbox_settings": {}, "api_tokens": {},
        **{name: {"pk": message.pk} for name in (
            "inbox_item", "inbox_erase", "inbox_contact", "inbox_handle", "inbox_note", "inbox_answer",
            "inbox_publish", "inbox_unpublish")},
        "posts": {}, "post_create": {}, "content_calendar": {}, "channels": {}, "topics": {},
        "publishing_settings": {}, "subscribers": {}, "subscribers_import": {}, "publishing_indicators": {},
        **{name: {"pk": post.pk} for name in (
            "post", "post_edit", "post_images", "post_files", "post_review", "post_send_again", "post_delete")},
        "post_image": {"pk": post.pk, "image_pk": image.pk}, "post_file": {"pk": post.pk, "file_pk": post_file.pk},
        "channel_connect": {"kind": "telegram"}, "channel_edit": {"pk": channel.pk},
        "channel_disconnect": {"pk": channel.pk}, "topic_edit": {"pk": topic.pk},
        "subscriber_erase": {"pk": subscriber.pk},
        "community_profile": {}, "profile_audience": {"pk": group.pk}, "profile_channel": {"pk": profile_channel.pk},
        "drafts": {}, "library": {}, "template_create": {}, "template_edit": {"pk": template.pk},
        **{name: {"pk": draft.pk} for name in ("draft", "message_help", "draft_delete")},
        "draft_step": {"pk": draft.pk, "step": 3},
        **{name: {"pk": plan.pk} for name in ("plan_build", "plan_suggestions")},
        "plan_cascade": {"pk": plan.pk}, "organization_programmes": {}, "participation": {"pk": participation.pk},
        "template_start": {"pk": plan_template.pk},
    } | {"_slug": slug}


def publishing_objects(world):
    """A post with an image and a file, a connected channel, a topic and a subscriber of the community."""
    from holos.publishing import actions as publishing
    from holos.publishing.models import Subscriber

    channel = publishing.connect_channel(actor=None, organization=world.community, kind="news", name="Новини",
                                         language="", config={}, secret="")
    topic = publishing.save_topic(actor=None, organization=world.community, topic=None, name={"uk": "Послуги"})
    post = publishing.create_post(actor=None, organization=world.community, content=publishing.PostContent(
        title={"uk": "Новина"}, body={"uk": "Текст"}, channels=[channel], topics=[topic]))
    image = publishing.add_image(actor=None, post=post, upload=SimpleUploadedFile(
        "p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32), alt={"uk": "Фото"})
    post_file = publishing.add_attachment(actor=None, post=post, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    subscriber = Subscriber.objects.create(organization=world.community, email="olena@example.org")
    return post, image, post_file, channel, topic, subscriber


def test_every_organisation_route_answers_an_outsider_with_not_found(world, as_user):
    objects = community_objects(world)
    slug = objects.pop("_slug")
    routes = organization_routes()
    assert set(routes) - set(objects) == set(), "give these routes the objects their addresses need"
    urls = [reverse(name, kwargs={"slug": slug, **objects[name]}) for name in sorted(routes)]
    # The addresses are right: the community's own administrator finds every one of them.
    owner = as_user(world.admin)
    for url in urls:
        assert owner.get(url).status_code != 404, url
    client = as_user(world.outsider)
    entries = AuditEntry.objects.filter(organization=world.community).count()
    for url in urls:
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"title": "чуже", "name": "x", "delete": "1", "slot": "2025-03",
                                     "direction": "up", "status": "done", "text": "x", "reason": "x"})
        assert response.status_code == 404, url
    assert AuditEntry.objects.filter(organization=world.community).count() == entries
    assert len(routes) > 60


def programme_objects(pw) -> dict[str, dict]:
    """One of each thing the programme's addresses name, as the keyword arguments of each route."""
    member = pw.programme.members.get(user=pw.programme_viewer)
    template = programme_actions.save_template(actor=None, programme=pw.programme, template=None, title="Шаблон",
                                               description="", plan=plan_actions.plan_to_document(pw.world.plan))
    return {
        "programme": {}, "programme_export": {}, "programme_organizations": {}, "programme_members": {},
        "programme_indicators": {}, "programme_templates": {},
        "programme_organization": {"pk": pw.world.community.pk}, "programme_plan": {"pk": pw.world.plan.pk},
        "programme_member_remove": {"pk": member.pk}, "programme_template": {"pk": template.pk},
        "programme_tokens": {},
        "programme_template_item": {"pk": template.pk, "where": "1"},
    }


def _programme_state(pw):
    from holos.api.models import ApiToken
    from holos.programmes.models import Participation, PlanTemplate, ProgrammeMember

    return (
        ApiToken.objects.count(),
        list(ProgrammeMember.objects.order_by("pk").values_list("programme_id", "user_id", "role")),
        list(Participation.objects.order_by("pk").values_list("status", flat=True)),
        list(PlanTemplate.objects.order_by("pk").values_list("published_at", "document")),
        list(pw.programme.indicator_definitions.values_list("name", flat=True)),
        AuditEntry.objects.count(),
    )


_HOSTILE = {"organization": "insha", "username": "stranger", "role": "coordinator", "name": "x", "title": "x",
            "scope": "write", "days": "30", "text": "x", "form": "publish", "published": "1", "index": "0",
            "definition": "", "aggregate": "sum"}


def test_every_programme_route_answers_strangers_with_not_found_and_viewers_with_forbidden(world, as_user):
    from tests.programmes.conftest import build_programme_world

    pw = build_programme_world(world)
    objects = programme_objects(pw)
    routes = programme_routes()
    assert set(routes) - set(objects) == set(), "give these routes the objects their addresses need"
    assert len(routes) >= 10
    slug = pw.programme.slug
    urls = {name: reverse(name, kwargs={"slug": slug, **objects[name]}) for name in sorted(routes)}
    coordinator = as_user(pw.coordinator)
    for url in urls.values():
        assert coordinator.get(url).status_code in (200, 405), url
    before = _programme_state(pw)
    # The coordinator of another programme, and the administrator of a participating
    # organisation, are strangers to this programme: nothing of it exists for them.
    for stranger in (pw.stranger, world.admin):
        client = as_user(stranger)
        for url in urls.values():
            assert client.get(url).status_code == 404, url
            assert client.post(url, _HOSTILE).status_code == 404, url
    # Through the stranger's own programme, this programme's organisations, plans and templates are not found.
    client = as_user(pw.stranger)
    own = pw.other_programme.slug
    for name in ("programme_organization", "programme_plan", "programme_template", "programme_template_item",
                 "programme_member_remove"):
        url = reverse(name, kwargs={"slug": own, **objects[name]})
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, _HOSTILE).status_code == 404, url
    # A viewer reads, but every change is refused.
    viewer = as_user(pw.programme_viewer)
    for name, url in urls.items():
        if name not in ("programme_members", "programme_member_remove"):
            assert viewer.get(url).status_code in (200, 403), url
        if name not in ("programme", "programme_export", "programme_organization", "programme_plan"):
            assert viewer.post(url, _HOSTILE).status_code == 403, url
    assert _programme_state(pw) == before
