"""`gcx stack graph`: a stack's resource graph in Graphviz DOT, as `pulumi stack graph` writes it.

Nodes are the resources of the stack's latest checkpoint (`ResourceV3` records), named
``Resource0``, ``Resource1``... in checkpoint order and labelled with their URN (or name). Edges,
told apart by colour as in Pulumi's output:

- dependency edges run from a resource to each resource that depends on it, labelled with the
  properties that carry the dependency (``propertyDependencies``);
- parent edges run from a child to its parent;
- provider edges (ours, off by default) run from a resource to the provider it uses, dashed.

Providers are nodes like any resource unless left out. Only the checkpoint's structure is read
(never a property value, so no passphrase is needed), and the text depends on nothing else, so
two runs on the same state give the same file. `render_svg` hands the DOT text to Graphviz.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gcx.engine.errors import EngineError
from gcx.engine.urns import ProviderRef, is_provider_type, urn_name

__all__ = [
    "DEPENDENCY_EDGE_COLOR",
    "PARENT_EDGE_COLOR",
    "PROVIDER_EDGE_COLOR",
    "Edge",
    "GraphOptions",
    "GraphvizError",
    "graph_edges",
    "render_dot",
    "render_svg",
]

DEPENDENCY_EDGE_COLOR = "#246C60"
PARENT_EDGE_COLOR = "#AA6639"
PROVIDER_EDGE_COLOR = "#7F7F7F"
_DOT_TIMEOUT_SECONDS = 120


class GraphvizError(EngineError):
    """Graphviz is missing or refused the graph."""


@dataclass(frozen=True)
class GraphOptions:
    """`pulumi stack graph`'s flags, plus what to do with providers."""

    ignore_parent_edges: bool = False
    ignore_dependency_edges: bool = False
    dependency_edge_color: str = DEPENDENCY_EDGE_COLOR
    parent_edge_color: str = PARENT_EDGE_COLOR
    short_node_name: bool = False
    dot_fragment: str = ""
    include_providers: bool = True
    provider_edges: bool = False


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # dependency | parent | provider
    properties: tuple[str, ...] = ()


def _nodes(resources: Iterable[Mapping[str, Any]], options: GraphOptions) -> dict[str, Mapping[str, Any]]:
    """URN -> record, in checkpoint order (a URN recorded twice, as during a replace, is one node)."""
    nodes: dict[str, Mapping[str, Any]] = {}
    for resource in resources:
        if options.include_providers or not is_provider_type(str(resource.get("type", ""))):
            nodes[str(resource["urn"])] = resource
    return nodes


def _dependency_edges(urn: str, resource: Mapping[str, Any]) -> list[Edge]:
    blame: dict[str, list[str]] = {}
    for prop, deps in sorted((resource.get("propertyDependencies") or {}).items()):
        for dep in deps:
            blame.setdefault(dep, []).append(prop)
    return [
        Edge(dep, urn, "dependency", tuple(blame.get(dep, ())))
        for dep in dict.fromkeys(resource.get("dependencies") or [])
    ]


def graph_edges(resources: Sequence[Mapping[str, Any]], options: GraphOptions = GraphOptions()) -> list[Edge]:
    """Every edge of the graph, in checkpoint order of the resource that brings it; edges to
    resources that are not nodes (left-out providers) are dropped."""
    nodes = _nodes(resources, options)
    edges: list[Edge] = []
    for urn, resource in nodes.items():
        if not options.ignore_dependency_edges:
            edges += _dependency_edges(urn, resource)
        parent = resource.get("parent")
        if parent and not options.ignore_parent_edges:
            edges.append(Edge(urn, str(parent), "parent"))
        provider = resource.get("provider")
        if provider and options.provider_edges:
            edges.append(Edge(urn, ProviderRef.parse(str(provider)).urn, "provider"))
    return [edge for edge in edges if edge.source in nodes and edge.target in nodes]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _edge_attributes(edge: Edge, options: GraphOptions) -> str:
    if edge.kind == "dependency":
        attributes = [f"color = {_quoted(options.dependency_edge_color)}"]
        if edge.properties:
            attributes.append(f"label = {_quoted(', '.join(edge.properties))}")
    elif edge.kind == "parent":
        attributes = [f"color = {_quoted(options.parent_edge_color)}"]
    else:
        attributes = [f"color = {_quoted(PROVIDER_EDGE_COLOR)}", 'style = "dashed"']
    return ", ".join(attributes)


def render_dot(resources: Sequence[Mapping[str, Any]], options: GraphOptions = GraphOptions()) -> str:
    """The DOT text: each node line followed by the edges that leave it."""
    nodes = _nodes(resources, options)
    ids = {urn: f"Resource{index}" for index, urn in enumerate(nodes)}
    leaving: dict[str, list[Edge]] = {}
    for edge in graph_edges(resources, options):
        leaving.setdefault(edge.source, []).append(edge)
    lines = ["strict digraph {"]
    if options.dot_fragment:
        lines.append(options.dot_fragment)
    for urn, node_id in ids.items():
        label = urn_name(urn) if options.short_node_name else urn
        lines.append(f"    {node_id} [label={_quoted(label)}];")
        for edge in leaving.get(urn, ()):
            lines.append(f"    {node_id} -> {ids[edge.target]} [{_edge_attributes(edge, options)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot_text: str) -> bytes:
    """The graph drawn by Graphviz (`dot -Tsvg`); a clear error when Graphviz is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizError(
            "--format svg needs Graphviz's `dot` on PATH, and it was not found; install Graphviz "
            "(apt-get install graphviz, brew install graphviz, choco install graphviz) or write DOT "
            "with --format dot and render it elsewhere"
        )
    try:
        done = subprocess.run(
            [dot, "-Tsvg"], input=dot_text.encode(), capture_output=True, timeout=_DOT_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz `dot` did not finish within {_DOT_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
        raise GraphvizError(f"Graphviz `dot` could not draw the graph: {detail}")
    return done.stdout
