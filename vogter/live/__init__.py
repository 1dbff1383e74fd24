"""Live delivery: what one request saves shows up on open pages, in every server process.

    publish(channel, event, data)              from sync code, e.g. in transaction.on_commit
    publish_after_commit(channel, event, data) the same, once the transaction commits
    subscribe(channel)                         an async iterator of (event, data)
    event_stream(request, channel, snapshot)   a Server-Sent Events response for a view

Through Redis pub/sub when settings.REDIS_URL is set, else within the one process.
See docs/live.md.
"""

from vogter.live.delivery import Subscription, publish, publish_after_commit, subscribe
from vogter.live.stream import event_stream

__all__ = ["Subscription", "event_stream", "publish", "publish_after_commit", "subscribe"]
