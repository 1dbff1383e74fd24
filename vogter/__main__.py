"""The `vogter` command: Django's management commands plus `serve` and `demo`."""

import os
import secrets
import sys

_HELP = {"help", "--help", "-h"}


def _only_asks_for_help(args: list[str]) -> bool:
    """`vogter`, `vogter help …`, `vogter --help`, `vogter COMMAND --help`: nothing is read,
    written or signed, so no secret key is needed to answer."""
    return not args or args[0] in _HELP or args[-1] in ("--help", "-h")


def _acting_as(args: list[str]) -> list[str]:
    """`vogter --as EMAIL COMMAND …`: the account responsible for what the command does,
    handed to every command as VOGTER_ACTOR (vogter/lib/cli.py, docs/audit.md)."""
    if len(args) >= 2 and args[0] == "--as":
        os.environ["VOGTER_ACTOR"] = args[1]
        return args[2:]
    if args and args[0].startswith("--as="):
        os.environ["VOGTER_ACTOR"] = args[0].removeprefix("--as=")
        return args[1:]
    return args


def main() -> None:
    args = _acting_as(sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
    if _only_asks_for_help(args) and not os.environ.get("SECRET_KEY"):
        # A throwaway key that lives as long as this process: help must work on a machine
        # not yet configured, and production still refuses a missing or weak key.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # The embedded database lives in DATA_DIR; make sure it exists before any
        # command opens it. (Settings themselves never touch the disk.)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"vogter: {error}\n")
        sys.exit(2)
    try:
        execute_from_command_line([os.path.basename(sys.argv[0]) or "vogter", *args])
    except BrokenPipeError:
        # `vogter charter list | head`: the reader had enough; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


if __name__ == "__main__":
    main()
