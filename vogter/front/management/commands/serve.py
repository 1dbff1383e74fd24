import os
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vogter.lib import asgi_threads
from vogter.workshops import runner


class Command(BaseCommand):
    help = "Apply migrations, then serve Vogter through the ASGI server (uvicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Number of server processes (default 1)."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=16,
            help=(
                "Request threads per process (default 16); 0 lets Django make a thread "
                "for every request."
            ),
        )
        parser.add_argument(
            "--db-threads",
            type=int,
            default=None,
            help=(
                "Database threads per process for participants' saves "
                "(default 1 on SQLite, 4 on PostgreSQL; 0 runs them as ordinary views)."
            ),
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply migrations first."
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        db_threads = options["db_threads"]
        if db_threads is None:
            # SQLite takes one write at a time: one thread that never waits for the lock.
            sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
            db_threads = 1 if sqlite else 4
        if db_threads < 0 or options["threads"] < 0:
            raise CommandError("--threads and --db-threads cannot be negative.")
        if workers > 1 and not settings.REDIS_URL:
            # Each process would only hear its own saves: boards would miss answers.
            raise CommandError(
                "Several worker processes need REDIS_URL for live delivery between them. "
                "Set REDIS_URL, or serve with one worker."
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        # The server processes read it when they start (see vogter/workshops/runner.py).
        os.environ[runner.ENVIRONMENT_VARIABLE] = str(db_threads)
        os.environ[asgi_threads.ENVIRONMENT_VARIABLE] = str(options["threads"])
        self.stdout.write(f"Vogter is running at http://{shown_host}:{port}/  (Ctrl+C stops it)")
        # No access log: it would carry participants' IP addresses and timings.
        uvicorn.run(
            "vogter.lib.asgi_threads:application",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            # The app itself decides whose X-Forwarded-For to believe (VOGTER_TRUSTED_PROXIES,
            # vogter/lib/http.py): one rule, whichever server runs it.
            proxy_headers=False,
            lifespan="off",
            log_level="warning",
            # Live pages hold their streams open for ever; don't wait for them on shutdown
            # (browsers reconnect to the next server by themselves).
            timeout_graceful_shutdown=3,
        )
