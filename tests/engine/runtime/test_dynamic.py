"""`pulumi.dynamic.Resource` providers run in-process as Pulumi's dynamic host runs them."""

from __future__ import annotations

import base64

import pytest

from gcx.engine.api import Stack
from gcx.engine.result import OperationError
from gcx.engine.steps import Op
from gcx.engine.wire import UNKNOWN
from tests.engine.programs.fakecloud import read_cloud
from tests.engine.runtime.harness import calls, fake_registry

NOTE = "pulumi-python:dynamic/dyn:Note"


def ops(result):
    return {s.urn.rsplit("::", 1)[-1]: s.op for s in result.steps if not s.hidden}


@pytest.fixture
def dynamic(project):
    proj = project("dynamic")
    proj.config("version", 1)
    proj.config("prefix", "cfg:")
    return proj


def test_preview_returns_inputs_so_output_only_properties_are_unknown(dynamic):
    result = dynamic.stack.preview()
    assert result.outputs["noteId"] == UNKNOWN
    assert calls() == []  # the dynamic host never creates in a preview


def test_up_uses_the_pickled_provider_configured_with_the_whole_stack_config(dynamic):
    result = dynamic.stack.up()
    objects = read_cloud()
    note = next(o for o in objects.values() if o["type"] == "note")
    assert note["body"] == "cfg:first"  # `dynamic:prefix` reached NoteProvider.configure
    assert result.outputs["noteId"].startswith("nid-note-")
    state = dynamic.resources()["note"]
    assert state["type"] == NOTE
    pickled = base64.b64decode(state["inputs"]["__provider"])
    assert b"notes" in pickled and b"NoteProvider" in pickled and len(pickled) < 200  # by reference
    assert state["outputs"]["__provider"] == state["inputs"]["__provider"]


def test_explicit_diff_and_the_input_diff_fallback_both_drive_updates(dynamic):
    dynamic.stack.up()
    dynamic.config("version", 2)
    result = dynamic.stack.up()
    steps = {s.urn.rsplit("::", 1)[-1]: s for s in result.steps}
    assert steps["note"].op == Op.UPDATE
    # CounterProvider has no `diff` (changes=None): the engine diffed the inputs itself and the
    # by-value pickle of the provider is stable, so only `start` changed.
    assert steps["counter"].op == Op.UPDATE
    assert steps["counter"].diff_reasons == ["start"]
    assert sorted(c[1] for c in calls("update")) == ["counter", "note"]
    assert result.outputs["counterValue"] == 2


def test_a_new_engine_instance_sees_no_changes_and_deletes_with_the_old_pickle(dynamic):
    dynamic.stack.up()
    fresh = Stack(dynamic.workspace, "dev", registry=fake_registry())
    assert set(ops(fresh.preview()).values()) == {Op.SAME}
    dynamic.config("version", 3)
    result = fresh.up()
    assert ops(result)["note"] == Op.DELETE
    assert [c[1] for c in calls("delete")] == ["note"]
    assert not any(o["type"] == "note" for o in read_cloud().values())


def test_dynamic_check_failure_is_reported_in_pulumis_words(dynamic):
    (dynamic.dir / "__main__.py").write_text(
        (dynamic.dir / "__main__.py").read_text().replace('"first" if version == 1', '"" if version == 1')
    )
    with pytest.raises(OperationError) as failure:
        dynamic.stack.up()
    assert str(failure.value) == (
        f"{NOTE} resource 'note' has a problem: text must not be empty. Examine values at 'note.text'."
    )
    assert not any(o["type"] == "note" for o in read_cloud().values())
