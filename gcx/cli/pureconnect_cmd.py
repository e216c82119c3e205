"""`gcx pureconnect nginx`: render the PureConnect SSO reverse proxy's nginx.conf from a stack's outputs.

The stack program exports each tenant's PureConnect handoff; its ``sso.proxy`` part is the
`gcx.handoff.nginx.PureConnectProxy` model, read here from the last deployment's outputs
(`PROXY_OUTPUT_PATH`) and rendered by `gcx.handoff.nginx.render_nginx`. Nothing is deployed and
no secret is read, so no passphrase is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from gcx.cli.common import BackendOption, CwdOption, StackOption, handles_engine_errors, open_stack
from gcx.engine.errors import EngineError
from gcx.handoff import HandoffNotFoundError, handoff_model
from gcx.handoff.nginx import PureConnectProxy, render_nginx

__all__ = ["PROXY_OUTPUT_PATH", "proxy_from_outputs", "register"]

# Where the stack outputs keep a tenant's proxy model; "{tenant}" is the --tenant value.
PROXY_OUTPUT_PATH = ("tenants", "{tenant}", "pureConnect", "sso", "proxy")

TenantOption = Annotated[
    str, typer.Option("--tenant", "-t", help="The tenant whose PureConnect proxy to render.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the configuration to this file instead of stdout."),
]


def proxy_from_outputs(outputs: Mapping[str, Any], tenant: str) -> PureConnectProxy:
    """The tenant's proxy model from stack outputs; `EngineError` says which key is missing and why."""
    try:
        return handoff_model(
            outputs, PROXY_OUTPUT_PATH, tenant, PureConnectProxy, "a PureConnect proxy", _HINTS
        )
    except HandoffNotFoundError as exc:
        raise EngineError(str(exc)) from None


_HINTS = {
    "pureConnect": "tenant {tenant!r} has no PureConnect integration in its config",
    "sso": "enable PureConnect single sign-on (pureConnect.sso) for tenant {tenant!r} and run `gcx up`",
    "proxy": "enable PureConnect single sign-on (pureConnect.sso) for tenant {tenant!r} and run `gcx up`",
}


def register(app: typer.Typer) -> None:
    pureconnect = typer.Typer(help="Genesys Cloud for PureConnect helpers.", no_args_is_help=True)
    app.add_typer(pureconnect, name="pureconnect")

    @pureconnect.command("nginx")
    @handles_engine_errors
    def nginx(
        tenant: TenantOption,
        output: OutputOption = None,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Render the nginx reverse proxy that makes PureConnect Genesys Cloud's SSO provider."""
        workspace, target = open_stack(cwd, backend, stack_option)
        text = render_nginx(proxy_from_outputs(workspace.outputs(target), tenant))
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise EngineError(f"cannot write {output}: {exc.strerror or exc}") from None
        typer.echo(f"Wrote the nginx configuration for tenant '{tenant}' to {output}", err=True)
