"""What every ``genesyscloud:*`` handler shares: the API client, the home division, and the shape of
outputs and read results.

`ApiResource` implements the `ResourceHandler` protocol around five hooks a handler overrides
(`create_object`, `read_object`, `update_object`, `delete_object`, `find_object`), each working
with *live* values: wire-named values read from (or written to) the API. The base class does the
rest the same way for every type:

- previews make no API call (outputs predicted from the schema);
- outputs are the live values of the attributes the program manages (those it sets, defaults
  included) and of the attributes the server computes; what the API fills in for unmanaged
  attributes is left out, so it never shows as a change, while a managed value someone changed
  in the admin UI does; an import (no inputs yet) keeps every non-empty value;
- values the API never returns (`write_only`: passwords, secrets) are kept from the inputs;
- a read keeps the previous order of sets and the previous text of JSON values when they are
  equal, so a refresh only reports real drift; its `inputs` keep the program's values except
  where the live ones differ in meaning (an import takes every input attribute read);
- an update gets the set of top-level properties that differ (by the provider's own diff), so it
  sends only the calls those properties need.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

from gcx.engine.plugin import CreateResult, ReadResult, UpdateResult
from gcx.provider.check import apply_defaults
from gcx.provider.client import GenesysClient
from gcx.provider.diff import diff_block
from gcx.provider.preview import predict_outputs
from gcx.provider.resources import HandlerContext
from gcx.provider.schema import Attr, Block, ResourceSchema

__all__ = [
    "AmbiguousMatchError",
    "ApiResource",
    "Live",
    "api",
    "changed_roots",
    "home_division_id",
    "single_match",
]

Live = dict[str, Any]

_HOME_DIVISION_KEY = "gcx.provider.home_division"
_home_lock = threading.Lock()


class AmbiguousMatchError(RuntimeError):
    """`find` met several objects with the same natural key and will not guess."""


def api(ctx: HandlerContext) -> GenesysClient:
    return GenesysClient.shared(ctx.cache, ctx.config)


def home_division_id(ctx: HandlerContext) -> str:
    """The org's home division id, read once per provider instance."""
    with _home_lock:  # held while reading, so parallel steps make one request between them
        cached = ctx.cache.get(_HOME_DIVISION_KEY)
        if cached is None:
            home = api(ctx).get("/api/v2/authorization/divisions/home")
            cached = ctx.cache[_HOME_DIVISION_KEY] = home["id"]
    return cached


def single_match(what: str, key: str, matches: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one match of a natural-key lookup, None for none; several raise (never guess)."""
    if len(matches) > 1:
        ids = ", ".join(str(m.get("id")) for m in matches)
        raise AmbiguousMatchError(
            f"{len(matches)} {what}s match {key} ({ids}); import the right one with `gcx import` "
            f"or delete the extra ones, then run again"
        )
    return matches[0] if matches else None


def _changed(block: Block, old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    return {path.split(".", 1)[0].split("[", 1)[0] for path in diff_block(block, old, new)}


def changed_roots(schema: ResourceSchema, old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """Top-level wire names whose values differ, by the provider's own diff rules."""
    return _changed(schema.block, old, new)


# --- output shaping ---------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _is_zero(value: Any) -> bool:
    return _is_empty(value) or value is False or (type(value) in (int, float) and value == 0)


def _clean_item(block: Block, item: Any) -> Any:
    if not isinstance(item, Mapping):
        return item
    result = {}
    for attr in block.attrs:
        value = _nested(attr, item.get(attr.wire_name), {})
        if not _is_empty(value):
            result[attr.wire_name] = value
    return result


def _nested(attr: Attr, value: Any, given: Any) -> Any:
    if attr.block is None:
        return value
    if attr.single and isinstance(value, Mapping):
        return _shape(attr.block, value, given if isinstance(given, Mapping) else None) or None
    if attr.plural and isinstance(value, list):
        return [_clean_item(attr.block, item) for item in value]
    return value


def _shape(block: Block, live: Mapping[str, Any], given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Outputs from live values. With `given` (the program's inputs), attributes the program does
    not set are left out unless the server computes them; without it (an import), every value is
    kept except zero values that are no attribute's default."""
    result: dict[str, Any] = {}
    for attr in block.attrs:
        wire = attr.wire_name
        wanted = given.get(wire) if given is not None else None
        if given is not None and wanted is None and not attr.computed:
            continue
        value = _nested(attr, live.get(wire), wanted)
        if _is_empty(value) or (given is None and _is_zero(value) and attr.default is None):
            continue
        result[wire] = value
    return result


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _align(block: Block, previous: Mapping[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    """`live` with the previous representation kept where it means the same thing."""
    for attr in block.attrs:
        wire = attr.wire_name
        old, new = previous.get(wire), live.get(wire)
        if old is None or new is None:
            continue
        if attr.json and isinstance(old, str) and isinstance(new, str):
            try:
                if json.loads(old) == json.loads(new):
                    live[wire] = old
            except json.JSONDecodeError:
                pass
        elif attr.is_set and isinstance(old, list) and isinstance(new, list):
            if Counter(map(_canonical, old)) == Counter(map(_canonical, new)):
                live[wire] = old
        elif attr.block is not None and attr.single and isinstance(old, Mapping) and isinstance(new, dict):
            live[wire] = _align(attr.block, old, new)
    return live


def _read_inputs(block: Block, outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs that would produce the live object: on import every input attribute read; on a
    refresh the managed attributes, keeping the program's own value where the live one means the
    same (by the provider's diff rules), so only real drift changes the inputs."""
    if not old_inputs:
        inputs = {a.wire_name: outputs[a.wire_name] for a in block.inputs if a.wire_name in outputs}
        return apply_defaults(block, inputs)
    drifted = _changed(block, outputs, old_inputs)
    inputs = {k: v for k, v in old_inputs.items() if k not in drifted}
    for wire in drifted:
        if wire in outputs:
            inputs[wire] = outputs[wire]
        else:
            inputs.pop(wire, None)
    return inputs


class ApiResource:
    """Base of the resource handlers; see the module docstring."""

    # Wire names the API never returns (secrets, passwords): kept from the inputs.
    write_only: frozenset[str] = frozenset()

    # --- hooks ---

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        raise NotImplementedError

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        """The live values, or None when the object is gone. `state` is the last known outputs."""
        raise NotImplementedError

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        raise NotImplementedError

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        """The object a lost create made, by natural key; None when there is none."""
        return None

    # --- shaping ---

    def outputs(
        self,
        ctx: HandlerContext,
        live: Mapping[str, Any],
        given: Mapping[str, Any] | None,
        previous: Mapping[str, Any] | None = None,
        align_to: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Outputs from live values; `given` is None for an import (see `_shape`). Values equal in
        meaning to `align_to` (default: `previous`) keep its form (set order, JSON text)."""
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        values = dict(live)
        for wire in self.write_only:
            if values.get(wire) is None:
                source = given if given and wire in given else previous or {}
                values[wire] = source.get(wire)
                if values[wire] is None and given is None:  # an import: the provider's default
                    attr = schema.block.by_wire(wire)
                    values[wire] = attr.default if attr is not None else None
        shaped = _shape(schema.block, values, given)
        reference = align_to if align_to is not None else previous
        return _align(schema.block, reference, shaped) if reference else shaped

    # --- the ResourceHandler protocol ---

    def create(self, ctx: HandlerContext, news: Mapping[str, Any], preview: bool) -> CreateResult:
        if preview:
            return CreateResult(id="", outputs=predict_outputs(ctx.schema, news))  # type: ignore[arg-type]
        ident, live = self.create_object(ctx, news)
        return CreateResult(id=ident, outputs=self.outputs(ctx, live, news, align_to=news))

    def read(
        self, ctx: HandlerContext, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> ReadResult:
        live = self.read_object(ctx, id, outputs or inputs)
        if live is None:
            return ReadResult(id=None)
        given = dict(inputs) if inputs else None
        shaped = self.outputs(ctx, live, given, outputs or None)
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        return ReadResult(id=id, inputs=_read_inputs(schema.block, shaped, given or {}), outputs=shaped)

    def update(
        self,
        ctx: HandlerContext,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        if preview:
            return UpdateResult(outputs=predict_outputs(schema, news, old_outputs))
        changed = changed_roots(schema, old_outputs or old_inputs, news)
        live = self.update_object(ctx, id, old_outputs, news, changed)
        return UpdateResult(outputs=self.outputs(ctx, live, news, old_outputs, align_to=news))

    def delete(
        self, ctx: HandlerContext, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        self.delete_object(ctx, id, old_outputs or old_inputs)

    def find(self, ctx: HandlerContext, news: Mapping[str, Any]) -> ReadResult | None:
        found = self.find_object(ctx, news)
        if found is None:
            return None
        ident, live = found
        return ReadResult(id=ident, inputs=dict(news), outputs=self.outputs(ctx, live, news))
