"""Hand-built operation results for the golden display tests (no engine run, so every id,
URN and timestamp is fixed)."""

from __future__ import annotations

from gcx.engine.result import OperationResult, change_summary
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op, Step
from gcx.engine.wire import UNKNOWN, make_secret

P = "urn:pulumi:dev::shop::"
STACK = P + "pulumi:pulumi:Stack::shop-dev"
PROVIDER = P + "pulumi:providers:fake::default::11111111-2222-3333-4444-555555555555"
EXPLICIT = P + "pulumi:providers:fake::east::99999999-8888-7777-6666-555555555555"
COMPONENT = P + "shop:index:Team::team"
T = "fake:index:Thing"


def state(urn: str, type_: str = T, *, custom: bool = True, id: str = "", **fields: object) -> ResourceState:
    parent = fields.pop("parent", STACK if urn != STACK else "")
    provider = fields.pop("provider", PROVIDER if custom else "")
    return ResourceState(
        urn=urn, custom=custom, type=type_, id=id, parent=parent, provider=provider, **fields
    )


def preview_with_every_kind_of_change() -> OperationResult:
    stack_old = state(
        STACK,
        "pulumi:pulumi:Stack",
        custom=False,
        parent="",
        outputs={"queueId": "q-1", "token": make_secret("t0")},
    )
    stack_new = state(
        STACK,
        "pulumi:pulumi:Stack",
        custom=False,
        parent="",
        outputs={"queueId": UNKNOWN, "token": make_secret("t1"), "added": "x"},
    )
    team = state(COMPONENT, "shop:index:Team", custom=False)
    create = state(
        P + "fake:index:Thing::fresh",
        inputs={
            "name": "fresh",
            "size": 3,
            "enabled": True,
            "password": make_secret("hunter2"),
            "peer": UNKNOWN,
            "tags": ["a", "b"],
            "settings": {"mode": "fast", "limits": {"max": 1000000}},
            "config": '{"retries": 2, "hosts": ["a", "b"]}',
            "empty": "",
            "nothing": None,
            "__provider": "internal",
        },
    )
    old_update = state(
        P + "shop:index:Team$fake:index:Thing::team-lead",
        id="lead-1",
        parent=COMPONENT,
        inputs={
            "name": "lead",
            "size": 1,
            "tags": ["a", "b", "c"],
            "settings": {"mode": "slow", "keep": True, "limits": {"max": 5}},
            "password": make_secret("old"),
            "description": "line one\nline two\nline three",
            "config": '{"retries": 1, "hosts": ["a"]}',
            "legacy": "drop me",
        },
    )
    new_update = state(
        old_update.urn,
        parent=COMPONENT,
        inputs={
            "name": "lead",
            "size": 2,
            "tags": ["a", "x"],
            "settings": {"mode": "fast", "keep": True, "limits": {"max": 5}},
            "password": make_secret("new"),
            "description": "line one\nline 2\nline three",
            "config": '{"retries": 3, "hosts": ["a"]}',
            "peer": UNKNOWN,
        },
    )
    old_replace = state(
        P + "fake:index:Thing::queue",
        id="queue-7",
        protect=False,
        inputs={"name": "queue", "kind": "k1"},
        provider=EXPLICIT,
    )
    new_replace = state(old_replace.urn, inputs={"name": "queue", "kind": "k2"}, provider=EXPLICIT)
    protected = state(P + "fake:index:Thing::vault", id="vault-1", protect=True, inputs={"name": "vault"})
    protected_new = state(protected.urn, protect=True, inputs={"name": "vault", "size": 9})
    gone = state(P + "fake:index:Thing::gone", id="gone-3", inputs={"name": "gone", "size": 4})
    kept = state(P + "fake:index:Thing::kept", id="kept-4", retain_on_delete=True, inputs={"name": "kept"})
    steps = [
        Step(Op.SAME, STACK, stack_old.type, stack_old, stack_new, sequence=1),
        Step(Op.CREATE, create.urn, T, None, create, PROVIDER, sequence=2),
        Step(Op.SAME, team.urn, team.type, team, team, sequence=3),
        Step(
            Op.UPDATE,
            new_update.urn,
            T,
            old_update,
            new_update,
            PROVIDER,
            ["config", "description", "legacy", "password", "peer", "settings", "size", "tags"],
            sequence=4,
        ),
        Step(
            Op.REPLACE,
            new_replace.urn,
            T,
            old_replace,
            new_replace,
            EXPLICIT,
            ["kind"],
            ["kind"],
            {"kind": "update-replace"},
            sequence=5,
        ),
        Step(Op.UPDATE, protected.urn, T, protected, protected_new, PROVIDER, ["size"], sequence=6),
        Step(Op.DELETE_REPLACED, old_replace.urn, T, old_replace, None, EXPLICIT, hidden=True, sequence=10),
        Step(Op.DELETE, gone.urn, T, gone, None, PROVIDER, sequence=11),
        Step(Op.DELETE, kept.urn, T, kept, None, PROVIDER, sequence=12),
    ]
    return OperationResult(
        kind="update",
        dry_run=True,
        stack="dev",
        steps=steps,
        change_summary=change_summary(steps),
        outputs=dict(stack_new.outputs),
        duration_ns=1_234_567_890,
        config={"shop:region": "us-east-1", "shop:apiKey": "[secret]"},
    )


def update_that_created_a_stack() -> OperationResult:
    stack = state(
        STACK,
        "pulumi:pulumi:Stack",
        custom=False,
        parent="",
        outputs={"url": "https://x", "key": make_secret("k")},
    )
    thing = state(
        P + "fake:index:Thing::one",
        id="one-1",
        inputs={"name": "one"},
        outputs={"name": "one", "cloudId": "c-1"},
    )
    steps = [
        Step(Op.CREATE, STACK, stack.type, None, stack, sequence=1),
        Step(Op.CREATE, thing.urn, T, None, thing, PROVIDER, sequence=2, duration_ns=120_000_000),
    ]
    return OperationResult(
        kind="update",
        dry_run=False,
        stack="dev",
        steps=steps,
        change_summary=change_summary(steps),
        outputs=dict(stack.outputs),
        duration_ns=2_100_000_000,
    )


def destroy_with_a_component() -> OperationResult:
    """Deletes run children first, so a child is printed before its parent was seen (indent 0)."""
    stack = state(STACK, "pulumi:pulumi:Stack", custom=False, parent="", outputs={"url": "https://x"})
    team = state(COMPONENT, "shop:index:Team", custom=False)
    child = state(
        P + "shop:index:Team$fake:index:Thing::team-a", id="a-1", parent=COMPONENT, inputs={"name": "a"}
    )
    steps = [
        Step(Op.DELETE, child.urn, T, child, None, PROVIDER, sequence=1),
        Step(Op.DELETE, team.urn, team.type, team, None, sequence=2),
        Step(Op.DELETE, STACK, stack.type, stack, None, sequence=3),
    ]
    return OperationResult(
        kind="destroy", dry_run=True, stack="dev", steps=steps, change_summary=change_summary(steps)
    )
