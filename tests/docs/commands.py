"""Documented command lines checked against the real CLI: the `gcx` command they name must exist
and every option they pass must be one of that command's options."""

from __future__ import annotations

import functools
import re
import shlex
from dataclasses import dataclass
from typing import Any

import typer

from gcx.cli import app

# A `gcx` invocation inside a line of shell: after start of line, `$(`, `|`, `;`, `&&` or a path.
_INVOCATION = re.compile(r"(?:^|[\s;|&(`])(?:\S*/)?gcx\s+([^;|&)`#\n]*)")


@dataclass(frozen=True)
class Invocation:
    line: str
    path: tuple[str, ...]  # e.g. ("stack", "graph")
    options: tuple[str, ...]  # every --long and -s option written


_FENCED = re.compile(r"^[ \t]*```\w*\n(.*?)^[ \t]*```$", re.S | re.M)
_INLINE = re.compile(r"`([^`\n]+)`")


def markdown_code(text: str) -> str:
    """The code of a Markdown text: fenced blocks, then inline code spans one per line."""
    blocks = _FENCED.findall(text)
    prose = _FENCED.sub("", text)
    return "\n".join([*blocks, *_INLINE.findall(prose)])


def invocations(text: str) -> list[Invocation]:
    """Every `gcx ...` call written in the text (placeholders such as <stack> are arguments;
    ``gcx ...`` stands for any command and is skipped)."""
    found = []
    for line in text.splitlines():
        for match in _INVOCATION.finditer(line):
            try:
                tokens = shlex.split(match.group(1), comments=True)
            except ValueError:
                tokens = match.group(1).split()
            if tokens and tokens[0] != "...":
                found.append(_parse(line.strip(), tokens))
    return found


@functools.cache
def _root() -> Any:
    return typer.main.get_command(app)


def _parse(line: str, tokens: list[str]) -> Invocation:
    group = _root()
    path: list[str] = []
    for token in tokens:
        if token not in getattr(group, "commands", {}):
            break
        group = group.commands[token]
        path.append(token)
    options = tuple(t.split("=", 1)[0] for t in tokens if t.startswith("-") and t != "-")
    return Invocation(line, tuple(path), options)


def command(path: tuple[str, ...]) -> Any:
    """The command (Typer's click command object) at that path."""
    found = _root()
    for name in path:
        found = found.commands[name]
    return found


def unknown_options(invocation: Invocation) -> list[str]:
    cmd = command(invocation.path)
    known = {opt for param in cmd.params for opt in (*param.opts, *param.secondary_opts)} | {"--help"}
    return [option for option in invocation.options if option not in known]
