"""Golden tests for the pull-request Markdown (`gcx preview --markdown`), from hand-built results.

The golden files were read line by line against the rules in `gcx.engine.display.markdown`; a
change to one is a change to every pull-request comment, so it must be deliberate (write
``CASES[name]()`` to the file and review the diff line by line).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gcx.engine.display.diff_text import DELETE_OPS
from gcx.engine.display.markdown import COMMENT_MARKER, StackPreview, render_markdown
from gcx.engine.result import OperationResult, change_summary
from gcx.engine.steps import Op, Step
from tests.markdown.cases import (
    SECRET_WORDS,
    Tree,
    failed_preview,
    tenants_preview,
    unchanged_preview,
)

GOLDEN = Path(__file__).parent / "golden"
SHORT_LIMIT = 2_500


def _several() -> list[StackPreview]:
    return [
        StackPreview("dev", tenants_preview()),
        StackPreview("prod", unchanged_preview()),
        StackPreview("qa", failed_preview(), "the program failed; see the diagnostics"),
        StackPreview(
            "staging", error="no stack named 'staging' found; create it with `gcx stack init staging`"
        ),
    ]


CASES = {
    "one-stack.md": lambda: render_markdown([StackPreview("dev", tenants_preview())]),
    "several-stacks.md": lambda: render_markdown(_several()),
    "shortened.md": lambda: render_markdown([StackPreview("dev", tenants_preview())], limit=SHORT_LIMIT),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    assert CASES[name]() == (GOLDEN / name).read_text()


def test_no_secret_value_reaches_any_document():
    for render in CASES.values():
        text = render()
        assert not [word for word in SECRET_WORDS if word in text]
        assert "[secret] => [secret]" in text or "password: [secret]" in text


def test_the_marker_comes_first_and_only_once():
    text = render_markdown(_several())
    assert text.startswith(COMMENT_MARKER + "\n")
    assert text.count(COMMENT_MARKER) == 1


def test_one_section_per_tenant_that_changes_and_none_for_a_quiet_one():
    text = render_markdown([StackPreview("dev", tenants_preview())])
    summaries = re.findall(r"<summary><b>([^<]+)</b>", text)
    assert summaries == ["acme-eu", "globex-us", "initech-us", "Resources outside any component"]
    assert "zeta" not in text
    # A deep resource sits in its tenant's section, not in its integration's.
    acme = text.split("<b>acme-eu</b>")[1].split("</details>")[0]
    assert "acme-eu-emite-client" in acme and "globex" not in acme


def test_counts_per_stack_come_from_the_change_summary():
    result = tenants_preview()
    row = next(
        line for line in render_markdown([StackPreview("dev", result)]).splitlines() if "| `dev`" in line
    )
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    summary = result.change_summary
    assert cells[1:6] == [str(summary.get(op, 0)) for op in ("create", "update", "replace", "delete", "same")]
    assert cells[6] == "8 changes"


def test_a_rerun_gives_the_same_bytes_whatever_order_threads_ran_the_steps_in():
    first = tenants_preview()
    again = tenants_preview()
    # Registrations and deletes are numbered as threads get to them: shuffle both numberings.
    rng = random.Random(6)
    registered = [s for s in again.steps if s.op not in DELETE_OPS]
    removed = [s for s in again.steps if s.op in DELETE_OPS]
    for group, base in ((registered, 0), (removed, 1 << 40)):
        for step, sequence in zip(group, rng.sample(range(len(group)), len(group)), strict=True):
            step.sequence = base + sequence
            step.duration_ns = rng.randrange(10**9)
    rng.shuffle(again.steps)
    again.diagnostics = list(reversed(again.diagnostics))
    again.duration_ns = 1
    assert render_markdown([StackPreview("dev", first)]) == render_markdown([StackPreview("dev", again)])


def test_a_long_document_is_shortened_to_the_limit_and_keeps_every_section():
    full = render_markdown(_several(), limit=None)
    short = render_markdown(_several(), limit=SHORT_LIMIT)
    assert len(short) <= SHORT_LIMIT < len(full)
    assert re.findall(r"<summary>.*</summary>", short) == re.findall(r"<summary>.*</summary>", full)
    assert "`gcx preview --diff --stack dev` shows them all" in short
    assert short.count("```") == full.count("```")  # every block still closed


def test_a_value_holding_backticks_cannot_close_its_code_block():
    t = Tree("dev")
    root = t.stack_state({})
    doc = t.state("genesyscloud:index/group:Group", "docs", inputs={"description": "run:\n```sh\nmake\n```"})
    steps = [
        Step(Op.SAME, root.urn, root.type, root, root, sequence=1),
        Step(Op.CREATE, doc.urn, doc.type, None, doc, doc.provider, sequence=2),
    ]
    result = OperationResult("update", True, "dev", steps, change_summary(steps))
    text = render_markdown([StackPreview("dev", result)])
    assert "\n````diff\n" in text and "\n````\n" in text


def test_a_replaced_resource_counts_once_and_shows_once():
    text = render_markdown([StackPreview("dev", tenants_preview())])
    assert text.count("(replace)") == 1
    assert "create-replacement" not in text and "delete-replaced" not in text
