"""Many people editing at once through ``holos serve``: no error pages, no write lost.

Each test starts the installed server (web threads and its task worker) on the test's
data, releases its clients together and then reads what the database kept. It runs on
SQLite, where writers take turns on the database's lock, and on PostgreSQL, where they
take row locks and really overlap.
"""

import threading
from collections import Counter

from holos.accounts.actions import invite
from holos.accounts.models import Invitation, Membership, Role, User
from holos.plans import actions
from holos.plans.models import Activity, ActivityAudience, Audience
from holos.surveys.models import Question, Survey
from tests.conftest import build_world
from tests.live import Browser, database_url, query
from tests.surveys.conftest import make_survey

EDITORS = 20
EDITS = 10
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]


def _together(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released at once; the results, or the exceptions raised."""
    release = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            release.wait(timeout=30)
            results[index] = work(index)
        except BaseException as exc:  # returned to the test, which asserts on it
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _open(browsers: list[Browser], port: int) -> None:
    """Point the browsers at the server and let each open a form, which gives it a CSRF cookie."""
    for browser in browsers:
        browser.port = port
        status, _page = browser.get("/accounts/password/reset/")
        assert status == 200


def _year_plan(organization, activities: int):
    plan = actions.create_plan(actor=None, organization=organization, title="Рік роботи", kind="calendar",
                               period_start="2025-01", period_end="2025-12", granularity="month")
    goal = actions.create_goal(actor=None, plan=plan, title="Мета")
    task = actions.create_task(actor=None, goal=goal, title="Завдання")
    return plan, [actions.create_activity(actor=None, task=task, data={"title": f"Захід {n}", "responsible": ["ЦНАП"]})
                  for n in range(activities)]


def _form(title: str, *, audiences: str = "ВПО") -> dict:
    return {"title": title, "audiences": audiences, "channels": "Телеграм", "responsible": "ЦНАП",
            "result": "", "resources_needed": "", "resources_text": "", "schedule_text": "", "level": "",
            "indicators": ""}


def test_twenty_editors_keep_every_last_title(transactional_db, tmp_path, servers):
    world = build_world()
    _plan, activities = _year_plan(world.community, EDITORS)
    browsers = [Browser.signed_in(world.officer) for _ in range(EDITORS)]
    url = database_url(tmp_path)
    port = servers.serve(url, threads=EDITORS)
    _open(browsers, port)
    slug = world.community.slug

    def edit(index: int) -> list[int]:
        activity = activities[index]
        return [browsers[index].post(f"/o/{slug}/activities/{activity.pk}/edit/",
                                     _form(f"Захід {index}, правка {n}"))[0] for n in range(EDITS)]

    results = _together(EDITORS, edit)
    statuses = Counter(status for result in results for status in result)
    assert statuses == {302: EDITORS * EDITS}
    table = Activity._meta.db_table
    titles = dict(query(url, f"SELECT id, title FROM {table} WHERE plan_id = ?", activities[0].plan_id))  # noqa: S608
    assert {titles[a.pk] for a in activities} == {f"Захід {i}, правка {EDITS - 1}" for i in range(EDITORS)}


def test_twelve_clicks_on_twelve_months_mark_all_twelve(transactional_db, tmp_path, servers):
    world = build_world()
    _plan, [activity] = _year_plan(world.community, 1)
    browsers = [Browser.signed_in(world.officer) for _ in MONTHS]
    url = database_url(tmp_path)
    port = servers.serve(url, threads=len(MONTHS))
    _open(browsers, port)
    path = f"/o/{world.community.slug}/activities/{activity.pk}/slot/"

    results = _together(len(MONTHS), lambda i: browsers[i].post(path, {"slot": MONTHS[i]})[0])

    assert results == [302] * len(MONTHS)
    [(schedule,)] = query(url, f"SELECT schedule FROM {Activity._meta.db_table} WHERE id = ?", activity.pk)  # noqa: S608
    assert f'"slots": {str(MONTHS).replace(chr(39), chr(34))}' in schedule


def test_editors_naming_one_new_audience_make_one_entry(transactional_db, tmp_path, servers):
    world = build_world()
    _plan, activities = _year_plan(world.community, 8)
    browsers = [Browser.signed_in(world.officer) for _ in activities]
    url = database_url(tmp_path)
    port = servers.serve(url, threads=8)
    _open(browsers, port)
    slug = world.community.slug

    def edit(index: int) -> int:
        form = _form(f"Захід {index}", audiences="Молодь громади")
        return browsers[index].post(f"/o/{slug}/activities/{activities[index].pk}/edit/", form)[0]

    assert _together(len(activities), edit) == [302] * len(activities)
    audiences = query(url, f"SELECT id FROM {Audience._meta.db_table} WHERE organization_id = ? AND name = ?",  # noqa: S608
                      world.community.pk, "Молодь громади")
    assert len(audiences) == 1
    links = query(url, f"SELECT COUNT(*) FROM {ActivityAudience._meta.db_table} WHERE audience_id = ?",  # noqa: S608
                  audiences[0][0])
    assert links == [(len(activities),)]


def test_questions_added_at_once_each_get_their_own_place(transactional_db, tmp_path, servers):
    world = build_world()
    survey = make_survey(world.community)
    before = survey.questions.count()
    browsers = [Browser.signed_in(world.officer) for _ in range(8)]
    url = database_url(tmp_path)
    port = servers.serve(url, threads=8)
    _open(browsers, port)
    path = f"/o/{world.community.slug}/surveys/{survey.pk}/questions/new/"

    def add(index: int) -> int:
        return browsers[index].post(path, {"kind": "short_text", "text_uk": f"Питання {index}", "required": "on"})[0]

    assert _together(8, add) == [302] * 8
    positions = [p for (p,) in query(url, f"SELECT position FROM {Question._meta.db_table} WHERE survey_id = ?",  # noqa: S608
                                     survey.pk)]
    assert sorted(positions) == list(range(before + 8))


def test_one_invitation_makes_one_account_however_many_sign_up_at_once(transactional_db, tmp_path, servers):
    world = build_world()
    invitation = invite(actor=world.admin, organization=world.community, email="new@example.org", role=Role.EDITOR)
    url = database_url(tmp_path)
    port = servers.serve(url, threads=10)
    browsers = [Browser(port) for _ in range(10)]
    _open(browsers, port)

    def sign_up(index: int) -> int:
        return browsers[index].post(f"/invitations/{invitation.token}/", {
            "username": f"newcomer{index}", "first_name": "Нова", "last_name": "Людина",
            "password1": "a-long-pass-phrase-7", "password2": "a-long-pass-phrase-7"})[0]

    statuses = Counter(_together(10, sign_up))
    assert statuses == {302: 1, 409: 9}
    users = query(url, f"SELECT id FROM {User._meta.db_table} WHERE username LIKE ?", "newcomer%")  # noqa: S608
    assert len(users) == 1
    members = query(url, f"SELECT role FROM {Membership._meta.db_table} WHERE user_id = ?", users[0][0])  # noqa: S608
    assert members == [(Role.EDITOR.value,)]
    accepted = query(url, f"SELECT accepted_at FROM {Invitation._meta.db_table} WHERE id = ?", invitation.pk)  # noqa: S608
    assert accepted[0][0] is not None


def test_survey_settings_and_publishing_at_once_keep_both(transactional_db, tmp_path, servers):
    """Saving a survey's settings while someone publishes its results keeps the results published."""
    world = build_world()
    survey = make_survey(world.community)
    browsers = [Browser.signed_in(world.officer) for _ in range(8)]
    url = database_url(tmp_path)
    port = servers.serve(url, threads=8)
    _open(browsers, port)
    slug = world.community.slug
    settings_form = {"title_uk": "Нова назва", "opens_at": survey.opens_at.strftime("%Y-%m-%dT%H:%M"),
                     "one_per_browser": "on"}

    def change(index: int) -> int:
        if index % 2:
            return browsers[index].post(f"/o/{slug}/surveys/{survey.pk}/publish/", {"note_uk": "Дякуємо"})[0]
        return browsers[index].post(f"/o/{slug}/surveys/{survey.pk}/edit/", settings_form)[0]

    assert _together(8, change) == [302] * 8
    [(published, one_per_browser)] = query(
        url, f"SELECT results_published_at, one_per_browser FROM {Survey._meta.db_table} WHERE id = ?",  # noqa: S608
        survey.pk)
    assert published is not None and one_per_browser in (True, 1)


def test_programs_changing_an_activity_on_one_read_make_one_change(transactional_db, tmp_path, servers):
    """Eight programs read an activity, then send a change with that read's ETag at once: one wins, seven get 412."""
    import http.client
    import json

    from tests.api.conftest import token_for

    world = build_world()
    _plan, [activity] = _year_plan(world.community, 1)
    secret = token_for(world.officer, world.community)
    url = database_url(tmp_path)
    port = servers.serve(url, threads=8, HOLOS_API_RATE_LIMIT="0")
    path = f"/api/v1/organizations/{world.community.slug}/activities/{activity.pk}"

    def call(method: str, body: dict | None = None, **headers: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request(method, path, body=json.dumps(body) if body else None,
                           headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json",
                                    **headers})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, response.getheader("ETag") or ""

    status, etag = call("GET")
    assert status == 200 and etag
    results = _together(8, lambda i: call("PATCH", {"result": f"Звіт {i}"}, **{"If-Match": etag})[0])

    assert sorted(results) == [200] + [412] * 7
    winner = results.index(200)
    [(result,)] = query(url, f"SELECT result FROM {Activity._meta.db_table} WHERE id = ?", activity.pk)  # noqa: S608
    assert result == f"Звіт {winner}"
