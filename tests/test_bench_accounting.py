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


def _burn(seconds: float, nice: int | None, ready: threading.Event) -> None:
    if nice is not None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    ready.set()
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_a_lower_priority_threads_cpu_is_background_not_the_servers():
    bench = _bench()
    pid = os.getpid()
    server, background = bench.server_cpu_seconds(pid), bench.background_cpu_seconds(pid)
    ready = threading.Event()
    # Nice 5, not the server's 19: counted the same, and not starved on a busy machine.
    worker = threading.Thread(target=_burn, args=(0.3, 5, ready))
    worker.start()
    ready.wait()
    # Read while the thread lives: a thread's own figures go with it.
    while worker.is_alive():
        grown = bench.background_cpu_seconds(pid) - background
        if grown >= 0.2:
            break
        time.sleep(0.02)
    assert bench.background_cpu_seconds(pid) - background >= 0.2
    assert bench.server_cpu_seconds(pid) - server < 0.1
    worker.join()
