"""Engine benchmark: 2,000 resources against the instant provider, compared with the floor (the
same program under the SDK with a monitor that answers at once). Goals: a no-op preview at most
1.5x the floor, peak memory under 300 MB. Runs in a subprocess so the peak RSS is this run's.
Record the printed numbers in bench/README.md (Engine section)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.benchmark
def test_engine_against_the_floor():
    completed = subprocess.run(
        [sys.executable, "-m", "bench.engine.measure", "200"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    print("\nengine benchmark:", json.dumps(results, indent=2))
    assert results["resources"] == 2001
    assert results["noop_preview_ratio"] <= 1.5
    assert results["peak_rss_mb"] < 300
