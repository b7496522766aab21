"""The officer builds and changes a plan through the pages, with and without htmx."""

from django.urls import reverse
from django.utils import translation

from holos.audit.labels import ACTION_LABELS
from holos.audit.models import AuditEntry
from holos.plans.models import Activity, Goal, Plan, Task


def test_officer_creates_a_plan_and_fills_it(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    response = client.post(
        reverse("plan_create", args=[slug]),
        {
            "title": "Комунікаційний план ЦНАП на 2026 рік",
            "organization_name": "ЦНАП",
            "kind": "thematic",
            "granularity": "month",
            "period_start": "2026-01",
            "period_end": "2026-12",
            "approval": "",
            "language": "uk",
        },
    )
    plan = Plan.objects.get(title="Комунікаційний план ЦНАП на 2026 рік")
    assert response.status_code == 302
    assert plan.organization == world.community

    client.post(
        reverse("goal_create", args=[slug, plan.pk]),
        {"title": "Поінформувати про послуги", "key_message": "ЦНАП поруч"},
    )
    goal = Goal.objects.get(plan=plan)
    client.post(reverse("task_create", args=[slug, goal.pk]), {"title": "Розповісти про нові послуги"})
    task = Task.objects.get(goal=goal)
    response = client.post(
        reverse("activity_create", args=[slug, task.pk]),
        {
            "title": "Анонс на сайті",
            "audiences": "Мешканці громади, ВПО",
            "channels": "Сайт\nФейсбук",
            "responsible": "ЦНАП",
            "result": "10 публікацій",
            "resources_needed": "no",
            "resources_text": "Не потребує",
            "schedule_text": "",
            "months": ["2026-03", "2026-04"],
            "indicators": "Кількість публікацій __",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(task=task)
    assert activity.schedule["kind"] == "slots"
    assert activity.schedule["slots"] == ["2026-03", "2026-04"]
    assert [a.name for a in activity.audiences.order_by("activityaudience__position")] == ["Мешканці громади", "ВПО"]
    assert activity.resources_needed is False
    assert activity.indicators.get().placeholder is True

    page = client.get(reverse("plan", args=[slug, plan.pk])).content.decode()
    assert "Анонс на сайті" in page
    assert "ЦНАП поруч" in page
    assert page.count('aria-pressed="true"') == 2


def test_a_form_with_errors_keeps_what_was_typed(world, as_user):
    client = as_user(world.officer)
    response = client.post(
        reverse("plan_create", args=[world.community.slug]),
        {
            "title": "Мій план",
            "kind": "calendar",
            "granularity": "month",
            "period_start": "2026-13",
            "period_end": "2026-01",
            "language": "uk",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Мій план"' in page
    assert 'class="error"' in page
    assert 'value="2026-13"' in page
    assert not Plan.objects.filter(title="Мій план").exists()


def test_editing_an_activity_in_place_returns_the_row(world, as_user):
    client = as_user(world.officer)
    activity = Activity.objects.filter(plan=world.plan).first()
    url = reverse("activity_edit", args=[world.community.slug, activity.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert 'name="title"' in form.content.decode()

    response = client.post(
        url,
        {
            "title": "Оновлена активність",
            "audiences": "ВПО",
            "channels": "Телеграм канал",
            "responsible": "ЦНАП",
            "result": "",
            "resources_needed": "",
            "resources_text": "",
            "schedule_text": "",
            "months": ["2025-02"],
            "indicators": "",
        },
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert response.status_code == 200
    assert row.lstrip().startswith(f'<tr id="activity-{activity.pk}"')
    assert "Оновлена активність" in row
    assert row.count('aria-pressed="true"') == 1
    activity.refresh_from_db()
    assert activity.title == "Оновлена активність"


def test_an_invalid_inline_edit_keeps_the_typed_text(world, as_user):
    client = as_user(world.officer)
    activity = Activity.objects.filter(plan=world.plan).first()
    url = reverse("activity_edit", args=[world.community.slug, activity.pk])
    response = client.post(url, {"title": "", "channels": "Радіо громади", "months": []}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Радіо громади" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Активність 1"


def test_toggling_a_month_cell_marks_and_unmarks_it(world, as_user):
    client = as_user(world.officer)
    activity = Activity.objects.filter(plan=world.plan).first()
    url = reverse("activity_slot", args=[world.community.slug, activity.pk])
    assert client.post(url, {"slot": "2025-03"}).status_code == 302
    activity.refresh_from_db()
    assert activity.schedule["slots"] == ["2025-03"]
    client.post(url, {"slot": "2025-01"}, HTTP_HX_REQUEST="true")
    activity.refresh_from_db()
    assert activity.schedule["slots"] == ["2025-01", "2025-03"]
    client.post(url, {"slot": "2025-03"})
    activity.refresh_from_db()
    assert activity.schedule["slots"] == ["2025-01"]
    assert client.post(url, {"slot": "2031-01"}).status_code == 400


def test_reordering_activities_swaps_neighbours(world, as_user):
    client = as_user(world.officer)
    first, second = Activity.objects.filter(plan=world.plan).order_by("position")
    client.post(reverse("move", args=[world.community.slug, "activity", second.pk]), {"direction": "up"})
    assert list(Activity.objects.filter(plan=world.plan).order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    # Moving the first one further up changes nothing.
    client.post(reverse("move", args=[world.community.slug, "activity", second.pk]), {"direction": "up"})
    assert Activity.objects.filter(plan=world.plan).order_by("position").first().pk == second.pk


def test_deleting_keeps_a_copy_in_the_audit_log(world, as_user):
    client = as_user(world.officer)
    activity = Activity.objects.filter(plan=world.plan).first()
    client.post(reverse("activity_delete", args=[world.community.slug, activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    entry = AuditEntry.objects.get(action="activity.delete", object_id=activity.pk)
    assert entry.before["title"] == "Активність 1"
    assert entry.actor == world.officer

    plan_id = world.plan.pk
    client.post(reverse("plan_delete", args=[world.community.slug, plan_id]))
    assert not Plan.objects.filter(pk=plan_id).exists()
    entry = AuditEntry.objects.get(action="plan.delete", plan_ref=plan_id)
    assert entry.before["document"]["goals"][0]["tasks"][0]["activities"][0]["title"] == "Активність 2"


def test_history_on_the_plan_page_shows_who_changed_what(world, as_user):
    client = as_user(world.officer)
    goal = Goal.objects.get(plan=world.plan)
    client.post(
        reverse("goal_edit", args=[world.community.slug, goal.pk]), {"title": "Нова ціль", "key_message": "Ми поруч"}
    )
    page = client.get(reverse("plan_history", args=[world.community.slug, world.plan.pk])).content.decode()
    with translation.override("uk"):
        goal_changed, activity_added = (str(ACTION_LABELS[code]) for code in ("goal.update", "activity.create"))
    assert goal_changed in page and "goal.update" not in page  # said in words, not as a code
    assert "officer" in page
    assert "Поінформувати мешканців" in page  # the value before
    assert activity_added in page


def test_moving_a_task_to_another_goal(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    client.post(reverse("goal_create", args=[slug, world.plan.pk]), {"title": "Друга ціль", "key_message": ""})
    second = Goal.objects.get(plan=world.plan, title="Друга ціль")
    task = Task.objects.get(plan=world.plan)
    client.post(reverse("task_edit", args=[slug, task.pk]), {"title": task.title, "goal": second.pk})
    task.refresh_from_db()
    assert task.goal == second


def test_each_goal_and_task_has_its_own_tools_for_editors_and_none_for_readers(world, as_user):
    from holos.plans import actions

    slug = world.community.slug
    second = actions.create_goal(actor=None, plan=world.plan, title='Друга <ціль> & "лапки"', key_message="Разом")
    actions.create_task(actor=None, goal=second, title="Завдання <2>")
    actions.create_task(actor=None, goal=second, title="Завдання 3")
    goals = list(Goal.objects.filter(plan=world.plan))
    tasks = list(Task.objects.filter(plan=world.plan))
    assert len(goals) == 2 and len(tasks) == 3

    def tools(kind, pk):
        if kind == "goal":
            return [reverse("task_create", args=[slug, pk]), reverse("goal_edit", args=[slug, pk]),
                    reverse("move", args=[slug, "goal", pk]), reverse("goal_delete", args=[slug, pk])]
        return [reverse("activity_create", args=[slug, pk]), reverse("task_edit", args=[slug, pk]),
                reverse("move", args=[slug, "task", pk]), reverse("task_delete", args=[slug, pk])]

    url = reverse("plan", args=[slug, world.plan.pk])
    with translation.override("en"):
        page = as_user(world.officer).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    for number, goal in enumerate(goals, start=1):
        section = page.split(f'<section id="goal-{goal.pk}"', 1)[1].split("</section>", 1)[0]
        assert f'<h2 class="goal-head" id="goal-{goal.pk}-title">Goal {number}: ' in section
        for address in tools("goal", goal.pk):
            assert f'"{address}"' in section
        assert f'<form method="post" action="{reverse("move", args=[slug, "goal", goal.pk])}">' \
               f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">' in section
        for task in tasks:
            inside = task.goal_id == goal.pk
            assert (f'<tbody id="task-{task.pk}">' in section) is inside
            for address in tools("task", task.pk):
                assert (f'"{address}"' in section) is inside
    assert "Goal 2: Друга &lt;ціль&gt; &amp; &quot;лапки&quot;</h2>" in page
    assert "Key message: Разом</p>" in page
    assert "<div>Завдання &lt;2&gt;\n" in page
    assert 'aria-label="Move task up">↑</button>' in page

    with translation.override("en"):
        page = as_user(world.viewer).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for kind, items in (("goal", goals), ("task", tasks)):
        for item in items:
            assert f'id="{kind}-{item.pk}' in page
            for address in tools(kind, item.pk):
                assert address not in page
    assert "row-tools" not in page and "Goal 2: Друга &lt;ціль&gt;" in page
