"""Locks across real processes: a second process is refused while the first holds the lock, and
a lock left by a `kill -9` stays until `cancel` clears it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gcx.engine.errors import StackLockedError
from gcx.engine.workspace import Workspace

HOLDER = """
import sys
from gcx.engine.workspace import Workspace
workspace = Workspace(sys.argv[1], backend_url=sys.argv[2], env={})
with workspace.lock("dev"):
    print("locked", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def start_holder(project_dir: Path, backend_url: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project_dir), backend_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


def try_lock(workspace: Workspace) -> None:
    with workspace.lock("dev"):
        pass


def test_second_process_is_refused_then_admitted_after_release(project_dir: Path, tmp_path: Path) -> None:
    backend_url = f"file://{tmp_path / 'state'}"
    workspace = Workspace(project_dir, backend_url=backend_url, env={})
    workspace.create_stack("dev")
    holder = start_holder(project_dir, backend_url)
    try:
        with pytest.raises(StackLockedError) as caught:
            try_lock(workspace)
        [lock_holder] = caught.value.holders
        assert lock_holder.pid == holder.pid
        assert f"(pid {holder.pid})" in str(caught.value)
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        holder.wait(timeout=30)
    try_lock(workspace)


def test_lock_of_a_killed_process_stays_until_cancel(project_dir: Path, tmp_path: Path) -> None:
    backend_url = f"file://{tmp_path / 'state'}"
    workspace = Workspace(project_dir, backend_url=backend_url, env={})
    workspace.create_stack("dev")
    holder = start_holder(project_dir, backend_url)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    with pytest.raises(StackLockedError, match="gcx cancel"):
        try_lock(workspace)
    assert workspace.cancel("dev") == 1
    try_lock(workspace)
