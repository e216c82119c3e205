"""Property-based fuzzing of every emulated operation from the app's own OpenAPI (schemathesis).

Each operation gets a bounded number of generated requests (the fuzzing phase, 4 examples,
derandomised so runs are repeatable), sent over HTTP with a valid admin token to an embedded
emulator; whatever the input, the answer must not be a 5xx, and any error must be an ErrorBody
(or a SCIM / login-service error). The admin API and token revocation are left out so the token
and org stay valid for the whole run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from gcx.emulator import EmulatorServer, create_app

schema = (
    schemathesis.openapi.from_dict(create_app().openapi())
    .exclude(path_regex=r"^/_emulator")
    .exclude(path="/api/v2/tokens/me", method="DELETE")
)
schema.config.phases.coverage.enabled = False
schema.config.phases.examples.enabled = False


class Live:
    def __init__(self, server: EmulatorServer) -> None:
        org = server.create_org("Fuzz")
        self.url = server.url
        self.session = requests.Session()
        token = self.session.post(
            f"{server.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(org.client_id, org.client_secret),
        ).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    with EmulatorServer() as server:
        yield Live(server)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_no_operation_answers_5xx(case: schemathesis.Case, live: Live) -> None:
    headers = {} if case.path == "/oauth/token" else live.headers
    response = case.call(base_url=live.url, session=live.session, headers=headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
    )
    if response.status_code >= 400 and response.content:
        body = response.json()
        if case.path.startswith("/api/v2/scim/"):
            assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        elif case.path.startswith("/oauth/") and "error" in body:
            assert body["error_description"]
        else:
            assert body["code"] and body["contextId"] and body["status"] == response.status_code
