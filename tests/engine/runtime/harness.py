"""Test harness: a copy of a test program in a temp dir, its workspace and `dev` stack, the fake
cloud, and helpers to read the checkpoint, run the CLI in a subprocess and set config."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from gcx.engine.api import Stack
from gcx.engine.backends.diy import DiyBackend
from gcx.engine.config_edit import set_config
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.workspace import Workspace
from tests.engine.programs.fakecloud import FakeProvider, read_calls, read_cloud

PASSPHRASE = "engine-runtime-tests"
PROGRAMS = Path(__file__).resolve().parents[1] / "programs"
REPO = Path(__file__).resolve().parents[3]
FAKE_PROVIDERS = "fake=tests.engine.programs.fakecloud:FakeProvider"
GCX = str(Path(sys.executable).with_name("gcx"))


def fake_registry() -> ProviderRegistry:
    registry = ProviderRegistry()
    registry.register("fake", FakeProvider)
    return registry


class Project:
    """One program copy with a `dev` stack whose stack file already holds the session salt."""

    def __init__(self, root: Path, program: str, salt: str, backend_url: str | None = None) -> None:
        self.root = root
        self.dir = root / program
        shutil.copytree(PROGRAMS / program, self.dir, ignore=shutil.ignore_patterns("__pycache__"))
        self.backend_url = backend_url or f"file://{root / 'state'}"
        self.env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": self.backend_url}
        (self.dir / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {salt}\n")
        self.workspace = Workspace(self.dir, env=self.env)
        self.workspace.create_stack("dev")
        self.stack = Stack(self.workspace, "dev", registry=fake_registry())

    @property
    def name(self) -> str:
        return self.workspace.project.name

    def config(self, key: str, value: Any, *, secret: bool = False) -> None:
        crypter = self.workspace.crypter("dev") if secret else None
        set_config(self.workspace.stack_file("dev"), key, str(value), secret=secret, crypter=crypter)

    def urn(self, name: str, type_: str = "fake:index:Thing", parent_type: str = "") -> str:
        qualified = f"{parent_type}${type_}" if parent_type else type_
        return f"urn:pulumi:dev::{self.name}::{qualified}::{name}"

    @property
    def checkpoint_path(self) -> Path:
        return self.root / "state" / ".pulumi" / "stacks" / self.name / "dev.json"

    def checkpoint(self) -> dict[str, Any]:
        """The stored checkpoint, read through the backend (a directory or an S3 bucket)."""
        store = self.workspace.backend.store
        return json.loads(store.read(DiyBackend.stack_key(self.name, "dev")))

    def stored_texts(self) -> dict[str, str]:
        """Every object in the backend, by key (to look for plain-text secrets)."""
        store = self.workspace.backend.store
        return {key: store.read(key).decode("utf-8", "replace") for key in store.list(".pulumi")}

    def resources(self) -> dict[str, dict[str, Any]]:
        """Checkpoint resources by URN name (last wins), as stored (secrets encrypted)."""
        latest = self.checkpoint()["checkpoint"].get("latest") or {}
        return {r["urn"].rsplit("::", 1)[-1]: r for r in latest.get("resources", [])}

    def snapshot(self) -> Any:
        return self.workspace.load_snapshot("dev")

    def cli(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        """Run `gcx` in a subprocess against this project (the fake provider is on GCX_PROVIDERS)."""
        return subprocess.run(
            [GCX, *args, "--cwd", str(self.dir)],
            env=self.subprocess_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def subprocess_env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {**os.environ, **self.env, "GCX_PROVIDERS": FAKE_PROVIDERS, "PYTHONPATH": str(REPO)}
        env.update(extra or {})
        return env


def cloud_names() -> list[str]:
    return sorted(obj["name"] for obj in read_cloud().values())


def calls(kind: str | None = None) -> list[list[Any]]:
    return [c for c in read_calls() if kind is None or c[0] == kind]
