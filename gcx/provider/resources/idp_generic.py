"""``genesyscloud_idp_generic``: the org's generic SAML identity provider, a singleton at
``/api/v2/identityproviders/generic`` whose resource id is always ``generic``.

Create and update are one PUT of the whole provider; read is one GET; delete is DELETE (the org
then has no generic provider); `find` adopts whatever provider the org has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api
from gcx.provider.resources.crud import CrudResource, delete_if_present
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["IdpGeneric"]

SINGLETON_ID = "generic"
PATH = f"/api/v2/identityproviders/{SINGLETON_ID}"


class IdpGeneric(CrudResource):
    path = PATH
    shape = Shape(
        Field("name", "name"),
        Field("disabled", "disabled"),
        Field("issuerUri", "issuerURI"),
        Field("targetUri", "ssoTargetURI"),
        Field("sloUri", "sloURI"),
        Field("sloBinding", "sloBinding"),
        Field("relyingPartyIdentifier", "relyingPartyIdentifier"),
        Field("certificates", "certificates"),
        Field("logoImageData", "logoImageData"),
        Field("endpointCompression", "endpointCompression"),
        Field("nameIdentifierFormat", "nameIdentifierFormat"),
        Field("signAuthnRequests", "signAuthnRequests"),
    )

    def _put(self, ctx: HandlerContext, values: Mapping[str, Any]) -> Live:
        client = api(ctx)
        body = self.body(ctx, values)
        client.put(PATH, json=body)
        # The PUT answers with the base IdentityProvider, not the GenericSAML fields written.
        return self.live(ctx, body)

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        return SINGLETON_ID, self._put(ctx, news)

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        doc = api(ctx).get_or_none(PATH)
        return None if doc is None else self.live(ctx, doc)

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        values = dict(news)
        if values.get("relyingPartyIdentifier") is None and old.get("relyingPartyIdentifier"):
            values["relyingPartyIdentifier"] = old["relyingPartyIdentifier"]
        return self._put(ctx, values)

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        delete_if_present(api(ctx), PATH)

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        live = self.read_object(ctx, SINGLETON_ID, news)
        return (SINGLETON_ID, live) if live is not None else None
