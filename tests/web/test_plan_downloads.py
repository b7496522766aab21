"""A plan's download menu offers every file the exports list, named in the reader's language."""

from django.urls import reverse
from django.utils import translation

from holos.exports import CONTENT_TYPES, FORMAT_NAMES, PLAN_FILES, PUBLIC_FILES


def test_the_menu_links_every_file_and_each_downloads(world, as_user):
    client = as_user(world.viewer)
    page = client.get(reverse("plan", args=[world.community.slug, world.plan.pk])).content.decode()
    for fmt in PLAN_FILES:
        url = reverse("plan_export", args=[world.community.slug, world.plan.pk, fmt])
        with translation.override("uk"):
            name = translation.gettext(FORMAT_NAMES[fmt])
        assert f'<a href="{url}">{name}</a>' in page
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPES[fmt]
    unknown = reverse("plan_export", args=[world.community.slug, world.plan.pk, "odt"])
    assert client.get(unknown).status_code == 404


def test_a_public_plan_offers_only_its_public_files(world, client):
    from holos.plans import actions

    actions.set_published(actor=world.officer, plan=world.plan, published=True)
    for fmt in PUBLIC_FILES:
        url = reverse("public_plan_data", args=[world.community.slug, world.plan.pk, fmt])
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPES[fmt]
    for fmt in set(PLAN_FILES) - set(PUBLIC_FILES):
        url = reverse("public_plan_data", args=[world.community.slug, world.plan.pk, fmt])
        assert client.get(url).status_code == 404
