"""Test-only URLs around vogter.live, for Django's test clients (ROOT_URLCONF) and for
real uvicorn processes (asgi.py beside this file)."""

import json
import os

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from vogter.live import event_stream, publish
from vogter.live.hub import hub


def stream(request: HttpRequest, channel: str) -> StreamingHttpResponse:
    return event_stream(request, channel, snapshot=lambda: ("hello", {"pid": os.getpid()}))


def stream_without_snapshot(request: HttpRequest, channel: str) -> StreamingHttpResponse:
    return event_stream(request, channel)


def stream_racing_a_save(request: HttpRequest, channel: str) -> StreamingHttpResponse:
    """A save lands while the snapshot is being read."""

    def snapshot() -> tuple[str, dict[str, object]]:
        publish(channel, "saved", {"answer": "during the snapshot"})
        return "hello", {"answers": []}

    return event_stream(request, channel, snapshot=snapshot)


def stream_with_failing_snapshot(request: HttpRequest, channel: str) -> StreamingHttpResponse:
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


urlpatterns = [
    path("stream/<str:channel>", stream),
    path("stream-without-snapshot/<str:channel>", stream_without_snapshot),
    path("stream-racing-a-save/<str:channel>", stream_racing_a_save),
    path("stream-with-failing-snapshot/<str:channel>", stream_with_failing_snapshot),
    path("send/<str:channel>", send),
    path("subscribers/<str:channel>", subscribers),
    path("ping", ping),
]
