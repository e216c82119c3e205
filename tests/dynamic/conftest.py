"""Fixtures for the dynamic-resource tests: one emulator per worker, a fresh org per test, a test
program copied into the test's temp dir with its `dev` stack, and the official SDK pointed at the
emulator (for out-of-band changes and for checking what the org holds)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import PureCloudPlatformClientV2 as sdk
import pytest

from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg
from gcx.emulator.settings import EmulatorSettings
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace
from tests.support.emulator import EmulatorHandle

PASSPHRASE = "gcx-dynamic-tests"
PROGRAMS = Path(__file__).parent / "programs"
# Short enough to keep the suite fast, long enough that provisioning is really polled.
SMS_PROVISIONING_SECONDS = 0.4


class Emulator(EmulatorHandle):
    org_name = "Dynamic Tests"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    settings = EmulatorSettings(sms_provisioning_seconds=SMS_PROVISIONING_SECONDS)
    with EmulatorServer(settings=settings) as server:
        yield Emulator(server)


@pytest.fixture
def org(emulator: Emulator) -> CreatedOrg:
    return emulator.new_org()


@pytest.fixture(scope="session")
def salt() -> str:
    return PassphraseCrypter.new(PASSPHRASE).salt_state


class Project:
    """A copy of one test program with a `dev` stack configured for `org` through the emulator."""

    def __init__(self, root: Path, program: str, salt: str, emulator: Emulator, org: CreatedOrg) -> None:
        self.dir = root / program
        self.state_dir = root / "state"
        shutil.copytree(PROGRAMS / program, self.dir, ignore=shutil.ignore_patterns("__pycache__"))
        (self.dir / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {salt}\n")
        env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{self.state_dir}"}
        self.workspace = Workspace(self.dir, env=env)
        self.workspace.create_stack("dev")
        self.stack = Stack(
            self.workspace, "dev", registry=ProviderRegistry(), program_env=emulator.gateway_env()
        )
        self.config("region", org.region)
        self.config("clientId", org.client_id)
        self.config("clientSecret", org.client_secret, secret=True)

    def config(self, key: str, value: Any, *, secret: bool = False) -> None:
        text = value if isinstance(value, str) else json.dumps(value)
        crypter = self.workspace.crypter("dev") if secret else None
        set_config(self.workspace.stack_file("dev"), key, text, secret=secret, crypter=crypter)

    def resources(self) -> dict[str, dict[str, Any]]:
        """The checkpoint's resources by name, secrets still encrypted (as stored)."""
        path = next(self.state_dir.rglob("dev.json"))
        latest = json.loads(path.read_text())["checkpoint"].get("latest") or {}
        return {r["urn"].rsplit("::", 1)[-1]: r for r in latest.get("resources", [])}

    def backend_text(self) -> str:
        """Everything the backend directory holds (state, history, backups), as text."""
        return "\n".join(p.read_text(errors="replace") for p in self.state_dir.rglob("*") if p.is_file())


@pytest.fixture
def project(tmp_path: Path, salt: str, emulator: Emulator, org: CreatedOrg) -> Callable[[str], Project]:
    def make(program: str) -> Project:
        return Project(tmp_path, program, salt, emulator, org)

    return make


@pytest.fixture
def api(emulator: Emulator, org: CreatedOrg) -> sdk.ApiClient:
    """The official Python SDK, logged in to `org` through the emulator (`set_gateway`)."""
    return emulator.sdk_client(org)
