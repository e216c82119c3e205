"""`gcx preview --markdown`: one comment-ready Markdown document for the previews of several stacks.

The document, in this order:

- `COMMENT_MARKER`, an HTML comment the CI workflow looks for to update its one sticky comment;
- a title and a table with one row per stack: create, update, replace, delete and same counts
  (Pulumi's change summary) and the outcome;
- per stack, its steps grouped by top-level component (the children of the root stack that
  are components: one `TenantStack` per tenant in this project), each group a collapsible
  ``<details>`` section holding the Pulumi diff text (`render_step_tree`, the renderer of
  ``--diff``) in a fenced ``diff`` block; resources outside any component get their own section,
  then the stack outputs and the diagnostics.

Markers (``+ ``, ``~ ``, ``- ``, ``+-`` ...) move to the first column so GitHub colours the lines;
nothing else of the diff text changes. Secrets are ``[secret]`` as in every display (values are
never opened). The text holds no time or duration and its order is fixed (stacks as given,
groups by name, steps in display order), so a rerun on the same state gives the same bytes. A
document longer than `limit` characters (a margin under GitHub's comment limit by default) keeps every section
and shortens the longest code blocks, each ending with a line that says what was cut and how to
see it all.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from gcx.engine.display.diff_text import display_order, is_shown, render_step_tree
from gcx.engine.display.sections import diagnostics_section, stack_outputs_text, stack_urn_of
from gcx.engine.events import Severity
from gcx.engine.result import OperationResult, change_summary
from gcx.engine.steps import OPS, Op, Step
from gcx.engine.urns import STACK_TYPE, urn_name

__all__ = ["COMMENT_MARKER", "DEFAULT_LIMIT", "GITHUB_COMMENT_LIMIT", "StackPreview", "render_markdown"]

COMMENT_MARKER = "<!-- gcx-preview-comment -->"
# GitHub refuses issue and pull-request comments longer than this many characters; the default
# limit keeps a margin, since GitHub counts UTF-16 units (an emoji is two) and a workflow may add lines.
GITHUB_COMMENT_LIMIT = 65_536
DEFAULT_LIMIT = 60_000
# The summary table's count columns, in Pulumi's step-op order.
COLUMNS = (Op.CREATE, Op.UPDATE, Op.REPLACE, Op.DELETE, Op.SAME)
OUTSIDE_TITLE = "Resources outside any component"
_MARKERS = frozenset(info.prefix for info in OPS.values() if info.prefix.strip())
# Room kept for the line that ends a shortened block.
_CUT_NOTE_ROOM = 200


@dataclass(frozen=True)
class StackPreview:
    """One stack's preview: its result, or why there is none (`error` alone: it never ran;
    `error` with a `result`: it failed part-way)."""

    name: str
    result: OperationResult | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error) or self.result is None or self.result.failed


@dataclass
class _Group:
    title: str
    type: str
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class _Block:
    """A fenced block whose body may be shortened to fit the document's limit."""

    body: str
    language: str
    stack: str


Part = str | _Block


# --------------------------------------------------------------------------- grouping


def _parent(step: Step) -> str:
    return getattr(step.resource, "parent", "") or ""


def _groups(result: OperationResult) -> list[_Group]:
    """The steps under each top-level component (by name), then those outside any component."""
    parents = {step.urn: _parent(step) for step in result.steps}
    resources = {step.urn: step.resource for step in result.steps}
    root = stack_urn_of(result)

    def top(urn: str) -> str:
        while parents.get(urn) and parents[urn] != root and parents[urn] in parents:
            urn = parents[urn]
        return urn

    components: dict[str, _Group] = {}
    outside = _Group(OUTSIDE_TITLE, "")
    for step in display_order(result.steps):
        if step.type == STACK_TYPE:
            continue
        head = resources.get(top(step.urn))
        if head is not None and not head.custom and head.type != STACK_TYPE:
            group = components.setdefault(head.urn, _Group(urn_name(head.urn), head.type))
        else:
            group = outside
        group.steps.append(step)
    ordered = sorted(components.values(), key=lambda g: (g.title, g.type))
    return [g for g in [*ordered, outside] if any(is_shown(s) for s in g.steps)]


# --------------------------------------------------------------------------- text pieces


def _counts_text(counts: dict[str, int], planning: bool) -> str:
    pieces = []
    for op, info in OPS.items():
        count = counts.get(op, 0)
        if count and op != Op.SAME and info.counted_as_change:
            pieces.append(f"{count} {'to ' + op if planning else info.past}")
    if counts.get(Op.SAME):
        pieces.append(f"{counts[Op.SAME]} unchanged")
    return ", ".join(pieces) or "no changes"


def _outcome(preview: StackPreview) -> str:
    if preview.failed:
        return "failed"
    assert preview.result is not None
    summary = preview.result.change_summary
    changes = sum(n for op, n in summary.items() if OPS[op].counted_as_change)
    extras = [f"{n} {op}" for op, n in summary.items() if n and op not in COLUMNS]
    text = f"{changes} change{'s' if changes != 1 else ''}" if changes else "no changes"
    return text + (f" ({', '.join(sorted(extras))})" if extras else "")


def _table(previews: Sequence[StackPreview]) -> str:
    lines = [
        "| Stack | " + " | ".join(op.capitalize() for op in COLUMNS) + " | Result |",
        "| :--- | " + " | ".join("---:" for _ in COLUMNS) + " | :--- |",
    ]
    for preview in previews:
        if preview.failed or preview.result is None:
            counts = ["-"] * len(COLUMNS)
        else:
            counts = [str(preview.result.change_summary.get(op, 0)) for op in COLUMNS]
        lines.append(f"| {_code(preview.name)} | " + " | ".join(counts) + f" | {_outcome(preview)} |")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Inline code for a table cell (pipes escaped, backticks cannot close it early)."""
    text = text.replace("|", "\\|")
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(body: str, language: str) -> str:
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    return f"{ticks}{language}\n{body.rstrip()}\n{ticks}\n"


def _marker_first(text: str) -> str:
    """The block dedented (a group starts at the left edge however deep its component sits), then
    each line's op marker moved before its indentation (same width), for GitHub's diff colours."""
    lines = []
    for line in textwrap.dedent(text).split("\n"):
        body = line.lstrip(" ")
        pad = len(line) - len(body)
        lines.append(body[:2] + " " * pad + body[2:] if pad and body[:2] in _MARKERS else line)
    return "\n".join(lines)


def _details(summary: str, parts: list[Part]) -> list[Part]:
    return [f"<details>\n<summary>{summary}</summary>\n\n", *parts, "\n</details>\n\n"]


# --------------------------------------------------------------------------- sections


def _stack_parts(preview: StackPreview) -> list[Part]:
    parts: list[Part] = [f"### {_code(preview.name)}\n\n"]
    result = preview.result
    if preview.error:
        error = _Block(preview.error.strip() + "\n", "text", preview.name)
        parts += ["**The preview failed:**\n\n", error, "\n"]
    if result is not None and not result.failed:
        parts += _group_parts(preview.name, result)
    if result is not None:
        parts += _diagnostics_parts(preview.name, result)
    return parts


def _group_parts(stack: str, result: OperationResult) -> list[Part]:
    parts: list[Part] = []
    planning = result.dry_run
    for group in _groups(result):
        title = f"<b>{html.escape(group.title)}</b>" + (
            f" <code>{html.escape(group.type)}</code>" if group.type else ""
        )
        counts = _counts_text(change_summary(group.steps), planning)
        diff = _marker_first(render_step_tree(group.steps, planning))
        parts += _details(f"{title}: {counts}", [_Block(diff, "diff", stack)])
    outputs = stack_outputs_text(result.stack_step, planning, 1)
    if outputs:
        parts += _details("Stack outputs", [_Block(_marker_first(outputs), "diff", stack)])
    if not parts:
        unchanged = result.change_summary.get(Op.SAME, 0)
        parts.append(f"No changes ({unchanged} unchanged).\n\n")
    return parts


def _diagnostics_parts(stack: str, result: OperationResult) -> list[Part]:
    text = diagnostics_section(result.diagnostics, stack_urn_of(result))
    if not text:
        return []
    severities: dict[str, int] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.severity != Severity.DEBUG:
            severities[diagnostic.severity] = severities.get(diagnostic.severity, 0) + 1
    counts = ", ".join(
        f"{n} {severity}{'s' if n != 1 and severity in (Severity.WARNING, Severity.ERROR) else ''}"
        for severity, n in sorted(severities.items())
    )
    return _details(f"Diagnostics ({counts})", [_Block(text, "text", stack)])


# --------------------------------------------------------------------------- fitting and joining


def _cut(block: _Block, budget: int) -> str:
    """The block's body shortened to about `budget` characters at a line end, with a note."""
    if len(block.body) <= budget:
        return block.body
    kept = block.body[: max(0, budget)]
    kept = kept[: kept.rfind("\n") + 1] if "\n" in kept else ""
    hidden = block.body[len(kept) :].count("\n") + (0 if block.body.endswith("\n") else 1)
    return (
        f"{kept}... {hidden} more line{'s' if hidden != 1 else ''} cut to fit the comment; "
        f"`gcx preview --diff --stack {block.stack}` shows them all\n"
    )


def _budgets(blocks: list[_Block], room: int) -> list[int]:
    """Share `room` characters between blocks: small ones whole, the rest equal shares."""
    budgets = [0] * len(blocks)
    pending = sorted(range(len(blocks)), key=lambda i: len(blocks[i].body))
    while pending:
        share = max(0, room) // len(pending)
        index = pending.pop(0)
        budgets[index] = min(len(blocks[index].body), share)
        room -= budgets[index]
    return budgets


def _join(parts: list[Part], budgets: dict[int, int] | None = None) -> str:
    out = []
    for index, part in enumerate(parts):
        if isinstance(part, _Block):
            body = part.body if budgets is None else _cut(part, budgets[index])
            out.append(_fence(body, part.language))
        else:
            out.append(part)
    return "".join(out)


def render_markdown(previews: Sequence[StackPreview], *, limit: int | None = DEFAULT_LIMIT) -> str:
    """The comment for these stacks' previews (stacks in the order given)."""
    names = ", ".join(_code(p.name) for p in previews)
    title = f"## Preview of {'stack' if len(previews) == 1 else 'stacks'} {names}\n\n"
    parts: list[Part] = [COMMENT_MARKER + "\n", title, _table(previews), "\n"]
    for preview in previews:
        parts += _stack_parts(preview)
    parts[-1] = parts[-1].rstrip("\n") + "\n" if isinstance(parts[-1], str) else parts[-1]
    text = _join(parts)
    if limit is None or len(text) <= limit:
        return text
    blocks = {i: p for i, p in enumerate(parts) if isinstance(p, _Block)}
    fixed = len(text) - sum(len(b.body) for b in blocks.values())
    shares = _budgets(list(blocks.values()), limit - fixed - _CUT_NOTE_ROOM * len(blocks))
    return _join(parts, dict(zip(blocks, shares, strict=True)))
