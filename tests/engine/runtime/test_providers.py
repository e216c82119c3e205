"""Explicit and default providers, `RegisterPackage`/`packageRef`, invokes and `Resource.get`."""

from __future__ import annotations

import pytest

from gcx.engine.steps import Op
from tests.engine.programs.fakecloud import read_cloud

DEFAULT = "urn:pulumi:dev::providers::pulumi:providers:fake::default_2_5_0"
EAST = "urn:pulumi:dev::providers::pulumi:providers:fake::east"


def ops(result):
    return {s.urn.rsplit("::", 1)[-1]: s.op for s in result.steps if not s.hidden}


@pytest.fixture
def providers(project):
    proj = project("providers")
    proj.config("version", 1)
    proj.config("fake:region", "us-1")
    return proj


def test_resources_are_served_by_the_provider_they_name(providers):
    result = providers.stack.up()
    assert result.outputs["defaultRegion"] == "us-1"  # default provider = `fake:` stack config
    assert result.outputs["eastRegion"] == "east-1"  # explicit provider = its own inputs
    assert result.outputs["seedSize"] == 3  # invoke through the package's default provider
    state = providers.resources()
    # The parameterized package's version names its default provider.
    assert state["default_2_5_0"]["urn"] == DEFAULT
    assert state["on-default"]["provider"].startswith(DEFAULT + "::")
    assert state["on-east"]["provider"] == f"{EAST}::{state['east']['id']}"
    assert state["east"]["inputs"] == {"region": "east-1"}
    assert ops(result)["east"] == Op.CREATE  # explicit providers are shown; the default one is not
    assert "default_2_5_0" not in ops(result)


def test_changing_an_explicit_provider_replaces_it_and_its_resources(providers):
    providers.stack.up()
    first_east = providers.resources()["on-east"]["id"]
    providers.config("version", 2)
    preview = providers.stack.preview()
    result = providers.stack.up()
    assert ops(preview) == ops(result)
    assert ops(result)["east"] == Op.REPLACE
    assert ops(result)["on-east"] == Op.REPLACE
    assert ops(result)["on-default"] == ops(result)["seed"] == Op.SAME
    assert result.outputs["eastRegion"] == "east-2"
    assert first_east not in read_cloud()
    assert providers.resources()["on-east"]["provider"].endswith("::" + providers.resources()["east"]["id"])


def test_get_reads_an_existing_object_into_the_state_as_external(providers):
    providers.stack.up()
    seed_id = providers.resources()["seed"]["id"]
    providers.config("seedId", seed_id)
    preview = providers.stack.preview()
    assert ops(preview)["seed-copy"] == Op.READ
    result = providers.stack.up()
    assert result.outputs["copiedSize"] == 3
    copy = providers.resources()["seed-copy"]
    assert copy["external"] is True and copy["id"] == seed_id
    assert result.change_summary.get("read") == 1 and not result.has_changes
    # Dropping the read from the program discards it from the state; the object stays.
    providers.config("seedId", "")
    result = providers.stack.up()
    assert ops(result)["seed-copy"] == Op.DISCARD
    assert seed_id in read_cloud()
    assert "seed-copy" not in providers.resources()
