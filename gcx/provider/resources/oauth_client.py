"""``genesyscloud_oauth_client``: ``/api/v2/oauth/clients[/{id}]`` (+ an integration credential).

Create: POST the client; its secret comes only in that answer. It is kept as the (secret)
`client_secret` output when `expose_client_secret` is true, written to
`directory_client_secret/<client id>` (mode 0600) when that is set, and used once for the
``pureCloudOAuthClient`` integration credential named by `integration_credential_name`.
Update: PUT the full client. Delete (the Terraform provider's order): delete the credential,
PUT ``state: inactive``, DELETE, then poll GET until 404 or ``state: deleted`` (at most 30 s).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gcx.provider.client import ApiError
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api
from gcx.provider.resources.crud import (
    CrudResource,
    delete_if_present,
    replacement,
    undone_on_failure,
    wait_until_gone,
)
from gcx.provider.resources.mapping import Field, Shape
from gcx.provider.schema import ResourceSchema

__all__ = ["OauthClient"]

CREDENTIALS_PATH = "/api/v2/integrations/credentials"
CREDENTIAL_TYPE = "pureCloudOAuthClient"


class OauthClient(CrudResource):
    path = "/api/v2/oauth/clients"
    shape = Shape(
        Field("name", "name"),
        Field("description", "description"),
        Field("accessTokenValiditySeconds", "accessTokenValiditySeconds"),
        Field("registeredRedirectUris", "registeredRedirectUri"),
        Field("authorizedGrantType", "authorizedGrantType"),
        Field("scopes", "scope"),
        Field(
            "roles",
            "roleDivisions",
            shape=Shape(Field("roleId", "roleId"), Field("divisionId", "divisionId")),
        ),
        Field("state", "state"),
        Field("clientId", "id"),
    )
    lookup = "oauth_client"
    # Known only from create (the secret) or only to this provider (the other four).
    write_only = frozenset(
        {
            "clientSecret",
            "exposeClientSecret",
            "directoryClientSecret",
            "integrationCredentialId",
            "integrationCredentialName",
        }
    )

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        body = self.shape.to_api(values)
        body.pop("id", None)
        return body

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        client = api(ctx)
        doc = client.post(self.path, json=self.body(ctx, news))
        secret = str(doc.get("secret") or "")
        live = self.live(ctx, doc)
        with undone_on_failure(client, f"{self.path}/{doc['id']}"):
            if news.get("directoryClientSecret"):
                _write_secret(Path(news["directoryClientSecret"]), str(doc["id"]), secret)
            credential_name = news.get("integrationCredentialName")
            if credential_name:
                credential = client.post(
                    CREDENTIALS_PATH,
                    json={
                        "name": credential_name,
                        "type": {"name": CREDENTIAL_TYPE},
                        "credentialFields": {"clientId": doc["id"], "clientSecret": secret},
                    },
                )
                live["integrationCredentialId"] = credential["id"]
        live["clientSecret"] = secret if news.get("exposeClientSecret") else None
        return str(doc["id"]), live

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        secret = old.get("clientSecret")
        if news.get("exposeClientSecret") and not secret:
            raise ValueError(
                "exposeClientSecret: the client secret is only returned when the client is created and "
                "was not kept; replace the client (e.g. `gcx up --replace <urn>`) to get a new secret"
            )
        client = api(ctx)
        if changed - self.write_only:
            schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
            body = self.body(ctx, replacement(schema.block, news, old))
            live = self.live(ctx, client.put(f"{self.path}/{id}", json=body))
        else:
            live = {k: old.get(k) for k in self.shape.wires}
        live["integrationCredentialId"] = self._update_credential(ctx, id, old, news)
        live["clientSecret"] = secret if news.get("exposeClientSecret") else None
        return live

    def _update_credential(
        self, ctx: HandlerContext, id: str, old: Mapping[str, Any], news: Mapping[str, Any]
    ) -> str | None:
        credential_id = old.get("integrationCredentialId")
        wanted = news.get("integrationCredentialName")
        if wanted == old.get("integrationCredentialName"):
            return credential_id
        client = api(ctx)
        if not wanted:
            if credential_id:
                delete_if_present(client, f"{CREDENTIALS_PATH}/{credential_id}")
            return None
        secret = old.get("clientSecret")
        if not secret:
            raise ValueError(
                "integrationCredentialName: a pureCloudOAuthClient credential needs the client secret, which "
                "is only kept with exposeClientSecret = true; set it when the client is created, or replace "
                "the client"
            )
        body = {
            "name": wanted,
            "type": {"name": CREDENTIAL_TYPE},
            "credentialFields": {"clientId": id, "clientSecret": secret},
        }
        if credential_id:
            return str(client.put(f"{CREDENTIALS_PATH}/{credential_id}", json=body)["id"])
        return str(client.post(CREDENTIALS_PATH, json=body)["id"])

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        client = api(ctx)
        if old.get("integrationCredentialId"):
            delete_if_present(client, f"{CREDENTIALS_PATH}/{old['integrationCredentialId']}")
        if old.get("state") != "inactive":
            # The client is set inactive first (the Terraform provider's order); the state holds the
            # full client, so no read is needed to build the PUT.
            schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
            body = self.body(ctx, replacement(schema.block, old, {})) | {"state": "inactive"}
            try:
                client.put(f"{self.path}/{id}", json=body)
            except ApiError as exc:
                if exc.is_not_found:
                    return
                raise
        delete_if_present(client, f"{self.path}/{id}")
        wait_until_gone(
            client, f"{self.path}/{id}", "OAuth client", gone=lambda doc: doc.get("state") == "deleted"
        )

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        found = super().find_object(ctx, news)
        if found is not None and found[1].get("state") == "deleted":
            return None
        return found


def _write_secret(directory: Path, client_id: str, secret: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / client_id
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
