"""Run-time settings of one emulator instance: rate limit, faults and simulated delays.

`GET/PUT /_emulator/settings` reads and changes them while the server runs, so resilience tests
can turn faults on and off without restarting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["EmulatorSettings", "FaultSettings"]


@dataclass
class FaultSettings:
    """Opt-in fault injection for `/api/v2` and `/oauth/token` (never for `/_emulator`)."""

    error_rate: float = 0.0  # share of requests answered 503 service.unavailable (0..1)
    latency_ms: float = 0.0  # added before every request is handled
    read_after_write_lag_ms: float = 0.0  # a GET of a just-created object answers 404 this long
    seed: int | None = None  # makes the 503 draw reproducible

    @property
    def active(self) -> bool:
        return bool(self.error_rate or self.latency_ms or self.read_after_write_lag_ms)


@dataclass
class EmulatorSettings:
    # Requests per minute per access token; None turns limiting off (the default in tests).
    # The real service allows 300 per client-credentials token.
    rate_limit_per_minute: int | None = None
    faults: FaultSettings = field(default_factory=FaultSettings)
    # How long an async SMS number provisioning stays "Running" before it completes.
    sms_provisioning_seconds: float = 1.0
    # The next N SMS number provisionings end "Failed" (with an ErrorBody) instead of "Completed".
    sms_provisioning_failures: int = 0
    # How long an integration stays ACTIVATING/DEACTIVATING after a change of intendedState.
    integration_transition_seconds: float = 0.0

    def to_wire(self) -> dict[str, Any]:
        return {
            "rateLimitPerMinute": self.rate_limit_per_minute,
            "faults": {
                "errorRate": self.faults.error_rate,
                "latencyMs": self.faults.latency_ms,
                "readAfterWriteLagMs": self.faults.read_after_write_lag_ms,
                "seed": self.faults.seed,
            },
            "smsProvisioningSeconds": self.sms_provisioning_seconds,
            "smsProvisioningFailures": self.sms_provisioning_failures,
            "integrationTransitionSeconds": self.integration_transition_seconds,
        }

    def copy(self) -> EmulatorSettings:
        return EmulatorSettings(**{**asdict(self), "faults": FaultSettings(**asdict(self.faults))})
