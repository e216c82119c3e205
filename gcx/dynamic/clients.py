"""API clients for dynamic resources, one per (endpoint, credentials), made on first use.

Providers are pickled into state and must hold nothing, so the clients live here, in process
memory only: a small cache keyed by where the calls go and by digests of the credentials (the
secret itself is not a key). Reusing a client reuses its OAuth tokens and connections across the
resources of one org, as the `genesyscloud` provider does.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from gcx.dynamic.connection import connection_provider_config
from gcx.provider.client import GenesysClient
from gcx.provider.config import ProviderConfig

__all__ = ["client_for"]

_MAX_CLIENTS = 16
_clients: OrderedDict[tuple[str, ...], GenesysClient] = OrderedDict()
_lock = threading.Lock()


def _digest(text: str | None) -> str:
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def _key(config: ProviderConfig) -> tuple[str, ...]:
    return (
        config.api_base_url,
        config.login_base_url,
        config.oauthclient_id or "",
        _digest(config.oauthclient_secret),
        _digest(config.access_token),
    )


def client_for(props: Mapping[str, Any]) -> GenesysClient:
    """The client for the ``connection`` in a resource's properties."""
    config = connection_provider_config(props)
    key = _key(config)
    with _lock:
        client = _clients.get(key)
        if client is not None:
            _clients.move_to_end(key)
            return client
        client = _clients[key] = GenesysClient(config)
        while len(_clients) > _MAX_CLIENTS:
            _, evicted = _clients.popitem(last=False)
            evicted.close()
        return client
