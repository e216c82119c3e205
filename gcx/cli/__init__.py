"""The `gcx` command line: a thin layer over the library packages.

Each module in this package owns one command group and exposes `register(app)`; the logic lives
in `gcx.engine`, `gcx.emulator` and friends, so every command is also callable from Python.
"""

from __future__ import annotations

import typer

from gcx.cli import emulator_cmd

app = typer.Typer(
    name="gcx",
    help="Genesys Cloud integrations as code: offline Pulumi engine and Genesys Cloud emulator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in (emulator_cmd,):
    _module.register(app)


def main() -> None:
    app()
