"""The API areas of the emulator, one module each; `ROUTERS` lists every router the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from gcx.emulator.api import (
    authorization,
    groups,
    identity_providers,
    integrations,
    oauth,
    organizations,
    presence,
    routing,
    scim,
    sms,
    tokens,
    users,
    utilization,
    voicemail,
)

__all__ = ["ROUTERS"]

# Order matters only where paths overlap: SMS routes precede the generic routing ones.
ROUTERS: tuple[APIRouter, ...] = (
    oauth.login_router,
    organizations.router,
    authorization.router,
    oauth.router,
    tokens.router,
    users.router,
    groups.router,
    integrations.router,
    sms.router,
    routing.router,
    utilization.router,
    voicemail.router,
    presence.router,
    identity_providers.router,
    scim.router,
)
