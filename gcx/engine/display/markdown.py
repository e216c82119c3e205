"""`gcx preview --markdown` and `gcx preview-report`: one pull-request comment for several stacks.

The document, in this order:

- `COMMENT_MARKER`, an HTML comment the CI workflow looks for to update its one sticky comment;
- a title and a table with one row per stack: create, update, replace, delete and same counts
  (Pulumi's change summary) and the outcome;
- per stack, its steps grouped by top-level component (the children of the root stack that
  are components: one `TenantStack` per tenant in this project), each group a collapsible
  ``<details>`` section holding the Pulumi diff text (`render_step_tree`, the renderer of
  ``--diff``) in a fenced ``diff`` block; resources outside any component get their own section,
  then the stack outputs and the diagnostics.

Each stack's part is first rendered into a `StackReport` (text only, so free of secrets), which
`gcx preview --report FILE` saves as JSON; a CI job that previews each stack with its own
credentials saves one, and `gcx preview-report` joins them without any secret. Both paths end
in `render_reports`, so they give the same bytes.

Markers (``+ ``, ``~ ``, ``- ``, ``+-`` ...) move to the first column so GitHub colours the lines;
nothing else of the diff text changes. Secrets are ``[secret]`` as in every display (values are
never opened). The text holds no time or duration and its order is fixed (stacks as given,
groups by name, steps in display order), so a rerun on the same state gives the same bytes. A
document longer than `limit` characters (a margin under GitHub's comment limit by default)
keeps every section and shortens the longest code blocks, each ending with a line that says
what was cut and how to see it all.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from gcx.engine.display.diff_text import DELETE_OPS, display_order, is_shown, render_step_tree
from gcx.engine.display.sections import diagnostics_section, stack_outputs_text, stack_urn_of
from gcx.engine.errors import EngineError, ExitCode
from gcx.engine.events import Severity
from gcx.engine.result import OperationResult, change_summary
from gcx.engine.steps import OPS, Op, Step
from gcx.engine.urns import STACK_TYPE, urn_name

__all__ = [
    "COMMENT_MARKER",
    "DEFAULT_LIMIT",
    "GITHUB_COMMENT_LIMIT",
    "REPORT_FORMAT",
    "ReportError",
    "StackPreview",
    "StackReport",
    "render_markdown",
    "render_reports",
    "stack_report",
]

COMMENT_MARKER = "<!-- gcx-preview-comment -->"
# GitHub refuses issue and pull-request comments longer than this many characters; the default
# limit keeps a margin, since GitHub counts UTF-16 units (an emoji is two) and a workflow may add lines.
GITHUB_COMMENT_LIMIT = 65_536
DEFAULT_LIMIT = 60_000
# The summary table's count columns, in Pulumi's step-op order.
COLUMNS = (Op.CREATE, Op.UPDATE, Op.REPLACE, Op.DELETE, Op.SAME)
OUTSIDE_TITLE = "Resources outside any component"
REPORT_FORMAT = "gcx-preview-report"
REPORT_VERSION = 1
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


Part = str | _Block


class ReportError(EngineError):
    """A saved preview report cannot be read."""

    exit_code = ExitCode.BAD_INPUT


@dataclass(frozen=True)
class StackReport:
    """One stack's part of the document, already rendered (so free of secrets): the table row's
    counts (None when the preview failed) and outcome, and the section. `gcx preview --report`
    saves it as JSON (`to_json`) and `gcx preview-report` joins saved ones (`from_json`)."""

    stack: str
    counts: dict[str, int] | None
    outcome: str
    parts: tuple[Part, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "version": REPORT_VERSION,
            "stack": self.stack,
            "counts": self.counts,
            "outcome": self.outcome,
            "parts": [
                part if isinstance(part, str) else {"language": part.language, "body": part.body}
                for part in self.parts
            ],
        }

    @classmethod
    def from_json(cls, data: Any, source: str) -> StackReport:
        """A report read back; `source` (a file name) goes into the error for anything malformed."""

        def bad(what: str) -> ReportError:
            return ReportError(
                f"{source}: {what}; write the report with `gcx preview --report FILE` of this gcx version"
            )

        if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
            raise bad(f'not a gcx preview report (no "format": "{REPORT_FORMAT}")')
        if data.get("version") != REPORT_VERSION:
            raise bad(f"report version {data.get('version')!r} is not {REPORT_VERSION}")
        stack, counts, outcome, raw = (data.get(k) for k in ("stack", "counts", "outcome", "parts"))
        if not isinstance(stack, str) or not stack:
            raise bad('"stack" must be the stack\'s name')
        if counts is not None and not (
            isinstance(counts, dict) and all(isinstance(counts.get(op), int) for op in COLUMNS)
        ):
            raise bad(f'"counts" must map each of {", ".join(COLUMNS)} to a number, or be null')
        if not isinstance(outcome, str) or not isinstance(raw, list):
            raise bad('"outcome" must be text and "parts" a list')
        parts: list[Part] = []
        for index, part in enumerate(raw):
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and all(isinstance(part.get(k), str) for k in ("language", "body")):
                parts.append(_Block(part["body"], part["language"]))
            else:
                raise bad(f'parts[{index}] must be text or {{"language", "body"}}')
        return cls(stack, counts and {op: counts[op] for op in COLUMNS}, outcome, tuple(parts))


# --------------------------------------------------------------------------- grouping


def _parent(step: Step) -> str:
    return getattr(step.resource, "parent", "") or ""


def _depth(urn: str) -> int:
    """How many ancestors a URN's type chain names."""
    return urn.split("::")[2].count("$") if urn.count("::") >= 3 else 0


def in_stable_order(steps: list[Step]) -> list[Step]:
    """Copies of the steps renumbered so the order does not depend on which thread registered or
    deleted first: registrations by URN (the tree walk still puts parents first), then deletes
    deepest first (children before parents), then by URN."""
    registered = sorted((s for s in steps if s.op not in DELETE_OPS), key=lambda s: (s.urn, s.sequence))
    removed = sorted(
        (s for s in steps if s.op in DELETE_OPS), key=lambda s: (-_depth(s.urn), s.urn, s.sequence)
    )
    return [replace(step, sequence=index) for index, step in enumerate([*registered, *removed], start=1)]


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
    for step in display_order(in_stable_order(result.steps)):
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


def _table(reports: Sequence[StackReport]) -> str:
    lines = [
        "| Stack | " + " | ".join(op.capitalize() for op in COLUMNS) + " | Result |",
        "| :--- | " + " | ".join("---:" for _ in COLUMNS) + " | :--- |",
    ]
    for report in reports:
        counts = [str(report.counts[op]) if report.counts else "-" for op in COLUMNS]
        lines.append(
            f"| {_code(report.stack)} | " + " | ".join(counts) + f" | {html.escape(report.outcome)} |"
        )
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
        error = _Block(preview.error.strip() + "\n", "text")
        parts += ["**The preview failed:**\n\n", error, "\n"]
    if result is not None and not result.failed:
        parts += _group_parts(result)
    if result is not None:
        parts += _diagnostics_parts(result)
    return parts


def _group_parts(result: OperationResult) -> list[Part]:
    parts: list[Part] = []
    planning = result.dry_run
    for group in _groups(result):
        title = f"<b>{html.escape(group.title)}</b>" + (
            f" <code>{html.escape(group.type)}</code>" if group.type else ""
        )
        counts = _counts_text(change_summary(group.steps), planning)
        diff = _marker_first(render_step_tree(group.steps, planning))
        parts += _details(f"{title}: {counts}", [_Block(diff, "diff")])
    outputs = stack_outputs_text(result.stack_step, planning, 1)
    if outputs:
        parts += _details("Stack outputs", [_Block(_marker_first(outputs), "diff")])
    if not parts:
        unchanged = result.change_summary.get(Op.SAME, 0)
        parts.append(f"No changes ({unchanged} unchanged).\n\n")
    return parts


def _diagnostics_parts(result: OperationResult) -> list[Part]:
    ordered = sorted(result.diagnostics, key=lambda d: (d.urn, d.severity, d.message))
    text = diagnostics_section(ordered, stack_urn_of(result))
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
    return _details(f"Diagnostics ({counts})", [_Block(text, "text")])


def stack_report(preview: StackPreview) -> StackReport:
    """The rendered part of one stack's preview."""
    counts = None
    if not preview.failed and preview.result is not None:
        counts = {op: preview.result.change_summary.get(op, 0) for op in COLUMNS}
    return StackReport(preview.name, counts, _outcome(preview), tuple(_stack_parts(preview)))


# --------------------------------------------------------------------------- fitting and joining


def _cut(block: _Block, budget: int, stack: str) -> str:
    """The block's body shortened to about `budget` characters at a line end, with a note."""
    if len(block.body) <= budget:
        return block.body
    kept = block.body[: max(0, budget)]
    kept = kept[: kept.rfind("\n") + 1] if "\n" in kept else ""
    hidden = block.body[len(kept) :].count("\n") + (0 if block.body.endswith("\n") else 1)
    return (
        f"{kept}... {hidden} more line{'s' if hidden != 1 else ''} cut to fit the comment; "
        f"`gcx preview --diff --stack {stack}` shows them all\n"
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


def _join(parts: list[tuple[Part, str]], budgets: dict[int, int] | None = None) -> str:
    out = []
    for index, (part, stack) in enumerate(parts):
        if isinstance(part, _Block):
            body = part.body if budgets is None else _cut(part, budgets[index], stack)
            out.append(_fence(body, part.language))
        else:
            out.append(part)
    return "".join(out).rstrip("\n") + "\n"


def render_reports(reports: Sequence[StackReport], *, limit: int | None = DEFAULT_LIMIT) -> str:
    """The document for these stacks' reports (in the order given)."""
    names = ", ".join(_code(r.stack) for r in reports)
    title = f"## Preview of {'stack' if len(reports) == 1 else 'stacks'} {names}\n\n"
    head = [COMMENT_MARKER + "\n", title, _table(reports), "\n"]
    parts: list[tuple[Part, str]] = [(part, "") for part in head]
    parts += [(part, report.stack) for report in reports for part in report.parts]
    text = _join(parts)
    if limit is None or len(text) <= limit:
        return text
    blocks = {i: p for i, (p, _) in enumerate(parts) if isinstance(p, _Block)}
    fixed = len(text) - sum(len(b.body) for b in blocks.values())
    shares = _budgets(list(blocks.values()), limit - fixed - _CUT_NOTE_ROOM * len(blocks))
    return _join(parts, dict(zip(blocks, shares, strict=True)))


def render_markdown(previews: Sequence[StackPreview], *, limit: int | None = DEFAULT_LIMIT) -> str:
    """The comment for these stacks' previews (stacks in the order given)."""
    return render_reports([stack_report(p) for p in previews], limit=limit)
