"""The `gcx` command line: a thin layer over the library packages.

Each `gcx/cli/<group>_cmd.py` module owns one command group and exposes `register(app)`; the
logic lives in `gcx.engine`, `gcx.emulator` and friends, so every command is also callable from
Python. Modules are discovered by name so command groups can be added without touching this file.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="gcx",
    help="Genesys Cloud integrations as code: offline Pulumi engine and Genesys Cloud emulator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_command_modules() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{info.name}").register(app)


_register_command_modules()


def main() -> None:
    app()
