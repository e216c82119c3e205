"""`gcx demo`: deploy a dev stack to the embedded emulator and print what each tenant hands off.

It only runs stacks marked ``gcx:emulator: embedded`` (never a real org): creates the stack if
it does not exist yet, starts the emulator with the stack's orgs (`gcx.devstack`), runs `up`
without asking, and prints each tenant's handoff with secrets as ``[secret]`` unless
``--show-secrets``, then where the emulator keeps its data. A second run changes nothing.
`make demo` runs ``gcx demo --stack dev``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from gcx.cli.common import BackendOption, CwdOption, StackOption, handles_engine_errors, open_workspace
from gcx.devstack import DevTenant, emulator_db, emulator_environment
from gcx.engine.api import Stack
from gcx.engine.display import progress_for
from gcx.engine.display.sections import diagnostics_section, header, resources_summary, stack_urn_of
from gcx.engine.errors import EngineError
from gcx.engine.registry_defaults import default_registry
from gcx.engine.result import OperationError, OperationResult
from gcx.engine.workspace import Workspace

__all__ = ["DEFAULT_STACK", "register", "render_handoffs"]

DEFAULT_STACK = "dev"
_LONG_TOKEN = 120

ShowSecretsOption = Annotated[
    bool, typer.Option("--show-secrets", help="Show client secrets, passwords and keys in the handoffs.")
]


def render_handoffs(outputs: Mapping[str, Any]) -> str:
    """Each tenant's handoffs as an indented outline, tenant by tenant and integration by integration."""
    tenants = outputs.get("tenants")
    if not isinstance(tenants, Mapping) or not tenants:
        return "The stack exports no tenants.\n"
    blocks = []
    for tenant, handoffs in tenants.items():
        lines = [f"Tenant {tenant}"]
        for integration, handoff in (handoffs or {}).items():
            lines += _outline({integration: handoff}, 1)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _outline(value: Any, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(value, Mapping):
        lines = []
        for key, item in value.items():
            if isinstance(item, Mapping | list) and item:
                lines += [f"{pad}{key}:", *_outline(item, depth + 1)]
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            nested = _outline(item, depth + 1) if isinstance(item, Mapping | list) and item else []
            if nested:
                lines += [f"{pad}- {nested[0].lstrip()}", *nested[1:]]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
        return lines
    return [f"{pad}{_scalar(value)}"]


def _scalar(value: Any) -> str:
    if value is None or value == {} or value == []:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if len(text) > _LONG_TOKEN and " " not in text:
        # Certificates and keys in base64: the outline shows that they are there, not their bytes.
        return f"{text[:32]}... ({len(text)} characters; `gcx stack output` shows it all)"
    return text


def _stack(workspace: Workspace, name: str | None) -> str:
    """The stack to run (named, else selected, else `dev`), created when missing."""
    name = workspace.stack_name(name or workspace.selected_stack() or DEFAULT_STACK)
    if not workspace.backend.stack_exists(workspace.project.name, name):
        workspace.create_stack(name)
        typer.echo(f"Created stack '{name}'.")
    return name


def _report_org(tenant: DevTenant, created: bool) -> None:
    done = "created" if created else "already there"
    typer.echo(f"Emulator org '{tenant.short_name}' ({tenant.region}) for tenant {tenant.name}: {done}")


def _up(stack: Stack) -> OperationResult:
    title = header(OperationResult(kind="update", dry_run=False, stack=stack.name))
    typer.echo(title)
    try:
        with progress_for(sys.stdout, False, title) as progress:
            return stack.up(on_event=progress)
    except OperationError as exc:
        typer.echo(diagnostics_section(exc.result.diagnostics, stack_urn_of(exc.result)), nl=False)
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None


def register(app: typer.Typer) -> None:
    @app.command("demo")
    @handles_engine_errors
    def demo(
        stack_name: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        show_secrets: ShowSecretsOption = False,
    ) -> None:
        """Deploy a dev stack to the embedded emulator (no prompt) and print the tenants' handoffs."""
        workspace = open_workspace(cwd, backend)
        name = _stack(workspace, stack_name)
        db = emulator_db(workspace.config(name).values, workspace.project_dir)
        if db is None:
            raise EngineError(
                f"stack '{name}' does not target the embedded emulator, and gcx demo never deploys to real "
                "orgs: add `gcx:emulator: embedded` to its config, or use `gcx up`"
            )
        with emulator_environment(workspace, name, on_org=_report_org) as env:
            result = _up(Stack(workspace, name, registry=default_registry(os.environ), program_env=env))
        typer.echo()
        diagnostics = diagnostics_section(result.diagnostics, stack_urn_of(result))
        if diagnostics:
            typer.echo(diagnostics)
        shown = "shown" if show_secrets else "hidden; --show-secrets shows them"
        typer.echo(f"Handoffs (secrets {shown}):\n")
        typer.echo(render_handoffs(workspace.outputs(name, show_secrets=show_secrets)))
        typer.echo(resources_summary(result), nl=False)
        typer.echo(f"\nEmulator data: {db} (to start over, delete it together with the stack's state)")
        typer.echo(
            f"Next: `gcx stack output --stack {name} --json`, `gcx transaction-object --stack {name} "
            f"--tenant <tenant> --format md`, `gcx pureconnect nginx --stack {name} --tenant <tenant>`"
        )
