"""The plan page of a generated plan of 500 activities over 12 months, warm and cold.

Warm: the check report is in the cache, as for every reader after the first. Cold: the
cache is cleared before each request, so the checks run and the findings are written
again. Both are the whole Django request through the test client (middleware, session,
queries, template). The floor is a minimal Django template that loops over the same
cells (each activity's texts and its 12 months), rendered from lists already in memory.

Targets: warm at most 3 × the floor; cold under 100 ms.
"""

from __future__ import annotations

from bench import setup_django
from bench.measure import alternate, report, timed

FLOOR_TEMPLATE = (
    "<table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def make_plan(organization, activities: int):
    """The generated plan of ``bench.exports`` saved as an import saves it."""
    from bench.exports import build_plan
    from holos.core.document import PlanDocument
    from holos.plans.actions import save_document

    [plan] = save_document(actor=None, organization=organization,
                           document=PlanDocument(plans=[build_plan(activities)]))
    return plan


def signed_in_client():
    """A client of an editor of a new organisation, and the organisation."""
    from django.conf import settings
    from django.test import Client

    from holos.accounts.actions import add_member, create_organization
    from holos.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    user = User.objects.create_user("bench", password="bench-pass-123")  # noqa: S106 - a throwaway database
    organization = create_organization(actor=None, name="Бенчмарк", admin=user)
    add_member(actor=None, organization=organization, user=user, role="editor")
    client = Client()
    client.force_login(user)
    return client, organization


def grid_cells(plan) -> list[list[str]]:
    """The texts of the grid's cells, one list per activity: what any page of the plan must write."""
    from holos.plans.grid import load_plan_tree

    tree = load_plan_tree(plan)
    rows = []
    for activity in tree.activities():
        rows.append([activity.title, ", ".join(a.name for a in activity.audience_list),
                     ", ".join(c.name for c in activity.channel_list), ", ".join(u.name for u in activity.unit_list),
                     activity.result, activity.resources_text, activity.schedule_text,
                     *["x" if marked else "" for marked in activity.cells]])
    return rows


def main(rounds: int = 15) -> None:
    setup_django()
    from django.conf import settings
    from django.core.cache import cache
    from django.template import Context, Template

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    client, organization = signed_in_client()
    plan = make_plan(organization, 500)
    url = f"/o/{organization.slug}/plans/{plan.pk}/"
    template = Template(FLOOR_TEMPLATE)
    rows = grid_cells(plan)

    def page() -> float:
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        return timed(get)

    def cold() -> float:
        cache.clear()
        return page()

    def floor() -> float:
        return timed(lambda: template.render(Context({"rows": rows})))

    print(f"plan page, 500 activities × 12 months ({engine}):")
    warm_times, floors = alternate(page, floor, rounds)
    report(f"plan page 500×12 warm ({engine})", warm_times, floors, target="≤ 3 × floor",
           passed=lambda median, floor: floor is not None and median <= 3 * floor)
    cold_times, floors = alternate(cold, floor, rounds)
    report(f"plan page 500×12 cold ({engine})", cold_times, floors, target="< 100 ms",
           passed=lambda median, floor: median < 100)


if __name__ == "__main__":
    main()
