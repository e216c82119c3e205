"""Rendering operation results: Pulumi's `--diff` text and `--json` digest, a plain summary,
live progress and the program snippet printed by `gcx import`."""

from gcx.engine.display.diff_text import render_diff_text
from gcx.engine.display.import_snippet import python_snippet
from gcx.engine.display.json_digest import render_json
from gcx.engine.display.progress import progress_for
from gcx.engine.display.summary import render_plain, render_steps, render_summary

__all__ = [
    "progress_for",
    "python_snippet",
    "render_diff_text",
    "render_json",
    "render_plain",
    "render_steps",
    "render_summary",
]
