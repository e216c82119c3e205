"""The default (non-diff) display: one line per change, then diagnostics, outputs and totals.

Step lines follow Pulumi's non-interactive progress display: ``<marker> <type> <name> <op>``
(past tense once the step ran, with its duration), e.g. `` +  fake:index:Thing solo created (0.12s)``.
"""

from __future__ import annotations

from gcx.engine.display.diff_text import display_order, is_shown
from gcx.engine.display.sections import diagnostics_section, header, outputs_section, resources_summary
from gcx.engine.display.sections import stack_urn_of as _stack_urn
from gcx.engine.result import OperationResult
from gcx.engine.steps import OPS, Step
from gcx.engine.urns import urn_name


def step_line(step: Step, done: bool) -> str:
    """A progress line for one step (``done`` selects the past tense and shows the duration)."""
    op = step.result_op or step.op
    info = OPS[op]
    label = info.past if done else op
    timing = f" ({step.duration_ns / 1e9:.2f}s)" if done and step.duration_ns else ""
    return f" {info.prefix} {step.type} {urn_name(step.urn)} {label}{timing}"


def render_steps(result: OperationResult) -> str:
    lines = [step_line(s, not result.dry_run) for s in display_order(result.steps) if is_shown(s)]
    return "".join(line + "\n" for line in lines)


def render_summary(result: OperationResult) -> str:
    """Diagnostics, stack outputs and the ``Resources:`` totals (what follows the live progress)."""
    parts = [
        diagnostics_section(result.diagnostics, _stack_urn(result)),
        outputs_section(result),
    ]
    body = "\n".join(p.rstrip("\n") for p in parts if p)
    resources = resources_summary(result)
    return (body + "\n\n" if body and resources else body + "\n" if body else "") + resources


def render_plain(result: OperationResult) -> str:
    """Header, every change as a line, then the summary (for a non-live display of a finished run)."""
    return f"{header(result)}\n{render_steps(result)}\n{render_summary(result)}"
