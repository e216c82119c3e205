"""`gcx stack init|ls|select|rm|output|export|import|graph`: manage stacks and their state (Pulumi's
`pulumi stack ...` commands and output formats, on the DIY backend)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
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
    humanize_since,
    open_stack,
    open_workspace,
    print_json,
    print_table,
    render_value,
)
from gcx.engine.errors import EngineError, StateError
from gcx.engine.graph import (
    DEPENDENCY_EDGE_COLOR,
    PARENT_EDGE_COLOR,
    GraphOptions,
    render_dot,
    render_svg,
)

NameArgument = Annotated[str | None, typer.Argument(help="Stack name (NAME or organization/<project>/NAME).")]
ShowSecretsOption = Annotated[bool, typer.Option("--show-secrets", help="Show secret values in plain text.")]
JsonOption = Annotated[bool, typer.Option("--json", "-j", help="Emit output as JSON.")]
FileOption = Annotated[Path | None, typer.Option("--file", help="A file to write to / read from.")]


class GraphFormat(StrEnum):
    DOT = "dot"
    SVG = "svg"


def _graph_format(chosen: GraphFormat | None, file: Path | None) -> GraphFormat:
    """The format asked for, else the one FILE's suffix names, else DOT."""
    if chosen is not None:
        return chosen
    return GraphFormat.SVG if file is not None and file.suffix.lower() == ".svg" else GraphFormat.DOT


def register(app: typer.Typer) -> None:
    stack = typer.Typer(help="Manage stacks and view stack state.", no_args_is_help=True)
    app.add_typer(stack, name="stack")

    @stack.command("init")
    @handles_engine_errors
    def init(
        name: NameArgument = None,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
    ) -> None:
        """Create an empty stack with the given name, ready for updates, and select it."""
        workspace = open_workspace(cwd, backend)
        chosen = name or stack_option
        if not chosen:
            raise EngineError("missing stack name; run `gcx stack init NAME`")
        created = workspace.create_stack(chosen)
        typer.echo(f"Created stack '{created}'")

    @stack.command("ls")
    @handles_engine_errors
    def ls(
        json_output: JsonOption = False,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """List the project's stacks (the current one is marked with *)."""
        workspace = open_workspace(cwd, backend)
        rows = workspace.list_stacks()
        if json_output:
            entries = []
            for row in rows:
                entry: dict[str, object] = {"name": row.name, "current": row.current}
                if row.last_update:
                    entry["lastUpdate"] = row.last_update
                entry["updateInProgress"] = False
                if row.resource_count is not None:
                    entry["resourceCount"] = row.resource_count
                entries.append(entry)
            print_json(entries)
            return
        print_table(
            ["NAME", "LAST UPDATE", "RESOURCE COUNT"],
            [
                [
                    row.name + ("*" if row.current else ""),
                    humanize_since(row.last_update) if row.last_update else "n/a",
                    "n/a" if row.resource_count is None else str(row.resource_count),
                ]
                for row in rows
            ],
        )

    @stack.command("select")
    @handles_engine_errors
    def select(
        name: NameArgument = None,
        stack_option: StackOption = None,
        create: Annotated[
            bool, typer.Option("--create", "-c", help="Create the stack if it does not exist.")
        ] = False,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
    ) -> None:
        """Switch the current stack; later commands use it unless --stack says otherwise."""
        workspace = open_workspace(cwd, backend)
        chosen = name or stack_option
        if not chosen:
            raise EngineError("missing stack name; run `gcx stack select NAME`")
        short = workspace.stack_name(chosen)
        if create and short not in workspace.backend.list_stacks(workspace.project.name):
            workspace.create_stack(short)
            typer.echo(f"Created stack '{short}'")
            return
        workspace.select_stack(short)

    @stack.command("rm")
    @handles_engine_errors
    def rm(
        name: NameArgument = None,
        stack_option: StackOption = None,
        force: Annotated[
            bool, typer.Option("--force", "-f", help="Remove the stack even if it still has resources.")
        ] = False,
        preserve_config: Annotated[
            bool, typer.Option("--preserve-config", help="Keep the stack's Pulumi.<stack>.yaml file.")
        ] = False,
        yes: YesOption = False,
        cwd: CwdOption = None,
        backend: BackendOption = None,
        non_interactive: NonInteractiveOption = False,
    ) -> None:
        """Remove a stack, its history and (unless --preserve-config) its config file."""
        workspace, target = open_stack(cwd, backend, name or stack_option)
        confirm_by_typing(
            target,
            f"This will permanently remove the '{target}' stack!",
            yes=yes,
            non_interactive=non_interactive,
        )
        workspace.remove_stack(target, force=force, preserve_config=preserve_config)
        typer.echo(f"Stack '{target}' has been removed!")

    @stack.command("output")
    @handles_engine_errors
    def output(
        property_name: Annotated[str | None, typer.Argument(metavar="[PROPERTY_NAME]")] = None,
        json_output: JsonOption = False,
        show_secrets: ShowSecretsOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Show the stack's output properties (secrets as \\[secret] unless --show-secrets)."""
        workspace, target = open_stack(cwd, backend, stack_option)
        outputs = workspace.outputs(target, show_secrets=show_secrets)
        if property_name is not None:
            if property_name not in outputs:
                raise EngineError(f"current stack does not have output property '{property_name}'")
            value = outputs[property_name]
            if json_output:
                print_json(value)
            else:
                typer.echo(render_value(value))
            return
        if json_output:
            print_json(outputs)
            return
        if not outputs:
            typer.echo("No output values currently in this stack")
            return
        typer.echo(f"Current stack outputs ({len(outputs)}):")
        print_table(
            ["OUTPUT", "VALUE"], [[key, render_value(outputs[key])] for key in sorted(outputs)], indent="    "
        )

    @stack.command("export")
    @handles_engine_errors
    def export(
        file: FileOption = None,
        show_secrets: ShowSecretsOption = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Export the stack's deployment as JSON (stdout, or --file)."""
        workspace, target = open_stack(cwd, backend, stack_option)
        text = json.dumps(
            workspace.export_stack(target, show_secrets=show_secrets), indent=4, ensure_ascii=False
        )
        if file is None:
            typer.echo(text)
        else:
            file.write_text(text + "\n", encoding="utf-8")

    @stack.command("import")
    @handles_engine_errors
    def import_(
        file: FileOption = None,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Replace the stack's deployment with one read from --file (or stdin), after checking it."""
        workspace, target = open_stack(cwd, backend, stack_option)
        source = str(file) if file is not None else "stdin"
        try:
            text = file.read_text(encoding="utf-8") if file is not None else sys.stdin.read()
            data = json.loads(text)
        except OSError as exc:
            raise EngineError(f"cannot read {source}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise StateError(f"{source} is not valid JSON: {exc}") from None
        workspace.import_stack(target, data)
        typer.echo("Import complete.")

    @stack.command("graph")
    @handles_engine_errors
    def graph(
        file: Annotated[
            Path | None,
            typer.Argument(metavar="[FILE]", help="Write the graph to this file (default: standard output)."),
        ] = None,
        graph_format: Annotated[
            GraphFormat | None,
            typer.Option(
                "--format",
                help="dot, or svg (drawn by Graphviz's `dot`, which must be installed). "
                "Default: svg for a FILE ending in .svg, else dot.",
            ),
        ] = None,
        ignore_parent_edges: Annotated[
            bool, typer.Option("--ignore-parent-edges", help="Leave out the child-to-parent edges.")
        ] = False,
        ignore_dependency_edges: Annotated[
            bool, typer.Option("--ignore-dependency-edges", help="Leave out the dependency edges.")
        ] = False,
        dependency_edge_color: Annotated[
            str, typer.Option("--dependency-edge-color", help="Colour of the dependency edges.")
        ] = DEPENDENCY_EDGE_COLOR,
        parent_edge_color: Annotated[
            str, typer.Option("--parent-edge-color", help="Colour of the child-to-parent edges.")
        ] = PARENT_EDGE_COLOR,
        short_node_name: Annotated[
            bool, typer.Option("--short-node-name", help="Label nodes with the resource name, not the URN.")
        ] = False,
        dot_fragment: Annotated[
            str,
            typer.Option(
                "--dot-fragment",
                help="A DOT fragment inserted at the top of the digraph (graph, node and edge styling).",
            ),
        ] = "",
        ignore_providers: Annotated[
            bool, typer.Option("--ignore-providers", help="Leave provider resources out of the graph.")
        ] = False,
        provider_edges: Annotated[
            bool,
            typer.Option(
                "--provider-edges", help="Also draw a dashed edge from each resource to the provider it uses."
            ),
        ] = False,
        stack_option: StackOption = None,
        cwd: CwdOption = None,
        backend: BackendOption = None,
    ) -> None:
        """Export the resource graph (parents, dependencies) of the stack's latest state as DOT or SVG."""
        workspace, target = open_stack(cwd, backend, stack_option)
        resources = workspace.export_stack(target)["deployment"].get("resources") or []
        if not resources:
            raise EngineError(f"stack '{target}' has no resources yet; deploy it with `gcx up` first")
        options = GraphOptions(
            ignore_parent_edges=ignore_parent_edges,
            ignore_dependency_edges=ignore_dependency_edges,
            dependency_edge_color=dependency_edge_color,
            parent_edge_color=parent_edge_color,
            short_node_name=short_node_name,
            dot_fragment=dot_fragment,
            include_providers=not ignore_providers,
            provider_edges=provider_edges,
        )
        text = render_dot(resources, options)
        data = render_svg(text) if _graph_format(graph_format, file) == GraphFormat.SVG else text.encode()
        if file is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        try:
            file.write_bytes(data)
        except OSError as exc:
            raise EngineError(f"cannot write {file}: {exc.strerror or exc}") from None
        typer.echo(f"Wrote stack dependency graph to `{file}`")
