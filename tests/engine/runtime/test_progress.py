"""Live progress: a `rich` view on a terminal, plain lines elsewhere (fed real engine events)."""

from __future__ import annotations

import io

from rich.console import Console

from gcx.engine.display.progress import LiveProgress, PlainProgress, progress_for


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_with(proj, sink):
    with sink:
        return proj.stack.up(on_event=sink)


def test_plain_lines_for_each_change_as_it_finishes(project):
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "t", secret=True)
    stream = io.StringIO()
    sink = progress_for(stream, dry_run=False, title="Updating (dev):")
    assert isinstance(sink, PlainProgress)
    _run_with(proj, sink)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11
    assert " +  fake:index:Thing solo created" in "\n".join(lines)
    assert all(line.startswith(" +  ") for line in lines)


def test_live_view_on_a_terminal(project):
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "t", secret=True)
    assert isinstance(progress_for(_Terminal(), dry_run=False, title="Updating (dev):"), LiveProgress)
    screen = io.StringIO()
    sink = LiveProgress(Console(file=screen, force_terminal=True, width=120), False, "Updating (dev):")
    _run_with(proj, sink)
    assert "fake:index:Thing solo created" in screen.getvalue()
    assert "Updating (dev):" in screen.getvalue()  # the live view's title line was drawn
