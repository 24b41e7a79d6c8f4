"""Both teams with something of every kind, and the clients that act for the personas."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.security.personas import Clients
from tests.security.teams import Teams, build_teams


@pytest.fixture
def teams(world: World) -> Teams:
    return build_teams(world)


@pytest.fixture
def clients(teams: Teams) -> Clients:
    return Clients(teams)
