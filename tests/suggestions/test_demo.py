"""The demo messages fill the inbox once and publish one answer."""

from django.urls import reverse

from holos.suggestions.demo import create_demo_messages
from holos.suggestions.models import Suggestion


def test_demo_messages(world, client):
    lines = create_demo_messages(organization=world.community, admin=world.admin)
    assert len(lines) == 2 and Suggestion.objects.filter(organization=world.community).count() == 4
    assert create_demo_messages(organization=world.community, admin=world.admin) == []
    html = client.get(reverse("public_answers", args=[world.community.slug])).content.decode()
    assert "пандус" in html and "Оксана" not in html
