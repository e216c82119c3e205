"""Test access to an emulator: orgs, request statistics, settings, the gateway environment that
points the provider at it, and the official SDK logged in through `set_gateway`.

Shared by the provider, dynamic-resource, component and stack tests; the emulator's own tests
drive it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import PureCloudPlatformClientV2 as sdk

from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg


def gateway_env(host: str, port: int) -> dict[str, str]:
    """The `GENESYSCLOUD_GATEWAY_*` variables that send the provider to an emulator."""
    return {
        "GENESYSCLOUD_GATEWAY_HOST": host,
        "GENESYSCLOUD_GATEWAY_PORT": str(port),
        "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
    }


def sdk_client(env: Mapping[str, str], client_id: str, client_secret: str) -> sdk.ApiClient:
    """The official Python SDK logged in with client credentials, through the gateway in `env`."""
    client = sdk.api_client.ApiClient()
    client.set_gateway(
        host=env["GENESYSCLOUD_GATEWAY_HOST"],
        protocol=env.get("GENESYSCLOUD_GATEWAY_PROTOCOL", "http"),
        port=int(env["GENESYSCLOUD_GATEWAY_PORT"]),
        path_params_login="",
        path_params_api="",
    )
    return client.get_client_credentials_token(client_id, client_secret)


def api_requests(base_url: str) -> dict[tuple[str, str], int]:
    """Requests per (method, route template) the emulator counted (admin routes are never counted)."""
    rows = httpx.get(f"{base_url}/_emulator/stats", timeout=10).json()["requests"]
    return {(r["method"], r["route"]): r["count"] for r in rows}


class EmulatorHandle:
    """One running emulator as the tests use it."""

    org_name = "Tests"

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.url = server.url

    def new_org(self, region: str = "eu-west-1") -> CreatedOrg:
        return self.server.create_org(self.org_name, region=region)

    def stats(self) -> dict[tuple[str, str], int]:
        """Requests per (method, route) since the last `reset_stats` (login calls included)."""
        return api_requests(self.url)

    def requests(self) -> list[tuple[str, str]]:
        """(method, route) of every API call since the last `reset_stats`, one per call."""
        return [key for key, count in self.stats().items() for _ in range(count)]

    def reset_stats(self) -> None:
        httpx.delete(f"{self.url}/_emulator/stats", timeout=10)

    def settings(self, **changes: Any) -> dict[str, Any]:
        return httpx.put(f"{self.url}/_emulator/settings", json=changes, timeout=10).json()

    def gateway_env(self) -> dict[str, str]:
        return gateway_env(self.server.host, self.server.port)

    def sdk_client(self, org: CreatedOrg) -> sdk.ApiClient:
        return sdk_client(self.gateway_env(), org.client_id, org.client_secret)
