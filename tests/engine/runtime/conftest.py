"""Fixtures for the engine runtime tests: one crypter per worker (key derivation is the slow part),
the fake cloud files in the test's temp dir, and a `project` factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gcx.engine.secrets import PassphraseCrypter
from tests.engine.runtime.harness import PASSPHRASE, Project


@pytest.fixture(scope="session")
def salt() -> str:
    return PassphraseCrypter.new(PASSPHRASE).salt_state


@pytest.fixture(autouse=True)
def fake_cloud(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FAKE_CLOUD_FILE", str(tmp_path / "cloud.json"))
    monkeypatch.setenv("FAKE_CALLS_FILE", str(tmp_path / "calls.log"))
    for name in ("FAKE_FAIL_ON", "FAKE_DELAY", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cloud.json"


@pytest.fixture
def project(tmp_path: Path, salt: str) -> Callable[..., Project]:
    def make(program: str, backend_url: str | None = None) -> Project:
        return Project(tmp_path, program, salt, backend_url)

    return make
