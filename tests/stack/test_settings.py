"""Stack settings (`components.settings`) on the dev stack's own config, changed one field at a time.

Each rule must fail with one line naming the YAML path the user wrote and the fix, and never echo
a value; the example production stacks must stay valid once their secrets are set.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from components.settings import (
    NAMESPACE,
    SettingsError,
    TenantSettings,
    parse_settings,
    section_models,
)
from components.tenant import COMPONENTS
from gcx.devstack import EMULATOR_KEY, TENANT_FIELDS
from gcx.engine.workspace import Workspace
from tests.stack.conftest import DEV_PASSPHRASE, ROOT, STACK

Config = dict[str, Any]
EXAMPLES = sorted((ROOT / "examples").glob("Pulumi.prod-*.yaml"))


@pytest.fixture(scope="module")
def dev_config() -> tuple[Config, Config]:
    """The dev stack's `tenants` and decrypted `tenantSecrets`."""
    values = Workspace(ROOT, env={"PULUMI_CONFIG_PASSPHRASE": DEV_PASSPHRASE}).config(STACK).values
    return (
        json.loads(values[f"{NAMESPACE}:tenants"]),
        json.loads(values[f"{NAMESPACE}:tenantSecrets"]),
    )


def _parse(tenants: Config, secrets: Config) -> Any:
    return parse_settings(json.dumps(tenants), json.dumps(secrets), ROOT)


def _problems(
    dev_config: tuple[Config, Config],
    change: Callable[[Config], Any],
    change_secrets: Callable[[Config], Any] | None = None,
) -> list[str]:
    tenants, secrets = copy.deepcopy(dev_config[0]), copy.deepcopy(dev_config[1])
    change(tenants)
    if change_secrets is not None:
        change_secrets(secrets)
    with pytest.raises(SettingsError) as raised:
        _parse(tenants, secrets)
    assert str(raised.value).splitlines()[1:] == [f"  {p}" for p in raised.value.problems]
    return [str(p) for p in raised.value.problems]


def test_the_dev_stack_config_is_valid_and_uses_every_component(dev_config):
    settings = _parse(*dev_config)
    assert set(settings.tenants) == {"acme-eu", "globex-us"}
    used = {key for tenant in settings.tenants.values() for key in tenant.sections()}
    assert (
        used
        == set(section_models())
        == {
            "eightByEight",
            "unifiedCommunications",
            "ucModel",
            "emite",
            "hybrid",
            "pureConnect",
        }
    )
    # Two regions, both with an eMite code, and the tenant's values handed down to its sections.
    acme, globex = settings.tenants["acme-eu"], settings.tenants["globex-us"]
    assert (acme.emite.region_code, globex.emite.region_code) == ("eu", "useast")
    assert acme.emite.org_short_name == "acmeeu" and acme.hybrid.region == "eu-west-1"
    # Every section that reaches the API gets the tenant's connection, built from the same values.
    assert globex.pure_connect.connection == globex.connection
    assert acme.hybrid.connection.aws_region == "eu-west-1"
    assert acme.hybrid.connection.oauthclient_id == acme.oauth_client_id == "acme-eu-deployer"
    assert acme.connection.oauthclient_secret == acme.oauth_client_secret.get_secret_value()
    # Secrets never show in a repr.
    secret = dev_config[1]["acme-eu"]["oauthClientSecret"]
    assert secret not in repr(acme) and secret not in repr(acme.connection) and secret not in repr(acme.emite)
    webhook = dev_config[1]["globex-us"]["pureConnect"]["smsNumbers"][0]["webhookPassword"]
    assert webhook not in repr(globex.pure_connect)
    # The tenant stack knows which component takes each section's Args.
    assert {type(args) for t in settings.tenants.values() for args in t.sections().values()} <= set(
        COMPONENTS
    )


RULES = [
    pytest.param(
        lambda t: t["globex-us"].update(region="sa-east-1"),
        "tenants.globex-us.region: eMite publishes no region code for 'sa-east-1'; eMite serves: us-east-1,",
        id="region-without-emite-code",
    ),
    pytest.param(
        lambda t: t["acme-eu"].update(orgShortName="AcmeEU"),
        "tenants.acme-eu.orgShortName: organization short name 'AcmeEU' must be lower case letters and "
        "digits, without spaces or special characters, exactly as Organization Settings shows it; did you "
        "mean 'acmeeu'?",
        id="upper-case-short-name",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["emite"].update(orgShortName="Acme-EU"),
        "tenants.acme-eu.emite.orgShortName: organization short name 'Acme-EU' must be lower case",
        id="upper-case-short-name-in-section",
    ),
    pytest.param(
        lambda t: t["globex-us"]["pureConnect"]["messagingClient"].update(tokenLifetimeSeconds=300),
        "tenants.globex-us.pureConnect.messagingClient.tokenLifetimeSeconds: 300 s is outside what CIC's "
        "Manage Client Configuration accepts: between 10 minutes and 48 hours",
        id="messaging-token-lifetime",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["eightByEight"].update(presenceTokenValiditySeconds=172801),
        "tenants.acme-eu.eightByEight.presenceTokenValiditySeconds: Input should be less than or equal to "
        "172800",
        id="presence-token-lifetime",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["ucModel"]["segments"][1].update(ringsOn="genesys-cloud"),
        "tenants.acme-eu.ucModel.segments[1].ringsOn: a uc-only segment must ring on the UC platform",
        id="contradictory-uc-segment",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["ucModel"]["segments"][2]["phoneMappings"].append(
            {"source": "ipPhone", "scimType": "other"}
        ),
        "tenants.acme-eu.ucModel.segments[2].phoneMappings: telephoneNumber and ipPhone all map into Other "
        "Phone, which holds one number",
        id="two-sources-in-other-phone",
    ),
    pytest.param(
        lambda t: t["globex-us"].update(
            ucModel={
                "segments": [
                    {"name": "agents", "userType": "gc-only", "ringsOn": "genesys-cloud"},
                    {
                        "name": "teams-only",
                        "userType": "uc-only",
                        "ringsOn": "uc-platform",
                        "ucVendor": "microsoft-teams",
                        "phoneMappings": [{"source": "telephoneNumber", "scimType": "microsoftteams"}],
                    },
                ]
            }
        ),
        "tenants.globex-us.ucModel.segments[1].phoneMappings[0]: this segment maps a number into Other "
        "Phone, and PureConnect writes the Fax of maria.garcia@globex.example into Other Phone too "
        "(pureConnect.cicExport)",
        id="pureconnect-fax-vs-uc-segment",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["emite"].update(region="us-east-1"),
        "tenants.acme-eu.emite.region: 'us-east-1' differs from the tenant's region 'eu-west-1'",
        id="section-contradicts-tenant",
    ),
    pytest.param(
        lambda t: t["acme-eu"].update(emitte={}),
        "tenants.acme-eu.emitte: unknown setting; check the spelling (settings here: region, orgShortName,",
        id="misspelt-section",
    ),
    pytest.param(
        lambda t: t["acme-eu"]["emite"].update(connection={"aws_region": "eu-west-1"}),
        "tenants.acme-eu.emite.connection: is set by the tenant from its region, oauthClientId and "
        "oauthClientSecret; remove it",
        id="connection-in-config",
    ),
    pytest.param(
        lambda t: t["globex-us"]["pureConnect"].update(cicExport="examples/no-such-export.yaml"),
        "tenants.globex-us.pureConnect.cicExport: ",
        id="missing-cic-export",
    ),
]


@pytest.mark.parametrize(("change", "expected"), RULES)
def test_each_rule_names_the_yaml_path_and_the_fix(dev_config, change, expected):
    problems = _problems(dev_config, change)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{NAMESPACE}:{expected}"), problems[0]


def test_tenant_names_must_be_usable_in_resource_names(dev_config):
    problems = _problems(
        dev_config,
        lambda t: t.update({"Acme EU": t.pop("acme-eu")}),
        lambda s: s.update({"Acme EU": s.pop("acme-eu")}),
    )
    assert problems == [
        f"{NAMESPACE}:tenants.Acme EU: tenant names must be 1-40 lower-case letters, digits and inner "
        "hyphens (they name resources and the --tenant option), e.g. acme-eu"
    ]


def test_problems_in_several_places_are_reported_together(dev_config):
    def change(t: Config) -> None:
        t["globex-us"]["region"] = "sa-east-1"
        t["acme-eu"]["ucModel"]["segments"][1]["ringsOn"] = "genesys-cloud"

    problems = _problems(dev_config, change)
    assert [p.split(":")[1].split(" ")[0] for p in problems] == [
        "tenants.acme-eu.ucModel.segments[1].ringsOn",
        "tenants.globex-us.region",
    ]


def test_secrets_live_in_tenant_secrets_only(dev_config):
    leaked = "plain-text-secret-123"
    problems = _problems(dev_config, lambda t: t["acme-eu"].update(oauthClientSecret=leaked))
    assert problems == [
        f"{NAMESPACE}:tenants.acme-eu.oauthClientSecret: is a secret and must not be stored in plain text: "
        "remove it here and run `gcx config set --secret --path 'tenantSecrets.acme-eu.oauthClientSecret' "
        "VALUE`"
    ]
    problems = _problems(dev_config, lambda t: None, lambda s: s["acme-eu"].update(orgName="Acme"))
    assert problems == [
        f"{NAMESPACE}:tenantSecrets.acme-eu.orgName: is not a secret setting; move it to "
        "tenants.acme-eu.orgName (secret settings: oauthClientSecret, privateKeyPem, webhookPassword)"
    ]


def test_a_missing_secret_says_how_to_set_it(dev_config):
    problems = _problems(
        dev_config, lambda t: None, lambda s: s["globex-us"]["pureConnect"]["smsNumbers"].pop()
    )
    path = "tenantSecrets.globex-us.pureConnect.smsNumbers[1].webhookPassword"
    assert problems == [
        f"{NAMESPACE}:{path}: required secret; set it with `gcx config set --secret --path '{path}' VALUE`"
    ]


def test_secrets_pair_with_tenants_and_list_entries_by_position(dev_config):
    def extra(s: Config) -> None:
        s["initech"] = {"oauthClientSecret": "x" * 20}
        s["globex-us"]["pureConnect"]["smsNumbers"].append({"webhookPassword": "y" * 12})

    problems = _problems(dev_config, lambda t: None, extra)
    assert problems == [
        f"{NAMESPACE}:tenantSecrets.globex-us.pureConnect.smsNumbers: has 3 entries but "
        "tenants.globex-us.pureConnect.smsNumbers has 2; entries pair up by position",
        f"{NAMESPACE}:tenantSecrets.initech: no tenant 'initech' in tenants; add it there or remove this",
    ]


def test_errors_never_echo_secret_values(dev_config):
    key = "-----BEGIN PRIVATE KEY-----\nnot-really-a-key-0123456789\n-----END PRIVATE KEY-----\n"
    secret = "ZZ-not-a-password-ZZ"

    def bad_secrets(s: Config) -> None:
        s["acme-eu"]["hybrid"] = {"saml": {"privateKeyPem": key}}
        s["globex-us"]["pureConnect"]["smsNumbers"][0]["webhookPassword"] = [secret]

    problems = _problems(dev_config, lambda t: None, bad_secrets)
    text = "\n".join(problems)
    assert "not-really-a-key" not in text and secret not in text
    assert any("tenants.acme-eu.hybrid.saml" in p and "go together" in p for p in problems)
    assert any("smsNumbers[0].webhookPassword" in p for p in problems)


def test_settings_errors_are_pulumi_run_errors_listing_every_line():
    with pytest.raises(SettingsError) as raised:
        parse_settings(None, None, ROOT)
    assert isinstance(raised.value, pulumi.RunError)
    assert str(raised.value) == (
        "the stack config has 1 problem; nothing was deployed:\n"
        f"  {NAMESPACE}:tenants: required; describe each tenant under {NAMESPACE}:tenants "
        "(see Pulumi.dev.yaml)"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_production_examples_are_valid_once_their_secrets_are_set(example: Path):
    config = yaml.safe_load(example.read_text())["config"]
    assert EMULATOR_KEY not in config  # real orgs
    assert f"{NAMESPACE}:tenantSecrets" not in config  # secrets are set with `config set --secret`
    tenants = config[f"{NAMESPACE}:tenants"]
    secrets: Config = {name: {"oauthClientSecret": "set-with-config-set"} for name in tenants}
    for name, tenant in tenants.items():
        numbers = (tenant.get("pureConnect") or {}).get("smsNumbers", [])
        if numbers:
            secrets[name]["pureConnect"] = {"smsNumbers": [{"webhookPassword": "pw-123456"} for _ in numbers]}
        assert f"tenantSecrets.{name}.oauthClientSecret" in example.read_text()  # the command is shown
    settings = parse_settings(json.dumps(tenants), json.dumps(secrets), ROOT)
    assert set(settings.tenants) == set(tenants)


def test_the_dev_stack_reads_the_tenant_settings_the_program_validates():
    aliases = {field.alias for field in TenantSettings.model_fields.values()}
    assert set(TENANT_FIELDS) <= aliases
