"""Drafts: each step saved, back and forth, bad input kept with its message, and who may do what."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.builder.models import PlanDraft
from holos.core.draft import Draft
from holos.plans.models import Activity, Plan


def _start(client, world):
    response = client.post(reverse("drafts", args=[world.community.slug]))
    draft = PlanDraft.objects.get(organization=world.community)
    assert response["Location"] == reverse("draft_step", args=[world.community.slug, draft.pk, 1])
    return draft


def _basics(**extra):
    return {"title": "План на 2025", "purpose": "", "kind": "calendar", "language": "uk", "start": "2025-01",
            "end": "2025-06", "granularity": "month", **extra}


def test_each_step_is_saved_and_any_step_can_be_reached_back_and_forth(world, as_user):
    client = as_user(world.officer)
    draft = _start(client, world)
    step = lambda n: reverse("draft_step", args=[world.community.slug, draft.pk, n])  # noqa: E731
    # Jumping straight to step 3 from the list of steps saves step 1 first.
    response = client.post(step(1), _basics(go="3"))
    assert response["Location"] == step(3)
    data = Draft.from_dict(PlanDraft.objects.get(pk=draft.pk).data)
    assert (data.title, data.start, data.end, data.reached) == ("План на 2025", "2025-01", "2025-06", 3)
    client.post(step(3), {"goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0", "goals-0-title": "Ціль",
                          "goals-0-key_message": "Приходьте до ЦНАП.", "go": "back"})
    data = Draft.from_dict(PlanDraft.objects.get(pk=draft.pk).data)
    assert [(g.title, g.key_message) for g in data.goals] == [("Ціль", "Приходьте до ЦНАП.")]
    # Back at step 1 the saved values are there; the draft opens at the furthest step reached.
    page = client.get(step(1)).content.decode()
    assert 'value="План на 2025"' in page
    assert client.get(reverse("draft", args=[world.community.slug, draft.pk]))["Location"] == step(3)
    assert "План на 2025" in client.get(reverse("drafts", args=[world.community.slug])).content.decode()


def test_a_bad_period_is_refused_with_a_message_and_what_was_typed_is_kept(world, as_user):
    client = as_user(world.officer)
    draft = _start(client, world)
    response = client.post(reverse("draft_step", args=[world.community.slug, draft.pk, 1]),
                           _basics(start="2025-07", end="2025-02", purpose="Мета, яку не можна втратити", go="next"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Мета, яку не можна втратити" in page and 'value="2025-07"' in page
    assert "Кінець періоду раніший за його початок." in page
    assert Draft.from_dict(PlanDraft.objects.get(pk=draft.pk).data).title == ""


def test_a_posted_count_of_goals_past_the_limit_is_refused_without_building_its_forms(world, as_user):
    from holos.builder.views import MAX_GOALS

    client = as_user(world.officer)
    draft = _start(client, world)
    client.post(reverse("draft_step", args=[world.community.slug, draft.pk, 1]), _basics(go="3"))
    step3 = reverse("draft_step", args=[world.community.slug, draft.pk, 3])
    for count in (str(MAX_GOALS + 1), "9" * 25):
        response = client.post(step3, {"goals-TOTAL_FORMS": count, "goals-INITIAL_FORMS": "0",
                                       "goals-0-title": "Ціль", "go": "next"})
        assert response.status_code == 422
        page = response.content.decode()
        # The page is drawn again from what the draft holds, not from thousands of posted forms.
        assert page.count('name="goals-') < 10 * (MAX_GOALS + 1)
        assert f"{MAX_GOALS}" in page
    assert Draft.from_dict(PlanDraft.objects.get(pk=draft.pk).data).goals == []


def test_the_message_helper_answers_htmx_with_a_fragment_in_the_plans_language(world, as_user):
    client = as_user(world.officer)
    draft = _start(client, world)
    client.post(reverse("draft_step", args=[world.community.slug, draft.pk, 1]), _basics(language="cs", go="next"))
    response = client.post(reverse("message_help", args=[world.community.slug, draft.pk]),
                           {"goals-0-key_message": "Přijďte na úřad, zavolejte nám."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Přijďte" in html and "zavolejte" in html
    without_js = client.post(reverse("message_help", args=[world.community.slug, draft.pk]),
                             {"goals-0-key_message": "Přijďte na úřad."}).content.decode()
    assert "<html" in without_js and "Přijďte" in without_js


def test_finishing_a_new_draft_creates_a_plan_that_is_audited(world, as_user):
    client = as_user(world.officer)
    draft = _start(client, world)
    slug = world.community.slug
    client.post(reverse("draft_step", args=[slug, draft.pk, 1]), _basics(purpose="Щоб кожен знав", go="next"))
    client.post(reverse("draft_step", args=[slug, draft.pk, 2]), {
        "aud-TOTAL_FORMS": "0", "aud-INITIAL_FORMS": "0", "new-name": "Молодь", "new-needs": "Як отримати ID-картку",
        "go": "next"})
    client.post(reverse("draft_step", args=[slug, draft.pk, 3]), {
        "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0", "goals-0-title": "Молодь знає про послуги",
        "goals-0-key_message": "Запитайте нас у Telegram.", "go": "next"})
    response = client.post(reverse("draft_step", args=[slug, draft.pk, 7]), {"go": "finish"})
    plan = Plan.objects.get(title="План на 2025", organization=world.community)
    assert response["Location"] == reverse("plan", args=[slug, plan.pk])
    assert plan.notes == ["Щоб кожен знав"]
    assert list(plan.goals.values_list("title", "key_message")) == [("Молодь знає про послуги",
                                                                      "Запитайте нас у Telegram.")]
    assert list(plan.audiences.values_list("name", flat=True)) == ["Молодь"]
    assert AuditEntry.objects.filter(action="draft.finish", plan_ref=plan.pk).exists()
    assert PlanDraft.objects.get(pk=draft.pk).finished_at is not None
    # The finished draft sends the person to its plan, and leaves the list of plans being written.
    assert client.get(reverse("draft_step", args=[slug, draft.pk, 2]))["Location"] == reverse(
        "plan", args=[slug, plan.pk])
    assert "План на 2025" not in client.get(reverse("drafts", args=[slug])).content.decode()


def test_the_builder_fills_only_an_empty_plan(world, as_user):
    client = as_user(world.officer)
    response = client.post(reverse("plan_build", args=[world.community.slug, world.plan.pk]))
    assert response["Location"] == reverse("plan_suggestions", args=[world.community.slug, world.plan.pk])
    assert not PlanDraft.objects.exists()


def test_taking_a_suggestion_adds_the_activity_to_the_plan(world, as_user):
    client = as_user(world.officer)
    url = reverse("plan_suggestions", args=[world.community.slug, world.plan.pk])
    page = client.get(url).content.decode()
    assert "s-0-take" in page
    import re

    def field(name):
        match = re.search(rf'name="s-0-{name}"[^>]*value="([^"]*)"', page) or re.search(
            rf'<textarea[^>]*name="s-0-{name}"[^>]*>(.*?)</textarea>', page, re.S)
        return match[1].strip() if match else ""

    import html

    data = {f"s-0-{n}": html.unescape(field(n)) for n in (
        "title", "audiences", "channels", "responsible", "result", "indicator", "target", "unit", "schedule",
        "level", "template", "goal")}
    data["s-0-take"] = "on"
    before = Activity.objects.filter(plan=world.plan).count()
    response = client.post(url, data)
    assert response.status_code == 302
    added = Activity.objects.filter(plan=world.plan).order_by("-id").first()
    assert Activity.objects.filter(plan=world.plan).count() == before + 1
    assert added.title == data["s-0-title"] and added.level == data["s-0-level"]
    assert AuditEntry.objects.filter(action="activity.create", object_id=added.pk).exists()


def test_viewers_read_suggestions_but_neither_take_them_nor_write_drafts(world, as_user):
    client = as_user(world.viewer)
    slug = world.community.slug
    assert client.get(reverse("plan_suggestions", args=[slug, world.plan.pk])).status_code == 200
    assert client.get(reverse("library", args=[slug])).status_code == 200
    assert client.post(reverse("plan_suggestions", args=[slug, world.plan.pk]), {"s-0-take": "on"}).status_code == 403
    assert client.get(reverse("drafts", args=[slug])).status_code == 403
    assert client.post(reverse("drafts", args=[slug])).status_code == 403
    assert client.post(reverse("plan_build", args=[slug, world.plan.pk])).status_code == 403
    executor = as_user(world.unit_head)
    assert executor.post(reverse("drafts", args=[slug])).status_code == 403
    assert not PlanDraft.objects.exists()
