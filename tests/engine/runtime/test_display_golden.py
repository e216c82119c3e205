"""Golden tests for the displays, from hand-built results (fixed ids, URNs and values).

The golden files were written from the format notes (§5.4 diff text, §5.5 JSON digest) and
Pulumi's display rules, and reviewed line by line; a change to any of them is a change to what
users see in pull requests, so it must be deliberate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcx.engine.display import render_diff_text, render_json, render_plain
from tests.engine.runtime.display_cases import (
    destroy_with_a_component,
    preview_with_every_kind_of_change,
    update_that_created_a_stack,
)

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "preview.diff.txt": lambda: render_diff_text(preview_with_every_kind_of_change()),
    "preview.sames.diff.txt": lambda: render_diff_text(
        preview_with_every_kind_of_change(), show_sames=True, show_urns=False
    ),
    "preview.json": lambda: render_json(preview_with_every_kind_of_change()),
    "update.diff.txt": lambda: render_diff_text(update_that_created_a_stack()),
    "update.plain.txt": lambda: render_plain(update_that_created_a_stack()),
    "destroy.diff.txt": lambda: render_diff_text(destroy_with_a_component()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    assert CASES[name]() == (GOLDEN / name).read_text()


def test_no_secret_value_is_rendered_anywhere():
    for render in CASES.values():
        text = render()
        for secret in ("hunter2", '"old"', '"new"', "t0", "t1", '"k"'):
            assert secret not in text


def test_json_digest_shape_follows_go_marshalling():
    digest = json.loads(render_json(preview_with_every_kind_of_change()))
    assert list(digest) == ["config", "steps", "duration", "changeSummary"]
    assert digest["changeSummary"] == {"create": 1, "delete": 2, "replace": 1, "same": 2, "update": 2}
    assert [s["op"] for s in digest["steps"]] == [
        "same",
        "create",
        "update",
        "replace",
        "update",
        "delete",
        "delete",
    ]
    assert all("detailedDiff" in s for s in digest["steps"])
    assert "id" not in digest["steps"][2]["newState"] and digest["steps"][2]["oldState"]["id"] == "lead-1"
