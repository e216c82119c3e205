"""System presence definitions and the presence sources of UC integrations.

Facts: `genesys-api.md` §4.10 (systemPresence values; OrganizationPresence and
OrganizationPresenceDefinition shapes) and the SDK enum `integrationPresenceSource`
(MicrosoftTeams, ZoomPhone, EightByEight, RingCentral).

Choice (unverified): real system definitions carry fixed GUIDs we do not know; ours are
deterministic UUIDv5 values derived from the system presence name, identical in every org.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

__all__ = [
    "PRESENCE_SOURCES",
    "SYSTEM_PRESENCES",
    "PresenceSource",
    "SystemPresence",
    "presence_source",
]

_NAMESPACE = uuid.UUID("0b7c5a52-6f1e-4a39-9c55-3f2d8b0e7a10")


@dataclass(frozen=True)
class SystemPresence:
    system_presence: str
    label: str
    primary: bool

    @property
    def id(self) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"presence:{self.system_presence}"))


SYSTEM_PRESENCES: tuple[SystemPresence, ...] = (
    SystemPresence("Available", "Available", True),
    SystemPresence("Away", "Away", True),
    SystemPresence("Busy", "Busy", True),
    SystemPresence("Offline", "Offline", True),
    SystemPresence("Idle", "Idle", True),
    SystemPresence("OnQueue", "On Queue", True),
    SystemPresence("Meal", "Meal", True),
    SystemPresence("Training", "Training", True),
    SystemPresence("Meeting", "Meeting", True),
    SystemPresence("Break", "Break", True),
)


@dataclass(frozen=True)
class PresenceSource:
    """A presence source: the Genesys Cloud one and one per UC platform."""

    name: str  # the SDK's integrationPresenceSource value, e.g. "EightByEight"
    path_id: str  # the {sourceId} used in /users/{id}/presences/{sourceId}

    @property
    def id(self) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"source:{self.name}"))


PRESENCE_SOURCES: tuple[PresenceSource, ...] = (
    PresenceSource("PURECLOUD", "purecloud"),
    PresenceSource("MicrosoftTeams", "microsoftteams"),
    PresenceSource("ZoomPhone", "zoomphone"),
    PresenceSource("EightByEight", "eightbyeight"),
    PresenceSource("RingCentral", "ringcentral"),
)

_SOURCES = {s.name.lower(): s for s in PRESENCE_SOURCES} | {s.path_id: s for s in PRESENCE_SOURCES}


def presence_source(name_or_id: str) -> PresenceSource | None:
    """Find a source by SDK name (``EightByEight``), path id (``eightbyeight``) or UUID."""
    key = name_or_id.lower()
    if key in _SOURCES:
        return _SOURCES[key]
    return next((s for s in PRESENCE_SOURCES if s.id == key), None)
