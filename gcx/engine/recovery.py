"""Operations an interrupted run started but never recorded as finished (``pending_operations``).

Before every provider mutation the engine puts a pending operation on disk. After a ``kill -9``
the next run finds them here and makes the state true again before it plans anything:

- ``creating``: the object may exist without being in the state. A provider that implements
  `RecoverableProvider.find` is asked for it by the inputs; a match not already in the state is
  adopted (a previous object of the same resource, mid-replacement, is queued for deletion).
  Without `find` the user gets Pulumi's warning and `gcx refresh` as the remedy.
- ``updating``: the old state is still recorded; the diff runs again and repeats the update.
- ``deleting``: the old state is still recorded; the delete is repeated (providers treat an
  object already gone as deleted).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from gcx.engine.events import Severity
from gcx.engine.plugin import RecoverableProvider
from gcx.engine.props import annotate_secrets, from_provider, to_provider
from gcx.engine.state import PendingOperation

if TYPE_CHECKING:
    from gcx.engine.deployment import Deployment


def recover_pending_operations(deployment: Deployment) -> None:
    pending, deployment.ledger.old_pending = deployment.ledger.old_pending, []
    unknown: list[PendingOperation] = []
    for operation in pending:
        if operation.type != "creating":
            continue
        resource = operation.resource
        instance = deployment.providers.for_old_resource(resource.provider) if resource.provider else None
        finder = instance.provider if instance is not None else None
        if not isinstance(finder, RecoverableProvider):
            unknown.append(operation)
            continue
        found = deployment.provider_call(
            "find", resource.urn, lambda f=finder, r=resource: f.find(r.urn, to_provider(r.inputs))
        )
        if found is None or not found.id:
            continue
        outputs = annotate_secrets(from_provider(found.outputs or {}), resource.inputs)
        adopted = dataclasses.replace(resource, id=str(found.id), outputs=outputs, delete=False)
        if deployment.ledger.adopt(adopted):
            deployment.diagnose(
                Severity.INFO,
                f"adopted {resource.urn} (id {found.id}): an interrupted run created it, did not record it",
                resource.urn,
            )
    if pending:
        deployment.save()
    if unknown:
        lines = "\n".join(f"  * {op.resource.urn}, interrupted while {op.type}" for op in unknown)
        deployment.diagnose(
            Severity.WARNING,
            f"Attempting to deploy or update resources with {len(unknown)} pending operations from "
            f"previous deployment.\n{lines}\nThese resources are in an unknown state because gcx was "
            "interrupted while waiting for changes to these resources to complete. Check whether the "
            "objects exist in the cloud; run `gcx refresh` to reconcile the state.",
        )
