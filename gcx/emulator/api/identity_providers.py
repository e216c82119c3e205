"""Identity providers: the `generic` and `pureengage` singletons and custom SAML providers.

Endpoints:
- GET    /api/v2/identityproviders -> get_identityproviders
- POST   /api/v2/identityproviders -> post_identityproviders
- GET    /api/v2/identityproviders/generic -> get_identityproviders_generic
- PUT    /api/v2/identityproviders/generic -> put_identityproviders_generic
- DELETE /api/v2/identityproviders/generic -> delete_identityproviders_generic
- GET    /api/v2/identityproviders/pureengage -> get_identityproviders_pureengage
- PUT    /api/v2/identityproviders/pureengage -> put_identityproviders_pureengage
- DELETE /api/v2/identityproviders/pureengage -> delete_identityproviders_pureengage
- GET    /api/v2/identityproviders/{providerId} -> get_identityprovider
- PUT    /api/v2/identityproviders/{providerId} -> put_identityprovider
- DELETE /api/v2/identityproviders/{providerId} -> delete_identityprovider

Singletons are created or replaced by PUT (which answers with the base IdentityProvider) and
read back by GET with the full model; their id is the singleton's name. Certificates must be
X.509 (PEM, or base64 DER as the Multicloud CX guide shows: the PEM body without its header
lines). The PureEngage provider's certificate and `issuerURI` are what the saml2-bearer grant
checks assertions against. Choice: two providers may not share an `issuerURI` (409), since
the guide warns that duplicate issuers break sign-in.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.auth import any_of
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, conflict, not_found
from gcx.emulator.paging import Page, envelope, paging
from gcx.emulator.saml import SamlError, load_certificate
from gcx.emulator.wire import new_id, no_content, reply

__all__ = ["IdentityProvidersBackend", "router"]

Doc = dict[str, Any]
SINGLETONS = ("generic", "pureengage")
_NAME_ID_FORMATS = Literal[
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
]


class SamlProvider(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=200)
    disabled: bool = False
    issuerURI: str = Field(min_length=1)
    ssoTargetURI: str | None = None
    sloURI: str | None = None
    sloBinding: str | None = None
    relyingPartyIdentifier: str | None = None
    certificate: str | None = None
    certificates: list[str] | None = None
    logoImageData: str | None = None
    nameIdentifierFormat: _NAME_ID_FORMATS | None = None
    ssoBinding: (
        Literal[
            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
        ]
        | None
    ) = None
    signAuthnRequests: bool | None = None
    providerName: str | None = None
    displayOnLogin: bool | None = None
    metadataURL: str | None = None
    forceAuthn: bool | None = None
    endpointCompression: bool | None = None
    autoProvisionUsers: bool | None = None


_FIELDS_BY_KIND = {
    "pureengage": {"endpointCompression"},  # PureEngage has no endpointCompression ...
    "generic": {"autoProvisionUsers"},  # ... and GenericSAML no autoProvisionUsers.
}


class IdentityProvidersBackend(Backend):
    def _validated(self, body: SamlProvider, ident: str) -> Doc:
        certificates = [c for c in [body.certificate, *(body.certificates or [])] if c]
        for i, text in enumerate(certificates):
            try:
                load_certificate(text)
            except SamlError as exc:
                field = (
                    "certificate"
                    if body.certificate and i == 0
                    else f"certificates[{i - bool(body.certificate)}]"
                )
                raise bad_request(f"{field} is not an X.509 certificate: {exc}", field) from None
        for other in self.tx.scan(self.org, "identity_provider"):
            if other["id"] != ident and other.get("issuerURI") == body.issuerURI:
                raise conflict(
                    f"Identity provider {other['name']} already uses issuerURI {body.issuerURI}.", "issuerURI"
                )
        doc = body.model_dump(exclude_none=True, exclude=_FIELDS_BY_KIND.get(ident, set()))
        return {"id": ident, **doc}

    @staticmethod
    def _view(doc: Doc) -> Doc:
        return doc | {"selfUri": f"/api/v2/identityproviders/{doc['id']}"}

    @staticmethod
    def _summary(doc: Doc) -> Doc:
        return {
            "id": doc["id"],
            "name": doc["name"],
            "disabled": bool(doc.get("disabled")),
            "selfUri": f"/api/v2/identityproviders/{doc['id']}",
        }

    def get_identityproviders(self) -> list[Doc]:
        # The listing is of SAMLProvider: the fields every provider kind shares.
        return [
            {k: v for k, v in self._view(d).items() if k not in ("autoProvisionUsers", "endpointCompression")}
            for d in self.tx.scan(self.org, "identity_provider")
        ]

    def get_singleton(self, kind: str) -> Doc:
        return self._view(self.load("identity_provider", kind, f"{kind} identity provider"))

    def put_singleton(self, kind: str, body: SamlProvider) -> Doc:
        return self._summary(self.save("identity_provider", self._validated(body, kind)))

    def delete_singleton(self, kind: str) -> Doc:
        self.load("identity_provider", kind, f"{kind} identity provider")
        self.tx.delete(self.org, "identity_provider", kind)
        return {}

    def post_identityproviders(self, body: SamlProvider) -> Doc:
        return self._view(self.save("identity_provider", self._validated(body, new_id())))

    def _custom(self, provider_id: str) -> Doc:
        doc = self.tx.get(self.org, "identity_provider", provider_id)
        if doc is None or provider_id in SINGLETONS:
            raise not_found("identity provider", provider_id)
        return doc

    def get_identityprovider(self, provider_id: str) -> Doc:
        return self._view(self._custom(provider_id))

    def put_identityprovider(self, provider_id: str, body: SamlProvider) -> Doc:
        self._custom(provider_id)
        return self._view(self.save("identity_provider", self._validated(body, provider_id)))

    def delete_identityprovider(self, provider_id: str) -> None:
        self._custom(provider_id)
        self.tx.delete(self.org, "identity_provider", provider_id)


router = APIRouter(tags=["Identity Provider"])
_View = Annotated[Session, Depends(any_of("sso:provider:view"))]
_Upsert = Annotated[Session, Depends(any_of("sso:provider:add", "sso:provider:edit"))]
_Delete = Annotated[Session, Depends(any_of("sso:provider:delete"))]


@router.get("/api/v2/identityproviders")
async def get_identityproviders(
    request: Request, session: _View, page: Annotated[Page, Depends(paging())]
) -> Response:
    with session.open(IdentityProvidersBackend) as backend:
        providers = backend.get_identityproviders()
    return reply(envelope(request, page.slice(providers), len(providers), page))


@router.post("/api/v2/identityproviders")
async def post_identityproviders(
    body: SamlProvider, session: Annotated[Session, Depends(any_of("sso:provider:add"))]
) -> Response:
    with session.open(IdentityProvidersBackend) as backend:
        return reply(backend.post_identityproviders(body))


def _singleton_routes(kind: str) -> None:
    async def get_singleton(session: _View) -> Response:
        with session.open(IdentityProvidersBackend) as backend:
            return reply(backend.get_singleton(kind))

    async def put_singleton(body: SamlProvider, session: _Upsert) -> Response:
        with session.open(IdentityProvidersBackend) as backend:
            return reply(backend.put_singleton(kind, body))

    async def delete_singleton(session: _Delete) -> Response:
        with session.open(IdentityProvidersBackend) as backend:
            return reply(backend.delete_singleton(kind))

    path = f"/api/v2/identityproviders/{kind}"
    router.add_api_route(path, get_singleton, methods=["GET"], name=f"get_identityproviders_{kind}")
    router.add_api_route(path, put_singleton, methods=["PUT"], name=f"put_identityproviders_{kind}")
    router.add_api_route(path, delete_singleton, methods=["DELETE"], name=f"delete_identityproviders_{kind}")


for _kind in SINGLETONS:
    _singleton_routes(_kind)


@router.get("/api/v2/identityproviders/{providerId}")
async def get_identityprovider(providerId: str, session: _View) -> Response:
    with session.open(IdentityProvidersBackend) as backend:
        return reply(backend.get_identityprovider(providerId))


@router.put("/api/v2/identityproviders/{providerId}")
async def put_identityprovider(
    providerId: str, body: SamlProvider, session: Annotated[Session, Depends(any_of("sso:provider:edit"))]
) -> Response:
    with session.open(IdentityProvidersBackend) as backend:
        return reply(backend.put_identityprovider(providerId, body))


@router.delete("/api/v2/identityproviders/{providerId}")
async def delete_identityprovider(providerId: str, session: _Delete) -> Response:
    with session.open(IdentityProvidersBackend) as backend:
        backend.delete_identityprovider(providerId)
    return no_content()
