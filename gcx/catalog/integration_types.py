"""The integration-type catalog and the integration credential types.

Facts: `genesys-api.md` §4.1 and `genesys-provider.md` §2/§5: `embedded-client-app` ("Client
Application", provider `clientapps`, properties `url`, `displayType`, `sandbox`, `groups`),
`purecloud-data-actions` (credential `pureCloudOAuthClient`), `custom-rest-actions`
(`basicAuth`), `imap-server`, `custom-smtp-server`, `webhook`; credential types
`pureCloudOAuthClient` (clientId, clientSecret), `basicAuth` (userName, password) and
`userDefinedOAuth` (free-form).

Choices (unverified, `verified=False`): no public source gives the type ids of the UC apps, so
8x8, Microsoft Teams, Zoom Phone and RingCentral are `eight-by-eight`, `microsoft-teams`,
`zoom-phone` and `ringcentral`; each names the view permission its users need and its presence
source. The `embedded-client-app` schema beyond the four known keys adds only `category`;
`displayType` accepts `standalone` and `widget`; `sandbox` is a comma-separated list of iframe
sandbox tokens. Credential fields whose name says secret/password are write-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CREDENTIAL_TYPES",
    "INTEGRATION_TYPES",
    "SANDBOX_TOKENS",
    "CredentialTypeSpec",
    "IntegrationTypeSpec",
    "credential_type",
    "integration_type",
]

SANDBOX_TOKENS: tuple[str, ...] = (
    "allow-forms",
    "allow-modals",
    "allow-popups",
    "allow-popups-to-escape-sandbox",
    "allow-presentation",
    "allow-same-origin",
    "allow-scripts",
    "allow-downloads",
    "allow-top-navigation",
    "allow-top-navigation-by-user-activation",
)


@dataclass(frozen=True)
class CredentialTypeSpec:
    name: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    secret_fields: tuple[str, ...]
    free_form: bool = False  # userDefinedOAuth accepts any key/value pairs

    def is_secret(self, field_name: str) -> bool:
        lowered = field_name.lower()
        return field_name in self.secret_fields or any(w in lowered for w in ("secret", "password"))


CREDENTIAL_TYPES: tuple[CredentialTypeSpec, ...] = (
    CredentialTypeSpec(
        "pureCloudOAuthClient", ("clientId", "clientSecret"), ("clientId", "clientSecret"), ("clientSecret",)
    ),
    CredentialTypeSpec("basicAuth", ("userName", "password"), ("userName", "password"), ("password",)),
    CredentialTypeSpec(
        "userDefinedOAuth",
        ("clientId", "clientSecret", "loginUrl"),
        (),
        ("clientSecret",),
        free_form=True,
    ),
    CredentialTypeSpec("userDefined", (), (), (), free_form=True),
)


@dataclass(frozen=True)
class IntegrationTypeSpec:
    id: str
    name: str
    description: str
    provider: str
    category: str
    properties_schema: dict[str, Any] = field(default_factory=dict)
    credentials: dict[str, tuple[bool, str, tuple[str, ...]]] = field(default_factory=dict)
    max_instances: int | None = None
    user_permissions: tuple[str, ...] = ()
    presence_source: str | None = None  # UC types: the SDK integrationPresenceSource value
    vendor_name: str = "Genesys"
    verified: bool = True

    @property
    def is_unified_communications(self) -> bool:
        return self.presence_source is not None


def _object_schema(title: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": title,
        "type": "object",
        "required": list(required),
        "properties": properties,
        "additionalProperties": False,
    }


_CLIENT_APP_SCHEMA = _object_schema(
    "Client Application configuration",
    {
        "url": {"type": "string", "format": "uri", "title": "Application URL"},
        "displayType": {"type": "string", "enum": ["standalone", "widget"], "title": "Application Type"},
        "sandbox": {
            "type": "string",
            "title": "Iframe Sandbox Options",
            "x-tokens": list(SANDBOX_TOKENS),
        },
        "groups": {"type": "array", "items": {"type": "string"}, "title": "Group Filtering"},
        "category": {"type": "string", "title": "Application Category"},
    },
    required=("url",),
)


def _uc(type_id: str, vendor: str, entity: str, source: str) -> IntegrationTypeSpec:
    return IntegrationTypeSpec(
        id=type_id,
        name=vendor,
        description=f"Presence sync and click-to-dial between Genesys Cloud and {vendor}.",
        provider="unifiedcommunications",
        category="Unified Communications",
        properties_schema=_object_schema(f"{vendor} configuration", {}),
        max_instances=1,
        user_permissions=(f"integration:{entity}:view", "integration:unifiedCommunications:view"),
        presence_source=source,
        vendor_name=vendor,
        verified=False,
    )


INTEGRATION_TYPES: tuple[IntegrationTypeSpec, ...] = (
    IntegrationTypeSpec(
        "embedded-client-app",
        "Client Application",
        "Embeds third-party webapps via iframe in the Genesys Cloud UI.",
        "clientapps",
        "Client Apps",
        properties_schema=_CLIENT_APP_SCHEMA,
    ),
    IntegrationTypeSpec(
        "purecloud-data-actions",
        "Genesys Cloud Data Actions",
        "Data actions that call the Genesys Cloud Platform API.",
        "purecloud-data-actions",
        "Data Actions",
        properties_schema=_object_schema("Data actions configuration", {}),
        credentials={"pureCloudOAuthClient": (True, "OAuth client", ("pureCloudOAuthClient",))},
    ),
    IntegrationTypeSpec(
        "custom-rest-actions",
        "Web Services Data Actions",
        "Data actions that call external web services.",
        "custom-rest-actions",
        "Data Actions",
        properties_schema=_object_schema("Web services configuration", {}),
        credentials={"basicAuth": (False, "Credentials", ("basicAuth", "userDefinedOAuth", "userDefined"))},
    ),
    IntegrationTypeSpec(
        "imap-server",
        "IMAP Server",
        "Reads email from an IMAP server.",
        "imap-server",
        "Email",
        properties_schema=_object_schema(
            "IMAP configuration",
            {"imapHost": {"type": "string"}, "imapPort": {"type": "integer"}},
            required=("imapHost",),
        ),
        credentials={"basicAuth": (True, "IMAP login", ("basicAuth",))},
    ),
    IntegrationTypeSpec(
        "custom-smtp-server",
        "Custom SMTP Server",
        "Sends email through an SMTP server.",
        "custom-smtp-server",
        "Email",
        properties_schema=_object_schema(
            "SMTP configuration",
            {"host": {"type": "string"}, "port": {"type": "integer"}},
        ),
        credentials={"basicAuth": (False, "SMTP login", ("basicAuth",))},
    ),
    IntegrationTypeSpec(
        "webhook",
        "Webhook",
        "Invokes Architect flows from external systems.",
        "webhook",
        "Webhooks",
        properties_schema=_object_schema("Webhook configuration", {}),
    ),
    _uc("eight-by-eight", "8x8", "eightByEight", "EightByEight"),
    _uc("microsoft-teams", "Microsoft Teams", "microsoftTeams", "MicrosoftTeams"),
    _uc("zoom-phone", "Zoom Phone", "zoomPhone", "ZoomPhone"),
    _uc("ringcentral", "RingCentral", "ringCentral", "RingCentral"),
)

_TYPES = {t.id: t for t in INTEGRATION_TYPES}
_CREDENTIALS = {c.name: c for c in CREDENTIAL_TYPES}


def integration_type(type_id: str) -> IntegrationTypeSpec | None:
    return _TYPES.get(type_id)


def credential_type(name: str) -> CredentialTypeSpec | None:
    return _CREDENTIALS.get(name)
