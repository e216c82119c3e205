"""Refresh, targeted destroy, bounded parallelism, and the lifecycle on an S3 backend (moto)."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import boto3
import pytest
from moto import mock_aws

from gcx.engine.api import Stack
from gcx.engine.display import render_diff_text
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.result import OperationError
from gcx.engine.state import verify_integrity
from gcx.engine.steps import Op
from gcx.engine.wire import is_secret
from tests.engine.programs.fakecloud import FakeProvider, cloud, read_calls, read_cloud
from tests.engine.runtime.harness import cloud_names


@pytest.fixture
def deployed(project):
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "t0k3n", secret=True)
    proj.stack.up()
    return proj


def _object_id(name: str) -> str:
    return next(object_id for object_id, obj in read_cloud().items() if obj["name"] == name)


def test_refresh_records_drift_and_forgets_what_is_gone(deployed):
    solo, gone = _object_id("solo"), _object_id("gone")
    with cloud() as objects:
        objects[solo]["size"] = 99
        del objects[gone]
    before = deployed.checkpoint()
    preview = deployed.stack.refresh(preview_only=True)
    results = {s.urn.rsplit("::", 1)[-1]: s.result_op for s in preview.steps if s.op == Op.REFRESH}
    assert results["solo"] == Op.UPDATE and results["gone"] == Op.DELETE and results["dbr"] == Op.SAME
    assert preview.change_summary == {"update": 1, "delete": 1, "same": 7}
    assert deployed.checkpoint() == before  # a refresh preview changes nothing
    text = render_diff_text(preview)
    assert "~ fake:index:Thing: (refresh)" in text and "~ size: 5 => 99" in text

    deployed.stack.refresh()
    state = deployed.resources()
    assert state["solo"]["outputs"]["size"] == 99 and "gone" not in state
    # The program still says 5: the next preview shows the drift as an update to undo it.
    steps = {s.urn.rsplit("::", 1)[-1]: s for s in deployed.stack.preview().steps}
    assert steps["solo"].op == Op.UPDATE and steps["solo"].diff_reasons == ["size"]
    assert steps["gone"].op == Op.CREATE


def test_destroy_can_target_resources_but_not_strand_their_dependents(deployed):
    with pytest.raises(OperationError, match="depends on it and is not targeted"):
        deployed.stack.destroy(targets=[deployed.urn("grp-a", parent_type="lc:index:Group")])
    assert "grp-a" in cloud_names()
    result = deployed.stack.destroy(targets=[deployed.urn("gone"), deployed.urn("keeper")])
    assert sorted(s.urn.rsplit("::", 1)[-1] for s in result.steps if s.op == Op.DELETE) == ["gone", "keeper"]
    assert "gone" not in cloud_names() and "keeper" in cloud_names()  # keeper is retained
    assert "solo" in deployed.resources() and "gone" not in deployed.resources()


def test_parallel_bounds_concurrent_provider_calls(project):
    in_flight, peak, lock = [0], [0], threading.Lock()

    class CountingProvider(FakeProvider):
        def create(self, urn, news, preview):
            with lock:
                in_flight[0] += 1
                peak[0] = max(peak[0], in_flight[0])
            try:
                time.sleep(0.05)
                return super().create(urn, news, preview)
            finally:
                with lock:
                    in_flight[0] -= 1

    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", "t", secret=True)
    registry = ProviderRegistry()
    registry.register("fake", CountingProvider)
    Stack(proj.workspace, "dev", registry=registry).up(parallel=2)
    assert peak[0] == 2  # bounded, and the bound was used
    assert len(read_cloud()) == 9


@pytest.fixture
def s3_project(project, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="gcx-engine")
        yield project("lifecycle", backend_url="s3://gcx-engine/teams/cc?region=us-east-1")


def test_lifecycle_on_an_s3_backend(s3_project):
    proj = s3_project
    proj.config("version", 1)
    proj.config("token", "s3-secret-token", secret=True)
    proj.stack.up()
    proj.config("version", 2)
    result = proj.stack.up()
    steps = {s.urn.rsplit("::", 1)[-1]: s.op for s in result.steps if not s.hidden}
    assert steps["grp2-a"] == Op.UPDATE and steps["cbd"] == Op.REPLACE and steps["gone"] == Op.DELETE
    assert "fresh" in cloud_names() and "gone" not in cloud_names()
    texts = proj.stored_texts()
    assert ".pulumi/stacks/lifecycle/dev.json" in texts and ".pulumi/stacks/lifecycle/dev.json.bak" in texts
    assert not any("s3-secret-token" in text for text in texts.values())
    snapshot = proj.snapshot()
    assert verify_integrity(snapshot) == []
    assert snapshot.root_stack().outputs["secretEcho"]["value"] == "s3-secret-token"
    assert not proj.stack.preview().has_changes


def test_import_into_a_deployed_stack_keeps_everything_else(deployed):
    with cloud() as objects:
        objects["extra-1"] = {"name": "extra", "type": "fake:index:Thing", "password": "pw"}
    result = deployed.stack.import_resource("fake:index:Thing", "extra", "extra-1")
    imported = next(s.new for s in result.steps if s.op == Op.IMPORT)
    assert imported.protect and imported.import_id == "extra-1"
    assert imported.inputs["password"] == "pw" or imported.inputs["password"]["value"] == "pw"
    snapshot = deployed.snapshot()
    assert verify_integrity(snapshot) == []
    urns = [r.urn for r in snapshot.resources]
    assert len(urns) == len(set(urns)) == 13  # 11 + the default provider + the imported one
    assert deployed.urn("extra") in urns and deployed.urn("solo") in urns


def test_deleted_with_replace_on_changes_and_additional_secret_outputs(project):
    proj = project("options")
    proj.config("version", 1)
    first = proj.stack.up()
    masked = proj.resources()["masked"]
    assert "ciphertext" in masked["outputs"]["cloudId"]  # additionalSecretOutputs
    assert is_secret(first.outputs["maskedCloudId"])  # the secret flows on to the stack output
    assert "maskedCloudId: [secret]" in render_diff_text(first)
    proj.config("version", 2)
    mark = len(read_calls())
    result = proj.stack.up()
    steps = {s.urn.rsplit("::", 1)[-1]: s for s in result.steps if not s.hidden}
    assert steps["tracked"].op == Op.REPLACE and steps["tracked"].replace_reasons == ["size"]
    assert steps["base"].op == steps["child"].op == Op.DELETE
    deleted = [c[1] for c in read_calls()[mark:] if c[0] == "delete"]
    assert "base" in deleted and "child" not in deleted  # deleted with its base: no call of its own
    assert "child" not in proj.resources()


def test_destroy_does_not_run_the_program(deployed):
    main = deployed.dir / "__main__.py"
    main.write_text('raise RuntimeError("the program must not run")\n')
    result = deployed.stack.destroy(targets=[deployed.urn("solo")])
    assert [s.urn for s in result.steps if s.op == Op.DELETE] == [deployed.urn("solo")]
    assert "solo" not in cloud_names()


def test_program_env_is_set_for_the_run_only(project):
    proj = project("options")
    proj.config("version", 1)
    stack = Stack(proj.workspace, "dev", registry=proj.stack.registry, program_env={"OPTIONS_MARKER": "m-1"})
    assert stack.preview().outputs["marker"] == "m-1"
    assert "OPTIONS_MARKER" not in os.environ


def test_a_failing_step_keeps_what_was_done_and_what_was_not_reached(deployed, monkeypatch):
    deployed.config("version", 2)
    monkeypatch.setenv("FAKE_FAIL_ON", "fresh")
    with pytest.raises(OperationError, match="the fake cloud refused 'fresh'") as failure:
        deployed.stack.up()
    assert failure.value.result.failed
    state = deployed.resources()
    assert {"gone", "keeper"} <= set(state)  # deletes do not run after a failure
    stored = deployed.checkpoint()["checkpoint"]["latest"]["resources"]
    recorded = {r["id"] for r in stored if r["type"] == "fake:index:Thing"}
    assert set(read_cloud()) <= recorded  # nothing created is missing from the state
    assert deployed.workspace.history("dev")[0]["result"] == "failed"
    monkeypatch.delenv("FAKE_FAIL_ON")
    deployed.stack.up()
    assert "fresh" in cloud_names() and "gone" not in cloud_names()


def test_an_in_process_run_gives_the_thread_its_event_loop_back(project):
    """Code that runs after the engine on the same thread (Pulumi mock tests) needs its loop."""
    policy = asyncio.get_event_loop_policy()
    outer = policy.get_event_loop()
    before = asyncio.new_event_loop()
    policy.set_event_loop(before)
    try:
        proj = project("lifecycle")
        proj.config("version", 1)
        proj.config("token", "t0k3n", secret=True)
        proj.stack.preview()
        assert policy.get_event_loop() is before
    finally:
        policy.set_event_loop(outer)
        before.close()
