"""The live bench's CPU figures: what the server's background threads (the theme vectors, at
nice 19) use is reported apart, so that it inflates neither the CPU per save nor the floor by
which the live smoke scales its latency limits (docs/benchmarks.md)."""

import importlib.util
import os
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "live_workshop.py"


def _bench():
    spec = importlib.util.spec_from_file_location("live_workshop_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_lower_priority_threads_cpu_is_background_not_the_servers():
    bench = _bench()
    pid = os.getpid()
    burned, release = threading.Event(), threading.Event()

    def burn() -> None:
        # Nice 5, not the server's 19: counted the same, and not starved on a busy machine.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 5)
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass
        burned.set()
        release.wait()  # alive while read: a thread's own figures go with it

    server, background = bench.server_cpu_seconds(pid), bench.background_cpu_seconds(pid)
    worker = threading.Thread(target=burn)
    worker.start()
    try:
        assert burned.wait(timeout=120)  # this thread waits without using CPU
        server_after = bench.server_cpu_seconds(pid)
        background_after = bench.background_cpu_seconds(pid)
    finally:
        release.set()
        worker.join()
    assert background_after - background >= 0.25
    assert server_after - server < 0.1
