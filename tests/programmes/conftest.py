"""A programme with its own team, and the world's two communities around it.

The community (``world.community``) takes part and shares ``world.plan``; the other
community was invited and has not answered. A second programme has a coordinator of its
own, who must see nothing of the first.
"""

from dataclasses import dataclass

import pytest

from holos.accounts.models import User
from holos.programmes import actions
from holos.programmes.models import Participation, Programme, ProgrammeRole
from tests.conftest import World, make_user


@dataclass
class ProgrammeWorld:
    world: World
    programme: Programme
    coordinator: User
    analyst: User
    programme_viewer: User
    stranger: User
    other_programme: Programme
    participation: Participation
    invitation: Participation


def build_programme_world(world: World) -> ProgrammeWorld:
    coordinator = make_user("coordinator")
    analyst = make_user("analyst")
    programme_viewer = make_user("pviewer")
    stranger = make_user("stranger")
    programme = actions.create_programme(actor=None, name="Програма «Громади, що чують»", slug="chuiut",
                                         coordinator=coordinator)
    actions.set_programme_member(actor=None, programme=programme, user=analyst, role=ProgrammeRole.ANALYST)
    actions.set_programme_member(actor=None, programme=programme, user=programme_viewer, role=ProgrammeRole.VIEWER)
    other_programme = actions.create_programme(actor=None, name="Інша програма", slug="insha-programa",
                                               coordinator=stranger)
    participation = actions.invite_organization(actor=coordinator, programme=programme, organization=world.community)
    participation = actions.accept_participation(actor=world.admin, participation=participation, plans=[world.plan])
    invitation = actions.invite_organization(actor=coordinator, programme=programme, organization=world.other)
    return ProgrammeWorld(world, programme, coordinator, analyst, programme_viewer, stranger, other_programme,
                          participation, invitation)


@pytest.fixture
def pw(world) -> ProgrammeWorld:
    return build_programme_world(world)
