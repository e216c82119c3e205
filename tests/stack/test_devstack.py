"""`gcx.devstack.emulator_environment`: the embedded emulator of a dev stack and its orgs.

The orgs are made from the stack's own tenant settings (the deploy client from its secret
config logs in unchanged), persist in the project's emulator database, and are found again on
the next run; a stack of real orgs gets no emulator; bad tenant facts name their YAML path.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest

from gcx.devstack import (
    DEFAULT_DB,
    EMULATOR_DB_KEY,
    EMULATOR_KEY,
    DevStackError,
    DevTenant,
    emulator_environment,
)
from tests.stack.conftest import STACK, DevProject, sdk_client


@pytest.fixture
def project(tmp_path: Path) -> DevProject:
    return DevProject(tmp_path)


def _start(project: DevProject) -> None:
    with emulator_environment(project.workspace, STACK):
        pass


def _orgs(env: dict[str, str]) -> list[dict[str, str]]:
    url = f"http://{env['GENESYSCLOUD_GATEWAY_HOST']}:{env['GENESYSCLOUD_GATEWAY_PORT']}"
    return httpx.get(f"{url}/_emulator/orgs", timeout=10).json()["entities"]


def test_the_dev_orgs_are_created_once_and_kept_in_the_project(project):
    reports: list[tuple[str, bool]] = []

    def report(tenant: DevTenant, created: bool) -> None:
        reports.append((tenant.name, created))

    tenants = project.tenants()
    with emulator_environment(project.workspace, STACK, on_org=report) as env:
        assert env["GENESYSCLOUD_GATEWAY_PROTOCOL"] == "http"
        first = {o["shortName"]: o for o in _orgs(env)}
        # The tenant's own deploy client (id and secret from the stack config) logs in to its org.
        api = sdk_client(env, tenants["acme-eu"])
        me = sdk.OrganizationApi(api).get_organizations_me()
        assert (me.name, me.third_party_org_name) == ("Acme Europe", "acmeeu")
    assert reports == [("acme-eu", True), ("globex-us", True)]
    assert {name: (o["region"], o["name"]) for name, o in first.items()} == {
        "acmeeu": ("eu-west-1", "Acme Europe"),
        "globexus": ("us-east-1", "Globex Americas"),
    }
    assert (project.dir / DEFAULT_DB).is_file()

    reports.clear()
    with emulator_environment(project.workspace, STACK, on_org=report) as env:
        again = {o["shortName"]: o for o in _orgs(env)}
        assert (
            sdk.OrganizationApi(sdk_client(env, tenants["globex-us"])).get_organizations_me().id
            == (first["globexus"]["orgId"])
        )
    assert reports == [("acme-eu", False), ("globex-us", False)]
    assert again == first


def test_a_stack_of_real_orgs_gets_no_emulator(project):
    project.remove(EMULATOR_KEY)
    with emulator_environment(project.workspace, STACK) as env:
        assert env == {}
    assert not (project.dir / ".gcx").exists()


def test_the_database_path_comes_from_the_stack_config(project):
    project.set(EMULATOR_DB_KEY, "state/orgs.db")
    with emulator_environment(project.workspace, STACK) as env:
        assert len(_orgs(env)) == 2
    assert (project.dir / "state" / "orgs.db").is_file()
    assert not (project.dir / DEFAULT_DB).exists()


def test_only_the_embedded_emulator_is_supported(project):
    project.set(EMULATOR_KEY, "remote")
    with pytest.raises(DevStackError, match=r"gcx:emulator: 'remote' is not supported; use 'embedded'"):
        _start(project)


def test_an_org_kept_in_another_region_is_an_error(project):
    _start(project)
    project.set("genesys-integrations:tenants.acme-eu.region", "eu-west-2")
    with pytest.raises(DevStackError) as raised:
        _start(project)
    assert str(raised.value).startswith(
        "genesys-integrations:tenants.acme-eu.region: the emulator's org 'acmeeu' is in eu-west-1, "
        "not eu-west-2"
    )


def test_what_the_emulator_refuses_names_the_tenant_setting(project):
    project.set("genesys-integrations:tenants.acme-eu.orgShortName", "Acme")
    with pytest.raises(DevStackError) as raised:
        _start(project)
    assert str(raised.value).startswith(
        "genesys-integrations:tenants.acme-eu.orgShortName: the emulator refused the tenant's org: shortName "
        "'Acme' must be lower-case letters and digits only"
    )

    project.set("genesys-integrations:tenants.acme-eu.orgShortName", "acmeeu")
    project.set("genesys-integrations:tenants.globex-us.oauthClientId", "acme-eu-deployer")
    with pytest.raises(DevStackError) as raised:
        _start(project)
    assert str(raised.value) == (
        "genesys-integrations:tenants.globex-us.oauthClientId: the emulator refused the tenant's org: The "
        "OAuth client id 'acme-eu-deployer' is already in use."
    )


def test_a_tenant_without_its_deploy_secret_cannot_get_an_org(project):
    project.remove("genesys-integrations:tenantSecrets.globex-us.oauthClientSecret")
    with pytest.raises(DevStackError) as raised:
        _start(project)
    assert str(raised.value) == (
        "the dev stack cannot create its emulator orgs:\n"
        "  genesys-integrations:tenantSecrets.globex-us.oauthClientSecret: required to create the tenant's "
        "emulator org"
    )
    assert not (project.dir / DEFAULT_DB).exists()


@pytest.mark.slow
def test_plain_gcx_preview_runs_an_embedded_emulator_stack_against_its_emulator(project):
    """`gcx preview --stack dev` (not only `gcx demo`) starts the emulator the stack names."""
    project.init_stack()
    result = project.gcx("preview", "--stack", STACK, "--non-interactive")
    assert result.exit_code == 0, result.output
    assert "+ 70 to create" in result.output
    assert (project.dir / ".gcx" / "emulator.db").is_file()
    # The orgs it ensured are kept: a second command finds them instead of creating them again.
    again = project.gcx("preview", "--stack", STACK, "--non-interactive")
    assert again.exit_code == 0, again.output
