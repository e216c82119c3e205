"""Fixtures for the API client tests: the lifecycle harness's emulator and a fresh org per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg
from tests.provider.lifecycle.harness import Emulator


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with EmulatorServer() as server:
        yield Emulator(server)


@pytest.fixture
def org(emulator: Emulator) -> CreatedOrg:
    return emulator.new_org()
