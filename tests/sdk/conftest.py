"""A recording resource monitor: the SDK's registrations as the engine would receive them."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pulumi
import pytest
from google.protobuf import json_format
from pulumi.runtime import mocks

from tests.support.pulumi_mocks import install_monitor

PACKAGE_REF = "ref-genesyscloud"


@dataclass
class Registration:
    type: str
    name: str
    inputs: dict[str, Any]  # wire form: secrets keep their signature wrapper
    additional_secret_outputs: list[str]
    package_ref: str
    provider: str


class EchoMocks(pulumi.runtime.Mocks):
    """Outputs are the inputs plus a few server-side values; invokes echo their arguments."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        outputs = dict(args.inputs)
        if args.typ == "genesyscloud:index/oauthClient:OauthClient":
            outputs.update(clientId="client-1", clientSecret="from-create")
        if args.typ == "genesyscloud:index/integration:Integration":
            outputs["config"] = {"name": "Custom app", "properties": "{}", "advanced": "{}"}
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        return {"id": "looked-up", **args.args}


class RecordingMonitor(mocks.MockMonitor):
    def __init__(self) -> None:
        super().__init__(EchoMocks())
        self.registrations: list[Registration] = []
        self.packages: list[Any] = []
        self.invokes: list[tuple[str, str]] = []

    def RegisterResource(self, request: Any) -> Any:
        if request.type != "pulumi:pulumi:Stack":
            self.registrations.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    inputs=json_format.MessageToDict(request.object),
                    additional_secret_outputs=list(request.additionalSecretOutputs),
                    package_ref=request.packageRef,
                    provider=request.provider,
                )
            )
        return super().RegisterResource(request)

    def RegisterPackage(self, request: Any) -> Any:
        self.packages.append(request)
        return mocks.resource_pb2.RegisterPackageResponse(ref=PACKAGE_REF)

    def Invoke(self, request: Any) -> Any:
        self.invokes.append((request.tok, request.packageRef))
        return super().Invoke(request)

    def registered(self, type_token: str) -> Registration:
        found = [r for r in self.registrations if r.type == type_token]
        assert len(found) == 1, f"{type_token} registered {len(found)} times"
        return found[0]


@pytest.fixture
def monitor() -> Iterator[RecordingMonitor]:
    yield install_monitor(RecordingMonitor())
