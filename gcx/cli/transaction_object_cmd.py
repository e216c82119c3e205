"""`gcx transaction-object`: render a tenant's Multicloud CX transaction object from a stack's outputs.

The stack program exports each tenant's `HybridTransactionObject` handoff; its transaction-object
spec sits at `TRANSACTION_OBJECT_PATH` in the last deployment's outputs. It is rendered by
`gcx.handoff.transaction_object` as the JSON spec, the INI-style options and annex files, or the
GAX checklist. Secrets stay ``[secret]`` unless ``--show-secrets`` is given (the passphrase is
then needed to decrypt them); files written with secrets in them are readable by their owner only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from gcx.cli.common import BackendOption, CwdOption, StackOption, handles_engine_errors, open_stack
from gcx.engine.errors import EngineError
from gcx.handoff import HandoffNotFoundError, handoff_model
from gcx.handoff.transaction_object import TransactionObjectSpec, render_files

__all__ = ["TRANSACTION_OBJECT_PATH", "register", "spec_from_outputs"]

# Where the stack outputs keep a tenant's spec; "{tenant}" is the --tenant value.
TRANSACTION_OBJECT_PATH = ("tenants", "{tenant}", "hybrid", "transactionObject")


class Format(StrEnum):
    JSON = "json"
    CFG = "cfg"
    MD = "md"


TenantOption = Annotated[
    str, typer.Option("--tenant", "-t", help="The tenant whose transaction object to render.")
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="json: the spec; cfg: options and annex files; md: the GAX checklist."
    ),
]
ShowSecretsOption = Annotated[
    bool, typer.Option("--show-secrets", help="Show client secrets, the key password and the key.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the file(s) into this directory instead of stdout."),
]


def spec_from_outputs(outputs: Mapping[str, Any], tenant: str) -> TransactionObjectSpec[str]:
    """The tenant's spec from stack outputs; `EngineError` says what is missing and why."""
    try:
        return handoff_model(
            outputs, TRANSACTION_OBJECT_PATH, tenant, TransactionObjectSpec[str], "a transaction object spec"
        )
    except HandoffNotFoundError as exc:
        raise EngineError(str(exc)) from None


def _write(directory: Path, files: Mapping[str, str], private: bool) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = directory / name
        # Created owner-only from the start when it holds secrets: no window where others can read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        if private:
            os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_TRUNC
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        written.append(path)
    return written


def register(app: typer.Typer) -> None:
    @app.command("transaction-object")
    @handles_engine_errors
    def transaction_object(
        tenant: TenantOption,
        fmt: FormatOption = Format.MD,
        show_secrets: ShowSecretsOption = False,
        output: OutputOption = None,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Render a tenant's Multicloud CX `hybrid_integration` transaction object (secrets masked)."""
        workspace, target = open_stack(cwd, backend, stack_option)
        spec = spec_from_outputs(workspace.outputs(target, show_secrets=show_secrets), tenant)
        try:
            files = render_files(spec, fmt.value, show_secrets=show_secrets)
        except ValueError as exc:
            raise EngineError(str(exc)) from None
        if output is None:
            typer.echo("\n".join(files.values()), nl=False)
            return
        try:
            written = _write(output, files, private=show_secrets)
        except OSError as exc:
            raise EngineError(f"cannot write into {output}: {exc.strerror or exc}") from None
        for path in written:
            typer.echo(f"wrote {path}")
