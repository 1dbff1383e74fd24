"""A count, per thread, of the decisions this package took: the test that walks every page
and API operation (vogter/disclosure/tests/test_surfaces.py) calls each one that shows a
figure about people and checks that its figures were decided here."""

import threading

_local = threading.local()


def decided() -> None:
    _local.count = getattr(_local, "count", 0) + 1


def decisions() -> int:
    return int(getattr(_local, "count", 0))
