"""The live bench, small, against the default server: CI's guard on the figure in the docs.

Starts what `make run` starts (embedded SQLite, `DEBUG=true`, the demo, one
`vogter serve` process) on a free port with a throwaway data directory, runs
bench/live_workshop.py against it at a size that finishes in about two minutes, and
fails unless the run holds the thresholds below. They are wide: a busy 2-core machine
must never fail them, but the regression of issue 14 (a new database connection per
save: save p95 of seconds at this rate) does, as would any tenfold one.

    .venv/bin/python bench/live_smoke.py [--participants 600] [--duration 100]

Writes test-results/live-smoke.json (with --flood, live-smoke-flood.json): the bench's
figures with the commit, the date, the machine and the thresholds. With --flood it also
fails unless the hostile client's joins and code guesses were refused.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VOGTER = ROOT / ".venv" / "bin" / "vogter"
RESULTS = ROOT / "test-results" / "live-smoke.json"
FLOOD_RESULTS = ROOT / "test-results" / "live-smoke-flood.json"
# At the default size the server runs at about 90 saves/s, as in the 1,000-participant
# bench in docs/benchmarks.md. Measured on a 2-core machine with other work on it
# (load 4.8): save p95 156 ms, board delivery p95 219 ms; with issue 14's regression put
# back (a new connection per save): p95 7,385 ms and 6,106 ms (docs/benchmarks.md).
THRESHOLDS = {"p95_ms": 1500.0, "board_delivery_p95_ms": 5000.0}
# The thresholds were set on a machine whose server spent 1.94 ms of CPU on the bench's
# cheapest request (its "floor", measured in every run). On a slower machine the same
# offered load runs the one server process nearer saturation, and queueing multiplies
# the latency: on 2026-12-07 an AMD EPYC of this kind had a floor of 2.8-3.2 ms, and
# the same code (3f62601) gave save p95 1,500-1,900 ms. The latency limits are scaled
# by how much slower the floor is (never below 1); the regression they guard against
# (a new database connection per save: p95 7,385 ms) still fails them many times over.
REFERENCE_FLOOR_MS = 1.94
# With --flood the hostile client runs on the same two cores as the server and the 600
# phones, and its ~15,000 refused requests take about one of them (docs/benchmarks.md:
# save p95 0.5-1.3 s there). What the run must show is that no phone is refused, loses a
# save or stalls, and that the flood is refused; a remote attacker would not share the
# server's cores.
FLOOD_THRESHOLDS = {"p95_ms": 3000.0, "board_delivery_p95_ms": 5000.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        model = next((line.split(":", 1)[1].strip() for line in info if "model name" in line), "")
    with open("/proc/loadavg") as load:
        loadavg = load.read().split()[:3]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "loadavg_before": loadavg,
    }


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit code {server.returncode}).")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "/healthz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("The server did not answer within a minute.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--duration", type=float, default=100.0)
    parser.add_argument(
        "--flood",
        action="store_true",
        help="With a hostile client flooding joins, code guesses and streams meanwhile "
        "(bench/live_workshop.py --flood): the phones must still hold the thresholds.",
    )
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as CI has it
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="vogter-smoke-") as data:
        # The bench plays the offices' proxy: their phones' addresses come as
        # X-Forwarded-For from loopback, believed only from a proxy we name.
        env = {
            **os.environ,
            "VOGTER_DATA_DIR": data,
            "DEBUG": "true",
            "VOGTER_TRUSTED_PROXIES": "127.0.0.1",
        }
        for name in ("DATABASE_URL", "REDIS_URL"):  # the embedded default, as make run
            env.pop(name, None)
        for command in (
            ["migrate", "--verbosity", "0"],
            ["createcachetable"],
            ["demo", "--if-empty"],
        ):
            subprocess.run(  # noqa: S603 - our own command, fixed arguments
                [VOGTER, *command], env=env, check=True, stdout=subprocess.DEVNULL
            )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - our own command
            [VOGTER, "serve", "--no-migrate", "--port", str(port)], env=env
        )
        try:
            wait_until_up(url, server)
            about = machine()
            bench = subprocess.run(  # noqa: S603 - our own interpreter and script
                [
                    sys.executable,
                    ROOT / "bench" / "live_workshop.py",
                    "--base-url",
                    url,
                    "--participants",
                    str(args.participants),
                    "--duration",
                    str(args.duration),
                    "--server-pid",
                    str(server.pid),
                    *(["--flood"] if args.flood else []),
                ],
                capture_output=True,
                text=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(bench.stdout[-3000:], bench.stderr[-3000:], sep="\n")
    if bench.returncode != 0 or not bench.stdout.strip():
        raise SystemExit("The bench failed.")
    figures = json.loads(bench.stdout.strip().splitlines()[-1])
    floor = figures.get("floor_cpu_ms_per_request") or REFERENCE_FLOOR_MS
    slower = max(1.0, floor / REFERENCE_FLOOR_MS)
    limits = {
        name: round(limit * slower, 1)
        for name, limit in (FLOOD_THRESHOLDS if args.flood else THRESHOLDS).items()
    }
    failed = [
        f"{name} {figures.get(name)} (at most {limit:g})"
        for name, limit in limits.items()
        if figures.get(name) is None or figures[name] > limit
    ]
    failed += [
        f"{name} {figures.get(name)}" for name in ("errors", "lost_saves") if figures.get(name) != 0
    ]
    if args.flood:
        # The flood must have met the limits, or the run showed nothing about them (say,
        # every phone and the flood counted as one client and the phones were refused).
        flood = figures.get("flood", {})
        for kind in ("join", "guess"):
            if not flood.get(f"{kind} 429"):
                failed.append(f"the flood's {kind}s were never refused ({flood})")
    record = {
        "commit": commit,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "server": "vogter serve, embedded SQLite, DEBUG=true (what make run serves)",
        "machine": about,
        "duration_s": args.duration,
        "flood": args.flood,
        "thresholds": limits,
        "machine_slower_by": round(slower, 2),
        "figures": figures,
        "passed": not failed,
        "failed": failed,
    }
    results = FLOOD_RESULTS if args.flood else RESULTS
    results.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps(record, indent=2) + "\n")
    print(
        f"{results.relative_to(ROOT)}: {'passed' if not failed else 'FAILED: ' + '; '.join(failed)}"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
