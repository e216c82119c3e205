"""What a request handler works with: the shared emulator state, the caller and the backends.

`EmulatorState` lives on `app.state.emulator` (store, settings, authenticator, limiter, stats).
A permission dependency in `auth` turns a request into a `Session`; `Session.open(Backend)`
starts the request's single transaction and hands back an area backend bound to the caller's
org, so a handler is only "parse, check, call, serialise":

    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integration(integration_id))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from gcx.emulator.errors import conflict, not_found, version_mismatch
from gcx.emulator.ratelimit import RateLimiter
from gcx.emulator.settings import EmulatorSettings
from gcx.emulator.stats import RequestStats
from gcx.emulator.store import Store, Tx

if TYPE_CHECKING:
    from gcx.emulator.auth import Authenticator, Caller

__all__ = ["Backend", "Context", "EmulatorState", "Session"]

Doc = dict[str, Any]
B = TypeVar("B", bound="Backend")


@dataclass
class EmulatorState:
    store: Store
    settings: EmulatorSettings
    limiter: RateLimiter
    stats: RequestStats
    auth: Authenticator


@dataclass(frozen=True)
class Context:
    """One request's view: its transaction, org, caller (None for admin/login calls) and base URL."""

    tx: Tx
    org_id: str
    caller: Caller | None
    base_url: str
    settings: EmulatorSettings


class Backend:
    """Base of the area backends: methods are named after the official SDK operations."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.tx = ctx.tx
        self.org = ctx.org_id

    def other(self, backend_cls: type[B]) -> B:
        """Another area's backend in the same transaction."""
        return backend_cls(self.ctx)

    def load(self, kind: str, ident: str, what: str | None = None) -> Doc:
        doc = self.tx.get(self.org, kind, ident)
        if doc is None:
            raise not_found(what or kind, ident)
        return doc

    def save(self, kind: str, doc: Doc, name: str | None = None) -> Doc:
        return self.tx.put(self.org, kind, doc, name)

    def ensure_unique_name(
        self, kind: str, name: str, ident: str | None = None, what: str | None = None
    ) -> None:
        """409 when another live object of `kind` already has `name` (compared case-insensitively)."""
        existing = self.tx.find_by_name(self.org, kind, name)
        if existing is not None and existing["id"] != ident and existing.get("state") != "deleted":
            raise conflict(f"A {what or kind} named '{name}' already exists.", "name")

    @staticmethod
    def check_version(kind: str, sent: object, current: object) -> None:
        if sent is not None and str(sent) != str(current):
            raise version_mismatch(kind, sent, current)

    @property
    def caller_user_id(self) -> str | None:
        return self.ctx.caller.user_id if self.ctx.caller else None


@dataclass(frozen=True)
class Session:
    """An authenticated request: open backends on it inside one transaction."""

    caller: Caller
    state: EmulatorState
    base_url: str

    @contextmanager
    def open(self, backend_cls: type[B]) -> Iterator[B]:
        with self.state.store.transaction() as tx:
            yield backend_cls(
                Context(tx, self.caller.org_id, self.caller, self.base_url, self.state.settings)
            )
