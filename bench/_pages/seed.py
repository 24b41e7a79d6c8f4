"""Seed the pages benchmark's database and print JSON: `python -m bench._pages.seed` after
migrate. The demo (as `powertriangle seed-demo` adds it) and, through the services as the demo
coach, an open workshop on its open cycle; the rest is what the load needs to know."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from django.contrib.auth import get_user_model

    from powertriangle.cycles.models import ActionReview, Cycle, Factor, Vote
    from powertriangle.ops.demo import COACH_USERNAME, demo_seed
    from powertriangle.workshops.services import workshop_create, workshop_open

    info = demo_seed()
    coach = get_user_model().objects.get(username=COACH_USERNAME)
    cycles = list(Cycle.objects.filter(project_id=info.project_id).order_by("number"))
    current = cycles[-1]
    workshop = workshop_open(
        by=coach, workshop=workshop_create(by=coach, cycle=current, anonymous=False)
    )
    present = list(current.present.order_by("pk"))
    factors = list(Factor.objects.filter(cycle=current, hidden=False).order_by("pk"))
    # One vote "slot" per present member who has a vote left: the load casts a vote in it and
    # takes it back, again and again, so the limit is never reached.
    slots = []
    for index, member in enumerate(present):
        if Vote.objects.filter(cycle=current, member=member).count() < current.votes_per_member:
            slots.append([member.pk, factors[index % len(factors)].pk])
    # The open cycle's page follows up the last cycle's actions: their status and a note.
    reviews = [
        [r.pk, r.version, r.status, r.note]
        for r in ActionReview.objects.filter(cycle=current).order_by("pk")
    ]
    phone_member = next(m for m in present if m.role == "professional")
    print(
        json.dumps(
            {
                "project": info.project_id,
                "cycle": current.pk,
                "cycles": [c.pk for c in cycles],
                "author": present[0].pk,
                "workshop": workshop.pk,
                "code": workshop.code,
                "phone_member": phone_member.pk,
                "vote_slots": slots,
                "reviews": reviews,
            }
        )
    )


if __name__ == "__main__":
    main()
