"""The live bench's CPU figures: what the server's background threads (the theme vectors, at
nice 19) use is reported apart, so that it inflates neither the CPU per save nor the floor by
which the live smoke scales its latency limits (docs/benchmarks.md)."""

import importlib.util
import os
import subprocess
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


def test_a_child_process_at_a_lower_priority_is_background_not_the_servers():
    # The theme vectors are made by a process of the server's own, at nice 19.
    bench = _bench()
    pid = os.getpid()
    burn = (
        "import os, sys, time\n"
        "os.setpriority(os.PRIO_PROCESS, 0, 5)\n"
        "end = time.process_time() + 0.3\n"
        "while time.process_time() < end: pass\n"
        "print('burned', flush=True)\n"
        "sys.stdin.readline()\n"  # alive while read: a process's figures go with it
    )
    server, background = bench.server_cpu_seconds(pid), bench.background_cpu_seconds(pid)
    child = subprocess.Popen(  # noqa: S603  (this interpreter, a fixed program)
        [sys.executable, "-c", burn], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "burned"
        server_after = bench.server_cpu_seconds(pid)
        background_after = bench.background_cpu_seconds(pid)
    finally:
        child.communicate("\n", timeout=60)
    assert background_after - background >= 0.25
    assert server_after - server < 0.15
