"""`gcx preview | up | destroy | refresh | import`: run the offline engine, Pulumi's flags and output.

Output: with ``--json`` the preview digest; with ``--diff`` Pulumi's diff text; with
``gcx preview --markdown`` one comment-ready Markdown document for one or several stacks (``-s a
-s b``; `gcx.engine.display.markdown`), printed even when a stack fails (``--report FILE`` saves
one stack's part of it for `gcx preview-report`); otherwise live progress (a `rich` view on a
terminal, one line per change elsewhere) followed by diagnostics,
stack outputs and the ``Resources:`` summary. Exit codes: 0 success, 1 the operation failed (or
``--expect-no-changes`` found changes), 2 bad usage; errors about the project, config, secrets,
state or lock keep the exit codes of `gcx.engine.errors`. The first Ctrl-C lets the steps in
flight finish, saves the state and releases the lock; a second one stops at once.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer

from gcx.cli.common import (
    BackendOption,
    CwdOption,
    NonInteractiveOption,
    StackOption,
    YesOption,
    handles_engine_errors,
    is_interactive,
    open_stack,
)
from gcx.devstack import emulator_environment
from gcx.engine.api import Stack
from gcx.engine.display import (
    progress_for,
    python_snippet,
    render_diff_text,
    render_json,
    render_summary,
)
from gcx.engine.display.markdown import StackPreview, render_markdown, stack_report
from gcx.engine.display.sections import header
from gcx.engine.errors import EngineError
from gcx.engine.events import EngineEvent, EventSink, ignore_event
from gcx.engine.operations import imported_state
from gcx.engine.registry_defaults import default_registry
from gcx.engine.result import OperationError, OperationResult

DiffOption = Annotated[
    bool, typer.Option("--diff", help="Display operation as a rich diff showing the changes.")
]
JsonOption = Annotated[bool, typer.Option("--json", "-j", help="Serialize the preview diffs as JSON.")]
RefreshOption = Annotated[
    bool,
    typer.Option("--refresh", "-r", help="Refresh the state of the stack's resources before the update."),
]
ExpectNoChangesOption = Annotated[
    bool, typer.Option("--expect-no-changes", help="Return an error if any changes are proposed.")
]
TargetOption = Annotated[
    list[str] | None,
    typer.Option("--target", "-t", help="Specify a resource URN to update (may be repeated; * wildcards)."),
]
ParallelOption = Annotated[
    int,
    typer.Option("--parallel", "-p", min=1, help="Allow P resource operations to run in parallel at once."),
]
SkipPreviewOption = Annotated[bool, typer.Option("--skip-preview", help="Do not calculate a preview first.")]
ShowSamesOption = Annotated[
    bool, typer.Option("--show-sames", help="Show resources that don't need to be updated.")
]
PreviewStacksOption = Annotated[
    list[str] | None,
    typer.Option(
        "--stack",
        "-s",
        help="The name of the stack to operate on. Defaults to the current stack. "
        "With --markdown it may be repeated: one document for all of them.",
    ),
]
ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        metavar="FILE",
        help="Also save the preview, rendered for a pull-request comment (JSON, secrets masked), for "
        "`gcx preview-report` to combine with other stacks'.",
    ),
]
MarkdownOption = Annotated[
    bool,
    typer.Option(
        "--markdown",
        help="Print one comment-ready Markdown document (summary table, a collapsible diff per "
        "component, secrets masked) for a pull request.",
    ),
]


class UsageError(EngineError):
    """The command cannot run as invoked (exit code 2, like a bad flag)."""

    exit_code = 2


NEEDS_YES = "--yes or --skip-preview must be passed in to proceed when running in non-interactive mode"
CANCEL_NOTICE = "^C received; cancelling. If you would like to terminate immediately, press ^C again."


@dataclass(frozen=True)
class Display:
    """How a command shows its result."""

    diff: bool = False
    json_output: bool = False
    show_sames: bool = False


# An operation run either as a preview (True) or for real (False), reporting to a sink.
Runnable = Callable[[bool, EventSink], OperationResult]
IMPORT_CODE_NOTICE = (
    "\nPlease copy the following code into your Pulumi application. Not doing so\n"
    "will cause Pulumi to report that an update will happen on the next update command.\n"
)


@contextmanager
def _cancel_on_sigint(stack: Stack) -> Iterator[None]:
    """First Ctrl-C: stop starting steps, finish and save. Second: the default (stop now)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        typer.echo(CANCEL_NOTICE, err=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        stack.cancel()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _show(result: OperationResult, display: Display) -> None:
    if display.json_output:
        typer.echo(render_json(result), nl=False)
    elif display.diff:
        typer.echo(render_diff_text(result, show_sames=display.show_sames), nl=False)
    else:
        typer.echo("\n" + render_summary(result), nl=False)


def _run(
    stack: Stack,
    operation: Callable[[EventSink], OperationResult],
    *,
    dry_run: bool,
    kind: str,
    display: Display,
    on_result: Callable[[StackPreview], None] | None = None,
) -> OperationResult:
    """Run one operation with the chosen display; a failure prints what happened, then exits 1.

    The header is printed with the first event, so input errors found before anything runs
    (project file, config, passphrase, stack) appear alone. `on_result` gets the outcome,
    failed or not, before it is shown.
    """
    streamed = not (display.diff or display.json_output)
    title = header(OperationResult(kind=kind, dry_run=dry_run, stack=stack.name))
    titled = threading.Event()
    # While the program runs, its stdout is captured as diagnostics: write to the real stream.
    out = sys.stdout

    def show_title() -> None:
        if streamed and not titled.is_set():
            titled.set()
            typer.echo(title, file=out)

    progress: Any = progress_for(out, dry_run, title) if streamed else None

    def sink(event: EngineEvent) -> None:
        show_title()
        progress(event)

    try:
        with _cancel_on_sigint(stack), progress if progress is not None else _nothing():
            result = operation(sink if progress is not None else ignore_event)
    except OperationError as exc:
        if on_result is not None:
            on_result(StackPreview(stack.name, exc.result, exc.message))
        show_title()
        _show(exc.result, display)
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if on_result is not None:
        on_result(StackPreview(stack.name, result))
    show_title()
    _show(result, display)
    return result


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _preview_markdown(
    cwd: Any, backend: str | None, names: list[str] | list[None], preview: Callable[[Stack], OperationResult]
) -> None:
    """Preview each stack in turn and print one document; a stack that fails is reported in it
    (and on stderr), the others still run, and the exit code is the first failure's."""
    previews: list[StackPreview] = []
    exit_code = 0
    for name in names:
        try:
            with _open(cwd, backend, name) as stack, _cancel_on_sigint(stack):
                previews.append(StackPreview(stack.name, preview(stack)))
        except OperationError as exc:
            previews.append(StackPreview(exc.result.stack, exc.result, exc.message))
            exit_code = exit_code or exc.exit_code
        except EngineError as exc:
            previews.append(StackPreview(name or "(no stack selected)", error=exc.message))
            exit_code = exit_code or exc.exit_code
        else:
            continue
        typer.echo(f"error: {previews[-1].name}: {previews[-1].error}", err=True)
    typer.echo(render_markdown(previews), nl=False)
    if exit_code:
        raise typer.Exit(exit_code)


@contextmanager
def _saving_report(path: Path | None, stack_name: str | None) -> Iterator[Callable[[StackPreview], None]]:
    """A `_run` callback that writes the preview report to `path`; an error that stops the preview
    before it runs (no stack, bad config, wrong passphrase) is written as the report too."""
    if path is None:
        yield lambda preview: None
        return
    written: list[StackPreview] = []

    def save(preview: StackPreview) -> None:
        text = json.dumps(stack_report(preview).to_json(), indent=1, ensure_ascii=False) + "\n"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise EngineError(f"cannot write the preview report {path}: {exc.strerror or exc}") from None
        written.append(preview)

    try:
        yield save
    except EngineError as exc:
        if not written:
            save(StackPreview(stack_name or "(no stack selected)", error=exc.message))
        raise


@contextmanager
def _open(cwd: Any, backend: str | None, stack_name: str | None) -> Iterator[Stack]:
    """The stack to operate on; a stack marked `gcx:emulator: embedded` gets its emulator running
    (orgs ensured) for the whole command, with the gateway variables set for the program."""
    workspace, name = open_stack(cwd, backend, stack_name)
    with emulator_environment(workspace, name) as env:
        yield Stack(workspace, name, registry=default_registry(os.environ), program_env=env)


def _confirm_then_run(
    stack: Stack,
    operation: Runnable,
    *,
    kind: str,
    question: str,
    yes: bool,
    skip_preview: bool,
    non_interactive: bool,
    display: Display,
) -> OperationResult:
    """Pulumi's flow: without --yes, preview, then ask (refused when nobody can answer); then run."""
    if not yes:
        if not is_interactive(non_interactive):
            raise UsageError(NEEDS_YES if not skip_preview else NEEDS_YES.replace(" or --skip-preview", ""))
        if not skip_preview:
            preview_display = Display(diff=display.diff, show_sames=display.show_sames)
            _run(stack, lambda sink: operation(True, sink), dry_run=True, kind=kind, display=preview_display)
        if not typer.confirm(question, default=False):
            raise EngineError("confirmation declined, not proceeding with the operation")
    return _run(stack, lambda sink: operation(False, sink), dry_run=False, kind=kind, display=display)


def register(app: typer.Typer) -> None:
    @app.command("preview")
    @handles_engine_errors
    def preview(
        stack_names: PreviewStacksOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
        diff: DiffOption = False,
        json_output: JsonOption = False,
        markdown: MarkdownOption = False,
        report: ReportOption = None,
        refresh: RefreshOption = False,
        expect_no_changes: ExpectNoChangesOption = False,
        target: TargetOption = None,
        parallel: ParallelOption = 10,
        show_sames: ShowSamesOption = False,
    ) -> None:
        """Show a preview of updates to a stack's resources."""

        def run(stack: Stack, sink: EventSink | None = None) -> OperationResult:
            return stack.preview(
                refresh=refresh, targets=target or (), parallel=parallel,
                expect_no_changes=expect_no_changes, on_event=sink,
            )  # fmt: skip

        if markdown:
            if diff or json_output or report:
                raise UsageError("--markdown cannot be combined with --diff, --json or --report")
            _preview_markdown(cwd, backend, stack_names or [None], run)
            return
        if stack_names and len(stack_names) > 1:
            raise UsageError("only one --stack at a time, except with --markdown (one document for all)")
        name = stack_names[0] if stack_names else None
        with _saving_report(report, name) as save, _open(cwd, backend, name) as stack:
            _run(
                stack,
                lambda sink: run(stack, sink),
                dry_run=True,
                kind="update",
                display=Display(diff, json_output, show_sames),
                on_result=save,
            )

    @app.command("up")
    @handles_engine_errors
    def up(
        stack_name: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
        yes: YesOption = False,
        skip_preview: SkipPreviewOption = False,
        diff: DiffOption = False,
        json_output: JsonOption = False,
        refresh: RefreshOption = False,
        expect_no_changes: ExpectNoChangesOption = False,
        target: TargetOption = None,
        parallel: ParallelOption = 10,
        show_sames: ShowSamesOption = False,
    ) -> None:
        """Create or update the resources in a stack."""
        with _open(cwd, backend, stack_name) as stack:

            def operation(preview_only: bool, sink: EventSink) -> OperationResult:
                run = stack.preview if preview_only else stack.up
                return run(
                    refresh=refresh, targets=target or (), parallel=parallel,
                    expect_no_changes=expect_no_changes and not preview_only, on_event=sink,
                )  # fmt: skip

            _confirm_then_run(
                stack, operation, kind="update", question="Do you want to perform this update?", yes=yes,
                skip_preview=skip_preview, non_interactive=non_interactive,
                display=Display(diff, json_output, show_sames),
            )  # fmt: skip

    @app.command("destroy")
    @handles_engine_errors
    def destroy(
        stack_name: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
        yes: YesOption = False,
        skip_preview: SkipPreviewOption = False,
        diff: DiffOption = False,
        json_output: JsonOption = False,
        target: TargetOption = None,
        parallel: ParallelOption = 10,
    ) -> None:
        """Destroy all existing resources in the stack (the program is not run)."""
        with _open(cwd, backend, stack_name) as stack:

            def operation(preview_only: bool, sink: EventSink) -> OperationResult:
                return stack.destroy(
                    targets=target or (), parallel=parallel, preview_only=preview_only, on_event=sink
                )

            _confirm_then_run(
                stack, operation, kind="destroy", question="Do you want to perform this destroy?", yes=yes,
                skip_preview=skip_preview, non_interactive=non_interactive,
                display=Display(diff, json_output),
            )  # fmt: skip

    @app.command("refresh")
    @handles_engine_errors
    def refresh(
        stack_name: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
        yes: YesOption = False,
        skip_preview: SkipPreviewOption = False,
        preview_only: Annotated[
            bool, typer.Option("--preview-only", help="Only show what a refresh would change.")
        ] = False,
        diff: DiffOption = False,
        json_output: JsonOption = False,
        expect_no_changes: ExpectNoChangesOption = False,
        parallel: ParallelOption = 10,
    ) -> None:
        """Refresh the resources in a stack: read each from its provider and record drift."""
        with _open(cwd, backend, stack_name) as stack:

            def operation(dry_run: bool, sink: EventSink) -> OperationResult:
                return stack.refresh(
                    preview_only=dry_run,
                    parallel=parallel,
                    expect_no_changes=expect_no_changes,
                    on_event=sink,
                )

            if preview_only:
                _run(
                    stack,
                    lambda sink: operation(True, sink),
                    dry_run=True,
                    kind="refresh",
                    display=Display(diff, json_output),
                )
                return
            _confirm_then_run(
                stack, operation, kind="refresh", question="Do you want to perform this refresh?", yes=yes,
                skip_preview=skip_preview, non_interactive=non_interactive,
                display=Display(diff, json_output),
            )  # fmt: skip

    @app.command("import")
    @handles_engine_errors
    def import_(
        type_token: Annotated[
            str, typer.Argument(metavar="TYPE", help="The type token, e.g. genesyscloud:index/group:Group")
        ],
        name: Annotated[str, typer.Argument(help="The resource name to give it in the program.")],
        resource_id: Annotated[str, typer.Argument(metavar="ID", help="The provider's id of the object.")],
        stack_name: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
        yes: YesOption = False,
        parent: Annotated[str | None, typer.Option("--parent", help="URN of the parent resource.")] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="URN of an explicit provider.")
        ] = None,
    ) -> None:
        """Import an existing object into the stack (protected) and print the code to adopt it."""
        with _open(cwd, backend, stack_name) as stack:
            if not yes and not is_interactive(non_interactive):
                raise UsageError(NEEDS_YES.replace(" or --skip-preview", ""))
            result = _run(
                stack,
                lambda sink: stack.import_resource(
                    type_token, name, resource_id, parent_urn=parent, provider_urn=provider, on_event=sink
                ),
                dry_run=False,
                kind="import",
                display=Display(),
            )
            state = imported_state(result)
            if state is not None:
                typer.echo(IMPORT_CODE_NOTICE)
                typer.echo(python_snippet(state, name), nl=False)
