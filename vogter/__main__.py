"""The `vogter` command: Django's management commands plus `serve` and `demo`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
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
    execute_from_command_line([os.path.basename(sys.argv[0]) or "vogter", *sys.argv[1:]])


if __name__ == "__main__":
    main()
