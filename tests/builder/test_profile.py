"""The community profile: groups, languages and channels with dated reach figures, built on the catalogues."""

import datetime as dt

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.builder.models import CommunityProfile, ProfileAudience, ProfileChannel, ReachFigure
from holos.builder.sources import profile_for
from holos.core.checks import audience_groups
from holos.plans.models import Audience, Channel


def test_an_officer_fills_the_profile_and_the_engine_reads_it(world, as_user):
    client = as_user(world.officer)
    url = reverse("community_profile", args=[world.community.slug])
    assert client.post(url, {"form": "basics", "basics-population": "24600", "basics-population_as_of": "2025-01-01",
                             "basics-languages": "українська, кримськотатарська"}).status_code == 302
    assert client.post(url, {"form": "audience", "audience-name": "Люди з порушеннями зору", "audience-size": "120",
                             "audience-size_as_of": "2025-01-01"}).status_code == 302
    assert client.post(url, {"form": "channel", "channel-name": "Місцеве радіо «Хвиля»", "channel-measure": "listeners",
                             "channel-figure": "4000", "channel-as_of": "2025-02-01"}).status_code == 302
    # Built on the catalogues: the group is an audience, the channel a channel of the organisation.
    audience = Audience.objects.get(organization=world.community, name="Люди з порушеннями зору")
    assert ProfileAudience.objects.get(audience=audience).size == 120
    assert Channel.objects.filter(organization=world.community, name="Місцеве радіо «Хвиля»").exists()
    profile = profile_for(world.community)
    assert profile.population == 24600 and profile.languages == ("українська", "кримськотатарська")
    assert [(c.name, c.reach, c.measure, c.as_of) for c in profile.channels] == [
        ("Місцеве радіо «Хвиля»", 4000, "listeners", "2025-02-01")]
    page = client.get(url).content.decode()
    # The page says how Holos reads the group and which channel reaches it.
    assert "Місцеве радіо «Хвиля»" in page and "4\u00a0000" in page or "4 000" in page
    assert AuditEntry.objects.filter(organization=world.community, action__startswith="profile.").count() == 3


def test_a_new_reach_figure_keeps_the_earlier_ones(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    client.post(reverse("community_profile", args=[slug]), {
        "form": "channel", "channel-name": "Viber-спільнота", "channel-measure": "members", "channel-figure": "1900",
        "channel-as_of": "2024-07-01"})
    row = ProfileChannel.objects.get(channel__name="Viber-спільнота")
    response = client.post(reverse("profile_channel", args=[slug, row.pk]),
                           {"measure": "members", "figure": "2300", "as_of": "2025-01-01"})
    assert response.status_code == 302
    assert list(ReachFigure.objects.filter(channel=row).values_list("figure", "as_of")) == [
        (2300, dt.date(2025, 1, 1)), (1900, dt.date(2024, 7, 1))]
    assert profile_for(world.community).channels[0].reach == 2300
    history = client.get(reverse("profile_channel", args=[slug, row.pk])).content.decode()
    assert "1\u00a0900" in history or "1 900" in history or "1900" in history


def test_a_figure_without_its_date_is_refused_and_the_form_keeps_what_was_typed(world, as_user):
    client = as_user(world.officer)
    response = client.post(reverse("community_profile", args=[world.community.slug]), {
        "form": "channel", "channel-name": "Газета «Вісник»", "channel-measure": "circulation",
        "channel-figure": "2000"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Газета «Вісник»" in page and 'value="2000"' in page
    assert not ProfileChannel.objects.exists()


def test_the_usual_groups_are_named_in_the_readers_language_and_recognised_by_the_checks(world, as_user):
    client = as_user(world.officer)
    client.post(reverse("community_profile", args=[world.community.slug]), {"form": "usual"})
    names = list(ProfileAudience.objects.filter(organization=world.community).values_list("audience__name", flat=True))
    assert len(names) == 9
    assert "Внутрішньо переміщені особи" in names
    groups = set().union(*(audience_groups(name) for name in names))
    assert groups >= {"idp", "elderly", "impaired_sight", "impaired_hearing", "wheelchair", "youth", "remote"}
    # Twice adds nothing more.
    client.post(reverse("community_profile", args=[world.community.slug]), {"form": "usual"})
    assert ProfileAudience.objects.filter(organization=world.community).count() == 9


def test_taking_a_group_out_of_the_profile_keeps_the_audience(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    client.post(reverse("community_profile", args=[slug]), {"form": "audience", "audience-name": "ВПО"})
    row = ProfileAudience.objects.get(audience__name="ВПО")
    client.post(reverse("profile_audience", args=[slug, row.pk]), {"remove": "1"})
    assert not ProfileAudience.objects.filter(pk=row.pk).exists()
    assert Audience.objects.filter(organization=world.community, name="ВПО").exists()


def test_viewers_read_the_profile_but_do_not_change_it(world, as_user):
    client = as_user(world.viewer)
    url = reverse("community_profile", args=[world.community.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "basics", "basics-population": "5"}).status_code == 403
    assert not CommunityProfile.objects.exists()
