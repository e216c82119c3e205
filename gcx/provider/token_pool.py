"""A pool of access tokens used round-robin, so requests spread over several per-token rate limits.

Genesys Cloud limits each client-credentials token to 300 requests a minute; the Terraform
provider mints `token_pool_size` tokens for one client and spreads its calls over them. Here each
slot mints its token lazily on first use (through the `mint` callable the client gives) and again
shortly before it expires. A slot answered 429 is `block`ed for its ``Retry-After`` and skipped
until then; when every slot is blocked, `acquire` sleeps until the first one frees up (at most
`acquire_timeout`, the provider's `token_acquire_timeout`). With a
fixed `access_token` there is one slot whose token never expires and is never minted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Lease", "TokenPool", "TokenWaitTimeout"]

# Mint a replacement this long before expiry (the Go SDK re-authenticates 60 s early); short-lived
# tokens are renewed after half their life instead.
_EARLY_REFRESH_SECONDS = 60.0

Mint = Callable[[], tuple[str, float]]  # -> (token, lifetime in seconds)


class TokenWaitTimeout(TimeoutError):
    """Every token stays rate limited for longer than the pool may wait (`token_acquire_timeout`)."""


@dataclass(frozen=True)
class Lease:
    """The token to put in one request, and the slot it came from (to block or invalidate it)."""

    slot: int
    token: str = field(repr=False)


@dataclass
class _Slot:
    token: str | None = field(default=None, repr=False)
    renew_at: float = 0.0
    blocked_until: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class TokenPool:
    def __init__(
        self,
        size: int,
        mint: Mint | None,
        *,
        static_token: str | None = None,
        acquire_timeout: float = float("inf"),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if static_token is None and mint is None:
            raise ValueError("a token pool needs either a mint function or a static token")
        self._mint = mint
        self._acquire_timeout = acquire_timeout
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0
        if static_token is not None:
            self._slots = [_Slot(token=static_token, renew_at=float("inf"))]
        else:
            self._slots = [_Slot() for _ in range(max(1, size))]

    @property
    def size(self) -> int:
        return len(self._slots)

    @property
    def minted(self) -> int:
        """How many slots currently hold a token."""
        return sum(1 for s in self._slots if s.token is not None)

    def acquire(self) -> Lease:
        """The next usable token, round-robin; waits while every slot is rate limited."""
        index = self._next_free_slot()
        slot = self._slots[index]
        with slot.lock:
            if slot.token is None or self._clock() >= slot.renew_at:
                assert self._mint is not None  # a static slot never expires
                token, lifetime = self._mint()
                margin = min(_EARLY_REFRESH_SECONDS, lifetime / 2)
                slot.token, slot.renew_at = token, self._clock() + lifetime - margin
            return Lease(index, slot.token)

    def _next_free_slot(self) -> int:
        deadline = self._clock() + self._acquire_timeout
        while True:
            with self._lock:
                now = self._clock()
                for offset in range(len(self._slots)):
                    index = (self._next + offset) % len(self._slots)
                    if self._slots[index].blocked_until <= now:
                        self._next = index + 1
                        return index
                free_at = min(s.blocked_until for s in self._slots)
            if free_at > deadline:
                raise TokenWaitTimeout(
                    f"all {len(self._slots)} tokens are rate limited for another {free_at - now:.0f}s, "
                    f"longer than token_acquire_timeout ({self._acquire_timeout:.0f}s); raise "
                    f"tokenAcquireTimeout (GENESYSCLOUD_TOKEN_ACQUIRE_TIMEOUT) or tokenPoolSize"
                )
            self._sleep(max(free_at - now, 0.0))

    def block(self, lease: Lease, seconds: float) -> None:
        """Skip this slot for `seconds` (its token was answered 429 with that ``Retry-After``)."""
        slot = self._slots[lease.slot]
        with self._lock:
            slot.blocked_until = max(slot.blocked_until, self._clock() + seconds)

    def invalidate(self, lease: Lease) -> bool:
        """Forget a token the API refused (401) so the next use mints a new one.

        Returns False when nothing can be done: the token is the configured `access_token`.
        """
        if self._mint is None:
            return False
        slot = self._slots[lease.slot]
        with slot.lock:
            if slot.token == lease.token:
                slot.token, slot.renew_at = None, 0.0
        return True
