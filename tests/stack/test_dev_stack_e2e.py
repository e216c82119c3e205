"""The dev stack end to end: `gcx demo` on a copy of the project, then each org read back with the
official SDK (`PureCloudPlatformClientV2` through `set_gateway`), guide by guide.

The stack is deployed once for the module (tests run in order, in one xdist group): the dev orgs
are created by the stack's own emulator environment and snapshotted before the stack exists;
`gcx demo` deploys, and a second `gcx demo` changes nothing. Then every resource is checked to
sit under its own tenant's provider, each guide's objects are read back, a second `up` reports no
changes and writes nothing, a one-field config change yields exactly that diff, and `destroy`
returns both orgs to their snapshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest
from click.testing import Result

from components.base import CatalogFacts
from components.hybrid import predictive_engagement_permissions
from components.uc_model import SCIM_PERMISSIONS
from gcx.devstack import DevTenant, emulator_environment
from gcx.engine.api import Stack
from gcx.engine.steps import Op
from gcx.engine.wire import SECRET_SIG, SIG_KEY
from tests.stack.conftest import STACK, DevProject, org_snapshot, sdk_client
from tests.support.emulator import api_requests

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("stack_e2e")]

TENANTS = ("acme-eu", "globex-us")
ORG_TYPES = ("genesyscloud:", "pulumi-python:dynamic/")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Deployed:
    project: DevProject
    tenants: dict[str, DevTenant]
    baseline: dict[str, dict[str, Any]]  # tenant -> its org right after the org was created
    first: Result  # the first `gcx demo`
    second: Result  # the second one, with --show-secrets


@dataclass
class Orgs:
    env: dict[str, str]
    api: dict[str, sdk.ApiClient]

    @property
    def url(self) -> str:
        return f"http://{self.env['GENESYSCLOUD_GATEWAY_HOST']}:{self.env['GENESYSCLOUD_GATEWAY_PORT']}"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Deployed:
    project = DevProject(tmp_path_factory.mktemp("dev-stack"))
    tenants = project.tenants()
    with emulator_environment(project.workspace, STACK) as env:
        baseline = {name: org_snapshot(sdk_client(env, tenant)) for name, tenant in tenants.items()}
    first = project.gcx("demo", "--stack", STACK)
    second = project.gcx("demo", "--stack", STACK, "--show-secrets")
    return Deployed(project, tenants, baseline, first, second)


@pytest.fixture(scope="module")
def orgs(deployed: Deployed) -> Iterator[Orgs]:
    """The dev stack's emulator running again on its database, with an SDK client per org."""
    with emulator_environment(deployed.project.workspace, STACK) as env:
        yield Orgs(env, {name: sdk_client(env, t) for name, t in deployed.tenants.items()})


@pytest.fixture(scope="module")
def outputs(deployed: Deployed) -> dict[str, Any]:
    return deployed.project.workspace.outputs(STACK, show_secrets=True)["tenants"]


def _stack(deployed: Deployed, orgs: Orgs) -> Stack:
    return Stack(deployed.project.workspace, STACK, program_env=orgs.env)


def _by_name(entities: Any) -> dict[str, Any]:
    return {e.name: e for e in entities or []}


def _held(role: Any) -> set[str]:
    return {f"{p.domain}:{p.entity_name}:{a}" for p in role.permission_policies or [] for a in p.action_set}


def _roles(api: sdk.ApiClient) -> dict[str, Any]:
    return _by_name(sdk.AuthorizationApi(api).get_authorization_roles(page_size=100).entities)


def _clients(api: sdk.ApiClient) -> dict[str, Any]:
    return {c.name: c for c in sdk.OAuthApi(api).get_oauth_clients().entities if c.state != "deleted"}


def _integrations(api: sdk.ApiClient) -> dict[str, Any]:
    return _by_name(sdk.IntegrationsApi(api).get_integrations(page_size=100).entities)


def _secret_strings(value: Any) -> list[str]:
    """Every string under a secret in decrypted state (the wire form keeps the secret marker)."""
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            inner = value.get("value")
            return [inner] if isinstance(inner, str) else _secret_strings(inner)
        return [s for v in value.values() for s in _secret_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _secret_strings(v)]
    return []


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_deploys_the_dev_stack_and_prints_the_handoffs_with_secrets_hidden(deployed):
    output = deployed.first.output
    assert deployed.first.exit_code == 0, output
    assert "Created stack 'dev'." in output
    assert "Emulator org 'acmeeu' (eu-west-1) for tenant acme-eu: already there" in output
    assert "Emulator org 'globexus' (us-east-1) for tenant globex-us: already there" in output
    assert "    + 70 created" in output
    assert "Tenant acme-eu\n  eightByEight:" in output and "\nTenant globex-us\n" in output
    assert "      clientSecret: [secret]" in output
    assert f"Emulator data: {deployed.project.dir / '.gcx' / 'emulator.db'}" in output
    state = deployed.project.workspace.load_snapshot(STACK)
    assert state is not None
    stored = [(r.inputs, r.outputs) for r in state.resources]
    secrets = set(_secret_strings(stored)) | {t.client_secret for t in deployed.tenants.values()}
    assert len(secrets) >= 20  # OAuth client secrets, the SAML key and its password, webhook passwords...
    assert not [s for s in secrets if len(s) >= 8 and s in output]
    assert not [s for s in secrets if len(s) >= 8 and s in deployed.project.state_text()]


def test_a_second_demo_changes_nothing_and_can_show_the_secrets(deployed, outputs):
    output = deployed.second.output
    assert deployed.second.exit_code == 0, output
    assert "    70 unchanged" in output
    assert " created" not in output and " updated" not in output and "Created stack" not in output
    presence = outputs["acme-eu"]["eightByEight"]["presenceOAuthClient"]["clientSecret"]
    assert f"      clientSecret: {presence}\n" in output and "[secret]" not in output


def test_every_resource_reaches_its_own_org(deployed):
    snapshot = deployed.project.workspace.load_snapshot(STACK)
    assert snapshot is not None
    providers = {r.urn: r for r in snapshot.resources if r.type == "pulumi:providers:genesyscloud"}
    by_tenant = {urn.rsplit("::", 1)[1].removesuffix("-provider"): r for urn, r in providers.items()}
    assert {t: (r.inputs["awsRegion"], r.inputs["oauthclientId"]) for t, r in by_tenant.items()} == {
        "acme-eu": ("eu-west-1", "acme-eu-deployer"),
        "globex-us": ("us-east-1", "globex-us-deployer"),
    }
    org_resources = [r for r in snapshot.resources if r.custom and r.type.startswith(ORG_TYPES)]
    assert len(org_resources) > 50
    dynamic = 0
    for resource in org_resources:
        tenant = next(t for t in TENANTS if resource.urn.rsplit("::", 1)[1].startswith(f"{t}-"))
        if resource.type.startswith("genesyscloud:"):
            assert resource.provider.startswith(f"{by_tenant[tenant].urn}::"), resource.urn
        elif "connection" in resource.inputs:
            connection = resource.inputs["connection"]
            connection = connection.get("value", connection) if connection.get(SIG_KEY) else connection
            assert (connection["aws_region"], connection["oauthclient_id"]) == (
                by_tenant[tenant].inputs["awsRegion"],
                by_tenant[tenant].inputs["oauthclientId"],
            ), resource.urn
            dynamic += 1
    assert dynamic == 4  # the PureEngage IdP, the employee role permissions, two SMS numbers


# --- the guides, read back with the official SDK -------------------------------------------------


def test_the_uc_integrations_seed_000(orgs, outputs):
    for tenant, vendor, display, validity in (
        ("acme-eu", "eight-by-eight", "8\u00d78", 43200),
        ("globex-us", "microsoft-teams", "Microsoft Teams", 86400),
    ):
        api = orgs.api[tenant]
        integration = _integrations(api)[display]
        assert (integration.integration_type.id, integration.intended_state) == (vendor, "ENABLED")
        roles = _roles(api)
        view = "eightByEight" if vendor == "eight-by-eight" else "microsoftTeams"
        assert _held(roles[f"{display} User"]) == {
            f"integration:{view}:view",
            "integration:unifiedCommunications:view",
        }
        assert _held(roles[f"{display} Presence Sync"]) == {"integration:presence:*", "presence:*:*"}
        client = _clients(api)[f"{display} Presence Sync"]
        assert (client.authorized_grant_type, client.access_token_validity_seconds) == (
            "CLIENT-CREDENTIALS",
            validity,
        )
        assert [rd.role_id for rd in client.role_divisions] == [roles[f"{display} Presence Sync"].id]
        key = "eightByEight" if tenant == "acme-eu" else "unifiedCommunications"
        handoff = outputs[tenant][key]
        assert handoff["presenceOAuthClient"]["clientId"] == client.id
        assert handoff["scimMapping"]["genesysCloudField"].endswith("phone_other.[0].value.number")


def test_the_uc_business_model_seed_004(orgs, outputs):
    api = orgs.api["acme-eu"]
    role = _roles(api)["SCIM Provisioning"]
    assert _held(role) == set(CatalogFacts().permissions(SCIM_PERMISSIONS))
    clients = _clients(api)
    for segment in ("agents", "back-office", "sales"):
        client = clients[f"SCIM {segment}"]
        assert client.authorized_grant_type == "CLIENT-CREDENTIALS"
        assert [(rd.role_id, rd.division_id) for rd in client.role_divisions] == [(role.id, "*")]
    plans = {plan["segment"]: plan for plan in outputs["acme-eu"]["ucModel"]["segments"]}
    assert plans["back-office"]["primaryPhone"] == 'phoneNumbers[type eq "eightbyeight"].value'
    assert plans["sales"]["needsGenesysCloudExtension"] is True
    assert plans["agents"]["oauthClient"]["clientId"] == clients["SCIM agents"].id
    assert "ucModel" not in outputs["globex-us"]


def test_emite_seed_002(orgs, outputs):
    for tenant, short, code in (("acme-eu", "acmeeu", "eu"), ("globex-us", "globexus", "useast")):
        api = orgs.api[tenant]
        url = f"https://{code}-cloud.emite.com/emite/{short}/Auth/OAuthPureCloud?org={short}"
        groups = _by_name(sdk.GroupsApi(api).get_groups(page_size=100).entities)
        for name in ("emite_Access", "emite_DashboardViewer", "emite_DashboardCreator"):
            assert (groups[name].type, groups[name].visibility) == ("official", "public")
        app = _integrations(api)["eMite Advanced Analytics"]
        assert (app.integration_type.id, app.intended_state) == ("embedded-client-app", "ENABLED")
        properties = sdk.IntegrationsApi(api).get_integration_config_current(app.id).properties
        assert (properties["url"], properties["displayType"], properties["groups"]) == (
            url,
            "standalone",
            [groups["emite_Access"].id],
        )
        clients = _clients(api)
        sso = clients["emite_SSO"]
        assert (sso.authorized_grant_type, sso.registered_redirect_uri) == ("CODE", [url])
        assert (sso.access_token_validity_seconds, len(sso.scope)) == (86400, 6)
        roles = _roles(api)
        assert len(_held(roles["eMite Data Integration"])) == 41
        data = {"emite_APIdata", "emite_RealtimeData"}
        wfm = {"emite_WFMLookback", "emite_WFMActivity"}
        assert data | (wfm if tenant == "acme-eu" else set()) == {n for n in clients if n in data | wfm}
        for name in data:
            assert [(rd.role_id, rd.division_id) for rd in clients[name].role_divisions] == [
                (roles["eMite Data Integration"].id, "*")
            ]
        form = outputs[tenant]["emite"]
        assert (form["organizationShortName"], form["regionCode"], form["redirectUrl"]) == (short, code, url)
    assert _held(_roles(orgs.api["acme-eu"])["eMite_Home"]) == {"integration:emiteApps:view"}


def test_multicloud_cx_hybrid_seed_003(orgs, outputs):
    api = orgs.api["acme-eu"]
    me = sdk.OrganizationApi(api).get_organizations_me()
    home = sdk.AuthorizationApi(api).get_authorization_divisions_home()
    roles, clients = _roles(api), _clients(api)
    admin = clients["PureEngage Client Credentials"]
    assert admin.authorized_grant_type == "CLIENT-CREDENTIALS"
    assert [(rd.role_id, rd.division_id) for rd in admin.role_divisions] == [(roles["admin"].id, home.id)]
    assert clients["Agent Pacing Service"].authorized_grant_type == "CLIENT-CREDENTIALS"
    desktop = clients["Workspace Desktop Edition"]
    assert (desktop.authorized_grant_type, desktop.registered_redirect_uri) == (
        "SAML2-BEARER",
        ["https://apps.mypurecloud.ie"],
    )
    assert desktop.access_token_validity_seconds == 12 * 3600
    idp = sdk.IdentityProviderApi(api).get_identityproviders_pureengage()
    assert (idp.auto_provision_users, idp.sso_target_uri) == (True, "https://apps.mypurecloud.ie")
    assert set(predictive_engagement_permissions()) <= _held(roles["employee"])
    document = outputs["acme-eu"]["hybrid"]["transactionObject"]
    general = document["options"]["general"]
    assert (general["organization_sname"], general["organization_id"]) == ("acmeeu", me.id)
    assert document["options"]["ewt"]["client_id"] == clients["Agent Pacing Service"].id
    assert document["options"]["saml"]["expire_time"] == "12"
    assert "hybrid" not in outputs["globex-us"]


def test_pureconnect_seed_001(orgs, outputs):
    api = orgs.api["globex-us"]
    users_api, routing = sdk.UsersApi(api), sdk.RoutingApi(api)
    users = {u.email: u for u in users_api.get_users(page_size=100).entities}
    assert set(users) == {
        "maria.garcia@globex.example",
        "tuan.nguyen@globex.example",
        "kate.obrien@globex.example",
    }  # PureCloudAdmin has no business email: skipped
    maria = users["maria.garcia@globex.example"]
    assert (maria.name, users["tuan.nguyen@globex.example"].name) == ("Maria Garcia", "tnguyen")
    phones = {a.type: a.address for a in maria.addresses or [] if a.media_type == "PHONE"}
    assert phones == {
        "WORK": "+13175550140",
        "WORK2": "+13175550141",
        "MOBILE": "+13175550142",
        "HOME": "+13175550143",
        "OTHER": "+13175550144",  # Fax -> Other Phone
    }
    assert set(_by_name(routing.get_routing_skills(page_size=100).entities)) == {"Claims", "Policy Changes"}
    assert set(_by_name(routing.get_routing_languages(page_size=100).entities)) == {"Spanish"}
    tuan = users["tuan.nguyen@globex.example"].id
    # Inherited from Claims Support (Claims 40, Spanish 90) on top of his own Spanish 35.
    assert {s.name: s.proficiency for s in users_api.get_user_routingskills(tuan).entities} == {"Claims": 2}
    assert {s.name: s.proficiency for s in users_api.get_user_routinglanguages(tuan).entities} == {
        "Spanish": 5
    }
    queues = _by_name(routing.get_routing_queues(page_size=100).entities)
    members = {
        name: {m.user.id for m in routing.get_routing_queue_members(queue.id).entities}
        for name, queue in queues.items()
    }
    assert members == {
        "Claims Support": {maria.id, tuan},
        "Renewals": {users["kate.obrien@globex.example"].id},
    }
    codes = {c.name for c in routing.get_routing_queue_wrapupcodes(queues["Renewals"].id).entities}
    assert codes == {"Renewed", "Callback Scheduled"}
    clients = _clients(api)
    assert clients["GenesysCloudMessaging"].access_token_validity_seconds == 86400
    assert clients["PureConnect Browser Client Applications"].authorized_grant_type == "TOKEN"
    handoff = outputs["globex-us"]["pureConnect"]
    numbers = {n.phone_number: n for n in routing.get_routing_sms_phonenumbers(page_size=100).entities}
    assert [n["number"] in numbers for n in handoff["smsNumbers"]] == [True, True]
    assert [n["number"][:5] for n in handoff["smsNumbers"]] == ["+1317", "+1888"]
    assert {n["provisioningState"] for n in handoff["smsNumbers"]} == {"Completed"}
    credential = sdk.IntegrationsApi(api).get_integrations_credential(
        handoff["smsNumbers"][0]["webhookCredentialId"]
    )
    assert credential.type.name == "basicAuth"
    idp = sdk.IdentityProviderApi(api).get_identityproviders_generic()
    assert (idp.issuer_uri, idp.sso_target_uri) == (
        "https://sso.globex.example",
        "https://sso.globex.example/PureConnect/ICNotifierIDP/login?loginType=saml",
    )
    assert handoff["organizationShortName"] == "globexus"


def test_handoffs_keep_only_secret_leaves_secret_and_feed_the_gcx_renderers(deployed, outputs):
    masked = deployed.project.workspace.outputs(STACK)["tenants"]
    presence = masked["acme-eu"]["eightByEight"]["presenceOAuthClient"]
    assert (
        presence["clientSecret"] == "[secret]"
        and presence["clientId"] == (outputs["acme-eu"]["eightByEight"]["presenceOAuthClient"]["clientId"])
    )
    saml = masked["acme-eu"]["hybrid"]["transactionObject"]["options"]["saml"]
    assert (saml["pkey"], saml["password"], saml["issuer"]) == (
        "[secret]",
        "[secret]",
        "https://www.genesys.com/pureengage",
    )
    assert masked["globex-us"]["pureConnect"]["sso"]["proxy"]["host"] == "sso.globex.example"
    transaction = deployed.project.gcx(
        "transaction-object", "--stack", STACK, "--tenant", "acme-eu", "-f", "cfg"
    )
    assert transaction.exit_code == 0, transaction.output
    assert "organization_sname=acmeeu" in transaction.output and "password=[secret]" in transaction.output
    nginx = deployed.project.gcx("pureconnect", "nginx", "--stack", STACK, "--tenant", "globex-us")
    assert nginx.exit_code == 0, nginx.output
    assert "server cic1.globex.example:8043;" in nginx.output


# --- change and destroy ---------------------------------------------------------------------------


def test_a_second_up_reports_no_changes_and_writes_nothing(deployed, orgs):
    httpx.delete(f"{orgs.url}/_emulator/stats", timeout=10)
    result = _stack(deployed, orgs).up()
    assert not result.has_changes
    assert result.change_summary == {Op.SAME: 70}
    writes = {k: n for k, n in api_requests(orgs.url).items() if k[0] in WRITES and k[1] != "/oauth/token"}
    assert writes == {}


def test_a_one_field_change_yields_exactly_that_diff(deployed, orgs):
    deployed.project.set(
        "genesys-integrations:tenants.acme-eu.eightByEight.presenceTokenValiditySeconds", "7200"
    )
    stack = _stack(deployed, orgs)
    preview = stack.preview()
    changed = [s for s in preview.steps if s.op != Op.SAME and not s.hidden]
    assert [(s.urn.rsplit("::", 1)[1], s.op) for s in changed] == [
        ("acme-eu-eight-by-eight-presence-client", Op.UPDATE)
    ]
    assert changed[0].diff_reasons == ["accessTokenValiditySeconds"]
    assert preview.change_summary == {Op.SAME: 69, Op.UPDATE: 1}
    up = stack.up()
    assert up.change_summary == {Op.SAME: 69, Op.UPDATE: 1}
    client = _clients(orgs.api["acme-eu"])["8\u00d78 Presence Sync"]
    assert client.access_token_validity_seconds == 7200


def test_destroy_returns_each_org_to_its_baseline(deployed, orgs):
    before = {tenant: org_snapshot(api) for tenant, api in orgs.api.items()}
    # The snapshot sees what the stack made (so equality after destroy is not vacuous).
    for key in ("oauthClients", "groups", "integrations", "credentials"):
        assert any(before[t][key] != deployed.baseline[t][key] for t in TENANTS), key
    result = _stack(deployed, orgs).destroy()
    assert set(result.change_summary) == {Op.DELETE}
    for tenant, api in orgs.api.items():
        assert org_snapshot(api) == deployed.baseline[tenant], tenant
    assert all(len(deployed.baseline[t]["roles"]) > 3 for t in TENANTS)  # a seeded org, not an empty one
