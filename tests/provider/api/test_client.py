"""`GenesysClient` against the emulator over HTTP (tokens, paging, versions, rate limits, faults)
and against scripted HTTP answers for the edge cases the emulator never produces (a 181 s
``Retry-After``, 501, dropped connections, a revoked token)."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from gcx.emulator.admin import CreatedOrg
from gcx.provider.client import (
    ApiConnectionError,
    ApiError,
    AuthError,
    GenesysClient,
    VersionMismatchError,
    path_template,
    retry_on_version_mismatch,
)
from gcx.provider.config import parse_provider_config
from gcx.provider.retry import RetryPolicy
from gcx.provider.token_pool import TokenWaitTimeout
from tests.provider.lifecycle.harness import Emulator

FAST = RetryPolicy(min_wait=0.001, max_wait=0.005)


@pytest.fixture
def client(emulator: Emulator, org: CreatedOrg) -> Iterator[GenesysClient]:
    config = emulator.provider_config(org, tokenPoolSize="3", customRetryTimeout="0s")
    with_client = GenesysClient(config, retry=FAST)
    yield with_client
    with_client.close()


@pytest.fixture
def settings(emulator: Emulator) -> Iterator[Callable[..., None]]:
    """Change emulator settings for one test; everything is switched off again afterwards."""
    yield lambda **changes: emulator.settings(**changes)
    emulator.settings(rateLimitPerMinute=None, errorRate=0, latencyMs=0, readAfterWriteLagMs=0, seed=None)


# --- against the emulator ---------------------------------------------------------------------------


def test_tokens_are_minted_lazily_once_per_slot_and_used_round_robin(client, emulator):
    emulator.reset_stats()
    for _ in range(7):
        client.get("/api/v2/organizations/me")
    stats = emulator.stats()
    assert stats[("POST", "/oauth/token")] == 3  # pool of 3, never more
    assert stats[("GET", "/api/v2/organizations/me")] == 7
    assert client.tokens.minted == 3
    assert client.counters[("POST", "/oauth/token")] == 3


def test_a_configured_access_token_makes_no_oauth_call(emulator, org, client):
    token = client.tokens.acquire().token
    config = emulator.provider_config(org, accessToken=token)
    emulator.reset_stats()
    direct = GenesysClient(config, retry=FAST)
    assert direct.get("/api/v2/organizations/me")["id"] == org.org_id
    assert ("POST", "/oauth/token") not in emulator.stats()


def test_paginate_walks_every_page_and_counts_requests_per_template(client):
    for n in range(7):
        client.post("/api/v2/routing/skills", json={"name": f"paging-{n}"})
    client.reset_counters()
    names = [s["name"] for s in client.paginate("/api/v2/routing/skills", {"name": "paging-"}, page_size=3)]
    assert sorted(names) == [f"paging-{n}" for n in range(7)]
    assert client.counters_snapshot() == {("GET", "/api/v2/routing/skills"): 3}


class PageRendezvous(httpx.HTTPTransport):
    """The real HTTP transport, except that requests for `pages` of `path` wait for each other:
    they get through only if the client has them in flight together (a sequential client makes
    the barrier time out). Records the page numbers in the order they were sent."""

    def __init__(self, path: str, pages: set[str]) -> None:
        super().__init__()
        self.path, self.pages = path, pages
        self.barrier = threading.Barrier(len(pages), timeout=10)
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == self.path:
            number = request.url.params["pageNumber"]
            self.sent.append(number)
            if number in self.pages:
                self.barrier.wait()
        return super().handle_request(request)


def test_max_concurrent_pages_fetches_a_window_of_pages_together(emulator, org):
    seed = GenesysClient(emulator.provider_config(org), retry=FAST)
    for n in range(10):
        seed.post("/api/v2/routing/skills", json={"name": f"window-{n:02}"})
    listing = ("/api/v2/routing/skills", {"name": "window-"})
    sequential = [s["name"] for s in seed.paginate(*listing, page_size=2)]
    seed.close()
    transport = PageRendezvous("/api/v2/routing/skills", {"2", "3", "4"})
    config = emulator.provider_config(org, maxConcurrentPages="3")
    client = GenesysClient(config, retry=FAST, transport=transport)
    names = [s["name"] for s in client.paginate(*listing, page_size=2)]
    assert names == sequential == [f"window-{n:02}" for n in range(10)]  # same entities, same order
    assert client.counters_snapshot()[("GET", "/api/v2/routing/skills")] == 5  # no page asked twice
    assert transport.sent[0] == "1" and sorted(transport.sent[1:4]) == ["2", "3", "4"]
    assert transport.sent[4] == "5"  # the next window starts after the first one is answered
    client.close()


def test_paginate_follows_next_uri_of_listings_without_page_count(client):
    users = [
        client.post("/api/v2/users", json={"name": f"Member {n}", "email": f"member{n}@example.com"})["id"]
        for n in range(3)
    ]
    queue = client.post("/api/v2/routing/queues", json={"name": "Paged members"})
    client.post(f"/api/v2/routing/queues/{queue['id']}/members", json=[{"id": u} for u in users])
    members = list(client.paginate(f"/api/v2/routing/queues/{queue['id']}/members", page_size=2))
    assert sorted(m["id"] for m in members) == sorted(users)


def test_stale_version_is_a_typed_error_and_retry_reads_again(client):
    group = client.post("/api/v2/groups", json={"name": "Versioned", "type": "official"})
    client.put(f"/api/v2/groups/{group['id']}", json={"name": "Versioned 2", "version": group["version"]})
    with pytest.raises(VersionMismatchError) as caught:
        client.put(f"/api/v2/groups/{group['id']}", json={"name": "Stale", "version": group["version"]})
    assert caught.value.status == 409 and caught.value.code == "general.conflict"

    versions = [group["version"]]  # the first attempt uses the stale version it started with

    def rename() -> dict:
        version = versions.pop() if versions else client.get(f"/api/v2/groups/{group['id']}")["version"]
        return client.put(f"/api/v2/groups/{group['id']}", json={"name": "Fresh", "version": version})

    assert retry_on_version_mismatch(rename)["name"] == "Fresh"


def test_reads_retry_404_within_the_window_then_fail(emulator, org):
    config = emulator.provider_config(org, customRetryTimeout="300ms")
    client = GenesysClient(config, retry=RetryPolicy(min_wait=0.05, max_wait=0.1))
    missing = "/api/v2/routing/skills/00000000-0000-4000-8000-000000000000"
    with pytest.raises(ApiError) as caught:
        client.get(missing)
    assert caught.value.is_not_found
    attempts = client.counters[("GET", "/api/v2/routing/skills/{id}")]
    assert 3 <= attempts <= 8  # retried for ~0.3 s, not forever
    client.reset_counters()
    assert client.get_or_none(missing, retry_not_found=False) is None
    assert client.counters[("GET", "/api/v2/routing/skills/{id}")] == 1  # writes' polls do not wait


def test_read_after_write_lag_is_absorbed_by_the_read_window(emulator, org, settings):
    settings(readAfterWriteLagMs=250)
    config = emulator.provider_config(org, customRetryTimeout="5s")
    client = GenesysClient(config, retry=RetryPolicy(min_wait=0.05, max_wait=0.1))
    skill = client.post("/api/v2/routing/skills", json={"name": "Lagging"})
    assert client.get(f"/api/v2/routing/skills/{skill['id']}")["name"] == "Lagging"
    assert client.counters[("GET", "/api/v2/routing/skills/{id}")] > 1  # the first reads were 404


def test_a_rate_limited_token_rests_while_the_others_carry_on(emulator, org, settings):
    settings(rateLimitPerMinute=6)
    config = emulator.provider_config(org, tokenPoolSize="3")
    client = GenesysClient(config, retry=FAST)
    for _ in range(14):  # the pool allows 18 a minute; one token is throttled before the others
        client.get("/api/v2/organizations/me")
    sent = client.counters[("GET", "/api/v2/organizations/me")]
    assert sent >= 14  # every call succeeded; any 429 was retried on another token without waiting


def test_service_unavailable_answers_are_retried_until_success(emulator, org, settings):
    settings(errorRate=0.5, seed=7)
    client = GenesysClient(emulator.provider_config(org), retry=FAST)
    for _ in range(10):
        assert client.get("/api/v2/organizations/me")["id"] == org.org_id
    assert client.counters[("GET", "/api/v2/organizations/me")] > 10


def test_wrong_client_secret_fails_without_showing_it(emulator, org, caplog):
    secret = "definitely-not-the-secret-123"
    config = dataclasses.replace(emulator.provider_config(org), oauthclient_secret=secret)
    caplog.set_level(logging.DEBUG, logger="gcx.provider.client")
    with pytest.raises(AuthError) as caught:
        GenesysClient(config, retry=FAST).get("/api/v2/organizations/me")
    assert caught.value.status == 401
    assert org.client_id in str(caught.value)
    assert secret not in str(caught.value) and secret not in caplog.text


def test_path_templates_replace_ids_only():
    assert path_template("/api/v2/groups/6f0c2a4e-3b1d-4c4e-9d7f-0a1b2c3d4e5f/members?x=1") == (
        "/api/v2/groups/{id}/members"
    )
    assert path_template("/api/v2/identityproviders/generic") == "/api/v2/identityproviders/generic"


# --- against scripted answers ----------------------------------------------------------------------


class Script:
    """An HTTP server stand-in answering from a list of (status, headers, json) per API call."""

    def __init__(self, answers: list[tuple[int, dict[str, str], object] | Exception]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.token_requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.token_answers: list[tuple[int, object]] = []
        self.clock: Clock | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            if self.token_answers:
                status, body = self.token_answers.pop(0)
                return httpx.Response(status, json=body)
            self.tokens_issued += 1
            return httpx.Response(
                200, json={"access_token": f"token-{self.tokens_issued}", "expires_in": 3600}
            )
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, headers, body = answer
        return httpx.Response(status, headers=headers, json=body)


class Clock:
    """Time that passes only when the client sleeps; every sleep is recorded in `sleeps`."""

    def __init__(self, sleeps: list[float]) -> None:
        self.sleeps = sleeps
        self.now = 1000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def scripted(script: Script, sleeps: list[float], **config: str) -> GenesysClient:
    raw = {
        "oauthclientId": "client-1",
        "oauthclientSecret": "s3cret-value",
        "gateways": [{"host": "api.test", "protocol": "https"}],
        "tokenPoolSize": "2",
        **config,
    }
    policy = RetryPolicy(max_retries=4, min_wait=0.001, max_wait=0.002)
    clock = script.clock = Clock(sleeps)
    return GenesysClient(
        parse_provider_config(raw, env={}),
        retry=policy,
        transport=httpx.MockTransport(script),
        sleep=clock.sleep,
        clock=clock.time,
    )


def _error(status: int, code: str) -> dict[str, object]:
    return {"status": status, "code": code, "message": code.replace(".", " ")}


def test_one_correlation_id_per_call_kept_across_its_retries():
    script = Script(
        [(503, {}, _error(503, "service.unavailable")), (200, {}, {"ok": 1}), (200, {}, {"ok": 2})]
    )
    client = scripted(script, [])
    assert client.get("/api/v2/a") == {"ok": 1}
    client.get("/api/v2/b")
    ids = [r.headers["ININ-Correlation-Id"] for r in script.requests]
    assert ids[0] == ids[1] != ids[2]
    assert all(r.headers["Authorization"].startswith("Bearer token-") for r in script.requests)


def test_retry_after_is_honoured_and_over_180_seconds_fails_at_once():
    sleeps: list[float] = []
    script = Script(
        [
            (429, {"Retry-After": "2"}, _error(429, "too.many.requests")),
            (200, {}, {"ok": True}),
            (429, {"Retry-After": "181"}, _error(429, "too.many.requests")),
        ]
    )
    client = scripted(script, sleeps, tokenPoolSize="1")
    assert client.get("/api/v2/x") == {"ok": True}
    assert sleeps == [pytest.approx(2, abs=0.05)]  # the only token rested exactly Retry-After
    with pytest.raises(ApiError) as caught:
        client.get("/api/v2/x")
    assert caught.value.status == 429 and len(script.requests) == 3


def test_not_implemented_is_not_retried_but_other_5xx_are_up_to_the_bound():
    script = Script([(501, {}, _error(501, "not.implemented"))] + [(500, {}, _error(500, "boom"))] * 5)
    client = scripted(script, [])
    with pytest.raises(ApiError) as first:
        client.get("/api/v2/x")
    assert first.value.status == 501 and len(script.requests) == 1
    with pytest.raises(ApiError) as second:
        client.get("/api/v2/x")
    assert second.value.status == 500 and len(script.requests) == 1 + 5  # 1 try + 4 retries


def test_connection_errors_are_retried_then_reported():
    script = Script([httpx.ConnectError("refused"), (200, {}, {"ok": 1})] + [httpx.ReadTimeout("slow")] * 5)
    client = scripted(script, [])
    assert client.get("/api/v2/x") == {"ok": 1}
    with pytest.raises(ApiConnectionError, match="ReadTimeout after 4 retries"):
        client.get("/api/v2/x")


def test_a_refused_token_is_minted_again_once():
    script = Script([(401, {}, _error(401, "bad.credentials")), (200, {}, {"ok": 1})])
    client = scripted(script, [], tokenPoolSize="1")
    assert client.get("/api/v2/x") == {"ok": 1}
    assert len(script.token_requests) == 2
    assert script.requests[1].headers["Authorization"] == "Bearer token-2"


def test_the_login_services_rate_limit_answer_is_waited_out():
    sleeps: list[float] = []
    script = Script([(200, {}, {"ok": 1})])
    script.token_answers = [
        (400, {"error": "invalid_request", "error_description": "rate limit exceeded; retry after 3 seconds"})
    ]
    client = scripted(script, sleeps)
    assert client.get("/api/v2/x") == {"ok": 1}
    assert sleeps == [3.0] and len(script.token_requests) == 2
    basic = script.token_requests[0].headers["Authorization"]
    assert basic.startswith("Basic ") and "s3cret-value" not in basic  # base64, as the login service wants


def test_tokens_are_renewed_before_they_expire():
    sleeps: list[float] = []
    script = Script([(200, {}, {"n": n}) for n in range(3)])
    script.token_answers = [(200, {"access_token": "short-1", "expires_in": 100})]
    client = scripted(script, sleeps, tokenPoolSize="1")
    client.get("/api/v2/x")
    assert script.clock is not None
    script.clock.now += 49  # half the life minus a second: still fresh
    client.get("/api/v2/x")
    script.clock.now += 2
    client.get("/api/v2/x")
    assert [r.headers["Authorization"] for r in script.requests] == [
        "Bearer short-1",
        "Bearer short-1",
        "Bearer token-1",
    ]


def test_waiting_for_a_rate_limited_pool_is_bounded_by_the_acquire_timeout():
    sleeps: list[float] = []
    script = Script([(429, {"Retry-After": "120"}, _error(429, "too.many.requests"))])
    client = scripted(script, sleeps, tokenPoolSize="1", tokenAcquireTimeout="30s")
    with pytest.raises(TokenWaitTimeout, match="longer than token_acquire_timeout"):
        client.get("/api/v2/x")
    assert sleeps == []  # it did not sit out the two minutes first


# --- the sdk_debug request log ---------------------------------------------------------------------


def test_sdk_debug_logs_every_call_as_json_lines_without_credentials(emulator, org, tmp_path):
    log_path = tmp_path / "logs" / "sdk_debug.log"
    config = emulator.provider_config(
        org, sdkDebug="true", sdkDebugFormat="Json", sdkDebugFilePath=str(log_path), tokenPoolSize="1"
    )
    client = GenesysClient(config, retry=FAST)
    created = client.post("/api/v2/oauth/clients", json={
        "name": "logged", "authorizedGrantType": "CODE",
        "registeredRedirectUri": ["https://example.com/callback"], "scope": ["users:readonly"],
    })  # fmt: skip
    with pytest.raises(ApiError):
        client.get("/api/v2/groups/00000000-0000-0000-0000-000000000000", retry_not_found=False)
    client.close()
    entries = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert [(e["method"], httpx.URL(e["url"]).path, e["status"]) for e in entries] == [
        ("POST", "/oauth/token", 200),
        ("POST", "/api/v2/oauth/clients", 200),
        ("GET", "/api/v2/groups/00000000-0000-0000-0000-000000000000", 404),
    ]
    assert all(e["attempt"] == 1 and e["durationMs"] >= 0 and e["correlationId"] for e in entries)
    text = log_path.read_text()
    token = client.tokens.acquire().token
    for secret in (org.client_secret, created["secret"], token):
        assert secret not in text


def test_sdk_debug_text_lines_show_retries_and_transport_errors(tmp_path):
    log_path = tmp_path / "sdk_debug.log"
    unavailable = (503, {}, _error(503, "service.unavailable"))
    script = Script([unavailable, httpx.ConnectError("refused"), (200, {}, {})])
    client = scripted(script, [], sdkDebug="true", sdkDebugFilePath=str(log_path), tokenPoolSize="1")
    client.get("/api/v2/x", params={"pageSize": 5})
    lines = log_path.read_text().splitlines()
    assert [line.split(" ", 1)[1].split(" in ")[0] for line in lines] == [
        "POST https://api.test/oauth/token -> 200",
        "GET https://api.test/api/v2/x?pageSize=5 -> 503",
        "GET https://api.test/api/v2/x?pageSize=5 -> ConnectError",
        "GET https://api.test/api/v2/x?pageSize=5 -> 200",
    ]
    assert [line.rsplit("(attempt ", 1)[1].split(",")[0] for line in lines] == ["1", "1", "2", "3"]
    correlation = {line.rsplit("correlation ", 1)[1] for line in lines[1:]}
    assert len(correlation) == 1  # one logical call, kept across its retries
    assert "s3cret-value" not in log_path.read_text() and "token-1" not in log_path.read_text()


def test_without_sdk_debug_no_log_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = scripted(Script([(200, {}, {})]), [])
    client.get("/api/v2/x")
    assert client.request_log is None and list(tmp_path.iterdir()) == []
