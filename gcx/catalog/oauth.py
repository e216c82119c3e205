"""OAuth grant types, token validity bounds and the OAuth scope catalog.

Facts: `genesys-api.md` §2.1 (token requests per grant), §4.2 (grant enum, the provider's
`SAML2BEARER` spelling, validity 300-172,800 s with default 86,400, SCIM clients up to
38,880,000 s; scopes only for non-client-credentials clients, roleDivisions only for
client-credentials clients) and §2.3 (scope names).

Choices (unverified): which clients count as "SCIM clients" is not documented; we allow the
long SCIM validity for every CLIENT-CREDENTIALS client (SCIM connectors use that grant). The
scope list below is partial: the scopes our guides and the provider docs name, each with a
`:readonly` twin except `user-basic-info`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_TOKEN_VALIDITY_SECONDS",
    "GRANT_TYPES",
    "MAX_TOKEN_VALIDITY_SECONDS",
    "MIN_TOKEN_VALIDITY_SECONDS",
    "SCIM_MAX_TOKEN_VALIDITY_SECONDS",
    "SCOPES",
    "GrantType",
    "grant_for_token_request",
    "grant_type",
]

MIN_TOKEN_VALIDITY_SECONDS = 300
MAX_TOKEN_VALIDITY_SECONDS = 172_800
DEFAULT_TOKEN_VALIDITY_SECONDS = 86_400
SCIM_MAX_TOKEN_VALIDITY_SECONDS = 38_880_000


@dataclass(frozen=True)
class GrantType:
    api_value: str  # OAuthClient.authorizedGrantType
    token_grant: str | None  # the form `grant_type` at /oauth/token (None: browser-only flow)
    uses_scopes: bool  # True: `scope` applies and is required; False: `roleDivisions` apply
    needs_redirect_uri: bool
    spellings: tuple[str, ...] = ()  # other accepted spellings (the Terraform provider's)

    @property
    def max_validity_seconds(self) -> int:
        return SCIM_MAX_TOKEN_VALIDITY_SECONDS if not self.uses_scopes else MAX_TOKEN_VALIDITY_SECONDS


GRANT_TYPES: tuple[GrantType, ...] = (
    GrantType("CLIENT-CREDENTIALS", "client_credentials", uses_scopes=False, needs_redirect_uri=False),
    GrantType("CODE", "authorization_code", uses_scopes=True, needs_redirect_uri=True),
    GrantType("TOKEN", None, uses_scopes=True, needs_redirect_uri=True),
    GrantType(
        "SAML2-BEARER",
        "urn:ietf:params:oauth:grant-type:saml2-bearer",
        uses_scopes=True,
        needs_redirect_uri=False,
        spellings=("SAML2BEARER",),
    ),
    GrantType("PASSWORD", "password", uses_scopes=True, needs_redirect_uri=False),
)

_BY_NAME = {spelling: g for g in GRANT_TYPES for spelling in (g.api_value, *g.spellings)}
_BY_TOKEN_GRANT = {g.token_grant: g for g in GRANT_TYPES if g.token_grant}


def grant_type(name: str) -> GrantType:
    """The grant for an `authorizedGrantType` value or spelling (``SAML2BEARER`` too)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown authorizedGrantType {name!r}; use one of: {', '.join(_BY_NAME)}") from None


def grant_for_token_request(form_grant_type: str) -> GrantType | None:
    return _BY_TOKEN_GRANT.get(form_grant_type)


_SCOPE_AREAS: dict[str, str] = {
    "analytics": "analytics data",
    "architect": "Architect flows",
    "authorization": "roles, divisions and grants",
    "conversations": "conversations",
    "external-contacts": "external contacts",
    "groups": "groups",
    "identity-providers": "identity providers",
    "integrations": "integrations",
    "journey": "Predictive Engagement",
    "messaging": "messaging",
    "notifications": "notification channels",
    "oauth": "OAuth clients",
    "organization": "organization settings",
    "outbound": "outbound campaigns",
    "presence": "presence",
    "quality": "quality management",
    "routing": "routing: queues, skills, wrap-up codes, SMS numbers",
    "scim": "SCIM provisioning",
    "telephony": "telephony",
    "users": "users",
    "voicemail": "voicemail",
    "workforce-management": "workforce management",
}

SCOPES: dict[str, str] = {
    "user-basic-info": "Read your own basic user information",
    **{area: f"Read and write {what}" for area, what in _SCOPE_AREAS.items()},
    **{f"{area}:readonly": f"Read {what}" for area, what in _SCOPE_AREAS.items()},
}
