"""`vogter serve` refuses a set-up that would silently break live delivery."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_several_workers_without_redis_are_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DEBUG="true", VOGTER_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "vogter", "serve", "--workers", "2", "--no-migrate"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
