"""The ``genesyscloud`` data sources (``get_*`` functions).

By-name lookups (one family: divisions, roles, groups, integrations, integration credentials,
OAuth clients, queues, skills, languages, wrap-up codes, users by email or name) use the
natural-key table of `lookups` and answer ``{id, name}`` (users also ``email``); no match or
several matches fail with a message naming the argument. The org facts: ``getOrganizationsMe``
(GET ``/api/v2/organizations/me``) and ``getAuthDivisionHome`` (GET
``/api/v2/authorization/divisions/home``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gcx.engine.plugin import CheckFailure, InvokeResult
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import AmbiguousMatchError, api, single_match
from gcx.provider.resources.lookups import LOOKUPS, matching
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["BY_NAME", "ByName", "DivisionHome", "OrganizationsMe", "UserLookup"]


@dataclass(frozen=True)
class ByName:
    """``get_<kind>(name=...)`` -> ``{id, name}``."""

    kind: str

    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult:
        name = str(args.get("name") or "")
        what = LOOKUPS[self.kind].what
        try:
            found = single_match(what, f"name {name!r}", matching(api(ctx), self.kind, name))
        except AmbiguousMatchError as exc:
            return InvokeResult(outputs={}, failures=[CheckFailure("name", str(exc))])
        if found is None:
            return InvokeResult(
                outputs={},
                failures=[CheckFailure("name", f"name: no {what} named {name!r} exists in this org")],
            )
        return InvokeResult(outputs={"id": found["id"], "name": found.get("name", name)})


class UserLookup:
    """``get_user(email=..., name=...)``: by email when given, else by name."""

    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult:
        field = "email" if args.get("email") else "name"
        value = str(args.get(field) or "")
        if not value:
            return InvokeResult(
                outputs={}, failures=[CheckFailure("email", "email: give the user's email or name")]
            )
        try:
            found = single_match("user", f"{field} {value!r}", matching(api(ctx), "user", value, field=field))
        except AmbiguousMatchError as exc:
            return InvokeResult(outputs={}, failures=[CheckFailure(field, str(exc))])
        if found is None:
            return InvokeResult(
                outputs={}, failures=[CheckFailure(field, f"{field}: no user with {field} {value!r}")]
            )
        return InvokeResult(
            outputs={"id": found["id"], "email": found.get("email"), "name": found.get("name")}
        )


ORGANIZATION = Shape(
    Field("id", "id"),
    Field("name", "name"),
    Field("defaultLanguage", "defaultLanguage"),
    Field("defaultCountryCode", "defaultCountryCode"),
    Field("domain", "domain"),
    Field("defaultSiteId", "defaultSiteId"),
    Field("thirdPartyOrgName", "thirdPartyOrgName"),
    Field("voicemailEnabled", "voicemailEnabled"),
    Field("productPlatform", "productPlatform"),
    Field("supportUri", "supportURI"),
)


class OrganizationsMe:
    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult:
        org = ORGANIZATION.from_api(api(ctx).get("/api/v2/organizations/me"))
        return InvokeResult(outputs={k: v for k, v in org.items() if v is not None})


class DivisionHome:
    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult:
        home = api(ctx).get("/api/v2/authorization/divisions/home")
        return InvokeResult(
            outputs={"id": home["id"], "name": home.get("name"), "description": home.get("description")}
        )


# Data source (Terraform name) -> lookup kind.
BY_NAME: dict[str, str] = {
    "genesyscloud_auth_division": "division",
    "genesyscloud_auth_role": "role",
    "genesyscloud_group": "group",
    "genesyscloud_integration": "integration",
    "genesyscloud_integration_credential": "credential",
    "genesyscloud_oauth_client": "oauth_client",
    "genesyscloud_routing_queue": "queue",
    "genesyscloud_routing_skill": "skill",
    "genesyscloud_routing_language": "language",
    "genesyscloud_routing_wrapupcode": "wrapupcode",
}
