"""What every engine command shares: options, the workspace and stack lookup, error handling.

`handles_engine_errors` is the one place an `EngineError` becomes a single ``error: ...``
message on stderr and the error's exit code (no traceback, so nothing secret can leak through
one). The options mirror the Pulumi CLI's: ``--stack/-s``, ``--cwd/-C``, ``--non-interactive``,
``--yes/-y`` and a hidden ``--backend`` that defaults to ``PULUMI_BACKEND_URL``.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from gcx.engine.errors import EngineError
from gcx.engine.project import find_project_dir
from gcx.engine.workspace import Workspace

StackOption = Annotated[
    str | None,
    typer.Option("--stack", "-s", help="The name of the stack to operate on. Defaults to the current stack."),
]
CwdOption = Annotated[
    Path | None,
    typer.Option("--cwd", "-C", help="Run gcx as if it had been started in another directory."),
]
NonInteractiveOption = Annotated[
    bool, typer.Option("--non-interactive", help="Disable interactive mode (no prompts).")
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Skip confirmation prompts.")]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend",
        envvar="PULUMI_BACKEND_URL",
        hidden=True,
        help="State backend URL (file://<dir> or s3://<bucket>[/<prefix>]).",
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def handles_engine_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn an `EngineError` into ``error: <message>`` on stderr and the error's exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except EngineError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return run


def open_workspace(cwd: Path | None, backend: str | None) -> Workspace:
    """The workspace of the project at or above `cwd` (default: the current directory)."""
    return Workspace(find_project_dir(cwd or Path.cwd()), backend_url=backend)


def resolve_stack(workspace: Workspace, stack: str | None) -> str:
    """The stack named on the command line, else the selected one."""
    name = stack or workspace.selected_stack()
    if not name:
        raise EngineError(
            "no stack selected; pass --stack NAME, or choose one with `gcx stack select NAME` "
            "(create one with `gcx stack init NAME`)"
        )
    return workspace.require_stack(name)


def open_stack(cwd: Path | None, backend: str | None, stack: str | None) -> tuple[Workspace, str]:
    """The workspace and the stack a command works on (named, else selected; it must exist)."""
    workspace = open_workspace(cwd, backend)
    return workspace, resolve_stack(workspace, stack)


def is_interactive(non_interactive: bool) -> bool:
    return not non_interactive and sys.stdin.isatty() and sys.stdout.isatty()


def confirm_by_typing(name: str, warning: str, *, yes: bool, non_interactive: bool) -> None:
    """Pulumi's confirmation for destructive commands: type the stack name, or pass --yes."""
    if yes:
        return
    if not is_interactive(non_interactive):
        raise EngineError("--yes must be passed in to proceed when running in non-interactive mode")
    typer.echo(warning)
    answer = typer.prompt(f"Please confirm that this is what you'd like to do by typing `{name}`")
    if answer != name:
        raise EngineError("confirmation declined")


def print_json(value: Any, indent: int = 2) -> None:
    typer.echo(json.dumps(value, indent=indent, ensure_ascii=False))


def render_value(value: Any) -> str:
    """A value in a table cell: strings as they are, anything else as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> None:
    """Columns padded to their widest cell and separated by two spaces, like Pulumi's tables."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        typer.echo((indent + "  ".join(cells)).rstrip())


_MAGNITUDES = (
    (60, 1, "second"),
    (3600, 60, "minute"),
    (86400, 3600, "hour"),
    (7 * 86400, 86400, "day"),
    (30 * 86400, 7 * 86400, "week"),
    (365 * 86400, 30 * 86400, "month"),
    (100 * 365 * 86400, 365 * 86400, "year"),
)


def humanize_since(timestamp: str, now: datetime | None = None) -> str:
    """``2 minutes ago`` for an RFC 3339 time (``n/a`` when it cannot be read)."""
    try:
        then = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return "n/a"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = int(((now or datetime.now(UTC)) - then).total_seconds())
    if seconds < 1:
        return "now"
    for limit, unit_seconds, unit in _MAGNITUDES:
        if seconds < limit:
            count = seconds // unit_seconds
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "a long while ago"
