"""Participants' database work on a few long-lived threads.

A workshop's participants save every few seconds, a thousand at a time. On SQLite
only one write runs at a time: sixteen request threads writing at once would wait
for the write lock by polling for it (SQLite's busy handler sleeps and retries),
which is slow and unfair. On PostgreSQL every request thread would hold a database
connection of its own.

So the hot participant views hand their database work to `run()`, which runs it on
this process's own threads and waits for the result: one thread for SQLite, where
writes take turns anyway and a single writer never waits for the lock, a few for
PostgreSQL. Their connections stay open between requests.

`vogter serve` turns this on (by setting VOGTER_SERVE_DB_THREADS for its server
processes). Anywhere else, in tests, under runserver or another server, `run()`
simply calls the function where the view runs.
"""

import contextvars
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")

# Set by `vogter serve --db-threads` for the server processes it starts; not a setting.
ENVIRONMENT_VARIABLE = "VOGTER_SERVE_DB_THREADS"
THREAD_NAME_PREFIX = "vogter-db"

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_count = 0


def threads() -> int:
    """How many database threads this process runs participants' work on (0: none)."""
    try:
        return max(0, int(os.environ.get(ENVIRONMENT_VARIABLE, "0")))
    except ValueError:
        return 0


def _get_executor() -> ThreadPoolExecutor | None:
    global _executor, _count
    if _executor is None:
        count = threads()
        if not count:
            return None
        with _lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(count, thread_name_prefix=THREAD_NAME_PREFIX)
                _count = count
    return _executor


def stop() -> None:
    """Close every database thread's connections and end the threads; the next `run()`
    starts new ones (as `threads()` then says). For tests: a server process ends with
    its threads."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    # One job per thread: each waits at the barrier until all have one.
    barrier = threading.Barrier(_count)

    def close_connections() -> None:
        barrier.wait(timeout=30)
        connections.close_all()

    for future in [executor.submit(close_connections) for _ in range(_count)]:
        future.result()
    executor.shutdown()


def _keep_healthy(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `func`; afterwards drop a connection that an error left unusable.

    The connection is otherwise kept for the next request: these threads live as
    long as the process, and Django's per-request connection handling (closing at
    the end of each request) does not reach them. So it is done here too, before each
    job: an obsolete connection (CONN_MAX_AGE) is closed, and the health check
    (CONN_HEALTH_CHECKS) runs again, so that a connection the database dropped (a
    restart) is replaced instead of failing the save (tests/faults).
    """
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    try:
        return func(*args, **kwargs)
    finally:
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None and not connection.get_autocommit():
                # A bug left a transaction open: never let it leak into the next job.
                connection.rollback()
                connection.set_autocommit(True)
            elif connection.errors_occurred:
                if connection.is_usable():
                    connection.errors_occurred = False
                else:
                    connection.close()


def run(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`func(*args, **kwargs)` on a database thread; returns its result (or raises)."""
    executor = _get_executor()
    if executor is None or threading.current_thread().name.startswith(THREAD_NAME_PREFIX):
        return func(*args, **kwargs)
    # The caller's context goes along: the active language lives in a context variable.
    context = contextvars.copy_context()
    job = functools.partial(_keep_healthy, func, *args, **kwargs)
    return executor.submit(context.run, job).result()
