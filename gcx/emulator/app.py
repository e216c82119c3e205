"""`create_app(store, settings)`: the FastAPI application both transports serve.

`gcx emulator serve` runs it under uvicorn and `EmulatorServer` runs it in a background thread;
the handlers, state and middleware are the same in both. Middleware, outermost first: request
statistics, fault injection, then the area dispatch (`dispatch.py`) that hands each request to a
small app holding only its area's routes. The OpenAPI document is at `/_emulator/openapi.json`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gcx.emulator import admin
from gcx.emulator.api import ROUTERS
from gcx.emulator.auth import Authenticator
from gcx.emulator.context import EmulatorState
from gcx.emulator.dispatch import NO_TELEMETRY, AreaDispatchMiddleware, area_apps
from gcx.emulator.errors import install_error_handlers
from gcx.emulator.faults import FaultMiddleware
from gcx.emulator.ratelimit import RateLimiter
from gcx.emulator.settings import EmulatorSettings
from gcx.emulator.stats import RequestStats, StatsMiddleware
from gcx.emulator.store import Store

__all__ = ["create_app"]


def create_app(store: Store | None = None, settings: EmulatorSettings | None = None) -> FastAPI:
    store = store if store is not None else Store()
    state = EmulatorState(
        store=store,
        settings=settings if settings is not None else EmulatorSettings(),
        limiter=RateLimiter(),
        stats=RequestStats(),
        auth=Authenticator(store),
    )
    app = FastAPI(
        title="Genesys Cloud API emulator",
        description="A local, stateful stand-in for the Genesys Cloud login service and Platform API v2.",
        version="1.0",
        openapi_url="/_emulator/openapi.json",
        docs_url="/_emulator/docs",
        redoc_url=None,
        telemetry=NO_TELEMETRY,
    )
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(admin.router)

    def configure(target: FastAPI) -> None:
        target.state.emulator = state
        install_error_handlers(target)

    configure(app)
    app.add_middleware(AreaDispatchMiddleware, areas=area_apps(ROUTERS, configure))
    app.add_middleware(FaultMiddleware, settings=lambda: state.settings)
    app.add_middleware(StatsMiddleware, stats=state.stats)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated OpenAPI document, saying 400 ErrorBody where FastAPI would say 422."""
    if app.openapi_schema is None:
        spec = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        for item in spec.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {})
                if responses.pop("422", None) is not None:
                    responses["400"] = {"description": "Bad request: an ErrorBody naming the field"}
        spec.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        spec.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        app.openapi_schema = spec
    return app.openapi_schema
