"""Genesys Multicloud CX hybrid integration (seed 003): one `HybridTransactionObject` per tenant org.

It creates what the guide's "Genesys Cloud CX Provisioning Steps" ask for in the org:

- the client-credentials OAuth client "PureEngage Client Credentials" with the built-in admin
  role on the home division (step 1a);
- one client-credentials client per on-premises service, such as the Agent Pacing Service
  (section ``ewt``), with a configurable role, admin on the home division by default;
- a SAML2-bearer client for the desktop (Workspace Desktop Edition) with its redirect URI
  (default: the region's apps URL) and scopes (step 1b);
- the SAML key pair (`SamlSigningKeyPair`, unless a certificate and key are given) and the
  PureEngage identity provider that trusts it (steps 2-3);
- the Predictive Engagement permissions added to the built-in ``employee`` role, which
  auto-provisioned users get, without dropping its other permissions (step 4);

and the Configuration Server transaction object ``hybrid_integration`` as a handoff spec
(`gcx.handoff.transaction_object`): the guide's OpenSSL steps are done by `RandomSecret` (the key
password) and `EncryptedPrivateKey` (PKCS#8, AES-256, base64), each made once and kept in state.
Render the spec with ``gcx transaction-object``.

Role names, permission strings and grant types come from the catalog; hosts and URLs from the
region table. Dynamic resources reach the org through `connection` (set by the tenant stack).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

import pulumi
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import ConfigDict, Field, InstanceOf, field_validator, model_validator

from components.base import ComponentArgs, GenesysComponent, TenantComponentArgs
from components.genesyscloud import genesyscloud
from gcx.catalog import oauth
from gcx.catalog.permissions import UnknownPermissionError
from gcx.catalog.roles import built_in_role
from gcx.dynamic.encrypted_key import EncryptedPrivateKey
from gcx.dynamic.identity_provider import PureEngageIdentityProvider, certificate_body
from gcx.dynamic.key_pair import SamlSigningKeyPair
from gcx.dynamic.random_secret import RandomSecret
from gcx.dynamic.role_permissions import AuthRolePermissions
from gcx.handoff.transaction_object import ANNEX_SECTION, Placement, TransactionObjectSpec
from gcx.regions import Region, get_region

__all__ = [
    "DesktopClientArgs",
    "HybridTransactionObject",
    "HybridTransactionObjectArgs",
    "OnPremServiceArgs",
    "SamlArgs",
    "predictive_engagement_permissions",
]

ADMIN_ROLE = built_in_role("admin")
AGENT_ROLE = built_in_role("employee")
# The guide: Predictive Engagement permissions come with the Admin and AI Agent roles, so the AI
# Agent role's journey permissions are the ones `employee` lacks.
PREDICTIVE_ENGAGEMENT_SOURCE_ROLE = built_in_role("ai_agent")
CLIENT_CREDENTIALS = oauth.grant_type("CLIENT-CREDENTIALS")
SAML2_BEARER = oauth.grant_type("SAML2-BEARER")
RESERVED_SECTIONS = ("general", "saml", "saml_auth")
PASSWORD_LENGTH = 32
_SECTION = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# A DNS top-level domain: letters only, or an IDN in its xn-- form.
_TOP_LEVEL_DOMAIN = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_MAX_EXPIRE_HOURS = SAML2_BEARER.max_validity_seconds // 3600

SecretInput = str | InstanceOf[pulumi.Output]


def predictive_engagement_permissions() -> tuple[str, ...]:
    """The default Predictive Engagement permissions for `employee` (catalog strings)."""
    return tuple(p for p in PREDICTIVE_ENGAGEMENT_SOURCE_ROLE.permissions if p.startswith("journey:"))


def _https_url(value: str, field: str) -> str:
    if not re.match(r"^https://[^\s/]+(/\S*)?$", value):
        raise ValueError(f"{field} must be an https:// URL, not {value!r}")
    return value


class OnPremServiceArgs(ComponentArgs):
    """One on-premises service that calls Genesys Cloud with its own client-credentials client."""

    client_name: str = Field(
        min_length=1, description='Name of the OAuth client, e.g. "Agent Pacing Service".'
    )
    role_name: str | None = Field(
        None,
        min_length=1,
        description="Role given to the client (default: the built-in admin role, by the name the "
        "tenant's `catalog.roleNameOverrides` gives it).",
    )
    division_id: str | None = Field(
        None, description="Division of the role; default the home division, `*` for all divisions."
    )
    access_token_validity_seconds: int = Field(
        oauth.DEFAULT_TOKEN_VALIDITY_SECONDS,
        ge=oauth.MIN_TOKEN_VALIDITY_SECONDS,
        le=oauth.MAX_TOKEN_VALIDITY_SECONDS,
        description="Lifetime of the client's tokens, 300 to 172800 seconds (default 86400).",
    )


class DesktopClientArgs(ComponentArgs):
    """The SAML2-bearer client a desktop (e.g. WDE) exchanges its SAMLResponse with for a token."""

    name: str = Field("Workspace Desktop Edition", min_length=1, description="Name of the OAuth client.")
    redirect_uris: tuple[str, ...] | None = Field(
        None, description="Authorized redirect URIs (https); default the region's apps URL."
    )
    scopes: tuple[str, ...] = Field(
        ("journey",),
        min_length=1,
        description="OAuth scopes the desktop's tokens carry (catalog scope names).",
    )

    @field_validator("redirect_uris")
    @classmethod
    def _https(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for uri in value or ():
            _https_url(uri, "desktopClient.redirectUris")
        return value

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [scope for scope in value if scope not in oauth.SCOPES]
        if unknown:
            raise ValueError(
                f"desktopClient.scopes: unknown scope(s) {', '.join(unknown)}; use scope names such as "
                "'journey' or 'users:readonly' (gcx.catalog.oauth.SCOPES)"
            )
        return value


class SamlArgs(ComponentArgs):
    """The PureEngage identity provider and its signing certificate."""

    # A bad key must not be echoed into an error message.
    model_config = ConfigDict(hide_input_in_errors=True)

    issuer_uri: str = Field(
        "https://www.genesys.com/pureengage",
        min_length=1,
        description="Issuer URI of the identity provider; saml/issuer gets exactly this value.",
    )
    sso_target_uri: str | None = Field(
        None, description="Where the identity provider redirects (https); default the region's apps URL."
    )
    identity_provider_name: str = Field(
        "Genesys Multicloud CX", min_length=1, description="Display name of the identity provider."
    )
    auto_provision_users: bool = Field(
        True, description="Create Genesys Cloud users on first sign-in (the guide requires true)."
    )
    common_name: str = Field(
        "genesys-multicloud-cx",
        min_length=1,
        max_length=64,
        description="Common name of the generated certificate (ignored with certificatePem).",
    )
    certificate_pem: SecretInput | None = Field(
        None,
        repr=False,
        description="Your own certificate (PEM); give it with privateKeyPem, else one is made.",
    )
    private_key_pem: SecretInput | None = Field(
        None, repr=False, description="The unencrypted private key (PEM) of certificatePem, as a secret."
    )
    rotation_trigger: str | None = Field(
        None, description="Change it to make a new key pair and a new key password."
    )

    @field_validator("sso_target_uri")
    @classmethod
    def _https_target(cls, value: str | None) -> str | None:
        return None if value is None else _https_url(value, "saml.ssoTargetUri")

    @field_validator("issuer_uri")
    @classmethod
    def _absolute_issuer(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value):
            raise ValueError(
                "saml.issuerUri must be an absolute URI such as https://www.genesys.com/pureengage"
            )
        return value

    @model_validator(mode="after")
    def _certificate_and_key_together(self) -> SamlArgs:
        if (self.certificate_pem is None) != (self.private_key_pem is None):
            raise ValueError(
                "saml.certificatePem and saml.privateKeyPem go together: give both (your own pair) "
                "or neither (gcx makes one)"
            )
        if isinstance(self.certificate_pem, str) and isinstance(self.private_key_pem, str):
            _check_pair(self.certificate_pem, self.private_key_pem)
        return self

    @property
    def given_pair(self) -> bool:
        return self.certificate_pem is not None


def _check_pair(certificate_pem: str, private_key_pem: str) -> None:
    """Plain-text pairs are checked here; pairs from secret config are checked by the resources."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    except ValueError:
        raise ValueError("saml.certificatePem is not a PEM X.509 certificate") from None
    try:
        key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    except (ValueError, TypeError):
        raise ValueError("saml.privateKeyPem is not an unencrypted PEM private key") from None
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if certificate.public_key().public_bytes(
        serialization.Encoding.DER, public
    ) != key.public_key().public_bytes(serialization.Encoding.DER, public):
        raise ValueError("saml.privateKeyPem is not the key of saml.certificatePem; give the matching pair")


class HybridTransactionObjectArgs(TenantComponentArgs):
    """Stack config of the Multicloud CX hybrid integration of one tenant org.

    Errors never echo the input: it may hold the SAML private key. A model that nests these Args
    must set ``hide_input_in_errors=True`` too, since the outermost model's setting decides.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    region: str = Field(description="Genesys Cloud region of the org (AWS name, e.g. eu-west-1).")
    placement: Placement = Field(
        default_factory=Placement, description="Where the transaction object goes in Configuration Server."
    )
    admin_client_name: str = Field(
        "PureEngage Client Credentials",
        min_length=1,
        description="Name of the admin client-credentials client.",
    )
    services: dict[str, OnPremServiceArgs] = Field(
        default_factory=dict,
        description="On-premises services by transaction-object section (ewt: the Agent Pacing Service).",
    )
    desktop_client: DesktopClientArgs = Field(
        default_factory=DesktopClientArgs,
        description="The desktop's SAML2-bearer client (saml_auth section).",
    )
    saml: SamlArgs = Field(default_factory=SamlArgs, description="Identity provider and certificate.")
    expire_time_hours: int = Field(
        24,
        ge=1,
        le=_MAX_EXPIRE_HOURS,
        description=f"saml/expire_time: token lifetime in hours (1 to {_MAX_EXPIRE_HOURS}); also the "
        "desktop client's token lifetime.",
    )
    organization_domain_suffix: str = Field(
        "com", description="Annex option: DNS top-level domain appended to the org short name for usernames."
    )
    predictive_engagement_permissions: tuple[str, ...] = Field(
        default_factory=predictive_engagement_permissions,
        min_length=1,
        description="Permissions (labels or strings) added to the employee role; default the AI Agent "
        "role's Predictive Engagement permissions.",
    )

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        get_region(value)
        return value

    @field_validator("services")
    @classmethod
    def _section_names(cls, value: dict[str, OnPremServiceArgs]) -> dict[str, OnPremServiceArgs]:
        for section in value:
            if not _SECTION.match(section):
                raise ValueError(
                    f"services: section {section!r} must be lower-case letters, digits and _ "
                    "(starting with a letter), e.g. ewt"
                )
            if section in RESERVED_SECTIONS:
                raise ValueError(
                    f"services: section {section!r} is already used by the transaction object; "
                    f"pick another name (reserved: {', '.join(RESERVED_SECTIONS)})"
                )
        return value

    @field_validator("organization_domain_suffix")
    @classmethod
    def _top_level_domain(cls, value: str) -> str:
        if not _TOP_LEVEL_DOMAIN.match(value):
            raise ValueError(
                f"organizationDomainSuffix {value!r} is not a DNS top-level domain: use lower-case letters "
                "without dots, such as com or net"
            )
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> HybridTransactionObjectArgs:
        try:
            self.catalog.permissions(self.predictive_engagement_permissions)
        except UnknownPermissionError as exc:
            raise ValueError(f"predictiveEngagementPermissions: {exc}") from None
        region = self.connection.aws_region if self.connection is not None else None
        if isinstance(region, str) and region != self.region:
            raise ValueError(
                f"region {self.region!r} differs from the region of the tenant's connection "
                f"({region!r}); a transaction object belongs to the tenant's own org, so make "
                "them match"
            )
        return self

    @property
    def region_info(self) -> Region:
        return get_region(self.region)


def _base64_text(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


class HybridTransactionObject(GenesysComponent):
    """Everything the Multicloud CX hybrid guide creates in one org, plus the transaction object spec."""

    admin_client: genesyscloud.OauthClient
    service_clients: dict[str, genesyscloud.OauthClient]
    desktop_client: genesyscloud.OauthClient
    key_pair: SamlSigningKeyPair | None
    key_password: RandomSecret
    encrypted_key: EncryptedPrivateKey
    identity_provider: PureEngageIdentityProvider
    employee_permissions: AuthRolePermissions
    transaction_object: TransactionObjectSpec[Any]
    handoff: dict[str, Any]

    def __init__(
        self, name: str, args: HybridTransactionObjectArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        if args.connection is None:
            raise ValueError(
                "connection: HybridTransactionObject needs GenesysConnectionArgs for the tenant org "
                "(its identity provider and role permissions are dynamic resources); the tenant stack sets it"
            )
        super().__init__("HybridTransactionObject", name, opts)
        connection, facts, region = args.connection, args.catalog, args.region_info
        invoke = pulumi.InvokeOutputOptions(parent=self)
        organization = genesyscloud.get_organizations_me_output(opts=invoke)
        home_division_id = genesyscloud.get_auth_division_home_output(opts=invoke).id
        role_ids: dict[str, pulumi.Output[str]] = {}

        def role_id(role_name: str) -> pulumi.Output[str]:
            if role_name not in role_ids:
                role_ids[role_name] = genesyscloud.get_auth_role_output(name=role_name, opts=invoke).id
            return role_ids[role_name]

        def client_credentials(
            role: str, client_name: str, role_name: str, division_id: str | None, validity: int
        ) -> genesyscloud.OauthClient:
            return genesyscloud.OauthClient(
                self.child_name(role),
                name=client_name,
                authorized_grant_type=CLIENT_CREDENTIALS.api_value,
                access_token_validity_seconds=validity,
                roles=[
                    genesyscloud.OauthClientRoleArgs(
                        role_id=role_id(role_name), division_id=division_id or home_division_id
                    )
                ],
                expose_client_secret=True,
                opts=self.child_opts(),
            )

        admin_role_name = facts.built_in_role_name(ADMIN_ROLE.default_role_id)
        self.admin_client = client_credentials(
            "admin-client",
            args.admin_client_name,
            admin_role_name,
            None,
            oauth.DEFAULT_TOKEN_VALIDITY_SECONDS,
        )
        self.service_clients = {
            section: client_credentials(
                f"service-{section}",
                service.client_name,
                service.role_name or admin_role_name,
                service.division_id,
                service.access_token_validity_seconds,
            )
            for section, service in args.services.items()
        }
        desktop = args.desktop_client
        self.desktop_client = genesyscloud.OauthClient(
            self.child_name("desktop-client"),
            name=desktop.name,
            authorized_grant_type=SAML2_BEARER.api_value,
            access_token_validity_seconds=args.expire_time_hours * 3600,
            registered_redirect_uris=list(desktop.redirect_uris or (region.apps_url,)),
            scopes=list(desktop.scopes),
            expose_client_secret=True,
            opts=self.child_opts(),
        )

        saml = args.saml
        rotation = {"rotationTrigger": saml.rotation_trigger} if saml.rotation_trigger else None
        if saml.given_pair:
            self.key_pair = None
            certificate_pem = pulumi.Output.unsecret(pulumi.Output.from_input(saml.certificate_pem))
            certificate = certificate_pem.apply(certificate_body)
            private_key_pem = pulumi.Output.secret(saml.private_key_pem)
        else:
            self.key_pair = SamlSigningKeyPair(
                self.child_name("saml-key-pair"),
                common_name=saml.common_name,
                rotation_trigger=saml.rotation_trigger,
                opts=self.child_opts(),
            )
            certificate_pem = self.key_pair.certificate_pem
            certificate = self.key_pair.certificate_base64
            private_key_pem = self.key_pair.private_key_pem
        self.key_password = RandomSecret(
            self.child_name("saml-key-password"),
            length=PASSWORD_LENGTH,
            keepers=rotation,
            opts=self.child_opts(),
        )
        self.encrypted_key = EncryptedPrivateKey(
            self.child_name("saml-encrypted-key"),
            private_key_pem=private_key_pem,
            password=self.key_password.result,
            opts=self.child_opts(),
        )
        sso_target_uri = saml.sso_target_uri or region.apps_url
        self.identity_provider = PureEngageIdentityProvider(
            self.child_name("identity-provider"),
            connection=connection,
            certificate=certificate,
            issuer_uri=saml.issuer_uri,
            sso_target_uri=sso_target_uri,
            display_name=saml.identity_provider_name,
            auto_provision_users=saml.auto_provision_users,
            opts=self.child_opts(),
        )
        self.employee_permissions = AuthRolePermissions(
            self.child_name("employee-predictive-engagement"),
            connection=connection,
            permissions=facts.permissions(args.predictive_engagement_permissions),
            default_role_id=AGENT_ROLE.default_role_id,
            opts=self.child_opts(),
        )

        options: dict[str, Mapping[str, Any]] = {
            "general": {
                "organization_sname": organization.third_party_org_name,
                "organization_id": organization.id,
                "default_agent_role_name": facts.built_in_role_name(AGENT_ROLE.default_role_id),
                "default_admin_role_name": admin_role_name,
                "base_auth_url": f"{region.login_base_url}/oauth/token",
                "base_service_url": f"{region.api_base_url}/api/",
            },
            "saml": {
                "issuer": saml.issuer_uri,
                "certificate": certificate_pem.apply(_base64_text),
                "pkey": pulumi.Output.secret(self.encrypted_key.encrypted_pem_base64),
                "password": pulumi.Output.secret(self.key_password.result),
                "expire_time": str(args.expire_time_hours),
            },
            "saml_auth": _client_section(self.desktop_client),
            **{section: _client_section(client) for section, client in self.service_clients.items()},
        }
        annex = {ANNEX_SECTION: {"organization_domain_suffix": args.organization_domain_suffix}}
        self.transaction_object = TransactionObjectSpec[Any].build(args.placement, options, annex)

        self.handoff = {
            "region": region.aws_region,
            "organization": {"shortName": organization.third_party_org_name, "id": organization.id},
            "transactionObject": self.transaction_object.document(),
            "oauthClients": {
                "pureEngageClientCredentials": _client_handoff(args.admin_client_name, self.admin_client),
                "desktop": _client_handoff(desktop.name, self.desktop_client),
                "services": {
                    section: _client_handoff(args.services[section].client_name, client)
                    for section, client in self.service_clients.items()
                },
            },
            "identityProvider": {
                "name": saml.identity_provider_name,
                "issuerUri": saml.issuer_uri,
                "ssoTargetUri": sso_target_uri,
                "autoProvisionUsers": saml.auto_provision_users,
            },
            "firewallHosts": [region.login_host, region.api_host, region.apps_host],
            "checklist": _checklist(args, region),
        }
        self.finish({"handoff": self.handoff})


def _client_section(client: genesyscloud.OauthClient) -> dict[str, Any]:
    return {"client_id": client.client_id, "password": pulumi.Output.secret(client.client_secret)}


def _client_handoff(name: str, client: genesyscloud.OauthClient) -> dict[str, Any]:
    return {
        "name": name,
        "clientId": client.client_id,
        "clientSecret": pulumi.Output.secret(client.client_secret),
    }


def _checklist(args: HybridTransactionObjectArgs, region: Region) -> list[str]:
    place = args.placement
    steps = [
        "Before adding on-premises service clients, review them with the Genesys architecture / "
        "Professional Services team you work with (the guide asks for it).",
        f"Create the Configuration Server transaction object 'hybrid_integration' (type List) in tenant "
        f"'{place.tenant}', folder '{place.folder}', with Genesys Administrator Extension: "
        "`gcx transaction-object --stack <stack> --tenant <tenant> --format md` prints every step and value.",
        f"Open outbound HTTPS (TCP 443) to {region.login_host}, {region.api_host} and {region.apps_host} "
        "for the Multicloud CX components and agent desktops.",
        f"Auto-provisioned users get the '{args.catalog.built_in_role_name(AGENT_ROLE.default_role_id)}' "
        "role, which now has the Predictive Engagement "
        "permissions; grant them to other roles as needed.",
        "Optional: add more administrators by giving people the admin role.",
    ]
    steps += [f"Warning: {warning}" for warning in place.warnings()]
    return steps
