"""The API: a page of 100 work items, the whole request, beside its SQL replayed.

The generated plan of 500 activities over 12 months (about 3,000 dated work items) is saved
as an import saves it. The request is ``GET /api/v1/organizations/…/work-items``
with a read token and ``limit=100``, from the middle of the list (a cursor
30 pages in, filtered by a range of due dates), through the Django test client: middleware, token,
rate counter, the operation, the JSON and its ETag. The floor is the SQL it sends,
replayed on the same database with every row fetched. Target: under 50 ms.
"""

from __future__ import annotations

from bench import setup_django
from bench.measure import alternate, captured_sql, report, sql_seconds, timed
from bench.plan_page import make_plan


def main(rounds: int = 30) -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from holos.accounts.actions import create_organization
    from holos.accounts.models import Membership, User
    from holos.api.actions import create_token

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.HOLOS_API_RATE_LIMIT = 0
    engine = connection.vendor
    user = User.objects.create_user("bench-api", password="bench-pass-123")  # noqa: S106 - a throwaway database
    organization = create_organization(actor=None, name="Бенчмарк", admin=user)
    plan = make_plan(organization, 500)
    membership = Membership.objects.select_related("organization", "user").get(user=user)
    _token, secret = create_token(actor=user, membership=membership, name="bench", scope="read", days=30)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/organizations/{organization.slug}/work-items"
    query = {"limit": 100, "due_from": f"{plan.period_start}-01"}
    cursor = None
    for _ in range(30):
        cursor = client.get(url, {**query, **({"cursor": cursor} if cursor else {})}).json()["next"]
    query["cursor"] = cursor
    first = client.get(url, query)
    assert first.status_code == 200 and len(first.json()["items"]) == 100, first.content[:300]
    print(f"database: {engine}; {plan.occurrences.count():,} work items; page 31 of 100")

    def page():
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    statements = captured_sql(page)
    figures, floors = alternate(lambda: timed(page), lambda: sql_seconds(statements), rounds, warmup=3)
    report(f"API page of 100 work items ({engine})", figures, floors, target="< 50 ms",
           passed=lambda median, floor: median < 50)


if __name__ == "__main__":
    main()
