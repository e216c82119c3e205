"""HybridTransactionObject (seed 003) under Pulumi mocks: resources, wiring, handoff and validation."""

from __future__ import annotations

import base64
from typing import Any

import pulumi
import pytest
from cryptography.hazmat.primitives import serialization
from pulumi.runtime import mocks, rpc, settings
from pydantic import ValidationError

from components.base import CatalogFacts
from components.hybrid import (
    HybridTransactionObject,
    HybridTransactionObjectArgs,
    predictive_engagement_permissions,
)
from gcx.catalog.roles import built_in_role
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.dynamic.encrypted_key import encrypt_private_key
from gcx.dynamic.key_pair import generate_key_pair
from gcx.handoff.transaction_object import MULTI_TENANT_READ_ACCESS_WARNING, TransactionObjectSpec
from tests.components.recording_monitor import (
    OAUTH_CLIENT,
    EchoMocks,
    RecordingMonitor,
    run_program,
    tenant_opts,
)

DYNAMIC = "pulumi-python:dynamic/gcx:"
KEY_PAIR, PASSWORD, ENCRYPTED = (
    f"{DYNAMIC}SamlSigningKeyPair",
    f"{DYNAMIC}RandomSecret",
    f"{DYNAMIC}EncryptedPrivateKey",
)
IDP, ROLE_PERMISSIONS = f"{DYNAMIC}PureEngageIdentityProvider", f"{DYNAMIC}AuthRolePermissions"
CONNECTION = GenesysConnectionArgs(
    aws_region="eu-west-1", oauthclient_id="tenant-admin", oauthclient_secret="t0p"
)
PAIR = generate_key_pair("mock-pair", 30, 2048)  # what the mocked SamlSigningKeyPair "creates"
OTHER_PAIR = generate_key_pair("customer-pair", 30, 2048)


def _plain(value: Any) -> Any:
    """A mock input without its secret wrapper."""
    return value["value"] if isinstance(value, dict) and rpc._special_sig_key in value else value


class HybridMocks(EchoMocks):
    """Data sources answer like an org; dynamic resources answer like their providers would."""

    def __init__(self) -> None:
        self.calls: list[pulumi.runtime.MockCallArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        resource_id, outputs = super().new_resource(args)
        if args.typ == KEY_PAIR:
            outputs.update(PAIR)
        elif args.typ == PASSWORD:
            outputs["result"] = f"pw-{args.name}"
        elif args.typ == ENCRYPTED:
            # The real encryption, so a test can decrypt pkey with password.
            outputs["encrypted_pem_base64"] = encrypt_private_key(
                _plain(args.inputs["private_key_pem"]), _plain(args.inputs["password"])
            )
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        self.calls.append(args)
        token = args.token.rsplit(":", 1)[-1]
        if token == "getAuthRole":
            return {"id": f"role-{args.args['name']}", "name": args.args["name"]}
        if token == "getAuthDivisionHome":
            return {"id": "home-division", "name": "Home"}
        if token == "getOrganizationsMe":
            return {"id": "org-42", "name": "Acme Ltd", "thirdPartyOrgName": "acme"}
        raise AssertionError(f"unexpected invoke {args.token}")


@pytest.fixture
def monitor() -> RecordingMonitor:
    recording = RecordingMonitor()
    recording.mocks = HybridMocks()
    mocks.set_mocks(recording.mocks, project="gcx", stack="test", preview=False, monitor=recording)
    settings.SETTINGS.package_refs.fget().clear()
    return recording


def _args(**overrides: Any) -> HybridTransactionObjectArgs:
    data: dict[str, Any] = {
        "region": "eu-west-1",
        "services": {"ewt": {"clientName": "Agent Pacing Service"}},
        "connection": CONNECTION,
        **overrides,
    }
    return HybridTransactionObjectArgs.model_validate(data)


def _run(args: HybridTransactionObjectArgs) -> dict[str, tuple[Any, bool]]:
    def program() -> dict[str, Any]:
        component = HybridTransactionObject("mcx", args, tenant_opts("eu-west-1"))
        return component.handoff

    return run_program(program)


def _section(leaves: dict[str, tuple[Any, bool]], prefix: str) -> dict[str, Any]:
    return {
        path.removeprefix(prefix): value for path, (value, _) in leaves.items() if path.startswith(prefix)
    }


def test_children_are_named_parented_and_use_the_tenant_provider(monitor: RecordingMonitor):
    _run(_args())

    assert monitor.named("mcx").type == "genesys:integrations:HybridTransactionObject"
    children = {c.name: c.type for c in monitor.children_of("mcx")}
    assert children == {
        "mcx-admin-client": OAUTH_CLIENT,
        "mcx-service-ewt": OAUTH_CLIENT,
        "mcx-desktop-client": OAUTH_CLIENT,
        "mcx-saml-key-pair": KEY_PAIR,
        "mcx-saml-key-password": PASSWORD,
        "mcx-saml-encrypted-key": ENCRYPTED,
        "mcx-identity-provider": IDP,
        "mcx-employee-predictive-engagement": ROLE_PERMISSIONS,
    }
    tenant = monitor.named("tenant")
    for child in monitor.children_of("mcx"):
        if child.type == OAUTH_CLIENT:
            assert child.provider.startswith(tenant.urn + "::"), child.name
    for name in ("mcx-identity-provider", "mcx-employee-predictive-engagement"):
        connection = monitor.named(name)
        assert connection.inputs["connection"]["aws_region"] == "eu-west-1"
        assert "connection" in connection.secret_inputs  # it carries the client secret
    # Every data source went through the tenant's provider.
    calls = monitor.mocks.calls
    assert {c.token.rsplit(":", 1)[-1] for c in calls} == {
        "getAuthRole",
        "getAuthDivisionHome",
        "getOrganizationsMe",
    }
    assert all(c.provider.startswith(tenant.urn + "::") for c in calls)


def test_oauth_clients_follow_the_guide(monitor: RecordingMonitor):
    _run(_args())

    admin = monitor.named("mcx-admin-client").inputs
    assert admin["name"] == "PureEngage Client Credentials"
    assert admin["authorizedGrantType"] == "CLIENT-CREDENTIALS"
    assert admin["roles"] == [{"roleId": "role-admin", "divisionId": "home-division"}]
    assert admin["exposeClientSecret"] is True

    ewt = monitor.named("mcx-service-ewt").inputs
    assert ewt["name"] == "Agent Pacing Service"
    assert ewt["roles"] == [{"roleId": "role-admin", "divisionId": "home-division"}]

    desktop = monitor.named("mcx-desktop-client").inputs
    assert desktop["name"] == "Workspace Desktop Edition"
    assert desktop["authorizedGrantType"] == "SAML2-BEARER"
    assert desktop["registeredRedirectUris"] == ["https://apps.mypurecloud.ie"]
    assert desktop["scopes"] == ["journey"]
    assert desktop["accessTokenValiditySeconds"] == 24 * 3600
    assert "roles" not in desktop
    role_lookups = [c.args["name"] for c in monitor.mocks.calls if c.token.endswith("getAuthRole")]
    assert role_lookups == [built_in_role("admin").name]  # looked up once, shared by both clients


def test_service_role_division_and_desktop_settings_are_configurable(monitor: RecordingMonitor):
    services = {
        "ewt": {"clientName": "Agent Pacing Service", "roleName": "Pacing", "divisionId": "*"},
        "gpe": {"clientName": "Engagement Service", "accessTokenValiditySeconds": 3600},
    }
    desktop = {"name": "WDE", "redirectUris": ["https://wde.example.com/cb"], "scopes": ["journey", "users"]}
    _run(_args(services=services, desktopClient=desktop, expireTimeHours=8))

    assert monitor.named("mcx-service-ewt").inputs["roles"] == [{"roleId": "role-Pacing", "divisionId": "*"}]
    gpe = monitor.named("mcx-service-gpe").inputs
    assert gpe["roles"] == [{"roleId": "role-admin", "divisionId": "home-division"}]
    assert gpe["accessTokenValiditySeconds"] == 3600
    wde = monitor.named("mcx-desktop-client").inputs
    assert (wde["name"], wde["registeredRedirectUris"], wde["scopes"]) == (
        "WDE",
        ["https://wde.example.com/cb"],
        ["journey", "users"],
    )
    assert wde["accessTokenValiditySeconds"] == 8 * 3600


def test_identity_provider_and_employee_permissions(monitor: RecordingMonitor):
    _run(_args())

    idp = monitor.named("mcx-identity-provider").inputs
    assert idp["certificate"] == PAIR["certificate_base64"]
    assert idp["issuer_uri"] == "https://www.genesys.com/pureengage"
    assert idp["sso_target_uri"] == "https://apps.mypurecloud.ie"
    assert idp["auto_provision_users"] is True
    assert idp["display_name"] == "Genesys Multicloud CX"

    grant = monitor.named("mcx-employee-predictive-engagement").inputs
    assert grant["default_role_id"] == "employee"
    assert grant["permissions"] == list(predictive_engagement_permissions())
    assert grant["permissions"] and all(p.startswith("journey:") for p in grant["permissions"])
    assert not set(grant["permissions"]) & set(built_in_role("employee").permissions)

    key_pair = monitor.named("mcx-saml-key-pair").inputs
    assert key_pair["common_name"] == "genesys-multicloud-cx"
    encrypted = monitor.named("mcx-saml-encrypted-key")
    assert encrypted.inputs["private_key_pem"] == PAIR["private_key_pem"]
    assert encrypted.inputs["password"] == "pw-mcx-saml-key-password"
    assert {"private_key_pem", "password"} <= encrypted.secret_inputs
    assert monitor.named("mcx-saml-key-password").inputs["length"] == 32


def test_transaction_object_spec_is_wired_and_only_secrets_are_secret(monitor: RecordingMonitor):
    leaves = _run(_args(organizationDomainSuffix="net"))

    prefix = "transactionObject."
    spec = TransactionObjectSpec[str].model_validate(_nest(_section(leaves, prefix)))
    assert (spec.object, spec.type, spec.name, spec.alias) == (
        "CfgTransaction",
        "CFGTRTList",
        "hybrid_integration",
        "hybrid_integration",
    )
    assert (spec.placement.tenant, spec.placement.folder) == ("Environment", "Transactions")
    assert spec.options["general"] == {
        "organization_sname": "acme",
        "organization_id": "org-42",
        "default_agent_role_name": "employee",
        "default_admin_role_name": "admin",
        "base_auth_url": "https://login.mypurecloud.ie/oauth/token",
        "base_service_url": "https://api.mypurecloud.ie/api/",
    }
    saml = spec.options["saml"]
    assert saml["issuer"] == monitor.named("mcx-identity-provider").inputs["issuer_uri"]
    assert base64.b64decode(saml["certificate"]).decode() == PAIR["certificate_pem"]
    assert saml["expire_time"] == "24"
    assert saml["password"] == "pw-mcx-saml-key-password"
    decrypted = serialization.load_pem_private_key(base64.b64decode(saml["pkey"]), saml["password"].encode())
    original = serialization.load_pem_private_key(PAIR["private_key_pem"].encode(), None)
    assert decrypted.private_numbers() == original.private_numbers()
    assert spec.options["saml_auth"] == {
        "client_id": "mcx-desktop-client-client-id",
        "password": "mcx-desktop-client-secret",
    }
    assert spec.options["ewt"] == {
        "client_id": "mcx-service-ewt-client-id",
        "password": "mcx-service-ewt-secret",
    }
    assert list(spec.options) == ["general", "saml", "saml_auth", "ewt"]
    assert spec.annex == {"general": {"organization_domain_suffix": "net"}}
    assert spec.warnings == ()

    secret_paths = {path for path, (_, secret) in leaves.items() if secret}
    assert secret_paths == {
        "transactionObject.options.saml.pkey",
        "transactionObject.options.saml.password",
        "transactionObject.options.saml_auth.password",
        "transactionObject.options.ewt.password",
        "oauthClients.pureEngageClientCredentials.clientSecret",
        "oauthClients.desktop.clientSecret",
        "oauthClients.services.ewt.clientSecret",
    }


def test_handoff_lists_clients_idp_hosts_and_checklist(monitor: RecordingMonitor):
    leaves = _run(_args())

    assert leaves["region"] == ("eu-west-1", False)
    assert leaves["organization.shortName"] == ("acme", False)
    assert _section(leaves, "oauthClients.pureEngageClientCredentials.") == {
        "name": "PureEngage Client Credentials",
        "clientId": "mcx-admin-client-client-id",
        "clientSecret": "mcx-admin-client-secret",
    }
    assert _section(leaves, "oauthClients.services.ewt.")["name"] == "Agent Pacing Service"
    assert _section(leaves, "identityProvider.")["issuerUri"] == "https://www.genesys.com/pureengage"
    assert [v for p, (v, _) in leaves.items() if p.startswith("firewallHosts")] == [
        "login.mypurecloud.ie",
        "api.mypurecloud.ie",
        "apps.mypurecloud.ie",
    ]
    checklist = [v for p, (v, _) in leaves.items() if p.startswith("checklist")]
    assert any("gcx transaction-object" in step for step in checklist)
    assert not any(MULTI_TENANT_READ_ACCESS_WARNING in step for step in checklist)


def test_given_certificate_and_key_replace_the_generated_pair(monitor: RecordingMonitor):
    saml = {
        "certificatePem": pulumi.Output.secret(OTHER_PAIR["certificate_pem"]),
        "privateKeyPem": pulumi.Output.secret(OTHER_PAIR["private_key_pem"]),
        "issuerUri": "https://idp.example.com/mcx",
        "ssoTargetUri": "https://apps.mypurecloud.ie/sso",
    }
    leaves = _run(_args(saml=saml))

    assert not monitor.of_type(KEY_PAIR)
    idp = monitor.named("mcx-identity-provider").inputs
    assert idp["certificate"] == OTHER_PAIR["certificate_base64"]
    assert (idp["issuer_uri"], idp["sso_target_uri"]) == (
        "https://idp.example.com/mcx",
        "https://apps.mypurecloud.ie/sso",
    )
    encrypted = monitor.named("mcx-saml-encrypted-key")
    assert encrypted.inputs["private_key_pem"] == OTHER_PAIR["private_key_pem"]
    assert "private_key_pem" in encrypted.secret_inputs
    certificate, secret = leaves["transactionObject.options.saml.certificate"]
    assert base64.b64decode(certificate).decode() == OTHER_PAIR["certificate_pem"]
    assert not secret  # a certificate is public even when it came in through secret config
    assert leaves["transactionObject.options.saml.issuer"] == ("https://idp.example.com/mcx", False)


def test_multi_tenant_placement_carries_the_read_access_warning(monitor: RecordingMonitor):
    leaves = _run(_args(placement={"deployment": "multi-tenant", "tenant": "Acme", "folder": "Hybrid"}))

    assert _section(leaves, "transactionObject.placement.") == {
        "deployment": "multi-tenant",
        "tenant": "Acme",
        "folder": "Hybrid",
    }
    assert leaves["transactionObject.warnings[0]"] == (MULTI_TENANT_READ_ACCESS_WARNING, False)
    checklist = [v for p, (v, _) in leaves.items() if p.startswith("checklist")]
    assert any(MULTI_TENANT_READ_ACCESS_WARNING in step for step in checklist)


def test_rotation_trigger_reaches_the_key_pair_and_the_password(monitor: RecordingMonitor):
    _run(_args(saml={"rotationTrigger": "2025-q3"}))

    assert monitor.named("mcx-saml-key-pair").inputs["rotation_trigger"] == "2025-q3"
    assert monitor.named("mcx-saml-key-password").inputs["keepers"] == {"rotationTrigger": "2025-q3"}


def test_permission_overrides_apply_to_the_employee_grant(monitor: RecordingMonitor):
    facts = CatalogFacts(permission_overrides={"journey:session:view": "journey:sessions:view"})
    _run(
        _args(
            catalog=facts, predictiveEngagementPermissions=["Journey > Session > View", "journey:event:view"]
        )
    )

    grant = monitor.named("mcx-employee-predictive-engagement").inputs
    assert grant["permissions"] == ["journey:sessions:view", "journey:event:view"]


def test_a_missing_connection_fails_before_any_resource(monitor: RecordingMonitor):
    args = _args(connection=None)
    with pytest.raises(ValueError, match="connection: HybridTransactionObject needs GenesysConnectionArgs"):
        HybridTransactionObject("mcx", args)
    assert monitor.registrations == []


# --- Args validation: each rule fails with the field and the fix, and its valid twin passes ---

BAD_ARGS = [
    ({"region": "eu-west-9"}, "unknown Genesys Cloud region 'eu-west-9'"),
    ({"services": {"EWT": {"clientName": "x"}}}, "section 'EWT' must be lower-case"),
    ({"services": {"saml": {"clientName": "x"}}}, "section 'saml' is already used"),
    ({"services": {"ewt": {}}}, "services.ewt.clientName"),
    (
        {"services": {"ewt": {"clientName": "x", "accessTokenValiditySeconds": 60}}},
        "accessTokenValiditySeconds",
    ),
    ({"organizationDomainSuffix": "co.uk"}, "organizationDomainSuffix 'co.uk' is not a DNS top-level domain"),
    ({"organizationDomainSuffix": "COM"}, "organizationDomainSuffix 'COM'"),
    ({"organizationDomainSuffix": "c"}, "organizationDomainSuffix 'c'"),
    ({"expireTimeHours": 0}, "expireTimeHours"),
    ({"expireTimeHours": 49}, "expireTimeHours"),
    ({"desktopClient": {"scopes": ["journey", "teleport"]}}, "unknown scope(s) teleport"),
    ({"desktopClient": {"scopes": []}}, "desktopClient.scopes"),
    (
        {"desktopClient": {"redirectUris": ["http://apps.example.com"]}},
        "desktopClient.redirectUris must be an https",
    ),
    ({"saml": {"ssoTargetUri": "apps.mypurecloud.ie"}}, "saml.ssoTargetUri must be an https"),
    ({"saml": {"issuerUri": "pureengage"}}, "saml.issuerUri must be an absolute URI"),
    (
        {"saml": {"certificatePem": PAIR["certificate_pem"]}},
        "saml.certificatePem and saml.privateKeyPem go together",
    ),
    (
        {"saml": {"certificatePem": PAIR["certificate_pem"], "privateKeyPem": OTHER_PAIR["private_key_pem"]}},
        "saml.privateKeyPem is not the key of saml.certificatePem",
    ),
    ({"predictiveEngagementPermissions": ["Journey > Teleport > View"]}, "predictiveEngagementPermissions"),
    ({"placement": {"deployment": "multi-tenant"}}, "placement.tenant: a multi-tenant deployment"),
    ({"placement": {"deployment": "dual"}}, "placement.deployment"),
    (
        {"connection": GenesysConnectionArgs(aws_region="us-east-1")},
        "differs from the region of the tenant's connection ('us-east-1')",
    ),
    ({"adminClientNme": "typo"}, "adminClientNme"),
]


def _error_text(exc: ValidationError) -> str:
    """Each error's camelCase location and message, as a stack's YAML error would show them."""
    return "\n".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors())


@pytest.mark.parametrize(("overrides", "expected"), BAD_ARGS, ids=[e for _, e in BAD_ARGS])
def test_bad_args_are_refused_with_the_field_and_the_fix(overrides: dict[str, Any], expected: str):
    with pytest.raises(ValidationError) as caught:
        _args(**overrides)
    text = _error_text(caught.value)
    assert expected in text
    # The private key never shows up in an error, whatever failed.
    assert OTHER_PAIR["private_key_pem"].splitlines()[1] not in str(caught.value)


GOOD_ARGS = [
    {"organizationDomainSuffix": "net"},
    {"organizationDomainSuffix": "xn--p1ai"},
    {"expireTimeHours": 48},
    {"expireTimeHours": 1},
    {"services": {"agent_pacing2": {"clientName": "x", "accessTokenValiditySeconds": 300}}},
    {
        "desktopClient": {
            "scopes": ["journey:readonly", "user-basic-info"],
            "redirectUris": ["https://x.example"],
        }
    },
    {
        "saml": {
            "certificatePem": OTHER_PAIR["certificate_pem"],
            "privateKeyPem": OTHER_PAIR["private_key_pem"],
        }
    },
    {"saml": {"issuerUri": "urn:example:pureengage", "ssoTargetUri": "https://apps.mypurecloud.ie/"}},
    {"predictiveEngagementPermissions": ["Predictive Engagement > Session > View"]},
    {"placement": {"deployment": "multi-tenant", "tenant": "Acme"}},
    {"placement": {"tenant": "Resources"}},
    {"connection": GenesysConnectionArgs(aws_region="eu-west-1", oauthclient_id="i", oauthclient_secret="s")},
    {"adminClientName": "PureEngage CC"},
]


@pytest.mark.parametrize("overrides", GOOD_ARGS, ids=[str(sorted(g)) for g in GOOD_ARGS])
def test_valid_twins_are_accepted(overrides: dict[str, Any]):
    assert _args(**overrides).region == "eu-west-1"


def test_the_outer_args_hide_secret_input_in_errors():
    bad = {"certificatePem": "not a certificate", "privateKeyPem": OTHER_PAIR["private_key_pem"]}
    with pytest.raises(ValidationError) as caught:
        _args(saml=bad)
    assert "saml.certificatePem is not a PEM X.509 certificate" in str(caught.value)
    assert "PRIVATE KEY" not in str(caught.value)


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """Rebuild a nested document from ``a.b[0]`` leaf paths (lists only hold scalars here)."""
    document: dict[str, Any] = {}
    for path, value in flat.items():
        keys = path.split(".")
        node = document
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        last = keys[-1]
        if last.endswith("]"):
            name = last[: last.index("[")]
            node.setdefault(name, []).append(value)
        else:
            node[last] = value
    return document



def test_role_name_overrides_reach_the_role_lookups_and_the_transaction_object(monitor: RecordingMonitor):
    """An org whose built-in roles are named differently (e.g. "Master Admin") still works."""
    catalog = CatalogFacts(role_name_overrides={"admin": "Master Admin", "employee": "Agent"})
    leaves = _run(_args(catalog=catalog))

    role_lookups = [c.args["name"] for c in monitor.mocks.calls if c.token.endswith("getAuthRole")]
    assert role_lookups == ["Master Admin"]
    assert monitor.named("mcx-service-ewt").inputs["roles"] == [
        {"roleId": "role-Master Admin", "divisionId": "home-division"}
    ]
    general = _section(leaves, "transactionObject.options.general.")
    assert general["default_admin_role_name"] == "Master Admin"
    assert general["default_agent_role_name"] == "Agent"
