"""Send each request to a small FastAPI app that holds only its API area's routes.

FastAPI tries routes one by one; with ~170 routes, matching took about a third of the CPU of
a typical request (profiled with cProfile). Every route stays registered on the main app (for
the OpenAPI document, `/_emulator` and 404s), and for each area prefix (`/api/v2/<area>`,
`/oauth`) a copy of the app that holds just that prefix's routes, with the same state and error
handlers, answers instead. Route order inside an area is the main app's order. The area app
holds the routes themselves rather than an included router, which FastAPI would match first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["NO_TELEMETRY", "AreaDispatchMiddleware", "area_apps", "area_key"]

# FastAPI's OpenTelemetry hooks ask the global providers whether they are set on every request
# (about 5 % of a GET's CPU); the emulator has no telemetry to send.
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def area_key(path: str) -> str:
    """`/api/v2/groups/123` -> `/api/v2/groups`; `/oauth/token` -> `/oauth`."""
    parts = path.split("/", 4)
    if len(parts) > 3 and parts[1] == "api" and parts[2] == "v2":
        return "/".join(parts[:4])
    return "/".join(parts[:2])


def area_apps(routers: Iterable[APIRouter], configure: Callable[[FastAPI], None]) -> dict[str, FastAPI]:
    """One FastAPI app per area prefix, holding that prefix's routes in the routers' order."""
    grouped: dict[str, list[APIRoute]] = defaultdict(list)
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                grouped[area_key(route.path)].append(route)
    apps = {}
    for key, routes in grouped.items():
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, telemetry=NO_TELEMETRY)
        configure(app)
        app.router.routes.extend(routes)
        apps[key] = app
    return apps


class AreaDispatchMiddleware:
    """Innermost middleware of the main app: hands a request to its area's app when there is one."""

    def __init__(self, app: ASGIApp, areas: dict[str, ASGIApp]) -> None:
        self.app = app
        self.areas = areas

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self.areas.get(area_key(scope["path"])) if scope["type"] == "http" else None
        await (target or self.app)(scope, receive, send)
