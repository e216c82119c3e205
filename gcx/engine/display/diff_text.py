"""`gcx preview --diff` / `gcx up --diff`: Pulumi's diff display (notes §5.4).

Each shown step prints a header ``<indent><marker><type>: (<op>)`` (plus `` 🔒`` when protected
and ``[retain]`` for retained deletes), the pseudo-properties ``[id=…]``, ``[urn=…]`` and
``[provider=…]`` (references to a provider named exactly ``default`` are left out), then the
properties: all inputs for creates and deletes, the changed top-level inputs for updates and
replaces. Indentation is four spaces per ancestor already printed (deletes run children first,
so their parents may not have been printed yet). Steps that did nothing, replacement halves and
default providers are not shown (the root stack always is). Stack outputs and the summary close.
"""

from __future__ import annotations

from gcx.engine.display.sections import (
    diagnostics_section,
    header,
    resources_summary,
    stack_outputs_text,
    stack_urn_of,
)
from gcx.engine.display.values import INDENT, render_object, render_object_diff
from gcx.engine.result import OperationResult
from gcx.engine.steps import OPS, REPLACEMENT_PARTS, Op, Step
from gcx.engine.urns import DEFAULT_PROVIDER_NAME, STACK_TYPE, ProviderRef, urn_name

DELETE_OPS = frozenset({Op.DELETE, Op.DELETE_REPLACED, Op.DISCARD, Op.DISCARD_REPLACED})


def display_order(steps: list[Step]) -> list[Step]:
    """Registrations as a tree in program order (parents first), then deletes in the order they ran."""
    registered = [s for s in steps if s.op not in DELETE_OPS]
    removed = sorted((s for s in steps if s.op in DELETE_OPS), key=lambda s: s.sequence)
    urns = {s.urn for s in registered}
    children: dict[str, list[Step]] = {}
    for step in sorted(registered, key=lambda s: s.sequence):
        parent = getattr(step.resource, "parent", "") or ""
        children.setdefault(parent if parent in urns else "", []).append(step)
    ordered: list[Step] = []

    def walk(parent: str) -> None:
        for step in children.get(parent, ()):
            ordered.append(step)
            walk(step.urn)

    walk("")
    return ordered + removed


def is_shown(step: Step, show_sames: bool = False, show_replacement_steps: bool = False) -> bool:
    """Pulumi's `shouldShow`, plus the root stack which is always shown."""
    if step.type == STACK_TYPE:
        return True
    if step.hidden and step.op not in REPLACEMENT_PARTS:
        return False
    if step.op == Op.REFRESH:
        return step.result_op not in ("", Op.SAME)
    if step.op == Op.SAME:
        protect_changed = (
            step.old is not None and step.new is not None and step.old.protect != step.new.protect
        )
        return show_sames or protect_changed
    if step.op in REPLACEMENT_PARTS:
        return show_replacement_steps
    return True


def _indent(step: Step, seen: dict[str, str]) -> int:
    depth = 0
    parent = getattr(step.resource, "parent", "") or ""
    while parent and parent in seen:
        depth += 1
        parent = seen[parent]
    return depth


def _header(step: Step, indent: int) -> str:
    old, new = step.old, step.new
    extra = ""
    if new is not None and not new.protect and old is not None and old.protect:
        extra = " 🔓"
    elif (new is not None and new.protect) or (old is not None and old.protect):
        extra = " 🔒"
    if step.op in DELETE_OPS and old is not None and old.retain_on_delete:
        extra += " [retain]"
    return f"{INDENT * indent}{OPS[step.op].prefix}{step.type}: ({step.op}){extra}\n"


def _pseudo_properties(step: Step, indent: int, show_urns: bool) -> str:
    lead = INDENT * (indent + 1)
    lines = []
    if step.old is not None and step.old.id:
        lines.append(f"{lead}[id={step.old.id}]")
    if show_urns:
        lines.append(f"{lead}[urn={step.urn}]")
    if step.provider:
        old_ref = step.old.provider if step.old is not None else ""
        new_ref = step.new.provider if step.new is not None else ""
        if old_ref and new_ref and old_ref != new_ref:
            lines.append(f"{lead}[provider: {old_ref} => {new_ref}]")
        elif urn_name(ProviderRef.parse(step.provider).urn) != DEFAULT_PROVIDER_NAME:
            lines.append(f"{lead}[provider={step.provider}]")
    return "".join(line + "\n" for line in lines)


def _details(step: Step, indent: int, planning: bool) -> str:
    old, new = step.old, step.new
    if step.op == Op.REFRESH:
        if new is None:
            return ""
        return render_object_diff(old.outputs, new.outputs, indent + 1, step.diff_reasons, planning)
    if old is None and new is not None:
        return render_object(new.inputs, indent + 1, step.op, planning)
    if new is None and old is not None:
        return render_object(old.inputs, indent + 1, step.op, planning)
    if old is not None and new is not None and step.diff_reasons:
        return render_object_diff(old.inputs, new.inputs, indent + 1, step.diff_reasons, planning)
    return ""


def render_step(step: Step, indent: int, planning: bool, show_urns: bool = True) -> str:
    return (
        _header(step, indent) + _pseudo_properties(step, indent, show_urns) + _details(step, indent, planning)
    )


def render_step_tree(
    steps: list[Step],
    planning: bool,
    *,
    show_sames: bool = False,
    show_urns: bool = True,
    show_replacement_steps: bool = False,
) -> str:
    """The shown steps in display order, each indented under the ancestors printed before it
    (a subtree of a result renders as it would in the whole display, less the outer indents)."""
    parts = []
    seen: dict[str, str] = {}
    for step in display_order(steps):
        if is_shown(step, show_sames, show_replacement_steps):
            parts.append(render_step(step, _indent(step, seen), planning, show_urns))
        seen[step.urn] = getattr(step.resource, "parent", "") or ""
    return "".join(parts)


def render_diff_text(
    result: OperationResult,
    *,
    show_sames: bool = False,
    show_urns: bool = True,
    show_replacement_steps: bool = False,
) -> str:
    planning = result.dry_run
    parts = [header(result) + "\n"]
    parts.append(
        render_step_tree(
            result.steps,
            planning,
            show_sames=show_sames,
            show_urns=show_urns,
            show_replacement_steps=show_replacement_steps,
        )
    )
    outputs = stack_outputs_text(result.stack_step, planning, 1)
    if outputs:
        parts.append(f"{INDENT}--outputs:--\n{outputs}")
    parts.append(diagnostics_section(result.diagnostics, stack_urn_of(result)))
    parts.append(resources_summary(result))
    return "".join(parts)
