"""Finding objects by their natural key (name, email), for data sources and crash recovery.

One table, `LOOKUPS`, says for each kind of object where to look and how the API filters: a
listing with a ``name`` query parameter (which Genesys Cloud matches exactly, by prefix or by
substring depending on the listing, so results are filtered again here), a listing without
filters, or a search endpoint. Names compare case-insensitively, as the API treats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gcx.provider.client import GenesysClient

__all__ = ["LOOKUPS", "NameLookup", "matching"]


@dataclass(frozen=True)
class NameLookup:
    what: str
    path: str
    name_param: bool = True  # the listing takes ?name= (narrowing what is paged through)
    search: bool = False  # a POST .../search endpoint with EXACT criteria
    paged: bool = True


LOOKUPS: dict[str, NameLookup] = {
    "division": NameLookup("division", "/api/v2/authorization/divisions"),
    "role": NameLookup("role", "/api/v2/authorization/roles"),
    "group": NameLookup("group", "/api/v2/groups/search", search=True),
    "user": NameLookup("user", "/api/v2/users/search", search=True),
    "integration": NameLookup("integration", "/api/v2/integrations", name_param=False),
    "credential": NameLookup("integration credential", "/api/v2/integrations/credentials", name_param=False),
    "oauth_client": NameLookup("OAuth client", "/api/v2/oauth/clients", name_param=False, paged=False),
    "queue": NameLookup("queue", "/api/v2/routing/queues"),
    "skill": NameLookup("routing skill", "/api/v2/routing/skills"),
    "language": NameLookup("routing language", "/api/v2/routing/languages"),
    "wrapupcode": NameLookup("wrap-up code", "/api/v2/routing/wrapupcodes"),
}


def _search(client: GenesysClient, lookup: NameLookup, field: str, value: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    page = 1
    while True:
        body = client.post(
            lookup.path,
            json={
                "query": [{"type": "EXACT", "fields": [field], "value": value}],
                "pageSize": 100,
                "pageNumber": page,
            },
        )
        results.extend(body.get("results") or [])
        if page >= int(body.get("pageCount") or 1):
            return results
        page += 1


def matching(client: GenesysClient, kind: str, value: str, field: str = "name") -> list[dict[str, Any]]:
    """Every object of `kind` whose `field` equals `value` (case-insensitively)."""
    lookup = LOOKUPS[kind]
    if lookup.search:
        candidates = _search(client, lookup, field, value)
    elif lookup.paged:
        params = {"name": value} if lookup.name_param and field == "name" else {}
        candidates = list(client.paginate(lookup.path, params))
    else:
        candidates = (client.get(lookup.path, retry_not_found=False) or {}).get("entities") or []
    wanted = value.lower()
    return [c for c in candidates if str(c.get(field, "")).lower() == wanted]
