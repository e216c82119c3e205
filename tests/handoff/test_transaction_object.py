"""The transaction-object spec, its renderers, and `gcx transaction-object` on a deployed stack."""

from __future__ import annotations

import json
import stat
import textwrap
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from gcx.cli import app
from gcx.cli.transaction_object_cmd import spec_from_outputs
from gcx.engine.api import Stack
from gcx.engine.errors import EngineError
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace
from gcx.handoff import HandoffNotFoundError, handoff_at
from gcx.handoff.transaction_object import (
    MULTI_TENANT_READ_ACCESS_WARNING,
    Placement,
    TransactionObjectSpec,
    render_annex_cfg,
    render_checklist_md,
    render_files,
    render_json,
    render_options_cfg,
)

SECRETS = {
    "pkey": "UEtFWS1CQVNFNjQ=",
    "key_password": "Key-Pass-1234",
    "wde": "wde-secret",
    "ewt": "ewt-secret",
}
OPTIONS = {
    "general": {
        "organization_sname": "acme",
        "organization_id": "org-42",
        "default_agent_role_name": "employee",
        "default_admin_role_name": "admin",
        "base_auth_url": "https://login.mypurecloud.com.au/oauth/token",
        "base_service_url": "https://api.mypurecloud.com.au/api/",
    },
    "saml": {
        "issuer": "https://www.genesys.com/pureengage",
        "certificate": "Q0VSVA==",
        "pkey": SECRETS["pkey"],
        "password": SECRETS["key_password"],
        "expire_time": "24",
    },
    "saml_auth": {"client_id": "wde-id", "password": SECRETS["wde"]},
    "ewt": {"client_id": "ewt-id", "password": SECRETS["ewt"]},
}
ANNEX = {"general": {"organization_domain_suffix": "com"}}


def _spec(placement: Placement | None = None, **sections: dict[str, str]) -> TransactionObjectSpec[str]:
    return TransactionObjectSpec[str].build(placement or Placement(), {**OPTIONS, **sections}, ANNEX)


def _has_no_secret(text: str) -> bool:
    return not any(secret in text for secret in SECRETS.values())


# --- the model --------------------------------------------------------------------------------


def test_the_spec_has_the_documented_identity_and_round_trips_through_json():
    spec = _spec()
    document = json.loads(render_json(spec, show_secrets=True))
    assert {k: document[k] for k in ("object", "type", "name", "alias")} == {
        "object": "CfgTransaction",
        "type": "CFGTRTList",
        "name": "hybrid_integration",
        "alias": "hybrid_integration",
    }
    assert document["placement"] == {
        "deployment": "single-tenant",
        "tenant": "Environment",
        "folder": "Transactions",
    }
    assert document["annex"] == ANNEX and "organization_domain_suffix" not in document["options"]["general"]
    assert TransactionObjectSpec[str].model_validate(document) == spec


def test_the_model_refuses_other_objects_and_non_text_values_without_echoing_them():
    document = json.loads(render_json(_spec(), show_secrets=True))
    with pytest.raises(ValidationError, match="type"):
        TransactionObjectSpec[str].model_validate({**document, "type": "CFGTRTScript"})
    bad = {**document, "options": {**document["options"], "saml": {"password": 1234567}}}
    with pytest.raises(ValidationError) as caught:
        TransactionObjectSpec[str].model_validate(bad)
    assert [e["loc"] for e in caught.value.errors()] == [("options", "saml", "password")]
    assert "1234567" not in str(caught.value)


def test_placement_rules():
    assert Placement(tenant="Resources").warnings() == ()
    multi = Placement(deployment="multi-tenant", tenant="Acme")
    assert multi.warnings() == (MULTI_TENANT_READ_ACCESS_WARNING,)
    with pytest.raises(ValidationError, match=r"placement\.tenant: a multi-tenant deployment"):
        Placement(deployment="multi-tenant")
    with pytest.raises(ValidationError, match="tenant"):
        Placement(tenant="")


def test_the_region_comes_from_the_auth_url():
    assert _spec().region().aws_region == "ap-southeast-2"
    spec = _spec(general={"organization_id": "x"})
    with pytest.raises(ValueError, match="base_auth_url"):
        spec.region()


# --- renderers --------------------------------------------------------------------------------


def test_json_masks_exactly_the_secret_options():
    document = json.loads(render_json(_spec()))
    masked = {
        f"{section}/{name}"
        for section, values in document["options"].items()
        for name, value in values.items()
        if value == "[secret]"
    }
    assert masked == {"saml/pkey", "saml/password", "saml_auth/password", "ewt/password"}
    assert document["options"]["saml_auth"]["client_id"] == "wde-id"
    assert _has_no_secret(render_json(_spec()))
    assert SECRETS["ewt"] in render_json(_spec(), show_secrets=True)


def test_cfg_files_are_ini_sections_with_the_unverified_header():
    options = render_options_cfg(_spec(), show_secrets=True)
    annex = render_annex_cfg(_spec(), show_secrets=True)
    for text in (options, annex):
        header = [line for line in text.splitlines() if line.startswith("#")]
        assert any("UNVERIFIED" in line for line in header)
        assert "hybrid_integration" in header[0]
    body = [line for line in options.splitlines() if line and not line.startswith("#")]
    assert body[:3] == ["[general]", "organization_sname=acme", "organization_id=org-42"]
    assert "[saml]" in body and f"password={SECRETS['key_password']}" in body
    assert "[ewt]" in body and f"password={SECRETS['ewt']}" in body
    assert "organization_domain_suffix" not in options
    assert [line for line in annex.splitlines() if line and not line.startswith("#")] == [
        "[general]",
        "organization_domain_suffix=com",
    ]
    assert _has_no_secret(render_options_cfg(_spec()))
    assert "password=[secret]" in render_options_cfg(_spec())


def test_cfg_refuses_a_value_that_would_break_the_line_format():
    spec = _spec(ewt={"client_id": "a\nb"})
    with pytest.raises(ValueError, match="option ewt/client_id holds a line break"):
        render_options_cfg(spec)


def test_checklist_walks_through_gax_with_every_option_and_the_firewall_hosts():
    text = render_checklist_md(_spec())
    for step in ("## 1. Where to create it", "## 2. Create the object", "## 3. Options", "## 4. Annex"):
        assert step in text
    assert "Single-tenant deployment" in text and "tenant **Environment**, folder **Transactions**" in text
    assert "Name: `hybrid_integration`" in text and "Type: **List**" in text
    for section, values in OPTIONS.items():
        assert f"### Section `{section}`" in text
        for name in values:
            assert f"| `{name}` |" in text
    assert "| `organization_domain_suffix` | `com` |" in text
    for host in ("login.mypurecloud.com.au", "api.mypurecloud.com.au", "apps.mypurecloud.com.au"):
        assert f"`{host}`" in text
    assert "openssl rsa -in key.pem -out key.pem.enc -aes256" in text
    assert MULTI_TENANT_READ_ACCESS_WARNING not in text
    assert _has_no_secret(text) and "--show-secrets" in text
    shown = render_checklist_md(_spec(), show_secrets=True)
    assert f"| `password` | `{SECRETS['key_password']}` |" in shown and "--show-secrets" not in shown


def test_checklist_for_a_multi_tenant_deployment_warns_about_read_access():
    text = render_checklist_md(_spec(Placement(deployment="multi-tenant", tenant="Acme", folder="Hybrid")))
    assert "Multi-tenant deployment" in text and "tenant **Acme**, folder **Hybrid**" in text
    assert f"> **Warning:** {MULTI_TENANT_READ_ACCESS_WARNING}" in text


def test_a_pipe_in_a_value_does_not_break_the_markdown_table():
    text = render_checklist_md(_spec(ewt={"client_id": "a|b", "password": "x"}), show_secrets=True)
    assert "| `client_id` | `a\\|b` |" in text


def test_render_files_names_the_files_per_format():
    assert list(render_files(_spec(), "json")) == ["hybrid_integration.json"]
    assert list(render_files(_spec(), "cfg")) == [
        "hybrid_integration.options.cfg",
        "hybrid_integration.annex.cfg",
    ]
    assert list(render_files(_spec(), "md")) == ["hybrid_integration.md"]
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render_files(_spec(), "xml")


# --- finding the spec in stack outputs --------------------------------------------------------


def _outputs(tenants: dict[str, Any]) -> dict[str, Any]:
    return {"tenants": tenants, "other": 1}


def test_the_spec_is_found_under_tenants_tenant_hybrid():
    document = json.loads(render_json(_spec(), show_secrets=True))
    spec = spec_from_outputs(_outputs({"acme": {"hybrid": {"transactionObject": document}}}), "acme")
    assert spec == _spec()


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ({}, "the stack outputs has no 'tenants' (it has: nothing)"),
        (
            _outputs({"beta": {}}),
            "tenants has no 'acme' (it has: beta); pass a tenant of this stack with --tenant",
        ),
        (_outputs({"acme": {"emite": {}}}), "tenants.acme has no 'hybrid' (it has: emite)"),
        (_outputs({"acme": "[secret]"}), "tenants.acme is stored as one secret"),
        (
            _outputs({"acme": {"hybrid": {"transactionObject": {"object": "x"}}}}),
            "is not a transaction object spec",
        ),
    ],
)
def test_missing_or_unusable_outputs_say_what_is_wrong(outputs: dict[str, Any], message: str):
    with pytest.raises(EngineError) as caught:
        spec_from_outputs(outputs, "acme")
    assert message in str(caught.value)


def test_handoff_at_follows_any_path():
    assert handoff_at({"a": {"t1": {"b": 3}}}, ("a", "{tenant}", "b"), "t1") == 3
    with pytest.raises(HandoffNotFoundError, match=r"a\.t1 has no 'c'"):
        handoff_at({"a": {"t1": {"b": 3}}}, ("a", "{tenant}", "c"), "t1")


# --- the command on a deployed stack ----------------------------------------------------------

PASSPHRASE = "gcx-transaction-object-tests"
PROGRAM = """
import pulumi

from gcx.handoff.transaction_object import Placement, TransactionObjectSpec

options = {options}
for section, name in [("saml", "pkey"), ("saml", "password"), ("saml_auth", "password"), ("ewt", "password")]:
    options[section][name] = pulumi.Output.secret(options[section][name])
spec = TransactionObjectSpec.build(Placement(deployment="multi-tenant", tenant="Acme"), options, {annex})
pulumi.export("tenants", {{"acme": {{"hybrid": {{"transactionObject": spec.document()}}}}}})
"""


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project whose `dev` stack exports one tenant's spec, secret leaves encrypted in state."""
    root = tmp_path_factory.mktemp("transaction-object")
    project = root / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: mcx\nruntime: python\n")
    (project / "__main__.py").write_text(
        textwrap.dedent(PROGRAM.format(options=repr(OPTIONS), annex=repr(ANNEX)))
    )
    salt = PassphraseCrypter.new(PASSPHRASE).salt_state
    (project / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {salt}\n")
    env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{root / 'state'}"}
    workspace = Workspace(project, env=env)
    workspace.create_stack("dev")
    Stack(workspace, "dev", registry=ProviderRegistry()).up()
    state = "\n".join(p.read_text() for p in (root / "state").rglob("*") if p.is_file())
    assert _has_no_secret(state)  # the secret leaves are encrypted in the checkpoint
    return project, env


def _gcx(deployed: tuple[Path, dict[str, str]], *args: str) -> Any:
    project, env = deployed
    return CliRunner().invoke(
        app, ["transaction-object", "--stack", "dev", "--cwd", str(project), *args], env=env
    )


def test_command_prints_the_checklist_with_secrets_masked(deployed):
    result = _gcx(deployed, "--tenant", "acme")
    assert result.exit_code == 0, result.output
    assert "# Genesys Multicloud CX: the `hybrid_integration` transaction object" in result.output
    assert "tenant **Acme**" in result.output and MULTI_TENANT_READ_ACCESS_WARNING in result.output
    assert "| `password` | `[secret]` |" in result.output
    assert _has_no_secret(result.output)


def test_command_shows_secrets_only_when_asked(deployed):
    result = _gcx(deployed, "--tenant", "acme", "--format", "json", "--show-secrets")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["options"]["saml"]["password"] == SECRETS["key_password"]
    assert document["options"]["ewt"]["password"] == SECRETS["ewt"]
    masked = json.loads(_gcx(deployed, "--tenant", "acme", "--format", "json").output)
    assert masked["options"]["saml"]["pkey"] == "[secret]" and masked["options"]["saml"]["issuer"]


def test_command_writes_cfg_files_owner_only_when_they_hold_secrets(deployed, tmp_path: Path):
    out = tmp_path / "out"
    result = _gcx(deployed, "--tenant", "acme", "--format", "cfg", "--output", str(out), "--show-secrets")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "hybrid_integration.annex.cfg",
        "hybrid_integration.options.cfg",
    ]
    assert f"password={SECRETS['ewt']}" in (out / "hybrid_integration.options.cfg").read_text()
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _has_no_secret(result.output)  # only the file names are printed

    masked = tmp_path / "masked"
    assert _gcx(deployed, "--tenant", "acme", "--format", "cfg", "--output", str(masked)).exit_code == 0
    assert _has_no_secret((masked / "hybrid_integration.options.cfg").read_text())


def test_command_names_the_tenants_it_knows(deployed):
    result = _gcx(deployed, "--tenant", "nope")
    assert result.exit_code == 1
    assert "tenants has no 'nope' (it has: acme)" in result.output


def test_command_reports_an_unwritable_output_directory(deployed, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = _gcx(deployed, "--tenant", "acme", "--format", "json", "--output", str(blocker))
    assert result.exit_code == 1
    assert f"cannot write into {blocker}" in result.output
