"""The daily sweep: notifications that are due because a day has come rather than because
someone did something (an agreed action due soon, a round that closed by its date). Each
app that has some registers a function when it is ready; `vogter notify due`, run once a
day, runs them all. Each must be safe to run twice (send.Notice.key)."""

import datetime
from collections.abc import Callable

from django.utils import timezone

# name -> function(today) returning how many notifications it made
Sweep = Callable[[datetime.date], int]
_sweeps: dict[str, Sweep] = {}


def register(name: str, sweep: Sweep) -> None:
    _sweeps[name] = sweep


def notify_due(today: datetime.date | None = None) -> dict[str, int]:
    """Run every registered sweep for `today`: how many notifications each made."""
    today = today or timezone.localdate()
    return {name: sweep(today) for name, sweep in sorted(_sweeps.items())}
