"""Test-only URLs around vogter.live, for Django's test clients (ROOT_URLCONF) and for
real uvicorn processes (asgi.py beside this file)."""

import json
import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from vogter.live import event_stream, publish
from vogter.live.hub import hub


def stream(request: HttpRequest, channel: str) -> HttpResponseBase:
    return event_stream(request, channel, snapshot=lambda: ("hello", {"pid": os.getpid()}))


def stream_without_snapshot(request: HttpRequest, channel: str) -> HttpResponseBase:
    return event_stream(request, channel)


def stream_racing_a_save(request: HttpRequest, channel: str) -> HttpResponseBase:
    """A save lands while the snapshot is being read."""

    def snapshot() -> tuple[str, dict[str, object]]:
        publish(channel, "saved", {"answer": "during the snapshot"})
        return "hello", {"answers": []}

    return event_stream(request, channel, snapshot=snapshot)


def stream_with_failing_snapshot(request: HttpRequest, channel: str) -> HttpResponseBase:
    def snapshot() -> tuple[str, dict[str, object]]:
        raise RuntimeError("the database is away")

    return event_stream(request, channel, snapshot=snapshot)


@csrf_exempt
def send(request: HttpRequest, channel: str) -> JsonResponse:
    body = json.loads(request.body)
    publish(channel, body["event"], body["data"])
    return JsonResponse({"pid": os.getpid()})


def subscribers(request: HttpRequest, channel: str) -> JsonResponse:
    return JsonResponse({"subscribers": hub.count(channel)})


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


_refusals: dict[str, int] = {}


def stream_refused_at_first(request: HttpRequest, channel: str) -> HttpResponse:
    """Answers 503 twice (a restarting server), then streams: EventSource gives up on a
    503, so live.js must come back by itself."""
    if _refusals.setdefault(channel, 0) < 2:
        _refusals[channel] += 1
        return HttpResponse("restarting", status=503)
    return stream(request, channel)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Live</title>
<script src="/static/vogter/js/live.js"></script>
<script src="/live-page.js"></script></head>
<body><p>Live</p></body></html>
"""

# Records what live.js hands over, for the browser tests to read.
PAGE_SCRIPT = """
window.received = [];
window.states = [];
var handle = function (name) {
  return function (data) { window.received.push([name, data]); };
};
window.live = VogterLive.connect(
  new URLSearchParams(location.search).get("stream"),
  { hello: handle("hello"), saved: handle("saved") },
  function (state) { window.states.push(state); }
);
"""


def live_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


def live_page_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE_SCRIPT, content_type="text/javascript")


urlpatterns = [
    path("stream/<str:channel>", stream),
    path("stream-without-snapshot/<str:channel>", stream_without_snapshot),
    path("stream-racing-a-save/<str:channel>", stream_racing_a_save),
    path("stream-with-failing-snapshot/<str:channel>", stream_with_failing_snapshot),
    path("send/<str:channel>", send),
    path("subscribers/<str:channel>", subscribers),
    path("stream-refused-at-first/<str:channel>", stream_refused_at_first),
    path("ping", ping),
    path("live-page", live_page),
    path("live-page.js", live_page_script),
]
