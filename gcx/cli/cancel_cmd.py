"""`gcx cancel [STACK]`: clear the locks of a stack whose update was killed (Pulumi's
`pulumi cancel` on a DIY backend deletes every lock file of the stack)."""

from __future__ import annotations

from typing import Annotated

import typer

from gcx.cli.common import (
    BackendOption,
    CwdOption,
    NonInteractiveOption,
    StackOption,
    YesOption,
    confirm_by_typing,
    handles_engine_errors,
    open_stack,
)


def register(app: typer.Typer) -> None:
    @app.command("cancel")
    @handles_engine_errors
    def cancel(
        name: Annotated[str | None, typer.Argument(help="Stack name (default: the current stack).")] = None,
        stack_option: StackOption = None,
        yes: YesOption = False,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
    ) -> None:
        """Cancel a stack's running update by removing its locks (use only when no gcx process runs)."""
        workspace, target = open_stack(cwd, backend, name or stack_option)
        confirm_by_typing(
            target,
            f"This will irreversibly cancel the currently running update for '{target}'!",
            yes=yes,
            non_interactive=non_interactive,
        )
        removed = workspace.cancel(target)
        if removed:
            typer.echo(
                f"The currently running update for '{target}' has been canceled! ({removed} lock(s) removed)"
            )
        else:
            typer.echo(f"Stack '{target}' had no locks; nothing to cancel.")
