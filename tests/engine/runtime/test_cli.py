"""`gcx preview|up|destroy|refresh|import` as users run them: output, exit codes, bad input.

Commands run in-process through Typer's runner (same code path as the console script, minus a
process start); the lock and Ctrl-C tests need real processes and use the console script.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gcx.cli import app
from gcx.cli.deploy_cmd import CANCEL_NOTICE, NEEDS_YES
from gcx.engine.operations import NO_CHANGES_EXPECTED
from tests.engine.programs.fakecloud import cloud, read_calls, read_cloud
from tests.engine.runtime.harness import FAKE_PROVIDERS, GCX, PASSPHRASE


@pytest.fixture
def lifecycle(project, monkeypatch):
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "s3cr3t-token", secret=True)
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PULUMI_BACKEND_URL", proj.backend_url)
    monkeypatch.setenv("GCX_PROVIDERS", FAKE_PROVIDERS)
    return proj


def gcx(proj, *args: str):
    return CliRunner().invoke(app, [*args, "--cwd", str(proj.dir), "--stack", "dev"], catch_exceptions=False)


def test_preview_diff_up_and_expect_no_changes(lifecycle):
    preview = gcx(lifecycle, "preview", "--diff")
    assert preview.exit_code == 0, preview.output
    assert preview.output.startswith("Previewing update (dev):\n+ pulumi:pulumi:Stack: (create)\n")
    assert "    + 11 to create\n" in preview.output
    assert "s3cr3t" not in preview.output and "secretEcho : [secret]" in preview.output

    up = gcx(lifecycle, "up", "--yes")
    assert up.exit_code == 0, up.output
    assert up.output.startswith("Updating (dev):\n")
    assert " +  fake:index:Thing solo created" in up.output
    assert "Resources:\n    + 11 created\n" in up.output and "Duration: " in up.output

    assert gcx(lifecycle, "preview", "--expect-no-changes").exit_code == 0
    lifecycle.config("version", 2)
    changed = gcx(lifecycle, "preview", "--expect-no-changes", "--json")
    assert changed.exit_code == 1
    assert f"error: {NO_CHANGES_EXPECTED}" in changed.output
    assert '"op": "replace"' in changed.output  # the digest is still printed


def test_up_without_yes_is_refused_when_nobody_can_answer(lifecycle):
    result = gcx(lifecycle, "up", "--non-interactive")
    assert result.exit_code == 2
    assert f"error: {NEEDS_YES}" in result.output
    assert read_cloud() == {}


def test_program_exception_is_one_clear_message_and_state_is_untouched(lifecycle):
    assert gcx(lifecycle, "up", "--yes").exit_code == 0
    before = lifecycle.checkpoint_path.read_bytes()
    main = lifecycle.dir / "__main__.py"
    main.write_text(
        main.read_text().replace("solo = Thing(", 'raise ValueError("bad tenant list")\nsolo = Thing(')
    )
    result = gcx(lifecycle, "up", "--yes")
    assert result.exit_code == 1
    assert "error: Program failed with an unhandled exception:" in result.output
    assert "__main__.py" in result.output and "ValueError: bad tenant list" in result.output
    assert "site-packages" not in result.output  # the traceback shows the program, not the SDK
    assert lifecycle.checkpoint_path.read_bytes() == before
    assert lifecycle.workspace.history("dev")[0]["result"] == "failed"


def test_a_run_error_is_shown_as_its_message_alone(lifecycle):
    """`pulumi.RunError` is the program's own report: no traceback, as Pulumi's language host does."""
    main = lifecycle.dir / "__main__.py"
    main.write_text(
        main.read_text().replace(
            "solo = Thing(",
            'raise pulumi.RunError("tenants.acme.region: unknown region\\n  use one of: eu-west-1")\n'
            "solo = Thing(",
        )
    )
    result = gcx(lifecycle, "preview")
    assert result.exit_code == 1
    assert "tenants.acme.region: unknown region\n      use one of: eu-west-1" in result.output
    assert "Traceback" not in result.output and "__main__.py" not in result.output
    last_line = result.output.rstrip().splitlines()[-1]
    assert last_line == "error: tenants.acme.region: unknown region (see Diagnostics above)"


@pytest.mark.parametrize(
    ("breakage", "exit_code", "message"),
    [
        (lambda proj: (proj.dir / "Pulumi.yaml").write_text("name: [broken\n"), 2, "Pulumi.yaml"),
        (lambda proj: (proj.dir / "Pulumi.dev.yaml").write_text("config: [\n"), 2, "Pulumi.dev.yaml"),
        (lambda proj: os.environ.update(PULUMI_CONFIG_PASSPHRASE="wrong"), 3, "incorrect passphrase"),
        (lambda proj: os.environ.pop("PULUMI_CONFIG_PASSPHRASE"), 3, "PULUMI_CONFIG_PASSPHRASE"),
    ],
    ids=["malformed-project-file", "malformed-stack-file", "wrong-passphrase", "missing-passphrase"],
)
def test_bad_input_fails_before_anything_runs(lifecycle, monkeypatch, breakage, exit_code, message):
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    breakage(lifecycle)
    result = gcx(lifecycle, "up", "--yes")
    assert result.exit_code == exit_code, result.output
    assert result.output.startswith("error: ") and message in result.output
    assert "Traceback" not in result.output
    assert read_cloud() == {} and read_calls() == []


def test_unknown_stack(lifecycle):
    result = CliRunner().invoke(app, ["preview", "--cwd", str(lifecycle.dir), "--stack", "nope"])
    assert result.exit_code == 4
    assert "no stack named 'nope' found" in result.output


def test_import_adopts_an_object_and_prints_the_code(lifecycle):
    with cloud() as objects:
        objects["legacy-1"] = {"name": "legacy", "size": 7, "password": "pw", "type": "fake:index:Thing"}
    result = gcx(lifecycle, "import", "fake:index:Thing", "legacy", "legacy-1", "--yes")
    assert result.exit_code == 0, result.output
    assert "import pulumi_fake as fake" in result.output
    assert "legacy = fake.Thing(\n    'legacy',\n" in result.output
    assert "    size=7,\n" in result.output and "protect=True" in result.output
    state = lifecycle.resources()["legacy"]
    assert state["id"] == "legacy-1" and state["protect"] is True and state["importID"] == "legacy-1"
    # The next update created nothing new for it: same object, now managed.
    assert read_cloud().keys() == {"legacy-1"}


def _start_up(proj, delay: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [GCX, "up", "--yes", "--cwd", str(proj.dir), *extra],
        env=proj.subprocess_env({"FAKE_DELAY": delay}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _lock_files(proj) -> list[Path]:
    return list((proj.root / "state" / ".pulumi" / "locks").rglob("*.json"))


@pytest.mark.slow
def test_a_second_update_is_refused_while_the_first_holds_the_lock(lifecycle):
    first = _start_up(lifecycle, "0.15", "-p", "1")
    try:
        _wait_for(lambda: _lock_files(lifecycle) and read_calls())
        second = gcx(lifecycle, "up", "--yes")
        assert second.exit_code == 5
        assert "the stack is currently locked by 1 lock(s)" in second.output
    finally:
        _out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert not _lock_files(lifecycle)
    assert len(read_cloud()) == 9


@pytest.mark.slow
def test_ctrl_c_finishes_steps_in_flight_saves_and_unlocks(lifecycle):
    run = _start_up(lifecycle, "0.3", "-p", "2")
    _wait_for(lambda: any(c[0] == "create" for c in read_calls()))
    run.send_signal(signal.SIGINT)
    _out, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert CANCEL_NOTICE in err and "update canceled" in err
    assert not _lock_files(lifecycle)
    recorded = {r.id for r in lifecycle.snapshot().resources if r.custom and r.type == "fake:index:Thing"}
    assert set(read_cloud()) == recorded  # everything created was recorded: no orphan
    assert 0 < len(recorded) < 9  # cancelled part-way
    assert lifecycle.snapshot().pending_operations == []
    lifecycle.stack.up()
    assert len(read_cloud()) == 9
