"""The engine as the Pulumi SDK sees it: a resource monitor and an engine log, in-process.

The SDK calls these methods (named as in `pulumirpc.ResourceMonitor` and `pulumirpc.Engine`)
from its executor threads with protobuf requests; this module only translates protobuf <-> the
engine's wire model and hands the work to the `Deployment`.

Advertised features: secrets, resource references, `deletedWith` and parameterized packages.
Not advertised (so the SDK computes alias URNs itself and refuses transforms and hooks with a
clear message): alias specs, output values, transforms, resource hooks, state migrations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, provider_pb2, resource_pb2

from gcx.engine.deployment import Deployment, Registration
from gcx.engine.events import Severity
from gcx.engine.props import struct_to_wire, wire_to_struct

SUPPORTED_FEATURES = (
    resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS,
    resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
    resource_pb2.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
    resource_pb2.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION,
)
LEGACY_FEATURE_NAMES = frozenset({"secrets", "resourceReferences", "deletedWith", "parameterization"})

_SEVERITY = {
    engine_pb2.DEBUG: Severity.DEBUG,
    engine_pb2.INFO: Severity.INFO,
    engine_pb2.WARNING: Severity.WARNING,
    engine_pb2.ERROR: Severity.ERROR,
}


def _timeouts(req: Any) -> dict[str, Any]:
    if not req.HasField("customTimeouts"):
        return {}
    timeouts = req.customTimeouts
    return {k: getattr(timeouts, k) for k in ("create", "update", "delete") if getattr(timeouts, k)}


class ResourceMonitor:
    """`SETTINGS.monitor` for one run. `sequence()` numbers registrations in program order."""

    def __init__(self, deployment: Deployment, sequence: Callable[[], int] = lambda: 0) -> None:
        self._deployment = deployment
        self._sequence = sequence

    # -- handshake

    def GetDeploymentInfo(self, _request: Any) -> resource_pb2.DeploymentInfo:
        return resource_pb2.DeploymentInfo(supportedFeatures=list(SUPPORTED_FEATURES))

    def SupportsFeature(self, request: Any) -> resource_pb2.SupportsFeatureResponse:
        return resource_pb2.SupportsFeatureResponse(hasSupport=request.id in LEGACY_FEATURE_NAMES)

    def SignalAndWaitForShutdown(self, _request: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def RegisterPackage(self, request: Any) -> resource_pb2.RegisterPackageResponse:
        name, version = request.name, request.version
        if request.HasField("parameterization") and request.parameterization.name:
            name, version = request.parameterization.name, request.parameterization.version
        return resource_pb2.RegisterPackageResponse(ref=self._deployment.register_package(name, version))

    # -- resources

    def RegisterResource(self, request: Any) -> resource_pb2.RegisterResourceResponse:
        reg = Registration(
            type=request.type,
            name=request.name,
            parent=request.parent,
            custom=request.custom,
            inputs=struct_to_wire(request.object),
            provider=request.provider,
            dependencies=list(request.dependencies),
            property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
            protect=request.protect,
            delete_before_replace=request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None,
            ignore_changes=list(request.ignoreChanges),
            replace_on_changes=list(request.replaceOnChanges),
            additional_secret_outputs=list(request.additionalSecretOutputs),
            retain_on_delete=request.retainOnDelete,
            deleted_with=request.deletedWith,
            alias_urns=list(request.aliasURNs),
            version=request.version,
            package_ref=request.packageRef,
            import_id=request.importId,
            custom_timeouts=_timeouts(request),
            sequence=self._sequence(),
        )
        result = self._deployment.register(reg)
        return resource_pb2.RegisterResourceResponse(
            urn=result.urn, id=result.id, object=wire_to_struct(result.outputs)
        )

    def RegisterResourceOutputs(self, request: Any) -> empty_pb2.Empty:
        self._deployment.register_outputs(request.urn, struct_to_wire(request.outputs))
        return empty_pb2.Empty()

    def ReadResource(self, request: Any) -> resource_pb2.ReadResourceResponse:
        reg = Registration(
            type=request.type,
            name=request.name,
            parent=request.parent,
            custom=True,
            inputs=struct_to_wire(request.properties),
            provider=request.provider,
            dependencies=list(request.dependencies),
            additional_secret_outputs=list(request.additionalSecretOutputs),
            version=request.version,
            package_ref=request.packageRef,
            sequence=self._sequence(),
        )
        result = self._deployment.read(reg, request.id)
        return resource_pb2.ReadResourceResponse(
            urn=result.urn, id=result.id, properties=wire_to_struct(result.outputs)
        )

    def Invoke(self, request: Any) -> resource_pb2.ResourceInvokeResponse:
        outputs, failures = self._deployment.invoke(
            request.tok,
            struct_to_wire(request.args),
            provider_ref=request.provider,
            version=request.version,
            package_ref=request.packageRef,
        )
        checks = [provider_pb2.CheckFailure(property=f.property, reason=f.reason) for f in failures]
        return resource_pb2.ResourceInvokeResponse(**{"return": wire_to_struct(outputs), "failures": checks})


class EngineLog:
    """`SETTINGS.engine`: `pulumi.log.*` calls from the program become diagnostics."""

    def __init__(self, deployment: Deployment) -> None:
        self._deployment = deployment

    def Log(self, request: Any) -> empty_pb2.Empty:
        if not request.ephemeral and request.severity != engine_pb2.DEBUG:
            severity = _SEVERITY.get(request.severity, Severity.INFO)
            self._deployment.diagnose(severity, request.message, request.urn)
        return empty_pb2.Empty()

    def RequirePulumiVersion(self, _request: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()
