"""Lifecycle of the `lifecycle` program against the fake cloud: create, same, update, replace
(create-before-delete and delete-before-replace), delete order, protect, retain, a renamed
component, ignore_changes, targets, and preview/up parity."""

from __future__ import annotations

import pytest

from gcx.engine.result import OperationError
from gcx.engine.steps import Op
from tests.engine.programs.fakecloud import read_cloud
from tests.engine.runtime.harness import calls, cloud_names

GROUP = "lc:index:Group"


def ops(result):
    return {s.urn.rsplit("::", 1)[-1]: s.op for s in result.steps if not s.hidden}


def objects_by_name():
    return {o["name"]: (object_id, o) for object_id, o in read_cloud().items()}


@pytest.fixture
def lifecycle(project):
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "s3cr3t-token", secret=True)
    return proj


@pytest.fixture
def deployed(lifecycle):
    lifecycle.stack.up()
    return lifecycle


def test_first_up_creates_everything_and_the_preview_said_so(lifecycle):
    preview = lifecycle.stack.preview()
    assert read_cloud() == {}
    up = lifecycle.stack.up()
    assert ops(preview) == ops(up)
    assert set(ops(up).values()) == {Op.CREATE}
    assert up.change_summary == {"create": 11}
    assert cloud_names() == ["cbd", "dbr", "gone", "grp-a", "grp-b", "guarded", "ign", "keeper", "solo"]
    # grp-b's input was fed from grp-a's server-assigned output.
    objects = objects_by_name()
    assert objects["grp-b"][1]["settings"]["peer"] == f"cid-{objects['grp-a'][0]}"
    assert up.outputs["soloCloudId"] == f"cid-{objects['solo'][0]}"
    assert lifecycle.workspace.history("dev")[0]["result"] == "succeeded"


def test_second_run_without_changes_calls_no_provider_mutation(deployed):
    before = len(calls())
    result = deployed.stack.up()
    assert not result.has_changes
    assert result.change_summary == {"same": 11}
    assert {c[0] for c in calls()[before:]} <= {"read", "find", "invoke"}


def test_program_changes_become_the_right_steps(deployed):
    deployed.config("version", 2)
    preview = deployed.stack.preview()
    before_ids = {name: object_id for name, (object_id, _) in objects_by_name().items()}
    mark = len(calls())
    up = deployed.stack.up()
    assert ops(preview) == ops(up)
    steps = ops(up)
    assert steps["fresh"] == Op.CREATE
    assert steps["solo"] == Op.UPDATE
    assert steps["dbr"] == steps["cbd"] == Op.REPLACE
    assert steps["gone"] == steps["keeper"] == Op.DELETE
    assert steps["ign"] == steps["guarded"] == Op.SAME
    # The renamed component and its children were found through the alias: no create/delete.
    assert steps["grp2"] == Op.SAME
    assert steps["grp2-a"] == steps["grp2-b"] == Op.UPDATE
    assert "grp" not in steps and "grp-a" not in steps
    after = objects_by_name()
    assert after["grp2-a"][0] == before_ids["grp-a"]  # same object, renamed in place
    # retain_on_delete: gone from the state, still in the cloud.
    assert "keeper" in after and "gone" not in after
    assert "keeper" not in deployed.resources()
    # ignore_changes on size and settings.note: the object keeps its first values.
    assert after["ign"][1]["size"] == 1 and after["ign"][1]["settings"]["note"] == "v1"
    mutations = [(c[0], c[1]) for c in calls()[mark:] if c[0] in ("create", "delete")]
    # delete-before-replace deletes the old object first; create-before-delete creates first.
    assert mutations.index(("delete", "dbr")) < mutations.index(("create", "dbr"))
    assert mutations.index(("create", "cbd")) < mutations.index(("delete", "cbd"))
    assert after["dbr"][1]["kind"] == "k2" and after["cbd"][1]["kind"] == "k2"
    assert len([n for n in cloud_names() if n in ("dbr", "cbd")]) == 2


def test_removed_component_is_deleted_children_first(deployed):
    deployed.config("version", 2)
    deployed.stack.up()
    deployed.config("version", 3)
    mark = len(calls())
    result = deployed.stack.up()
    steps = ops(result)
    assert steps["grp2"] == steps["grp2-a"] == steps["grp2-b"] == Op.DELETE
    deleted = [c[1] for c in calls()[mark:] if c[0] == "delete"]
    assert deleted.index("grp2-b") < deleted.index("grp2-a")  # b depends on a's cloudId
    order = [s.urn.rsplit("::", 1)[-1] for s in result.steps if s.op == Op.DELETE]
    assert order.index("grp2-a") < order.index("grp2")  # children before their parent
    assert "grp2-a" not in cloud_names()


def test_protected_resource_blocks_destroy_before_anything_is_deleted(deployed):
    with pytest.raises(OperationError, match="marked for protection"):
        deployed.stack.destroy()
    assert "guarded" in cloud_names() and "solo" in cloud_names()
    assert "solo" in deployed.resources()


def test_targets_limit_the_update_to_the_named_resources(deployed):
    deployed.config("version", 2)
    result = deployed.stack.up(targets=[deployed.urn("solo")])
    assert {s.urn.rsplit("::", 1)[-1] for s in result.steps if s.op != Op.SAME and not s.hidden} == {"solo"}
    objects = objects_by_name()
    assert objects["solo"][1]["size"] == 6
    assert objects["dbr"][1]["kind"] == "k1" and "gone" in objects and "fresh" not in objects
    assert deployed.resources()["dbr"]["inputs"]["kind"] == "k1"
    assert "gone" in deployed.resources()


def test_secrets_never_reach_the_backend_in_plain_text(deployed):
    state_files = [p for p in (deployed.root / "state").rglob("*") if p.is_file()]
    tokens = [f"token-{object_id}" for object_id in read_cloud()]
    for path in state_files:
        text = path.read_text()
        assert "s3cr3t-token" not in text, path
        assert not any(token in text for token in tokens), path
    stack = deployed.resources()["lifecycle-dev"]
    assert "ciphertext" in stack["outputs"]["secretEcho"]
    assert deployed.snapshot().root_stack().outputs["secretEcho"]["value"] == "s3cr3t-token"
