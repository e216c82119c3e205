"""`refresh` (alone, or before an update with ``--refresh``): read every resource in the state.

Each custom resource (reads included; providers and components have nothing to read) is read
through the provider that manages it, up to ``-p`` at a time. An object that no longer exists
leaves the state; one that changed has its outputs (and, when the provider reports them, the
inputs that would produce it) replaced, so the next diff shows the drift. Each resource becomes a
``refresh`` step whose result op (same, update, delete) is what the summary counts.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from gcx.engine.deletes import Condemned, run_waves
from gcx.engine.events import StepFinished
from gcx.engine.props import annotate_secrets, changed_keys, from_provider, mark_secret_outputs, to_provider
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op, Step

if TYPE_CHECKING:
    from gcx.engine.deployment import Deployment


def refresh(deployment: Deployment) -> None:
    readable = [s for s in deployment.ledger.unclaimed() if s.custom and not s.is_provider]
    wave = [Condemned(state, Op.REFRESH) for state in readable]
    run_waves(
        [wave], lambda item: _refresh_one(deployment, item.state), deployment.parallel, deployment.cancelled
    )
    deployment.save()


def _refresh_one(deployment: Deployment, old: ResourceState) -> None:
    instance = deployment.providers.for_old_resource(old.provider)
    result = deployment.provider_call(
        "read",
        old.urn,
        lambda: instance.provider.read(old.urn, old.id, to_provider(old.inputs), to_provider(old.outputs)),
    )
    if not result.id:
        deployment.ledger.remove_old(old.urn)
        step = Step(Op.REFRESH, old.urn, old.type, old, None, old.provider, result_op=Op.DELETE)
    else:
        inputs = old.inputs
        if result.inputs is not None:
            inputs = annotate_secrets(from_provider(result.inputs), old.inputs)
        outputs = annotate_secrets(from_provider(result.outputs or {}), old.outputs)
        outputs = mark_secret_outputs(outputs, old.additional_secret_outputs)
        changed = changed_keys(old.outputs, outputs)
        drift = str(result.id) != old.id or bool(changed) or bool(changed_keys(old.inputs, inputs))
        new = dataclasses.replace(old, id=str(result.id), inputs=inputs, outputs=outputs) if drift else old
        deployment.ledger.replace_old(new)
        step = Step(
            Op.REFRESH, old.urn, old.type, old, new, old.provider, diff_reasons=changed,
            result_op=Op.UPDATE if drift else Op.SAME,
        )  # fmt: skip
    deployment.record_step(step)
    deployment.emit(StepFinished(step))
