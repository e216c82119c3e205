"""Fixtures for the emulator tests: a running emulator, fresh orgs, and HTTP clients.

Every response an `api` client receives is checked against the official SDK's model for its
route (`sdk_shapes`), so each test doubles as a shape-conformance test. `target` runs a test
against both transports: the embedded server and a `gcx emulator serve` subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gcx.emulator import EmulatorServer
from tests.emulator.sdk_shapes import check_response


@dataclass
class Target:
    """An emulator reachable over HTTP, administered through `/_emulator`."""

    url: str

    def create_org(self, name: str | None = None, region: str = "us-east-1", **extra: Any) -> dict[str, str]:
        body = {"name": name or f"Org {uuid.uuid4().hex[:8]}", "region": region, **extra}
        response = httpx.post(f"{self.url}/_emulator/orgs", json=body, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    def token(self, client_id: str, client_secret: str) -> str:
        response = httpx.post(
            f"{self.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, client_secret),
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    def client(self, token: str | None = None) -> httpx.Client:
        return api_client(self.url, token)


def _conforms(response: httpx.Response) -> None:
    response.read()
    if not response.content or not response.headers.get("content-type", "").startswith(
        ("application/json", "application/scim+json")
    ):
        return
    found = check_response(
        response.request.method, response.request.url.path, response.status_code, response.json()
    )
    assert not found, "response differs from the SDK model:\n" + "\n".join(found[:10])


def api_client(url: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url, headers=headers, timeout=30, event_hooks={"response": [_conforms]})


def limited_client(api: httpx.Client, target: Target, *permissions: str) -> httpx.Client:
    """A client-credentials client whose only role grants `permissions` (wildcards allowed)."""
    policies = []
    for perm in permissions:
        domain, entity, action = perm.split(":")
        policies.append({"domain": domain, "entityName": entity, "actionSet": [action]})
    role = api.post(
        "/api/v2/authorization/roles", json={"name": f"limited {permissions}", "permissionPolicies": policies}
    )
    assert role.status_code == 200, role.text
    client = api.post(
        "/api/v2/oauth/clients",
        json={
            "name": "limited",
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "roleDivisions": [{"roleId": role.json()["id"]}],
        },
    ).json()
    return target.client(target.token(client["id"], client["secret"]))


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as emu:
        yield emu


@pytest.fixture(scope="session")
def embedded(emulator: EmulatorServer) -> Target:
    return Target(emulator.url)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """`gcx emulator serve --port 0` in a subprocess (in-memory state)."""
    process = serve_process()
    try:
        yield Target(read_url(process))
    finally:
        process.terminate()
        process.wait(timeout=10)


def serve_process(*args: str) -> subprocess.Popen[str]:
    gcx = Path(sys.executable).with_name("gcx")
    return subprocess.Popen(
        [str(gcx), "emulator", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise AssertionError(
            f"gcx emulator serve did not start: {line!r} {process.stderr.read() if process.stderr else ''}"
        )
    return line.rsplit(" ", 1)[1].strip()


@pytest.fixture(params=["embedded", "served"])
def target(request: pytest.FixtureRequest) -> Target:
    return request.getfixturevalue(request.param)


@pytest.fixture
def org(embedded: Target) -> dict[str, str]:
    return embedded.create_org()


@pytest.fixture
def api(embedded: Target, org: dict[str, str]) -> Iterator[httpx.Client]:
    with embedded.client(embedded.token(org["clientId"], org["clientSecret"])) as client:
        yield client
