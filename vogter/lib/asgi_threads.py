"""Django's ASGI application with a fixed pool of request threads.

Under ASGI, Django runs the synchronous parts of a request (most middleware, sync
views) on a thread made for that request, and joins it at the end: a thousand
phones saving at once make a thousand threads, all wanting the one interpreter
lock, and the event loop, which every request also needs, waits behind them. The
server then slows down far more than the load grows, until requests time out.

`application()` wraps Django's handler so that an ordinary request borrows one of a
fixed number of long-lived threads instead (asgiref's `ThreadSensitiveContext` with
an executor) and waits, as a cheap coroutine, while all are busy. Threads are
reused, so their database connections can be too (as with CONN_MAX_AGE).

Event streams (`Accept: text/event-stream`) keep Django's own thread per request:
a stream holds its request open for as long as the page is open, and would hold a
pooled thread that long, though its thread is idle after the view has returned.
"""

import asyncio
import os
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def _wants_stream(scope: Scope) -> bool:
    return any(
        name == b"accept" and b"text/event-stream" in value
        for name, value in scope.get("headers", ())
    )


class ThreadPoolApplication:
    def __init__(self, app: App, threads: int) -> None:
        if threads < 1:
            raise ValueError("A thread pool needs at least one thread.")
        self.app = app
        self.threads = threads
        # Made on first use, on the server's event loop.
        self._idle: asyncio.Queue[ThreadPoolExecutor] | None = None

    def _pool(self) -> asyncio.Queue[ThreadPoolExecutor]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for number in range(self.threads):
                self._idle.put_nowait(
                    ThreadPoolExecutor(1, thread_name_prefix=f"vogter-request-{number}")
                )
        return self._idle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _wants_stream(scope):
            await self.app(scope, receive, send)
            return
        idle = self._pool()
        executor = await idle.get()
        try:
            # An executor serves one block at a time (asgiref's rule), so it goes
            # back to the pool only when the whole request is done.
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            idle.put_nowait(executor)


# Set by `vogter serve --threads` for the server processes it starts; not a setting.
ENVIRONMENT_VARIABLE = "VOGTER_SERVE_THREADS"


def application() -> App:
    """uvicorn's factory (`vogter.lib.asgi_threads:application`, factory=True)."""
    from vogter.asgi import application as django_application

    threads = int(os.environ.get(ENVIRONMENT_VARIABLE, "0") or 0)
    if threads < 1:
        return django_application
    return ThreadPoolApplication(django_application, threads)
