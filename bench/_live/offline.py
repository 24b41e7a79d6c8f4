"""Post factors through the services while the server is down (they wait in the log):
`python -m bench._live.offline CYCLE MEMBER COUNT`; prints the cycle's new head."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from powertriangle.cycles.models import Cycle
    from powertriangle.cycles.services.contributions import factor_create
    from powertriangle.live.store import stream_head
    from powertriangle.projects.models import Member

    cycle_id, member_id, count = (int(x) for x in sys.argv[1:4])
    cycle = Cycle.objects.get(pk=cycle_id)
    member = Member.objects.get(pk=member_id)
    for index in range(count):
        factor_create(
            by=None,
            cycle=cycle,
            dimension="contexts",
            polarity="enabler",
            text=f"offline {index}",
            author=member,
        )
    print(stream_head(cycle_id))


if __name__ == "__main__":
    main()
