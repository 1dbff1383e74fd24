"""What `vogter serve` runs: Django's WSGI handler on a fixed pool of threads for
ordinary requests, and its ASGI handler for event streams.

Under ASGI, Django runs the synchronous parts of every request (the middleware,
sync views) on a thread made for that request, handing over between the event loop
and that thread several times: a thousand phones saving at once made a thousand
threads contending for the interpreter lock, and each save cost several times the
CPU it costs through Django's synchronous (WSGI) handler. Event streams, on the
other hand, must be async: a stream holds its request open for as long as the page
is open, and a thread per open page would not scale.

So `application()` splits them. A request that asks for an event stream
(`Accept: text/event-stream`) goes to Django's ASGI handler; every other request
goes through the WSGI handler, run by a2wsgi on a fixed number of long-lived
threads (requests wait, as cheap coroutines, while all are busy). The two share one
process, one settings module and the in-process live hub.
"""

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from a2wsgi import WSGIMiddleware

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def wants_stream(scope: Scope) -> bool:
    """An event stream: asked for by its Accept header, or by its address (every stream's
    URL ends in /events), so a client that leaves the header out cannot hold a pooled
    thread for as long as it keeps the connection open."""
    if str(scope.get("path", "")).rstrip("/").endswith("/events"):
        return True
    return any(
        name == b"accept" and b"text/event-stream" in value
        for name, value in scope.get("headers", ())
    )


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

    return SplitApplication(django_asgi, django_wsgi, threads)
