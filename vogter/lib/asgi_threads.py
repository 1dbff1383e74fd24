"""What `vogter serve` runs: Django's WSGI handler on a fixed pool of threads for
ordinary requests, and its ASGI handler for event streams.

Under ASGI, Django runs the synchronous parts of every request (the middleware,
sync views) on a thread made for that request, handing over between the event loop
and that thread several times: a thousand phones saving at once made a thousand
threads contending for the interpreter lock, and each save cost several times the
CPU it costs through Django's synchronous (WSGI) handler. Event streams, on the
other hand, must be async: a stream holds its request open for as long as the page
is open, and a thread per open page would not scale.

So `application()` splits them. A request for an event stream (its address ends in
/events) goes to Django's ASGI handler (`StreamHandler`: without
a thread per request); every other request goes through the WSGI handler, run by
a2wsgi on a fixed number of long-lived threads (requests wait, as cheap coroutines,
while all are busy). The two share one process, one settings module and the
in-process live hub.
"""

import os
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

from a2wsgi import WSGIMiddleware
from django.core.handlers.asgi import ASGIHandler

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def wants_stream(scope: Scope) -> bool:
    """An event stream: by its address alone (every stream's URL ends in /events), not by
    its Accept header. A client that leaves the header out cannot hold a pooled thread
    for as long as it keeps the connection open, and one that sends it for a page or an
    export cannot put that work on the one thread all streams' openings share
    (`StreamHandler`)."""
    return str(scope.get("path", "")).rstrip("/").endswith("/events")


_shared_thread: ContextVar[bool] = ContextVar("vogter_stream_shared_thread", default=False)


def on_shared_thread() -> bool:
    """Whether the request being served runs its sync code on asgiref's one shared
    thread (a stream under `StreamHandler`), which lives as long as the process: its
    database connection is kept like a pooled thread's, not closed after each use."""
    return _shared_thread.get()


class StreamHandler(ASGIHandler):
    """Django's ASGI handler without a thread per request: for event streams only.

    `ASGIHandler.__call__` runs each request inside asgiref's `ThreadSensitiveContext`,
    so that the request's sync parts (sync middleware, the sync view, the stream's
    snapshot, `response.close()`) run on a thread made for that request. That thread
    lives until the context exits, which for a stream is when the page closes: 1,000
    open pages held 1,000 idle threads (+150 MB, issue 14).

    Outside such a context asgiref runs every thread-sensitive sync call on its one
    shared thread (`SyncToAsync.single_thread_executor`), as Django 3.0 and 3.1 did for
    all requests. In `vogter serve` only streams come here (everything else goes to the
    WSGI pool), so that thread serves the openings and closings of streams, one call at
    a time; an open stream waits on the event loop and holds no thread at all.

    What this changes for a stream's sync code:
    - It shares one thread, and so one database connection, with every other stream's.
      Calls never overlap, and none leaves a transaction open between calls (Django's
      `atomic` blocks end inside the call that opened them; ATOMIC_REQUESTS is off), so
      that is safe. The connection is kept (`on_shared_thread()`; see
      vogter/live/stream.py `_opening`); `close_old_connections` still runs on it at each
      request's start and end (CONN_MAX_AGE, health checks).
    - Openings take turns: a slow snapshot (the board's, or a SQLite write-lock wait)
      delays other streams' openings by as long as it runs. Per-request threads shared
      the interpreter lock anyway, so the CPU is the same; only the order differs.
    - Thread-local state that Django keeps in asgiref `Local`s (translation, URL
      prefix, urlconf) follows the request's context, not the thread, so is unaffected.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # Django's __call__ without `async with ThreadSensitiveContext()`.
        token = _shared_thread.set(True)
        try:
            await self.handle(scope, receive, send)
        finally:
            _shared_thread.reset(token)


class SplitApplication:
    """Event streams to `streams` (ASGI); other HTTP requests to `requests` (WSGI)."""

    def __init__(self, streams: App, requests: Callable[..., Any], threads: int) -> None:
        if threads < 1:
            raise ValueError("A thread pool needs at least one thread.")
        self.threads = threads
        self.streams = streams
        self.requests = WSGIMiddleware(requests, workers=threads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not wants_stream(scope):
            await self.requests(scope, receive, send)  # type: ignore[arg-type]
        else:
            await self.streams(scope, receive, send)


# Set by `vogter serve --threads` for the server processes it starts; not a setting.
ENVIRONMENT_VARIABLE = "VOGTER_SERVE_THREADS"


def application() -> App:
    """uvicorn's factory (`vogter.lib.asgi_threads:application`, factory=True)."""
    from vogter.asgi import application as django_asgi

    threads = int(os.environ.get(ENVIRONMENT_VARIABLE, "0") or 0)
    if threads < 1:
        return django_asgi
    from vogter.wsgi import application as django_wsgi

    # vogter.asgi has set Django up; this handler loads the same middleware.
    return SplitApplication(StreamHandler(), django_wsgi, threads)
