"""``genesyscloud_organization_authentication_settings``: a singleton with id ``Settings``.

``/api/v2/organizations/authentication/settings`` (GET, PATCH) holds MFA, the allowlists and the
password rules; ``/api/v2/tokens/timeout`` (GET, PUT) holds the idle token timeout, read and
written only when the program sets `timeout_settings`. Create and update PATCH what the program
sets; delete leaves the org's settings as they are (they cannot be removed, and resetting them
could lock users out), like removing the resource from Terraform state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import ApiResource, Live, api
from gcx.provider.resources.crud import replacement
from gcx.provider.resources.mapping import Field, Shape
from gcx.provider.schema import ResourceSchema

__all__ = ["OrganizationAuthenticationSettings"]

SINGLETON_ID = "Settings"
PATH = "/api/v2/organizations/authentication/settings"
TIMEOUT_PATH = "/api/v2/tokens/timeout"
_TIMEOUT = "timeoutSettings"

SETTINGS = Shape(
    Field("multifactorAuthenticationRequired", "multifactorAuthenticationRequired"),
    Field("domainAllowlistEnabled", "domainAllowlistEnabled"),
    Field("domainAllowlists", "domainAllowlist"),
    Field("ipAddressAllowlists", "ipAddressAllowlist"),
    Field(
        "passwordRequirements",
        "passwordRequirements",
        shape=Shape(
            *(
                Field(name, name)
                for name in (
                    "minimumLength",
                    "minimumDigits",
                    "minimumLetters",
                    "minimumUpper",
                    "minimumLower",
                    "minimumSpecials",
                    "minimumAgeSeconds",
                    "expirationDays",
                )
            )
        ),
    ),
)
TIMEOUT = Shape(
    Field("enableIdleTokenTimeout", "enableIdleTokenTimeout"),
    Field("idleTokenTimeoutSeconds", "idleTokenTimeoutSeconds"),
)


class OrganizationAuthenticationSettings(ApiResource):
    def _write(
        self, ctx: HandlerContext, news: Mapping[str, Any], changed: set[str], old: Mapping[str, Any]
    ) -> Live:
        client = api(ctx)
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        live: Live = {}
        if changed - {_TIMEOUT}:
            values = replacement(schema.block, news, old)  # an allowlist left out is emptied
            live = SETTINGS.from_api(client.patch(PATH, json=SETTINGS.to_api(values)))
        if _TIMEOUT in changed and news.get(_TIMEOUT):
            live[_TIMEOUT] = TIMEOUT.from_api(client.put(TIMEOUT_PATH, json=TIMEOUT.to_api(news[_TIMEOUT])))
        return live

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        return SINGLETON_ID, self._write(ctx, news, set(news), {})

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        client = api(ctx)
        live = SETTINGS.from_api(client.get(PATH))
        if state.get(_TIMEOUT):
            live[_TIMEOUT] = TIMEOUT.from_api(client.get(TIMEOUT_PATH))
        return live

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        return dict(old) | self._write(ctx, news, changed, old)

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        return None

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        return SINGLETON_ID, self.read_object(ctx, SINGLETON_ID, news) or {}
