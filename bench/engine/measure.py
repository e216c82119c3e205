"""Measure the engine against the floor on the synthetic program; prints one JSON line.

Run as a script (``python -m bench.engine.measure [components]``) so the peak RSS covers only
this run. Phases: first up; three (floor, no-op preview) pairs; no-op up (best of 3); destroy.
"""

from __future__ import annotations

import gc
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.engine.instant import FloorMonitor, InstantProvider
from gcx.engine.api import Stack
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.runner import ProgramSession
from gcx.engine.workspace import Workspace

PROGRAM = Path(__file__).resolve().parent / "program"


class _NullLog:
    def Log(self, _request: object) -> None:
        return None


def floor_seconds(program_dir: Path, components: int) -> float:
    gc.collect()
    started = time.perf_counter()
    session = ProgramSession(
        program_dir=program_dir,
        main_path=program_dir,
        project="enginebench",
        stack="dev",
        monitor=FloorMonitor("enginebench", "dev"),
        engine=_NullLog(),
        config={"enginebench:components": str(components)},
        secret_keys=[],
        dry_run=True,
        parallel=10,
    )
    with session:
        session.run_program()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (``VmHWM``).

    Not `getrusage(...).ru_maxrss`: Linux carries that high-water mark across fork and exec, so a
    benchmark started from a big parent (pytest after the emulator benchmark) would report the
    parent's peak instead of its own.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def best_of(repeats: int, fn: Callable[[], float]) -> float:
    """The fastest of several runs: the machine is shared, the minimum is the least disturbed."""
    return min(fn() for _ in range(repeats))


def main(components: int, repeats: int = 3) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix="gcx-bench-"))
    try:
        program_dir = root / "program"
        shutil.copytree(PROGRAM, program_dir)
        (program_dir / "Pulumi.dev.yaml").write_text(f"config:\n  enginebench:components: '{components}'\n")
        env = {"PULUMI_BACKEND_URL": f"file://{root / 'state'}", "PULUMI_CONFIG_PASSPHRASE": "bench"}
        workspace = Workspace(program_dir, env=env)
        workspace.create_stack("dev")
        registry = ProviderRegistry()
        registry.register("bench", InstantProvider)
        stack = Stack(workspace, "dev", registry=registry)
        results: dict[str, float] = {"resources": components * 10 + 1}
        results["first_up"] = timed(stack.up)
        # Floor and no-op preview alternate, so both see the same machine load; the ratio is the
        # median of the pairs' ratios.
        pairs = [(floor_seconds(program_dir, components), timed(stack.preview)) for _ in range(repeats)]
        results["floor"] = min(floor for floor, _ in pairs)
        results["noop_preview"] = min(preview for _, preview in pairs)
        results["noop_preview_ratio"] = statistics.median(preview / floor for floor, preview in pairs)
        results["noop_up"] = best_of(repeats, lambda: timed(stack.up))
        results["destroy"] = timed(stack.destroy)
        results["peak_rss_mb"] = peak_rss_mb()
        return results
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
