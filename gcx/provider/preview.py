"""Outputs of a ``genesyscloud:*`` resource before the API has been called, and secret marking.

`predict_outputs` is what a preview shows: the checked inputs (defaults included) plus every Computed
attribute the program did not set, unknown on create and kept from the old outputs on update.
`mark_secrets` wraps the Sensitive attributes in `plugin.Secret` so the engine stores and shows
them as secrets whatever the program asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.engine.plugin import Secret, Unknown
from gcx.provider.schema import Block, ResourceSchema

__all__ = ["mark_secrets", "predict_outputs"]


def _predict(block: Block, inputs: Mapping[str, Any], old: Mapping[str, Any] | None) -> dict[str, Any]:
    result = dict(inputs)
    for attr in block.attrs:
        value = inputs.get(attr.wire_name)
        previous = old.get(attr.wire_name) if old is not None else None
        if value is None:
            if attr.computed:
                result[attr.wire_name] = previous if previous is not None else Unknown()
        elif attr.block is not None and attr.single and isinstance(value, Mapping):
            nested_old = previous if isinstance(previous, Mapping) else None
            result[attr.wire_name] = _predict(attr.block, value, nested_old)
    return result


def mark_secrets(block: Block, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """`outputs` with each sensitive (or sensitive-holding) attribute wrapped in `Secret`."""
    result = dict(outputs)
    for attr in block.attrs:
        value = result.get(attr.wire_name)
        if attr.secret and value is not None and not isinstance(value, Secret):
            result[attr.wire_name] = Secret(value)
    return result


def predict_outputs(
    schema: ResourceSchema, inputs: Mapping[str, Any], old_outputs: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The outputs a create (`old_outputs` None) or an update will most likely produce.

    `inputs` must be checked inputs (see `gcx.provider.check`). Nested Computed attributes inside
    single blocks are predicted too; those inside lists and sets are left to the real call.
    """
    return mark_secrets(schema.block, _predict(schema.block, inputs, old_outputs))
