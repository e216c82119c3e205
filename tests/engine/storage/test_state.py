"""The checkpoint format (golden shape: keys, order, omitempty), secrets in state, and Pulumi's
snapshot integrity rules, one test per rule."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gcx.engine.errors import PassphraseError, StateError
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.state import (
    Manifest,
    PendingOperation,
    ResourceState,
    Snapshot,
    checkpoint_to_snapshot,
    magic_of,
    snapshot_to_checkpoint,
    topological_order,
    verify_integrity,
)
from gcx.engine.wire import SECRET_SIG, SIG_KEY, UNKNOWN, make_secret
from tests.engine.storage.samples import SECRET_TEXT, sample_snapshot

FIXED = Manifest(time="2026-01-02T03:04:05.000000Z", version="v0.1.0-gcx")
ROOT = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
PROVIDER = "urn:pulumi:dev::shop::pulumi:providers:genesyscloud::default"
TENANT = "urn:pulumi:dev::shop::gcx:index:Tenant::tenant"
QUEUE = "urn:pulumi:dev::shop::gcx:index:Tenant$genesyscloud:index/routingQueue:RoutingQueue::tenant-queue"
SECRET_PLAIN = {SIG_KEY: SECRET_SIG, "plaintext": json.dumps(SECRET_TEXT)}

GOLDEN = {
    "version": 3,
    "checkpoint": {
        "stack": "organization/shop/dev",
        "latest": {
            "manifest": {
                "time": "2026-01-02T03:04:05.000000Z",
                "magic": magic_of("v0.1.0-gcx"),
                "version": "v0.1.0-gcx",
            },
            "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:c2FsdA==:v1:x:y"}},
            "resources": [
                {
                    "urn": ROOT,
                    "custom": False,
                    "type": "pulumi:pulumi:Stack",
                    "outputs": {"client_secret": SECRET_PLAIN, "count": 2, "queue_id": "q-1"},
                },
                {
                    "urn": PROVIDER,
                    "custom": True,
                    "id": "prov-uuid-1",
                    "type": "pulumi:providers:genesyscloud",
                },
                {"urn": TENANT, "custom": False, "type": "gcx:index:Tenant", "parent": ROOT},
                {
                    "urn": QUEUE,
                    "custom": True,
                    "id": "q-1",
                    "type": "genesyscloud:index/routingQueue:RoutingQueue",
                    "inputs": {"name": "Sales", "token": SECRET_PLAIN},
                    "outputs": {"memberCount": 0, "name": "Sales", "token": SECRET_PLAIN},
                    "parent": TENANT,
                    "dependencies": [TENANT],
                    "provider": f"{PROVIDER}::prov-uuid-1",
                    "propertyDependencies": {"name": []},
                },
            ],
        },
    },
}


def fixed_snapshot() -> Snapshot:
    return replace(sample_snapshot(), manifest=FIXED, secrets_salt="v1:c2FsdA==:v1:x:y")


def test_checkpoint_golden_shape_keys_order_and_omitempty() -> None:
    data = snapshot_to_checkpoint(fixed_snapshot(), "shop", "dev", None, show_secrets=True)
    # json.dumps keeps insertion order, so this compares key order too, not just content.
    assert json.dumps(data) == json.dumps(GOLDEN)


def test_all_resource_fields_keep_go_declaration_order() -> None:
    full = ResourceState(
        urn=QUEUE, custom=True, type="t:m:T", delete=True, id="i", inputs={"a": 1}, outputs={"b": 2},
        parent=TENANT, protect=True, taint=True, external=True, dependencies=[TENANT], init_errors=["e"],
        provider=f"{PROVIDER}::p", property_dependencies={"a": [TENANT]}, pending_replacement=True,
        additional_secret_outputs=["b"], aliases=["urn:old"], custom_timeouts={"create": 60.0},
        import_id="imp", retain_on_delete=True, deleted_with=TENANT, replace_with=[TENANT],
        created="2026-01-01T00:00:00Z", modified="2026-01-02T00:00:00Z", source_position="project://x.py#1,1",
        stack_trace=[{"frames": []}], ignore_changes=["a"], hide_diff=["b"], replace_on_changes=["a"],
        replacement_trigger="v2", refresh_before_update=True, view_of=ROOT,
        resource_hooks={"beforeCreate": ["h"]},
    )  # fmt: skip
    data = snapshot_to_checkpoint(Snapshot(resources=[full], manifest=FIXED), "shop", "dev", None)
    assert list(data["checkpoint"]["latest"]["resources"][0]) == [
        "urn", "custom", "delete", "id", "type", "inputs", "outputs", "parent", "protect", "taint",
        "external", "dependencies", "initErrors", "provider", "propertyDependencies", "pendingReplacement",
        "additionalSecretOutputs", "aliases", "customTimeouts", "importID", "retainOnDelete", "deletedWith",
        "replaceWith", "created", "modified", "sourcePosition", "stackTrace", "ignoreChanges", "hideDiff",
        "replaceOnChanges", "replacementTrigger", "refreshBeforeUpdate", "viewOf", "resourceHooks",
    ]  # fmt: skip
    back = checkpoint_to_snapshot(data, None).resources[0]
    assert back == full


def test_secrets_are_encrypted_and_come_back_in_wire_form(crypter: PassphraseCrypter) -> None:
    data = snapshot_to_checkpoint(fixed_snapshot(), "shop", "dev", crypter)
    text = json.dumps(data)
    assert SECRET_TEXT not in text
    stored = data["checkpoint"]["latest"]["resources"][3]["inputs"]["token"]
    assert set(stored) == {SIG_KEY, "ciphertext"} and crypter.decrypt(stored["ciphertext"]) == json.dumps(
        SECRET_TEXT
    )
    assert data["checkpoint"]["latest"]["secrets_providers"]["state"]["salt"] == crypter.salt_state
    snapshot = checkpoint_to_snapshot(json.loads(text), crypter)
    assert snapshot.resources[3].inputs["token"] == make_secret(SECRET_TEXT)
    assert snapshot.root_stack().outputs["client_secret"] == make_secret(SECRET_TEXT)
    assert snapshot.secrets_salt == crypter.salt_state
    with pytest.raises(PassphraseError):
        checkpoint_to_snapshot(json.loads(text), None)


def test_structured_secrets_round_trip(crypter: PassphraseCrypter) -> None:
    value = {"users": [{"name": "a", "pw": make_secret("inner")}], "n": 3}
    res = ResourceState(
        urn=ROOT, custom=False, type="pulumi:pulumi:Stack", outputs={"cfg": make_secret(value)}
    )
    data = snapshot_to_checkpoint(Snapshot(resources=[res]), "shop", "dev", crypter)
    back = checkpoint_to_snapshot(data, crypter).resources[0].outputs["cfg"]
    assert back == make_secret({"n": 3, "users": [{"name": "a", "pw": "inner"}]})


def test_unknowns_never_reach_the_state() -> None:
    res = ResourceState(urn=QUEUE, custom=True, type="t:m:T", id="x", outputs={"deep": [{"v": UNKNOWN}]})
    with pytest.raises(StateError, match=r"unknown value at .*outputs\.deep\[0\]\.v cannot be stored"):
        snapshot_to_checkpoint(Snapshot(resources=[res]), "shop", "dev", None)


def test_secrets_without_a_crypter_are_refused() -> None:
    with pytest.raises(PassphraseError):
        snapshot_to_checkpoint(sample_snapshot(), "shop", "dev", None)


def test_reader_refuses_other_versions_and_unknown_fields() -> None:
    with pytest.raises(StateError, match="version 4"):
        checkpoint_to_snapshot({"version": 4, "checkpoint": {}}, None)
    with pytest.raises(StateError, match="not a Pulumi checkpoint"):
        checkpoint_to_snapshot({"resources": []}, None)
    bad = {
        "version": 3,
        "checkpoint": {"stack": "s", "latest": {"resources": [{"urn": ROOT, "type": "x", "zz": 1}]}},
    }
    with pytest.raises(StateError, match="zz"):
        checkpoint_to_snapshot(bad, None)


def test_pending_operations_round_trip(crypter: PassphraseCrypter) -> None:
    creating = ResourceState(urn=QUEUE, custom=True, type="t:m:T", inputs={"pw": make_secret("p")})
    snapshot = Snapshot(
        resources=[], pending_operations=[PendingOperation(resource=creating, type="creating")]
    )
    data = snapshot_to_checkpoint(snapshot, "shop", "dev", crypter)
    [stored] = data["checkpoint"]["latest"]["pending_operations"]
    assert list(stored) == ["resource", "type"] and stored["type"] == "creating"
    assert "ciphertext" in stored["resource"]["inputs"]["pw"]
    back = checkpoint_to_snapshot(data, crypter)
    assert back.pending_operations == snapshot.pending_operations


def test_empty_checkpoint_reads_as_an_empty_snapshot() -> None:
    snapshot = checkpoint_to_snapshot({"version": 3, "checkpoint": {"stack": "organization/shop/dev"}}, None)
    assert snapshot.resources == [] and snapshot.root_stack() is None


# --- integrity: one rule at a time -----------------------------------------------------------


def sound() -> Snapshot:
    snapshot = sample_snapshot()
    assert verify_integrity(snapshot) == []
    return snapshot


def test_integrity_tampered_magic() -> None:
    snapshot = sound()
    snapshot.manifest.magic = "0" * 64
    assert verify_integrity(snapshot) == ["magic cookie mismatch: possible tampering/corruption detected"]


def test_integrity_parent_after_child() -> None:
    snapshot = sound()
    snapshot.resources[2], snapshot.resources[3] = snapshot.resources[3], snapshot.resources[2]
    problems = verify_integrity(snapshot)
    assert f"resource {QUEUE}'s parent {TENANT} comes after it" in problems
    assert f"resource {QUEUE}'s dependency {TENANT} comes after it" in problems


def test_integrity_missing_dependency_and_property_dependency_and_deleted_with() -> None:
    snapshot = sound()
    queue = snapshot.resources[3]
    queue.dependencies.append("urn:pulumi:dev::shop::x:y:Z::gone")
    queue.property_dependencies["name"] = ["urn:pulumi:dev::shop::x:y:Z::gone2"]
    queue.deleted_with = "urn:pulumi:dev::shop::x:y:Z::gone3"
    assert verify_integrity(snapshot) == [
        f"resource {QUEUE} refers to missing dependency urn:pulumi:dev::shop::x:y:Z::gone",
        f"resource {QUEUE} refers to missing property dependency urn:pulumi:dev::shop::x:y:Z::gone2",
        f"resource {QUEUE} refers to missing deleted-with target urn:pulumi:dev::shop::x:y:Z::gone3",
    ]


def test_integrity_component_with_an_id() -> None:
    snapshot = sound()
    snapshot.resources[2].id = "should-not-exist"
    assert verify_integrity(snapshot) == [f"resource '{TENANT}' has custom false but non-empty ID"]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("no-separator", "failed to parse provider reference"),
        (f"{TENANT}::id", "failed to parse provider reference"),
        (f"{PROVIDER}::", "has no ID"),
        (f"{PROVIDER}::other-id", "refers to unknown provider"),
    ],
)
def test_integrity_provider_references(reference: str, expected: str) -> None:
    snapshot = sound()
    snapshot.resources[3].provider = reference
    [problem] = verify_integrity(snapshot)
    assert expected in problem


def test_integrity_provider_must_come_first() -> None:
    snapshot = sound()
    provider = snapshot.resources.pop(1)
    snapshot.resources.append(provider)
    assert verify_integrity(snapshot) == [
        f"resource {QUEUE} refers to unknown provider {PROVIDER}::prov-uuid-1"
    ]


def test_integrity_duplicates_only_when_marked_for_deletion() -> None:
    snapshot = sound()
    snapshot.resources.append(replace(snapshot.resources[3], id="q-old"))
    assert verify_integrity(snapshot) == [f"duplicate resource {QUEUE} (not marked for deletion)"]
    snapshot.resources[-1].delete = True
    assert verify_integrity(snapshot) == []


def test_topological_order_moves_dependants_after_what_they_need() -> None:
    snapshot = sample_snapshot()
    shuffled = [snapshot.resources[i] for i in (3, 2, 1, 0)]
    ordered = topological_order(shuffled)
    assert [r.urn for r in ordered] == [PROVIDER, ROOT, TENANT, QUEUE]
    assert verify_integrity(Snapshot(resources=ordered)) == []
    # already ordered input is left as it is
    assert topological_order(snapshot.resources) == snapshot.resources


def test_topological_order_reports_cycles() -> None:
    a = ResourceState(
        urn="urn:pulumi:dev::shop::t:m:T::a",
        custom=False,
        type="t:m:T",
        dependencies=["urn:pulumi:dev::shop::t:m:T::b"],
    )
    b = ResourceState(urn="urn:pulumi:dev::shop::t:m:T::b", custom=False, type="t:m:T", dependencies=[a.urn])
    with pytest.raises(StateError, match="dependency cycle"):
        topological_order([a, b])
