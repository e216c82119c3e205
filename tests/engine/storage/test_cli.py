"""`gcx stack|config|cancel` through the typer app: Pulumi's output formats, secrets never echoed,
and every failure as one `error:` line with its exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gcx.cli import cancel_cmd, config_cmd, stack_cmd
from gcx.cli.common import humanize_since
from gcx.engine.errors import ExitCode
from gcx.engine.lock import StackLock
from gcx.engine.workspace import Workspace
from tests.engine.storage.samples import PASSPHRASE, PROJECT, SECRET_TEXT, sample_snapshot


@pytest.fixture
def gcx() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    for module in (stack_cmd, config_cmd, cancel_cmd):
        module.register(app)
    return app


@pytest.fixture
def run(gcx: typer.Typer, project_dir: Path):
    runner = CliRunner()
    environment = {
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_BACKEND_URL": None,
        "PULUMI_CONFIG_PASSPHRASE_FILE": None,
    }

    def invoke(*args: str, stdin: str | None = None, env: dict[str, str | None] | None = None):
        return runner.invoke(
            gcx, [*args, "--cwd", str(project_dir)], input=stdin, env={**environment, **(env or {})}
        )

    return invoke


def test_stack_lifecycle_in_pulumis_formats(run, project_dir: Path) -> None:
    assert run("stack", "init", "dev").output == "Created stack 'dev'\n"
    assert run("stack", "init", "prod").exit_code == 0
    assert run("stack", "select", "dev").exit_code == 0
    listing = run("stack", "ls").output.splitlines()
    assert listing[0].split() == ["NAME", "LAST", "UPDATE", "RESOURCE", "COUNT"]
    assert listing[1].split() == ["dev*", "n/a", "n/a"] and listing[2].split() == ["prod", "n/a", "n/a"]
    Workspace(project_dir, env={"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE}).save_snapshot(
        "dev", sample_snapshot()
    )
    listing = run("stack", "ls").output.splitlines()
    assert listing[1].split()[-1] == "4"
    assert listing[1].split()[1] in ("now", "1", "2")  # "now" or "1 second ago"
    assert json.loads(run("stack", "ls", "--json").output)[0]["resourceCount"] == 4
    output = run("stack", "output").output
    assert output.splitlines() == [
        "Current stack outputs (3):",
        "    OUTPUT         VALUE",
        "    client_secret  [secret]",
        "    count          2",
        "    queue_id       q-1",
    ]
    assert run("stack", "output", "queue_id").output == "q-1\n"
    assert run("stack", "output", "client_secret").output == "[secret]\n"
    assert run("stack", "output", "client_secret", "--show-secrets").output == f"{SECRET_TEXT}\n"
    assert json.loads(run("stack", "output", "--json").output)["client_secret"] == "[secret]"
    missing = run("stack", "output", "nope")
    assert (missing.exit_code, missing.output) == (
        1,
        "error: current stack does not have output property 'nope'\n",
    )


def test_export_import_and_rm_through_the_cli(run, project_dir: Path, tmp_path: Path) -> None:
    run("stack", "init", "dev")
    Workspace(project_dir, env={"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE}).save_snapshot(
        "dev", sample_snapshot()
    )
    exported = run("stack", "export")
    assert exported.exit_code == 0 and SECRET_TEXT not in exported.output
    assert exported.output.startswith('{\n    "version": 3,\n    "deployment": {')
    dump = tmp_path / "dev.json"
    assert run("stack", "export", "--file", str(dump), "--show-secrets").exit_code == 0
    assert SECRET_TEXT in dump.read_text()
    assert run("stack", "import", "--file", str(dump)).output == "Import complete.\n"
    assert run("stack", "import", stdin="{oops").output.startswith("error: stdin is not valid JSON")
    refused = run("stack", "rm", "dev")
    assert refused.exit_code == ExitCode.FAILURE
    assert (
        refused.output == "error: --yes must be passed in to proceed when running in non-interactive mode\n"
    )
    busy = run("stack", "rm", "dev", "--yes")
    assert busy.exit_code == ExitCode.BAD_STATE and "still contains 4 resources" in busy.output
    assert run("stack", "rm", "dev", "--yes", "--force").output == "Stack 'dev' has been removed!\n"
    assert run("stack", "ls").output.strip() == "NAME  LAST UPDATE  RESOURCE COUNT"


def test_config_set_never_echoes_secrets_and_get_masks_them(run, project_dir: Path) -> None:
    run("stack", "init", "dev")
    assert run("config", "set", "region", "eu-west-2").output == ""
    piped = run("config", "set", "--secret", "token", stdin=f"{SECRET_TEXT}\n")
    assert (piped.exit_code, piped.output) == (0, "")
    assert SECRET_TEXT not in (project_dir / "Pulumi.dev.yaml").read_text()
    assert run("config", "get", "token").output == "[secret]\n"
    assert run("config", "get", "token", "--show-secrets").output == f"{SECRET_TEXT}\n"
    assert json.loads(run("config", "get", "token", "--json").output) == {"secret": True}
    assert json.loads(run("config", "get", "region", "--json").output) == {
        "value": "eu-west-2",
        "secret": False,
    }
    assert run("config", "set", "--path", "db.hosts[0]", "a").exit_code == 0
    listing = run("config").output
    assert SECRET_TEXT not in listing
    assert listing.splitlines() == [
        "KEY     VALUE",
        'db      {"hosts":["a"]}',
        "region  eu-west-2",
        "token   [secret]",
    ]
    shown = json.loads(run("config", "--json", "--show-secrets").output)
    assert shown["shop:token"] == {"value": SECRET_TEXT, "secret": True}
    assert shown["shop:db"]["objectValue"] == {"hosts": ["a"]}
    assert run("config", "rm", "region").exit_code == 0
    gone = run("config", "get", "region")
    assert (gone.exit_code, gone.output) == (
        ExitCode.BAD_INPUT,
        "error: config key 'shop:region': not found in stack 'dev'\n",
    )


def test_errors_are_one_line_with_meaningful_exit_codes(
    run, gcx: typer.Typer, project_dir: Path, tmp_path: Path
) -> None:
    no_stack = run("config", "get", "x")
    assert no_stack.exit_code == ExitCode.FAILURE and no_stack.output.startswith("error: no stack selected")
    unknown = run("stack", "select", "ghost")
    assert (unknown.exit_code, unknown.output.count("\n")) == (ExitCode.NO_SUCH_STACK, 1)
    run("stack", "init", "dev")
    wrong = run("config", "set", "--secret", "t", "v", env={"PULUMI_CONFIG_PASSPHRASE": "not it"})
    assert wrong.exit_code == ExitCode.PASSPHRASE and wrong.output.startswith("error: incorrect passphrase")
    missing = run("config", "set", "--secret", "t", "v", env={"PULUMI_CONFIG_PASSPHRASE": None})
    assert missing.exit_code == ExitCode.PASSPHRASE and "PULUMI_CONFIG_PASSPHRASE_FILE" in missing.output
    (project_dir / "Pulumi.yaml").write_text("name: bad name\nruntime: python\n")
    bad = run("stack", "ls")
    assert bad.exit_code == ExitCode.BAD_INPUT
    assert (
        bad.output == f"error: {project_dir / 'Pulumi.yaml'}: key 'name': project names may only contain "
        "alphanumerics, hyphens, underscores, and periods (got 'bad name')\n"
    )
    empty = tmp_path / "not-a-project"
    empty.mkdir()
    outside = CliRunner().invoke(gcx, ["stack", "ls", "--cwd", str(empty)])
    assert outside.exit_code == ExitCode.BAD_INPUT and "no Pulumi.yaml project file found" in outside.output


def test_cancel_clears_a_stale_lock(run, project_dir: Path) -> None:
    run("stack", "init", "dev")
    workspace = Workspace(project_dir, env={})
    StackLock(workspace.backend.store, PROJECT, "dev", "killed-process").acquire()
    with pytest.raises(Exception, match="currently locked by 1 lock"), workspace.lock("dev"):
        pass
    locked = run("stack", "rm", "dev", "--yes")
    assert locked.exit_code == ExitCode.STACK_LOCKED
    assert locked.output.startswith("error: the stack is currently locked by 1 lock(s).")
    assert "killed-process.json: created by " in locked.output
    assert run("cancel").exit_code == ExitCode.FAILURE  # needs --yes when not interactive
    done = run("cancel", "--yes")
    assert done.output == "The currently running update for 'dev' has been canceled! (1 lock(s) removed)\n"
    with workspace.lock("dev"):
        pass
    assert run("cancel", "dev", "--yes").output == "Stack 'dev' had no locks; nothing to cancel.\n"


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        ("2026-03-01T11:59:59.5Z", "now"),
        ("2026-03-01T11:59:30Z", "30 seconds ago"),
        ("2026-03-01T11:59:00Z", "1 minute ago"),
        ("2026-03-01T09:00:00+00:00", "3 hours ago"),
        ("2026-02-20T12:00:00Z", "1 week ago"),
        ("2025-03-01T12:00:00Z", "1 year ago"),
        ("garbage", "n/a"),
    ],
)
def test_last_update_reads_like_pulumis(then: str, expected: str) -> None:
    from datetime import UTC, datetime

    assert humanize_since(then, now=datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)) == expected
