"""`gcx stack graph` on a stack deployed with the engine's lifecycle test program (fake cloud):
nodes, the two kinds of edge, Pulumi's flags, providers, SVG through Graphviz, and errors."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gcx.cli import app
from gcx.engine.graph import DEPENDENCY_EDGE_COLOR, PARENT_EDGE_COLOR, GraphOptions, graph_edges, render_dot

NODE = re.compile(r'^    (Resource\d+) \[label="([^"]*)"\];$')
EDGE = re.compile(r"^    (Resource\d+) -> (Resource\d+) \[(.*)\];$")


@pytest.fixture
def deployed(lifecycle):
    assert gcx(lifecycle, "up", "--yes").exit_code == 0
    return lifecycle


def gcx(proj, *args: str):
    return CliRunner().invoke(app, [*args, "--cwd", str(proj.dir), "--stack", "dev"], catch_exceptions=False)


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Node id -> label, and (from label, to label, attributes) per edge; every line must parse."""
    lines = text.splitlines()
    assert lines[0] == "strict digraph {" and lines[-1] == "}"
    nodes, edges = {}, []
    for line in lines[1:-1]:
        if node := NODE.match(line):
            nodes[node[1]] = node[2]
        elif edge := EDGE.match(line):
            edges.append((edge[1], edge[2], edge[3]))
        else:
            raise AssertionError(f"not a node or edge line: {line!r}")
    return nodes, [(nodes[a], nodes[b], attrs) for a, b, attrs in edges]


def test_nodes_parent_edges_and_dependency_edges_from_the_checkpoint(deployed, tmp_path):
    out = tmp_path / "dev.dot"
    written = gcx(deployed, "stack", "graph", str(out))
    assert written.exit_code == 0, written.output
    assert written.output == f"Wrote stack dependency graph to `{out}`\n"
    text = out.read_text()
    stored = deployed.checkpoint()["checkpoint"]["latest"]["resources"]
    nodes, edges = parse(text)
    assert list(nodes.values()) == [r["urn"] for r in stored]

    grp, first, second = (deployed.urn(n, *t) for n, *t in (
        ("grp", "lc:index:Group"),
        ("grp-a", "fake:index:Thing", "lc:index:Group"),
        ("grp-b", "fake:index:Thing", "lc:index:Group"),
    ))  # fmt: skip
    parent = f'color = "{PARENT_EDGE_COLOR}"'
    assert (first, grp, parent) in edges and (second, grp, parent) in edges
    # grp-b's settings hold grp-a's cloudId: a dependency edge from grp-a, labelled with the property.
    assert (first, second, f'color = "{DEPENDENCY_EDGE_COLOR}", label = "settings"') in edges
    # Every non-root resource has exactly one parent edge; the root stack has none.
    parented = [a for a, _, attrs in edges if attrs == parent]
    assert sorted(parented) == sorted(r["urn"] for r in stored if r.get("parent"))

    printed = gcx(deployed, "stack", "graph")
    assert printed.stdout == text  # stdout without FILE, and the same bytes on a second run


def test_pulumi_flags_and_the_provider_choices(deployed):
    def graph(*flags: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        result = gcx(deployed, "stack", "graph", *flags)
        assert result.exit_code == 0, result.output
        return parse(result.stdout) if "--dot-fragment" not in flags else ({}, [])

    _, no_parents = graph("--ignore-parent-edges")
    assert no_parents and all("label" in attrs for _, _, attrs in no_parents)
    _, no_deps = graph("--ignore-dependency-edges", "--parent-edge-color", "red")
    assert no_deps and {attrs for _, _, attrs in no_deps} == {'color = "red"'}
    short, _ = graph("--short-node-name")
    assert "grp-a" in short.values() and not any(label.startswith("urn:") for label in short.values())

    with_providers, _ = graph()
    providers = {label for label in with_providers.values() if ":pulumi:providers:" in label}
    assert providers  # the default provider of `fake` is a node, as in Pulumi's graph
    without, _ = graph("--ignore-providers")
    assert set(without.values()) == set(with_providers.values()) - providers
    _, provider_edges = graph("--provider-edges")
    dashed = [(a, b) for a, b, attrs in provider_edges if 'style = "dashed"' in attrs]
    assert dashed and all(b in providers for _, b in dashed)
    assert {a for a, _ in dashed} == {
        label for label in with_providers.values() if "fake:index:Thing::" in label
    }

    fragment = gcx(deployed, "stack", "graph", "--dot-fragment", "rankdir=LR;")
    assert fragment.stdout.startswith("strict digraph {\nrankdir=LR;\n    Resource0 [label=")


def _stand_in_dot(directory: Path) -> None:
    """A `dot` that checks it was asked for SVG and wraps the DOT it read in an svg element."""
    script = directory / "dot"
    script.write_text('#!/bin/sh\n[ "$1" = "-Tsvg" ] || exit 3\nprintf "<svg>"; cat; printf "</svg>"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_svg_through_graphviz_and_a_clear_error_without_it(deployed, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    missing = gcx(deployed, "stack", "graph", "--format", "svg")
    assert missing.exit_code == 1
    assert "needs Graphviz's `dot` on PATH" in missing.output and "--format dot" in missing.output

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stand_in_dot(bin_dir)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"]))
    out = tmp_path / "dev.svg"  # the suffix picks the format
    assert gcx(deployed, "stack", "graph", str(out)).exit_code == 0
    dot_text = gcx(deployed, "stack", "graph", "--format", "dot").stdout
    assert out.read_text() == f"<svg>{dot_text}</svg>"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_real_graphviz_draws_the_graph(deployed, tmp_path):
    out = tmp_path / "dev.svg"
    assert gcx(deployed, "stack", "graph", str(out), "--short-node-name").exit_code == 0
    assert "<svg" in out.read_text() and "grp-a" in out.read_text()


def test_a_stack_never_deployed_has_no_graph(lifecycle):
    result = gcx(lifecycle, "stack", "graph")
    assert result.exit_code == 1
    assert "stack 'dev' has no resources yet; deploy it with `gcx up` first" in result.output


def test_edges_to_missing_nodes_are_dropped_and_labels_are_quoted():
    records = [
        {"urn": 'urn:pulumi:dev::p::t:index:T::a"b', "type": "t:index:T", "custom": True},
        {
            "urn": "urn:pulumi:dev::p::t:index:T::c",
            "type": "t:index:T",
            "custom": True,
            "parent": "urn:pulumi:dev::p::t:index:T::gone",
            "dependencies": ['urn:pulumi:dev::p::t:index:T::a"b'],
        },
    ]
    assert [e.kind for e in graph_edges(records, GraphOptions())] == ["dependency"]
    text = render_dot(records)
    assert 'label="urn:pulumi:dev::p::t:index:T::a\\"b"' in text
    assert '    Resource0 -> Resource1 [color = "#246C60"];' in text
