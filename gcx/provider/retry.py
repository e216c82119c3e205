"""When and how long the API client waits before trying a request again.

The rules are the Terraform provider's (`genesys-provider.md` §1.5, `genesys-api.md` §3.2):
429 is retried after its integer ``Retry-After`` when that is at most 180 s (a longer wait fails
at once), 5xx other than 501 and connection errors are retried with exponential backoff and
full jitter between `min_wait` and `max_wait`, at most `max_retries` times; a token request
refused with the login service's ``rate limit exceeded;`` answer is retried for up to
`auth_rate_limit_timeout`. The bounds can be narrowed through ``GCX_RETRY_*`` environment
variables (tests use milliseconds instead of seconds); the Terraform provider has no such knobs.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace

__all__ = ["RetryPolicy", "is_retryable_status", "parse_retry_after"]

_ENV_FIELDS = {
    "GCX_RETRY_MAX": ("max_retries", int),
    "GCX_RETRY_MIN_WAIT": ("min_wait", float),
    "GCX_RETRY_MAX_WAIT": ("max_wait", float),
    "GCX_RETRY_AUTH_TIMEOUT": ("auth_rate_limit_timeout", float),
}


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 20
    min_wait: float = 1.0  # seconds
    max_wait: float = 30.0
    max_retry_after: float = 180.0  # a 429 asking for a longer wait is not retried
    auth_rate_limit_timeout: float = 60.0

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1-based): exponential, full jitter."""
        ceiling = min(self.max_wait, self.min_wait * 2 ** (attempt - 1))
        return (rng or random).uniform(self.min_wait, max(self.min_wait, ceiling))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RetryPolicy:
        """The default policy with any ``GCX_RETRY_*`` overrides; a malformed value names its variable."""
        policy = cls()
        for variable, (field_name, kind) in _ENV_FIELDS.items():
            text = env.get(variable)
            if text is None or text == "":
                continue
            try:
                value = kind(text)
            except ValueError:
                raise ValueError(
                    f"{variable}={text!r} is not a {'whole number' if kind is int else 'number'}; "
                    f"unset it or give e.g. {getattr(policy, field_name)}"
                ) from None
            policy = replace(policy, **{field_name: value})
        return policy


def is_retryable_status(status: int) -> bool:
    """Server errors worth trying again: 5xx except 501 (Not Implemented never changes)."""
    return status >= 500 and status != 501


def parse_retry_after(value: str | None) -> int | None:
    """The ``Retry-After`` header as whole seconds, or None when absent or not an integer."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isdigit() else None
