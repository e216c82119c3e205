"""`GenesysClient`: the provider's HTTP client for the Genesys Cloud Platform API (or the emulator).

One client per provider instance (per org), shared by every handler through `GenesysClient.shared`
and safe to call from the engine's parallel steps. What it does for every call:

- base URLs from the region table or the provider's `gateway` (`ProviderConfig.api_base_url`);
- a bearer token from a `TokenPool`: `token_pool_size` client-credentials tokens minted lazily and
  used round-robin, renewed before expiry; or the configured `access_token` (no OAuth call);
- an ``ININ-Correlation-Id`` header, one per logical request (kept across its retries);
- retries per `RetryPolicy`: 429 after ``Retry-After`` (the token is rested, others carry on),
  backoff on 5xx except 501 and on connection errors, the login service's "rate limit exceeded;"
  answer, one re-mint after a 401; reads (GET) also retry 404 for `custom_retry_timeout`
  because Genesys Cloud is eventually consistent after writes;
- non-2xx after retries raises `ApiError` (`VersionMismatchError` for a stale `version`, which
  handlers answer by reading again, see `retry_on_version_mismatch`);
- `counters`: requests sent per (method, path template), for the benchmarks;
- with `sdk_debug`, a line per call in `sdk_debug_file_path` (`gcx.provider.request_log`).

Secrets (client secret, tokens, request bodies) never reach logs or exception messages.
"""

from __future__ import annotations

import base64
import logging
import os
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx

from gcx.provider.config import ProviderConfig
from gcx.provider.request_log import RequestLog
from gcx.provider.retry import RetryPolicy, is_retryable_status, parse_retry_after
from gcx.provider.token_pool import Lease, TokenPool

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "AuthError",
    "GenesysClient",
    "VersionMismatchError",
    "path_template",
    "retry_on_version_mismatch",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = "gcx-genesyscloud-provider/0.1"
CORRELATION_HEADER = "ININ-Correlation-Id"
_VERSION_MISMATCH_TEXT = "does not match the current version"
_AUTH_RATE_LIMIT_TEXT = "rate limit exceeded"
_NOT_FOUND_STATUSES = (404, 410)
_ID_SEGMENT = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d+)$"
)
_SHARED_KEY = "gcx.provider.client"
_shared_lock = threading.Lock()


# --- errors -----------------------------------------------------------------------------------------


class ApiError(Exception):
    """A non-2xx answer after retries. `code` is the Genesys error code (``not.found``), `body` the
    parsed error body; the message names the call, never a secret."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        body: Any = None,
        *,
        method: str = "",
        path: str = "",
        correlation_id: str = "",
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.body = body
        self.method = method
        self.path = path
        self.correlation_id = correlation_id
        where = f"{method} {path}: " if method else ""
        ref = f" (correlation id {correlation_id})" if correlation_id else ""
        super().__init__(f"{where}{status} {code}: {message}{ref}")

    @property
    def is_not_found(self) -> bool:
        return self.status in _NOT_FOUND_STATUSES

    @property
    def is_conflict(self) -> bool:
        return self.status == 409


class VersionMismatchError(ApiError):
    """The object changed since it was read (409, or 400 "does not match the current version")."""


class AuthError(ApiError):
    """The login service refused to issue a token (wrong client id or secret, disabled client...)."""


class ApiConnectionError(ApiError):
    """The API could not be reached after every retry."""


def _error_message(body: Any, fallback: str) -> tuple[str, str]:
    if isinstance(body, Mapping):
        code = str(body.get("code") or body.get("error") or "")
        message = str(body.get("message") or body.get("error_description") or body.get("description") or "")
        return code or fallback, message or fallback
    return fallback, fallback


def _api_error(method: str, path: str, response: httpx.Response, correlation_id: str) -> ApiError:
    # The server's id (it echoes ours, or names its own) is the one its logs know.
    correlation_id = response.headers.get(CORRELATION_HEADER) or correlation_id
    body = _parse(response)
    code, message = _error_message(body, response.reason_phrase or "error")
    status = response.status_code
    kind = ApiError
    if (status == 409 and "version" in message.lower()) or (
        status in (400, 409) and _VERSION_MISMATCH_TEXT in message
    ):
        kind = VersionMismatchError
    return kind(status, code, message, body, method=method, path=path, correlation_id=correlation_id)


def _parse(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def path_template(path: str) -> str:
    """``/api/v2/groups/<uuid>/members`` -> ``/api/v2/groups/{id}/members`` (query dropped)."""
    bare = path.split("?", 1)[0]
    return "/".join("{id}" if _ID_SEGMENT.match(s) else s for s in bare.split("/"))


def retry_on_version_mismatch(operation: Callable[[], T], attempts: int = 5) -> T:
    """Run `operation` (which reads the current version, then writes) again while the write loses
    a race with another writer; the last `VersionMismatchError` propagates."""
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except VersionMismatchError:
            if attempt == attempts:
                raise
            log.debug("version mismatch, reading again (attempt %d of %d)", attempt, attempts)
    raise AssertionError("unreachable")


# --- the client -------------------------------------------------------------------------------------


class GenesysClient:
    def __init__(
        self,
        config: ProviderConfig,
        *,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.retry = retry if retry is not None else RetryPolicy.from_env(os.environ)
        self._sleep = sleep
        self._clock = clock
        self._rng = random.Random()
        self._counter_lock = threading.Lock()
        self.counters: Counter[tuple[str, str]] = Counter()
        self._http = httpx.Client(
            timeout=httpx.Timeout(60.0, connect=15.0),
            transport=transport,
            proxy=_proxy_url(config),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
        )
        self.request_log = (
            RequestLog(config.sdk_debug_file_path, config.sdk_debug_format) if config.sdk_debug else None
        )
        wait = config.token_acquire_timeout.total_seconds()
        if config.access_token:
            self.tokens = TokenPool(
                1, None, static_token=config.access_token, acquire_timeout=wait, clock=clock, sleep=sleep
            )
        else:
            self.tokens = TokenPool(
                config.token_pool_size, self._mint_token, acquire_timeout=wait, clock=clock, sleep=sleep
            )

    @classmethod
    def shared(cls, cache: MutableMapping[str, Any], config: ProviderConfig) -> GenesysClient:
        """The client kept in a provider's per-instance cache (`HandlerContext.cache`), made once."""
        with _shared_lock:
            client = cache.get(_SHARED_KEY)
            if client is None or client.config is not config:
                client = cache[_SHARED_KEY] = cls(config)
            return client

    def __repr__(self) -> str:
        return f"GenesysClient({self.config.api_base_url!r}, pool={self.tokens.size})"

    def close(self) -> None:
        self._http.close()
        if self.request_log is not None:
            self.request_log.close()

    def _send(
        self, method: str, url: str, correlation_id: str, attempt: int, **kwargs: Any
    ) -> httpx.Response:
        """One HTTP exchange, written to the `sdk_debug` request log when that is on."""
        if self.request_log is None:
            return self._http.request(method, url, **kwargs)
        started = time.perf_counter()
        logged_url = str(httpx.URL(url, params=kwargs.get("params")))
        outcome: int | str
        try:
            response = self._http.request(method, url, **kwargs)
            outcome = response.status_code
        except Exception as exc:  # logged as the error's name, then raised as it was
            outcome = type(exc).__name__
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.request_log.record(method, logged_url, outcome, elapsed, correlation_id, attempt)
        return response

    # --- counters ---

    def _count(self, method: str, template: str) -> None:
        with self._counter_lock:
            self.counters[(method, template)] += 1

    def counters_snapshot(self) -> dict[tuple[str, str], int]:
        with self._counter_lock:
            return dict(self.counters)

    def reset_counters(self) -> None:
        with self._counter_lock:
            self.counters.clear()

    @property
    def request_count(self) -> int:
        with self._counter_lock:
            return sum(self.counters.values())

    # --- tokens ---

    def _mint_token(self) -> tuple[str, float]:
        """One client-credentials token: (token, lifetime in seconds)."""
        config = self.config
        if not config.oauthclient_id or not config.oauthclient_secret:
            raise AuthError(0, "no.credentials", "no OAuth client id and secret are configured")
        url = f"{config.login_base_url}/oauth/token"
        basic = base64.b64encode(f"{config.oauthclient_id}:{config.oauthclient_secret}".encode()).decode()
        correlation_id = str(uuid.uuid4())
        headers = {"Authorization": f"Basic {basic}", CORRELATION_HEADER: correlation_id}
        deadline = self._clock() + self.retry.auth_rate_limit_timeout
        attempt = 0
        while True:
            attempt += 1
            self._count("POST", "/oauth/token")
            try:
                form = {"grant_type": "client_credentials"}
                response = self._send("POST", url, correlation_id, attempt, data=form, headers=headers)
            except httpx.TransportError as exc:
                if attempt > self.retry.max_retries:
                    raise ApiConnectionError(
                        0,
                        "connection.failed",
                        f"{type(exc).__name__} reaching the login service",
                        method="POST",
                        path="/oauth/token",
                    ) from None
                self._sleep(self.retry.backoff(attempt, self._rng))
                continue
            if response.status_code == 200:
                body = response.json()
                return str(body["access_token"]), float(body.get("expires_in") or 86_400)
            body = _parse(response)
            code, message = _error_message(body, response.reason_phrase or "error")
            rate_limited = response.status_code == 400 and _AUTH_RATE_LIMIT_TEXT in message
            retryable = rate_limited or is_retryable_status(response.status_code)
            if retryable and attempt <= self.retry.max_retries and self._clock() < deadline:
                wait = _seconds_in(message) if rate_limited else None
                delay = wait if wait is not None else self.retry.backoff(attempt, self._rng)
                self._sleep(min(delay, max(0.0, deadline - self._clock())))
                continue
            raise AuthError(
                response.status_code,
                code,
                f"the login service refused a token for OAuth client {config.oauthclient_id}: {message}",
                body,
                method="POST",
                path="/oauth/token",
            )

    # --- requests ---

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        retry_not_found: bool = False,
    ) -> httpx.Response:
        """Send one API call with retries; the 2xx response, else `ApiError`.

        `path` starts with ``/api/v2``. With `retry_not_found`, a 404 is tried again until
        `custom_retry_timeout` has passed (reads of objects that may not be visible yet).
        """
        url = f"{self.config.api_base_url}{path}"
        template = path_template(path)
        correlation_id = str(uuid.uuid4())
        retries = 0
        attempt = 0
        reauthenticated = False
        not_found_deadline: float | None = None
        not_found_attempt = 0
        while True:
            lease = self.tokens.acquire()
            headers = {"Authorization": f"Bearer {lease.token}", CORRELATION_HEADER: correlation_id}
            self._count(method, template)
            attempt += 1
            try:
                response = self._send(
                    method, url, correlation_id, attempt, json=json, params=params, headers=headers
                )
            except httpx.TransportError as exc:
                retries += 1
                if retries > self.retry.max_retries:
                    raise ApiConnectionError(
                        0,
                        "connection.failed",
                        f"{type(exc).__name__} after {retries - 1} retries",
                        method=method,
                        path=path,
                        correlation_id=correlation_id,
                    ) from None
                self._backoff(method, path, retries, f"{type(exc).__name__}")
                continue
            status = response.status_code
            if status < 300:
                return response
            if status == 401 and not reauthenticated and self.tokens.invalidate(lease):
                reauthenticated = True
                continue
            if status == 429 or is_retryable_status(status):
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                retries += 1
                give_up = retries > self.retry.max_retries or (
                    retry_after is not None and retry_after > self.retry.max_retry_after
                )
                if give_up:
                    raise _api_error(method, path, response, correlation_id)
                if status == 429 and retry_after is not None:
                    self._rest(lease, method, path, retry_after)
                else:
                    self._backoff(method, path, retries, str(status))
                continue
            if retry_not_found and status in _NOT_FOUND_STATUSES:
                now = self._clock()
                if not_found_deadline is None:
                    not_found_deadline = now + self.config.custom_retry_timeout.total_seconds()
                if now < not_found_deadline:
                    not_found_attempt += 1
                    delay = self.retry.backoff(not_found_attempt, self._rng)
                    self._sleep(min(delay, not_found_deadline - now))
                    continue
            raise _api_error(method, path, response, correlation_id)

    def _backoff(self, method: str, path: str, attempt: int, reason: str) -> None:
        delay = self.retry.backoff(attempt, self._rng)
        log.debug("%s %s: %s, retry %d in %.2fs", method, path_template(path), reason, attempt, delay)
        self._sleep(delay)

    def retry_pause(self, attempt: int) -> None:
        """Wait as the retry policy waits before retry number `attempt` (for handlers that retry
        an answer the client does not, such as a delete refused while an object is in use)."""
        self._sleep(self.retry.backoff(attempt, self._rng))

    def _rest(self, lease: Lease, method: str, path: str, seconds: int) -> None:
        log.debug("%s %s: 429, token slot %d rests %ds", method, path_template(path), lease.slot, seconds)
        self.tokens.block(lease, seconds)

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        retry_not_found: bool = False,
    ) -> Any:
        """`request`, returning the parsed JSON body (None when there is none)."""
        return _parse(self.request(method, path, json=json, params=params, retry_not_found=retry_not_found))

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, retry_not_found: bool = True) -> Any:
        """A read: 404 is retried for `custom_retry_timeout` unless `retry_not_found` is False."""
        return self.call("GET", path, params=params, retry_not_found=retry_not_found)

    def get_or_none(
        self, path: str, *, params: Mapping[str, Any] | None = None, retry_not_found: bool = True
    ) -> Any:
        """`get`, but None when the object does not exist (after the 404 retry window)."""
        try:
            return self.get(path, params=params, retry_not_found=retry_not_found)
        except ApiError as exc:
            if exc.is_not_found:
                return None
            raise

    def post(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("POST", path, json=json, params=params)

    def put(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("PUT", path, json=json, params=params)

    def patch(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("PATCH", path, json=json, params=params)

    def delete(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("DELETE", path, json=json, params=params)

    def paginate(
        self, path: str, params: Mapping[str, Any] | None = None, page_size: int = 100
    ) -> Iterator[dict[str, Any]]:
        """Every entity of a listing, in the API's order.

        Page-number listings go page by page; once the first answer gives ``pageCount``, the
        rest are fetched `max_concurrent_pages` at a time (the Terraform provider's setting; 1,
        its default, is sequential). A window rather than all at once, so a caller that stops
        early has asked for at most that many pages more. Listings without ``pageCount`` follow
        ``nextUri`` (cursor listings) or end after one answer.
        """
        query = {**(params or {}), "pageSize": page_size, "pageNumber": 1}
        first = self.get(path, params=query, retry_not_found=False) or {}
        entities = first.get("entities") or []
        yield from entities
        page_count = first.get("pageCount")
        if page_count is not None:
            if entities:
                yield from self._remaining_pages(path, query, int(page_count))
            return
        next_uri = first.get("nextUri")
        while next_uri and entities:
            body = self.get(next_uri, retry_not_found=False) or {}
            entities = body.get("entities") or []
            yield from entities
            next_uri = body.get("nextUri")

    def _remaining_pages(self, path: str, query: dict[str, Any], page_count: int) -> Iterator[dict[str, Any]]:
        """Pages 2..`page_count` of a page-number listing, `max_concurrent_pages` in flight."""

        def page(number: int) -> list[dict[str, Any]]:
            body = self.get(path, params={**query, "pageNumber": number}, retry_not_found=False) or {}
            return body.get("entities") or []

        window = self.config.max_concurrent_pages
        numbers = range(2, page_count + 1)
        if window <= 1:
            for number in numbers:
                entities = page(number)
                if not entities:
                    return
                yield from entities
            return
        with ThreadPoolExecutor(max_workers=window, thread_name_prefix="gcx-pages") as pool:
            for start in range(0, len(numbers), window):
                for entities in pool.map(page, numbers[start : start + window]):
                    if not entities:
                        return
                    yield from entities


def _seconds_in(message: str) -> float | None:
    found = re.search(r"(\d+)\s*seconds?", message)
    return float(found.group(1)) if found else None


def _proxy_url(config: ProviderConfig) -> str | None:
    proxy = config.proxy
    if proxy is None or not proxy.host:
        return None
    auth = f"{proxy.username}:{proxy.password}@" if proxy.username else ""
    port = f":{proxy.port}" if proxy.port else ""
    return f"{proxy.protocol}://{auth}{proxy.host}{port}"
