"""`gcx config [set|get|rm]`: the stack's configuration in `Pulumi.<stack>.yaml` (Pulumi's
`pulumi config ...`). Secret values are never echoed: `set` prints nothing, and `get` and the
listing show ``[secret]`` unless ``--show-secrets`` is given."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from gcx.cli.common import (
    BackendOption,
    CwdOption,
    NonInteractiveOption,
    StackOption,
    handles_engine_errors,
    is_interactive,
    open_stack,
    print_json,
    print_table,
    render_value,
)
from gcx.engine.config_edit import get_config, remove_config, set_config
from gcx.engine.errors import EngineError
from gcx.engine.project import (
    SECRET_MASK,
    StackFile,
    contains_secure,
    decrypt_secure_values,
    parse_config_key,
)

KeyArgument = Annotated[str, typer.Argument(help="Config key: `name` (this project) or `namespace:name`.")]
PathOption = Annotated[
    bool, typer.Option("--path", help="The key is a property path, e.g. `names[0]` or `data.nested.x`.")
]
ShowSecretsOption = Annotated[bool, typer.Option("--show-secrets", help="Show secret values in plain text.")]
JsonOption = Annotated[bool, typer.Option("--json", "-j", help="Emit output as JSON.")]


def _remove_trailing_newline(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\n") else text


def _read_value(secret: bool, non_interactive: bool) -> str:
    if is_interactive(non_interactive):
        return typer.prompt("value", hide_input=secret)
    if sys.stdin.isatty():
        raise EngineError("missing VALUE; give it as an argument or on stdin")
    return _remove_trailing_newline(sys.stdin.read())


def _display_key(key: str, project: str) -> str:
    return key.removeprefix(f"{project}:")


def _json_entry(value: Any, secret: bool, shown: bool) -> dict[str, Any]:
    """Pulumi's `config --json` entry: value text, objectValue for objects, and the secret flag."""
    entry: dict[str, Any] = {}
    if not secret or shown:
        entry["value"] = render_value(value)
        if isinstance(value, dict | list):
            entry["objectValue"] = value
    entry["secret"] = secret
    return entry


def register(app: typer.Typer) -> None:
    config = typer.Typer(
        help="Manage the stack's configuration (Pulumi.<stack>.yaml).", invoke_without_command=True
    )
    app.add_typer(config, name="config")

    @config.callback()
    @handles_engine_errors
    def list_config(
        ctx: typer.Context,
        show_secrets: ShowSecretsOption = False,
        json_output: JsonOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """List the stack's configuration (or use a subcommand)."""
        if ctx.invoked_subcommand is not None:
            return
        workspace, target = open_stack(cwd, backend, stack_option)
        stack_file: StackFile = workspace.stack_file(target)
        crypter = workspace.crypter(target) if show_secrets and stack_file.has_secure_values() else None
        entries: dict[str, tuple[Any, bool]] = {}
        for raw_key, raw_value in stack_file.config.items():
            key = parse_config_key(raw_key, workspace.project.name) or str(raw_key)
            secret = contains_secure(raw_value)
            value = raw_value
            if secret and show_secrets:
                value, _ = decrypt_secure_values(raw_value, crypter, key, stack_file.path)
            entries[key] = (value, secret)
        if json_output:
            print_json({k: _json_entry(v, s, show_secrets) for k, (v, s) in sorted(entries.items())})
            return
        rows = [
            [
                _display_key(key, workspace.project.name),
                SECRET_MASK if secret and not show_secrets else render_value(value),
            ]
            for key, (value, secret) in sorted(entries.items())
        ]
        print_table(["KEY", "VALUE"], rows)

    @config.command("set")
    @handles_engine_errors
    def set_(
        key: KeyArgument,
        value: Annotated[str | None, typer.Argument(help="The value; read from stdin when omitted.")] = None,
        secret: Annotated[
            bool, typer.Option("--secret", help="Encrypt the value (stored as `secure:`).")
        ] = False,
        plaintext: Annotated[
            bool, typer.Option("--plaintext", help="Store the value as plain text.")
        ] = False,
        path: PathOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
    ) -> None:
        """Set a configuration value (never echoed)."""
        if secret and plaintext:
            raise EngineError("--secret and --plaintext are mutually exclusive; pick one")
        workspace, target = open_stack(cwd, backend, stack_option)
        if value is None:
            value = _read_value(secret, non_interactive)
        crypter = workspace.crypter(target, create=True) if secret else None
        set_config(workspace.stack_file(target), key, value, secret=secret, path=path, crypter=crypter)

    @config.command("get")
    @handles_engine_errors
    def get(
        key: KeyArgument,
        json_output: JsonOption = False,
        path: PathOption = False,
        show_secrets: ShowSecretsOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Print one configuration value (a secret prints as \\[secret] unless --show-secrets)."""
        workspace, target = open_stack(cwd, backend, stack_option)
        stack_file = workspace.stack_file(target)
        crypter = workspace.crypter(target) if show_secrets and stack_file.has_secure_values() else None
        entry = get_config(stack_file, key, path=path, crypter=crypter, decrypt=show_secrets)
        if json_output:
            print_json(_json_entry(entry.value, entry.secret, show_secrets))
        elif entry.secret and not show_secrets:
            typer.echo(SECRET_MASK)
        else:
            typer.echo(render_value(entry.value))

    @config.command("rm")
    @handles_engine_errors
    def rm(
        key: KeyArgument,
        path: PathOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Remove a configuration value."""
        workspace, target = open_stack(cwd, backend, stack_option)
        remove_config(workspace.stack_file(target), key, path=path)
