"""What other apps may hook into. Sent inside the service's transaction, after its write, so a
receiver's writes commit (or roll back) with it."""

from __future__ import annotations

from django.dispatch import Signal

# A cycle has just been closed (sender: the Cycle class, cycle: the closed cycle). The
# workshops app closes the cycle's workshops: a closed cycle has no open workshop.
cycle_closed = Signal()
