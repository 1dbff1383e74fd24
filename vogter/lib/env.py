"""Small typed readers for settings from the environment.

Each one fails loudly on a value it cannot understand, so a typo in a deployment
stops the app at start-up instead of silently falling back to a default.
"""

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envnetworks(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR), e.g. ``127.0.0.1, 10.0.0.0/8``."""
    values = envlist(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, not {value!r}"
            ) from None
    return values


_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(name: str, value: str) -> tuple[int, int]:
    """A limit written ``100/15m`` (so many per s, m, h or d): (count, seconds)."""
    count, _slash, period = value.strip().partition("/")
    number, unit = period.strip()[:-1], period.strip()[-1:]
    if (
        not count.strip().isdecimal()
        or int(count) < 1
        or unit not in _RATE_UNITS
        or not (number == "" or (number.isdecimal() and int(number) > 0))
    ):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 100/15m (per s, m, h or d), not {value!r}"
        )
    return int(count), int(number or 1) * _RATE_UNITS[unit]


def envrate(name: str, default: str) -> str:
    """A rate such as ``100/15m``, checked when the settings load: a typo stops the start,
    not the first request it would limit."""
    value = os.environ.get(name, default).strip()
    parse_rate(name, value)
    return value


# What `make run` leaves in the data directory: the settings it served with (DEBUG=true and
# SITE_URL from its port), so that `vogter …` run by hand in the same checkout works too.
RUN_ENV = "run.env"
RUN_ENV_KEYS = {"DEBUG", "SITE_URL"}


def load_run_env(data_dir: Path) -> None:
    """Take the settings `make run` left in `data_dir` for what the environment does not
    say itself. Only while no SECRET_KEY is set: a deployment brings its own key, and then
    a file left by a development server never switches DEBUG on."""
    if os.environ.get("SECRET_KEY"):
        return
    try:
        lines = (data_dir / RUN_ENV).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        name, _sep, value = line.partition("=")
        if name.strip() in RUN_ENV_KEYS:
            os.environ.setdefault(name.strip(), value.strip())
