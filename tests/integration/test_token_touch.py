"""A token's `last_used_at` is bookkeeping: refreshed at most every few minutes, never a write
on every API request."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from powertriangle.accounts.models import ApiToken
from powertriangle.accounts.tokens import TOKEN_TOUCH_INTERVAL, token_issue, token_user
from tests.conftest import PASSWORD, World


def test_it_records_use_once_per_interval(world: World) -> None:
    key = token_issue(username="alice", password=PASSWORD)
    assert key is not None
    assert token_user(key) == world.coach
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    assert token_user(key) == world.coach
    assert ApiToken.objects.get().last_used_at == first  # no second write within the interval
    long_ago = timezone.now() - TOKEN_TOUCH_INTERVAL - dt.timedelta(seconds=1)
    ApiToken.objects.update(last_used_at=long_ago)
    assert token_user(key) == world.coach
    refreshed = ApiToken.objects.get().last_used_at
    assert refreshed is not None
    assert refreshed > long_ago
