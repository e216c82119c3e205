"""`gcx preview-report FILE...`: join the reports saved by ``gcx preview --report FILE`` into one
pull-request comment (the document `gcx preview --markdown` prints, `gcx.engine.display.markdown`).

It reads only the reports: no project, state, passphrase or credentials, so the CI job that posts
the comment holds no secret. Stacks appear in the order of the files given. Exit code 0 when
every stack's preview succeeded, 1 when one failed (the document is printed either way), 2 when a
file cannot be read as a report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gcx.cli.common import handles_engine_errors
from gcx.engine.display.markdown import DEFAULT_LIMIT, ReportError, StackReport, render_reports

__all__ = ["read_report", "register"]


def read_report(path: Path) -> StackReport:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ReportError(
            f"{path} is not JSON ({exc}); write it with `gcx preview --report {path}`"
        ) from None
    return StackReport.from_json(data, str(path))


def register(app: typer.Typer) -> None:
    @app.command("preview-report")
    @handles_engine_errors
    def preview_report(
        files: Annotated[
            list[Path],
            typer.Argument(metavar="FILE...", help="Reports written by `gcx preview --report FILE`."),
        ],
        limit: Annotated[
            int,
            typer.Option(
                "--limit",
                min=1000,
                help="Shorten the longest code blocks so the document stays under this many characters.",
            ),
        ] = DEFAULT_LIMIT,
    ) -> None:
        """Join saved preview reports into one pull-request comment (Markdown on stdout)."""
        reports = [read_report(path) for path in files]
        typer.echo(render_reports(reports, limit=limit), nl=False)
        if any(report.counts is None for report in reports):
            raise typer.Exit(1)
