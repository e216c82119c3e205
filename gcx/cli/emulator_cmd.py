"""`gcx emulator ...`: serve the Genesys Cloud API emulator and administer its orgs."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    emulator = typer.Typer(help="Run and administer the Genesys Cloud API emulator.", no_args_is_help=True)
    app.add_typer(emulator, name="emulator")
