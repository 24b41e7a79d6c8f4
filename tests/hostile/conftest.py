from __future__ import annotations

import pytest

from tests.conftest import World
from tests.hostile.scene import Scene, build_scene


@pytest.fixture
def scene(world: World) -> Scene:
    return build_scene(world)
