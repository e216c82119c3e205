"""The instant in-memory provider (package ``bench``) and the floor's do-nothing monitor."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from google.protobuf import empty_pb2
from pulumi.runtime.proto import resource_pb2

from gcx.engine.monitor import SUPPORTED_FEATURES
from gcx.engine.plugin import CheckResult, CreateResult, DiffResult, InvokeResult, ReadResult, UpdateResult
from gcx.engine.urns import make_urn

_ids = itertools.count(1)


class InstantProvider:
    """Answers at once; outputs are the inputs plus a `ref`."""

    def check_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        return CheckResult(dict(news))

    def diff_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def configure(self, config: Mapping[str, Any]) -> None:
        return None

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        return CheckResult(dict(news))

    def diff(
        self,
        urn: str,
        id: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        ignore_changes: list[str],
    ) -> DiffResult:
        changed = [k for k in set(news) | set(old_inputs) if news.get(k) != old_outputs.get(k)]
        return DiffResult(changes=bool(changed), diffs=sorted(changed))

    def create(self, urn: str, news: Mapping[str, Any], preview: bool) -> CreateResult:
        object_id = "" if preview else f"i-{next(_ids)}"
        return CreateResult(
            object_id, {**news, "ref": f"ref-{object_id}" if object_id else news.get("label")}
        )

    def read(self, urn: str, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> ReadResult:
        return ReadResult(id, dict(inputs), dict(outputs))

    def update(
        self,
        urn: str,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        return UpdateResult({**news, "ref": old_outputs.get("ref")})

    def delete(
        self, urn: str, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        return None

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        return InvokeResult({})


class FloorMonitor:
    """The floor: the SDK's monitor calls answered at once, nothing kept (inputs echoed)."""

    def __init__(self, project: str, stack: str) -> None:
        self._project, self._stack = project, stack

    def GetDeploymentInfo(self, _request: Any) -> resource_pb2.DeploymentInfo:
        return resource_pb2.DeploymentInfo(supportedFeatures=list(SUPPORTED_FEATURES))

    def SupportsFeature(self, request: Any) -> resource_pb2.SupportsFeatureResponse:
        return resource_pb2.SupportsFeatureResponse(hasSupport=True)

    def SignalAndWaitForShutdown(self, _request: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def RegisterResource(self, request: Any) -> resource_pb2.RegisterResourceResponse:
        urn = make_urn(self._stack, self._project, request.type, request.name, request.parent)
        return resource_pb2.RegisterResourceResponse(
            urn=urn, id="id" if request.custom else "", object=request.object
        )

    def RegisterResourceOutputs(self, _request: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()
