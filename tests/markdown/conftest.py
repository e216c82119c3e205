"""Fixtures: the engine runtime's (fake cloud, per-worker crypter salt, `project` factory), so these
tests run the real engine on its test programs, and `lifecycle`, that program ready for the CLI
(the graph tests use it too)."""

from __future__ import annotations

import pytest

from tests.engine.runtime.conftest import fake_cloud, project, salt  # noqa: F401
from tests.engine.runtime.harness import FAKE_PROVIDERS, PASSPHRASE, Project

# The lifecycle program's secret config value; no output may ever show it.
TOKEN = "tok-9f3e-never-shown"


@pytest.fixture
def lifecycle(project, monkeypatch) -> Project:  # noqa: F811
    """The lifecycle program at version 1, with the environment the CLI reads (backend,
    passphrase, the fake provider)."""
    proj = project("lifecycle")
    proj.config("version", 1)
    proj.config("token", TOKEN, secret=True)
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PULUMI_BACKEND_URL", proj.backend_url)
    monkeypatch.setenv("GCX_PROVIDERS", FAKE_PROVIDERS)
    return proj
