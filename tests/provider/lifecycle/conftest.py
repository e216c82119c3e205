"""Fixtures for the provider lifecycle tests: one emulator per xdist worker, a fresh org per test,
one passphrase salt per worker (key derivation is the slow part) and a project factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gcx.emulator.admin import CreatedOrg
from gcx.engine.secrets import PassphraseCrypter
from tests.provider.lifecycle.harness import PASSPHRASE, Emulator, GenesysProject, emulator, org

__all__ = ["emulator", "org"]


@pytest.fixture(scope="session")
def salt() -> str:
    return PassphraseCrypter.new(PASSPHRASE).salt_state


@pytest.fixture
def project(tmp_path: Path, salt: str, emulator: Emulator, org: CreatedOrg) -> Callable[..., GenesysProject]:
    def make(body: str, **options: Any) -> GenesysProject:
        return GenesysProject(tmp_path, body, salt, emulator, org, **options)

    return make
