"""Test harness for the provider's API tests and lifecycle tests.

`Emulator` wraps one in-process emulator per xdist worker (request stats, settings); each test
gets a fresh org. `GenesysProject` is a tiny Pulumi program in the test's temp dir that uses
`gcx.sdk` (``import gcx.sdk as genesyscloud``), with a `dev` stack whose default genesyscloud
provider is configured from stack config to reach the org through the emulator's gateway (the
client secret as an encrypted secret). The program reads ``lifecycle:step`` so one program can
describe several variants; `up(step)` sets it and runs the offline engine. `sdk_client` gives the
official `PureCloudPlatformClientV2` SDK logged in through `set_gateway`, for out-of-band changes.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.result import OperationResult
from gcx.engine.workspace import Workspace
from gcx.provider.config import ProviderConfig, parse_provider_config
from tests.support.emulator import EmulatorHandle

PASSPHRASE = "gcx-provider-lifecycle-tests"
# Retries in milliseconds rather than seconds, so fault-injection tests stay fast.
FAST_RETRIES = {"GCX_RETRY_MIN_WAIT": "0.02", "GCX_RETRY_MAX_WAIT": "0.2"}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PROGRAM_HEADER = """\
import pulumi
import gcx.sdk as genesyscloud

step = pulumi.Config("lifecycle").get_int("step") or 1
"""


class Emulator(EmulatorHandle):
    org_name = "Provider Tests"

    def provider_config(self, org: CreatedOrg, **extra: Any) -> ProviderConfig:
        raw = {
            "oauthclientId": org.client_id,
            "oauthclientSecret": org.client_secret,
            "gateways": [{"host": self.server.host, "port": str(self.server.port), "protocol": "http"}],
            **extra,
        }
        return parse_provider_config(raw, env={})


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """One emulator per xdist worker (tests in a worker run one at a time)."""
    with EmulatorServer() as server:
        yield Emulator(server)


@pytest.fixture
def org(emulator: Emulator) -> CreatedOrg:
    """A fresh org per test, so tests never see each other's objects."""
    return emulator.new_org()


def sdk_model(cls: type, **fields: Any) -> Any:
    """An official-SDK model object (their constructors take no arguments)."""
    obj = cls()
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def writes(stats: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The write calls among `stats` (token requests are not writes to the org)."""
    return {k: n for k, n in stats.items() if k[0] in WRITE_METHODS and k[1] != "/oauth/token"}


def api_calls(stats: dict[tuple[str, str], int]) -> int:
    return sum(n for (method, route), n in stats.items() if route != "/oauth/token")


class GenesysProject:
    """One Pulumi program (``PROGRAM_HEADER`` + `body`) with a configured `dev` stack."""

    def __init__(
        self,
        root: Path,
        body: str,
        salt: str,
        emulator: Emulator,
        org: CreatedOrg,
        retry_timeout: str = "1s",
        program_env: dict[str, str] | None = None,
        name: str = "program",
    ) -> None:
        self.dir = root / name / "program"
        self.dir.mkdir(parents=True)
        self.state_dir = root / name / "state"
        self.emulator = emulator
        self.org = org
        (self.dir / "Pulumi.yaml").write_text("name: provider-lifecycle\nruntime: python\n")
        (self.dir / "__main__.py").write_text(PROGRAM_HEADER + textwrap.dedent(body))
        (self.dir / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {salt}\n")
        env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{self.state_dir}"}
        self.workspace = Workspace(self.dir, env=env)
        self.workspace.create_stack("dev")
        self.stack = Stack(self.workspace, "dev", program_env={**FAST_RETRIES, **(program_env or {})})
        gateway = [{"host": emulator.server.host, "port": str(emulator.server.port), "protocol": "http"}]
        self.config("genesyscloud:gateway", json.dumps(gateway))
        self.config("genesyscloud:oauthclientId", org.client_id)
        self.config("genesyscloud:oauthclientSecret", org.client_secret, secret=True)
        self.config("genesyscloud:customRetryTimeout", retry_timeout)
        self.config("genesyscloud:tokenPoolSize", "2")

    def config(self, key: str, value: str, *, secret: bool = False) -> None:
        crypter = self.workspace.crypter("dev") if secret else None
        set_config(self.workspace.stack_file("dev"), key, value, secret=secret, crypter=crypter)

    def up(self, step: int = 1, **options: Any) -> OperationResult:
        self.config("lifecycle:step", str(step))
        return self.stack.up(**options)

    def preview(self, step: int = 1) -> OperationResult:
        self.config("lifecycle:step", str(step))
        return self.stack.preview()

    def import_all(self, other: GenesysProject, skip: tuple[str, ...] = ()) -> dict[str, OperationResult]:
        """Import the custom resources of `other`'s stack into this one (same name, type and id)."""
        results = {}
        for name, resource in other.resources().items():
            if name in skip:
                continue
            if resource.get("custom") and not resource["type"].startswith("pulumi:providers:"):
                results[name] = self.stack.import_resource(resource["type"], name, resource["id"])
        return results

    def resources(self) -> dict[str, dict[str, Any]]:
        """Checkpoint resources by name (secrets as stored: encrypted)."""
        path = next(self.state_dir.rglob("dev.json"))
        latest = json.loads(path.read_text())["checkpoint"].get("latest") or {}
        return {r["urn"].rsplit("::", 1)[-1]: r for r in latest.get("resources", []) if "::" in r["urn"]}

    def state_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.state_dir.rglob("*") if p.is_file())


def ops(result: OperationResult) -> dict[str, str]:
    """Resource name -> step op, for the steps a user sees."""
    return {s.urn.rsplit("::", 1)[-1]: s.op for s in result.steps if not s.hidden and "::" in s.urn}


def refresh_ops(result: OperationResult) -> dict[str, str]:
    return {s.urn.rsplit("::", 1)[-1]: s.result_op for s in result.steps if not s.hidden and s.result_op}
