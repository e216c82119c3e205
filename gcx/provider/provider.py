"""`GenesysCloudProvider`: the in-process provider the offline engine calls for ``genesyscloud:*``.

It implements `gcx.engine.plugin.ResourceProvider`. Provider configuration (`check_config`,
`diff_config`, `configure`) and resource `check`/`diff` are done here from the schemas; `create`,
`read`, `update`, `delete`, `find` and `invoke` go to the handler registered for the type token in
`gcx.provider.resources`. Sensitive attributes of every output are wrapped in `plugin.Secret`.
With `log_stack_traces`, a handler's unexpected exception is also written to a file
(`gcx.provider.stack_traces`).
One instance serves one provider resource, so several orgs in one stack each get their own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from gcx.engine.plugin import (
    CheckResult,
    CreateResult,
    DiffResult,
    InvokeResult,
    ReadResult,
    UpdateResult,
    is_unknown,
)
from gcx.engine.urns import urn_type
from gcx.provider.check import check_block
from gcx.provider.config import (
    ProviderConfig,
    check_provider_config,
    diff_provider_config,
    parse_provider_config,
)
from gcx.provider.diff import diff_resource
from gcx.provider.preview import mark_secrets, predict_outputs
from gcx.provider.resources import HANDLERS, HandlerContext, HandlerRegistry, RecoverableHandler
from gcx.provider.schema import ResourceSchema
from gcx.provider.schemas import data_source_schema, resource_schema
from gcx.provider.stack_traces import recording_stack_traces

__all__ = ["GenesysCloudProvider"]


def _has_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


class GenesysCloudProvider:
    def __init__(self, handlers: HandlerRegistry | None = None, env: Mapping[str, str] | None = None) -> None:
        self._handlers = HANDLERS if handlers is None else handlers
        self._env = env
        self._config: ProviderConfig | None = None
        self._cache: dict[str, Any] = {}

    @property
    def env(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env

    @property
    def config(self) -> ProviderConfig | None:
        """The parsed configuration; None before `configure` or while it holds unknown values."""
        return self._config

    # --- provider configuration ---

    def check_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        return check_provider_config(news, self.env)

    def diff_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        return diff_provider_config(olds, news, self.env)

    def configure(self, config: Mapping[str, Any]) -> None:
        # In a preview the configuration may depend on outputs not known yet; the provider can still
        # check, diff and predict, and refuses API calls until a later configure.
        self._config = None if _has_unknown(config) else parse_provider_config(config, self.env)
        self._cache.clear()

    # --- resources ---

    def _traced(self, action: str, subject: str) -> AbstractContextManager[None]:
        return recording_stack_traces(self._config, action, subject)

    def _context(self, schema: Any, urn: str) -> HandlerContext:
        return HandlerContext(schema=schema, urn=urn, known_config=self._config, cache=self._cache)

    @staticmethod
    def _schema(urn: str) -> ResourceSchema:
        return resource_schema(urn_type(urn))

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        schema = self._schema(urn)
        return check_block(schema.block, news, owner=schema.class_name, rules=schema.rules)

    def diff(
        self,
        urn: str,
        id: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        ignore_changes: list[str],
    ) -> DiffResult:
        return diff_resource(self._schema(urn), old_inputs, old_outputs, news, ignore_changes)

    def create(self, urn: str, news: Mapping[str, Any], preview: bool) -> CreateResult:
        schema = self._schema(urn)
        if preview and not self._handlers.has_resource(schema.token):
            return CreateResult(id="", outputs=predict_outputs(schema, news))
        handler = self._handlers.resource(schema.token, "create")
        with self._traced("create", urn):
            result = handler.create(self._context(schema, urn), news, preview)
        return CreateResult(id=result.id, outputs=mark_secrets(schema.block, result.outputs))

    def read(self, urn: str, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> ReadResult:
        schema = self._schema(urn)
        handler = self._handlers.resource(schema.token, "read")
        with self._traced("read", urn):
            result = handler.read(self._context(schema, urn), id, inputs, outputs)
        if result.outputs is not None:
            result = ReadResult(result.id, result.inputs, mark_secrets(schema.block, result.outputs))
        return result

    def update(
        self,
        urn: str,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        schema = self._schema(urn)
        if preview and not self._handlers.has_resource(schema.token):
            return UpdateResult(outputs=predict_outputs(schema, news, old_outputs))
        handler = self._handlers.resource(schema.token, "update")
        with self._traced("update", urn):
            result = handler.update(self._context(schema, urn), id, old_outputs, news, old_inputs, preview)
        return UpdateResult(outputs=mark_secrets(schema.block, result.outputs))

    def delete(
        self, urn: str, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        schema = self._schema(urn)
        handler = self._handlers.resource(schema.token, "delete")
        with self._traced("delete", urn):
            handler.delete(self._context(schema, urn), id, old_outputs, old_inputs)

    def find(self, urn: str, news: Mapping[str, Any]) -> ReadResult | None:
        schema = self._schema(urn)
        handler = self._handlers.resource(schema.token, "find")
        if not isinstance(handler, RecoverableHandler):
            return None
        with self._traced("find", urn):
            return handler.find(self._context(schema, urn), news)

    # --- data sources ---

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        schema = data_source_schema(token)
        checked = check_block(schema.block, args, owner=schema.function_name)
        if checked.failures:
            return InvokeResult(outputs={}, failures=checked.failures)
        handler = self._handlers.data_source(token)
        with self._traced("invoke", token):
            return handler.invoke(self._context(schema, ""), checked.inputs)
