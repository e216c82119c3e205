"""`gcx import TYPE NAME ID`: adopt an existing object (Pulumi's import step).

The object is read through the provider (explicit, or the package's default), its inputs are
checked, and it joins the state as a protected resource with its ``importID``, under the root
Stack unless a parent is given. Nothing else in the state changes.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from gcx.engine.events import StepFinished
from gcx.engine.failures import CheckFailed, StepError
from gcx.engine.props import annotate_secrets, from_provider, to_provider
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op, Step
from gcx.engine.urns import make_urn

if TYPE_CHECKING:
    from gcx.engine.deployment import Deployment, Registration


def import_resource(
    deployment: Deployment, reg: Registration, resource_id: str, *, protect: bool = True
) -> ResourceState:
    urn = make_urn(deployment.stack, deployment.project, reg.type, reg.name, reg.parent)
    if deployment.ledger.get(urn) is not None:
        raise StepError(f"resource '{urn}' already exists in the stack; pick another name")
    instance = deployment.provider_for(reg.type, reg.provider)
    result = deployment.provider_call("read", urn, lambda: instance.provider.read(urn, resource_id, {}, {}))
    if not result.id:
        raise StepError(f"{reg.type} '{resource_id}' does not exist; nothing to import")
    inputs = from_provider(result.inputs or {})
    check = deployment.provider_call(
        "check", urn, lambda: instance.provider.check(urn, {}, to_provider(inputs)), bounded=False
    )
    if check.failures:
        raise CheckFailed(reg.type, reg.name, check.failures)
    inputs = annotate_secrets(from_provider(check.inputs), inputs)
    reg = dataclasses.replace(reg, protect=protect, import_id=resource_id)
    outputs = deployment.outputs_of(reg, result.outputs or {}, inputs)
    state = deployment.new_state(
        reg, urn, None, Op.IMPORT, inputs=inputs, outputs=outputs, id=str(result.id), provider=instance.ref
    )
    step = Step(Op.IMPORT, urn, reg.type, None, state, instance.ref, sequence=reg.sequence)
    deployment.record_step(step)
    deployment.emit(StepFinished(step))
    deployment.ledger.record(state)
    deployment.save()
    return state
