"""The official SDK against the emulator: a logged-in `ApiClient`, and building and checking models.

`build` sets an SDK model's attributes through its validating setters; `complete` asserts that an
answer deserialised into an SDK model with the given fields set and no enum value the SDK does
not know (the SDK turns those into "outdated_sdk_version").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import PureCloudPlatformClientV2 as gc

from gcx.emulator import EmulatorServer

__all__ = ["build", "complete", "sdk_client"]

M = TypeVar("M")


def build(cls: type[M], **attrs: Any) -> M:
    """An SDK model with attributes set through its (validating) setters."""
    model = cls()
    for name, value in attrs.items():
        setattr(model, name, value)
    return model


def _walk(value: Any) -> Iterator[Any]:
    if hasattr(value, "swagger_types"):
        for attr in value.swagger_types:
            yield from _walk(getattr(value, attr))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    else:
        yield value


def _empty(value: Any) -> bool:
    # SDK models compare with `__dict__`, so they must not be compared with None or [].
    return value is None or (isinstance(value, list | dict) and not value)


def complete(model: M, *fields: str) -> M:
    """Assert `model` is an SDK model with `fields` set and no enum value unknown to the SDK."""
    assert hasattr(model, "swagger_types"), f"not an SDK model: {model!r}"
    missing = [f for f in fields if _empty(getattr(model, f))]
    assert not missing, f"{type(model).__name__} lacks {missing}"
    assert "outdated_sdk_version" not in list(_walk(model)), (
        f"{type(model).__name__} has an unknown enum value"
    )
    return model


def sdk_client(emu: EmulatorServer, client_id: str, secret: str) -> gc.ApiClient:
    client = gc.api_client.ApiClient()
    client.set_gateway(
        host="127.0.0.1", protocol="http", port=emu.port, path_params_login="", path_params_api=""
    )
    return client.get_client_credentials_token(client_id, secret)
