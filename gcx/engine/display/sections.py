"""Pieces every text display shares: the header, stack outputs, diagnostics and the summary.

Wording follows Pulumi's `renderSummaryEvent`: one ``Resources:`` line per kind of change in
step-op order (``+ 2 to create`` in a preview, ``+ 2 created`` after an update), then ``N
changes`` when more than one kind of change happened and ``M unchanged``, then (for operations
that ran) ``Duration: Ns`` rounded up to whole seconds.
"""

from __future__ import annotations

import math
from typing import Any

from gcx.engine.display.values import INDENT, MISSING, Printer, render_object
from gcx.engine.events import Diagnostic, Severity
from gcx.engine.result import Kind, OperationResult
from gcx.engine.steps import OPS, Op, Step
from gcx.engine.urns import STACK_TYPE, urn_name, urn_type

_HEADERS = {
    Kind.UPDATE: ("Previewing update", "Updating"),
    Kind.PREVIEW: ("Previewing update", "Updating"),
    Kind.DESTROY: ("Previewing destroy", "Destroying"),
    Kind.REFRESH: ("Previewing refresh", "Refreshing"),
    Kind.IMPORT: ("Previewing import", "Importing"),
}


def header(result: OperationResult) -> str:
    preview, done = _HEADERS.get(result.kind, ("Previewing update", "Updating"))
    return f"{preview if result.dry_run else done} ({result.stack}):"


def go_seconds(duration_ns: int) -> str:
    """A duration rounded up to whole seconds, written as Go prints a `time.Duration`."""
    seconds = max(0, math.ceil(duration_ns / 1e9))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


def resources_summary(result: OperationResult) -> str:
    """Empty for a failed preview: a partial plan would mislead (Pulumi shows none either)."""
    if result.dry_run and result.failed:
        return ""
    lines = ["Resources:"]
    to = "to " if result.dry_run else ""
    kinds = 0
    total = 0
    for op, info in OPS.items():
        count = result.change_summary.get(op, 0)
        if not count or op in (Op.SAME, Op.READ, Op.DISCARD, Op.READ_REPLACEMENT):
            continue
        kinds += 1
        total += count
        lines.append(f"    {info.prefix}{count} {to}{op if result.dry_run else info.past}")
    pieces = []
    if kinds >= 2:
        pieces.append(f"{total} change{'s' if total != 1 else ''}")
    if result.change_summary.get(Op.SAME):
        pieces.append(f"{result.change_summary[Op.SAME]} unchanged")
    if pieces:
        lines.append("    " + ". ".join(pieces))
    text = "\n".join(lines) + "\n"
    if not result.dry_run:
        text += f"\nDuration: {go_seconds(result.duration_ns)}\n"
    return text


def stack_outputs_text(step: Step | None, planning: bool, indent: int) -> str:
    """Stack outputs as Pulumi prints them for the root stack (``getResourceOutputsPropertiesString``).

    A preview shows only what changed (everything, unmarked, for a new stack); an update shows
    every output, with markers on the changed ones.
    """
    if step is None or step.new is None:
        return ""
    new: dict[str, Any] = step.new.outputs
    old: dict[str, Any] | None = step.old.outputs if step.old is not None else None
    if old is None:
        return render_object(new, indent, step.op, planning)
    out: list[str] = []
    printer = Printer(out, indent, Op.SAME, True, planning)
    keys = sorted(k for k in set(old) | set(new) if not k.startswith("__"))
    align = max((len(k) for k in keys), default=0)
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before == after and planning:
            continue
        printer.property_diff(key, align, old.get(key, MISSING), new.get(key, MISSING))
    return "".join(out)


def outputs_section(result: OperationResult) -> str:
    text = stack_outputs_text(result.stack_step, result.dry_run, 1)
    return f"Outputs:\n{text}" if text else ""


def _severity_prefix(severity: str) -> str:
    return "" if severity == Severity.INFO else f"{severity}: "


def diagnostics_section(diagnostics: list[Diagnostic], stack_urn: str) -> str:
    shown = [d for d in diagnostics if d.severity != Severity.DEBUG]
    if not shown:
        return ""
    groups: dict[str, list[Diagnostic]] = {}
    for diagnostic in shown:
        groups.setdefault(diagnostic.urn or stack_urn, []).append(diagnostic)
    lines = ["Diagnostics:"]
    for urn, items in groups.items():
        lines.append(f"  {urn_type(urn)} ({urn_name(urn)}):" if urn else "  (stack):")
        for item in items:
            body = _severity_prefix(item.severity) + item.message
            lines += [f"{INDENT}{line}" for line in body.split("\n")]
        lines.append("")
    return "\n".join(lines) + "\n"


def stack_urn_of(result: OperationResult) -> str:
    step = result.stack_step
    if step is not None:
        return step.urn
    return next((s.urn for s in result.steps if s.type == STACK_TYPE), "")
